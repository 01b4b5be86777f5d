//! CSV/TSV records, read with the csv crate's rules but a field at a time
//! instead of a byte at a time.
//!
//! The rules are those of `csv::ReaderBuilder` with `has_headers(false)`,
//! `flexible(true)` and otherwise the defaults (csv-core's state machine):
//!
//! * `\r`, `\n` and `\r\n` end a record; a record never starts with one, so
//!   blank lines are skipped;
//! * a field that starts with `"` is quoted: up to the next lone `"`, with
//!   `""` standing for one `"`; whatever follows the closing quote up to the
//!   delimiter or the end of the record is appended as is;
//! * elsewhere `"` is an ordinary byte;
//! * at the end of the input, an open field or quote ends the record.
//!
//! Inside a field the reader jumps with `memchr` to the next byte that can
//! end it (the quote; the delimiter or a line break) and copies the bytes in
//! between at once: on news text, where fields are paragraphs long, that is
//! several times faster than csv-core's byte-at-a-time automaton. Positions
//! are as the csv crate gives them (tested against it): a record starts where
//! the previous one ended (so its start includes blank lines and the `\n` of
//! a `\r\n` before it) and ends after the byte that ended it.

use std::io::{self, Read};

/// Bytes read from the input at a time.
const BUFFER: usize = 64 << 10;

/// One record: its fields' bytes, one after the other, and where each ends.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    data: Vec<u8>,
    ends: Vec<usize>,
    /// Byte offset in the input where the reading of the record began.
    start: u64,
}

impl Record {
    /// Number of fields.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The fields, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let mut from = 0;
        self.ends.iter().map(move |&end| {
            let field = &self.data[from..end];
            from = end;
            field
        })
    }

    /// Byte offset in the input where the reading of the record began
    /// (after the previous record).
    pub(crate) fn start(&self) -> u64 {
        self.start
    }

    fn end_field(&mut self) {
        self.ends.push(self.data.len());
    }
}

/// Where a field's bytes stop being copied.
enum Stop {
    /// At the delimiter: the next field follows.
    Delimiter,
    /// At a line break or the end of the input: the record is complete.
    RecordEnd,
}

/// Reads [`Record`]s from `R`.
pub(crate) struct RecordReader<R> {
    inner: R,
    delim: u8,
    buf: Vec<u8>,
    /// `buf[pos..len]` is read but not yet consumed.
    pos: usize,
    len: usize,
    /// Input bytes consumed before `buf[pos]`.
    offset: u64,
    /// The input ended (and `buf` is consumed).
    eof: bool,
}

impl<R: Read> RecordReader<R> {
    /// A reader of records separated by `delim` (`,` or a tab).
    pub(crate) fn new(inner: R, delim: u8) -> Self {
        Self::with_buffer(inner, delim, BUFFER)
    }

    fn with_buffer(inner: R, delim: u8, size: usize) -> Self {
        RecordReader {
            inner,
            delim,
            buf: vec![0; size.max(1)],
            pos: 0,
            len: 0,
            offset: 0,
            eof: false,
        }
    }

    /// The input, as given.
    pub(crate) fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// Input bytes consumed so far: after the last record read, the byte
    /// offset where it ended.
    pub(crate) fn position(&self) -> u64 {
        self.offset
    }

    /// The unconsumed bytes, reading more when none are left; empty only at
    /// the end of the input.
    fn fill(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.len && !self.eof {
            self.pos = 0;
            self.len = loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.eof = self.len == 0;
        }
        Ok(&self.buf[self.pos..self.len])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
        self.offset += n as u64;
    }

    /// Read the next record into `rec`; false at the end of the input.
    pub(crate) fn read_record(&mut self, rec: &mut Record) -> io::Result<bool> {
        rec.data.clear();
        rec.ends.clear();
        rec.start = self.offset;
        // blank lines and the `\n` of a `\r\n` before the record
        loop {
            let Some(&b) = self.fill()?.first() else {
                return Ok(false);
            };
            if b != b'\r' && b != b'\n' {
                break;
            }
            self.consume(1);
        }
        loop {
            let quoted = self.fill()?.first() == Some(&b'"');
            let stop = if quoted {
                self.consume(1);
                self.quoted_field(rec)?
            } else {
                self.unquoted(rec)?
            };
            rec.end_field();
            if let Stop::RecordEnd = stop {
                return Ok(true);
            }
        }
    }

    /// Copy an unquoted field (or the rest of one after its closing quote)
    /// into `rec`, up to and including the byte that ends it.
    fn unquoted(&mut self, rec: &mut Record) -> io::Result<Stop> {
        let delim = self.delim;
        loop {
            let rest = self.fill()?;
            if rest.is_empty() {
                return Ok(Stop::RecordEnd);
            }
            match memchr::memchr3(delim, b'\n', b'\r', rest) {
                Some(i) => {
                    let end = rest[i];
                    rec.data.extend_from_slice(&rest[..i]);
                    self.consume(i + 1);
                    return Ok(if end == delim {
                        Stop::Delimiter
                    } else {
                        Stop::RecordEnd
                    });
                }
                None => {
                    let n = rest.len();
                    rec.data.extend_from_slice(rest);
                    self.consume(n);
                }
            }
        }
    }

    /// Copy a quoted field, its opening quote consumed, into `rec`, up to
    /// and including the byte that ends it.
    fn quoted_field(&mut self, rec: &mut Record) -> io::Result<Stop> {
        loop {
            let rest = self.fill()?;
            if rest.is_empty() {
                // a quote still open at the end of the input
                return Ok(Stop::RecordEnd);
            }
            let Some(i) = memchr::memchr(b'"', rest) else {
                let n = rest.len();
                rec.data.extend_from_slice(rest);
                self.consume(n);
                continue;
            };
            rec.data.extend_from_slice(&rest[..i]);
            self.consume(i + 1);
            // after a quote: `""`, the end of the field, or more bytes
            let Some(&b) = self.fill()?.first() else {
                return Ok(Stop::RecordEnd);
            };
            if b == b'"' {
                rec.data.push(b'"');
                self.consume(1);
            } else if b == self.delim {
                self.consume(1);
                return Ok(Stop::Delimiter);
            } else if b == b'\n' || b == b'\r' {
                self.consume(1);
                return Ok(Stop::RecordEnd);
            } else {
                return self.unquoted(rec);
            }
        }
    }
}

/// (fields, start, end) of every record, by the csv crate: what the
/// reader must give (tests and the fuzz target `records`).
#[cfg(any(test, fuzzing))]
pub(crate) fn by_csv_crate(input: &[u8], delim: u8) -> Vec<(Vec<Vec<u8>>, u64, u64)> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut rec = csv::ByteRecord::new();
    let mut out = Vec::new();
    while rdr.read_byte_record(&mut rec).expect("reading from memory") {
        let start = rec.position().map_or(0, |p| p.byte());
        let fields = rec.iter().map(<[u8]>::to_vec).collect();
        out.push((fields, start, rdr.position().byte()));
    }
    out
}

/// (fields, start, end) of every record, by [`RecordReader`] reading
/// `buffer` bytes at a time (its default when `None`).
#[cfg(any(test, fuzzing))]
pub(crate) fn by_reader(
    input: &[u8],
    delim: u8,
    buffer: Option<usize>,
) -> Vec<(Vec<Vec<u8>>, u64, u64)> {
    let mut rdr = RecordReader::with_buffer(input, delim, buffer.unwrap_or(BUFFER));
    let mut rec = Record::default();
    let mut out = Vec::new();
    while rdr.read_record(&mut rec).expect("reading from memory") {
        let fields = rec.iter().map(<[u8]>::to_vec).collect();
        out.push((fields, rec.start(), rdr.position()));
    }
    assert!(
        !rdr.read_record(&mut rec).expect("reading from memory"),
        "the end stays the end"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hand_checked_records() {
        let input = b"id,text\r\n1,\"a \"\"quoted\"\", word\"\n\n2,\"x\"y,\"open";
        let got = by_reader(input, b',', Some(4));
        let fields: Vec<Vec<&[u8]>> = got
            .iter()
            .map(|(f, _, _)| f.iter().map(Vec::as_slice).collect())
            .collect();
        assert_eq!(
            fields,
            vec![
                vec![&b"id"[..], b"text"],
                vec![b"1", b"a \"quoted\", word"],
                vec![b"2", b"xy", b"open"],
            ]
        );
        assert_eq!(got, by_csv_crate(input, b','));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Fields and positions equal the csv crate's, whatever the bytes
        /// (quotes, delimiters, both tabs and commas, every line break) and
        /// wherever the reads cut the input.
        #[test]
        fn records_equal_the_csv_crates(
            pieces in proptest::collection::vec(
                prop_oneof![
                    4 => Just(&b"ab"[..]),
                    3 => Just(&b","[..]),
                    3 => Just(&b"\""[..]),
                    1 => Just(&b"\"\""[..]),
                    2 => Just(&b"\n"[..]),
                    1 => Just(&b"\r"[..]),
                    1 => Just(&b"\r\n"[..]),
                    1 => Just(&b"\t"[..]),
                    1 => Just(&b" "[..]),
                    1 => Just("é".as_bytes()),
                ],
                0..40,
            ),
            tab in any::<bool>(),
            buffer in 1usize..9,
        ) {
            let input = pieces.concat();
            let delim = if tab { b'\t' } else { b',' };
            prop_assert_eq!(by_reader(&input, delim, Some(buffer)), by_csv_crate(&input, delim));
            prop_assert_eq!(by_reader(&input, delim, None), by_csv_crate(&input, delim));
        }
    }
}
