//! JSON Lines input: one object per physical line, keys kept in the order
//! written. The text key is `--text-col`, the id key `--id-col`; every other
//! key becomes a metadata field. Strings are taken as they are, numbers and
//! booleans as their JSON text, null as empty; arrays and objects are refused.

use std::fmt;
use std::io::BufReader;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::decode::{from_io, DecodeReader, Raw};
use super::lines::PhysicalLines;
use super::{Document, Fault, ReadOptions, Skip};
use crate::error::{Error, Location};

/// A JSON object with its keys in input order.
struct Obj(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Obj {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Obj;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Obj, A::Error> {
                let mut v = Vec::new();
                while let Some(entry) = m.next_entry::<String, Value>()? {
                    v.push(entry);
                }
                Ok(Obj(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// Documents from a JSONL file.
pub(crate) struct JsonlDocs {
    lines: PhysicalLines<BufReader<DecodeReader<Raw>>>,
    path: String,
    file_name: String,
    text_col: String,
    id_col: String,
    max_text: usize,
    buf: Vec<u8>,
    rows: u64,
    done: bool,
}

/// The 1-based character column of the 1-based byte column `byte_col`.
fn char_col(line: &[u8], byte_col: usize) -> u64 {
    let end = byte_col.clamp(1, line.len().max(1)).min(line.len());
    (line[..end].iter().filter(|b| **b & 0xC0 != 0x80).count() as u64).max(1)
}

impl JsonlDocs {
    pub(crate) fn new(raw: Raw, path: &str, file_name: &str, opts: &ReadOptions) -> Self {
        let dec = DecodeReader::new(raw, path, opts.decode, opts.encoding);
        let max_line = opts
            .max_text_bytes
            .saturating_mul(2)
            .saturating_add(1 << 16);
        JsonlDocs {
            lines: PhysicalLines::new(BufReader::with_capacity(64 * 1024, dec), max_line),
            path: path.to_string(),
            file_name: file_name.to_string(),
            text_col: opts.text_col.clone(),
            id_col: opts.id_col.clone(),
            max_text: opts.max_text_bytes,
            buf: Vec::new(),
            rows: 0,
            done: false,
        }
    }

    fn bad(&self, line: u64, message: String, hint: &str) -> Fault {
        Fault::Item(Error::bad_input(
            Location::line(self.path.clone(), line),
            message,
            hint,
        ))
    }

    pub(crate) fn next_doc(&mut self) -> Option<Result<Document, Fault>> {
        loop {
            if self.done {
                return None;
            }
            let info = match self.lines.next_line(&mut self.buf) {
                Ok(Some(info)) => info,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(match from_io(&self.path, e) {
                        Ok(err) => Fault::File(err),
                        Err(err) => Fault::Fatal(err),
                    }));
                }
            };
            let dec = self.lines.get_mut().get_mut();
            if let Some(spot) = dec.take_spot_before(info.end) {
                return Some(Err(Fault::Item(dec.spot_error(&spot))));
            }
            if info.too_long {
                return Some(Err(self.bad(
                    info.number,
                    "this line is longer than the limit for one document".into(),
                    "raise the limit with --max-text-bytes, or use --skip-bad to skip this line",
                )));
            }
            if self.buf.iter().all(|b| *b == b' ' || *b == b'\t') {
                continue; // blank line
            }
            self.rows += 1;
            return Some(self.parse(info.number));
        }
    }

    fn parse(&mut self, line: u64) -> Result<Document, Fault> {
        let obj: Obj = match serde_json::from_slice(&self.buf) {
            Ok(obj) => obj,
            Err(e) => {
                let col = char_col(&self.buf, e.column());
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                return Err(Fault::Item(Error::bad_input(
                    Location::line(self.path.clone(), line).with_column(col),
                    format!("this line is not a valid JSON object: {msg}"),
                    "each line must hold one complete JSON object; fix the line or use --skip-bad to skip it",
                )));
            }
        };
        let mut text = None;
        let mut id = None;
        let mut fields: Vec<(String, String)> = Vec::with_capacity(obj.0.len());
        let mut seen: Vec<&str> = Vec::with_capacity(obj.0.len());
        for (key, value) in &obj.0 {
            if seen.contains(&key.as_str()) {
                return Err(self.bad(
                    line,
                    format!("the key \"{key}\" appears twice in this object"),
                    "give each key once per line, or use --skip-bad to skip this line",
                ));
            }
            seen.push(key);
            let s = match value {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    let what = if value.is_array() {
                        "an array"
                    } else {
                        "an object"
                    };
                    return Err(self.bad(
                        line,
                        format!("the value of \"{key}\" is {what}; only strings, numbers, booleans and null can be read"),
                        "flatten nested values before reading, or use --skip-bad to skip this line",
                    ));
                }
            };
            if *key == self.text_col {
                text = Some(s);
            } else if *key == self.id_col {
                id = Some(s);
            } else {
                fields.push((key.clone(), s));
            }
        }
        let Some(text) = text else {
            return Err(self.bad(
                line,
                format!(
                    "this object has no \"{}\" key for the text; its keys are: {}",
                    self.text_col,
                    seen.join(", ")
                ),
                "name the key that holds the text with --text-col",
            ));
        };
        if text.len() > self.max_text {
            return Err(self.bad(
                line,
                format!(
                    "the text is longer than the limit of {} bytes",
                    self.max_text
                ),
                "raise the limit with --max-text-bytes, or use --skip-bad to skip this line",
            ));
        }
        let id = match id {
            Some(id) if !id.is_empty() => id,
            _ => format!("{}:{}", self.file_name, self.rows),
        };
        Ok(Document {
            id,
            origin: Location::line(self.path.clone(), line),
            fields,
            text,
        })
    }

    pub(crate) fn finish(&mut self) -> Result<(u64, String), Error> {
        self.done = true;
        let path = self.path.clone();
        self.lines
            .get_mut()
            .get_mut()
            .get_mut()
            .counted()
            .finish()
            .map_err(|e| Error::io(path, e))
    }

    pub(crate) fn note(&mut self) -> Option<Skip> {
        self.lines.get_mut().get_mut().note()
    }
}
