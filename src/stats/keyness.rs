//! Keyness of a term in a target corpus against a reference corpus:
//! Dunning's (1993) log-likelihood G² over the 2×2 contingency table, with
//! Hardie's (2014) Log Ratio and Gabrielatos & Marchi's (2012) %DIFF as
//! effect sizes.
//!
//! ```text
//!                 target      reference
//!   term          f1          f2
//!   other         n1 − f1     n2 − f2
//!
//! N = n1 + n2, F = f1 + f2
//! E1 = n1·F/N,  E2 = n2·F/N,  E3 = n1·(N−F)/N,  E4 = n2·(N−F)/N
//! G² = 2 Σ O ln(O/E)   over the four cells, with 0·ln 0 = 0
//! ```
//!
//! G² is signed: negative when the term is relatively rarer in the target
//! (f1/n1 < f2/n2). Its p-value is the χ²(1) survival of |G²|.

use super::distributions::chi2_1_sf;

/// Keyness statistics of one term; see [`keyness`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// Signed G² (Dunning 1993): |G²| = 2 Σ O ln(O/E) over the 2×2 table,
    /// negative when f1/n1 < f2/n2, exactly 0 when the rates are equal.
    pub g2: f64,
    /// χ²(1) survival of |G²|: P(χ²₁ > |G²|) = erfc(√(|G²|/2)).
    pub p_value: f64,
    /// Hardie's (2014) Log Ratio, log2((f1/n1)/(f2/n2)), with a zero count
    /// replaced by 0.5. `None` when f1 = f2 = 0 (the term occurs in neither
    /// corpus, so there is no ratio to speak of; the 0.5 adjustment would
    /// report log2(n2/n1), an artefact of the corpus sizes).
    pub log_ratio: Option<f64>,
    /// Gabrielatos & Marchi's (2012) %DIFF,
    /// (f1/n1 − f2/n2)/(f2/n2) × 100, on the raw counts. `None` when
    /// f2 = 0: the reference rate is the denominator, and the difference
    /// relative to a zero rate is undefined (infinite).
    pub pct_diff: Option<f64>,
}

/// Contribution of one cell to G²/2 in the form O·ln(O/E) − (O − E).
///
/// Because Σ O = Σ E over the table, Σ [O ln(O/E) − (O−E)] = Σ O ln(O/E):
/// this is the same G², but every term is ≥ 0 and, for large corpora where
/// O/E ≈ 1, it is computed without cancellation as E·h(x) with x = (O−E)/E
/// and h(x) = (1+x)ln(1+x) − x = Σ_{k≥2} (−1)^k x^k / (k(k−1)).
/// `d` is O − E computed from the exact identity O − E = ±(f1·n2 − f2·n1)/N.
fn cell(o: f64, e: f64, d: f64) -> f64 {
    if e <= 0.0 {
        // E = 0 only when the row total is 0, which forces O = 0: 0·ln 0 = 0.
        return 0.0;
    }
    if o <= 0.0 {
        // 0·ln 0 − (0 − E) = E.
        return e;
    }
    let x = d / e;
    let v = if x.abs() < 0.1 {
        // Alternating series; |x| < 0.1 so 40 terms are far beyond f64 precision.
        let mut sum = 0.0;
        let mut pow = x * x;
        for k in 2..40u32 {
            let k = f64::from(k);
            let term = pow / (k * (k - 1.0));
            sum += term;
            if term.abs() <= sum.abs() * 1e-18 {
                break;
            }
            pow *= -x;
        }
        e * sum
    } else {
        o * (o / e).ln() - d
    };
    v.max(0.0)
}

/// Dunning's G² with its χ²(1) p-value, Hardie's Log Ratio and %DIFF for a
/// term with count `f1` of `n1` tokens in the target and `f2` of `n2` in the
/// reference (formulas in the module documentation).
///
/// Returns `None` when either total is 0 (no rates exist), or for invalid
/// input: a non-finite or negative number, or a count larger than its
/// total. When f1 = f2 = 0 the result is G² = 0, p = 1, `log_ratio` and
/// `pct_diff` `None`.
///
/// Swapping target and reference negates `g2` and `log_ratio` exactly.
///
/// Implementation note: G² is summed as 2 Σ [O ln(O/E) − (O − E)], which
/// equals 2 Σ O ln(O/E) because the observed and expected totals agree, but
/// stays accurate for corpora of 1e12 tokens. With equal rates
/// (f1·n2 = f2·n1) G² is exactly 0.
pub fn keyness(f1: f64, n1: f64, f2: f64, n2: f64) -> Option<Keyness> {
    if ![f1, n1, f2, n2].iter().all(|v| v.is_finite() && *v >= 0.0) {
        return None;
    }
    if f1 > n1 || f2 > n2 || n1 == 0.0 || n2 == 0.0 {
        return None;
    }
    let n = n1 + n2;
    let f = f1 + f2;
    let rest = n - f;
    // Expected counts.
    let e1 = n1 * f / n;
    let e2 = n2 * f / n;
    let e3 = n1 * rest / n;
    let e4 = n2 * rest / n;
    // O − E for the target's term cell: f1 − n1·F/N = (f1·n2 − f2·n1)/N.
    // The other cells are −d (f2), −d (n1 − f1) and +d (n2 − f2).
    let cross = f1 * n2 - f2 * n1;
    let d = cross / n;
    // Sum each side's two cells first, then the sides, so the sum is
    // identical when the sides are swapped.
    let side1 = cell(f1, e1, d) + cell(n1 - f1, e3, -d);
    let side2 = cell(f2, e2, -d) + cell(n2 - f2, e4, d);
    let magnitude = 2.0 * (side1 + side2);
    let g2 = if cross > 0.0 {
        magnitude
    } else if cross < 0.0 {
        -magnitude
    } else {
        0.0
    };
    let p_value = chi2_1_sf(g2.abs())?;

    let log_ratio = if f1 == 0.0 && f2 == 0.0 {
        None
    } else {
        let adj = |c: f64| if c == 0.0 { 0.5 } else { c };
        // log2(r1) − log2(r2) rather than log2(r1/r2): same value, and
        // exactly antisymmetric under swapping the sides.
        Some((adj(f1) / n1).log2() - (adj(f2) / n2).log2())
    };
    let pct_diff = if f2 == 0.0 {
        None
    } else {
        let r1 = f1 / n1;
        let r2 = f2 / n2;
        Some((r1 - r2) / r2 * 100.0)
    };
    Some(Keyness {
        g2,
        p_value,
        log_ratio,
        pct_diff,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook formula, 2 Σ O ln(O/E), for cross-checking.
    fn naive_g2(f1: f64, n1: f64, f2: f64, n2: f64) -> f64 {
        let n = n1 + n2;
        let f = f1 + f2;
        let t = |o: f64, e: f64| if o == 0.0 { 0.0 } else { o * (o / e).ln() };
        2.0 * (t(f1, n1 * f / n)
            + t(f2, n2 * f / n)
            + t(n1 - f1, n1 * (n - f) / n)
            + t(n2 - f2, n2 * (n - f) / n))
    }

    #[test]
    fn reference_vector() {
        // f1 = 10 of 1000, f2 = 5 of 2000. N = 3000, F = 15.
        // E1 = 1000·15/3000 = 5,  E2 = 10,  E3 = 995,  E4 = 1990.
        // G² = 2[10 ln(10/5) + 5 ln(5/10) + 990 ln(990/995) + 1995 ln(1995/1990)]
        //    = 2[6.931472 − 3.465736 − 4.987448 + 5.005627] = 6.969192
        // p = erfc(√(6.969192/2)) = 0.008292 (mpmath: 0.0082924935848…)
        // Log Ratio = log2(0.01/0.0025) = log2 4 = 2;  %DIFF = 300.
        let k = keyness(10.0, 1000.0, 5.0, 2000.0).unwrap();
        assert!((k.g2 - 6.969_192).abs() < 1e-6, "{k:?}");
        assert!((k.g2 - 6.969_191_931_933_027).abs() < 1e-12);
        assert!((k.p_value - 0.008_292).abs() < 1e-6);
        assert!((k.p_value - 0.008_292_493_584_806_09).abs() < 1e-11);
        assert!((k.log_ratio.unwrap() - 2.0).abs() < 1e-12);
        assert!((k.pct_diff.unwrap() - 300.0).abs() < 1e-9);
        assert!((k.g2 - naive_g2(10.0, 1000.0, 5.0, 2000.0)).abs() < 1e-12);
    }

    #[test]
    fn swap_negates_exactly() {
        let cases = [
            (10.0, 1000.0, 5.0, 2000.0),
            (0.0, 1000.0, 7.0, 500.0),
            (123_456.0, 1e12, 100_000.0, 3e12),
            (3.0, 17.0, 11.0, 13.0),
        ];
        for (f1, n1, f2, n2) in cases {
            let a = keyness(f1, n1, f2, n2).unwrap();
            let b = keyness(f2, n2, f1, n1).unwrap();
            assert_eq!(a.g2, -b.g2);
            assert_eq!(a.p_value, b.p_value);
            assert_eq!(a.log_ratio.unwrap(), -b.log_ratio.unwrap());
        }
    }

    #[test]
    fn identical_rates() {
        let k = keyness(10.0, 1000.0, 20.0, 2000.0).unwrap();
        assert_eq!(k.g2, 0.0);
        assert_eq!(k.p_value, 1.0);
        assert_eq!(k.log_ratio, Some(0.0));
        assert_eq!(k.pct_diff, Some(0.0));
        let k = keyness(3.0, 7.0, 3.0, 7.0).unwrap();
        assert_eq!(k.g2, 0.0);
        assert_eq!(k.p_value, 1.0);
    }

    #[test]
    fn against_high_precision_references() {
        // (f1, n1, f2, n2, G², p) with G² and p from mpmath at 50 digits.
        let cases = [
            (
                50.0,
                1e9,
                30.0,
                2e9,
                28.339_018_064_690_394,
                1.018_228_051_656_620_5e-7,
            ),
            (
                0.0,
                1000.0,
                7.0,
                500.0,
                -15.446_315_002_782_514,
                8.488_228_548_690_252e-5,
            ),
        ];
        for (f1, n1, f2, n2, g, p) in cases {
            let k = keyness(f1, n1, f2, n2).unwrap();
            assert!(((k.g2 - g) / g).abs() < 1e-10, "{k:?} vs {g}");
            // statrs' erfc is accurate to ~1e-10 relative.
            assert!(((k.p_value - p) / p).abs() < 2e-10, "{k:?} vs {p}");
        }
        // 1e12-token corpora: G² = 92520.040537131979 (mpmath); p underflows.
        let k = keyness(123_456.0, 1e12, 100_000.0, 3e12).unwrap();
        assert!(((k.g2 - 92_520.040_537_131_98) / 92_520.04).abs() < 1e-10);
        assert_eq!(k.p_value, 0.0);
        // G² = 3778.22: p = 4.8e-823 underflows to 0 as well, but is not NaN.
        let k = keyness(1000.0, 1000.0, 3.0, 2000.0).unwrap();
        assert!(((k.g2 - 3_778.221_160_813_517) / 3778.22).abs() < 1e-12);
        assert_eq!(k.p_value, 0.0);
    }

    #[test]
    fn zero_counts() {
        // Term absent from the reference: Log Ratio uses 0.5, %DIFF undefined.
        let k = keyness(7.0, 500.0, 0.0, 1000.0).unwrap();
        assert!(k.g2 > 0.0);
        assert!((k.log_ratio.unwrap() - (7.0f64 / 500.0 / (0.5 / 1000.0)).log2()).abs() < 1e-12);
        assert_eq!(k.pct_diff, None);
        // Absent from the target: %DIFF = −100.
        let k = keyness(0.0, 500.0, 4.0, 1000.0).unwrap();
        assert!(k.g2 < 0.0);
        assert!((k.pct_diff.unwrap() + 100.0).abs() < 1e-12);
        // Absent from both.
        let k = keyness(0.0, 500.0, 0.0, 1000.0).unwrap();
        assert_eq!(k.g2, 0.0);
        assert_eq!(k.p_value, 1.0);
        assert_eq!(k.log_ratio, None);
        assert_eq!(k.pct_diff, None);
        // Every token is the term on both sides: G² = 0.
        let k = keyness(5.0, 5.0, 9.0, 9.0).unwrap();
        assert_eq!(k.g2, 0.0);
    }

    #[test]
    fn invalid_inputs() {
        assert_eq!(keyness(1.0, 0.0, 1.0, 10.0), None);
        assert_eq!(keyness(1.0, 10.0, 0.0, 0.0), None);
        assert_eq!(keyness(11.0, 10.0, 1.0, 10.0), None);
        assert_eq!(keyness(-1.0, 10.0, 1.0, 10.0), None);
        assert_eq!(keyness(f64::NAN, 10.0, 1.0, 10.0), None);
        assert_eq!(keyness(1.0, f64::INFINITY, 1.0, 10.0), None);
    }

    #[test]
    fn matches_naive_formula_on_small_tables() {
        for f1 in 0..6 {
            for f2 in 0..6 {
                let (n1, n2) = (10.0, 17.0);
                let k = keyness(f64::from(f1), n1, f64::from(f2), n2).unwrap();
                let naive = naive_g2(f64::from(f1), n1, f64::from(f2), n2);
                assert!((k.g2.abs() - naive.abs()).abs() < 1e-12, "{f1} {f2}");
            }
        }
    }
}
