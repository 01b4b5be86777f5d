//! Stop words: removed from term statistics only, never from phrase matching
//! and never from token totals (README, "Text pipeline", step 5).

use crate::error::{Error, Location, Result};
use crate::text::normalize::{normalize_word, NormalizeOptions, WordKind};
use rustc_hash::FxHashSet;

const ENGLISH: &str = include_str!("stopwords_en.txt");

/// Which stop-word list a run uses, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum StopwordsSpec {
    /// The shipped English list (`--stopwords en`).
    English,
    /// No stop words (`--stopwords none`).
    None,
    /// One word per line from a file; `#` starts a comment line.
    File(String),
}

impl std::str::FromStr for StopwordsSpec {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s {
            "en" | "english" => StopwordsSpec::English,
            "none" => StopwordsSpec::None,
            path => StopwordsSpec::File(path.to_string()),
        })
    }
}

/// A loaded stop-word set, normalised with the run's word chain.
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    words: FxHashSet<String>,
}

impl Stopwords {
    /// Load the list `spec` names, normalising each entry with `opts`.
    pub fn load(spec: &StopwordsSpec, opts: &NormalizeOptions) -> Result<Stopwords> {
        match spec {
            StopwordsSpec::None => Ok(Stopwords::default()),
            StopwordsSpec::English => Ok(Self::parse(ENGLISH, opts)),
            StopwordsSpec::File(path) => {
                let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                let text = String::from_utf8(bytes).map_err(|e| {
                    let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let line = 1 + good.iter().filter(|&&b| b == b'\n').count() as u64;
                    Error::bad_input(
                        Location::line(path, line).with_byte(good.len() as u64),
                        "the stop-word file is not valid UTF-8",
                        "save the list as UTF-8, one word per line",
                    )
                })?;
                Ok(Self::parse(text.trim_start_matches('\u{FEFF}'), opts))
            }
        }
    }

    fn parse(text: &str, opts: &NormalizeOptions) -> Stopwords {
        let mut words = FxHashSet::default();
        let mut out = String::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if normalize_word(line, opts, &mut out) != WordKind::Dropped {
                words.insert(out.clone());
            }
        }
        Stopwords { words }
    }

    /// True when the normalised word is a stop word.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// How many stop words the set holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_list_loads_normalised() {
        let sw = Stopwords::load(&StopwordsSpec::English, &NormalizeOptions::default()).unwrap();
        assert!(sw.contains("the"));
        assert!(sw.contains("don't"));
        assert!(!sw.contains("occupation"));
        assert!(sw.len() > 150);
    }

    #[test]
    fn none_is_empty() {
        let sw = Stopwords::load(&StopwordsSpec::None, &NormalizeOptions::default()).unwrap();
        assert!(sw.is_empty());
    }
}
