//! CSV output: header row, comma, UTF-8, LF; rows are serde structs written to
//! any `io::Write`. `--excel` adds a UTF-8 BOM and neutralises *text* cells
//! that a spreadsheet would run as a formula (leading `= + - @`, tab or CR)
//! by prefixing `'`; numeric cells are never touched.
//!
//! Text cells are typed [`Text`]; the sink tells them whether Excel mode is on
//! through a thread-local flag set only while it serialises a row.

use crate::error::{Error, Result};
use crate::report::record::{write_cells, write_header, write_record, Cells, RecordError};
use crate::report::StreamFile;
use serde::{Serialize, Serializer};
use std::cell::Cell;
use std::io::Write;

thread_local! {
    static EXCEL: Cell<bool> = const { Cell::new(false) };
}

/// A text cell (a name, a term, a context window): neutralised in Excel mode.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Text(pub String);

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.to_string())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(s)
    }
}

/// A borrowed text cell, for rows formatted straight from a document's
/// text; neutralised in Excel mode like [`Text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextRef<'a>(pub &'a str);

impl Serialize for TextRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&neutralise(self.0, EXCEL.with(Cell::get)))
    }
}

/// True when a spreadsheet would run `s` as a formula: it starts with
/// `= + - @`, tab or CR.
#[inline]
pub fn formula_like(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// The cell as a spreadsheet should see it when `excel` is on.
#[inline]
pub fn neutralise(s: &str, excel: bool) -> std::borrow::Cow<'_, str> {
    if excel && formula_like(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&neutralise(&self.0, EXCEL.with(Cell::get)))
    }
}

/// A CSV writer for one report file: a header from the row type's field
/// names, then rows, buffered, through [`record`](crate::report::record).
pub struct CsvSink<W: Write> {
    w: W,
    excel: bool,
    name: String,
    rows: u64,
    buf: Vec<u8>,
}

/// Bytes gathered before they are handed to the writer.
const SINK_BUFFER: usize = 1 << 16;

impl<W: Write> CsvSink<W> {
    /// A sink writing to `w`; `name` names the file in error messages.
    pub fn new(w: W, excel: bool, name: &str) -> Result<Self> {
        let mut buf = Vec::with_capacity(SINK_BUFFER);
        if excel {
            buf.extend_from_slice("\u{FEFF}".as_bytes());
        }
        Ok(CsvSink {
            w,
            excel,
            name: name.to_string(),
            rows: 0,
            buf,
        })
    }

    /// Write one row (the first row also writes the header from field names).
    pub fn row<T: Serialize>(&mut self, row: &T) -> Result<()> {
        if self.rows == 0 {
            write_header(&mut self.buf, row).map_err(|e| self.internal(e))?;
        }
        EXCEL.with(|f| f.set(self.excel));
        let r = write_record(&mut self.buf, row);
        EXCEL.with(|f| f.set(false));
        r.map_err(|e| self.internal(e))?;
        self.rows += 1;
        self.spill()
    }

    /// When no row was written, write the header of `T` alone, so an empty
    /// table still has its columns.
    pub fn header_if_empty<T: Serialize + Default>(&mut self) -> Result<()> {
        if self.rows > 0 {
            return Ok(());
        }
        write_header(&mut self.buf, &T::default()).map_err(|e| self.internal(e))?;
        self.rows += 1;
        Ok(())
    }

    /// Write a record of plain cells; `text[i]` says whether cell `i` is text.
    pub fn record(&mut self, cells: &[String], text: &[bool]) -> Result<()> {
        self.rows += 1;
        let excel = self.excel;
        let cells: Vec<std::borrow::Cow<str>> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| neutralise(c, excel && text.get(i).copied().unwrap_or(false)))
            .collect();
        write_cells(&mut self.buf, cells.iter().map(|c| c.as_ref()));
        self.spill()
    }

    /// Write one record cell by cell with `write` (the record's end is
    /// written after it).
    pub fn cells(&mut self, write: impl FnOnce(&mut Cells)) -> Result<()> {
        let mut cells = Cells::new(&mut self.buf, self.excel);
        write(&mut cells);
        cells.end();
        self.rows += 1;
        self.spill()
    }

    /// Write what has been gathered and return the inner writer (flush it
    /// with the folder's `close`, which surfaces a full disk).
    pub fn finish(mut self) -> Result<W> {
        let name = std::mem::take(&mut self.name);
        self.w
            .write_all(&self.buf)
            .map_err(|e| Error::io(&name, e))?;
        self.w.flush().map_err(|e| Error::io(&name, e))?;
        Ok(self.w)
    }

    fn spill(&mut self) -> Result<()> {
        if self.buf.len() >= SINK_BUFFER {
            self.w
                .write_all(&self.buf)
                .map_err(|e| Error::io(&self.name, e))?;
            self.buf.clear();
        }
        Ok(())
    }

    fn internal(&self, e: RecordError) -> Error {
        Error::Internal(format!("writing {}: {e}", self.name))
    }
}

/// The header line of row type `T` (its field names).
pub fn header_line<T: Serialize + Default>() -> Result<String> {
    let mut out = Vec::new();
    write_header(&mut out, &T::default()).map_err(|e| Error::Internal(format!("header: {e}")))?;
    Ok(String::from_utf8_lossy(&out).trim_end().to_string())
}

/// Bytes reserved per row announced by the iterator in [`rows_to_bytes`]:
/// above the mean row of its widest table, `logodds.csv` (about 110 bytes),
/// so that a comparison's rows are not copied into a buffer twice the size
/// (its other tables are narrower: `keyness.csv` about 90 bytes a row,
/// `frames_by_doc.csv` about 50, a few KB a document).
const ROW_BYTES_GUESS: usize = 128;

/// Serialise rows (no header) into bytes, so that worker threads can format
/// their documents' rows in parallel; a [`ChunkSink`] appends them in order.
pub fn rows_to_bytes<T: Serialize>(
    rows: impl IntoIterator<Item = T>,
    excel: bool,
) -> Result<Vec<u8>> {
    let rows = rows.into_iter();
    // room for the rows announced, at a typical row length, so that a large
    // table is not copied at each doubling of its buffer
    let mut out = Vec::with_capacity(rows.size_hint().0.saturating_mul(ROW_BYTES_GUESS));
    EXCEL.with(|f| f.set(excel));
    let mut result = Ok(());
    for row in rows {
        if let Err(e) = crate::report::record::write_record(&mut out, &row) {
            result = Err(Error::Internal(format!("formatting a row: {e}")));
            break;
        }
    }
    EXCEL.with(|f| f.set(false));
    result.map(|()| out)
}

/// A CSV file whose rows arrive already formatted ([`rows_to_bytes`]).
pub struct ChunkSink<W: Write> {
    w: W,
    name: String,
}

impl<W: Write> ChunkSink<W> {
    /// Start the file: BOM in Excel mode, then the header of `T`.
    pub fn new<T: Serialize + Default>(mut w: W, excel: bool, name: &str) -> Result<Self> {
        let mut head = String::new();
        if excel {
            head.push('\u{FEFF}');
        }
        let cells: Vec<String> = header_line::<T>()?
            .split(',')
            .map(|c| neutralise(c, excel).into_owned())
            .collect();
        head.push_str(&cells.join(","));
        head.push('\n');
        w.write_all(head.as_bytes())
            .map_err(|e| Error::io(name, e))?;
        Ok(ChunkSink {
            w,
            name: name.to_string(),
        })
    }

    /// Append formatted rows.
    pub fn append(&mut self, bytes: &[u8]) -> Result<()> {
        self.w
            .write_all(bytes)
            .map_err(|e| Error::io(&self.name, e))
    }

    /// Return the inner writer (flush it with the folder's `close`).
    pub fn finish(self) -> W {
        self.w
    }
}

impl ChunkSink<StreamFile> {
    /// Append rows that `f` formats straight into the file's current block
    /// ([`StreamFile::append_with`]).
    pub fn append_with(&mut self, f: impl FnOnce(&mut Vec<u8>)) -> Result<()> {
        self.w.append_with(f).map_err(|e| Error::io(&self.name, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::format::Float;

    #[derive(Serialize, Default)]
    struct Row {
        term: Text,
        count: u64,
        z: Float,
    }

    fn write(excel: bool) -> String {
        let mut sink = CsvSink::new(Vec::new(), excel, "t.csv").unwrap();
        for (t, z) in [("=cmd", -1.5), ("plain, comma", f64::NAN), ("-x", 0.25)] {
            sink.row(&Row {
                term: t.into(),
                count: 2,
                z: z.into(),
            })
            .unwrap();
        }
        String::from_utf8(sink.finish().unwrap()).unwrap()
    }

    #[derive(Serialize, Default)]
    struct Empty {
        group: Text,
        z: Float,
    }

    #[test]
    fn empty_table_keeps_its_header() {
        let mut sink = CsvSink::new(Vec::new(), false, "e.csv").unwrap();
        sink.header_if_empty::<Empty>().unwrap();
        assert_eq!(
            String::from_utf8(sink.finish().unwrap()).unwrap(),
            "group,z\n"
        );
    }

    #[test]
    fn chunks_equal_rows_written_one_by_one() {
        let rows = [("=a", 1.5), ("b, c", -2.0)];
        let mk = |(t, z): (&str, f64)| Row {
            term: t.into(),
            count: 1,
            z: z.into(),
        };
        for excel in [false, true] {
            let mut one = CsvSink::new(Vec::new(), excel, "x").unwrap();
            for r in rows {
                one.row(&mk(r)).unwrap();
            }
            let mut chunked = ChunkSink::new::<Row>(Vec::new(), excel, "x").unwrap();
            chunked
                .append(&rows_to_bytes(rows.map(mk), excel).unwrap())
                .unwrap();
            assert_eq!(one.finish().unwrap(), chunked.finish());
        }
    }

    #[test]
    fn plain_csv() {
        assert_eq!(
            write(false),
            "term,count,z\n=cmd,2,-1.5\n\"plain, comma\",2,\n-x,2,0.25\n"
        );
    }

    #[test]
    fn excel_mode_neutralises_text_not_numbers() {
        assert_eq!(
            write(true),
            "\u{FEFF}term,count,z\n'=cmd,2,-1.5\n\"plain, comma\",2,\n'-x,2,0.25\n"
        );
    }
}
