//! A background frequency list for `--prior background:FILE`: a `term,count`
//! CSV (header required; `#` comment lines allowed), such as a
//! general-language word-frequency list. Each word goes through the run's
//! own word chain and stemmer, so `Liberation` and `liberated` in the list
//! add up under the stem `liber` exactly as in the corpus.

use crate::error::{Error, Location, Result};
use crate::stats::compare::BackgroundCounts;
use crate::text::{stem_word, Analyzer, WordKind};
use rustc_hash::FxHashMap;

/// Background counts by term.
#[derive(Debug, Clone, Default)]
pub struct Background {
    counts: FxHashMap<String, f64>,
    total: f64,
}

impl Background {
    /// Load `path`, analysing each word with `analyzer`.
    pub fn load(path: &str, analyzer: &Analyzer) -> Result<Background> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, path, analyzer)
    }

    /// Parse the text of a background file named `path`.
    pub fn parse(text: &str, path: &str, analyzer: &Analyzer) -> Result<Background> {
        let mut rdr = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| Error::bad_input(Location::line(path, 1), e.to_string(), HINT))?
            .clone();
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        let (Some(ti), Some(ci)) = (col("term"), col("count")) else {
            return Err(Error::bad_input(
                Location::line(path, 1),
                format!(
                    "the header has no 'term' and 'count' columns (found: {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
                HINT,
            ));
        };
        let stemmer = analyzer.options.stem.stemmer();
        let mut bg = Background::default();
        let mut word = String::new();
        for rec in rdr.records() {
            let rec =
                rec.map_err(|e| Error::bad_input(Location::file(path), e.to_string(), HINT))?;
            let line = rec.position().map_or(0, |p| p.line());
            let count: f64 = rec
                .get(ci)
                .and_then(|c| c.trim().parse().ok())
                .filter(|c: &f64| c.is_finite() && *c >= 0.0)
                .ok_or_else(|| {
                    Error::bad_input(
                        Location::line(path, line),
                        format!(
                            "count '{}' is not a non-negative number",
                            rec.get(ci).unwrap_or("")
                        ),
                        HINT,
                    )
                })?;
            let raw = rec.get(ti).unwrap_or("");
            if analyzer.normalize(raw, &mut word) == WordKind::Dropped
                || analyzer.is_stopword(&word)
            {
                continue;
            }
            let term = stem_word(stemmer.as_ref(), &word);
            *bg.counts.entry(term).or_insert(0.0) += count;
            bg.total += count;
        }
        if bg.total <= 0.0 {
            return Err(Error::bad_input(
                Location::file(path),
                "the background list has no counted words",
                HINT,
            ));
        }
        Ok(bg)
    }
}

const HINT: &str = "a background file is a CSV with a header 'term,count' and one word per row";

impl BackgroundCounts for Background {
    fn count(&self, term: &str) -> f64 {
        self.counts.get(term).copied().unwrap_or(0.0)
    }
    fn total(&self) -> f64 {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerOptions;

    #[test]
    fn words_are_analysed_like_the_corpus() {
        let a = Analyzer::new(AnalyzerOptions::default()).unwrap();
        let bg = Background::parse(
            "# list\nterm,count\nLiberation,3\nliberated,2\nthe,100\n",
            "bg.csv",
            &a,
        )
        .unwrap();
        assert_eq!(bg.count("liber"), 5.0);
        assert_eq!(
            bg.count("the"),
            0.0,
            "stop words are left out as in the corpus"
        );
        assert_eq!(bg.total(), 5.0);
        let e = Background::parse("term,count\nx,abc\n", "bg.csv", &a).unwrap_err();
        assert!(e.to_string().contains("bg.csv:2"), "{e}");
    }
}
