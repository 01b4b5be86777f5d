//! One worker thread's state: a cache from raw words to analysed ids, and
//! the counts of the documents it processed. The hot loop
//! ([`Worker::count_document`]) allocates nothing per token: a raw word is
//! normalised, checked against the stop words and stemmed once, the first time
//! this worker sees it.

use crate::count::cells::TermCells;
use crate::count::interner::Interner;
use crate::count::packed::PackedTable;
use crate::count::table::{Cell, Counts, GroupTotals};
use crate::hint::prefetch;
use crate::lexicon::{DocToken, Hit, Matcher, WordStart};
use crate::text::{stem_word, Analyzer, WordKind, WordSpan};
use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap;

/// Raw word that is not a word (no letter, or a number without `--keep-numbers`).
const DROPPED: u32 = u32::MAX;
/// Surface that is a stop word: counted in tokens, not in term tables.
const STOP: u32 = u32::MAX;
/// Set in a [`RawEntry`]'s surface when a lexicon match can start at the
/// surface (the matcher starts only at those tokens). Surface ids stay
/// below it: a worker would need 2³¹ distinct words first (checked when one
/// is learnt).
const STARTS: u32 = 1 << 31;
/// Set in a surface's entry of [`Worker`]'s `surface_starts` when a pattern
/// of more than one word can start at the surface.
const LONGER: u32 = 1 << 31;

/// Per-group counts inside one worker.
#[derive(Debug, Default)]
pub(crate) struct GroupTally {
    pub(crate) docs: u64,
    pub(crate) empty_docs: u64,
    pub(crate) tokens: u64,
    /// local term id → (count, documents containing it)
    pub(crate) terms: TermCells,
}

/// What counting one document produced, besides the worker's totals.
#[derive(Debug, Default, Clone)]
pub struct DocCount {
    /// The text was empty or white space (counted in `empty_docs`).
    pub empty: bool,
    /// Tokens (words after normalisation, stop words included).
    pub tokens: u64,
    /// Lexicon hits, in text order.
    pub hits: Vec<Hit>,
}

/// One surface (normalised word) of a worker, read by the hot loop for
/// every token: its count and where its lexicon keys start, in one cache
/// line (`8` bytes).
#[derive(Debug, Clone, Copy, Default)]
struct SurfaceCell {
    /// Occurrences since the counts were last widened
    /// ([`Worker::widen_counts`]): a `u32` cannot overflow in
    /// between.
    count: u32,
    /// Start of its keys in [`Worker`]'s `keys`; they end where the next
    /// surface's start (the last cell is a sentinel holding the end).
    keys: u32,
}

/// What the cache knows of one raw word: its surface and term ids. Kept
/// inside the table's slot, so a token costs one probe.
#[derive(Debug, Clone, Copy, Default)]
struct RawEntry {
    /// Surface id, with [`STARTS`] set when a lexicon match can start at it, or
    /// [`DROPPED`].
    surface: u32,
    /// Term id, or [`STOP`].
    term: u32,
}

/// Raw word → [`RawEntry`]. Words of up to 8 bytes (most) are keyed by their
/// bytes packed into a `u64`, up to 16 into a `u128`, so a lookup compares
/// integers instead of calling `memcmp`, and the slot of a word can be
/// prefetched ([`PackedTable`]); a word never contains a NUL, so zero
/// padding cannot make two words equal.
#[derive(Default)]
struct RawCache {
    short: PackedTable<u64, RawEntry>,
    medium: PackedTable<u128, RawEntry>,
    long: FxHashMap<Box<str>, RawEntry>,
}

/// `text[start..start + len]` (`len` ≤ 8) packed little-endian into a
/// `u64`, zero-padded: one unaligned load and a mask when 8 bytes are
/// readable there.
#[inline]
fn key64(text: &[u8], start: usize, len: usize) -> u64 {
    let mask = u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0);
    match text.get(start..start + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) & mask,
        None => {
            let mut buf = [0u8; 8];
            buf[..len].copy_from_slice(&text[start..start + len]);
            u64::from_le_bytes(buf)
        }
    }
}

/// As [`key64`], for `len` ≤ 16 into a `u128`.
#[inline]
fn key128(text: &[u8], start: usize, len: usize) -> u128 {
    let mask = u128::MAX.checked_shr(128 - 8 * len as u32).unwrap_or(0);
    match text.get(start..start + 16) {
        Some(w) => u128::from_le_bytes(w.try_into().unwrap_or([0; 16])) & mask,
        None => {
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(&text[start..start + len]);
            u128::from_le_bytes(buf)
        }
    }
}

impl RawCache {
    /// The entry of the raw word `text[start..end]`.
    #[inline]
    fn get(&self, text: &str, start: usize, end: usize) -> Option<RawEntry> {
        let len = end - start;
        if len <= 8 {
            self.short.get(key64(text.as_bytes(), start, len))
        } else if len <= 16 {
            self.medium.get(key128(text.as_bytes(), start, len))
        } else {
            self.long.get(&text[start..end]).copied()
        }
    }

    /// Start fetching the slot of the raw word `text[start..end]` into the
    /// CPU's cache (words of up to 16 bytes).
    #[inline]
    fn prefetch(&self, text: &str, start: usize, end: usize) {
        let len = end - start;
        if len <= 8 {
            self.short.prefetch(key64(text.as_bytes(), start, len));
        } else if len <= 16 {
            self.medium.prefetch(key128(text.as_bytes(), start, len));
        }
    }

    fn insert(&mut self, raw: &str, entry: RawEntry) {
        let (b, len) = (raw.as_bytes(), raw.len());
        if len <= 8 {
            self.short.insert(key64(b, 0, len), entry);
        } else if len <= 16 {
            self.medium.insert(key128(b, 0, len), entry);
        } else {
            self.long.insert(raw.into(), entry);
        }
    }
}

/// A worker's caches and counts. Made once per thread, fed many documents.
pub struct Worker<'a> {
    analyzer: &'a Analyzer,
    matcher: Option<&'a Matcher>,
    stemmer: Option<Stemmer>,
    raw: RawCache,
    pub(crate) surfaces: Interner,
    surface_term: Vec<u32>,
    /// Per surface, and a sentinel: its recent count and its keys for the
    /// lexicon matcher, a range of `keys` (read only for tokens that can
    /// start or continue a match; the hot loop knows from [`STARTS`] which
    /// tokens can start one).
    surface_cells: Vec<SurfaceCell>,
    /// Per surface, the counts moved out of `surface_cells` (empty until
    /// the first move).
    surface_wide: Vec<u64>,
    /// An upper bound of the tokens counted since the last move: text
    /// bytes (a token is at least one byte).
    narrow_bytes: u64,
    keys: Vec<u32>,
    /// Per surface, and a sentinel: the start of what it starts in
    /// `word_starts` (its one-word lexicon matches, then the trie nodes its
    /// longer patterns go on from; they end where the next surface's
    /// start), with [`LONGER`] set when there are nodes. Filled when a
    /// lexicon is in use; read only for tokens that start a match.
    surface_starts: Vec<u32>,
    /// What each surface starts ([`Matcher::word_starts`]), surface after
    /// surface.
    word_starts: Vec<WordStart>,
    pub(crate) terms: Interner,
    pub(crate) groups: Vec<GroupTally>,
    /// Indices of the current document's tokens that have lexicon keys, in
    /// `starts[..starts_len]`, written like `doc_terms` (one spare slot).
    starts: Vec<u32>,
    starts_len: usize,
    /// Terms of the current document, each once ([`STOP`] too, if it has
    /// stop words), in `doc_terms[..doc_terms_len]`. One longer than
    /// `doc_slot`, so that every token can write its term at `doc_terms_len`
    /// (at most the number of slots) and count it only when it is new to the
    /// document (no branch on that).
    doc_terms: Vec<u32>,
    doc_terms_len: usize,
    /// Per local term `t`, at index `t + 1`: `(stamp, count)`, its count in
    /// the current document, valid when the stamp equals the current
    /// document's (one cache line per token instead of two). Index 0
    /// (`STOP + 1`, wrapping) counts the stop words, so the hot loop has no
    /// branch on whether a word is one (a coin flip on news text).
    doc_slot: Vec<(u32, u32)>,
    stamp: u32,
    /// The tokens of the last document counted (filled when a lexicon is in use).
    pub tokens: Vec<DocToken>,
    /// The words of the document being counted, as segmented.
    spans: Vec<WordSpan>,
    /// Their entries in the raw-word cache.
    entries: Vec<RawEntry>,
    word: String,
    key_buf: Vec<u32>,
    /// Lexicon audit of one-word hits: per item of `word_starts` that is a
    /// one-word match (a surface and an entry it matches), its hits.
    word_start_hits: Vec<u64>,
    /// Lexicon audit of hits of more than one word: (entry, phrase) →
    /// hits, the phrase an id in `phrases`.
    phrase_hits: FxHashMap<(u32, u32), u64>,
    /// The phrases matched (their surfaces) → their ids, in order of first
    /// match.
    phrases: FxHashMap<Box<[u32]>, u32>,
    surfaces_buf: Vec<u32>,
    /// Per lexicon entry: documents with at least one hit.
    entry_docs: Vec<u64>,
    /// Per lexicon entry: the stamp of the last document it hit (so that a
    /// document counts once per entry).
    entry_seen: Vec<u32>,
}

impl<'a> Worker<'a> {
    /// A fresh worker for `analyzer` (and a lexicon matcher, if any).
    pub fn new(analyzer: &'a Analyzer, matcher: Option<&'a Matcher>) -> Self {
        let entries = matcher.map_or(0, |m| m.entries().len());
        Worker {
            analyzer,
            matcher,
            stemmer: analyzer.options.stem.stemmer(),
            raw: RawCache::default(),
            surfaces: Interner::default(),
            surface_term: Vec::new(),
            surface_cells: vec![SurfaceCell::default()],
            surface_wide: Vec::new(),
            narrow_bytes: 0,
            keys: Vec::new(),
            surface_starts: vec![0],
            word_starts: Vec::new(),
            word_start_hits: Vec::new(),
            terms: Interner::default(),
            groups: Vec::new(),
            starts: vec![0],
            starts_len: 0,
            doc_terms: vec![0; 2],
            doc_terms_len: 0,
            doc_slot: vec![(0, 0)],
            stamp: 0,
            tokens: Vec::new(),
            spans: Vec::new(),
            entries: Vec::new(),
            word: String::new(),
            key_buf: Vec::new(),
            phrase_hits: FxHashMap::default(),
            phrases: FxHashMap::default(),
            surfaces_buf: Vec::new(),
            entry_docs: vec![0; entries],
            entry_seen: vec![0; entries],
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
        self.doc_terms_len = 0;
        self.starts_len = 0;
        self.tokens.clear();
        if self.narrow_bytes + text.len() as u64 > u64::from(u32::MAX) {
            self.widen_counts();
        }
        self.narrow_bytes += text.len() as u64;
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // after 2^32 documents the stamps wrap: start them afresh
            self.doc_slot.iter_mut().for_each(|s| s.0 = u32::MAX);
            self.entry_seen.iter_mut().for_each(|s| *s = 0);
            self.stamp = 1;
        }
        let tokens = self.count_words(text);
        let tally = &mut self.groups[group];
        let empty = text.trim().is_empty();
        if empty {
            tally.empty_docs += 1;
        } else {
            tally.docs += 1;
        }
        tally.tokens += tokens;
        let vocab = self.terms.len();
        let doc_terms = &self.doc_terms[..self.doc_terms_len];
        // the cells are spread over the whole vocabulary: fetch them all
        // first (a document's few hundred fit the cache), then add
        for &t in doc_terms {
            tally.terms.prefetch(t);
        }
        for &t in doc_terms {
            if t != STOP {
                let count = self.doc_slot[t as usize + 1].1;
                tally.terms.add(t, count, vocab);
            }
        }
        let mut hits = Vec::new();
        if let Some(m) = self.matcher {
            let (cells, keys) = (&self.surface_cells, &self.keys);
            let (starts, words) = (&self.surface_starts, &self.word_starts);
            let toks = &self.tokens;
            m.find(
                toks,
                &self.starts[..self.starts_len],
                |i| {
                    let s = toks[i].surface as usize;
                    &keys[cells[s].keys as usize..cells[s + 1].keys as usize]
                },
                |i| {
                    let s = toks[i].surface as usize;
                    let (from, to) = (starts[s], starts[s + 1]);
                    let range = (from & !LONGER) as usize..(to & !LONGER) as usize;
                    (&words[range], from & LONGER != 0)
                },
                &mut hits,
            );
            for h in &hits {
                self.audit_hit(h);
                let e = h.entry as usize;
                if self.entry_seen[e] != self.stamp {
                    self.entry_seen[e] = self.stamp;
                    self.entry_docs[e] += 1;
                }
            }
        }
        DocCount {
            empty,
            tokens,
            hits,
        }
    }

    /// Move the surfaces' counts into `surface_wide`, and the groups' term
    /// cells into their 64-bit cells, before a `u32` could overflow (after
    /// 4 GiB of text, so at most once per 4 GiB).
    #[cold]
    fn widen_counts(&mut self) {
        for g in &mut self.groups {
            g.terms.widen();
        }
        let n = self.surface_cells.len() - 1;
        self.surface_wide.resize(n, 0);
        for (wide, cell) in self.surface_wide.iter_mut().zip(&mut self.surface_cells) {
            *wide += u64::from(cell.count);
            cell.count = 0;
        }
        self.narrow_bytes = 0;
    }

    /// Occurrences of surface `id` counted by this worker.
    fn surface_count(&self, id: usize) -> u64 {
        let wide = self.surface_wide.get(id).copied().unwrap_or(0);
        wide + u64::from(self.surface_cells[id].count)
    }

    /// Whether a lexicon match can start at surface `id`: it starts
    /// something (a one-word match, or a node of a longer pattern).
    fn starts_match(&self, id: usize) -> bool {
        let (from, to) = (self.surface_starts[id], self.surface_starts[id + 1]);
        to & !LONGER > from & !LONGER
    }

    /// Per lexicon entry, the documents with at least one hit, over
    /// several workers.
    pub fn entry_docs(workers: &[Worker], entries: usize) -> Vec<u64> {
        let mut docs = vec![0; entries];
        for w in workers {
            for (total, n) in docs.iter_mut().zip(&w.entry_docs) {
                *total += n;
            }
        }
        docs
    }

    /// Count `hit` of the current document in the lexicon audit: a one-word
    /// hit by its place among its surface's one-word matches, a longer one
    /// by its phrase.
    fn audit_hit(&mut self, hit: &Hit) {
        let (first, last) = (hit.first as usize, hit.last as usize);
        if last == first + 1 {
            let s = self.tokens[first].surface as usize;
            let from = (self.surface_starts[s] & !LONGER) as usize;
            let to = (self.surface_starts[s + 1] & !LONGER) as usize;
            // `Matcher::find` takes a one-word hit from the token's word
            // starts (a walk from a node ends two tokens on or later), so
            // it is always there
            let j = self.word_starts[from..to]
                .iter()
                .position(|w| w.entry() == Some(hit.entry))
                .expect("a one-word hit is one of its word's starts");
            self.word_start_hits[from + j] += 1;
        } else {
            let phrase = self.phrase_id(first, last);
            *self.phrase_hits.entry((hit.entry, phrase)).or_insert(0) += 1;
        }
    }

    /// The id of the phrase of tokens `first..last` (two or more) of the
    /// current document.
    fn phrase_id(&mut self, first: usize, last: usize) -> u32 {
        self.surfaces_buf.clear();
        self.surfaces_buf
            .extend(self.tokens[first..last].iter().map(|t| t.surface));
        if let Some(&id) = self.phrases.get(self.surfaces_buf.as_slice()) {
            return id;
        }
        let id = self.phrases.len() as u32;
        self.phrases
            .insert(self.surfaces_buf.clone().into_boxed_slice(), id);
        id
    }

    /// The lexicon audit of several workers: per entry (of `entries`), each
    /// matched form (normalised words, space-separated) with its hits.
    pub fn audit_forms(workers: &[Worker], entries: usize) -> Vec<FxHashMap<String, u64>> {
        let mut out = vec![FxHashMap::default(); entries];
        for w in workers {
            for (s, range) in w.surface_starts.windows(2).enumerate() {
                let range = (range[0] & !LONGER) as usize..(range[1] & !LONGER) as usize;
                for (start, &n) in w.word_starts[range.clone()]
                    .iter()
                    .zip(&w.word_start_hits[range])
                {
                    if let (true, Some(entry)) = (n > 0, start.entry()) {
                        *out[entry as usize]
                            .entry(w.surface(s as u32).to_string())
                            .or_insert(0) += n;
                    }
                }
            }
            let mut phrases = vec![&[][..]; w.phrases.len()];
            for (words, &id) in &w.phrases {
                phrases[id as usize] = words;
            }
            for (&(entry, phrase), &n) in &w.phrase_hits {
                let words: Vec<&str> = phrases[phrase as usize]
                    .iter()
                    .map(|&s| w.surface(s))
                    .collect();
                *out[entry as usize].entry(words.join(" ")).or_insert(0) += n;
            }
        }
        out
    }

    /// The hot loop: segment the text, prefetching each word's slot in the
    /// raw-word cache, then look the words up. Allocates nothing once the
    /// caches are warm.
    #[inline(never)]
    fn count_words(&mut self, text: &str) -> u64 {
        let mut spans = std::mem::take(&mut self.spans);
        let mut entries = std::mem::take(&mut self.entries);
        spans.clear();
        entries.clear();
        let raw = &self.raw;
        self.analyzer.segment(text, |span| {
            raw.prefetch(text, span.start, span.end);
            spans.push(span);
        });
        // the words' entries, prefetching the counters they lead to
        for span in &spans {
            let e = match self.raw.get(text, span.start, span.end) {
                Some(e) => e,
                None => self.learn(&text[span.start..span.end]),
            };
            if let Some(c) = self.surface_cells.get((e.surface & !STARTS) as usize) {
                prefetch(c);
            }
            prefetch(&self.doc_slot[e.term.wrapping_add(1) as usize]);
            entries.push(e);
        }
        let mut tokens = 0;
        for (span, e) in spans.iter().zip(&entries) {
            let RawEntry {
                surface: flagged,
                term,
            } = *e;
            if flagged == DROPPED {
                continue;
            }
            let id = flagged & !STARTS;
            self.surface_cells[id as usize].count += 1;
            tokens += 1;
            // Whether the term is new to the document is a coin flip on news
            // text: decided by arithmetic, not by a branch.
            let slot = &mut self.doc_slot[term.wrapping_add(1) as usize];
            let new = slot.0 != self.stamp;
            slot.1 = (slot.1 & u32::from(new).wrapping_sub(1)) + 1;
            slot.0 = self.stamp;
            self.doc_terms[self.doc_terms_len] = term;
            self.doc_terms_len += usize::from(new);
            if self.matcher.is_some() {
                // the token's index goes to `starts` when a match can start at it,
                // again without a branch on that
                self.starts[self.starts_len] = self.tokens.len() as u32;
                self.starts_len += (flagged >> 31) as usize;
                if self.starts_len == self.starts.len() {
                    self.starts.push(0);
                }
                self.tokens.push(DocToken {
                    surface: id,
                    start: span.start as u32,
                    end: span.end as u32,
                    sentence: span.sentence,
                    quoted: span.quoted,
                });
            }
        }
        self.spans = spans;
        self.entries = entries;
        tokens
    }

    /// First sighting of a raw word in this worker: analyse and cache it.
    /// Returns its entry: surface id (with [`STARTS`] set when a lexicon
    /// match can start at it) and term id.
    #[cold]
    fn learn(&mut self, raw: &str) -> RawEntry {
        let kind = self.analyzer.normalize(raw, &mut self.word);
        let (surface, term) = if kind == WordKind::Dropped {
            (DROPPED, STOP)
        } else {
            let (id, new) = self.surfaces.intern(&self.word);
            if new {
                let term = if self.analyzer.is_stopword(&self.word) {
                    STOP
                } else {
                    let stem = stem_word(self.stemmer.as_ref(), &self.word);
                    let (t, new_term) = self.terms.intern(&stem);
                    if new_term {
                        self.doc_slot.push((0, 0));
                        self.doc_terms.push(0);
                    }
                    t
                };
                self.surface_term.push(term);
                if let Some(m) = self.matcher {
                    self.key_buf.clear();
                    m.word_keys(&self.word, &mut self.key_buf);
                    self.keys.extend_from_slice(&self.key_buf);
                    // as with the cells: the sentinel becomes the surface's
                    // start, and a new sentinel holds the end
                    let longer = m.word_starts(&self.key_buf, &mut self.word_starts);
                    assert!(
                        self.word_starts.len() < LONGER as usize,
                        "more than 2^31 lexicon starts of words in one worker"
                    );
                    if let Some(last) = self.surface_starts.last_mut() {
                        *last |= u32::from(longer) * LONGER;
                    }
                    self.surface_starts.push(self.word_starts.len() as u32);
                    self.word_start_hits.resize(self.word_starts.len(), 0);
                }
                // the sentinel (holding the start of this surface's keys)
                // becomes its cell; a new sentinel holds their end
                self.surface_cells.push(SurfaceCell {
                    count: 0,
                    keys: self.keys.len() as u32,
                });
            }
            assert!(
                id < STARTS - 1,
                "more than 2^31 distinct words in one worker"
            );
            let starts = self.matcher.is_some() && self.starts_match(id as usize);
            (
                id | (u32::from(starts) * STARTS),
                self.surface_term[id as usize],
            )
        };
        let entry = RawEntry { surface, term };
        self.raw.insert(raw, entry);
        entry
    }

    /// This worker's table alone; see [`Worker::merge_into_counts`].
    pub fn into_counts(self, group_names: &[String]) -> Counts {
        Worker::merge_into_counts(vec![self], group_names)
    }

    /// Merge the tables of several workers into one [`Counts`] named by
    /// `group_names` (indexed like the `group` argument of
    /// [`Worker::count_document`]). Work is proportional to the workers'
    /// vocabularies: each distinct term and surface string is interned once
    /// per worker, and cells are added by id.
    pub fn merge_into_counts(workers: Vec<Worker>, group_names: &[String]) -> Counts {
        let mut terms = Interner::default();
        // global term → its cells (pass group index; a group once per worker)
        let mut cells: Vec<Vec<Cell>> = Vec::new();
        let mut surfaces = Interner::default();
        let mut surface_info: Vec<(u32, u64)> = Vec::new(); // (global term, count)
        let mut groups: Vec<GroupTotals> = group_names
            .iter()
            .map(|n| GroupTotals {
                name: n.clone(),
                ..Default::default()
            })
            .collect();
        for mut w in workers {
            let term_map: Vec<u32> = (0..w.terms.len() as u32)
                .map(|t| {
                    let (g, new) = terms.intern(w.terms.resolve(t));
                    if new {
                        cells.push(Vec::new());
                    }
                    g
                })
                .collect();
            for (g, tally) in std::mem::take(&mut w.groups).into_iter().enumerate() {
                let Some(totals) = groups.get_mut(g) else {
                    continue;
                };
                totals.docs += tally.docs;
                totals.empty_docs += tally.empty_docs;
                totals.tokens += tally.tokens;
                for (t, (count, docs)) in tally.terms.into_cells() {
                    cells[term_map[t as usize] as usize].push(Cell {
                        group: g as u32,
                        count,
                        docs,
                    });
                }
            }
            for (s, &term) in w.surface_term.iter().enumerate() {
                let count = w.surface_count(s);
                if count == 0 || term == STOP {
                    continue;
                }
                let (gs, new) = surfaces.intern(w.surfaces.resolve(s as u32));
                if new {
                    surface_info.push((term_map[term as usize], 0));
                }
                surface_info[gs as usize].1 += count;
            }
        }
        let mut forms: Vec<Vec<(String, u64)>> = vec![Vec::new(); terms.len()];
        for (s, &(t, count)) in surface_info.iter().enumerate() {
            forms[t as usize].push((surfaces.resolve(s as u32).to_string(), count));
        }
        Counts::from_term_tables(groups, &terms, cells, forms)
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn packed_keys_equal_the_zero_padded_bytes(text in "[a-zé]{1,40}", a in 0usize..40, n in 1usize..17) {
            let b = text.as_bytes();
            let start = a % b.len();
            let len = n.min(b.len() - start);
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(&b[start..start + len]);
            proptest::prop_assert_eq!(key128(b, start, len), u128::from_le_bytes(buf));
            if len <= 8 {
                let mut buf8 = [0u8; 8];
                buf8.copy_from_slice(&buf[..8]);
                proptest::prop_assert_eq!(key64(b, start, len), u64::from_le_bytes(buf8));
            }
        }
    }
}

#[cfg(test)]
mod widen_tests {
    use super::*;
    use crate::text::AnalyzerOptions;

    const WORDS: &[&str] = &[
        "Liberation",
        "liberation",
        "liberated",
        "the",
        "Karabakh’s",
        "2020",
    ];

    proptest::proptest! {
        /// Moving the narrow counts into the wide ones (as after every 4 GiB
        /// of text), once or several times, changes no count and no display
        /// form. (Dense term cells are tested in `cells.rs`.)
        #[test]
        fn widening_the_counts_changes_nothing(
            docs in proptest::collection::vec(proptest::collection::vec(0..WORDS.len(), 0..20), 1..8),
            widen_after in proptest::collection::vec(0..8usize, 0..3),
        ) {
            let a = Analyzer::new(AnalyzerOptions::default()).unwrap();
            let names = ["g".to_string()];
            let (mut plain, mut widened) = (Worker::new(&a, None), Worker::new(&a, None));
            for (d, words) in docs.iter().enumerate() {
                let text: Vec<&str> = words.iter().map(|&i| WORDS[i]).collect();
                let text = text.join(" ");
                plain.count_document(&text, 0);
                widened.count_document(&text, 0);
                if widen_after.contains(&d) {
                    widened.widen_counts();
                }
            }
            proptest::prop_assert_eq!(widened.into_counts(&names), plain.into_counts(&names));
        }
    }
}
