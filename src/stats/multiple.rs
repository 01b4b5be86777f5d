//! Benjamini–Hochberg (1995) false-discovery-rate adjustment.
//!
//! With m p-values sorted ascending, p_(1) ≤ … ≤ p_(m), the BH q-value
//! (adjusted p-value) of the k-th smallest is
//!
//! ```text
//! q_(k) = min( 1, min_{j ≥ k} (m/j) · p_(j) )
//! ```
//!
//! and rejecting every hypothesis with q ≤ α controls the FDR at level α
//! for independent (or positively dependent) tests. This is the same
//! adjustment as R's `p.adjust(p, method = "BH")`.

/// Benjamini–Hochberg q-values, returned in the order of the input.
///
/// `q_(k) = min(1, min_{j≥k} (m/j)·p_(j))` with m = `p.len()`.
///
/// Ties: p-values are ranked by value and then by input position, so the
/// result is deterministic; tied p-values always receive equal q-values
/// (the running minimum from the right makes the rank among ties
/// irrelevant).
///
/// Degenerate and invalid values, chosen so the output never contains NaN:
/// empty input → empty output; a NaN p-value is treated as 1 (it counts
/// towards m but can never be significant); values outside [0, 1] are
/// clamped into it (−0.1 → 0, 1.3 → 1).
pub fn bh_qvalues(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    if m == 0 {
        return Vec::new();
    }
    let clean: Vec<f64> = p
        .iter()
        .map(|&v| if v.is_nan() { 1.0 } else { v.clamp(0.0, 1.0) })
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    // Stable sort on a total order: ties keep input order.
    order.sort_by(|&a, &b| clean[a].total_cmp(&clean[b]));
    let mf = m as f64;
    let mut q = vec![1.0; m];
    let mut running = 1.0f64;
    for (pos, &idx) in order.iter().enumerate().rev() {
        let rank = (pos + 1) as f64;
        let candidate = (mf / rank) * clean[idx];
        running = running.min(candidate);
        q[idx] = running;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::bootstrap::SplitMix64;

    /// Brute force, O(m²), straight from the definition: for each i, the
    /// minimum of (m/j)·p_l over every l with p_l ≥ p_i, where j is l's
    /// largest possible rank, #{k : p_k ≤ p_l} (for tied values the largest
    /// rank gives the smallest (m/j)·p, i.e. the min over the tie block).
    fn brute(p: &[f64]) -> Vec<f64> {
        let m = p.len();
        (0..m)
            .map(|i| {
                let mut best = 1.0f64;
                for l in 0..m {
                    if p[l] >= p[i] {
                        let j = p.iter().filter(|&&x| x <= p[l]).count();
                        best = best.min((m as f64 / j as f64) * p[l]);
                    }
                }
                best
            })
            .collect()
    }

    #[test]
    fn reference_vector() {
        // Sorted: 0.005, 0.01, 0.03, 0.04 (m = 4):
        //   4/1·0.005 = 0.02, 4/2·0.01 = 0.02, 4/3·0.03 = 0.04, 4/4·0.04 = 0.04
        //   running minima from the right: 0.04, 0.04, 0.02, 0.02.
        let q = bh_qvalues(&[0.01, 0.04, 0.03, 0.005]);
        let want = [0.02, 0.04, 0.04, 0.02];
        assert_eq!(q.len(), 4);
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-15, "{q:?}");
        }
    }

    #[test]
    fn empty_and_single() {
        assert!(bh_qvalues(&[]).is_empty());
        assert_eq!(bh_qvalues(&[0.3]), vec![0.3]);
    }

    #[test]
    fn capped_at_one_and_nan_free() {
        let q = bh_qvalues(&[0.9, 0.95, f64::NAN, 1.5, -0.2]);
        assert!(q.iter().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(q[4], 0.0);
        assert_eq!(q[2], 1.0);
        assert_eq!(q[3], 1.0);
    }

    #[test]
    fn ties_get_equal_q() {
        let q = bh_qvalues(&[0.02, 0.02, 0.02, 0.5]);
        assert_eq!(q[0], q[1]);
        assert_eq!(q[1], q[2]);
        assert!((q[0] - 4.0 / 3.0 * 0.02).abs() < 1e-15);
    }

    #[test]
    fn matches_brute_force_on_random_vectors() {
        let mut rng = SplitMix64::new(20_240_611);
        for trial in 0..50 {
            let m = 1 + (rng.next_below(40) as usize);
            let p: Vec<f64> = (0..m)
                .map(|_| {
                    let u = rng.next_f64();
                    // Every third trial rounds to 2 decimals to force ties.
                    if trial % 3 == 0 {
                        (u * 100.0).round() / 100.0
                    } else {
                        u * u
                    }
                })
                .collect();
            let fast = bh_qvalues(&p);
            let slow = brute(&p);
            for (a, b) in fast.iter().zip(&slow) {
                assert!((a - b).abs() < 1e-15, "{p:?}\n{fast:?}\n{slow:?}");
            }
        }
    }
}
