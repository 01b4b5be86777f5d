//! A fast serde serializer for one flat CSV record (a struct of strings,
//! integers, booleans and options), byte-identical to the csv crate's output
//! with the settings framelens uses (comma, `"` doubled inside quotes, LF
//! terminator): a field is quoted when it contains a comma, a quote, CR or LF.
//!
//! The csv crate's serde path checks each field byte by byte through its
//! state machine; rows with long text cells (hit contexts) spend most of their
//! time there. This one checks a field with one pass over its bytes and copies
//! it whole. Equality with the csv crate is property-tested.

use crate::report::csv_out::formula_like;
use crate::report::format::write_float;
use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// Why a row could not be written (a nested or unsupported value: a bug).
#[derive(Debug)]
pub struct RecordError(String);

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecordError {}

impl ser::Error for RecordError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        RecordError(msg.to_string())
    }
}

/// Append `row` to `out` as one CSV record with its LF terminator.
pub fn write_record<T: Serialize>(out: &mut Vec<u8>, row: &T) -> Result<(), RecordError> {
    let mut rec = Record {
        out,
        first: true,
        names: false,
    };
    row.serialize(&mut rec)?;
    rec.out.push(b'\n');
    Ok(())
}

/// Append the header of `row`'s type (its field names) to `out`.
pub fn write_header<T: Serialize>(out: &mut Vec<u8>, row: &T) -> Result<(), RecordError> {
    let mut rec = Record {
        out,
        first: true,
        names: true,
    };
    row.serialize(&mut rec)?;
    rec.out.push(b'\n');
    Ok(())
}

/// Append one record of plain cells to `out`.
pub fn write_cells<'c>(out: &mut Vec<u8>, cells: impl IntoIterator<Item = &'c str>) {
    let mut rec = Record {
        out,
        first: true,
        names: false,
    };
    for c in cells {
        rec.field(c.as_bytes());
    }
    rec.out.push(b'\n');
}

/// Writes one record cell by cell, for tables whose columns are not the
/// fields of a row type (`term_matrix.csv`): the cells equal those of the
/// serde row writer with [`Text`](crate::report::csv_out::Text), integer
/// and [`Float`](crate::report::format::Float) fields.
pub struct Cells<'a> {
    rec: Record<'a>,
    excel: bool,
}

impl<'a> Cells<'a> {
    /// Start a record at the end of `out`; `excel` neutralises text cells.
    pub fn new(out: &'a mut Vec<u8>, excel: bool) -> Self {
        Cells {
            rec: Record {
                out,
                first: true,
                names: false,
            },
            excel,
        }
    }

    /// A text cell.
    pub fn text(&mut self, text: &str) {
        self.rec.separate();
        push_text(self.rec.out, text, self.excel);
    }

    /// An integer cell.
    pub fn int(&mut self, v: u64) {
        self.rec.int(v);
    }

    /// A float cell (empty for `None`); never quoted, as a formatted
    /// float holds only digits, `-`, `.` and `e`.
    pub fn float(&mut self, x: Option<f64>) {
        self.rec.separate();
        if let Some(x) = x {
            write_float(self.rec.out, x);
        }
    }

    /// End the record with its LF.
    pub fn end(self) {
        self.rec.out.push(b'\n');
    }
}

/// Bytes that make a field need quotes: comma, quote, CR, LF.
const NEEDS_QUOTES: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t
};

/// Append one field to `out`, quoted when it holds a comma, quote, CR or LF
/// (a quote inside is doubled). Every cell framelens writes goes through
/// here.
#[inline]
pub fn push_field(out: &mut Vec<u8>, bytes: &[u8]) {
    if needs_quotes(bytes) {
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        if memchr::memchr(b'"', bytes).is_none() {
            // most quoted cells hold a comma or a line break, not a quote
            out.extend_from_slice(bytes);
        } else {
            for part in bytes.split_inclusive(|&b| b == b'"') {
                out.extend_from_slice(part);
                if part.last() == Some(&b'"') {
                    out.push(b'"');
                }
            }
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(bytes);
    }
}

/// True when `bytes` holds a comma, quote, CR or LF. Fields under 64
/// bytes (most cells, hit contexts included) are read sixteen (on x86-64,
/// with SSE2), eight or four bytes at a time, the last block overlapping,
/// instead of byte by byte; longer ones go to `memchr`.
#[inline]
fn needs_quotes(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let word = |at: usize, len: usize| {
        let mut w = [0u8; 8];
        w[..len].copy_from_slice(&bytes[at..at + len]);
        u64::from_le_bytes(w)
    };
    if n >= 64 {
        memchr::memchr3(b',', b'"', b'\n', bytes).is_some()
            || memchr::memchr(b'\r', bytes).is_some()
    } else if n >= 16 {
        // whole blocks, then the last sixteen bytes (overlapping)
        bytes.chunks_exact(16).any(block_has_special) || block_has_special(&bytes[n - 16..])
    } else if n >= 8 {
        // whole words, then the last eight bytes (overlapping)
        bytes
            .chunks_exact(8)
            .any(|c| has_special(u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))))
            || has_special(word(n - 8, 8))
    } else if n >= 4 {
        // zero padding: a zero byte is none of the four
        has_special(word(0, 4)) || has_special(word(n - 4, 4))
    } else {
        bytes.iter().any(|&b| NEEDS_QUOTES[b as usize])
    }
}

/// True when one of the sixteen bytes of `block` is a comma, quote, CR or
/// LF: four SSE2 compares of all sixteen at once.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn block_has_special(block: &[u8]) -> bool {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    assert!(block.len() >= 16);
    // SAFETY: the assert keeps the unaligned 16-byte load inside `block`,
    // and SSE2 is part of every x86-64 CPU.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        let any = _mm_or_si128(
            _mm_or_si128(eq(b','), eq(b'"')),
            _mm_or_si128(eq(b'\r'), eq(b'\n')),
        );
        _mm_movemask_epi8(any) != 0
    }
}

/// Elsewhere: the eight-byte scan of [`has_special`] on each half.
#[cfg(not(target_arch = "x86_64"))]
fn block_has_special(block: &[u8]) -> bool {
    block[..16]
        .chunks_exact(8)
        .any(|c| has_special(u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))))
}

/// True when one of the eight bytes of `w` is a comma, quote, CR or LF:
/// `x − 0x01…01 & !x & 0x80…80` is non-zero exactly when `x` has a zero
/// byte, and `w ^ c·0x01…01` has one where `w` has `c`.
#[inline]
fn has_special(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |c: u8| {
        let x = w ^ (u64::from(c) * ONES);
        x.wrapping_sub(ONES) & !x & HIGH
    };
    zero(b',') | zero(b'"') | zero(b'\r') | zero(b'\n') != 0
}

/// Append a text cell: [`push_field`] after the `--excel` neutralisation of
/// [`neutralise`](crate::report::csv_out::neutralise) (a leading `'` before
/// `= + - @`, tab or CR), without building the neutralised string.
#[inline]
pub fn push_text(out: &mut Vec<u8>, text: &str, excel: bool) {
    let b = text.as_bytes();
    if excel && formula_like(text) {
        let mut cell = Vec::with_capacity(b.len() + 1);
        cell.push(b'\'');
        cell.extend_from_slice(b);
        push_field(out, &cell);
    } else {
        push_field(out, b);
    }
}

struct Record<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// Write field names instead of values (a header).
    names: bool,
}

impl Record<'_> {
    /// The comma before every field but the first.
    fn separate(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn field(&mut self, bytes: &[u8]) {
        self.separate();
        push_field(self.out, bytes);
    }

    /// An integer cell: digits and a minus sign never need quotes.
    fn int(&mut self, v: impl itoa::Integer) {
        self.separate();
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
}

fn unsupported<T>(what: &str) -> Result<T, RecordError> {
    Err(RecordError(format!("a CSV record cannot hold {what}")))
}

impl<'a, 'b> ser::Serializer for &'a mut Record<'b> {
    type Ok = ();
    type Error = RecordError;
    type SerializeSeq = Impossible<(), RecordError>;
    type SerializeTuple = Impossible<(), RecordError>;
    type SerializeTupleStruct = Impossible<(), RecordError>;
    type SerializeTupleVariant = Impossible<(), RecordError>;
    type SerializeMap = Impossible<(), RecordError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), RecordError>;

    fn serialize_bool(self, v: bool) -> Result<(), RecordError> {
        self.field(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), RecordError> {
        self.int(v);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), RecordError> {
        self.int(v);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), RecordError> {
        self.int(v);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), RecordError> {
        self.int(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), RecordError> {
        self.int(v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), RecordError> {
        self.int(v);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), RecordError> {
        self.int(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), RecordError> {
        self.int(v);
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), RecordError> {
        unsupported("a raw float (format it with report::Float)")
    }
    fn serialize_f64(self, _: f64) -> Result<(), RecordError> {
        unsupported("a raw float (format it with report::Float)")
    }
    fn serialize_char(self, v: char) -> Result<(), RecordError> {
        self.field(v.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), RecordError> {
        self.field(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), RecordError> {
        self.field(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), RecordError> {
        self.field(b"");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), RecordError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), RecordError> {
        self.field(b"");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), RecordError> {
        self.field(b"");
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), RecordError> {
        self.field(variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), RecordError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), RecordError> {
        unsupported("an enum with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, RecordError> {
        unsupported("a sequence")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, RecordError> {
        unsupported("a tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, RecordError> {
        unsupported("a tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, RecordError> {
        unsupported("an enum with data")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, RecordError> {
        unsupported("a map")
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, RecordError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, RecordError> {
        unsupported("an enum with data")
    }
}

impl<'a, 'b> ser::SerializeStruct for &'a mut Record<'b> {
    type Ok = ();
    type Error = RecordError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        v: &T,
    ) -> Result<(), RecordError> {
        if self.names {
            self.field(name.as_bytes());
            Ok(())
        } else {
            v.serialize(&mut **self)
        }
    }

    fn end(self) -> Result<(), RecordError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::format::Float;
    use proptest::prelude::*;

    #[derive(serde::Serialize)]
    struct Row<'a> {
        text: &'a str,
        owned: String,
        n: u64,
        i: i32,
        flag: bool,
        maybe: Option<u32>,
        x: Float,
    }

    fn with_csv_crate<T: Serialize>(row: &T) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.serialize(row).unwrap();
        w.into_inner().unwrap()
    }

    proptest! {
        #[test]
        fn byte_identical_to_the_csv_crate(
            text in "(\\PC|[,\"\r\n ])*",
            owned in "[a-z,\"]{0,5}",
            n: u64, i: i32, flag: bool, maybe: Option<u32>, x: f64,
        ) {
            let row = Row { text: &text, owned, n, i, flag, maybe, x: x.into() };
            let mut ours = Vec::new();
            write_record(&mut ours, &row).unwrap();
            prop_assert_eq!(ours, with_csv_crate(&row));
        }
    }

    proptest! {
        #[test]
        fn word_scan_finds_exactly_the_bytes_that_need_quotes(
            cell in proptest::collection::vec(
                prop_oneof![8 => 0x20u8..0x7F, 1 => Just(b','), 1 => Just(b'"'),
                    1 => Just(b'\r'), 1 => Just(b'\n'), 1 => any::<u8>()],
                0..100,
            ),
        ) {
            let by_bytes = cell.iter().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
            prop_assert_eq!(needs_quotes(&cell), by_bytes);
        }
    }

    proptest! {
        #[test]
        fn cells_equal_serde_rows(
            text in "(\\PC|[,\"\r\n=+-])*",
            n: u64,
            x: Option<f64>,
            excel: bool,
        ) {
            #[derive(serde::Serialize)]
            struct Cells3<'a> {
                text: crate::report::csv_out::TextRef<'a>,
                n: u64,
                x: Float,
            }
            let row = Cells3 { text: crate::report::csv_out::TextRef(&text), n, x: x.into() };
            let serde = crate::report::csv_out::rows_to_bytes([row], excel).unwrap();
            let mut ours = Vec::new();
            let mut cells = Cells::new(&mut ours, excel);
            cells.text(&text);
            cells.int(n);
            cells.float(x);
            cells.end();
            prop_assert_eq!(ours, serde);
        }
    }

    #[test]
    fn quoting() {
        let mut out = Vec::new();
        write_record(
            &mut out,
            &Row {
                text: "a \"b\", c",
                owned: String::new(),
                n: 0,
                i: -5,
                flag: true,
                maybe: None,
                x: Float(None),
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a \"\"b\"\", c\",,0,-5,true,,\n"
        );
        assert!(write_record(&mut Vec::new(), &vec![1, 2]).is_err());
    }
}
