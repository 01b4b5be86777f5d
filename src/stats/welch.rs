//! Welch's (1947) unequal-variances t-test on per-document rates.
//!
//! For samples a (size n_a, mean ā, variance s_a²) and b:
//!
//! ```text
//! s² = Σ (x − x̄)² / (n − 1)                           (sample variance)
//! t  = (ā − b̄) / √(s_a²/n_a + s_b²/n_b)
//! df = (s_a²/n_a + s_b²/n_b)² / [ (s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1) ]
//! p  = 2·P(T_df > |t|)                                 (Student's t)
//! ```
//!
//! df is the Welch–Satterthwaite approximation (Satterthwaite 1946).

use super::distributions::student_t_two_sided_p;

/// Result of [`welch_t_test`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WelchTest {
    /// Mean of the first sample minus mean of the second, ā − b̄.
    pub mean_diff: f64,
    /// Welch's t statistic, (ā − b̄)/√(s_a²/n_a + s_b²/n_b).
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom (generally fractional).
    pub df: f64,
    /// Two-sided p-value from Student's t with `df` degrees of freedom.
    pub p_value: f64,
}

/// Mean and unbiased sample variance by the two-pass algorithm
/// (mean first, then Σ(x − x̄)²/(n − 1)), which avoids the cancellation of
/// the Σx² − n·x̄² shortcut, over a sample given in consecutive parts
/// (summed in their order, so the result equals that of the parts joined).
/// Requires n ≥ 2.
fn mean_var(x: &[&[f64]]) -> (f64, f64) {
    let n = parts_len(x) as f64;
    let mean = values(x).sum::<f64>() / n;
    let ss: f64 = values(x).map(|v| (v - mean) * (v - mean)).sum();
    (mean, ss / (n - 1.0))
}

/// The values of a sample given in parts, in order.
fn values<'a>(x: &'a [&'a [f64]]) -> impl Iterator<Item = f64> + 'a {
    x.iter().flat_map(|p| p.iter().copied())
}

fn parts_len(x: &[&[f64]]) -> usize {
    x.iter().map(|p| p.len()).sum()
}

/// The mean of a sample given in consecutive parts (`None` when empty),
/// summed in order as [`welch_t_test_parts`] sums it.
pub fn mean_of_parts(x: &[&[f64]]) -> Option<f64> {
    let n = parts_len(x);
    (n > 0).then(|| values(x).sum::<f64>() / n as f64)
}

/// Welch's two-sample t-test (formulas in the module documentation),
/// typically on per-document rates of two outlets.
///
/// Returns `None` when:
/// * either sample has fewer than 2 values (no sample variance);
/// * both sample variances are 0 — the standard error is 0, so t is
///   ±∞ or 0/0 and df is 0/0; no test is defined (a constant difference
///   with no spread is not something a t-test can grade);
/// * any value is not finite, or an intermediate overflows.
///
/// One zero variance is fine: then df = n − 1 of the other sample.
pub fn welch_t_test(a: &[f64], b: &[f64]) -> Option<WelchTest> {
    welch_t_test_parts(&[a], &[b])
}

/// [`welch_t_test`] on samples given in consecutive parts (such as the
/// documents of several outlets), without joining them: the result is
/// that of the joined samples, bit for bit.
pub fn welch_t_test_parts(a: &[&[f64]], b: &[&[f64]]) -> Option<WelchTest> {
    let (na, nb) = (parts_len(a), parts_len(b));
    if na < 2 || nb < 2 {
        return None;
    }
    if values(a).chain(values(b)).any(|v| !v.is_finite()) {
        return None;
    }
    let (ma, va) = mean_var(a);
    let (mb, vb) = mean_var(b);
    if va == 0.0 && vb == 0.0 {
        return None;
    }
    let (na, nb) = (na as f64, nb as f64);
    let wa = va / na;
    let wb = vb / nb;
    let se2 = wa + wb;
    let mean_diff = ma - mb;
    let t = mean_diff / se2.sqrt();
    let df = se2 * se2 / (wa * wa / (na - 1.0) + wb * wb / (nb - 1.0));
    if !(t.is_finite() && df.is_finite() && df > 0.0) {
        return None;
    }
    let p_value = student_t_two_sided_p(t, df)?;
    Some(WelchTest {
        mean_diff,
        t,
        df,
        p_value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_worked_example() {
        // a = [1, 2, 3, 4]:      ā = 2.5, Σ(x−ā)² = 2.25+0.25+0.25+2.25 = 5,
        //                        s_a² = 5/3 = 1.666667, s_a²/n_a = 5/12 = 0.416667
        // b = [2, 4, 6, 8, 10]:  b̄ = 6,   Σ(x−b̄)² = 16+4+0+4+16 = 40,
        //                        s_b² = 40/4 = 10,     s_b²/n_b = 2
        // se² = 5/12 + 2 = 29/12 = 2.416667,  se = 1.554563
        // t  = (2.5 − 6)/1.554563 = −2.251436
        // df = (29/12)² / [ (5/12)²/3 + 2²/4 ] = 5.840278 / (0.057870 + 1)
        //    = 5.840278 / 1.057870 = 5.520788
        // p  = I_{df/(df+t²)}(df/2, 1/2) = 0.0691336 (mpmath betainc)
        let r = welch_t_test(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.0, 10.0]).unwrap();
        assert!((r.t + 2.251_436).abs() < 1e-6, "{r:?}");
        assert!((r.df - 5.520_788).abs() < 1e-6, "{r:?}");
        assert!((r.t + 2.251_436_323_159_369).abs() < 1e-12);
        assert!((r.df - 5.520_787_746_170_678).abs() < 1e-12);
        assert!((r.p_value - 0.069_133_593_192_392_41).abs() < 1e-9);
        assert_eq!(r.mean_diff, -3.5);
    }

    #[test]
    fn swap_negates_t() {
        let a = [0.3, 1.7, 2.2, 0.9, 1.1];
        let b = [2.0, 2.5, 1.9];
        let x = welch_t_test(&a, &b).unwrap();
        let y = welch_t_test(&b, &a).unwrap();
        assert_eq!(x.t, -y.t);
        assert_eq!(x.df, y.df);
        assert_eq!(x.p_value, y.p_value);
    }

    #[test]
    fn one_zero_variance() {
        // b constant: df = n_a − 1 = 3.
        let r = welch_t_test(&[1.0, 2.0, 3.0, 4.0], &[5.0, 5.0, 5.0]).unwrap();
        assert!((r.df - 3.0).abs() < 1e-12);
        assert!(r.p_value > 0.0 && r.p_value < 1.0);
    }

    #[test]
    fn equal_means() {
        let r = welch_t_test(&[1.0, 3.0], &[0.0, 2.0, 4.0]).unwrap();
        assert_eq!(r.t, 0.0);
        assert!((r.p_value - 1.0).abs() < 1e-15);
    }

    #[test]
    fn parts_give_the_joined_samples_result_bit_for_bit() {
        let a = [0.1, 0.7, 1e-3, 3.3, 2.0 / 3.0, 5.5];
        let b = [1.0 / 7.0, 2.5, 0.3, 9.1, 0.2];
        let joined = welch_t_test(&a, &b).unwrap();
        for cut in 0..=a.len() {
            let parts = welch_t_test_parts(&[&a[..cut], &a[cut..]], &[&b[..2], &[], &b[2..]]);
            assert_eq!(parts, Some(joined), "cut at {cut}");
        }
        let mean = a.iter().sum::<f64>() / a.len() as f64;
        assert_eq!(mean_of_parts(&[&a[..3], &a[3..]]), Some(mean));
        assert_eq!(mean_of_parts(&[&[], &[]]), None);
        assert_eq!(welch_t_test_parts(&[&[1.0], &[]], &[&b]), None);
    }

    #[test]
    fn degenerate() {
        assert_eq!(welch_t_test(&[1.0], &[1.0, 2.0]), None);
        assert_eq!(welch_t_test(&[1.0, 2.0], &[]), None);
        assert_eq!(welch_t_test(&[1.0, 1.0], &[2.0, 2.0, 2.0]), None);
        assert_eq!(welch_t_test(&[1.0, f64::NAN], &[2.0, 3.0]), None);
        assert_eq!(welch_t_test(&[1.0, f64::INFINITY], &[2.0, 3.0]), None);
    }
}
