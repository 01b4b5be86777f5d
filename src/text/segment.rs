//! Word segmentation (README, "Text pipeline", step 3) in one pass over the original text,
//! keeping byte offsets, sentence numbers and whether each word sits inside
//! quotation marks.
//!
//! * **Words** are UAX #29 word segments (unicode-segmentation) that contain a
//!   letter or digit. So `Nagorno-Karabakh`, `44-day` and `e-mail` are two
//!   words each, `can’t` and `U.S` are one. A chunk of ASCII and curly
//!   quotes that holds one word (`“Baku’s”`, `3,000`, `U.S.`) skips the
//!   UAX #29 machinery: the result is identical (tested against it), only
//!   faster.
//! * **Separators**: any Unicode white space, including no-break spaces, and
//!   U+200B ZERO WIDTH SPACE (it marks a boundary in the text's own layout).
//!   Dashes separate words by UAX #29 itself.
//! * **URLs and e-mail addresses** (a white-space-delimited chunk containing
//!   `://`, starting with `www.` after any opening punctuation, or with an
//!   `@` followed by a dotted domain) are not words.
//! * **Sentences** end at `.`, `!`, `?` or `…` (optionally followed by closing
//!   quotes or brackets) when the next chunk starts with an uppercase letter, a
//!   digit or an opening quote — except after a single letter, a dotted
//!   abbreviation (`U.S.`) or a common title (`Mr.`, `Gen.`) — and at every
//!   paragraph break (a blank line).
//! * **Quotes**: `“ „ «` open and `” »` close a double quote; a straight `"`
//!   toggles; `‘` opens and `’` closes a single quote (a `’` with no open
//!   single quote is an apostrophe); a straight `'` opens at the start of a
//!   chunk and closes one that is open. Quotes may span sentences; a paragraph
//!   break closes them all, so one unbalanced mark cannot taint a whole
//!   article.

use unicode_segmentation::UnicodeSegmentation;

/// One word found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordSpan {
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Sentence number within the document (0-based, increasing; may skip).
    pub sentence: u32,
    /// True when the word sits inside quotation marks.
    pub quoted: bool,
}

/// Options of the segmenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SegmentOptions {
    /// Skip URLs and e-mail addresses (default on).
    pub drop_urls: bool,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions { drop_urls: true }
    }
}

/// Titles and abbreviations after which a `.` does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpt", "maj", "adm", "st",
    "jr", "sr", "vs", "no", "rep", "sen", "gov", "pres", "rev", "hon", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "dept",
    "approx", "fig", "vol", "pp",
];

#[derive(Default)]
struct State {
    sentence: u32,
    double_open: bool,
    single_open: bool,
    /// The previous chunk ended a sentence if the next one starts like one.
    pending_end: bool,
}

impl State {
    fn quoted(&self) -> bool {
        self.double_open || self.single_open
    }

    fn paragraph_break(&mut self) {
        self.sentence += 1;
        self.double_open = false;
        self.single_open = false;
        self.pending_end = false;
    }

    /// Update the quote state for one punctuation character. `leading` is
    /// true when nothing but punctuation precedes it in its chunk.
    fn quote_mark(&mut self, c: char, leading: bool) {
        match c {
            '\u{201C}' | '\u{201E}' | '\u{AB}' => self.double_open = true,
            '\u{201D}' | '\u{BB}' => self.double_open = false,
            '"' => self.double_open = !self.double_open,
            '\u{2018}' => self.single_open = true,
            '\u{2019}' => self.single_open = false,
            // Opens at the start of a chunk, closes elsewhere.
            '\'' => self.single_open = leading,
            _ => {}
        }
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}'
}

/// Call `emit` for every word of `text`, in order.
pub fn segment(text: &str, opts: &SegmentOptions, mut emit: impl FnMut(WordSpan)) {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut state = State::default();
    let mut i = 0;
    while i < len {
        // White space: count line breaks to find paragraph breaks.
        let mut newlines = 0;
        while i < len {
            let b = bytes[i];
            if b < 0x80 {
                match b {
                    b'\n' => newlines += 1,
                    b'\r' => {
                        if bytes.get(i + 1) != Some(&b'\n') {
                            newlines += 1;
                        }
                    }
                    b' ' | b'\t' | 0x0B | 0x0C => {}
                    _ => break,
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !is_separator(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i >= len {
            break;
        }
        let start = i;
        let flags = scan_chunk(text, start);
        i = flags.end;
        if newlines >= 2 {
            state.paragraph_break();
        }
        chunk(text, start, i, flags, opts, &mut state, &mut emit);
    }
}

/// Byte classes of the chunk scan.
const SPACE: u8 = 1;
const ALNUM: u8 = 2;
/// `:` `@` `_`: a URL or e-mail is possible, and `_` joins words in UAX #29.
const SPECIAL: u8 = 4;
const NON_ASCII: u8 = 8;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_whitespace() || c == 0x0B {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else if c == b':' || c == b'@' || c == b'_' {
            SPECIAL
        } else {
            0
        };
        b += 1;
    }
    t
};

/// What the chunk scan learnt about a chunk.
#[derive(Clone, Copy)]
struct ChunkFlags {
    /// Byte offset one past the chunk.
    end: usize,
    /// Contains `:`, `@` or `_`.
    special: bool,
    /// For a chunk of ASCII (without `:` `@` `_`) and curly quotes in which
    /// UAX #29 finds exactly one word, that word's byte range within the
    /// chunk: punctuation, then runs of letters and digits that
    /// [`joins`] keeps together, then punctuation.
    core: Option<(usize, usize)>,
}

/// Scan the chunk starting at `start` (not white space) once: where it ends,
/// and what later checks need to know.
#[inline]
fn scan_chunk(text: &str, start: usize) -> ChunkFlags {
    let bytes = text.as_bytes();
    let mut i = start;
    let (mut plain, mut special, mut joined) = (true, false, true);
    let mut runs = 0u32;
    let (mut first, mut last) = (0, 0);
    while i < bytes.len() {
        let class = CLASS[bytes[i] as usize];
        if class == ALNUM {
            // a run of letters and digits (most of the text), then a byte
            // that is not one
            if runs == 0 {
                first = i;
            } else {
                joined &= joins(bytes, last, i);
            }
            runs += 1;
            i += 1 + alnum_run(&bytes[i + 1..]);
            last = i;
            continue;
        }
        if class & (SPACE | NON_ASCII) != 0 {
            if class & SPACE != 0 {
                break;
            }
            if is_curly_quote(&bytes[i..]) {
                i += 3;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            if is_separator(c) {
                break;
            }
            plain = false;
            i += c.len_utf8();
            continue;
        }
        special |= class & SPECIAL != 0;
        i += 1;
    }
    let core = (plain && !special && runs > 0 && joined).then(|| (first - start, last - start));
    ChunkFlags {
        end: i,
        special,
        core,
    }
}

/// `b` starts with a curly quote: U+2018, U+2019, U+201C or U+201D
/// (`E2 80 98/99/9C/9D` in UTF-8).
#[inline]
fn is_curly_quote(b: &[u8]) -> bool {
    matches!(b, [0xE2, 0x80, 0x98 | 0x99 | 0x9C | 0x9D, ..])
}

/// Whether UAX #29 keeps two runs of ASCII letters and digits, the one
/// ending at `prev_end` and the one starting at `next`, in one word: when
/// exactly one character lies between them and rules WB6/WB7 or WB11/WB12
/// hold: a MidNumLet or single quote (`.`, `'`, `‘`, `’`) between two
/// letters or two digits, a MidNum (`,`, `;`) between two digits.
#[inline]
fn joins(b: &[u8], prev_end: usize, next: usize) -> bool {
    let (before, after) = (b[prev_end - 1], b[next]);
    let digits = before.is_ascii_digit() && after.is_ascii_digit();
    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
    match &b[prev_end..next] {
        [b'.' | b'\''] | [0xE2, 0x80, 0x98 | 0x99] => letters || digits,
        [b',' | b';'] => digits,
        _ => false,
    }
}

/// How many bytes at the start of `b` are ASCII letters or digits. Eight
/// bytes at a time ([`alnum_bits`]), so a word costs one predictable branch
/// instead of one per letter.
#[inline]
fn alnum_run(b: &[u8]) -> usize {
    let mut n = 0;
    while let Some(block) = b.get(n..n + 8) {
        let w = u64::from_le_bytes(block.try_into().unwrap_or([0; 8]));
        let other = !alnum_bits(w) & HIGH_BITS;
        if other != 0 {
            return n + other.trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + b[n..]
        .iter()
        .take_while(|&&c| CLASS[c as usize] == ALNUM)
        .count()
}

const ONE_BYTES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x80 * ONE_BYTES;

/// The high bit of each byte of `w` (eight bytes, little-endian) that is
/// an ASCII letter or digit. SWAR: on 7-bit values `v`, `v + (0x80 - lo)`
/// has its high bit set exactly when `v ≥ lo`, and `v + (0x7F - hi)` when
/// `v > hi`; no byte carries into the next. Letters are `v | 0x20` in
/// `a..=z`.
#[inline]
fn alnum_bits(w: u64) -> u64 {
    let v = w & !HIGH_BITS;
    let within = |v: u64, lo: u8, hi: u8| {
        (v + (0x80 - u64::from(lo)) * ONE_BYTES) & !(v + (0x7F - u64::from(hi)) * ONE_BYTES)
    };
    let digit = within(v, b'0', b'9');
    let letter = within(v | (0x20 * ONE_BYTES), b'a', b'z');
    (digit | letter) & !w & HIGH_BITS
}

/// `text[start..]` starts with `www.` in any case, read as one word (false
/// when fewer than 4 bytes are left).
#[inline]
fn starts_www(text: &str, start: usize) -> bool {
    const WWW: u32 = u32::from_le_bytes(*b"www.");
    const LOWER: u32 = u32::from_le_bytes([0x20, 0x20, 0x20, 0]);
    let four = text.as_bytes().get(start..start + 4);
    four.is_some_and(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) | LOWER == WWW)
}

/// Whether the chunk `text[start..end]`, from its first letter or digit on,
/// starts with `www.`: the one way [`is_url_or_email`] can hold for a chunk
/// without `:` or `@` (which [`scan_chunk`] flags as special).
#[inline]
fn www_first(text: &str, start: usize, end: usize) -> bool {
    let first = if CLASS[usize::from(text.as_bytes()[start])] == ALNUM {
        start
    } else {
        end - url_body(&text[start..end]).len()
    };
    // Only the prefix: it almost never holds, so its branch is learnt, while
    // whether a chunk is longer than 4 bytes is a coin flip (left to
    // `is_url_or_email`). `text` goes on past most chunks, so reading four
    // bytes there rarely fails.
    starts_www(text, first)
}

/// Process one white-space-delimited chunk `text[start..end]`.
fn chunk(
    text: &str,
    start: usize,
    end: usize,
    flags: ChunkFlags,
    opts: &SegmentOptions,
    state: &mut State,
    emit: &mut impl FnMut(WordSpan),
) {
    let s = &text[start..end];
    if state.pending_end {
        state.pending_end = false;
        if starts_sentence(s) {
            state.sentence += 1;
        }
    }
    if opts.drop_urls && (flags.special || www_first(text, start, end)) && is_url_or_email(s) {
        return;
    }
    let mut last_word: Option<(usize, usize)> = None;
    if let Some((core_start, core_end)) = flags.core {
        for c in s[..core_start].chars() {
            state.quote_mark(c, true);
        }
        emit(WordSpan {
            start: start + core_start,
            end: start + core_end,
            sentence: state.sentence,
            quoted: state.quoted(),
        });
        last_word = Some((start + core_start, start + core_end));
        for c in s[core_end..].chars() {
            state.quote_mark(c, false);
        }
    } else {
        let mut seen_word = false;
        for (off, seg) in s.split_word_bound_indices() {
            if seg.chars().any(char::is_alphanumeric) {
                emit(WordSpan {
                    start: start + off,
                    end: start + off + seg.len(),
                    sentence: state.sentence,
                    quoted: state.quoted(),
                });
                seen_word = true;
                last_word = Some((start + off, start + off + seg.len()));
            } else {
                for c in seg.chars() {
                    state.quote_mark(c, !seen_word);
                }
            }
        }
    }
    // Most chunks end in a letter, digit or comma: no sentence end to look for.
    let last = s.as_bytes()[s.len() - 1];
    if !(last.is_ascii_alphanumeric() || last == b',' || last == b';')
        && ends_sentence(s, last_word.map(|(a, b)| &text[a..b]))
    {
        state.pending_end = true;
    }
}

/// A chunk from its first letter or digit on, where a URL or e-mail address
/// would start.
fn url_body(s: &str) -> &str {
    s.trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// A chunk that is a URL or an e-mail address.
pub fn is_url_or_email(s: &str) -> bool {
    let t = url_body(s);
    if t.contains("://")
        || t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) && t.len() > 4
    {
        return true;
    }
    if let Some(at) = t.find('@') {
        let (local, domain) = (&t[..at], &t[at + 1..]);
        let domain = domain.trim_end_matches(|c: char| !c.is_alphanumeric());
        return !local.is_empty()
            && local.chars().last().is_some_and(char::is_alphanumeric)
            && domain.contains('.')
            && domain.chars().next().is_some_and(char::is_alphanumeric);
    }
    false
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '\u{201C}' | '\u{2018}' | '\u{AB}' | '\u{201E}'
    )
}

fn ends_sentence(chunk: &str, last_word: Option<&str>) -> bool {
    let t = chunk.trim_end_matches(is_closing);
    let Some(term) = t.chars().last() else {
        return false;
    };
    match term {
        '!' | '?' | '\u{2026}' => true,
        '.' => {
            let before = &t[..t.len() - 1];
            if before.ends_with('.') {
                return true; // an ellipsis written as "..."
            }
            match last_word {
                None => true,
                Some(w) if !before.ends_with(w) => true,
                Some(w) => !is_abbreviation(w),
            }
        }
        _ => false,
    }
}

/// The longest entry of [`ABBREVIATIONS`], in bytes.
const LONGEST_ABBREVIATION: usize = 6;

fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let single = chars.next().is_some() && chars.next().is_none();
    single
        || word.contains('.')
        || word.len() <= LONGEST_ABBREVIATION
            && ABBREVIATION_KEYS
                .binary_search(&abbreviation_key(word.as_bytes()))
                .is_ok()
}

/// A word of at most [`LONGEST_ABBREVIATION`] bytes as one integer: its
/// bytes in ASCII lowercase, little-endian, and its length in the top byte.
/// Two such words have the same key exactly when they are equal ignoring
/// ASCII case.
const fn abbreviation_key(b: &[u8]) -> u64 {
    let mut key = (b.len() as u64) << 56;
    let mut i = 0;
    while i < b.len() {
        key |= (b[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The keys of [`ABBREVIATIONS`], sorted: one binary search (a fixed number
/// of steps, without data-dependent branches) instead of comparing the word
/// with each in turn, a comparison whose outcome the branch predictor could
/// not learn.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = abbreviation_key(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    let mut i = 1;
    while i < keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

fn starts_sentence(chunk: &str) -> bool {
    let t = chunk.trim_start_matches(is_opening);
    match t.chars().next() {
        Some(c) => c.is_uppercase() || c.is_numeric() || t.len() < chunk.len(),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn alnum_run_counts_leading_ascii_alphanumerics(b in proptest::collection::vec(any::<u8>(), 0..40)) {
            let expected = b.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            prop_assert_eq!(alnum_run(&b), expected);
        }
    }

    #[test]
    fn alnum_bits_classify_every_byte() {
        for c in 0..=255u8 {
            let w = u64::from(c) << 24 | 0x2020_2020_2020_2020 & !(0xFF << 24);
            let expected = if c.is_ascii_alphanumeric() {
                0x80 << 24
            } else {
                0
            };
            assert_eq!(alnum_bits(w), expected, "byte {c:#04x}");
        }
    }

    #[test]
    fn starts_www_ignores_case_of_the_letters_only() {
        for (text, expected) in [
            ("www.x", true),
            ("WwW.x", true),
            ("www.", true),
            ("www", false),
            ("wwwx", false),
            ("www\u{e}", false),
            ("ww.w", false),
            ("vww.", false),
        ] {
            assert_eq!(starts_www(text, 0), expected, "{text:?}");
        }
        assert!(starts_www("a www.b", 2));
        assert!(!starts_www("a www", 2));
    }

    #[test]
    fn longest_abbreviation_is_the_longest() {
        let longest = ABBREVIATIONS.iter().map(|a| a.len()).max();
        assert_eq!(longest, Some(LONGEST_ABBREVIATION));
    }

    fn words(text: &str) -> Vec<(String, u32, bool)> {
        let mut out = Vec::new();
        segment(text, &SegmentOptions::default(), |w| {
            out.push((text[w.start..w.end].to_string(), w.sentence, w.quoted))
        });
        out
    }

    fn strings(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.0).collect()
    }

    #[test]
    fn hyphens_and_dashes_split_apostrophes_do_not() {
        assert_eq!(
            strings("Nagorno-Karabakh’s 44-day war — one nation, two states"),
            [
                "Nagorno",
                "Karabakh’s",
                "44",
                "day",
                "war",
                "one",
                "nation",
                "two",
                "states"
            ]
        );
        assert_eq!(strings("can’t U.S. e-mail"), ["can’t", "U.S", "e", "mail"]);
    }

    #[test]
    fn no_break_and_zero_width_spaces_separate() {
        assert_eq!(
            strings("one\u{A0}nation\u{200B}two"),
            ["one", "nation", "two"]
        );
        // soft hyphen stays inside the word (removed later by the word chain)
        assert_eq!(strings("occu\u{AD}pation"), ["occu\u{AD}pation"]);
    }

    #[test]
    fn urls_and_emails_are_not_words() {
        assert_eq!(
            strings("See https://example.com/a-b and www.trt.world or press@example.org now."),
            ["See", "and", "or", "now"]
        );
        // after opening punctuation too, ASCII or not
        assert_eq!(
            strings("see (www.foo.com) “WWW.bar.org” \"www.baz.net\" ok"),
            ["see", "ok"]
        );
        assert_eq!(strings("@handle and a@b"), ["handle", "and", "a", "b"]);
    }

    #[test]
    fn sentences_end_at_terminators_before_capitals() {
        let w =
            words("He left. She came! Why? The U.S. State Department said so. Mr. Aliyev agreed.");
        let sent: Vec<u32> = w.iter().map(|x| x.1).collect();
        //            He left She came Why The U.S State Department said so Mr Aliyev agreed
        assert_eq!(sent, [0, 0, 1, 1, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4]);
        let w = words("one nation.\n\ntwo states");
        assert_ne!(w[1].1, w[2].1, "a paragraph break ends a sentence");
        let w = words("one nation. two states");
        assert_eq!(w[1].1, w[2].1, "no capital: no sentence end");
    }

    #[test]
    fn quotes_curly_straight_and_spanning() {
        let w = words("The “occupation” ended. He said \"it was occupation. It ended\" today.");
        let q: Vec<(&str, bool)> = w.iter().map(|x| (x.0.as_str(), x.2)).collect();
        assert_eq!(
            q,
            [
                ("The", false),
                ("occupation", true),
                ("ended", false),
                ("He", false),
                ("said", false),
                ("it", true),
                ("was", true),
                ("occupation", true),
                ("It", true),
                ("ended", true),
                ("today", false)
            ]
        );
        let w = words("the countries’ ‘brother country’ and «liberation» and 'victory' now");
        let quoted: Vec<&str> = w.iter().filter(|x| x.2).map(|x| x.0.as_str()).collect();
        assert_eq!(quoted, ["brother", "country", "liberation", "victory"]);
    }

    #[test]
    fn paragraph_break_closes_open_quotes() {
        let w = words("He said “it never ends\n\nNext paragraph");
        assert!(w[2].2 && w[4].2 && !w[5].2);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "  “TÜRKİYE’s” ally,\r\nBaku.";
        segment(text, &SegmentOptions::default(), |w| {
            assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
        });
        assert_eq!(strings(text), ["TÜRKİYE’s", "ally", "Baku"]);
    }

    fn uax29_words(s: &str) -> Vec<(usize, usize)> {
        s.split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(o, w)| (o, o + w.len()))
            .collect()
    }

    proptest! {
        #[test]
        fn chunk_scan_core_is_the_one_word_uax29_finds(s in "[a-zA-Z0-9.,;:'\"()_!?#@/é’‘“”-]{1,12}") {
            let flags = scan_chunk(&s, 0);
            prop_assert_eq!(flags.end, s.len());
            let plain = s.chars().all(|c| c.is_ascii() || "’‘“”".contains(c))
                && !s.contains([':', '@', '_']);
            let words = uax29_words(&s);
            let one = (plain && words.len() == 1).then(|| words[0]);
            prop_assert_eq!(flags.core, one);
        }

        #[test]
        fn word_shaped_chunks_take_the_fast_path(lead in "[(\"“‘'«]{0,2}", parts in proptest::collection::vec("[a-zA-Z]{1,4}|[0-9]{1,3}", 1..4), seps in proptest::collection::vec("[.,;'’‘-]", 3), tail in "[.,;:!?)\"”’]{0,2}") {
            let mut s = lead.clone();
            for (k, p) in parts.iter().enumerate() {
                if k > 0 {
                    s.push_str(&seps[k - 1]);
                }
                s.push_str(p);
            }
            s.push_str(&tail);
            let flags = scan_chunk(&s, 0);
            let words = uax29_words(&s);
            let plain = !s.contains([':', '«']);
            prop_assert_eq!(flags.core, (plain && words.len() == 1).then(|| words[0]));
        }

        #[test]
        fn the_url_prefilter_passes_every_url(s in "[a-zA-Z0-9.,;:'\"()_!?#@/é’“-]{1,12}") {
            let flags = scan_chunk(&s, 0);
            if is_url_or_email(&s) {
                prop_assert!(flags.special || www_first(&s, 0, s.len()));
            }
        }

        #[test]
        fn www_after_punctuation_is_found(lead in "[(\"“'«]{0,3}", w in "[wW]{3}", rest in "[.a-z]{0,4}") {
            let s = format!("{lead}{w}{rest}");
            let www = s.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase().starts_with("www.");
            prop_assert_eq!(www_first(&s, 0, s.len()), www);
            // inside a longer text
            let text = format!("a {s} b");
            prop_assert_eq!(www_first(&text, 2, 2 + s.len()), www);
            prop_assert!(!is_url_or_email(&s) || www);
        }

        #[test]
        fn abbreviation_keys_equal_comparing_with_each(w in "[a-zA-Z.é]{0,8}", i in 0usize..100) {
            // half the cases: an abbreviation in mixed case
            let w = match ABBREVIATIONS.get(i) {
                Some(a) if i % 2 == 0 => a.chars().enumerate()
                    .map(|(j, c)| if (i + j) % 3 == 0 { c.to_ascii_uppercase() } else { c })
                    .collect(),
                _ => w,
            };
            let by_list = w.chars().count() == 1 || w.contains('.')
                || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(&w));
            prop_assert_eq!(is_abbreviation(&w), by_list);
        }

        #[test]
        fn never_panics_and_offsets_are_boundaries(s in "\\PC{0,80}") {
            let mut last = 0;
            segment(&s, &SegmentOptions::default(), |w| {
                assert!(s.is_char_boundary(w.start) && s.is_char_boundary(w.end));
                assert!(w.start >= last && w.end > w.start);
                last = w.end;
            });
        }
    }
}
