//! The context of a lexicon hit (`frame_hits.csv`, `kwic`): about
//! `--context` characters on each side, cut at word boundaries, white space
//! collapsed to single spaces. Contexts are cut for millions of hits, so
//! white space is found sixteen bytes at a time where the text allows
//! (`block_bits`), and a context is borrowed from the text unless it has
//! white space to collapse.

use std::borrow::Cow;

/// Default characters of context shown on each side of a hit (`--context`).
pub const CONTEXT_CHARS: usize = 40;

/// About `width` characters of context on each side of `text[start..end]`,
/// cut at word boundaries, white space collapsed to single spaces (borrowed
/// from the text when nothing needs collapsing).
pub fn context(text: &str, start: usize, end: usize, width: usize) -> (Cow<'_, str>, Cow<'_, str>) {
    let (left, right) = windows(text, start, end, width);
    (collapse(left, true), collapse(right, false))
}

/// Buffers for [`ContextBufs::cut`], reused from hit to hit.
#[derive(Debug, Default)]
pub struct ContextBufs {
    left: String,
    right: String,
}

impl ContextBufs {
    /// [`context`], with the contexts that need collapsing written into
    /// these buffers instead of a new string each.
    pub fn cut<'a>(
        &'a mut self,
        text: &'a str,
        start: usize,
        end: usize,
        width: usize,
    ) -> (&'a str, &'a str) {
        let (left, right) = windows(text, start, end, width);
        let left = collapse_to(left, true, &mut self.left);
        let right = collapse_to(right, false, &mut self.right);
        (left.unwrap_or(&self.left), right.unwrap_or(&self.right))
    }
}

/// The left and right windows of [`context`], before collapsing.
fn windows(text: &str, start: usize, end: usize, width: usize) -> (&str, &str) {
    let before = &text[..start];
    let cut = left_cut(before, width);
    let mut left = &before[cut..];
    if cut > 0 {
        // start at the next word boundary rather than mid-word
        if let Some(sp) = find_space(left) {
            left = &left[sp..];
        }
    }
    let after = &text[end..];
    let cut = right_cut(after, width);
    let mut right = &after[..cut];
    if cut < after.len() {
        if let Some(sp) = rfind_space(right) {
            right = &right[..sp];
        }
    }
    (left, right)
}

/// Start of the last `width + 1` characters of `before` (0 when shorter).
fn left_cut(before: &str, width: usize) -> usize {
    let b = before.as_bytes();
    if b.len() > width && b[b.len() - width - 1..].is_ascii() {
        return b.len() - width - 1;
    }
    before.char_indices().rev().nth(width).map_or(0, |(i, _)| i)
}

/// End of the first `width` characters of `after` (its length when shorter).
fn right_cut(after: &str, width: usize) -> usize {
    let b = after.as_bytes();
    if b.len() > width && b[..width].is_ascii() {
        return width;
    }
    after
        .char_indices()
        .nth(width)
        .map_or(after.len(), |(i, _)| i)
}

/// The byte length of the white-space character at byte `i` of `s`, if one
/// starts there (`char::is_whitespace`). Only ASCII bytes and the lead bytes
/// of multi-byte white space (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000)
/// are decoded. Inlined: the collapse loop calls it on every byte.
#[inline(always)]
fn space_at(s: &str, i: usize) -> Option<usize> {
    match s.as_bytes()[i] {
        b' ' | 0x09..=0x0D => Some(1),
        0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map(char::len_utf8),
        _ => None,
    }
}

/// `s.find(char::is_whitespace)`, by bytes: sixteen at a time while they
/// are ASCII ([`block_bits`]), so that where the first space falls costs no
/// branch; from the first other byte on, one at a time.
fn find_space(s: &str) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if s.len() >= 16 {
        let b = s.as_bytes();
        let mut at = 0;
        loop {
            let (space, stop) = block_stops(b, at);
            if stop != 0 {
                let bit = stop.trailing_zeros();
                let j = at + bit as usize;
                return if space & (1 << bit) != 0 {
                    Some(j)
                } else {
                    find_space_from(s, j)
                };
            }
            if at + 16 == b.len() {
                return None;
            }
            // the last block may overlap bytes already read: none of them
            // stopped the scan, so they cannot stop it now
            at = (at + 16).min(b.len() - 16);
        }
    }
    find_space_from(s, 0)
}

/// `find_space` from byte `from` on, one byte at a time.
fn find_space_from(s: &str, from: usize) -> Option<usize> {
    (from..s.len()).find(|&i| space_at(s, i).is_some())
}

/// `s.rfind(char::is_whitespace)`, by bytes: sixteen at a time from the end
/// while they are ASCII, as [`find_space`]; from the last other byte down,
/// one at a time.
fn rfind_space(s: &str) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if s.len() >= 16 {
        let b = s.as_bytes();
        let mut at = b.len() - 16;
        loop {
            let (space, stop) = block_stops(b, at);
            if stop != 0 {
                let bit = 31 - stop.leading_zeros();
                let j = at + bit as usize;
                return if space & (1 << bit) != 0 {
                    Some(j)
                } else {
                    rfind_space_below(s, j + 1)
                };
            }
            if at == 0 {
                return None;
            }
            // the first block may overlap bytes already read (as in
            // find_space)
            at = at.saturating_sub(16);
        }
    }
    rfind_space_below(s, s.len())
}

/// For the scans of [`find_space`] and [`rfind_space`]: of the sixteen
/// bytes at `b[at..]`, the ASCII white space, and where a scan stops (that
/// white space, or a byte that is not ASCII).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn block_stops(b: &[u8], at: usize) -> (u32, u32) {
    let k = block_bits(b, at);
    let space = k.spaces | k.controls;
    (space, space | k.high)
}

/// `rfind_space` in `s[..end]`, one byte at a time (continuation bytes never
/// start a character, so they are skipped).
fn rfind_space_below(s: &str, end: usize) -> Option<usize> {
    (0..end)
        .rev()
        .find(|&i| s.is_char_boundary(i) && space_at(s, i).is_some())
}

fn collapse(s: &str, keep_trailing: bool) -> Cow<'_, str> {
    let mut out = String::new();
    match collapse_to(s, keep_trailing, &mut out) {
        Some(borrowed) => Cow::Borrowed(borrowed),
        None => Cow::Owned(out),
    }
}

/// `s` with its white space collapsed: a part of `s` when that is all it
/// takes, else `None` and the result in `out` (cleared first).
fn collapse_to<'s>(s: &'s str, keep_trailing: bool, out: &mut String) -> Option<&'s str> {
    let b = s.as_bytes();
    if !needs_collapse(s) {
        if !keep_trailing && b.last() != Some(&b' ') {
            return Some(s);
        }
        if keep_trailing {
            // A left context usually starts at the space before its first
            // word: dropping that one space is the whole collapse.
            let lead = usize::from(b.first() == Some(&b' '));
            return Some(&s[lead..]);
        }
    }
    // Runs of other characters are copied whole (they are `&str` slices cut
    // at white-space characters, so no check of the result is needed); a
    // run of white space between two of them becomes one space.
    out.clear();
    out.reserve(s.len() + 1);
    if !keep_trailing && space_at(s, 0).is_some() {
        out.push(' ');
    }
    let content = out.len();
    // `run` of other characters, preceded by white space when `gap`
    let push_run = |out: &mut String, run: &str, gap: bool| {
        if gap && out.len() > content {
            out.push(' ');
        }
        out.push_str(run);
    };
    let (mut gap, mut run, mut i) = (false, 0, 0);
    while i < b.len() {
        match space_at(s, i) {
            Some(n) => {
                if run < i {
                    push_run(out, &s[run..i], gap);
                }
                gap = true;
                i += n;
                run = i;
            }
            None => i += 1,
        }
    }
    if run < b.len() {
        push_run(out, &s[run..], gap);
        gap = false;
    }
    if out.len() == content {
        // nothing but white space
        out.clear();
        return None;
    }
    if gap && keep_trailing {
        out.push(' ');
    }
    None
}

/// True when `s` has white space other than single spaces.
///
/// A block of [`BLOCK`] bytes at a time ([`odd_space_in_block`]). The last
/// bytes of a string of a block or more are read as the block that ends the
/// string, which overlaps bytes already checked: any pair of spaces in the
/// overlap was found before, so the block is checked on its own.
fn needs_collapse(s: &str) -> bool {
    let b = s.as_bytes();
    let mut prev_space = false;
    let mut i = 0;
    while i + BLOCK <= b.len() {
        if odd_space_in_block(s, i, &mut prev_space) {
            return true;
        }
        i += BLOCK;
    }
    if i == b.len() {
        return false;
    }
    if i >= BLOCK {
        return odd_space_in_block(s, b.len() - BLOCK, &mut false);
    }
    (i..b.len()).any(|j| collapse_step(s, j, &mut prev_space))
}

/// Bytes per block of [`needs_collapse`]: sixteen with SSE2 (x86-64),
/// eight elsewhere.
#[cfg(target_arch = "x86_64")]
const BLOCK: usize = 16;
#[cfg(not(target_arch = "x86_64"))]
const BLOCK: usize = 8;

/// Whether the block of `s` at byte `i` has odd white space (two spaces in
/// a row, counting a space ending the block before when `prev_space` says
/// so, a tab or line break, or a multi-byte white-space character); sets
/// `prev_space` to whether the block ends in a space. SSE2
/// ([`block_bits`]); only the lead bytes that can start multi-byte white
/// space are decoded.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn odd_space_in_block(s: &str, i: usize, prev_space: &mut bool) -> bool {
    let BlockBits {
        spaces,
        controls,
        leads,
        ..
    } = block_bits(s.as_bytes(), i);
    if controls != 0 || spaces & (spaces >> 1) != 0 || (*prev_space && spaces & 1 != 0) {
        return true;
    }
    let mut leads = leads;
    while leads != 0 {
        if space_at(s, i + leads.trailing_zeros() as usize).is_some() {
            return true;
        }
        leads &= leads - 1;
    }
    *prev_space = spaces & (1 << 15) != 0;
    false
}

/// Of the sixteen bytes at `b[i..]`, one bit each: the spaces, the bytes
/// 0x09–0x0D, the lead bytes that can start multi-byte white space (0xC2,
/// 0xE0–0xE3), and the bytes that are not ASCII.
#[cfg(target_arch = "x86_64")]
struct BlockBits {
    spaces: u32,
    controls: u32,
    leads: u32,
    high: u32,
}

/// [`BlockBits`] by SSE2: one compare each finds the spaces, the controls
/// (`v − 9` below 5 as an unsigned byte) and the lead bytes; the sign bits
/// are the bytes that are not ASCII.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn block_bits(b: &[u8], i: usize) -> BlockBits {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8,
    };
    let block = &b[i..i + 16];
    // SAFETY: the slice above is 16 bytes long (the index panics
    // otherwise), so the unaligned load stays inside it; SSE2 is part of
    // every x86-64 CPU.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let spaces = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
        let t = _mm_sub_epi8(v, _mm_set1_epi8(0x09));
        let controls = _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(4)), t);
        let leads = _mm_or_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8(0xC2u8 as i8)),
            _mm_cmpeq_epi8(
                _mm_and_si128(v, _mm_set1_epi8(0xFCu8 as i8)),
                _mm_set1_epi8(0xE0u8 as i8),
            ),
        );
        BlockBits {
            spaces: _mm_movemask_epi8(spaces) as u32,
            controls: _mm_movemask_epi8(controls) as u32,
            leads: _mm_movemask_epi8(leads) as u32,
            high: _mm_movemask_epi8(v) as u32,
        }
    }
}

/// As the SSE2 version: a block of printable ASCII needs only its spaces
/// ([`ascii_spaces`]); any other goes byte by byte ([`collapse_step`]).
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn odd_space_in_block(s: &str, i: usize, prev_space: &mut bool) -> bool {
    match ascii_spaces(&s.as_bytes()[i..i + BLOCK]) {
        Some(spaces) => {
            const FIRST: u64 = 1 << 7;
            const LAST: u64 = 1 << 63;
            if spaces & (spaces >> 8) != 0 || (*prev_space && spaces & FIRST != 0) {
                return true;
            }
            *prev_space = spaces & LAST != 0;
            false
        }
        None => (i..i + BLOCK).any(|j| collapse_step(s, j, prev_space)),
    }
}

/// Eight bytes by SWAR: for a block of printable ASCII (no byte below
/// 0x0E, none above 0x7F), the high bit of each byte that is a space;
/// `None` for any other block.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn ascii_spaces(block: &[u8]) -> Option<u64> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let w = u64::from_le_bytes(block[..8].try_into().ok()?);
    // no byte ≥ 0x80 and (then exactly) no byte < 0x0E
    if w & HIGH != 0 || w.wrapping_sub(0x0E * ONES) & !w & HIGH != 0 {
        return None;
    }
    // exact, no borrows: a byte of `x` is zero where `w` has a space
    let x = w ^ (0x20 * ONES);
    Some(!(((x & LOW7) + LOW7) | x | LOW7))
}

/// One byte of [`needs_collapse`]'s scan: true when byte `i` of `s` starts
/// odd white space (a second space in a row, a tab or line break, or a
/// multi-byte white-space character).
#[inline]
fn collapse_step(s: &str, i: usize, prev_space: &mut bool) -> bool {
    match s.as_bytes()[i] {
        b' ' => {
            let second = *prev_space;
            *prev_space = true;
            second
        }
        0x09..=0x0D => true,
        0xC2 | 0xE1 | 0xE2 | 0xE3 if space_at(s, i).is_some() => true,
        _ => {
            *prev_space = false;
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn byte_scan_finds_exactly_the_odd_white_space(s in "(\\PC|[ \t\n\u{a0}\u{2009}\u{3000}\u{85}])*") {
            let by_chars = s.contains(|c: char| c.is_whitespace() && c != ' ') || s.contains("  ");
            proptest::prop_assert_eq!(needs_collapse(&s), by_chars);
        }

    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The block scans find what `str::find` and `str::rfind` find.
        #[test]
        fn block_scans_find_the_first_and_last_white_space(
            s in proptest::prop_oneof![
                contexts(),
                "[a-z0-9é\u{a0}\u{2003}]{0,50}([ \t][a-z\u{3000}]{0,40})?",
            ]
        ) {
            proptest::prop_assert_eq!(find_space(&s), s.find(char::is_whitespace));
            proptest::prop_assert_eq!(rfind_space(&s), s.rfind(char::is_whitespace));
        }
    }

    #[test]
    fn space_at_knows_every_white_space_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("{c}x");
            let want = c.is_whitespace().then(|| c.len_utf8());
            assert_eq!(space_at(&s, 0), want, "U+{:04X}", c as u32);
        }
    }

    /// Mostly words and single spaces, as real contexts are, so that the
    /// blocks are exercised, with spaces meeting across block edges, and
    /// multi-byte characters whose lead bytes may or may not start white
    /// space.
    fn contexts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            8 => "[a-z,.]{1,7}",
            6 => Just(" ".to_string()),
            1 => "[\t\n\r\x0b\x0c]",
            1 => "[\u{a0}\u{2003}\u{2019}\u{85}é\u{3000}\u{1680}\u{905}\u{201c}\u{2028}]",
            1 => "[\x01\x08\x0e\x1f~]",
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn block_scan_finds_exactly_the_odd_white_space(s in contexts()) {
            let by_chars = s.contains(|c: char| c.is_whitespace() && c != ' ') || s.contains("  ");
            proptest::prop_assert_eq!(needs_collapse(&s), by_chars);
        }
    }

    /// The char-level definition the byte scans must equal.
    fn context_by_chars(text: &str, start: usize, end: usize, width: usize) -> (String, String) {
        let collapse = |s: &str, keep_trailing: bool| {
            let mut out = String::new();
            let mut space = false;
            for c in s.chars() {
                if c.is_whitespace() {
                    space = true;
                } else {
                    if space && !out.is_empty() {
                        out.push(' ');
                    }
                    space = false;
                    out.push(c);
                }
            }
            if space && keep_trailing && !out.is_empty() {
                out.push(' ');
            }
            if !keep_trailing && s.starts_with(char::is_whitespace) && !out.is_empty() {
                out.insert(0, ' ');
            }
            out
        };
        let before = &text[..start];
        let cut = before.char_indices().rev().nth(width).map_or(0, |(i, _)| i);
        let mut left = &before[cut..];
        if cut > 0 {
            if let Some(sp) = left.find(char::is_whitespace) {
                left = &left[sp..];
            }
        }
        let after = &text[end..];
        let cut = after
            .char_indices()
            .nth(width)
            .map_or(after.len(), |(i, _)| i);
        let mut right = &after[..cut];
        if cut < after.len() {
            if let Some(sp) = right.rfind(char::is_whitespace) {
                right = &right[..sp];
            }
        }
        (collapse(left, true), collapse(right, false))
    }

    proptest::proptest! {
        #[test]
        fn context_by_bytes_equals_context_by_chars(
            text in "([a-z]{1,6}|[ \t\n\u{a0}\u{2009}\u{3000}\u{85}é€,\"])*",
            a in 0usize..200, b in 0usize..200, width in 0usize..30,
        ) {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let (mut s, mut e) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            if s > e {
                std::mem::swap(&mut s, &mut e);
            }
            let (l, r) = context(&text, s, e, width);
            let (l2, r2) = context_by_chars(&text, s, e, width);
            proptest::prop_assert_eq!((l.as_ref(), r.as_ref()), (l2.as_str(), r2.as_str()));
        }

        /// Buffers reused from hit to hit give each hit its own context.
        #[test]
        fn reused_buffers_give_the_same_contexts(
            text in "([a-z]{1,6}|[ \t\n\u{a0}é,])*",
            spans in proptest::collection::vec((0usize..200, 0usize..200), 1..8),
            width in 0usize..30,
        ) {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut bufs = ContextBufs::default();
            for (a, b) in spans {
                let (s, e) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
                let (s, e) = (s.min(e), s.max(e));
                let (l, r) = context(&text, s, e, width);
                proptest::prop_assert_eq!(bufs.cut(&text, s, e, width), (l.as_ref(), r.as_ref()));
            }
        }
    }

    #[test]
    fn context_windows_cut_at_words_and_collapse_space() {
        let text =
            "first words here.\n\nThe occupation of the\tdisputed region continued for years";
        let start = text.find("occupation").unwrap();
        let end = start + "occupation".len();
        let (l, r) = context(text, start, end, 12);
        assert_eq!(l, "here. The ");
        assert_eq!(r, " of the");
        let (l, r) = context(text, 0, 5, 200);
        assert_eq!((l.as_ref(), &r[..7]), ("", " words "));
        assert!(matches!(context("a b c d", 2, 3, 10).0, Cow::Borrowed(_)));
    }
}
