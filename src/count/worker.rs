//! One worker thread's state: a cache from raw words to analysed ids, and
//! the counts of the documents it processed. The hot loop
//! ([`Worker::count_document`]) allocates nothing per token: a raw word is
//! normalised, checked against the stop words and stemmed once, the first time
//! this worker sees it.

use crate::count::interner::Interner;
use crate::count::table::{Counts, GroupTotals};
use crate::lexicon::{DocToken, Hit, Matcher};
use crate::text::{stem_word, Analyzer, WordKind, WordSpan};
use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap;

/// Raw word that is not a word (no letter, or a number without `--keep-numbers`).
const DROPPED: u32 = u32::MAX;
/// Surface that is a stop word: counted in tokens, not in term tables.
const STOP: u32 = u32::MAX;

/// Per-group counts inside one worker.
#[derive(Debug, Default)]
pub(crate) struct GroupTally {
    pub(crate) docs: u64,
    pub(crate) empty_docs: u64,
    pub(crate) tokens: u64,
    /// local term id → (count, documents containing it)
    pub(crate) terms: FxHashMap<u32, (u64, u64)>,
}

/// What counting one document produced, besides the worker's totals.
#[derive(Debug, Default, Clone)]
pub struct DocCount {
    /// Tokens (words after normalisation, stop words included).
    pub tokens: u64,
    /// Lexicon hits, in text order.
    pub hits: Vec<Hit>,
}

/// A worker's caches and counts. Made once per thread, fed many documents.
pub struct Worker<'a> {
    analyzer: &'a Analyzer,
    matcher: Option<&'a Matcher>,
    stemmer: Option<Stemmer>,
    raw: FxHashMap<Box<str>, u32>,
    pub(crate) surfaces: Interner,
    surface_term: Vec<u32>,
    pub(crate) surface_count: Vec<u64>,
    /// keys of each surface for the lexicon matcher: a range into `keys`.
    surface_keys: Vec<(u32, u32)>,
    keys: Vec<u32>,
    pub(crate) terms: Interner,
    pub(crate) groups: Vec<GroupTally>,
    spans: Vec<WordSpan>,
    doc_terms: Vec<u32>,
    /// The tokens of the last document counted (filled when a lexicon is in use).
    pub tokens: Vec<DocToken>,
    word: String,
    key_buf: Vec<u32>,
}

impl<'a> Worker<'a> {
    /// A fresh worker for `analyzer` (and a lexicon matcher, if any).
    pub fn new(analyzer: &'a Analyzer, matcher: Option<&'a Matcher>) -> Self {
        Worker {
            analyzer,
            matcher,
            stemmer: analyzer.options.stem.stemmer(),
            raw: FxHashMap::default(),
            surfaces: Interner::default(),
            surface_term: Vec::new(),
            surface_count: Vec::new(),
            surface_keys: Vec::new(),
            keys: Vec::new(),
            terms: Interner::default(),
            groups: Vec::new(),
            spans: Vec::new(),
            doc_terms: Vec::new(),
            tokens: Vec::new(),
            word: String::new(),
            key_buf: Vec::new(),
        }
    }

    /// The normalised word of a surface id (as in [`DocToken::surface`]).
    pub fn surface(&self, id: u32) -> &str {
        self.surfaces.resolve(id)
    }

    /// Count one document of group `group` (a run-wide group index).
    pub fn count_document(&mut self, text: &str, group: usize) -> DocCount {
        if self.groups.len() <= group {
            self.groups.resize_with(group + 1, GroupTally::default);
        }
        self.spans.clear();
        let spans = &mut self.spans;
        self.analyzer.segment(text, |w| spans.push(w));
        self.doc_terms.clear();
        self.tokens.clear();
        let tokens = self.count_spans(text);
        let tally = &mut self.groups[group];
        if text.trim().is_empty() {
            tally.empty_docs += 1;
        } else {
            tally.docs += 1;
        }
        tally.tokens += tokens;
        self.doc_terms.sort_unstable();
        let mut i = 0;
        while i < self.doc_terms.len() {
            let t = self.doc_terms[i];
            let mut j = i + 1;
            while j < self.doc_terms.len() && self.doc_terms[j] == t {
                j += 1;
            }
            let cell = tally.terms.entry(t).or_insert((0, 0));
            cell.0 += (j - i) as u64;
            cell.1 += 1;
            i = j;
        }
        let mut hits = Vec::new();
        if let Some(m) = self.matcher {
            let (ranges, keys) = (&self.surface_keys, &self.keys);
            let toks = &self.tokens;
            m.find(
                toks,
                |i| {
                    let (a, b) = ranges[toks[i].surface as usize];
                    &keys[a as usize..b as usize]
                },
                &mut hits,
            );
        }
        DocCount { tokens, hits }
    }

    /// The hot loop: look each span up in the raw-word cache.
    #[inline(never)]
    fn count_spans(&mut self, text: &str) -> u64 {
        let mut tokens = 0;
        for k in 0..self.spans.len() {
            let span = self.spans[k];
            let raw = &text[span.start..span.end];
            let id = match self.raw.get(raw) {
                Some(&id) => id,
                None => self.learn(raw),
            };
            if id == DROPPED {
                continue;
            }
            tokens += 1;
            self.surface_count[id as usize] += 1;
            let term = self.surface_term[id as usize];
            if term != STOP {
                self.doc_terms.push(term);
            }
            if self.matcher.is_some() {
                self.tokens.push(DocToken {
                    surface: id,
                    start: span.start as u32,
                    end: span.end as u32,
                    sentence: span.sentence,
                    quoted: span.quoted,
                });
            }
        }
        tokens
    }

    /// First sighting of a raw word in this worker: analyse and cache it.
    #[cold]
    fn learn(&mut self, raw: &str) -> u32 {
        let kind = self.analyzer.normalize(raw, &mut self.word);
        let id = if kind == WordKind::Dropped {
            DROPPED
        } else {
            let (id, new) = self.surfaces.intern(&self.word);
            if new {
                let term = if self.analyzer.is_stopword(&self.word) {
                    STOP
                } else {
                    let stem = stem_word(self.stemmer.as_ref(), &self.word);
                    self.terms.intern(&stem).0
                };
                self.surface_term.push(term);
                self.surface_count.push(0);
                let start = self.keys.len() as u32;
                if let Some(m) = self.matcher {
                    self.key_buf.clear();
                    m.word_keys(&self.word, &mut self.key_buf);
                    self.keys.extend_from_slice(&self.key_buf);
                }
                self.surface_keys.push((start, self.keys.len() as u32));
            }
            id
        };
        self.raw.insert(raw.into(), id);
        id
    }

    /// Turn this worker's counts into a [`Counts`] table named by `group_names`
    /// (indexed like the `group` argument of [`Worker::count_document`]).
    pub fn into_counts(self, group_names: &[String]) -> Counts {
        let mut groups: Vec<GroupTotals> = group_names
            .iter()
            .map(|n| GroupTotals {
                name: n.clone(),
                ..Default::default()
            })
            .collect();
        let mut cells = Vec::new();
        for (g, tally) in self.groups.into_iter().enumerate() {
            let Some(totals) = groups.get_mut(g) else {
                continue;
            };
            totals.docs = tally.docs;
            totals.empty_docs = tally.empty_docs;
            totals.tokens = tally.tokens;
            for (t, (count, df)) in tally.terms {
                cells.push((self.terms.resolve(t).to_string(), g, count, df));
            }
        }
        let mut surfaces = Vec::with_capacity(self.surfaces.len());
        for (s, &count) in self.surface_count.iter().enumerate() {
            let term = self.surface_term[s];
            if count > 0 && term != STOP {
                surfaces.push((
                    self.terms.resolve(term).to_string(),
                    self.surfaces.resolve(s as u32).to_string(),
                    count,
                ));
            }
        }
        Counts::from_parts(groups, cells, surfaces)
    }
}
