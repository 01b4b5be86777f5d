//! Per-word normalisation: the ordered chain of named steps applied to each
//! word the segmenter finds (README, "Text pipeline", steps 2 and 4).
//!
//! The chain runs once per *distinct* raw word (the counting layer caches its
//! result), so it favours clarity over speed, with an ASCII fast path.
//!
//! | step | what it does | linguistic consequence |
//! |---|---|---|
//! | [`Step::Nfkc`] | Unicode NFKC | ligatures (`ﬁ` → `fi`), fullwidth (`Ｔ` → `T`) and NFD accents (`e`+U+0301 → `é`) become the ordinary letters, so they count as the same word |
//! | [`Step::Invisibles`] | drop soft hyphens (U+00AD), zero-width joiners and non-joiners, word joiners and BOMs inside a word | `occu\u{AD}pation` counts as `occupation` |
//! | [`Step::Apostrophes`] | `’ ‘ ʼ ′` → `'` | `Azerbaijan’s` and `Azerbaijan's` are one word |
//! | [`Step::Lowercase`] | full lowercasing, with `İ` → `i` | `TÜRKİYE`, `Türkiye`, `türkiye` are one word (no stray U+0307); Turkish dotless `ı` is kept |
//! | [`Step::Possessive`] | trailing `'s` removed | `Azerbaijan's` → `azerbaijan`; also `it's` → `it` (documented) |
//! | [`Step::LetterCheck`] | a word without a letter is dropped (a number is kept with `--keep-numbers`) | `2020` and `1,500` are not words by default |

use std::borrow::Cow;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// One named step of the word chain, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Unicode compatibility composition (NFKC).
    Nfkc,
    /// Remove soft hyphens and zero-width characters inside words.
    Invisibles,
    /// Unify apostrophes to `'`.
    Apostrophes,
    /// Full lowercasing (`İ` → `i`).
    Lowercase,
    /// Remove a trailing possessive `'s`.
    Possessive,
    /// Drop words without a letter (numbers kept only on request).
    LetterCheck,
}

/// Which steps of the word chain run, and how.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NormalizeOptions {
    /// Apply NFKC (default on).
    pub nfkc: bool,
    /// Lowercase (default on).
    pub lowercase: bool,
    /// Remove possessive `'s` (default on).
    pub strip_possessive: bool,
    /// Keep tokens that have digits but no letter (default off).
    pub keep_numbers: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            nfkc: true,
            lowercase: true,
            strip_possessive: true,
            keep_numbers: false,
        }
    }
}

impl NormalizeOptions {
    /// The steps that run, in order (for the manifest).
    pub fn steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        if self.nfkc {
            steps.push(Step::Nfkc);
        }
        steps.push(Step::Invisibles);
        steps.push(Step::Apostrophes);
        if self.lowercase {
            steps.push(Step::Lowercase);
        }
        if self.strip_possessive {
            steps.push(Step::Possessive);
        }
        steps.push(Step::LetterCheck);
        steps
    }
}

/// What a raw word became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// A word with at least one letter: counted.
    Word,
    /// A number kept by `--keep-numbers`: counted.
    Number,
    /// Not a word (no letter, or empty after normalisation): not counted.
    Dropped,
}

/// True for characters removed inside words: soft hyphen, zero-width
/// non-joiner and joiner, word joiner, BOM / zero-width no-break space.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
    )
}

/// True for characters unified to the ASCII apostrophe.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}')
}

/// Run the word chain on `raw`, writing the normalised word into `out`
/// (cleared first). Returns what the word is.
pub fn normalize_word(raw: &str, opts: &NormalizeOptions, out: &mut String) -> WordKind {
    out.clear();
    if raw.is_ascii() {
        out.push_str(raw);
        if opts.lowercase {
            out.make_ascii_lowercase();
        }
    } else {
        let composed: Cow<str> = if opts.nfkc && is_nfkc_quick(raw.chars()) != IsNormalized::Yes {
            Cow::Owned(raw.nfkc().collect())
        } else {
            Cow::Borrowed(raw)
        };
        let mut cleaned = String::with_capacity(composed.len());
        for c in composed.chars() {
            if is_invisible(c) {
                continue;
            }
            if is_apostrophe(c) {
                cleaned.push('\'');
            } else if opts.lowercase && c == '\u{130}' {
                // Step::Lowercase: `İ` lowercases to `i` + U+0307 in Unicode's
                // default mapping; the dot is redundant on a lowercase `i`.
                cleaned.push('i');
            } else {
                cleaned.push(c);
            }
        }
        if opts.lowercase {
            // str::to_lowercase handles final sigma by context.
            out.push_str(&cleaned.to_lowercase());
        } else {
            out.push_str(&cleaned);
        }
    }
    if opts.strip_possessive {
        strip_possessive(out);
    }
    classify(out, opts.keep_numbers)
}

/// Step::Possessive: remove a trailing `'s` (or `'S` when not lowercasing),
/// only when something remains before it.
fn strip_possessive(word: &mut String) {
    let bytes = word.as_bytes();
    let n = bytes.len();
    if n > 2 && bytes[n - 2] == b'\'' && (bytes[n - 1] == b's' || bytes[n - 1] == b'S') {
        word.truncate(n - 2);
    }
}

/// Step::LetterCheck.
fn classify(word: &str, keep_numbers: bool) -> WordKind {
    if word.is_empty() {
        return WordKind::Dropped;
    }
    if word.chars().any(char::is_alphabetic) {
        WordKind::Word
    } else if keep_numbers && word.chars().any(|c| c.is_numeric()) {
        WordKind::Number
    } else {
        WordKind::Dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &str) -> (String, WordKind) {
        let mut out = String::new();
        let kind = normalize_word(raw, &NormalizeOptions::default(), &mut out);
        (out, kind)
    }

    #[test]
    fn turkish_capital_dotted_i_has_no_stray_combining_dot() {
        assert_eq!(norm("TÜRKİYE").0, "türkiye");
        assert_eq!(norm("Türkiye").0, "türkiye");
        assert_eq!(norm("türkiye").0, "türkiye");
        assert!(!norm("İSTANBUL").0.contains('\u{307}'));
        // dotless ı is a different letter and stays
        assert_eq!(norm("Arıkan").0, "arıkan");
    }

    #[test]
    fn possessive_straight_and_curly() {
        assert_eq!(norm("Azerbaijan’s").0, "azerbaijan");
        assert_eq!(norm("Azerbaijan's").0, "azerbaijan");
        assert_eq!(norm("Azerbaijanʼs").0, "azerbaijan");
        assert_eq!(norm("'s").0, "'s");
        assert_eq!(norm("can’t").0, "can't");
    }

    #[test]
    fn nfd_and_nfc_are_one_word() {
        let nfd = "Mame\u{301}dov";
        let nfc = "Mamédov";
        assert_eq!(norm(nfd).0, norm(nfc).0);
    }

    #[test]
    fn ligatures_and_fullwidth_fold() {
        assert_eq!(norm("ﬁnance").0, "finance");
        assert_eq!(norm("ＴＥＳＴ").0, "test");
    }

    #[test]
    fn invisibles_removed() {
        assert_eq!(norm("occu\u{AD}pation").0, "occupation");
        assert_eq!(norm("occu\u{200D}pation").0, "occupation");
        assert_eq!(norm("\u{FEFF}word").0, "word");
    }

    #[test]
    fn final_sigma() {
        assert_eq!(norm("ΟΔΟΣ").0, "οδος");
    }

    #[test]
    fn numbers_dropped_unless_kept() {
        assert_eq!(norm("2020").1, WordKind::Dropped);
        assert_eq!(norm("1,500").1, WordKind::Dropped);
        let mut out = String::new();
        let opts = NormalizeOptions {
            keep_numbers: true,
            ..Default::default()
        };
        assert_eq!(normalize_word("2020", &opts, &mut out), WordKind::Number);
        assert_eq!(norm("G20").1, WordKind::Word);
    }

    #[test]
    fn steps_listed_in_order() {
        let steps = NormalizeOptions::default().steps();
        assert_eq!(steps.first(), Some(&Step::Nfkc));
        assert_eq!(steps.last(), Some(&Step::LetterCheck));
    }
}
