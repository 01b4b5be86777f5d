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
use crate::stats::logodds::{log_odds, prior_alpha, Alpha, LogOdds, LogOddsInput, Prior, Variance};
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

/// The comparisons to make: every group against the rest; each `explicit`
/// pair of group names in the direction given (`--compare A:B`); with
/// `pairs`, every other unordered pair once (the group first in name order
/// on the left). Fewer than two groups: no comparisons.
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
    // explicit pairs first, so that --pairs does not turn A:B into B:A
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
    if pairs {
        for a in 0..names.len() {
            for b in a + 1..names.len() {
                have_pair(&mut out, a, b);
            }
        }
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

/// One item's results in one comparison (an item is a term, or a frame
/// category).
#[derive(Debug, Clone, PartialEq)]
pub struct TermTest {
    /// Index of the item ([`Counts::terms`] for terms, the matcher's
    /// categories for frames).
    pub item: usize,
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

/// Counts of one item on both sides: (y_i, n_i, y_j, n_j).
type Sides = (u64, u64, u64, u64);

/// Side totals of a comparison for one item, from per-group counts `y`
/// (indexed by group), the item's pooled count, group totals and the
/// pooled total.
fn sides(cmp: &Comparison, y: impl Fn(usize) -> u64, pooled: u64, n: &[u64], total: u64) -> Sides {
    let y_i = y(cmp.group);
    let n_i = n[cmp.group];
    match cmp.versus {
        Versus::Rest => (y_i, n_i, pooled - y_i, total - n_i),
        Versus::Group(j) => (y_i, n_i, y(j), n[j]),
    }
}

/// Log-odds and keyness of one item.
fn test_item(
    item: usize,
    (y_i, n_i, y_j, n_j): Sides,
    alpha: Option<Alpha>,
    variance: Variance,
) -> TermTest {
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
            variance,
        )
    });
    TermTest {
        item,
        count: y_i,
        versus_count: y_j,
        log_odds: lo,
        log_odds_q: None,
        keyness: keyness(y_i as f64, n_i as f64, y_j as f64, n_j as f64),
        keyness_q: None,
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
    let n: Vec<u64> = counts.groups.iter().map(|g| g.tokens).collect();
    // (term, its count over all groups, its sides)
    let tested: Vec<(usize, u64, Sides)> = counts
        .terms
        .iter()
        .enumerate()
        .map(|(k, t)| (k, t, t.total()))
        .filter(|&(_, _, pooled)| pooled >= opts.min_count.max(1))
        .map(|(k, t, pooled)| {
            (
                k,
                pooled,
                sides(cmp, |g| t.count(g as u32), pooled, &n, total),
            )
        })
        .filter(|(_, _, (y_i, _, y_j, _))| y_i + y_j > 0)
        .collect();
    let v = tested.len();
    let mut out: Vec<TermTest> = tested
        .iter()
        .map(|&(k, pooled, s)| {
            let t: &TermCounts = &counts.terms[k];
            let alpha = match (&opts.prior, background) {
                (Prior::Background { .. }, Some(bg)) => {
                    prior_alpha(&opts.prior, bg.count(&t.term), bg.total(), v)
                }
                _ => prior_alpha(&opts.prior, pooled as f64, total as f64, v),
            };
            test_item(k, s, alpha, opts.variance)
        })
        .collect();
    fill_q(&mut out);
    out
}

/// Test every frame category of one comparison. `hits[g][c]` are the hits
/// of category c in group g, `tokens[g]` the group's tokens. The prior is
/// pooled over all groups (a background prior is about words, so frames use
/// the pooled prior with the same α_0); every category is tested, the BH
/// family being the categories of the comparison. Results are in category
/// order.
pub fn test_categories(
    hits: &[Vec<u64>],
    tokens: &[u64],
    cmp: &Comparison,
    opts: &TestOptions,
) -> Vec<TermTest> {
    let categories = hits.first().map_or(0, Vec::len);
    let total: u64 = tokens.iter().sum();
    let prior = match opts.prior {
        Prior::Background { alpha0 } => Prior::Pooled { alpha0 },
        p => p,
    };
    let mut out: Vec<TermTest> = (0..categories)
        .map(|c| {
            let pooled: u64 = hits.iter().map(|g| g[c]).sum();
            let s = sides(cmp, |g| hits[g][c], pooled, tokens, total);
            let alpha = prior_alpha(&prior, pooled as f64, total as f64, categories);
            test_item(c, s, alpha, opts.variance)
        })
        .collect();
    fill_q(&mut out);
    out
}

/// Benjamini–Hochberg over the tests whose p-value is defined, for the
/// log-odds and the keyness p-values separately.
fn fill_q(tests: &mut [TermTest]) {
    fill(
        tests,
        |t| t.log_odds.map(|l| l.p_value),
        |t, q| t.log_odds_q = Some(q),
    );
    fill(
        tests,
        |t| t.keyness.map(|k| k.p_value),
        |t, q| t.keyness_q = Some(q),
    );
}

/// BH q-values of `p(test)` over the tests where it is defined, stored by `set`.
pub fn fill<T>(tests: &mut [T], p: impl Fn(&T) -> Option<f64>, set: impl Fn(&mut T, f64)) {
    let idx: Vec<usize> = (0..tests.len())
        .filter(|&i| p(&tests[i]).is_some())
        .collect();
    let ps: Vec<f64> = idx.iter().filter_map(|&i| p(&tests[i])).collect();
    for (&i, q) in idx.iter().zip(bh_qvalues(&ps)) {
        set(&mut tests[i], q);
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
