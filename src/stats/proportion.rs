//! Share of a binary choice (e.g. which name an outlet uses for a concept)
//! with the Wilson (1927) score interval.
//!
//! For k successes in n trials and z = 1.959963984540054 (95%):
//!
//! ```text
//! share       = k / n
//! center      = (k + z²/2) / (n + z²)
//! half-width  = z / (n + z²) · √( k(n − k)/n + z²/4 )
//! interval    = center ± half-width
//! ```
//!
//! Unlike the Wald interval it stays inside [0, 1] and is sensible for
//! k = 0 or k = n.

use super::distributions::Z_95;

/// Share k/n with its 95% Wilson score interval, as `(share, low, high)`
/// (formula in the module documentation).
///
/// Degenerate cases: n = 0 → `None` (no share exists); k > n → `None`
/// (invalid). For k = 0 the lower end is exactly 0 and for k = n the upper
/// end is exactly 1 (mathematically so; the computed ends are clamped to
/// [0, 1] to remove rounding residue of order 1e-17).
pub fn wilson_interval(k: u64, n: u64) -> Option<(f64, f64, f64)> {
    if n == 0 || k > n {
        return None;
    }
    let (kf, nf) = (k as f64, n as f64);
    let z2 = Z_95 * Z_95;
    let denom = nf + z2;
    let center = (kf + z2 / 2.0) / denom;
    // k(n−k)/n computed as k·((n−k)/n) with n − k exact in integers.
    let spread = kf * ((n - k) as f64 / nf) + z2 / 4.0;
    let half = Z_95 / denom * spread.sqrt();
    let low = if k == 0 {
        0.0
    } else {
        (center - half).clamp(0.0, 1.0)
    };
    let high = if k == n {
        1.0
    } else {
        (center + half).clamp(0.0, 1.0)
    };
    Some((kf / nf, low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_vector() {
        // k = 8, n = 10, z² = 3.841459:
        //   center = (8 + 1.920729)/(13.841459) = 0.716740
        //   half   = 1.959964/13.841459 · √(8·2/10 + 0.960365)
        //          = 0.141601 · √2.560365 = 0.141601 · 1.600114 = 0.226578
        //   low = 0.490162, high = 0.943318
        // mpmath: 0.49016247153664174, 0.94331784854562474.
        let (s, lo, hi) = wilson_interval(8, 10).unwrap();
        assert_eq!(s, 0.8);
        assert!((lo - 0.490_162_4).abs() < 1e-7, "{lo}");
        assert!((hi - 0.943_317_8).abs() < 1e-7, "{hi}");
        assert!((lo - 0.490_162_471_536_641_7).abs() < 1e-14);
        assert!((hi - 0.943_317_848_545_624_7).abs() < 1e-14);
    }

    #[test]
    fn symmetric_in_k() {
        let (_, lo, hi) = wilson_interval(3, 17).unwrap();
        let (_, lo2, hi2) = wilson_interval(14, 17).unwrap();
        assert!((lo - (1.0 - hi2)).abs() < 1e-15);
        assert!((hi - (1.0 - lo2)).abs() < 1e-15);
    }

    #[test]
    fn edges() {
        let (s, lo, hi) = wilson_interval(0, 5).unwrap();
        assert_eq!((s, lo), (0.0, 0.0));
        // k = 0: high = z²/(n + z²) = 3.841459/8.841459.
        assert!((hi - Z_95 * Z_95 / (5.0 + Z_95 * Z_95)).abs() < 1e-15);
        let (s, lo, hi) = wilson_interval(5, 5).unwrap();
        assert_eq!((s, hi), (1.0, 1.0));
        assert!((lo - 5.0 / (5.0 + Z_95 * Z_95)).abs() < 1e-15);
        assert_eq!(wilson_interval(0, 0), None);
        assert_eq!(wilson_interval(6, 5), None);
        let (s, lo, hi) = wilson_interval(u64::MAX / 2, u64::MAX).unwrap();
        assert!(lo < s && s < hi && (0.0..=1.0).contains(&lo) && hi <= 1.0);
    }
}
