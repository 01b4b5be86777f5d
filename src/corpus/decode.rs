//! Bytes to text: raw file reading (with progress, SHA-256 and gzip), BOM
//! handling, UTF-16 and named encodings, strict or lossy UTF-8, binary
//! detection, and the physical line/column of a byte offset.
//!
//! [`DecodeReader`] always produces valid UTF-8. Invalid sequences become
//! U+FFFD in its output and, in strict mode, are queued as [`Spot`]s keyed by
//! their offset in the output, so the record reader that owns that part of the
//! output can report (or skip) exactly that record.

use super::lines::Position;
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use encoding_rs::Encoding;
use flate2::bufread::MultiGzDecoder;
use sha2::{Digest, Sha256};

use super::Decode;
use crate::error::{Error, Location};

/// How many leading bytes are checked for NUL to call a file binary.
pub(crate) const SNIFF_BYTES: usize = 8192;

const CHUNK: usize = 64 * 1024;

/// The hint for invalid UTF-8 in strict mode.
pub(crate) const UTF8_HINT: &str = "the file is not UTF-8: name its encoding with --encoding (e.g. windows-1252) or use --lossy to replace bad bytes";

/// Wrap a crate error so it can travel through `io::Read` layers (the csv
/// reader, `BufReader`) and be recovered with [`from_io`].
pub(crate) fn to_io(e: Error) -> io::Error {
    io::Error::other(e)
}

/// Recover a crate error from an `io::Error`: a wrapped [`Error`] comes back
/// as itself (`Ok`), anything else is a plain I/O error on `path` (`Err`).
pub(crate) fn from_io(path: &str, e: io::Error) -> Result<Error, Error> {
    if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        if let Some(inner) = e.into_inner() {
            if let Ok(err) = inner.downcast::<Error>() {
                return Ok(*err);
            }
        }
        return Err(Error::Internal(format!("{path}: lost a wrapped error")));
    }
    Err(Error::io(path, e))
}

/// The raw bytes of one input: counts them (for progress and the summary)
/// and hashes them (SHA-256 of the file as stored).
pub(crate) struct Counted {
    inner: Box<dyn Read + Send>,
    hasher: Sha256,
    bytes: u64,
    progress: Arc<AtomicU64>,
}

impl Counted {
    pub(crate) fn new(inner: Box<dyn Read + Send>, progress: Arc<AtomicU64>) -> Self {
        Counted {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            progress,
        }
    }

    /// Read what is left (so the hash covers the whole file) and return the
    /// byte count and the SHA-256 in hex.
    pub(crate) fn finish(&mut self) -> io::Result<(u64, String)> {
        io::copy(self, &mut io::sink())?;
        let digest = std::mem::take(&mut self.hasher).finalize();
        Ok((self.bytes, hex(&digest)))
    }
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        self.progress.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Lower-case hex of some bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 in hex of some bytes.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Raw bytes, gunzipped when they start with the gzip magic bytes.
pub(crate) enum Raw {
    /// Not compressed.
    Plain(BufReader<Counted>),
    /// gzip (one or more members).
    Gz(Box<MultiGzDecoder<BufReader<Counted>>>, String),
}

impl Raw {
    /// Wrap `counted`, sniffing the gzip magic bytes (1f 8b). A `.gz` name
    /// without the magic bytes is read as plain bytes.
    pub(crate) fn new(counted: Counted, path: &str) -> io::Result<Raw> {
        let mut buf = BufReader::with_capacity(CHUNK, counted);
        let head = buf.fill_buf()?;
        if head.starts_with(&[0x1f, 0x8b]) {
            Ok(Raw::Gz(
                Box::new(MultiGzDecoder::new(buf)),
                path.to_string(),
            ))
        } else {
            Ok(Raw::Plain(buf))
        }
    }

    /// The counting layer underneath.
    pub(crate) fn counted(&mut self) -> &mut Counted {
        match self {
            Raw::Plain(b) => b.get_mut(),
            Raw::Gz(g, _) => g.get_mut().get_mut(),
        }
    }
}

impl Read for Raw {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Raw::Plain(b) => b.read(buf),
            Raw::Gz(g, path) => g.read(buf).map_err(|e| match e.kind() {
                io::ErrorKind::InvalidInput
                | io::ErrorKind::InvalidData
                | io::ErrorKind::UnexpectedEof => to_io(Error::bad_input(
                    Location::file(path.clone()),
                    format!("the gzip data is corrupt or truncated ({e})"),
                    "re-create or re-download the file, or use --skip-bad to skip it",
                )),
                _ => e,
            }),
        }
    }
}

/// What is wrong at a [`Spot`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpotKind {
    /// Bytes that are not valid in the file's encoding.
    Invalid,
    /// A NUL byte.
    Nul,
}

/// A bad place in the input, keyed by its offset in the decoded output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Spot {
    /// Offset in the decoded (UTF-8) output.
    pub out: u64,
    /// 1-based physical line.
    pub line: u64,
    /// 1-based column in characters.
    pub col: u64,
    /// 0-based byte offset in the (decompressed) input, where known.
    pub byte: Option<u64>,
    /// What is wrong.
    pub kind: SpotKind,
}

enum Enc {
    Utf8,
    Other(Box<encoding_rs::Decoder>),
}

/// Decodes raw bytes to UTF-8 (see the module docs).
pub(crate) struct DecodeReader<R> {
    inner: R,
    path: String,
    mode: Decode,
    named: Option<&'static Encoding>,
    enc: Option<Enc>,
    enc_name: &'static str,
    raw: Vec<u8>,
    raw_off: u64,
    eof: bool,
    out: Vec<u8>,
    out_pos: usize,
    out_base: u64,
    /// Line and column of the next byte.
    pos: Position,
    pending: Vec<(usize, Option<u64>, SpotKind)>,
    /// Bad places in strict mode (and NULs in either mode), in output order.
    pub spots: VecDeque<Spot>,
    /// Lossy mode: how many sequences were replaced.
    pub replaced: u64,
    /// Lossy mode: where the first replacement was.
    pub first_replaced: Option<Location>,
}

impl<R: Read> DecodeReader<R> {
    pub(crate) fn new(
        inner: R,
        path: &str,
        mode: Decode,
        named: Option<&'static Encoding>,
    ) -> Self {
        DecodeReader {
            inner,
            path: path.to_string(),
            mode,
            named,
            enc: None,
            enc_name: "UTF-8",
            raw: Vec::new(),
            raw_off: 0,
            eof: false,
            out: Vec::new(),
            out_pos: 0,
            out_base: 0,
            pos: Position::default(),
            pending: Vec::new(),
            spots: VecDeque::new(),
            replaced: 0,
            first_replaced: None,
        }
    }

    pub(crate) fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// Remove and return the first spot before output offset `end`,
    /// dropping any other spots before `end`.
    pub(crate) fn take_spot_before(&mut self, end: u64) -> Option<Spot> {
        let mut first = None;
        while self.spots.front().is_some_and(|s| s.out < end) {
            let s = self.spots.pop_front();
            if first.is_none() {
                first = s;
            }
        }
        first
    }

    /// The error for a spot.
    pub(crate) fn spot_error(&self, spot: &Spot) -> Error {
        spot_error(&self.path, self.enc_name, spot)
    }

    /// The lossy-mode note for this file, if anything was replaced.
    pub(crate) fn note(&self) -> Option<super::Skip> {
        let loc = self.first_replaced.clone()?;
        Some(super::Skip {
            loc,
            reason: format!(
                "replaced {} invalid {} byte sequence(s) with U+FFFD (--lossy); the first is here",
                self.replaced, self.enc_name
            ),
        })
    }

    fn read_raw(&mut self, want: usize) -> io::Result<()> {
        let start = self.raw.len();
        self.raw.resize(start + want, 0);
        let mut got = 0;
        while got < want {
            match self.inner.read(&mut self.raw[start + got..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.raw.truncate(start + got);
                    return Err(e);
                }
            }
            if self.enc.is_some() {
                break; // after the sniff, one read per refill is enough
            }
        }
        self.raw.truncate(start + got);
        Ok(())
    }

    fn sniff(&mut self) -> io::Result<()> {
        self.read_raw(SNIFF_BYTES)?;
        let (enc, bom): (&'static Encoding, usize) = match Encoding::for_bom(&self.raw) {
            Some((e, n)) => (e, n),
            None => (self.named.unwrap_or(encoding_rs::UTF_8), 0),
        };
        self.raw.drain(..bom);
        self.raw_off = bom as u64;
        self.enc_name = enc.name();
        let utf16 = enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE;
        if !utf16 {
            if let Some(i) = memchr::memchr(0, &self.raw) {
                let (line, col) = line_col(&self.raw, i);
                return Err(to_io(Error::bad_input(
                    Location::line(self.path.clone(), line)
                        .with_column(col)
                        .with_byte(i as u64 + bom as u64),
                    "looks like a binary file (it has a NUL byte in its first 8 KiB)",
                    "give only text files; if it is UTF-16 without a byte-order mark, name it with --encoding utf-16le (or utf-16be); or use --skip-bad to skip it",
                )));
            }
        }
        self.enc = Some(if enc == encoding_rs::UTF_8 {
            Enc::Utf8
        } else {
            Enc::Other(Box::new(enc.new_decoder_without_bom_handling()))
        });
        Ok(())
    }

    /// Decode what is in `raw` into `out` (which is empty).
    fn decode(&mut self) {
        self.out_base += self.out.len() as u64;
        self.out.clear();
        self.out_pos = 0;
        self.pending.clear();
        let eof = self.eof;
        let mut i = 0usize;
        match self.enc.as_mut() {
            None => {}
            Some(Enc::Utf8) => loop {
                match simdutf8::compat::from_utf8(&self.raw[i..]) {
                    Ok(s) => {
                        push_checked(
                            &mut self.out,
                            &mut self.pending,
                            s.as_bytes(),
                            self.raw_off + i as u64,
                        );
                        i = self.raw.len();
                        break;
                    }
                    Err(e) => {
                        let v = e.valid_up_to();
                        push_checked(
                            &mut self.out,
                            &mut self.pending,
                            &self.raw[i..i + v],
                            self.raw_off + i as u64,
                        );
                        i += v;
                        match e.error_len() {
                            Some(n) => {
                                self.pending.push((
                                    self.out.len(),
                                    Some(self.raw_off + i as u64),
                                    SpotKind::Invalid,
                                ));
                                self.out.extend_from_slice("\u{FFFD}".as_bytes());
                                i += n;
                            }
                            None if eof => {
                                self.pending.push((
                                    self.out.len(),
                                    Some(self.raw_off + i as u64),
                                    SpotKind::Invalid,
                                ));
                                self.out.extend_from_slice("\u{FFFD}".as_bytes());
                                i = self.raw.len();
                                break;
                            }
                            None => break,
                        }
                    }
                }
            },
            Some(Enc::Other(dec)) => loop {
                let need = dec
                    .max_utf8_buffer_length_without_replacement(self.raw.len() - i)
                    .unwrap_or(4 * (self.raw.len() - i) + 16)
                    .max(16);
                let old = self.out.len();
                self.out.resize(old + need, 0);
                let (res, read, written) = dec.decode_to_utf8_without_replacement(
                    &self.raw[i..],
                    &mut self.out[old..],
                    eof,
                );
                self.out.truncate(old + written);
                for (k, b) in self.out[old..].iter().enumerate() {
                    if *b == 0 {
                        self.pending.push((old + k, None, SpotKind::Nul));
                    }
                }
                i += read;
                match res {
                    encoding_rs::DecoderResult::InputEmpty => break,
                    encoding_rs::DecoderResult::OutputFull => {}
                    encoding_rs::DecoderResult::Malformed(bad, after) => {
                        let at = i - after as usize - bad as usize;
                        self.pending.push((
                            self.out.len(),
                            Some(self.raw_off + at as u64),
                            SpotKind::Invalid,
                        ));
                        self.out.extend_from_slice("\u{FFFD}".as_bytes());
                    }
                }
            },
        }
        self.raw.drain(..i);
        self.raw_off += i as u64;
        self.scan();
    }

    /// Walk the new output: track line/column, place the pending spots.
    fn scan(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let mut from = 0;
        for &(idx, byte, kind) in pending.iter().filter(|p| p.0 < self.out.len()) {
            self.pos.advance_all(&self.out[from..idx]);
            from = idx;
            let spot = Spot {
                out: self.out_base + idx as u64,
                line: self.pos.line,
                col: self.pos.col,
                byte,
                kind,
            };
            if kind == SpotKind::Invalid && self.mode == Decode::Lossy {
                self.replaced += 1;
                if self.first_replaced.is_none() {
                    self.first_replaced = Some(spot_location(&self.path, &spot));
                }
            } else {
                self.spots.push_back(spot);
            }
        }
        self.pos.advance_all(&self.out[from..]);
        self.pending = pending;
        self.pending.clear();
    }
}

fn push_checked(
    out: &mut Vec<u8>,
    pending: &mut Vec<(usize, Option<u64>, SpotKind)>,
    bytes: &[u8],
    raw_at: u64,
) {
    let base = out.len();
    for i in memchr::memchr_iter(0, bytes) {
        pending.push((base + i, Some(raw_at + i as u64), SpotKind::Nul));
    }
    out.extend_from_slice(bytes);
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.enc.is_none() {
            self.sniff()?;
            self.decode();
        }
        while self.out_pos >= self.out.len() {
            if self.eof && self.raw.is_empty() {
                return Ok(0);
            }
            if !self.eof {
                self.read_raw(CHUNK)?;
            }
            self.decode();
            if self.eof && self.out.is_empty() && !self.raw.is_empty() {
                // Cannot happen (at EOF everything is decoded); avoid a loop.
                self.raw.clear();
            }
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

fn spot_location(path: &str, spot: &Spot) -> Location {
    let mut loc = Location::line(path, spot.line).with_column(spot.col);
    loc.byte = spot.byte;
    loc
}

/// The error for a bad spot in `path` decoded as `enc_name`.
pub(crate) fn spot_error(path: &str, enc_name: &str, spot: &Spot) -> Error {
    let loc = spot_location(path, spot);
    match spot.kind {
        SpotKind::Nul => Error::bad_input(
            loc,
            "contains a NUL byte (looks like binary data)",
            "remove the NUL bytes from the input, or use --skip-bad to skip this item",
        ),
        SpotKind::Invalid if enc_name == "UTF-8" => {
            Error::bad_input(loc, "invalid UTF-8 byte sequence", UTF8_HINT)
        }
        SpotKind::Invalid => Error::bad_input(
            loc,
            format!("invalid {enc_name} byte sequence"),
            "check the --encoding you named, or use --lossy to replace bad bytes",
        ),
    }
}

/// The 1-based physical line and 1-based character column of byte `offset`
/// in `bytes`, counting LF, CRLF and lone CR as line ends. Columns count
/// UTF-8 characters (bytes that do not continue a sequence).
pub fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let offset = offset.min(bytes.len());
    let mut line = 1u64;
    let mut line_start = 0usize;
    let head = &bytes[..offset];
    for i in memchr::memchr2_iter(b'\n', b'\r', head) {
        if head[i] == b'\n' && i > 0 && head[i - 1] == b'\r' {
            line_start = i + 1;
            continue;
        }
        line += 1;
        line_start = i + 1;
    }
    // A CRLF split by `offset` (offset at the LF) is on the CR's line end:
    // the LF belongs to the previous line, column stays 1 on the new line.
    if offset < bytes.len() && bytes[offset] == b'\n' && offset > 0 && bytes[offset - 1] == b'\r' {
        return (line, 1);
    }
    let col = 1 + head[line_start..]
        .iter()
        .filter(|b| **b & 0xC0 != 0x80)
        .count() as u64;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(
        bytes: &[u8],
        mode: Decode,
        named: Option<&'static Encoding>,
    ) -> (io::Result<String>, Vec<Spot>, u64) {
        let mut d = DecodeReader::new(bytes, "t.txt", mode, named);
        let mut s = String::new();
        let r = d.read_to_string(&mut s).map(|_| s);
        (r, d.spots.iter().cloned().collect(), d.replaced)
    }

    #[test]
    fn line_col_counts_lf_crlf_and_cr() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col(b"ab\r\ncd", 5), (2, 2));
        assert_eq!(line_col(b"ab\rcd\rx", 6), (3, 1));
        assert_eq!(line_col("é\nxé!".as_bytes(), 6), (2, 3));
        assert_eq!(line_col(b"ab", 99), (1, 3));
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let (r, spots, _) = decode_all(b"\xEF\xBB\xBFhello", Decode::Strict, None);
        assert_eq!(r.unwrap(), "hello");
        assert!(spots.is_empty());
    }

    #[test]
    fn utf16le_with_bom_is_transcoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "héllo\nwörld".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (r, spots, _) = decode_all(&bytes, Decode::Strict, None);
        assert_eq!(r.unwrap(), "héllo\nwörld");
        assert!(spots.is_empty());
    }

    #[test]
    fn utf16be_with_bom_is_transcoded() {
        let mut bytes = vec![0xFE, 0xFF];
        for u in "abc".encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_all(&bytes, Decode::Strict, None).0.unwrap(), "abc");
    }

    #[test]
    fn invalid_utf8_spot_has_line_col_byte() {
        let (r, spots, _) = decode_all(b"ok\r\nab\xE9c\n", Decode::Strict, None);
        assert_eq!(r.unwrap(), "ok\r\nab\u{FFFD}c\n");
        assert_eq!(spots.len(), 1);
        assert_eq!(
            (spots[0].line, spots[0].col, spots[0].byte),
            (2, 3, Some(6))
        );
        let e = spot_error("t.txt", "UTF-8", &spots[0]).to_string();
        assert!(e.starts_with("t.txt:2:3 (byte 6): invalid UTF-8"), "{e}");
        assert!(e.contains("--encoding"), "{e}");
    }

    #[test]
    fn truncated_sequence_at_eof_is_invalid() {
        let (r, spots, _) = decode_all(b"abc\xE2\x82", Decode::Strict, None);
        assert_eq!(r.unwrap(), "abc\u{FFFD}");
        assert_eq!(spots[0].byte, Some(3));
    }

    #[test]
    fn lossy_counts_replacements() {
        let mut d = DecodeReader::new(&b"a\xFFb\n\xFE"[..], "t.txt", Decode::Lossy, None);
        let mut s = String::new();
        d.read_to_string(&mut s).unwrap();
        assert_eq!(s, "a\u{FFFD}b\n\u{FFFD}");
        assert!(d.spots.is_empty());
        assert_eq!(d.replaced, 2);
        let note = d.note().unwrap();
        assert_eq!(note.loc.to_string(), "t.txt:1:2 (byte 1)");
    }

    #[test]
    fn named_encoding_is_used() {
        let (r, _, _) = decode_all(b"caf\xE9", Decode::Strict, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(r.unwrap(), "café");
    }

    #[test]
    fn nul_in_first_8k_is_binary() {
        let (r, _, _) = decode_all(b"ab\ncd\0ef", Decode::Strict, None);
        let e = from_io("t.txt", r.unwrap_err()).unwrap();
        let msg = e.to_string();
        assert!(
            msg.starts_with("t.txt:2:3 (byte 5): looks like a binary file"),
            "{msg}"
        );
    }

    #[test]
    fn late_nul_is_a_spot() {
        let mut bytes = vec![b'a'; SNIFF_BYTES + 10];
        bytes.push(0);
        let (r, spots, _) = decode_all(&bytes, Decode::Lossy, None);
        assert!(r.is_ok());
        assert_eq!(spots[0].kind, SpotKind::Nul);
        assert_eq!(spots[0].byte, Some(SNIFF_BYTES as u64 + 10));
    }

    #[test]
    fn sequences_split_across_chunks_decode() {
        // Make a multibyte char straddle the sniff/chunk boundary.
        let mut bytes = vec![b'a'; SNIFF_BYTES - 1];
        bytes.extend_from_slice("é".as_bytes());
        bytes.extend_from_slice(&vec![b'b'; CHUNK + 3]);
        bytes.extend_from_slice("€".as_bytes());
        let (r, spots, _) = decode_all(&bytes, Decode::Strict, None);
        assert_eq!(r.unwrap().as_bytes(), &bytes[..]);
        assert!(spots.is_empty());
    }
}
