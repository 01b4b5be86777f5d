//! The text pipeline (README, "Text pipeline"): segment the original text into words with
//! offsets ([`mod@segment`]), run each distinct word through the normalisation
//! chain ([`normalize`]), then, for term statistics only, drop stop words
//! ([`stopwords`]) and stem ([`stem`]).
//!
//! ```
//! use framelens::text::{Analyzer, AnalyzerOptions};
//! let analyzer = Analyzer::new(AnalyzerOptions::default()).unwrap();
//! assert_eq!(analyzer.phrase_words("One nation — two states"), ["one", "nation", "two", "states"]);
//! assert_eq!(analyzer.phrase_words("TÜRKİYE’s"), ["türkiye"]);
//! ```

pub mod normalize;
pub mod segment;
pub mod stem;
pub mod stopwords;

pub use normalize::{normalize_word, NormalizeOptions, WordKind};
pub use segment::{segment, SegmentOptions, WordSpan};
pub use stem::{stem_word, StemSpec};
pub use stopwords::{Stopwords, StopwordsSpec};

use crate::error::Result;

/// Every switch of the text pipeline, as resolved for a run (written into
/// the manifest).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnalyzerOptions {
    /// Word-chain steps (NFKC, lowercasing, possessive, numbers).
    pub normalize: NormalizeOptions,
    /// Segmenter switches (URLs).
    pub segment: SegmentOptions,
    /// Stop words for term statistics.
    pub stopwords: StopwordsSpec,
    /// Stemmer for term statistics.
    pub stem: StemSpec,
}

impl Default for AnalyzerOptions {
    fn default() -> Self {
        AnalyzerOptions {
            normalize: NormalizeOptions::default(),
            segment: SegmentOptions::default(),
            stopwords: StopwordsSpec::English,
            stem: StemSpec::Snowball(rust_stemmers::Algorithm::English),
        }
    }
}

/// The built text pipeline: options plus loaded stop words. Shared by all
/// worker threads (each makes its own stemmer from [`StemSpec::stemmer`]).
#[derive(Debug, Clone)]
pub struct Analyzer {
    /// The options it was built from.
    pub options: AnalyzerOptions,
    stopwords: Stopwords,
}

impl Analyzer {
    /// Build the pipeline, loading the stop-word list.
    pub fn new(options: AnalyzerOptions) -> Result<Analyzer> {
        let stopwords = Stopwords::load(&options.stopwords, &options.normalize)?;
        Ok(Analyzer { options, stopwords })
    }

    /// Segment `text`, calling `emit` for each word span (offsets into `text`).
    pub fn segment(&self, text: &str, emit: impl FnMut(WordSpan)) {
        segment(text, &self.options.segment, emit)
    }

    /// Normalise one raw word into `out`; see [`normalize_word`].
    pub fn normalize(&self, raw: &str, out: &mut String) -> WordKind {
        normalize_word(raw, &self.options.normalize, out)
    }

    /// True when a normalised word is a stop word.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }

    /// The normalised words of a short text (a lexicon pattern, a KWIC
    /// query): segmentation plus the word chain, no stop-word removal, no
    /// stemming. Words that the chain drops (numbers) are left out.
    pub fn phrase_words(&self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut out = String::new();
        // Patterns are short and never URLs: keep every segment.
        let opts = SegmentOptions { drop_urls: false };
        segment(text, &opts, |w| {
            if self.normalize(&text[w.start..w.end], &mut out) != WordKind::Dropped {
                words.push(out.clone());
            }
        });
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_words_ignore_punctuation_inside_patterns() {
        let a = Analyzer::new(AnalyzerOptions::default()).unwrap();
        let want = ["one", "nation", "two", "states"];
        assert_eq!(a.phrase_words("one nation, two states"), want);
        assert_eq!(a.phrase_words("one nation — two states"), want);
        assert_eq!(a.phrase_words("“One nation – two states”"), want);
        assert_eq!(a.phrase_words("Nagorno-Karabakh"), ["nagorno", "karabakh"]);
        assert_eq!(a.phrase_words("44-day war"), ["day", "war"]);
    }
}
