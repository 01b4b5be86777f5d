//! Frame reports: `frames.csv`, `frames_by_doc.csv`, `frame_hits.csv`,
//! `lexicon_audit.csv`, `concepts.csv` and `frames_compare.csv`. Column
//! meanings are in `reports/README.md`.

use crate::count::context::ContextBufs;
use crate::count::frames::{CategoryCount, CategoryTotal, HitRecord};
use crate::error::Result;
use crate::lexicon::Matcher;
use crate::report::csv_out::{CsvSink, Text, TextRef};
use crate::report::format::{write_float, Float};
use crate::report::record::push_text;
use crate::report::terms::per_10k;
use crate::stats::compare::TermTest;
use crate::stats::welch::WelchTest;
use crate::stats::wilson_interval;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::io::Write;

/// A wildcard pattern that matched at least this many distinct words is
/// flagged `broad_wildcard` in the audit.
pub const BROAD_WILDCARD_FORMS: usize = 4;
/// Forms listed per pattern in the audit.
pub const AUDIT_FORMS: usize = 20;

/// One row of `frames_by_doc.csv`.
#[derive(Debug, Default, Serialize)]
pub struct FrameDocRow<'a> {
    /// Document id.
    pub doc_id: TextRef<'a>,
    /// Group.
    pub group: TextRef<'a>,
    /// Category.
    pub category: TextRef<'a>,
    /// Hits in the document.
    pub hits: u32,
    /// Hits inside quotation marks.
    pub hits_quoted: u32,
    /// Hits in the outlet's own voice.
    pub hits_own: u32,
    /// Tokens of the document.
    pub tokens: u64,
    /// Hits per 10,000 tokens of the document.
    pub per_10k: Float,
}

/// One row of `frame_hits.csv`.
#[derive(Debug, Default, Serialize)]
pub struct FrameHitRow<'a> {
    /// Document id.
    pub doc_id: TextRef<'a>,
    /// Group.
    pub group: TextRef<'a>,
    /// Category.
    pub category: TextRef<'a>,
    /// The lexicon pattern as written.
    pub pattern: TextRef<'a>,
    /// The text exactly as written.
    pub matched: TextRef<'a>,
    /// Context before.
    pub left: TextRef<'a>,
    /// Context after.
    pub right: TextRef<'a>,
    /// Inside quotation marks.
    pub quoted: bool,
    /// Sentence number in the document (0-based).
    pub sentence: u32,
    /// Token index of the first matched word (0-based).
    pub token: u32,
    /// Byte offset in the document text.
    pub byte: u64,
}

/// `doc_id,group,` of one document, encoded once for all its rows.
fn doc_prefix(doc_id: &str, group: &str, excel: bool) -> Vec<u8> {
    let mut prefix = Vec::with_capacity(doc_id.len() + group.len() + 2);
    push_text(&mut prefix, doc_id, excel);
    prefix.push(b',');
    push_text(&mut prefix, group, excel);
    prefix.push(b',');
    prefix
}

/// Writes rows of `frames_by_doc.csv` (one per document and category)
/// straight into bytes: each category's cell is encoded once per run, the
/// document's id and group once per document. The bytes equal
/// [`FrameDocRow`] through the serde row writer (property-tested).
pub struct DocRowWriter {
    excel: bool,
    /// Per category: `category,` encoded.
    categories: Vec<Vec<u8>>,
}

impl DocRowWriter {
    /// A writer for `matcher`'s categories.
    pub fn new(matcher: &Matcher, excel: bool) -> DocRowWriter {
        let categories = matcher
            .categories()
            .iter()
            .map(|name| {
                let mut cell = Vec::new();
                push_text(&mut cell, name, excel);
                cell.push(b',');
                cell
            })
            .collect();
        DocRowWriter { excel, categories }
    }

    /// Append one document's rows (every category, zeros included, from its
    /// `counts` indexed like the matcher's categories) to `out`.
    pub fn write(
        &self,
        out: &mut Vec<u8>,
        doc_id: &str,
        group: &str,
        tokens: u64,
        counts: &[CategoryCount],
    ) {
        let prefix = doc_prefix(doc_id, group, self.excel);
        out.reserve(self.categories.len() * (prefix.len() + 48));
        let mut num = itoa::Buffer::new();
        for (cell, k) in self.categories.iter().zip(counts) {
            out.extend_from_slice(&prefix);
            out.extend_from_slice(cell);
            for n in [k.hits, k.quoted, k.hits - k.quoted] {
                out.extend_from_slice(num.format(n).as_bytes());
                out.push(b',');
            }
            out.extend_from_slice(num.format(tokens).as_bytes());
            out.push(b',');
            if let Some(rate) = per_10k(u64::from(k.hits), tokens) {
                write_float(out, rate);
            }
            out.push(b'\n');
        }
    }
}

/// Writes rows of `frame_hits.csv` (one per lexicon hit, the table that
/// grows with the corpus) straight into bytes: the cells that repeat (the
/// document's id and group, each entry's category and pattern) are encoded
/// once, and a span matched by several categories has its context cut once.
/// The bytes equal [`FrameHitRow`] through the serde row writer
/// (property-tested).
pub struct HitWriter {
    excel: bool,
    width: usize,
    /// Per lexicon entry: `category,pattern,` encoded.
    entry_cells: Vec<Vec<u8>>,
}

impl HitWriter {
    /// A writer for `matcher`'s entries with `width` characters of context.
    pub fn new(matcher: &Matcher, excel: bool, width: usize) -> HitWriter {
        let categories = matcher.categories();
        let entry_cells = matcher
            .entries()
            .iter()
            .enumerate()
            .map(|(e, entry)| {
                let mut cells = Vec::new();
                push_text(
                    &mut cells,
                    &categories[matcher.category_index(e as u32)],
                    excel,
                );
                cells.push(b',');
                push_text(&mut cells, &entry.pattern, excel);
                cells.push(b',');
                cells
            })
            .collect();
        HitWriter {
            excel,
            width,
            entry_cells,
        }
    }

    /// Append the rows of one document's `hits` to `out`.
    pub fn write(
        &self,
        out: &mut Vec<u8>,
        doc_id: &str,
        group: &str,
        text: &str,
        hits: &[HitRecord],
    ) {
        let prefix = doc_prefix(doc_id, group, self.excel);
        // The cells after the entry's (`matched,left,right,quoted,sentence,
        // token,byte` and the newline) depend on the matched span alone:
        // written once per span, straight into `out`, and copied from there
        // for the next hits on the same span (one per category that
        // matched it).
        let mut tail = 0..0;
        let mut span = None;
        let mut bufs = ContextBufs::default();
        for h in hits {
            out.extend_from_slice(&prefix);
            out.extend_from_slice(&self.entry_cells[h.entry as usize]);
            let key = (h.byte, h.end, h.quoted, h.sentence, h.token);
            if span == Some(key) {
                out.extend_from_within(tail.clone());
                continue;
            }
            span = Some(key);
            let from = out.len();
            let (start, end) = (h.byte as usize, h.end as usize);
            let (left, right) = bufs.cut(text, start, end, self.width);
            for cell in [&text[start..end], left, right] {
                push_text(out, cell, self.excel);
                out.push(b',');
            }
            out.extend_from_slice(if h.quoted { b"true," } else { b"false," });
            let mut num = itoa::Buffer::new();
            out.extend_from_slice(num.format(h.sentence).as_bytes());
            out.push(b',');
            out.extend_from_slice(num.format(h.token).as_bytes());
            out.push(b',');
            out.extend_from_slice(num.format(h.byte).as_bytes());
            out.push(b'\n');
            tail = from..out.len();
        }
    }
}

/// One row of `frames.csv`.
#[derive(Debug, Default, Serialize)]
pub struct FrameRow {
    /// Group.
    pub group: Text,
    /// Category.
    pub category: Text,
    /// Hits.
    pub hits: u64,
    /// Hits inside quotation marks.
    pub hits_quoted: u64,
    /// Hits in the outlet's own voice.
    pub hits_own: u64,
    /// Tokens of the group.
    pub tokens: u64,
    /// Hits per 10,000 tokens.
    pub per_10k: Float,
    /// Bootstrap 95% interval of per_10k over documents: low.
    pub ci_low: Float,
    /// Bootstrap 95% interval: high.
    pub ci_high: Float,
    /// Documents with at least one hit.
    pub docs_with_hit: u64,
    /// Documents of the group.
    pub docs: u64,
    /// Sum of hit weights (empty when the category's entries have no weights).
    pub weighted: Float,
}

/// A group's frame data, in report order.
pub struct GroupFrames<'a> {
    /// Group name.
    pub name: &'a str,
    /// Tokens.
    pub tokens: u64,
    /// Documents with text.
    pub docs: u64,
    /// Totals per category.
    pub totals: &'a [CategoryTotal],
    /// Bootstrap interval per category.
    pub cis: &'a [Option<(f64, f64)>],
}

/// Write `frames.csv`: groups by name, categories by name.
pub fn write_frames<W: Write>(
    groups: &[GroupFrames],
    matcher: &Matcher,
    sink: &mut CsvSink<W>,
) -> Result<()> {
    let weighted: Vec<bool> = (0..matcher.categories().len())
        .map(|c| {
            matcher
                .entries()
                .iter()
                .enumerate()
                .any(|(e, x)| x.weight.is_some() && matcher.category_index(e as u32) == c)
        })
        .collect();
    for g in groups {
        for (c, name) in matcher.categories().iter().enumerate() {
            let t = g.totals[c];
            sink.row(&FrameRow {
                group: g.name.into(),
                category: name.as_str().into(),
                hits: t.hits,
                hits_quoted: t.quoted,
                hits_own: t.hits - t.quoted,
                tokens: g.tokens,
                per_10k: per_10k(t.hits, g.tokens).into(),
                ci_low: g.cis[c].map(|x| x.0).into(),
                ci_high: g.cis[c].map(|x| x.1).into(),
                docs_with_hit: t.docs_with_hit,
                docs: g.docs,
                weighted: weighted[c].then_some(t.weighted).into(),
            })?;
        }
    }
    Ok(())
}

/// One row of `lexicon_audit.csv`.
#[derive(Debug, Default, Serialize)]
pub struct AuditRow {
    /// Category.
    pub category: Text,
    /// Pattern as written.
    pub pattern: Text,
    /// Pattern as normalised (the words matched against).
    pub normalised: Text,
    /// Lexicon file.
    pub file: Text,
    /// Line in the lexicon file.
    pub line: u64,
    /// Hits.
    pub hits: u64,
    /// Documents with a hit.
    pub docs: u64,
    /// Distinct words or phrases matched.
    pub distinct_forms: usize,
    /// Forms matched with counts, most frequent first (at most 20).
    pub forms: Text,
    /// `unmatched`, `broad_wildcard` or empty.
    pub flag: Text,
}

/// Write `lexicon_audit.csv`: every entry, in lexicon order. An entry's
/// hits are those of its matched forms (every hit has one).
pub fn write_audit<W: Write>(
    matcher: &Matcher,
    entry_docs: &[u64],
    entry_forms: &[FxHashMap<String, u64>],
    sink: &mut CsvSink<W>,
) -> Result<()> {
    for (e, entry) in matcher.entries().iter().enumerate() {
        let mut forms: Vec<(&String, &u64)> = entry_forms[e].iter().collect();
        forms.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let listed: Vec<String> = forms
            .iter()
            .take(AUDIT_FORMS)
            .map(|(f, n)| format!("{f} ({n})"))
            .collect();
        let hits: u64 = forms.iter().map(|(_, &n)| n).sum();
        let wildcard = entry.words.iter().any(|w| w.ends_with('*'));
        let flag = if hits == 0 {
            "unmatched"
        } else if wildcard && forms.len() >= BROAD_WILDCARD_FORMS {
            "broad_wildcard"
        } else {
            ""
        };
        sink.row(&AuditRow {
            category: entry.category.as_str().into(),
            pattern: entry.pattern.as_str().into(),
            normalised: entry.words.join(" ").into(),
            file: entry.file.as_str().into(),
            line: entry.line,
            hits,
            docs: entry_docs[e],
            distinct_forms: forms.len(),
            forms: listed.join("; ").into(),
            flag: flag.into(),
        })?;
    }
    Ok(())
}

/// One row of `concepts.csv`.
#[derive(Debug, Default, Serialize)]
pub struct ConceptRow {
    /// Concept name.
    pub concept: Text,
    /// Group.
    pub group: Text,
    /// One alternative (a category of the concept).
    pub alternative: Text,
    /// Hits of the alternative.
    pub count: u64,
    /// Hits of all alternatives of the concept in the group.
    pub concept_total: u64,
    /// count / concept_total.
    pub share: Float,
    /// Wilson 95% interval of the share: low.
    pub ci_low: Float,
    /// Wilson 95% interval: high.
    pub ci_high: Float,
}

/// Write `concepts.csv`: concepts as declared, groups by name, alternatives
/// as declared.
pub fn write_concepts<W: Write>(
    groups: &[GroupFrames],
    matcher: &Matcher,
    sink: &mut CsvSink<W>,
) -> Result<()> {
    let index = |name: &str| matcher.categories().iter().position(|c| c == name);
    for concept in matcher.concepts() {
        let cats: Vec<(usize, &String)> = concept
            .categories
            .iter()
            .filter_map(|n| index(n).map(|i| (i, n)))
            .collect();
        for g in groups {
            let total: u64 = cats.iter().map(|(i, _)| g.totals[*i].hits).sum();
            for (i, name) in &cats {
                let k = g.totals[*i].hits;
                let w = wilson_interval(k, total);
                sink.row(&ConceptRow {
                    concept: concept.name.as_str().into(),
                    group: g.name.into(),
                    alternative: name.as_str().into(),
                    count: k,
                    concept_total: total,
                    share: w.map(|x| x.0).into(),
                    ci_low: w.map(|x| x.1).into(),
                    ci_high: w.map(|x| x.2).into(),
                })?;
            }
        }
    }
    Ok(())
}

/// One row of `frames_compare.csv`.
#[derive(Debug, Default, Serialize)]
pub struct FrameCompareRow {
    /// Left side.
    pub group: Text,
    /// Right side: another group or `(rest)`.
    pub versus: Text,
    /// Category.
    pub category: Text,
    /// Hits on the left.
    pub count: u64,
    /// Hits on the right.
    pub versus_count: u64,
    /// Log-odds δ with Dirichlet prior (token level).
    pub delta: Float,
    /// σ of δ.
    pub se: Float,
    /// z = δ/σ.
    pub z: Float,
    /// Two-sided p of z.
    pub p_value: Float,
    /// BH q over the comparison's categories.
    pub q_value: Float,
    /// Signed Dunning G² (token level).
    pub g2: Float,
    /// p of G² from χ²(1).
    pub g2_p_value: Float,
    /// BH q of the G² p-values.
    pub g2_q_value: Float,
    /// log2 ratio of rates.
    pub log_ratio: Float,
    /// Mean per-document rate per 10k on the left (documents with tokens).
    pub doc_rate: Float,
    /// Mean per-document rate per 10k on the right.
    pub versus_doc_rate: Float,
    /// Welch's t on per-document rates.
    pub welch_t: Float,
    /// Welch–Satterthwaite degrees of freedom.
    pub welch_df: Float,
    /// Two-sided p of Welch's t (document level).
    pub doc_p_value: Float,
    /// BH q of the document-level p-values.
    pub doc_q_value: Float,
    /// q_value < 0.05 at the token level but doc_q_value ≥ 0.05 (or undefined).
    pub lost_at_doc_level: bool,
}

/// The document-level side of one category's comparison.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocLevel {
    /// Mean per-document rate, left.
    pub rate: Option<f64>,
    /// Mean per-document rate, right.
    pub versus_rate: Option<f64>,
    /// Welch's test.
    pub welch: Option<WelchTest>,
    /// BH q of Welch's p.
    pub q: Option<f64>,
}

/// Write one comparison's `frames_compare.csv` rows, in category order.
pub fn write_frames_compare<W: Write>(
    names: (&str, &str),
    matcher: &Matcher,
    tests: &[TermTest],
    docs: &[DocLevel],
    sink: &mut CsvSink<W>,
) -> Result<()> {
    for (t, d) in tests.iter().zip(docs) {
        let lo = t.log_odds;
        let k = t.keyness;
        let token_sig = t.log_odds_q.is_some_and(|q| q < 0.05);
        let doc_sig = d.q.is_some_and(|q| q < 0.05);
        sink.row(&FrameCompareRow {
            group: names.0.into(),
            versus: names.1.into(),
            category: matcher.categories()[t.item].as_str().into(),
            count: t.count,
            versus_count: t.versus_count,
            delta: lo.map(|l| l.delta).into(),
            se: lo.map(|l| l.se).into(),
            z: lo.map(|l| l.z).into(),
            p_value: lo.map(|l| l.p_value).into(),
            q_value: t.log_odds_q.into(),
            g2: k.map(|k| k.g2).into(),
            g2_p_value: k.map(|k| k.p_value).into(),
            g2_q_value: t.keyness_q.into(),
            log_ratio: k.and_then(|k| k.log_ratio).into(),
            doc_rate: d.rate.into(),
            versus_doc_rate: d.versus_rate.into(),
            welch_t: d.welch.map(|w| w.t).into(),
            welch_df: d.welch.map(|w| w.df).into(),
            doc_p_value: d.welch.map(|w| w.p_value).into(),
            doc_q_value: d.q.into(),
            lost_at_doc_level: token_sig && !doc_sig,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::frames::CategoryCount;
    use crate::lexicon::{Lexicon, Overlap};
    use crate::report::csv_out::rows_to_bytes;
    use crate::text::{Analyzer, AnalyzerOptions};

    /// The serde path the hit writer must equal.
    fn hit_rows_by_serde(
        m: &Matcher,
        doc_id: &str,
        group: &str,
        text: &str,
        hits: &[HitRecord],
        excel: bool,
        width: usize,
    ) -> Vec<u8> {
        rows_to_bytes(
            hits.iter()
                .map(|h| {
                    let (left, right) = crate::count::context::context(
                        text,
                        h.byte as usize,
                        h.end as usize,
                        width,
                    );
                    (h, left, right)
                })
                .collect::<Vec<_>>()
                .iter()
                .map(|(h, left, right)| FrameHitRow {
                    doc_id: TextRef(doc_id),
                    group: TextRef(group),
                    category: TextRef(&m.categories()[h.category as usize]),
                    pattern: TextRef(&m.entries()[h.entry as usize].pattern),
                    matched: TextRef(&text[h.byte as usize..h.end as usize]),
                    left: TextRef(left),
                    right: TextRef(right),
                    quoted: h.quoted,
                    sentence: h.sentence,
                    token: h.token,
                    byte: u64::from(h.byte),
                }),
            excel,
        )
        .unwrap()
    }

    proptest::proptest! {
        #[test]
        fn row_writers_equal_the_serde_rows(
            text in "([a-z]{1,5}|[ ,\"=\\n\\t\\u{a0}é-])*",
            doc_id in "[-=a-z0-9,\"]{0,4}",
            spans in proptest::collection::vec((0usize..100, 0usize..100, 0u32..4, proptest::bool::ANY), 0..6),
            excel in proptest::bool::ANY,
            width in 0usize..20,
        ) {
            let analyzer = Analyzer::new(AnalyzerOptions::default()).unwrap();
            let patterns: Vec<(String, String)> = [("=sum", "occupation"), ("a,b", "liberation"), ("plain", "\"occupation\"")]
                .iter()
                .map(|(c, p)| (c.to_string(), p.to_string()))
                .collect();
            let lex = Lexicon::from_patterns("test", &patterns, &analyzer).unwrap();
            let m = Matcher::new(&[lex], Overlap::Longest);
            let entries = m.entries().len() as u32;
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut hits: Vec<HitRecord> = spans
                .iter()
                .map(|&(a, b, e, quoted)| {
                    let (s, t) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
                    let entry = e % entries;
                    HitRecord {
                        entry,
                        category: m.category_index(entry) as u32,
                        byte: s.min(t) as u32,
                        end: s.max(t) as u32,
                        quoted,
                        sentence: e,
                        token: a as u32,
                    }
                })
                .collect();
            // a span matched twice, as by two categories
            if let Some(h) = hits.first().cloned() {
                hits.insert(1, h);
            }
            let writer = HitWriter::new(&m, excel, width);
            let by_doc = DocRowWriter::new(&m, excel);
            let counts: Vec<CategoryCount> = (0..m.categories().len() as u32)
                .map(|c| CategoryCount { hits: c * 3 + spans.len() as u32, quoted: c, ..Default::default() })
                .collect();
            let tokens = spans.len() as u64 * 7;
            let mut fast = Vec::new();
            by_doc.write(&mut fast, &doc_id, "-grp", tokens, &counts);
            let slow = rows_to_bytes(
                m.categories().iter().zip(&counts).map(|(name, k)| FrameDocRow {
                    doc_id: TextRef(&doc_id),
                    group: TextRef("-grp"),
                    category: TextRef(name),
                    hits: k.hits,
                    hits_quoted: k.quoted,
                    hits_own: k.hits - k.quoted,
                    tokens,
                    per_10k: per_10k(u64::from(k.hits), tokens).into(),
                }),
                excel,
            )
            .unwrap();
            proptest::prop_assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(slow).unwrap());
            let mut fast = Vec::new();
            writer.write(&mut fast, &doc_id, "-grp", &text, &hits);
            let slow = hit_rows_by_serde(&m, &doc_id, "-grp", &text, &hits, excel, width);
            proptest::prop_assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(slow).unwrap());
        }
    }
}
