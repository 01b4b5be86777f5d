//! Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
//! Quinn 2008, "Fightin' Words", eqs. 16 and 19–22).
//!
//! For a term w and two groups i and j with term counts y_iw, y_jw, group
//! totals n_i, n_j, and a Dirichlet prior with pseudo-count α_w for the term
//! and α_0 in total:
//!
//! ```text
//! δ  = ln[(y_iw+α_w)/(n_i+α_0−y_iw−α_w)] − ln[(y_jw+α_w)/(n_j+α_0−y_jw−α_w)]
//! σ² = 1/(y_iw+α_w) + 1/(y_jw+α_w)                                  (Approx)
//! σ² = 1/(y_iw+α_w) + 1/(n_i+α_0−y_iw−α_w)
//!    + 1/(y_jw+α_w) + 1/(n_j+α_0−y_jw−α_w)                          (Full)
//! z  = δ/σ,   p = erfc(|z|/√2),   95% CI = δ ± 1.959963984540054·σ
//! ```

use super::distributions::{normal_two_sided_p, Z_95};

/// Which variance estimate of δ to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variance {
    /// Monroe et al.'s two-term approximation (their eq. 20), valid when the
    /// term is rare relative to the group totals (the default):
    /// σ² = 1/(y_iw+α_w) + 1/(y_jw+α_w).
    #[default]
    Approx,
    /// The full four-term delta-method variance of the difference of two
    /// log-odds: σ² = 1/(y_iw+α_w) + 1/(n_i+α_0−y_iw−α_w) + 1/(y_jw+α_w) +
    /// 1/(n_j+α_0−y_jw−α_w).
    Full,
}

/// The numbers needed for one term's log-odds ratio between groups i and j.
/// Counts are `f64` so that very large corpora (1e12 tokens) neither
/// overflow nor need conversions; they should be non-negative whole numbers
/// but fractional (e.g. weighted) counts are accepted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogOddsInput {
    /// y_iw: count of the term in group i.
    pub y_i: f64,
    /// n_i: total token count of group i.
    pub n_i: f64,
    /// y_jw: count of the term in group j.
    pub y_j: f64,
    /// n_j: total token count of group j.
    pub n_j: f64,
    /// α_w: prior pseudo-count for this term (see [`prior_alpha`]).
    pub alpha_w: f64,
    /// α_0: total prior pseudo-count over the vocabulary.
    pub alpha_0: f64,
}

/// Result of [`log_odds`]. Positive δ means the term is relatively more
/// frequent in group i than in group j.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogOdds {
    /// δ: the log-odds ratio (natural log), Monroe et al. eq. 16.
    pub delta: f64,
    /// σ: standard error of δ (square root of the chosen variance).
    pub se: f64,
    /// z = δ/σ (Monroe et al. eq. 22).
    pub z: f64,
    /// Two-sided p-value of z under the standard normal, erfc(|z|/√2).
    pub p_value: f64,
    /// Lower end of the 95% interval, δ − 1.959963984540054·σ.
    pub ci_low: f64,
    /// Upper end of the 95% interval, δ + 1.959963984540054·σ.
    pub ci_high: f64,
}

/// The log of the smoothed odds of the term in one group,
/// ln[(y+α_w)/(n+α_0−y−α_w)], together with the two denominators
/// `(y+α_w, n+α_0−y−α_w)`. Computed as ln(a) − ln(b) (identical to ln(a/b)
/// but immune to overflow of the ratio), with b formed as (n−y) + (α_0−α_w)
/// so that huge integer counts lose no precision. `None` if a or b ≤ 0.
fn smoothed_log_odds(y: f64, n: f64, alpha_w: f64, alpha_0: f64) -> Option<(f64, f64, f64)> {
    let a = y + alpha_w;
    let b = (n - y) + (alpha_0 - alpha_w);
    if a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite() {
        Some((a.ln() - b.ln(), a, b))
    } else {
        None
    }
}

/// Log-odds ratio with informative Dirichlet prior, its standard error,
/// z-score, two-sided normal p-value and 95% interval (Monroe, Colaresi &
/// Quinn 2008, eqs. 16, 19–22; formulas in the module documentation).
///
/// Returns `None` when the quantity is undefined or the input is invalid:
/// any input not finite; a count negative or larger than its total;
/// α_w < 0 or α_0 < α_w; or a non-positive argument to a logarithm — in
/// particular α_w = 0 together with a zero count (y + α_w = 0), or
/// y = n with α_0 = α_w (n + α_0 − y − α_w = 0). Also `None` if a result
/// would be non-finite (e.g. a subnormal α_w making 1/(y+α_w) overflow).
///
/// Swapping groups i and j negates δ, z, and the interval
/// (`ci_low ↔ −ci_high`) exactly, bit for bit.
pub fn log_odds(input: &LogOddsInput, variance: Variance) -> Option<LogOdds> {
    let &LogOddsInput {
        y_i,
        n_i,
        y_j,
        n_j,
        alpha_w,
        alpha_0,
    } = input;
    let all = [y_i, n_i, y_j, n_j, alpha_w, alpha_0];
    if all.iter().any(|v| !v.is_finite()) {
        return None;
    }
    if y_i < 0.0 || y_j < 0.0 || y_i > n_i || y_j > n_j || alpha_w < 0.0 || alpha_0 < alpha_w {
        return None;
    }
    let (lo_i, a_i, b_i) = smoothed_log_odds(y_i, n_i, alpha_w, alpha_0)?;
    let (lo_j, a_j, b_j) = smoothed_log_odds(y_j, n_j, alpha_w, alpha_0)?;
    let delta = lo_i - lo_j;
    // Each group's terms are summed first, then the two groups, so that the
    // sum is the same (commutativity) when i and j are swapped.
    let var = match variance {
        Variance::Approx => 1.0 / a_i + 1.0 / a_j,
        Variance::Full => (1.0 / a_i + 1.0 / b_i) + (1.0 / a_j + 1.0 / b_j),
    };
    let se = var.sqrt();
    if !(delta.is_finite() && se.is_finite() && se > 0.0) {
        return None;
    }
    let z = delta / se;
    let p_value = normal_two_sided_p(z)?;
    let half = Z_95 * se;
    Some(LogOdds {
        delta,
        se,
        z,
        p_value,
        ci_low: delta - half,
        ci_high: delta + half,
    })
}

/// How to set the Dirichlet prior (α_w, α_0) for each term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    /// Informative prior from the pooled corpus (all groups together):
    /// α_w = α_0 · y_w / n, with y_w the term's pooled count and n the
    /// pooled total. This is Monroe et al.'s recommended prior.
    Pooled {
        /// α_0, the total prior pseudo-count (prior "sample size").
        alpha0: f64,
    },
    /// Uninformative uniform prior: α_w = A for every tested term, and
    /// α_0 = A · V with V the number of terms tested.
    Uniform {
        /// A, the pseudo-count added to every term.
        alpha: f64,
    },
    /// Informative prior from a separate background corpus:
    /// α_w = α_0 · b_w / B, with b_w the term's background count and B the
    /// background total. A term absent from the background (b_w = 0) gets
    /// the floor b_w = 0.5 (half a count, as in Hardie's 2014 zero
    /// adjustment), i.e. α_w = α_0 · 0.5 / B, so that it keeps a positive
    /// prior. α_0 is used as given and not renormalised for the floors.
    Background {
        /// α_0, the total prior pseudo-count (prior "sample size").
        alpha0: f64,
    },
}

/// The background count given to terms absent from the background corpus
/// under [`Prior::Background`].
pub const BACKGROUND_FLOOR: f64 = 0.5;

/// A prior's pseudo-counts for one term, as returned by [`prior_alpha`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alpha {
    /// α_w, the pseudo-count for this term.
    pub alpha_w: f64,
    /// α_0, the total pseudo-count.
    pub alpha_0: f64,
}

/// Computes (α_w, α_0) for one term under `prior`. A plain function of
/// numbers; the meaning of `count` and `total` depends on the prior:
///
/// * [`Prior::Pooled`]: `count` = y_w, the term's count pooled over all
///   groups, `total` = n, the pooled total; α_w = α_0 · y_w / n.
/// * [`Prior::Uniform`]: `count` and `total` are ignored; α_w = A and
///   α_0 = A · V with V = `terms_tested`.
/// * [`Prior::Background`]: `count` = b_w, the term's background count
///   (0 if absent), `total` = B, the background total;
///   α_w = α_0 · b_w / B when b_w > 0, and α_0 · 0.5 / B when b_w = 0
///   (the floor [`BACKGROUND_FLOOR`]).
///
/// `terms_tested` is used only by the uniform prior.
///
/// Returns `None` for invalid input: a non-finite number; α_0 (or A) ≤ 0;
/// for Pooled and Background, `total` ≤ 0 or `count` outside [0, total];
/// for Uniform, `terms_tested` = 0. Under Pooled a term with y_w = 0 gets
/// α_w = 0, which [`log_odds`] then reports as undefined.
pub fn prior_alpha(prior: &Prior, count: f64, total: f64, terms_tested: usize) -> Option<Alpha> {
    let proportional = |alpha0: f64, c: f64| -> Option<Alpha> {
        if !(alpha0.is_finite() && alpha0 > 0.0 && total.is_finite() && total > 0.0) {
            return None;
        }
        if !(count.is_finite() && count >= 0.0 && count <= total) {
            return None;
        }
        Some(Alpha {
            alpha_w: alpha0 * c / total,
            alpha_0: alpha0,
        })
    };
    match *prior {
        Prior::Pooled { alpha0 } => proportional(alpha0, count),
        Prior::Background { alpha0 } => {
            let c = if count == 0.0 {
                BACKGROUND_FLOOR
            } else {
                count
            };
            proportional(alpha0, c)
        }
        Prior::Uniform { alpha } => {
            if !(alpha.is_finite() && alpha > 0.0) || terms_tested == 0 {
                return None;
            }
            let alpha_0 = alpha * terms_tested as f64;
            alpha_0.is_finite().then_some(Alpha {
                alpha_w: alpha,
                alpha_0,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(y_i: f64, y_j: f64) -> LogOddsInput {
        // Uniform prior A = 0.05 over V = 11 terms: α_w = 0.05, α_0 = 0.55;
        // both groups have n = 9 tokens.
        LogOddsInput {
            y_i,
            n_i: 9.0,
            y_j,
            n_j: 9.0,
            alpha_w: 0.05,
            alpha_0: 0.55,
        }
    }

    fn swap(x: &LogOddsInput) -> LogOddsInput {
        LogOddsInput {
            y_i: x.y_j,
            n_i: x.n_j,
            y_j: x.y_i,
            n_j: x.n_i,
            ..*x
        }
    }

    #[test]
    fn reference_vector_1_0() {
        // y = (1, 0), n = 9, α_w = 0.05, α_0 = 0.55:
        //   group i: (1+0.05)/(9+0.55−1−0.05) = 1.05/8.5
        //   group j: (0+0.05)/(9+0.55−0−0.05) = 0.05/9.5
        //   δ  = ln(1.05/8.5) − ln(0.05/9.5) = ln(23.470588…) = 3.155748073
        //   σ² = 1/1.05 + 1/0.05 = 0.952381 + 20 = 20.952381, σ = 4.577377
        //   z  = 3.155748/4.577377 = 0.689423,  p = erfc(z/√2) = 0.490557
        //   CI = 3.155748 ± 1.959964·4.577377 = (−5.815746, 12.127242)
        // (Checked with mpmath at 40 digits.)
        let r = log_odds(&input(1.0, 0.0), Variance::Approx).unwrap();
        assert!((r.delta - 3.155_748).abs() < 1e-6, "{r:?}");
        assert!((r.z - 0.689_423).abs() < 1e-6, "{r:?}");
        assert!((r.delta - 3.155_748_072_833_65).abs() < 1e-12);
        assert!((r.se - 4.577_377_082_170_63).abs() < 1e-12);
        assert!((r.z - 0.689_422_788_680_797).abs() < 1e-12);
        assert!((r.p_value - 0.490_557_246_645_634).abs() < 1e-12);
        assert!((r.ci_low + 5.815_746_151_879_84).abs() < 1e-12);
        assert!((r.ci_high - 12.127_242_297_547_1).abs() < 1e-12);
    }

    #[test]
    fn reference_vector_0_1_and_2_2() {
        // y = (0, 1) is the mirror image of (1, 0): z = −0.689423.
        let r = log_odds(&input(0.0, 1.0), Variance::Approx).unwrap();
        assert!((r.z + 0.689_423).abs() < 1e-6);
        // y = (2, 2): both smoothed odds are 2.05/7.5, δ = 0, z = 0, p = 1.
        let r = log_odds(&input(2.0, 2.0), Variance::Approx).unwrap();
        assert_eq!(r.delta, 0.0);
        assert_eq!(r.z, 0.0);
        assert_eq!(r.p_value, 1.0);
    }

    #[test]
    fn full_variance() {
        // σ² = 1/1.05 + 1/8.5 + 1/0.05 + 1/9.5 = 21.175304, σ = 4.601662;
        // z = 3.155748/4.601662 = 0.685784 (mpmath).
        let r = log_odds(&input(1.0, 0.0), Variance::Full).unwrap();
        assert!((r.se - 4.601_661_783_432_07).abs() < 1e-12);
        assert!((r.z - 0.685_784_445_131_469).abs() < 1e-12);
        assert!((r.ci_low + 5.863_343_291_727_56).abs() < 1e-12);
        assert_eq!(Variance::default(), Variance::Approx);
    }

    #[test]
    fn swapping_groups_negates_exactly() {
        let cases = [
            input(1.0, 0.0),
            input(7.0, 3.0),
            LogOddsInput {
                y_i: 1234.0,
                n_i: 1e12,
                y_j: 17.0,
                n_j: 3.3e9,
                alpha_w: 0.013,
                alpha_0: 1000.0,
            },
        ];
        for x in cases {
            for v in [Variance::Approx, Variance::Full] {
                let a = log_odds(&x, v).unwrap();
                let b = log_odds(&swap(&x), v).unwrap();
                assert_eq!(a.delta, -b.delta);
                assert_eq!(a.z, -b.z);
                assert_eq!(a.se, b.se);
                assert_eq!(a.p_value, b.p_value);
                assert_eq!(a.ci_low, -b.ci_high);
                assert_eq!(a.ci_high, -b.ci_low);
            }
        }
    }

    #[test]
    fn huge_counts_are_finite() {
        let x = LogOddsInput {
            y_i: 2e11,
            n_i: 1e12,
            y_j: 1e11,
            n_j: 1e12,
            alpha_w: 1.0,
            alpha_0: 10.0,
        };
        let r = log_odds(&x, Variance::Full).unwrap();
        // δ ≈ ln(0.25) − ln(1/9) = ln(2.25)
        assert!((r.delta - 2.25f64.ln()).abs() < 1e-9);
        assert!(r.z.is_finite() && r.z > 100.0);
        assert!(r.p_value >= 0.0 && r.p_value < 1e-100);
    }

    #[test]
    fn undefined_cases() {
        let mut x = input(0.0, 3.0);
        x.alpha_w = 0.0; // zero count with zero prior: ln(0)
        assert_eq!(log_odds(&x, Variance::Approx), None);
        let mut x = input(9.0, 3.0);
        x.alpha_0 = x.alpha_w; // y = n and α_0 = α_w: ln(…/0)
        assert_eq!(log_odds(&x, Variance::Approx), None);
        let mut x = input(1.0, 3.0);
        x.alpha_w = -0.1;
        assert_eq!(log_odds(&x, Variance::Approx), None);
        let mut x = input(1.0, 3.0);
        x.y_i = f64::NAN;
        assert_eq!(log_odds(&x, Variance::Approx), None);
        let mut x = input(1.0, 3.0);
        x.y_i = 10.0; // more hits than tokens
        assert_eq!(log_odds(&x, Variance::Approx), None);
        // A zero prior is fine when both counts are positive.
        let mut x = input(1.0, 3.0);
        x.alpha_w = 0.0;
        x.alpha_0 = 0.0;
        let r = log_odds(&x, Variance::Approx).unwrap();
        assert!((r.delta - ((1.0f64 / 8.0).ln() - (3.0f64 / 6.0).ln())).abs() < 1e-12);
    }

    #[test]
    fn priors() {
        let u = prior_alpha(&Prior::Uniform { alpha: 0.05 }, 0.0, 0.0, 11).unwrap();
        assert_eq!(u.alpha_w, 0.05);
        assert!((u.alpha_0 - 0.55).abs() < 1e-15);
        assert_eq!(
            prior_alpha(&Prior::Uniform { alpha: 0.05 }, 0.0, 0.0, 0),
            None
        );
        assert_eq!(
            prior_alpha(&Prior::Uniform { alpha: 0.0 }, 0.0, 0.0, 3),
            None
        );

        let p = prior_alpha(&Prior::Pooled { alpha0: 500.0 }, 20.0, 1000.0, 0).unwrap();
        assert_eq!(p.alpha_w, 10.0);
        assert_eq!(p.alpha_0, 500.0);
        let p0 = prior_alpha(&Prior::Pooled { alpha0: 500.0 }, 0.0, 1000.0, 0).unwrap();
        assert_eq!(p0.alpha_w, 0.0);
        assert_eq!(
            prior_alpha(&Prior::Pooled { alpha0: 500.0 }, 5.0, 0.0, 0),
            None
        );
        assert_eq!(
            prior_alpha(&Prior::Pooled { alpha0: 500.0 }, 5000.0, 1000.0, 0),
            None
        );
        assert_eq!(
            prior_alpha(&Prior::Pooled { alpha0: 0.0 }, 5.0, 10.0, 0),
            None
        );

        let b = prior_alpha(&Prior::Background { alpha0: 100.0 }, 4.0, 1000.0, 0).unwrap();
        assert!((b.alpha_w - 0.4).abs() < 1e-15);
        let floor = prior_alpha(&Prior::Background { alpha0: 100.0 }, 0.0, 1000.0, 0).unwrap();
        assert!((floor.alpha_w - 0.05).abs() < 1e-15);
        assert_eq!(floor.alpha_0, 100.0);
        assert_eq!(
            prior_alpha(&Prior::Background { alpha0: 100.0 }, f64::NAN, 1000.0, 0),
            None
        );
    }
}
