//! Framing lexicons (SPEC §7): load, normalise with the run's analyzer,
//! match on token ids. (Interface placeholder; the matcher is written next.)

/// A compiled lexicon matcher over a run's tokens.
#[derive(Debug, Default)]
pub struct Matcher {}

/// One token of a document as the matcher sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocToken {
    /// The worker-local surface id of the token's normalised word.
    pub surface: u32,
    /// Byte offset of the token in the original text.
    pub start: u32,
    /// Byte offset one past the token's end.
    pub end: u32,
    /// Sentence number.
    pub sentence: u32,
    /// Inside quotation marks.
    pub quoted: bool,
}

/// One lexicon hit in a document: which entry, which tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the lexicon entry (pattern) that matched.
    pub entry: u32,
    /// Index of the first token of the match.
    pub first: u32,
    /// Index one past the last token of the match.
    pub last: u32,
}

impl Matcher {
    /// The keys a normalised word carries for matching.
    pub fn word_keys(&self, _word: &str, _out: &mut Vec<u32>) {}

    /// Find the hits in one document's tokens; `keys(i)` gives token i's keys.
    pub fn find<'k>(
        &self,
        _tokens: &[DocToken],
        _keys: impl Fn(usize) -> &'k [u32],
        _out: &mut Vec<Hit>,
    ) {
    }
}
