//! `logodds.csv` and `keyness.csv`: one row per comparison × tested term.
//! Comparisons are ordered by group name, then `(rest)` first, then the
//! other group's name; rows within a comparison by z (resp. signed G²)
//! descending, undefined last, then term.

use crate::count::{Counts, TermCounts};
use crate::error::Result;
use crate::report::csv_out::TextRef;
use crate::report::format::{write_float, Float};
use crate::report::record::push_text;
use crate::stats::compare::{Comparison, TermTest, Versus};
use serde::Serialize;

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

/// The order of a comparison's tests: by `score` descending (undefined
/// last), then term. [`Counts::terms`] is sorted by term, so the term order
/// is the item order: indices are sorted, not the (large) tests, and the
/// order is total.
fn ranked(tests: &[TermTest], score: impl Fn(&TermTest) -> Option<f64>) -> Vec<usize> {
    let mut keys: Vec<u128> = tests
        .iter()
        .enumerate()
        .map(|(i, t)| rank_key(score(t), t.item, i))
        .collect();
    // integer keys: much cheaper to compare than (Option<f64>, item) pairs
    keys.sort_unstable();
    keys.into_iter()
        .map(|k| (k & u128::from(u32::MAX)) as usize)
        .collect()
}

/// `score`, `item` and `index` packed so that ascending order of the key
/// is: a defined score descending (in [`f64::total_cmp`] order), undefined
/// last, then item, then index. Bits 63–127 hold the score, 32–62 the item,
/// 0–31 the index.
fn rank_key(score: Option<f64>, item: usize, index: usize) -> u128 {
    assert!(item < 1 << 31 && index < 1 << 32, "too many terms to rank");
    let score = match score {
        Some(x) => u128::from(!total_order_bits(x)),
        None => 1 << 64,
    };
    score << 63 | (item as u128) << 32 | index as u128
}

/// The bits of `x` as an integer whose unsigned order is the order of
/// [`f64::total_cmp`]: negative values have every bit flipped, the others
/// the sign bit set.
fn total_order_bits(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// Format one comparison's `logodds.csv` rows (by z descending) and
/// `keyness.csv` rows (by signed G² descending), without headers, so that
/// comparisons can be formatted in parallel and appended in order. The rows
/// are written straight into bytes (by a `RowWriter`); they equal
/// [`LogOddsRow`] and [`KeynessRow`] through the serde row writer
/// (property-tested).
pub fn comparison_rows(
    counts: &Counts,
    names: (&str, &str),
    tests: &[TermTest],
    excel: bool,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let w = RowWriter::new(names, excel);
    let mut lo = Vec::with_capacity(tests.len() * ROW_BYTES_GUESS);
    for i in ranked(tests, |t| t.log_odds.map(|l| l.z)) {
        let t = &tests[i];
        let l = t.log_odds;
        w.start(&mut lo, &counts.terms[t.item], t);
        w.floats(
            &mut lo,
            &[
                l.map(|l| l.delta),
                l.map(|l| l.se),
                l.map(|l| l.z),
                l.map(|l| l.p_value),
                t.log_odds_q,
                l.map(|l| l.ci_low),
                l.map(|l| l.ci_high),
            ],
        );
    }
    let mut key = Vec::with_capacity(tests.len() * ROW_BYTES_GUESS);
    for i in ranked(tests, |t| t.keyness.map(|k| k.g2)) {
        let t = &tests[i];
        let k = t.keyness;
        w.start(&mut key, &counts.terms[t.item], t);
        w.floats(
            &mut key,
            &[
                k.map(|k| k.g2),
                k.map(|k| k.p_value),
                t.keyness_q,
                k.and_then(|k| k.log_ratio),
                k.and_then(|k| k.pct_diff),
            ],
        );
    }
    Ok((lo, key))
}

/// Bytes of a typical comparison row, to size the buffers.
const ROW_BYTES_GUESS: usize = 112;

/// Writes the rows of one comparison: the group and versus cells are
/// encoded once, the text cells quoted and (with `--excel`) neutralised as
/// [`TextRef`] would be, the floats formatted by [`write_float`].
struct RowWriter {
    /// `group,versus,`, encoded.
    prefix: Vec<u8>,
    excel: bool,
}

impl RowWriter {
    fn new(names: (&str, &str), excel: bool) -> RowWriter {
        let mut prefix = Vec::new();
        for name in [names.0, names.1] {
            push_text(&mut prefix, name, excel);
            prefix.push(b',');
        }
        RowWriter { prefix, excel }
    }

    /// The cells up to the counts: group, versus, term, display, count,
    /// versus_count.
    fn start(&self, out: &mut Vec<u8>, term: &TermCounts, t: &TermTest) {
        out.extend_from_slice(&self.prefix);
        for text in [&term.term, &term.display] {
            push_text(out, text, self.excel);
            out.push(b',');
        }
        let mut num = itoa::Buffer::new();
        out.extend_from_slice(num.format(t.count).as_bytes());
        out.push(b',');
        out.extend_from_slice(num.format(t.versus_count).as_bytes());
    }

    /// The float cells, each after a comma (empty when undefined), then the
    /// end of the row.
    fn floats(&self, out: &mut Vec<u8>, cells: &[Option<f64>]) {
        for x in cells {
            out.push(b',');
            if let Some(x) = *x {
                write_float(out, x);
            }
        }
        out.push(b'\n');
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Ordering;

    /// The order of the module docs, by comparing pairs.
    fn by_score(a: Option<f64>, b: Option<f64>) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }

    fn score() -> impl Strategy<Value = Option<f64>> {
        prop_oneof![
            1 => Just(None),
            1 => any::<u64>().prop_map(|b| Some(f64::from_bits(b))),
            4 => prop::sample::select(vec![0.0, -0.0, 1.5, -1.5, f64::INFINITY,
                f64::NEG_INFINITY, f64::NAN, -f64::NAN, f64::MIN_POSITIVE, 3.0]).prop_map(Some),
        ]
    }

    /// The rows of [`comparison_rows`] through the serde row writer.
    fn rows_by_serde(
        counts: &Counts,
        names: (&str, &str),
        tests: &[TermTest],
        excel: bool,
    ) -> (Vec<u8>, Vec<u8>) {
        use crate::report::csv_out::rows_to_bytes;
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
        )
        .unwrap();
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
        )
        .unwrap();
        (lo, key)
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-zé]{1,8}",
            1 => "[=+@,\"\t a-z-]{0,6}",
        ]
    }

    proptest! {
        /// The bytes written directly equal the serde rows, text that needs
        /// quotes or (with `--excel`) neutralising included.
        #[test]
        fn rows_written_directly_equal_the_serde_rows(
            terms in proptest::collection::vec((text(), text()), 1..12),
            tests in proptest::collection::vec(
                (0usize..12, 0u64..5000, 0u64..5000, proptest::option::of(proptest::array::uniform6(score())),
                 score(), proptest::option::of((score(), score(), score(), score())), score()),
                0..20),
            names in (text(), text()),
            excel in any::<bool>(),
        ) {
            let counts = Counts {
                groups: Vec::new(),
                terms: terms
                    .iter()
                    .map(|(term, display)| TermCounts {
                        term: term.clone(),
                        display: display.clone(),
                        forms: Vec::new(),
                        cells: Vec::new(),
                    })
                    .collect(),
            };
            let tests: Vec<TermTest> = tests
                .into_iter()
                .map(|(item, count, versus_count, lo, lo_q, k, k_q)| TermTest {
                    item: item % terms.len(),
                    count,
                    versus_count,
                    log_odds: lo.map(|v| crate::stats::logodds::LogOdds {
                        delta: v[0].unwrap_or(0.0),
                        se: v[1].unwrap_or(1.0),
                        z: v[2].unwrap_or(f64::NAN),
                        p_value: v[3].unwrap_or(0.5),
                        ci_low: v[4].unwrap_or(-1.0),
                        ci_high: v[5].unwrap_or(1e-9),
                    }),
                    log_odds_q: lo_q,
                    keyness: k.map(|(g2, p, lr, pd)| crate::stats::keyness::Keyness {
                        g2: g2.unwrap_or(0.0),
                        p_value: p.unwrap_or(1.0),
                        log_ratio: lr,
                        pct_diff: pd,
                    }),
                    keyness_q: k_q,
                })
                .collect();
            let names = (names.0.as_str(), names.1.as_str());
            let (lo, key) = comparison_rows(&counts, names, &tests, excel).unwrap();
            let (lo2, key2) = rows_by_serde(&counts, names, &tests, excel);
            prop_assert_eq!(String::from_utf8(lo).unwrap(), String::from_utf8(lo2).unwrap());
            prop_assert_eq!(String::from_utf8(key).unwrap(), String::from_utf8(key2).unwrap());
        }

        #[test]
        fn integer_keys_rank_like_the_comparator(
            tests in proptest::collection::vec((score(), 0usize..1000), 0..60),
        ) {
            let tests: Vec<TermTest> = tests
                .into_iter()
                .map(|(z, item)| TermTest {
                    item,
                    count: 0,
                    versus_count: 0,
                    log_odds: None,
                    log_odds_q: z,
                    keyness: None,
                    keyness_q: None,
                })
                .collect();
            let mut want: Vec<usize> = (0..tests.len()).collect();
            want.sort_by(|&a, &b| {
                let (a, b) = (&tests[a], &tests[b]);
                by_score(a.log_odds_q, b.log_odds_q).then(a.item.cmp(&b.item))
            });
            let got = ranked(&tests, |t| t.log_odds_q);
            // equal keys (same score bits and item) may come in either order
            let key = |i: usize| (tests[i].log_odds_q.map(f64::to_bits), tests[i].item);
            prop_assert_eq!(got.iter().map(|&i| key(i)).collect::<Vec<_>>(),
                want.iter().map(|&i| key(i)).collect::<Vec<_>>());
        }
    }
}
