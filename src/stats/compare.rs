//! Comparisons of groups on a count table: which comparisons a run makes,
//! which terms each tests, and the log-odds, keyness and BH q-values of each
//! term. Pure: counts in, numbers out.
//!
//! * A comparison sets group i against j, where j is another group or
//!   `(rest)`, all other groups pooled: y_j = y_w − y_iw, n_j = n − n_i.
//! * Totals n are token totals (stop words included), the denominators of
//!   every rate.
//! * A term is tested when its count over all groups is at least
//!   `min_count` and it occurs on at least one side of the comparison. The
//!   Benjamini–Hochberg family is the set of terms tested in one comparison.

use crate::count::{Counts, TermCounts};
use crate::stats::keyness::{keyness, Keyness};
use crate::stats::logodds::{log_odds, prior_alpha, LogOdds, LogOddsInput, Prior, Variance};
use crate::stats::multiple::bh_qvalues;

/// The label of the pooled other side.
pub const REST: &str = "(rest)";

/// The other side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versus {
    /// All other groups pooled.
    Rest,
    /// One other group (an index into [`Counts::groups`]).
    Group(usize),
}

/// One comparison: group `group` against `versus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// Index into [`Counts::groups`].
    pub group: usize,
    /// The other side.
    pub versus: Versus,
}

/// The comparisons to make: every group against the rest; with `pairs`
/// every unordered pair once (the group first in name order on the left);
/// plus each `explicit` pair of group names as given (`--compare A:B`),
/// unless already included. Fewer than two groups: no comparisons.
pub fn plan(
    names: &[String],
    pairs: bool,
    explicit: &[(String, String)],
) -> Result<Vec<Comparison>, String> {
    let mut out = Vec::new();
    if names.len() < 2 {
        return Ok(out);
    }
    for g in 0..names.len() {
        out.push(Comparison {
            group: g,
            versus: Versus::Rest,
        });
    }
    let have_pair = |out: &mut Vec<Comparison>, a: usize, b: usize| {
        let dup = out.iter().any(|c| {
            matches!(c.versus, Versus::Group(v) if (c.group, v) == (a, b) || (c.group, v) == (b, a))
        });
        if !dup {
            out.push(Comparison {
                group: a,
                versus: Versus::Group(b),
            });
        }
    };
    if pairs {
        for a in 0..names.len() {
            for b in a + 1..names.len() {
                have_pair(&mut out, a, b);
            }
        }
    }
    for (a, b) in explicit {
        let find = |n: &str| {
            names.iter().position(|x| x == n).ok_or_else(|| {
                format!(
                    "--compare {a}:{b}: there is no group named '{n}'; the groups are: {}",
                    names.join(", ")
                )
            })
        };
        let (ia, ib) = (find(a)?, find(b)?);
        if ia == ib {
            return Err(format!(
                "--compare {a}:{b}: a group cannot be compared with itself"
            ));
        }
        have_pair(&mut out, ia, ib);
    }
    Ok(out)
}

impl Comparison {
    /// The name of the other side.
    pub fn versus_name<'a>(&self, names: &'a [String]) -> &'a str {
        match self.versus {
            Versus::Rest => REST,
            Versus::Group(j) => &names[j],
        }
    }
}

/// How terms are tested.
#[derive(Debug, Clone, PartialEq)]
pub struct TestOptions {
    /// The Dirichlet prior.
    pub prior: Prior,
    /// Monroe's 2-term variance or the 4-term form.
    pub variance: Variance,
    /// Minimum pooled count of a tested term.
    pub min_count: u64,
}

/// One term's results in one comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct TermTest {
    /// Index into [`Counts::terms`].
    pub term: usize,
    /// y_iw: count on the left side.
    pub count: u64,
    /// y_jw: count on the other side.
    pub versus_count: u64,
    /// Log-odds with the Dirichlet prior (None when undefined).
    pub log_odds: Option<LogOdds>,
    /// BH q-value of the log-odds p-value.
    pub log_odds_q: Option<f64>,
    /// Keyness (None when undefined).
    pub keyness: Option<Keyness>,
    /// BH q-value of the G² p-value.
    pub keyness_q: Option<f64>,
}

/// The background counts of a `--prior background:FILE`, looked up by term.
pub trait BackgroundCounts {
    /// b_w: the term's count in the background (0 if absent).
    fn count(&self, term: &str) -> f64;
    /// B: the background total.
    fn total(&self) -> f64;
}

/// Side totals (y_w, n) of a comparison for term `t`.
fn sides(counts: &Counts, cmp: &Comparison, t: &TermCounts, total: u64) -> (u64, u64, u64, u64) {
    let i = cmp.group as u32;
    let y_i = t.count(i);
    let n_i = counts.groups[cmp.group].tokens;
    match cmp.versus {
        Versus::Rest => (y_i, n_i, t.total() - y_i, total - n_i),
        Versus::Group(j) => (y_i, n_i, t.count(j as u32), counts.groups[j].tokens),
    }
}

/// Test every eligible term of one comparison. Results are in term order.
pub fn test_terms(
    counts: &Counts,
    cmp: &Comparison,
    opts: &TestOptions,
    background: Option<&dyn BackgroundCounts>,
) -> Vec<TermTest> {
    let total = counts.total_tokens();
    let tested: Vec<(usize, (u64, u64, u64, u64))> = counts
        .terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.total() >= opts.min_count.max(1))
        .map(|(k, t)| (k, sides(counts, cmp, t, total)))
        .filter(|(_, (y_i, _, y_j, _))| y_i + y_j > 0)
        .collect();
    let v = tested.len();
    let mut out: Vec<TermTest> = tested
        .iter()
        .map(|&(k, (y_i, n_i, y_j, n_j))| {
            let t = &counts.terms[k];
            let alpha = match (&opts.prior, background) {
                (Prior::Background { .. }, Some(bg)) => {
                    prior_alpha(&opts.prior, bg.count(&t.term), bg.total(), v)
                }
                _ => prior_alpha(&opts.prior, t.total() as f64, total as f64, v),
            };
            let lo = alpha.and_then(|a| {
                log_odds(
                    &LogOddsInput {
                        y_i: y_i as f64,
                        n_i: n_i as f64,
                        y_j: y_j as f64,
                        n_j: n_j as f64,
                        alpha_w: a.alpha_w,
                        alpha_0: a.alpha_0,
                    },
                    opts.variance,
                )
            });
            TermTest {
                term: k,
                count: y_i,
                versus_count: y_j,
                log_odds: lo,
                log_odds_q: None,
                keyness: keyness(y_i as f64, n_i as f64, y_j as f64, n_j as f64),
                keyness_q: None,
            }
        })
        .collect();
    fill_q(
        &mut out,
        |t| t.log_odds.map(|l| l.p_value),
        |t, q| t.log_odds_q = q,
    );
    fill_q(
        &mut out,
        |t| t.keyness.map(|k| k.p_value),
        |t, q| t.keyness_q = q,
    );
    out
}

/// BH over the tests whose p-value is defined.
fn fill_q(
    tests: &mut [TermTest],
    p: impl Fn(&TermTest) -> Option<f64>,
    set: impl Fn(&mut TermTest, Option<f64>),
) {
    let idx: Vec<usize> = (0..tests.len())
        .filter(|&i| p(&tests[i]).is_some())
        .collect();
    let ps: Vec<f64> = idx.iter().filter_map(|&i| p(&tests[i])).collect();
    for (&i, q) in idx.iter().zip(bh_qvalues(&ps)) {
        set(&mut tests[i], Some(q));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plan_rest_pairs_and_explicit() {
        let g = names(&["A", "B", "C"]);
        assert_eq!(plan(&g, false, &[]).unwrap().len(), 3);
        assert_eq!(plan(&g, true, &[]).unwrap().len(), 6);
        let ex = [("C".to_string(), "A".to_string())];
        let p = plan(&g, false, &ex).unwrap();
        assert_eq!(p.len(), 4);
        assert_eq!(
            p[3],
            Comparison {
                group: 2,
                versus: Versus::Group(0)
            }
        );
        assert_eq!(
            plan(&g, true, &ex).unwrap().len(),
            6,
            "C:A is the pair A:C already planned"
        );
        assert!(plan(&g, false, &[("A".into(), "Z".into())]).is_err());
        assert!(plan(&names(&["A"]), true, &[]).unwrap().is_empty());
    }
}
