//! Statistics for comparing how outlets word the same story.
//!
//! Pure functions only: no I/O, no global state, no panics. Every function
//! cites its formula; where a quantity is undefined for the input it returns
//! `None` rather than NaN or ±∞.
//!
//! * [`logodds`] — log-odds ratio with informative Dirichlet prior, z-score,
//!   p-value and 95% interval; priors pooled, uniform or background
//!   (Monroe, Colaresi & Quinn 2008).
//! * [`keyness`](mod@keyness) — signed log-likelihood G² (Dunning 1993), Log Ratio
//!   (Hardie 2014), %DIFF (Gabrielatos & Marchi 2012).
//! * [`multiple`] — Benjamini–Hochberg q-values (Benjamini & Hochberg 1995).
//! * [`distributions`] — normal, χ²(1) and Student's t tail probabilities,
//!   accurate far into the tail.
//! * [`bootstrap`] — document-level bootstrap of rates per 10,000 tokens
//!   (Lijffijt et al. 2016), with a built-in SplitMix64 generator
//!   (Steele, Lea & Flood 2014) so results are reproducible from a seed.
//! * [`welch`] — Welch's t-test on per-document rates (Welch 1947;
//!   Satterthwaite 1946).
//! * [`proportion`] — Wilson score interval for a share (Wilson 1927).
//!
//! # References
//!
//! * Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery
//!   rate: a practical and powerful approach to multiple testing. *Journal
//!   of the Royal Statistical Society, Series B*, 57(1), 289–300.
//! * Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their
//!   Application*. Cambridge University Press.
//! * Dunning, T. (1993). Accurate methods for the statistics of surprise
//!   and coincidence. *Computational Linguistics*, 19(1), 61–74.
//! * Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and
//!   practical issues. CADS International Conference 2012, University of
//!   Bologna, 13–14 September 2012.
//! * Hardie, A. (2014). Log Ratio — an informal introduction. ESRC Centre
//!   for Corpus Approaches to Social Science (CASS), Lancaster University.
//! * Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical
//!   packages. *The American Statistician*, 50(4), 361–365.
//! * Lemire, D. (2019). Fast random integer generation in an interval.
//!   *ACM Transactions on Modeling and Computer Simulation*, 29(1), 3:1–3:12.
//! * Lijffijt, J., Nevalainen, T., Säily, T., Papapetrou, P., Puolamäki, K.
//!   & Mannila, H. (2016). Significance testing of word frequencies in
//!   corpora. *Digital Scholarship in the Humanities*, 31(2), 374–397.
//! * Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
//!   lexical feature selection and evaluation for identifying the content
//!   of political conflict. *Political Analysis*, 16(4), 372–403.
//! * Satterthwaite, F. E. (1946). An approximate distribution of estimates
//!   of variance components. *Biometrics Bulletin*, 2(6), 110–114.
//! * Steele, G. L., Lea, D. & Flood, C. H. (2014). Fast splittable
//!   pseudorandom number generators. *Proceedings of OOPSLA 2014*, ACM,
//!   453–472.
//! * Welch, B. L. (1947). The generalization of "Student's" problem when
//!   several different population variances are involved. *Biometrika*,
//!   34(1–2), 28–35.
//! * Wilson, E. B. (1927). Probable inference, the law of succession, and
//!   statistical inference. *Journal of the American Statistical
//!   Association*, 22(158), 209–212.

pub mod bootstrap;
pub mod compare;
pub mod distributions;
pub mod keyness;
pub mod logodds;
pub mod multiple;
pub mod proportion;
pub mod welch;

pub use bootstrap::{
    bootstrap_rate_ci, bootstrap_rate_diff, group_seed, percentile_sorted, pooled_rate, SplitMix64,
    RATE_SCALE,
};
pub use distributions::{chi2_1_sf, normal_two_sided_p, student_t_two_sided_p, Z_95};
pub use keyness::{keyness, Keyness};
pub use logodds::{
    log_odds, prior_alpha, Alpha, LogOdds, LogOddsInput, Prior, Variance, BACKGROUND_FLOOR,
};
pub use multiple::bh_qvalues;
pub use proportion::wilson_interval;
pub use welch::{mean_of_parts, welch_t_test, welch_t_test_parts, WelchTest};
