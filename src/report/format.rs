//! The one place numbers become text.
//!
//! The csv crate alone writes `1e-7`, `0.3333333333333333`, `NaN` and `inf`;
//! spreadsheets and pandas want none of that. Every float in every report goes
//! through [`fmt_float`]:
//!
//! * not finite (undefined) → empty cell;
//! * `|x| ≥ 0.01` (and below 10^15) → fixed point with 6 decimals, trailing
//!   zeros removed (`3.155748`, `300`, `0.5`);
//! * smaller non-zero values → scientific with 6 significant decimals,
//!   trailing zeros removed (`8.5e-5`, `1.234568e-300`), so tiny p-values
//!   are printed, not rounded to 0;
//! * zero (and `-0`) → `0`.

use serde::{Serialize, Serializer};

/// Format a float for a report cell (see the module docs).
pub fn fmt_float(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let a = x.abs();
    if let Some(fast) = fixed6_fast(x) {
        return fast;
    }
    if (0.01..1e15).contains(&a) {
        let s = format!("{x:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    } else {
        let s = format!("{x:.6e}");
        match s.split_once('e') {
            Some((mantissa, exp)) => {
                let m = mantissa.trim_end_matches('0').trim_end_matches('.');
                format!("{m}e{exp}")
            }
            None => s,
        }
    }
}

/// `format!("{x:.6}")` with trailing zeros trimmed, computed with integer
/// arithmetic for 0.01 ≤ |x| < 10^6, where it is exact: x·10^6 is then below
/// 10^12, its rounding error below 2·10^-4, so unless the fraction is within
/// 10^-3 of a half (then `None`: the caller formats it the slow way), rounding
/// the computed product gives the same integer as rounding the exact value.
/// Tested against `format!` on random values.
fn fixed6_fast(x: f64) -> Option<String> {
    let a = x.abs();
    if !(0.01..1e6).contains(&a) {
        return None;
    }
    let scaled = a * 1e6;
    let frac = scaled - scaled.floor();
    if (frac - 0.5).abs() < 1e-3 {
        return None;
    }
    let n = scaled.round() as u64;
    let (int, mut dec) = (n / 1_000_000, n % 1_000_000);
    let mut out = String::with_capacity(16);
    if x < 0.0 {
        out.push('-');
    }
    let mut ibuf = itoa::Buffer::new();
    out.push_str(ibuf.format(int));
    if dec != 0 {
        let mut width = 6;
        while dec % 10 == 0 {
            dec /= 10;
            width -= 1;
        }
        out.push('.');
        let digits = ibuf.format(dec);
        for _ in digits.len()..width {
            out.push('0');
        }
        out.push_str(digits);
    }
    Some(out)
}

/// A float cell: serialised through [`fmt_float`]; `None` or non-finite is
/// an empty cell.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Float(pub Option<f64>);

impl From<f64> for Float {
    fn from(x: f64) -> Self {
        Float(Some(x))
    }
}

impl From<Option<f64>> for Float {
    fn from(x: Option<f64>) -> Self {
        Float(x)
    }
}

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.map(fmt_float).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slow path alone, for comparison.
    fn slow(x: f64) -> String {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }

    proptest::proptest! {
        #[test]
        fn fast_fixed_point_equals_format(x in -1e6f64..1e6, k in 0u64..2_000_000) {
            if let Some(fast) = fixed6_fast(x) {
                proptest::prop_assert_eq!(fast, slow(x));
            }
            // values on the half-way points of the 6th decimal (odd k), on the
            // grid itself (even k), and just beside them, with integer parts
            let grid = k as f64 / 2e6 + (k % 997) as f64;
            for y in [grid, -grid, grid + 1e-9, grid - 1e-9] {
                if let Some(fast) = fixed6_fast(y) {
                    proptest::prop_assert_eq!(fast, slow(y));
                }
            }
        }
    }

    #[test]
    fn formats() {
        assert_eq!(fmt_float(3.1557481), "3.155748");
        assert_eq!(fmt_float(300.0), "300");
        assert_eq!(fmt_float(0.5), "0.5");
        assert_eq!(fmt_float(-0.689423), "-0.689423");
        assert_eq!(fmt_float(0.0), "0");
        assert_eq!(fmt_float(-0.0), "0");
        assert_eq!(fmt_float(0.008292), "8.292e-3");
        assert_eq!(fmt_float(1e-300), "1e-300");
        assert_eq!(fmt_float(1.2345678e-300), "1.234568e-300");
        assert_eq!(fmt_float(f64::NAN), "");
        assert_eq!(fmt_float(f64::INFINITY), "");
        assert_eq!(fmt_float(1e20), "1e20");
        assert_eq!(fmt_float(-0.0000001), "-1e-7");
        assert_eq!(fmt_float(0.01), "0.01");
        // rounding that lands on zero decimals
        assert_eq!(fmt_float(2.0000001), "2");
    }
}
