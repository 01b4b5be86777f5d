//! Frame counts: what the lexicon matcher found in each document, and the
//! totals per group × category, per lexicon entry (for the audit) and per
//! document (for the bootstrap and document-level tests).

use crate::count::narrow::Narrow;
use crate::count::{DocCount, Worker};
use crate::lexicon::Matcher;

/// One category's counts in one document.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CategoryCount {
    /// Hits.
    pub hits: u32,
    /// Hits inside quotation marks.
    pub quoted: u32,
    /// Sum of the weights of the hits (an entry without a weight counts 1).
    pub weighted: f64,
}

/// One lexicon hit, ready for `frame_hits.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct HitRecord {
    /// Lexicon entry index.
    pub entry: u32,
    /// Category index.
    pub category: u32,
    /// Byte offset one past the match in the document text (the match is
    /// `text[byte..end]`, exactly as written; token offsets are 32-bit, as
    /// a document is below 4 GiB).
    pub end: u32,
    /// Inside quotation marks.
    pub quoted: bool,
    /// Sentence number in the document (0-based).
    pub sentence: u32,
    /// Token index of the first word matched (0-based).
    pub token: u32,
    /// Byte offset of the match in the document text.
    pub byte: u32,
}

/// What the lexicon found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocFrames {
    /// Per category, indexed like [`Matcher::categories`].
    pub categories: Vec<CategoryCount>,
    /// Each hit, in text order.
    pub hits: Vec<HitRecord>,
}

/// Turn a document's hits into frame counts and hit records. Runs on the
/// worker thread that counted the document (the hits refer to its tokens).
pub fn doc_frames(count: &DocCount, worker: &Worker, matcher: &Matcher) -> DocFrames {
    let mut out = DocFrames {
        categories: vec![CategoryCount::default(); matcher.categories().len()],
        hits: Vec::with_capacity(count.hits.len()),
    };
    for hit in &count.hits {
        let first = &worker.tokens[hit.first as usize];
        let last = &worker.tokens[hit.last as usize - 1];
        let category = matcher.category_index(hit.entry);
        let c = &mut out.categories[category];
        c.hits += 1;
        c.quoted += u32::from(first.quoted);
        c.weighted += matcher.entry_weight(hit.entry);
        out.hits.push(HitRecord {
            entry: hit.entry,
            category: category as u32,
            end: last.end,
            quoted: first.quoted,
            sentence: first.sentence,
            token: hit.first,
            byte: first.start,
        });
    }
    out
}

/// Per-group × category totals.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CategoryTotal {
    /// Hits.
    pub hits: u64,
    /// Hits inside quotation marks.
    pub quoted: u64,
    /// Weighted hits.
    pub weighted: f64,
    /// Documents with at least one hit.
    pub docs_with_hit: u64,
}

/// Frame totals of a whole run, built from the category counts of every
/// document in document order. (Per lexicon entry, hits and documents are
/// counted by the workers: see the lexicon audit.)
#[derive(Debug, Clone, Default)]
pub struct FrameTotals {
    /// Number of categories.
    pub categories: usize,
    /// `[group][category]` totals (group = pass group index).
    pub groups: Vec<Vec<CategoryTotal>>,
    /// Per group, per document hits, row-major (`doc * categories + c`).
    pub doc_hits: Vec<Narrow>,
    /// Per group, tokens of each document (same order as `doc_hits`).
    pub doc_tokens: Vec<Narrow>,
}

impl FrameTotals {
    /// Empty totals for `matcher`'s categories.
    pub fn new(matcher: &Matcher) -> FrameTotals {
        FrameTotals {
            categories: matcher.categories().len(),
            ..Default::default()
        }
    }

    /// Add one document of pass group `group` with `tokens` tokens and
    /// these counts per category ([`DocFrames::categories`]).
    pub fn add(&mut self, group: usize, tokens: u64, categories: &[CategoryCount]) {
        if self.groups.len() <= group {
            self.groups
                .resize(group + 1, vec![CategoryTotal::default(); self.categories]);
            self.doc_hits.resize(group + 1, Narrow::default());
            self.doc_tokens.resize(group + 1, Narrow::default());
        }
        for (t, c) in self.groups[group].iter_mut().zip(categories) {
            t.hits += u64::from(c.hits);
            t.quoted += u64::from(c.quoted);
            t.weighted += c.weighted;
            t.docs_with_hit += u64::from(c.hits > 0);
        }
        self.doc_hits[group].extend(categories.iter().map(|c| u64::from(c.hits)));
        self.doc_tokens[group].push(tokens);
    }
}
