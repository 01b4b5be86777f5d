//! CSV and TSV input, streamed record by record with the `csv` crate's rules
//! ([`RecordReader`]).
//!
//! Those rules give no line numbers (and the csv crate's own are wrong for
//! CR-only files), and no error for an unterminated quote (the rest of the
//! file becomes one field), so a [`Tap`] between the decoder and the record
//! reader watches every byte: it keeps physical line starts, runs the same
//! quoting state machine as csv-core's defaults (to find a quote still open
//! at end of file and where it opened), and caps field size so a runaway
//! field cannot eat memory.

use std::collections::VecDeque;
use std::io::{self, Read};

use super::decode::{from_io, to_io, DecodeReader, Raw};
use super::lines::{LineTracker, Position};
use super::records::{Record, RecordReader};
use super::{Document, Fault, ReadOptions, Skip};
use crate::error::{Error, Location};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QState {
    StartField,
    Unquoted,
    Quoted,
    AfterQuote,
}

/// Where an unterminated quote opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OpenQuote {
    pub offset: u64,
    pub line: u64,
    pub col: u64,
}

/// Watches the decoded bytes on their way to the record reader.
pub(crate) struct Tap<R> {
    inner: R,
    path: String,
    delim: u8,
    max_field: usize,
    pub(crate) lines: LineTracker,
    rec_starts: VecDeque<u64>,
    at_record_start: bool,
    offset: u64,
    state: QState,
    /// Line and column of the next byte.
    pos: Position,
    field_len: usize,
    field_line: u64,
    field_col: u64,
    quote: OpenQuote,
    eof: bool,
    pending: Option<io::Error>,
}

impl<R: Read> Tap<R> {
    pub(crate) fn new(inner: R, path: &str, delim: u8, max_field: usize) -> Self {
        Tap {
            inner,
            path: path.to_string(),
            delim,
            max_field,
            lines: LineTracker::default(),
            rec_starts: VecDeque::new(),
            at_record_start: true,
            offset: 0,
            state: QState::StartField,
            pos: Position::default(),
            field_len: 0,
            field_line: 1,
            field_col: 1,
            quote: OpenQuote {
                offset: 0,
                line: 1,
                col: 1,
            },
            eof: false,
            pending: None,
        }
    }

    /// The physical line of the record the record reader says starts at
    /// `start` (its positions, as the csv crate's, include blank lines and
    /// the LF of a CRLF before the record). Calls must not go backwards.
    pub(crate) fn record_line(&mut self, start: u64) -> u64 {
        while self.rec_starts.front().is_some_and(|s| *s < start) {
            self.rec_starts.pop_front();
        }
        let at = self.rec_starts.front().copied().unwrap_or(start);
        self.lines.line_at(at)
    }

    /// The quote still open at end of file, once the end has been reached.
    pub(crate) fn unterminated(&self) -> Option<OpenQuote> {
        (self.eof && self.state == QState::Quoted).then_some(self.quote)
    }

    fn huge(&self) -> io::Error {
        let mut msg = format!(
            "a field starting here is longer than the limit of {} bytes",
            self.max_field
        );
        if matches!(self.state, QState::Quoted | QState::AfterQuote) {
            msg.push_str(&format!(
                " (it is quoted: maybe the quote opened at line {} column {} is never closed)",
                self.quote.line, self.quote.col
            ));
        }
        to_io(Error::bad_input(
            Location::line(self.path.clone(), self.field_line).with_column(self.field_col),
            msg,
            "check the quoting on this line, or raise the limit with --max-text-bytes",
        ))
    }
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.eof = true;
            return Ok(0);
        }
        let mut keep = n;
        let mut i = 0;
        while i < n {
            // Inside a field, jump to the next byte that can end it: the
            // bytes between only lengthen the field and move the column.
            let stop = match self.state {
                QState::Quoted => Some(b'"'),
                QState::Unquoted => Some(self.delim),
                _ => None,
            };
            if let Some(stop) = stop {
                let rest = &buf[i..n];
                let run = memchr::memchr3(stop, b'\n', b'\r', rest).unwrap_or(rest.len());
                if run > 0 && self.field_len + run <= self.max_field {
                    self.field_len += run;
                    self.pos.advance_plain(&rest[..run]);
                    i += run;
                    continue;
                }
            }
            let b = buf[i];
            let term = b == b'\n' || b == b'\r';
            if self.at_record_start && !term {
                self.at_record_start = false;
                self.rec_starts.push_back(self.offset + i as u64);
            }
            match self.state {
                QState::StartField => {
                    self.field_len = 0;
                    self.field_line = self.pos.line;
                    self.field_col = self.pos.col;
                    if b == b'"' {
                        self.state = QState::Quoted;
                        self.quote = OpenQuote {
                            offset: self.offset + i as u64,
                            line: self.pos.line,
                            col: self.pos.col,
                        };
                    } else if term {
                        self.at_record_start = true;
                    } else if b != self.delim {
                        self.state = QState::Unquoted;
                        self.field_len = 1;
                    }
                }
                QState::Unquoted => {
                    if b == self.delim || term {
                        self.at_record_start = term;
                        self.state = QState::StartField;
                    } else {
                        self.field_len += 1;
                    }
                }
                QState::Quoted => {
                    if b == b'"' {
                        self.state = QState::AfterQuote;
                    } else {
                        self.field_len += 1;
                    }
                }
                QState::AfterQuote => {
                    if b == b'"' {
                        self.state = QState::Quoted;
                        self.field_len += 1;
                    } else if b == self.delim || term {
                        self.at_record_start = term;
                        self.state = QState::StartField;
                    } else {
                        self.state = QState::Unquoted;
                        self.field_len += 1;
                    }
                }
            }
            if self.field_len > self.max_field {
                keep = i;
                self.pending = Some(self.huge());
                break;
            }
            self.pos.advance(b);
            i += 1;
        }
        self.lines.feed(&buf[..keep]);
        self.offset += keep as u64;
        if keep == 0 {
            if let Some(e) = self.pending.take() {
                return Err(e);
            }
        }
        Ok(keep)
    }
}

type Inner = Tap<DecodeReader<Raw>>;

/// One data row.
#[derive(Debug)]
pub(crate) struct Row {
    /// Physical line where the row starts.
    pub line: u64,
    /// 1-based row number over data rows.
    pub number: u64,
    /// The fields, as many as the header has.
    pub fields: Vec<String>,
}

/// A CSV/TSV file read row by row, with its header.
pub(crate) struct Table {
    rdr: RecordReader<Inner>,
    path: String,
    /// The column names (after [`Table::read_header`]).
    pub header: Vec<String>,
    /// The physical line of the header row.
    pub header_line: u64,
    rec: Record,
    rows: u64,
    done: bool,
}

/// A field as text. The decoder's output is UTF-8 already and fields are
/// cut at ASCII bytes, so the check (SIMD, as in the decoder) passes; the
/// lossy arm is a safety net, not a path.
fn field_string(b: &[u8]) -> String {
    match simdutf8::basic::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    }
}

impl Table {
    pub(crate) fn new(raw: Raw, path: &str, delim: u8, opts: &ReadOptions) -> Table {
        let dec = DecodeReader::new(raw, path, opts.decode, opts.encoding);
        let tap = Tap::new(dec, path, delim, opts.max_text_bytes);
        Table {
            rdr: RecordReader::new(tap, delim),
            path: path.to_string(),
            header: Vec::new(),
            header_line: 1,
            rec: Record::default(),
            rows: 0,
            done: false,
        }
    }

    fn read_fault(&self, e: io::Error) -> Fault {
        match from_io(&self.path, e) {
            Ok(err) => Fault::File(err),
            Err(err) => Fault::Fatal(err),
        }
    }

    /// Read one record; returns its start line and whether one was read.
    fn read_record(&mut self) -> Result<Option<u64>, Fault> {
        match self.rdr.read_record(&mut self.rec) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let start = self.rec.start();
                let end = self.rdr.position();
                let tap = self.rdr.get_mut();
                let line = tap.record_line(start);
                if let Some(q) = tap.unterminated() {
                    if q.offset >= start && q.offset < end {
                        return Err(Fault::File(Error::bad_input(
                            Location::line(self.path.clone(), q.line).with_column(q.col),
                            "this quote is never closed (the rest of the file would be one field)",
                            "close the quote or double it (\"\") if it is part of the text",
                        )));
                    }
                }
                let dec = &mut tap.inner;
                if let Some(spot) = dec.take_spot_before(end) {
                    return Err(Fault::Item(dec.spot_error(&spot)));
                }
                Ok(Some(line))
            }
            Err(e) => Err(self.read_fault(e)),
        }
    }

    /// Read the header row. Errors: empty file, duplicate names.
    pub(crate) fn read_header(&mut self) -> Result<(), Fault> {
        let line = match self.read_record() {
            Ok(Some(line)) => line,
            Ok(None) => return Err(Fault::File(Error::bad_input(
                Location::file(self.path.clone()),
                "the file is empty: it has no header row",
                "a CSV/TSV input needs a header row naming its columns (e.g. id,source,date,text)",
            ))),
            Err(Fault::Item(e)) => return Err(Fault::File(e)),
            Err(f) => return Err(f),
        };
        self.header = self.rec.iter().map(field_string).collect();
        self.header_line = line;
        for (i, name) in self.header.iter().enumerate() {
            if self.header[..i].contains(name) {
                return Err(Fault::Fatal(Error::bad_input(
                    Location::line(self.path.clone(), line),
                    format!("the header names the column \"{name}\" twice"),
                    "give every column a distinct name in the header row",
                )));
            }
        }
        Ok(())
    }

    /// The next data row.
    pub(crate) fn next_row(&mut self) -> Option<Result<Row, Fault>> {
        if self.done {
            return None;
        }
        let line = match self.read_record() {
            Ok(Some(line)) => line,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(f) => {
                self.rows += 1;
                if !matches!(f, Fault::Item(_)) {
                    self.done = true;
                }
                return Some(Err(f));
            }
        };
        self.rows += 1;
        if self.rec.len() != self.header.len() {
            return Some(Err(Fault::Item(Error::bad_input(
                Location::line(self.path.clone(), line),
                format!(
                    "this row has {} field(s) but the header has {}",
                    self.rec.len(),
                    self.header.len()
                ),
                "fix the row (quote fields that contain the delimiter), or use --skip-bad to skip it",
            ))));
        }
        Some(Ok(Row {
            line,
            number: self.rows,
            fields: self.rec.iter().map(field_string).collect(),
        }))
    }

    /// Stop: read the rest of the raw file for its hash; bytes and SHA-256.
    pub(crate) fn finish(&mut self) -> Result<(u64, String), Error> {
        self.done = true;
        let path = self.path.clone();
        self.rdr
            .get_mut()
            .inner
            .get_mut()
            .counted()
            .finish()
            .map_err(|e| Error::io(path, e))
    }

    /// The lossy-decoding note, if any.
    pub(crate) fn note(&mut self) -> Option<Skip> {
        self.rdr.get_mut().inner.note()
    }
}

/// Documents from a CSV/TSV file.
pub(crate) struct TableDocs {
    table: Table,
    path: String,
    file_name: String,
    text_col: String,
    id_col: String,
    text_idx: usize,
    id_idx: Option<usize>,
    started: bool,
}

impl TableDocs {
    pub(crate) fn new(
        raw: Raw,
        path: &str,
        file_name: &str,
        delim: u8,
        opts: &ReadOptions,
    ) -> Self {
        TableDocs {
            table: Table::new(raw, path, delim, opts),
            path: path.to_string(),
            file_name: file_name.to_string(),
            text_col: opts.text_col.clone(),
            id_col: opts.id_col.clone(),
            text_idx: 0,
            id_idx: None,
            started: false,
        }
    }

    fn start(&mut self) -> Result<(), Fault> {
        self.table.read_header()?;
        let header = &self.table.header;
        match header.iter().position(|h| *h == self.text_col) {
            Some(i) => self.text_idx = i,
            None => {
                return Err(Fault::Fatal(Error::bad_input(
                    Location::line(self.path.clone(), self.table.header_line),
                    format!(
                        "there is no column named \"{}\" for the text; the columns are: {}",
                        self.text_col,
                        header.join(", ")
                    ),
                    "name the column that holds the text with --text-col",
                )))
            }
        }
        self.id_idx = header.iter().position(|h| *h == self.id_col);
        Ok(())
    }

    pub(crate) fn next_doc(&mut self) -> Option<Result<Document, Fault>> {
        if !self.started {
            self.started = true;
            if let Err(f) = self.start() {
                self.table.done = true;
                return Some(Err(f));
            }
        }
        let row = match self.table.next_row()? {
            Ok(row) => row,
            Err(f) => return Some(Err(f)),
        };
        let mut text = String::new();
        let mut id = None;
        let mut fields = Vec::with_capacity(row.fields.len().saturating_sub(1));
        for (i, value) in row.fields.into_iter().enumerate() {
            if i == self.text_idx {
                text = value;
            } else if Some(i) == self.id_idx {
                id = Some(value);
            } else {
                fields.push((self.table.header[i].clone(), value));
            }
        }
        let id = match id {
            Some(id) if !id.is_empty() => id,
            _ => format!("{}:{}", self.file_name, row.number),
        };
        Some(Ok(Document {
            id,
            origin: Location::line(self.path.clone(), row.line),
            fields,
            text,
        }))
    }

    pub(crate) fn finish(&mut self) -> Result<(u64, String), Error> {
        self.table.finish()
    }

    pub(crate) fn note(&mut self) -> Option<Skip> {
        self.table.note()
    }
}
