//! Snowball stemming (README, "Text pipeline", step 6) through rust-stemmers.
//!
//! Snowball is case-sensitive, so it runs after lowercasing. It is also
//! surprising (`crisis` → `crisi`; `liberation`, `liberal`, `liberated` →
//! `liber`): every stemmed term is reported with a readable `display` form.
//! rust-stemmers 1.2.0 can panic on some Greek input: the call is guarded
//! and such a word stays unstemmed.

use rust_stemmers::{Algorithm, Stemmer};

/// Which stemmer a run uses, as the user named it (`--stem`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StemSpec {
    /// No stemming.
    None,
    /// A Snowball algorithm.
    Snowball(Algorithm),
}

/// Languages `--stem` accepts, with their rust-stemmers algorithm.
pub const LANGUAGES: &[(&str, Algorithm)] = &[
    ("arabic", Algorithm::Arabic),
    ("danish", Algorithm::Danish),
    ("dutch", Algorithm::Dutch),
    ("english", Algorithm::English),
    ("finnish", Algorithm::Finnish),
    ("french", Algorithm::French),
    ("german", Algorithm::German),
    ("greek", Algorithm::Greek),
    ("hungarian", Algorithm::Hungarian),
    ("italian", Algorithm::Italian),
    ("norwegian", Algorithm::Norwegian),
    ("portuguese", Algorithm::Portuguese),
    ("romanian", Algorithm::Romanian),
    ("russian", Algorithm::Russian),
    ("spanish", Algorithm::Spanish),
    ("swedish", Algorithm::Swedish),
    ("tamil", Algorithm::Tamil),
    ("turkish", Algorithm::Turkish),
];

impl StemSpec {
    /// The name as the user writes it (`english`, `none`).
    pub fn name(&self) -> &'static str {
        match self {
            StemSpec::None => "none",
            StemSpec::Snowball(algo) => LANGUAGES
                .iter()
                .find(|(_, a)| a == algo)
                .map(|(n, _)| *n)
                .unwrap_or("unknown"),
        }
    }

    /// A fresh stemmer (rust-stemmers' `Stemmer` is not `Clone`: each worker
    /// makes its own from the spec).
    pub fn stemmer(&self) -> Option<Stemmer> {
        match self {
            StemSpec::None => None,
            StemSpec::Snowball(algo) => Some(Stemmer::create(*algo)),
        }
    }
}

impl std::str::FromStr for StemSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.to_ascii_lowercase();
        if lower == "none" {
            return Ok(StemSpec::None);
        }
        LANGUAGES
            .iter()
            .find(|(n, _)| *n == lower)
            .map(|(_, a)| StemSpec::Snowball(*a))
            .ok_or_else(|| {
                let names: Vec<&str> = LANGUAGES.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown stemmer '{s}': use none or one of {}",
                    names.join(", ")
                )
            })
    }
}

impl serde::Serialize for StemSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Stem `word` (already lowercased) with `stemmer`, guarding against panics.
pub fn stem_word(stemmer: Option<&Stemmer>, word: &str) -> String {
    match stemmer {
        None => word.to_string(),
        Some(st) => {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| st.stem(word).into_owned()))
                .unwrap_or_else(|_| word.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_stems_after_lowercasing() {
        let st = StemSpec::Snowball(Algorithm::English).stemmer();
        assert_eq!(stem_word(st.as_ref(), "liberation"), "liber");
        assert_eq!(stem_word(st.as_ref(), "liberated"), "liber");
        assert_eq!(stem_word(st.as_ref(), "occupation"), "occup");
        assert_eq!(stem_word(None, "occupation"), "occupation");
    }

    #[test]
    fn parse_names() {
        assert_eq!("none".parse::<StemSpec>().unwrap(), StemSpec::None);
        assert_eq!("English".parse::<StemSpec>().unwrap().name(), "english");
        assert!("klingon".parse::<StemSpec>().is_err());
    }
}
