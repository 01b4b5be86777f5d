//! Physical lines: LF, CRLF and lone CR all end a line.
//!
//! [`PhysicalLines`] splits a byte stream into lines with a length cap (a
//! longer line is consumed to its end and reported as too long, so reading
//! can go on). [`LineTracker`] maps increasing byte offsets of a stream to
//! line numbers without keeping the stream.

use std::collections::VecDeque;
use std::io::{self, BufRead};

/// Line and column of the next byte of a stream, fed one byte at a time:
/// LF, CRLF and lone CR each end one line; columns count characters (UTF-8
/// continuation bytes do not start a column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub col: u64,
    prev_cr: bool,
}

impl Default for Position {
    fn default() -> Self {
        Position {
            line: 1,
            col: 1,
            prev_cr: false,
        }
    }
}

/// The characters in UTF-8 `bytes`: the bytes that are not continuation
/// bytes (`10xxxxxx`), counted eight at a time (a byte's top bit set and
/// the next bit clear is `w & !(w << 1)` at bit 7 of each byte); the last
/// `len % 8` bytes are the top of one more, overlapping word.
fn count_chars(bytes: &[u8]) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let n = bytes.len();
    let continuation = |w: u64| u64::from((w & !(w << 1) & HIGH).count_ones());
    let Some(last) = n.checked_sub(8).map(|i| &bytes[i..]) else {
        return bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64;
    };
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
    let whole: u64 = bytes.chunks_exact(8).map(|b| continuation(word(b))).sum();
    let unseen = u64::MAX.checked_shl(8 * (8 - n % 8) as u32).unwrap_or(0);
    n as u64 - whole - continuation(word(last) & unseen)
}

impl Position {
    /// Move past `bytes` (the same as [`Position::advance`] on each), a
    /// line break at a time. A break resets the column, so the characters
    /// of a run before a break are not counted, only those after the last
    /// one (a news text has a break every paragraph).
    pub(crate) fn advance_all(&mut self, bytes: &[u8]) {
        let mut from = 0;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if i > from {
                // a run between two breaks: its only effect that outlasts
                // the second break is that a CR no longer precedes it
                self.prev_cr = false;
            }
            self.advance(bytes[i]);
            from = i + 1;
        }
        self.advance_plain(&bytes[from..]);
    }

    /// Move past `bytes`, which hold no CR or LF (the same as
    /// [`Position::advance`] on each).
    #[inline]
    pub(crate) fn advance_plain(&mut self, bytes: &[u8]) {
        debug_assert!(!bytes.contains(&b'\n') && !bytes.contains(&b'\r'));
        if !bytes.is_empty() {
            self.prev_cr = false;
            self.col += count_chars(bytes);
        }
    }

    /// Move past byte `b`.
    #[inline]
    pub(crate) fn advance(&mut self, b: u8) {
        match b {
            b'\n' => {
                if !self.prev_cr {
                    self.line += 1;
                }
                self.col = 1;
                self.prev_cr = false;
            }
            b'\r' => {
                self.line += 1;
                self.col = 1;
                self.prev_cr = true;
            }
            _ => {
                self.prev_cr = false;
                if b & 0xC0 != 0x80 {
                    self.col += 1;
                }
            }
        }
    }
}

/// One physical line from [`PhysicalLines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineInfo {
    /// 1-based line number.
    pub number: u64,
    /// Offset of the line's first byte in the stream.
    pub start: u64,
    /// Offset just past the line terminator.
    pub end: u64,
    /// The line was longer than the cap; its bytes were dropped.
    pub too_long: bool,
}

/// Splits a stream into physical lines.
pub(crate) struct PhysicalLines<R> {
    inner: R,
    offset: u64,
    number: u64,
    skip_lf: bool,
    max: usize,
}

impl<R: BufRead> PhysicalLines<R> {
    /// Lines of at most `max` bytes are kept (longer ones are flagged).
    pub(crate) fn new(inner: R, max: usize) -> Self {
        PhysicalLines {
            inner,
            offset: 0,
            number: 0,
            skip_lf: false,
            max,
        }
    }

    pub(crate) fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// Read the next line (without its terminator) into `buf`.
    pub(crate) fn next_line(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<LineInfo>> {
        buf.clear();
        let start = self.offset;
        let mut got = false;
        let mut too_long = false;
        loop {
            let avail = self.inner.fill_buf()?;
            if avail.is_empty() {
                break;
            }
            if self.skip_lf {
                self.skip_lf = false;
                if avail[0] == b'\n' {
                    self.inner.consume(1);
                    self.offset += 1;
                    // The LF finished a CRLF; the line starts after it.
                    return self.next_line(buf);
                }
            }
            got = true;
            match memchr::memchr2(b'\n', b'\r', avail) {
                Some(i) => {
                    if !too_long {
                        buf.extend_from_slice(&avail[..i]);
                    }
                    self.skip_lf = avail[i] == b'\r';
                    self.inner.consume(i + 1);
                    self.offset += i as u64 + 1;
                    break;
                }
                None => {
                    let n = avail.len();
                    if !too_long {
                        buf.extend_from_slice(avail);
                    }
                    self.inner.consume(n);
                    self.offset += n as u64;
                }
            }
            if buf.len() > self.max {
                too_long = true;
                buf.clear();
            }
        }
        if buf.len() > self.max {
            too_long = true;
            buf.clear();
        }
        if !got {
            return Ok(None);
        }
        self.number += 1;
        Ok(Some(LineInfo {
            number: self.number,
            start,
            end: self.offset,
            too_long,
        }))
    }
}

/// Maps byte offsets (queried in increasing order) to 1-based line numbers.
/// Feed it every byte of the stream with [`LineTracker::feed`].
#[derive(Debug)]
pub(crate) struct LineTracker {
    /// Offsets where lines start; `starts[0]` is line `base`.
    starts: VecDeque<u64>,
    base: u64,
    offset: u64,
    prev_cr: bool,
}

impl Default for LineTracker {
    fn default() -> Self {
        LineTracker {
            starts: VecDeque::from([0]),
            base: 1,
            offset: 0,
            prev_cr: false,
        }
    }
}

impl LineTracker {
    /// Note the next bytes of the stream.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let base = self.offset;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let after = base + i as u64 + 1;
            let crlf = bytes[i] == b'\n'
                && if i == 0 {
                    self.prev_cr
                } else {
                    bytes[i - 1] == b'\r'
                };
            if crlf {
                if let Some(last) = self.starts.back_mut() {
                    *last = after;
                }
            } else {
                self.starts.push_back(after);
            }
        }
        if let Some(&b) = bytes.last() {
            self.prev_cr = b == b'\r';
        }
        self.offset += bytes.len() as u64;
    }

    /// The line of `offset`. Offsets must not decrease between calls.
    pub(crate) fn line_at(&mut self, offset: u64) -> u64 {
        while self.starts.len() >= 2 && self.starts[1] <= offset {
            self.starts.pop_front();
            self.base += 1;
        }
        self.base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn advance_all_equals_advance_byte_by_byte(
            parts in proptest::collection::vec("[a\r\né€]{0,12}", 1..4),
        ) {
            let (mut whole, mut bytewise) = (Position::default(), Position::default());
            for p in &parts {
                whole.advance_all(p.as_bytes());
                p.bytes().for_each(|b| bytewise.advance(b));
                proptest::prop_assert_eq!(
                    (whole.line, whole.col, whole.prev_cr),
                    (bytewise.line, bytewise.col, bytewise.prev_cr)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn counted_characters_are_the_chars_of_the_text(s in "[a\u{e9}\u{20ac}\u{1f600} ]{0,40}", cut in 0usize..20) {
            let b = s.as_bytes();
            proptest::prop_assert_eq!(count_chars(b), s.chars().count() as u64);
            // any slice of bytes: the bytes that start a character
            let part = &b[cut.min(b.len())..];
            let starts = part.iter().filter(|&&x| x & 0xC0 != 0x80).count() as u64;
            proptest::prop_assert_eq!(count_chars(part), starts);
        }
    }

    fn lines(input: &[u8], max: usize) -> Vec<(String, LineInfo)> {
        let mut pl = PhysicalLines::new(std::io::BufReader::with_capacity(3, input), max);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while let Some(info) = pl.next_line(&mut buf).unwrap() {
            out.push((String::from_utf8_lossy(&buf).into_owned(), info));
        }
        out
    }

    #[test]
    fn splits_lf_crlf_cr() {
        let got = lines(b"a\nbb\r\nc\rd", 100);
        let texts: Vec<_> = got.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(texts, ["a", "bb", "c", "d"]);
        let nums: Vec<_> = got.iter().map(|(_, i)| (i.number, i.start)).collect();
        assert_eq!(nums, [(1, 0), (2, 2), (3, 6), (4, 8)]);
    }

    #[test]
    fn trailing_terminator_adds_no_line_and_blank_lines_count() {
        let got = lines(b"a\r\n\r\nb\r\n", 100);
        let texts: Vec<_> = got.iter().map(|(s, i)| (s.as_str(), i.number)).collect();
        assert_eq!(texts, [("a", 1), ("", 2), ("b", 3)]);
        assert!(lines(b"", 10).is_empty());
    }

    #[test]
    fn long_lines_are_flagged_and_skipped() {
        let got = lines(b"short\nthis is long\nok", 6);
        assert!(!got[0].1.too_long);
        assert!(got[1].1.too_long);
        assert_eq!(got[2].0, "ok");
        assert_eq!(got[2].1.number, 3);
    }

    #[test]
    fn tracker_counts_all_line_ends() {
        let data = b"a\r\nb\rc\nd\r";
        for split in 0..data.len() {
            let mut t = LineTracker::default();
            t.feed(&data[..split]);
            t.feed(&data[split..]);
            assert_eq!(t.line_at(0), 1);
            assert_eq!(t.line_at(3), 2, "split {split}");
            assert_eq!(t.line_at(5), 3);
            assert_eq!(t.line_at(7), 4);
        }
    }
}
