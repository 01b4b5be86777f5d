//! Frame post-processing after the counting pass: groups in report order,
//! bootstrap intervals per group × category, and the frame comparisons with
//! their document-level tests.

use crate::count::frames::{CategoryTotal, FrameTotals};
use crate::count::narrow::Narrow;
use crate::report::frames::DocLevel;
use crate::stats::bootstrap::{bootstrap_rate_cis, group_seed, RATE_SCALE};
use crate::stats::compare::{fill, test_categories, Comparison, TermTest, TestOptions, Versus};
use crate::stats::welch::{mean_of_parts, welch_t_test_parts};
use crate::with_narrow;
use rayon::prelude::*;

/// Fewest documents a group needs for a bootstrap interval.
pub const MIN_BOOTSTRAP_DOCS: usize = 2;

/// Frame data of one group, in report (name) order.
#[derive(Debug, Clone, Default)]
pub struct GroupFrameData {
    /// Totals per category.
    pub totals: Vec<CategoryTotal>,
    /// Per-document hits, row-major.
    pub doc_hits: Narrow,
    /// Per-document tokens.
    pub doc_tokens: Narrow,
}

/// The report's groups: the pass's group names in name order, as the
/// merged [`Counts`](crate::count::Counts) holds them.
pub fn report_order(pass_names: &[String]) -> Vec<String> {
    let mut names = pass_names.to_vec();
    names.sort();
    names.dedup();
    names
}

/// Reorder pass groups (named `pass_names`) into the report's name order
/// (`report_names`, from [`report_order`]).
pub fn by_report_group(
    mut totals: FrameTotals,
    report_names: &[String],
    pass_names: &[String],
) -> Vec<GroupFrameData> {
    let c = totals.categories;
    let mut out: Vec<GroupFrameData> = report_names
        .iter()
        .map(|_| GroupFrameData {
            totals: vec![CategoryTotal::default(); c],
            ..Default::default()
        })
        .collect();
    for (g, name) in pass_names.iter().enumerate() {
        let Ok(s) = report_names.binary_search(name) else {
            continue;
        };
        if let Some(t) = totals.groups.get_mut(g) {
            out[s].totals = std::mem::take(t);
            out[s].doc_hits = std::mem::take(&mut totals.doc_hits[g]);
            out[s].doc_tokens = std::mem::take(&mut totals.doc_tokens[g]);
        }
    }
    out
}

/// Bootstrap intervals per group (in report order) × category. Each group's
/// seed derives from the run seed and its position in name order, so
/// results do not depend on threads or reading order.
pub fn bootstrap_cis(
    groups: &[GroupFrameData],
    replicates: usize,
    seed: u64,
) -> Vec<Vec<Option<(f64, f64)>>> {
    groups
        .par_iter()
        .enumerate()
        .map(|(s, g)| {
            let c = g.totals.len();
            // Resampling one document always gives it back: no interval below two.
            if g.doc_tokens.len() < MIN_BOOTSTRAP_DOCS {
                vec![None; c]
            } else {
                let seed = group_seed(seed, s as u64);
                with_narrow!(&g.doc_hits, hits => with_narrow!(&g.doc_tokens, tokens =>
                    bootstrap_rate_cis(hits, tokens, c, replicates, seed)))
            }
        })
        .collect()
}

/// Per group (as `groups`), per category: the rates per 10k of the group's
/// documents with tokens, in document order; the samples of the
/// document-level tests, made once for every comparison.
pub fn doc_rates(groups: &[GroupFrameData]) -> Vec<Vec<Vec<f64>>> {
    groups
        .par_iter()
        .map(|g| {
            let c = g.totals.len();
            let mut rates = vec![Vec::new(); c];
            for (d, t) in g.doc_tokens.iter().enumerate().filter(|&(_, t)| t > 0) {
                for (k, r) in rates.iter_mut().enumerate() {
                    r.push(RATE_SCALE * g.doc_hits.get(d * c + k) as f64 / t as f64);
                }
            }
            rates
        })
        .collect()
}

/// Token-level tests and document-level Welch tests of one comparison, one
/// entry per category (`rates` from [`doc_rates`]).
pub fn compare(
    groups: &[GroupFrameData],
    rates: &[Vec<Vec<f64>>],
    tokens: &[u64],
    cmp: &Comparison,
    opts: &TestOptions,
) -> (Vec<TermTest>, Vec<DocLevel>) {
    let c = groups.first().map_or(0, |g| g.totals.len());
    let hits: Vec<Vec<u64>> = groups
        .iter()
        .map(|g| g.totals.iter().map(|t| t.hits).collect())
        .collect();
    let tests = test_categories(&hits, tokens, cmp, opts);
    let mut docs: Vec<DocLevel> = (0..c)
        .map(|k| {
            let a = [rates[cmp.group][k].as_slice()];
            // the other side in group order, as one sample
            let b: Vec<&[f64]> = match cmp.versus {
                Versus::Group(j) => vec![&rates[j][k]],
                Versus::Rest => rates
                    .iter()
                    .enumerate()
                    .filter(|(s, _)| *s != cmp.group)
                    .map(|(_, r)| r[k].as_slice())
                    .collect(),
            };
            DocLevel {
                rate: mean_of_parts(&a),
                versus_rate: mean_of_parts(&b),
                welch: welch_t_test_parts(&a, &b),
                q: None,
            }
        })
        .collect();
    fill(
        &mut docs,
        |d| d.welch.map(|w| w.p_value),
        |d, q| d.q = Some(q),
    );
    (tests, docs)
}
