//! Framing lexicons (README, "Lexicons"): load category → pattern lists, normalise the
//! patterns with the run's [`Analyzer`](crate::text::Analyzer), and match
//! them on token ids (never regexes) in the counting worker.
//!
//! # Lexicon files
//!
//! Three formats, chosen by extension ([`Lexicon::load`]):
//!
//! * **`.csv`** (the framelens format), UTF-8, a BOM is allowed:
//!
//!   ```text
//!   # A comment line. Blank lines are ignored.
//!   #! stem: english
//!   #! concept: region = name_nagorno_karabakh | name_karabakh | name_artsakh
//!   category,pattern,weight
//!   occupation,occupation
//!   occupation,occup*          # trailing * = prefix on the normalised word (LIWC)
//!   alliance,"one nation, two states"   # a phrase: punctuation inside is ignored
//!   occupation,occupier*,1.5
//!   ```
//!
//!   The first line that is neither blank nor a comment is the header. Columns
//!   are found by name (case-insensitive): `category` and `pattern` are
//!   required, `weight` (a number) is optional, other columns are ignored.
//!   A field may be quoted with `"` (`""` is a literal quote); a quoted field
//!   cannot span lines. Outside quotes, a `#` at the start of a field or after
//!   white space starts a comment that runs to the end of the line (so `c#`
//!   stays a literal, though the text pipeline drops the `#` anyway).
//! * **`.dic`** (LIWC 2007/2015): a header between two `%` lines mapping ids to
//!   category names (`1<TAB>funct`; any white space, indentation for nested
//!   categories, extra columns ignored), then `term<TAB>id<TAB>id…` lines.
//!   Terms may have wildcards (`abandon*`) and spaces (`kind of`). Entries
//!   with LIWC conditional syntax (`(02 134)125/464`, `<of>`) are skipped with
//!   a warning; terms that normalise to no words (emoticons such as `:)`) are
//!   skipped with a warning; an unknown category id is an error. A file that
//!   is not valid UTF-8 is read as Windows-1252 (with a warning), as old LIWC
//!   dictionaries often are.
//! * **`.dicx`** (LIWC-22): a CSV whose first column is the term (header
//!   `DicTerm` or anything) and whose other columns are categories; any
//!   non-empty cell (`X`) means membership. A cell that is a number also
//!   becomes the entry's weight. The same skipping rules as `.dic` apply.
//!
//! # Patterns
//!
//! A pattern is split at white space; each piece goes through the same
//! pipeline as the text ([`Analyzer::phrase_words`](crate::text::Analyzer::phrase_words):
//! UAX #29 words, NFKC, apostrophes, lowercasing, possessive `'s` removed).
//! So `TÜRKİYE’s` becomes `türkiye`, `Nagorno-Karabakh` becomes the two-word
//! phrase `nagorno karabakh`, and `"one nation, two states"` the four-word
//! phrase `one nation two states`: dashes, commas and quotes never become
//! tokens, in patterns or in text. Words the pipeline drops also vanish from
//! patterns: with the default options numbers are dropped, so `44-day war` is
//! the phrase `day war` (it then also matches "six-day war"); with
//! `--keep-numbers` it is `44 day war`, matching the text the same way.
//!
//! A trailing `*` makes the word a prefix (`occup*` matches `occupation`,
//! `occupied`, and also `occupational`: wildcards over-reach, as in LIWC). It
//! may end any word of a phrase (`occupied territor*`). A `*` elsewhere, a
//! lone `*`, an empty pattern and a pattern that normalises to no words are
//! errors naming the file and line (in `.dic`/`.dicx` files a term that
//! normalises to no words is only a warning). Stop words are kept in phrases.
//!
//! # Directives
//!
//! A `.csv` lexicon may contain directive lines, conventionally near the top.
//! A directive is a line starting with `#!`, then a name, a colon and a value;
//! an unknown directive is an error (so a typo cannot silently change
//! counts):
//!
//! * `#! stem: english` — compare pattern words and text words by their
//!   Snowball stems (any language accepted by `--stem`; `none` turns it off).
//!   Prefix words (`occup*`) still match the unstemmed normalised word.
//!   Snowball stems are coarse: `liberate`, `liberated`, `liberation` and also
//!   `liberal` all stem to `liber`.
//! * `#! concept: NAME = cat_a | cat_b | cat_c` — the listed categories (which
//!   must have entries in the same file, at least two, each in at most one
//!   concept) are alternative names for one concept, e.g. contested place
//!   names. A pattern may appear in only one category of a concept.
//!
//! # Overlaps
//!
//! Categories are counted independently: a word in two categories counts in
//! both (as in LIWC). Within one *competition group* — a category, or all the
//! categories of one concept together — one stretch of text counts once
//! ([`Overlap::Longest`], the default): scanning left to right, at each token
//! the longest match starting there wins (ties: the entry listed first), and
//! the scan continues after it. So with `"occupied territories"` and
//! `occupied` in one category, "occupied territories" counts once, for the
//! phrase; and with the concept `region = name_nagorno_karabakh |
//! name_karabakh`, "Nagorno-Karabakh" counts for `name_nagorno_karabakh`
//! only. [`Overlap::All`] (`--overlap all`) counts every match of every entry.
//! Phrases match consecutive tokens of one sentence only.
//!
//! # Matching
//!
//! Every distinct pattern word gets an integer key (exact words, prefixes,
//! and stems per stemming language are separate key spaces). The worker asks
//! [`Matcher::word_keys`] once per distinct text word and caches the keys;
//! [`Matcher::find`] then walks a trie of key sequences from each token that
//! has a key. Entries are numbered across all lexicons of a run, in the order
//! of the files, then of their lines.

mod load;
mod matcher;
#[cfg(test)]
mod tests;

use crate::text::StemSpec;

pub use matcher::{Matcher, Overlap, WordStart};

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

/// One pattern of a lexicon, in one category.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    /// The category it counts for.
    pub category: String,
    /// The pattern as written in the file.
    pub pattern: String,
    /// The normalised words, a trailing `*` kept on prefix words.
    pub words: Vec<String>,
    /// The weight from the `weight` column (or a numeric `.dicx` cell).
    pub weight: Option<f64>,
    /// The lexicon file it comes from.
    pub file: String,
    /// The 1-based physical line in that file.
    pub line: u64,
    /// True when its (non-prefix) words match by Snowball stem.
    pub stemmed: bool,
}

/// Categories declared as alternative names for one concept
/// (`#! concept: NAME = a | b`): they compete in the overlap rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Concept {
    /// The concept's name.
    pub name: String,
    /// Its alternative categories, as listed.
    pub categories: Vec<String>,
}

/// A loaded lexicon file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Lexicon {
    /// The file as the user named it.
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Its entries, in file order.
    pub entries: Vec<Entry>,
    /// Its categories in order of declaration (`.dic`/`.dicx` header) or of
    /// first use (`.csv`); a `.dic`/`.dicx` category may have no entries.
    pub categories: Vec<String>,
    /// Its concepts (`#! concept:` directives).
    pub concepts: Vec<Concept>,
    /// The stemmer from `#! stem:`, if any.
    pub stem: Option<StemSpec>,
    /// Entries skipped and other oddities, each as `file:line: message`.
    pub warnings: Vec<String>,
}
