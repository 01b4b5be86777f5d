//! `logodds.csv` and `keyness.csv`: one row per comparison × tested term.
//! Comparisons are ordered by group name, then `(rest)` first, then the
//! other group's name; rows within a comparison by z (resp. signed G²)
//! descending, undefined last, then term.

use crate::count::Counts;
use crate::error::Result;
use crate::report::csv_out::{rows_to_bytes, TextRef};
use crate::report::format::Float;
use crate::stats::compare::{Comparison, TermTest, Versus};
use serde::Serialize;
use std::cmp::Ordering;

/// One row of `logodds.csv`.
#[derive(Debug, Default, Serialize)]
pub struct LogOddsRow<'a> {
    /// Left side.
    pub group: TextRef<'a>,
    /// Right side: another group or `(rest)`.
    pub versus: TextRef<'a>,
    /// Term.
    pub term: TextRef<'a>,
    /// Readable form.
    pub display: TextRef<'a>,
    /// y_iw.
    pub count: u64,
    /// y_jw.
    pub versus_count: u64,
    /// δ, the log-odds ratio with Dirichlet prior.
    pub delta: Float,
    /// σ, its standard error.
    pub se: Float,
    /// z = δ/σ.
    pub z: Float,
    /// Two-sided p from the normal.
    pub p_value: Float,
    /// Benjamini–Hochberg q over the comparison's terms.
    pub q_value: Float,
    /// 95% interval for δ: lower bound.
    pub ci_low: Float,
    /// 95% interval for δ: upper bound.
    pub ci_high: Float,
}

/// One row of `keyness.csv`.
#[derive(Debug, Default, Serialize)]
pub struct KeynessRow<'a> {
    /// Left side.
    pub group: TextRef<'a>,
    /// Right side.
    pub versus: TextRef<'a>,
    /// Term.
    pub term: TextRef<'a>,
    /// Readable form.
    pub display: TextRef<'a>,
    /// f1.
    pub count: u64,
    /// f2.
    pub versus_count: u64,
    /// Signed Dunning G².
    pub g2: Float,
    /// p from χ²(1).
    pub p_value: Float,
    /// BH q.
    pub q_value: Float,
    /// log2 ratio of relative frequencies (zero count → 0.5).
    pub log_ratio: Float,
    /// %DIFF.
    pub pct_diff: Float,
}

/// Sort key: a defined score descending, undefined last, then term.
fn by_score(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The order of a comparison's tests: by `score` descending (undefined
/// last), then term. [`Counts::terms`] is sorted by term and each term is
/// tested once, so the term order is the item order: indices are sorted, not
/// the (large) tests, and the order is total.
fn ranked(tests: &[TermTest], score: impl Fn(&TermTest) -> Option<f64>) -> Vec<usize> {
    let mut keyed: Vec<(Option<f64>, usize, usize)> = tests
        .iter()
        .enumerate()
        .map(|(i, t)| (score(t), t.item, i))
        .collect();
    keyed.sort_unstable_by(|a, b| by_score(a.0, b.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|k| k.2).collect()
}

/// Format one comparison's `logodds.csv` rows (by z descending) and
/// `keyness.csv` rows (by signed G² descending), without headers, so that
/// comparisons can be formatted in parallel and appended in order.
pub fn comparison_rows(
    counts: &Counts,
    names: (&str, &str),
    tests: &[TermTest],
    excel: bool,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let lo = rows_to_bytes(
        ranked(tests, |t| t.log_odds.map(|l| l.z))
            .into_iter()
            .map(|i| {
                let t = &tests[i];
                let term = &counts.terms[t.item];
                let lo = t.log_odds;
                LogOddsRow {
                    group: TextRef(names.0),
                    versus: TextRef(names.1),
                    term: TextRef(&term.term),
                    display: TextRef(&term.display),
                    count: t.count,
                    versus_count: t.versus_count,
                    delta: lo.map(|l| l.delta).into(),
                    se: lo.map(|l| l.se).into(),
                    z: lo.map(|l| l.z).into(),
                    p_value: lo.map(|l| l.p_value).into(),
                    q_value: t.log_odds_q.into(),
                    ci_low: lo.map(|l| l.ci_low).into(),
                    ci_high: lo.map(|l| l.ci_high).into(),
                }
            }),
        excel,
    )?;
    let key = rows_to_bytes(
        ranked(tests, |t| t.keyness.map(|k| k.g2))
            .into_iter()
            .map(|i| {
                let t = &tests[i];
                let term = &counts.terms[t.item];
                let k = t.keyness;
                KeynessRow {
                    group: TextRef(names.0),
                    versus: TextRef(names.1),
                    term: TextRef(&term.term),
                    display: TextRef(&term.display),
                    count: t.count,
                    versus_count: t.versus_count,
                    g2: k.map(|k| k.g2).into(),
                    p_value: k.map(|k| k.p_value).into(),
                    q_value: t.keyness_q.into(),
                    log_ratio: k.and_then(|k| k.log_ratio).into(),
                    pct_diff: k.and_then(|k| k.pct_diff).into(),
                }
            }),
        excel,
    )?;
    Ok((lo, key))
}

/// Order comparisons by group name, then `(rest)` first, then the other
/// group's name.
pub fn order(comparisons: &mut [Comparison], names: &[String]) {
    let key = |c: &Comparison| match c.versus {
        Versus::Rest => (0, ""),
        Versus::Group(j) => (1, names[j].as_str()),
    };
    comparisons.sort_by(|a, b| {
        names[a.group]
            .cmp(&names[b.group])
            .then_with(|| key(a).cmp(&key(b)))
    });
}
