//! The one place numbers become text.
//!
//! The csv crate alone writes `1e-7`, `0.3333333333333333`, `NaN` and `inf`;
//! spreadsheets and pandas want none of that. Every float in every report goes
//! through [`FloatBuf::format`] (or its wrappers [`write_float`],
//! [`fmt_float`] and [`Float`]):
//!
//! * not finite (undefined) → empty cell;
//! * `|x| ≥ 0.01` (and below 10^15) → fixed point with 6 decimals, trailing
//!   zeros removed (`3.155748`, `300`, `0.5`);
//! * smaller non-zero values → scientific with 6 significant decimals,
//!   trailing zeros removed (`8.5e-5`, `1.234568e-300`), so tiny p-values
//!   are printed, not rounded to 0;
//! * zero (and `-0`) → `0`.

use serde::{Serialize, Serializer};
use std::fmt::{self, Write as _};

/// Bytes of the longest cell: a sign, 15 integer digits, the point and 6
/// decimals (fixed point stops below 10^15); scientific cells are shorter
/// (`-1.234568e-308`).
const FLOAT_CELL: usize = 24;

/// `00`, `01`, …, `99`: the decimals are written two digits at a time.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

/// A float cell formatted on the stack, without a heap allocation (the
/// report tables hold millions of float cells).
#[derive(Debug, Clone, Copy)]
pub struct FloatBuf {
    bytes: [u8; FLOAT_CELL],
    len: usize,
}

impl Default for FloatBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl FloatBuf {
    /// An empty buffer.
    pub fn new() -> Self {
        FloatBuf {
            bytes: [0; FLOAT_CELL],
            len: 0,
        }
    }

    /// Format `x` for a report cell (see the module docs) and return the
    /// cell; the buffer is reused by the next call.
    pub fn format(&mut self, x: f64) -> &str {
        self.len = 0;
        self.fill(x);
        let cell = &self.bytes[..self.len];
        debug_assert!(cell.is_ascii());
        // SAFETY: the cell is ASCII, so UTF-8: `push` (private) is given
        // only ASCII constants, itoa's digits, the digit pairs and the text
        // of core's float formatting (digits, '-', '.', 'e'), and trimming
        // cuts right after an ASCII byte. The checked conversion cost a
        // fifth of the formatting (about 65 instructions a cell).
        unsafe { std::str::from_utf8_unchecked(cell) }
    }

    fn fill(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        if x == 0.0 {
            self.push(b"0");
            return;
        }
        if let Some(n) = fixed6_fast(x) {
            self.fixed6(x < 0.0, n);
        } else if (0.01..1e15).contains(&x.abs()) {
            self.fixed6_slow(x);
        } else {
            self.scientific(x);
        }
    }

    fn push(&mut self, s: &[u8]) {
        let end = self.len + s.len();
        self.bytes[self.len..end].copy_from_slice(s);
        self.len = end;
    }

    /// Write `±n / 10^6` with the decimals' trailing zeros (and a bare
    /// point) removed. The common cells are written in fixed-size pieces
    /// (a sign byte, two digits, the point and six decimals), each kept or
    /// not by the length that follows: no call to copy a few bytes.
    fn fixed6(&mut self, negative: bool, n: u64) {
        self.bytes[self.len] = b'-';
        self.len += usize::from(negative);
        let (int, dec) = (n / 1_000_000, (n % 1_000_000) as usize);
        // most cells (p-values, log-odds, z) have one or two integer digits
        if int < 100 {
            let at = self.len;
            self.bytes[at..at + 2].copy_from_slice(&DIGIT_PAIRS[int as usize]);
            if int < 10 {
                self.bytes[at] = self.bytes[at + 1];
            }
            self.len += 1 + usize::from(int >= 10);
        } else {
            self.push(itoa::Buffer::new().format(int).as_bytes());
        }
        if dec == 0 {
            return;
        }
        let mut point = [b'.'; 7];
        point[1..3].copy_from_slice(&DIGIT_PAIRS[dec / 10_000]);
        point[3..5].copy_from_slice(&DIGIT_PAIRS[dec / 100 % 100]);
        point[5..7].copy_from_slice(&DIGIT_PAIRS[dec % 100]);
        let at = self.len;
        self.bytes[at..at + 7].copy_from_slice(&point);
        self.len += trim_decimals(&point);
    }

    /// `format!("{x:.6}")` with the decimals' trailing zeros (and a bare
    /// point) removed.
    fn fixed6_slow(&mut self, x: f64) {
        // below 10^15 the text fits (see FLOAT_CELL)
        let _ = write!(self, "{x:.6}");
        self.len = trim_decimals(&self.bytes[..self.len]);
        if &self.bytes[..self.len] == b"-0" {
            self.len = 0;
            self.push(b"0");
        }
    }

    /// `format!("{x:.6e}")` with the mantissa's trailing zeros (and a bare
    /// point) removed.
    fn scientific(&mut self, x: f64) {
        // at most 14 bytes: `-d.dddddde-ddd`
        let _ = write!(self, "{x:.6e}");
        let Some(e) = self.bytes[..self.len].iter().position(|&b| b == b'e') else {
            return;
        };
        let end = trim_decimals(&self.bytes[..e]);
        self.bytes.copy_within(e..self.len, end);
        self.len -= e - end;
    }
}

impl fmt::Write for FloatBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.len + s.len() > FLOAT_CELL {
            return Err(fmt::Error);
        }
        self.push(s.as_bytes());
        Ok(())
    }
}

/// The length of `text` (a decimal number with a point) without its
/// trailing zeros and then a trailing point.
fn trim_decimals(text: &[u8]) -> usize {
    let mut end = text.len();
    while end > 0 && text[end - 1] == b'0' {
        end -= 1;
    }
    if end > 0 && text[end - 1] == b'.' {
        end -= 1;
    }
    end
}

/// Append the cell of `x` (see the module docs) to `out`: the whole buffer
/// is copied (a fixed size, so no call to copy a few bytes), then cut to
/// the cell.
#[inline]
pub fn write_float(out: &mut Vec<u8>, x: f64) {
    let mut buf = FloatBuf::new();
    let len = buf.format(x).len();
    let end = out.len() + len;
    out.extend_from_slice(&buf.bytes);
    out.truncate(end);
}

/// Format a float for a report cell (see the module docs).
pub fn fmt_float(x: f64) -> String {
    FloatBuf::new().format(x).to_string()
}

/// round(|x|·10^6) for 0.01 ≤ |x| < 10^6, computed in floating point where
/// that is exact: x·10^6 is then below 10^12, its rounding error below
/// 2·10^-4, so unless the fraction is within 10^-3 of a half (then `None`:
/// the caller formats it the slow way), rounding the computed product gives
/// the same integer as rounding the exact value. The product is at least
/// 10^4, so truncation is its floor. Tested against `format!` on random
/// values.
fn fixed6_fast(x: f64) -> Option<u64> {
    let a = x.abs();
    if !(0.01..1e6).contains(&a) {
        return None;
    }
    let scaled = a * 1e6;
    // below 2^53: the casts are exact (through i64: cheaper than u64)
    let floor = scaled as i64;
    let frac = scaled - floor as f64;
    if (frac - 0.5).abs() < 1e-3 {
        return None;
    }
    Some(floor as u64 + u64::from(frac > 0.5))
}

/// A float cell: serialised through [`FloatBuf`]; `None` or non-finite is
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
        let mut buf = FloatBuf::new();
        s.serialize_str(self.0.map_or("", |x| buf.format(x)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rules of the module docs through `format!` alone: the formatter
    /// before it wrote into a stack buffer.
    fn reference(x: f64) -> String {
        let trim = |s: &str| s.trim_end_matches('0').trim_end_matches('.').to_string();
        if !x.is_finite() {
            String::new()
        } else if x == 0.0 {
            "0".to_string()
        } else if (0.01..1e15).contains(&x.abs()) {
            trim(&format!("{x:.6}"))
        } else {
            let s = format!("{x:.6e}");
            let (mantissa, exp) = s.split_once('e').unwrap_or((&s, ""));
            format!("{}e{exp}", trim(mantissa))
        }
    }

    fn check(x: f64) -> Result<(), TestCaseError> {
        let want = reference(x);
        prop_assert_eq!(fmt_float(x), want.as_str(), "x = {:e}", x);
        let mut out = b"a,".to_vec();
        write_float(&mut out, x);
        prop_assert_eq!(&out[2..], want.as_bytes());
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn equals_format_on_every_bit_pattern(bits: u64) {
            check(f64::from_bits(bits))?;
        }

        #[test]
        fn equals_format_across_magnitudes(m in -10.0f64..10.0, e in -330i32..320) {
            check(m * 10f64.powi(e))?;
        }

        #[test]
        fn equals_format_near_rounding_halves(k in 0u64..2_000_000, int in 0u64..2_000_000_000) {
            // values on the half-way points of the 6th decimal (odd k), on
            // the grid itself (even k), and just beside them, with integer
            // parts below and above the fast path's 10^6
            for scale in [1, 1_000, 1_000_000] {
                let grid = k as f64 / 2e6 + (int % (997 * scale)) as f64;
                for y in [grid, grid + 1e-9, grid - 1e-9, grid * (1.0 + f64::EPSILON)] {
                    check(y)?;
                    check(-y)?;
                }
            }
        }

        #[test]
        fn fast_fixed_point_equals_format(x in -1e6f64..1e6) {
            if let Some(n) = fixed6_fast(x) {
                let mut buf = FloatBuf::new();
                buf.fixed6(x < 0.0, n);
                prop_assert_eq!(buf.format(x), reference(x));
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
        assert_eq!(fmt_float(-5e-324), "-4.940656e-324");
        assert_eq!(fmt_float(f64::NAN), "");
        assert_eq!(fmt_float(f64::INFINITY), "");
        assert_eq!(fmt_float(f64::NEG_INFINITY), "");
        assert_eq!(fmt_float(1e20), "1e20");
        assert_eq!(fmt_float(-f64::MAX), "-1.797693e308");
        assert_eq!(fmt_float(-999_999_999_999_999.9), "-999999999999999.875");
        assert_eq!(fmt_float(-0.0000001), "-1e-7");
        assert_eq!(fmt_float(0.01), "0.01");
        assert_eq!(fmt_float(1_000_000.25), "1000000.25");
        // rounding that lands on zero decimals
        assert_eq!(fmt_float(2.0000001), "2");
        assert_eq!(fmt_float(0.0000025), "2.5e-6");
    }

    #[test]
    fn float_cells() {
        let mut buf = FloatBuf::new();
        assert_eq!(buf.format(1.5), "1.5");
        assert_eq!(buf.format(f64::NAN), "");
        assert_eq!(buf.format(-12.0), "-12");
        let cell = |x: Float| serde_json::to_string(&x).unwrap();
        assert_eq!(cell(Float(None)), "\"\"");
        assert_eq!(cell(Float(Some(0.25))), "\"0.25\"");
    }
}
