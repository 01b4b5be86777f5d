//! Corpus input: folders of `.txt` (with an optional `metadata.csv`), CSV, TSV,
//! JSONL, their `.gz` variants and standard input, all read as one stream of
//! [`Document`]s. Memory grows with the largest document, not the corpus.
//!
//! Strict by default: a bad item is an [`Error`] naming
//! the file, the physical line and what to do. With `skip_bad` the reader
//! skips the item, records a [`Skip`] and goes on.

use crate::error::Location;

/// One article: its id, where it came from, its metadata and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The id from `--id-col`, else the file path relative to the corpus
    /// folder, else `<file>:<row number>`.
    pub id: String,
    /// Where the document starts (file and 1-based physical line).
    pub origin: Location,
    /// Metadata columns in input order (`source`, `date`, `title`, …). For a
    /// folder without a metadata row for a file, `source` is the file's
    /// first-level subfolder.
    pub fields: Vec<(String, String)>,
    /// The decoded text (valid UTF-8, BOM removed).
    pub text: String,
}

impl Document {
    /// The value of a metadata column, if the document has it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An item the reader skipped in `--skip-bad` mode, or a lossy decode it
/// recorded: kept for the manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skip {
    /// Where the item was.
    #[serde(flatten)]
    pub loc: Location,
    /// Why it was skipped, in one sentence.
    pub reason: String,
}

mod decode;
mod folder;
mod jsonl;
mod lines;
mod table;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use crate::error::{Error, Result};

pub use decode::line_col;
pub use folder::METADATA_FILE;

use decode::{Counted, Raw};
use folder::{FolderDocs, Listing};
use jsonl::JsonlDocs;
use table::TableDocs;

/// The hint for standard input without `--format`.
const STDIN_FORMAT: &str = "reading from standard input needs --format csv|tsv|jsonl|txt";

/// What kind of input something is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A folder of `.txt` files (with an optional `metadata.csv`).
    Folder,
    /// One plain-text document.
    Txt,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// JSON Lines: one object per line.
    Jsonl,
}

impl Format {
    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Folder => "folder",
            Format::Txt => "txt",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
        }
    }

    /// The format a file name implies (`.csv`, `.tsv`, `.jsonl`, `.ndjson`,
    /// `.txt`, each optionally followed by `.gz`; ASCII case-insensitive).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let base = lower.strip_suffix(".gz").unwrap_or(&lower);
        let ext = Path::new(base).extension()?.to_str()?;
        match ext {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "txt" => Some(Format::Txt),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses `folder`, `txt`, `csv`, `tsv`, `jsonl` (or `ndjson`).
    fn from_str(s: &str) -> Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "folder" | "dir" => Ok(Format::Folder),
            "txt" | "text" => Ok(Format::Txt),
            "csv" => Ok(Format::Csv),
            "tsv" => Ok(Format::Tsv),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            _ => Err(Error::Usage(format!(
                "unknown format \"{s}\": use --format csv, tsv, jsonl, txt or folder"
            ))),
        }
    }
}

/// How to treat bytes that are not valid in the input's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decode {
    /// Refuse them (an error naming the place).
    #[default]
    Strict,
    /// Replace them with U+FFFD and record a note per file.
    Lossy,
}

/// How to read the inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The format of every file input and of standard input; `None` means
    /// from the file extension (required for `-`).
    pub format: Option<Format>,
    /// The CSV/TSV column or JSONL key that holds the text.
    pub text_col: String,
    /// The CSV/TSV column or JSONL key that holds the id.
    pub id_col: String,
    /// The encoding of inputs without a byte-order mark (default UTF-8).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Strict or lossy decoding.
    pub decode: Decode,
    /// Skip bad items (recording a [`Skip`]) instead of failing.
    pub skip_bad: bool,
    /// The largest text (and CSV field) accepted, in bytes.
    pub max_text_bytes: usize,
}

/// The default for [`ReadOptions::max_text_bytes`]: 64 MiB.
pub const DEFAULT_MAX_TEXT_BYTES: usize = 64 << 20;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            text_col: "text".into(),
            id_col: "id".into(),
            encoding: None,
            decode: Decode::Strict,
            skip_bad: false,
            max_text_bytes: DEFAULT_MAX_TEXT_BYTES,
        }
    }
}

/// What was read from one input, for the manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputSummary {
    /// The input as given (`-` for standard input).
    pub path: String,
    /// How it was read.
    pub format: Format,
    /// Files read: 1 for a file or standard input; for a folder the text
    /// files read plus `metadata.csv` when present.
    pub files: u64,
    /// Bytes read as stored (compressed bytes for `.gz`), summed for a folder.
    pub bytes: u64,
    /// SHA-256 (hex) of the bytes as stored. For a folder: the SHA-256 of the
    /// lines `<relative path>\0<file sha256 hex>\n` for every file read
    /// (including `metadata.csv`), sorted by relative path in byte order.
    pub sha256: String,
}

/// A bad item, by how much it spoils.
#[derive(Debug)]
pub(crate) enum Fault {
    /// One document/row/line: skip it.
    Item(Error),
    /// The rest of this file cannot be read: skip it.
    File(Error),
    /// Not skippable (bad metadata, missing column, I/O failure).
    Fatal(Error),
}

#[derive(Debug)]
enum Plan {
    Stdin(Format),
    File {
        display: String,
        path: PathBuf,
        format: Format,
    },
    Folder {
        display: String,
        listing: Listing,
    },
}

enum Current {
    Table(Box<TableDocs>),
    Jsonl(Box<JsonlDocs>),
    Folder(Box<FolderDocs>),
}

enum Step {
    Doc(Document),
    Fault(Fault),
    Continue,
    End,
}

/// Reads all inputs as one stream of documents (see the module docs).
pub struct CorpusReader {
    plans: VecDeque<Plan>,
    current: Option<(Current, String, Format)>,
    opts: ReadOptions,
    skips: Vec<Skip>,
    notes: Vec<Skip>,
    summaries: Vec<InputSummary>,
    progress: Arc<AtomicU64>,
    total: Option<u64>,
    failed: bool,
}

fn file_name_of(display: &str) -> String {
    Path::new(display)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| display.to_string())
}

impl CorpusReader {
    /// Check every input and plan the reading. Errors: no input, a missing
    /// path, `-` without a format or given twice, an unknown extension.
    /// Folders are listed here (so [`CorpusReader::total_bytes`] is known).
    pub fn open(inputs: &[String], opts: &ReadOptions) -> Result<CorpusReader> {
        if inputs.is_empty() {
            return Err(Error::Usage("no input given: name a folder, a .csv/.tsv/.jsonl/.txt file or - for standard input".into()));
        }
        let mut plans = VecDeque::new();
        let mut total = Some(0u64);
        let mut stdin_seen = false;
        for input in inputs {
            if input == "-" {
                if stdin_seen {
                    return Err(Error::Usage(
                        "standard input (-) can be given only once".into(),
                    ));
                }
                stdin_seen = true;
                let format = match opts.format {
                    None | Some(Format::Folder) => return Err(Error::Usage(STDIN_FORMAT.into())),
                    Some(f) => f,
                };
                plans.push_back(Plan::Stdin(format));
                total = None;
                continue;
            }
            let path = PathBuf::from(input);
            let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    Error::Usage(format!("{input}: no such file or folder"))
                }
                _ => Error::io(input.clone(), e),
            })?;
            if meta.is_dir() {
                let listing = folder::walk(&path)?;
                total = total.map(|t| t + listing.total_bytes());
                plans.push_back(Plan::Folder {
                    display: input.clone(),
                    listing,
                });
                continue;
            }
            let format = match opts.format.or_else(|| Format::from_file_name(input)) {
                Some(Format::Folder) => {
                    return Err(Error::Usage(format!("{input}: --format folder needs a folder, not a file")))
                }
                Some(f) => f,
                None => {
                    return Err(Error::Usage(format!(
                        "{input}: cannot tell the format from the file name; name it with --format csv|tsv|jsonl|txt"
                    )))
                }
            };
            total = total.map(|t| t + meta.len());
            plans.push_back(Plan::File {
                display: input.clone(),
                path,
                format,
            });
        }
        Ok(CorpusReader {
            plans,
            current: None,
            opts: opts.clone(),
            skips: Vec::new(),
            notes: Vec::new(),
            summaries: Vec::new(),
            progress: Arc::new(AtomicU64::new(0)),
            total,
            failed: false,
        })
    }

    /// Bytes that will be read in all, when known up front (not with `-`).
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }

    /// Bytes read so far (as stored), updated while reading.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.progress.clone()
    }

    /// Items skipped so far (with `skip_bad`).
    pub fn skips(&self) -> &[Skip] {
        &self.skips
    }

    /// Notes so far: one per file decoded with replacements (`Decode::Lossy`).
    pub fn notes(&self) -> &[Skip] {
        &self.notes
    }

    /// One summary per input read to its end; complete once the iterator
    /// is exhausted.
    pub fn summaries(&self) -> &[InputSummary] {
        &self.summaries
    }

    fn start_next(&mut self) -> Step {
        let Some(plan) = self.plans.pop_front() else {
            return Step::End;
        };
        let (counted, display, format) = match plan {
            Plan::Folder { display, listing } => {
                let docs = FolderDocs::new(&display, listing, &self.opts, self.progress.clone());
                self.current = Some((Current::Folder(Box::new(docs)), display, Format::Folder));
                return Step::Continue;
            }
            Plan::Stdin(format) => (
                Counted::new(Box::new(std::io::stdin()), self.progress.clone()),
                "-".to_string(),
                format,
            ),
            Plan::File {
                display,
                path,
                format,
            } => match std::fs::File::open(&path) {
                Ok(f) => (
                    Counted::new(Box::new(f), self.progress.clone()),
                    display,
                    format,
                ),
                Err(e) => return Step::Fault(Fault::Fatal(Error::io(display, e))),
            },
        };
        let shown = if display == "-" {
            "<stdin>".to_string()
        } else {
            display.clone()
        };
        let file_name = if display == "-" {
            "stdin".to_string()
        } else {
            file_name_of(&display)
        };
        if format == Format::Txt {
            let (text, hash) = folder::read_txt(counted, &shown, &self.opts, &mut self.notes);
            if let Ok((bytes, sha256)) = hash {
                self.summaries.push(InputSummary {
                    path: display,
                    format,
                    files: 1,
                    bytes,
                    sha256,
                });
            }
            return match text {
                Ok(text) => Step::Doc(Document {
                    id: file_name,
                    origin: crate::error::Location::line(shown, 1),
                    fields: Vec::new(),
                    text,
                }),
                Err(Fault::File(e)) => Step::Fault(Fault::Item(e)),
                Err(f) => Step::Fault(f),
            };
        }
        let raw = match Raw::new(counted, &shown) {
            Ok(raw) => raw,
            Err(e) => return Step::Fault(Fault::Fatal(Error::io(shown, e))),
        };
        let cur = match format {
            Format::Csv => Current::Table(Box::new(TableDocs::new(
                raw, &shown, &file_name, b',', &self.opts,
            ))),
            Format::Tsv => Current::Table(Box::new(TableDocs::new(
                raw, &shown, &file_name, b'\t', &self.opts,
            ))),
            _ => Current::Jsonl(Box::new(JsonlDocs::new(
                raw, &shown, &file_name, &self.opts,
            ))),
        };
        self.current = Some((cur, display, format));
        Step::Continue
    }

    /// End the current input: notes, summary.
    fn finish_current(&mut self) -> Result<()> {
        let Some((cur, path, format)) = self.current.take() else {
            return Ok(());
        };
        let (files, bytes, sha256) = match cur {
            Current::Table(mut t) => {
                self.notes.extend(t.note());
                let (b, s) = t.finish()?;
                (1, b, s)
            }
            Current::Jsonl(mut j) => {
                self.notes.extend(j.note());
                let (b, s) = j.finish()?;
                (1, b, s)
            }
            Current::Folder(mut f) => f.summary(),
        };
        self.summaries.push(InputSummary {
            path,
            format,
            files,
            bytes,
            sha256,
        });
        Ok(())
    }

    fn step(&mut self) -> Step {
        let next = match &mut self.current {
            None => return self.start_next(),
            Some((Current::Table(t), _, _)) => t.next_doc(),
            Some((Current::Jsonl(j), _, _)) => j.next_doc(),
            Some((Current::Folder(f), _, _)) => f.next_doc(&mut self.notes),
        };
        match next {
            Some(Ok(doc)) => Step::Doc(doc),
            Some(Err(f)) => Step::Fault(f),
            None => match self.finish_current() {
                Ok(()) => Step::Continue,
                Err(e) => Step::Fault(Fault::Fatal(e)),
            },
        }
    }
}

fn skip_of(e: Error) -> Skip {
    match e {
        Error::BadInput { loc, message, .. } => Skip {
            loc,
            reason: message,
        },
        other => Skip {
            loc: Location::default(),
            reason: other.to_string(),
        },
    }
}

impl Iterator for CorpusReader {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            if self.failed {
                return None;
            }
            match self.step() {
                Step::Doc(doc) => return Some(Ok(doc)),
                Step::Continue => {}
                Step::End => return None,
                Step::Fault(Fault::Fatal(e)) => {
                    self.failed = true;
                    return Some(Err(e));
                }
                Step::Fault(Fault::Item(e) | Fault::File(e)) if !self.opts.skip_bad => {
                    self.failed = true;
                    return Some(Err(e));
                }
                Step::Fault(Fault::Item(e)) => self.skips.push(skip_of(e)),
                Step::Fault(Fault::File(e)) => {
                    self.skips.push(skip_of(e));
                    if let Err(e) = self.finish_current() {
                        self.failed = true;
                        return Some(Err(e));
                    }
                }
            }
        }
    }
}

/// The default report folder name: the first input's file stem or folder
/// name (`news.csv.gz` → `news`, `-` → `stdin`, `corpus/` → `corpus`).
pub fn corpus_name(inputs: &[String]) -> String {
    let Some(first) = inputs.first() else {
        return "corpus".into();
    };
    if first == "-" {
        return "stdin".into();
    }
    let path = Path::new(first);
    let name = match path.file_name() {
        Some(n) => n.to_string_lossy().into_owned(),
        None => std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "corpus".into()),
    };
    if path.is_dir() {
        return name;
    }
    let mut stem = name.as_str();
    for ext in [".gz", ".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".txt"] {
        if stem.len() > ext.len() && stem.to_ascii_lowercase().ends_with(ext) {
            stem = &stem[..stem.len() - ext.len()];
            if ext != ".gz" {
                break;
            }
        }
    }
    stem.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A fresh folder for one test.
    fn tmp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("framelens-corpus-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(dir: &Path, rel: &str, bytes: &[u8]) -> String {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn lenient() -> ReadOptions {
        ReadOptions {
            skip_bad: true,
            ..Default::default()
        }
    }

    /// Read everything: documents, the first error, the reader.
    fn read(inputs: &[String], opts: &ReadOptions) -> (Vec<Document>, Option<Error>, CorpusReader) {
        let mut r = CorpusReader::open(inputs, opts).unwrap();
        let mut docs = Vec::new();
        let mut err = None;
        for item in r.by_ref() {
            match item {
                Ok(d) => docs.push(d),
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        assert!(r.next().is_none(), "fused after an error");
        (docs, err, r)
    }

    fn read_one(
        name: &str,
        file: &str,
        bytes: &[u8],
        opts: &ReadOptions,
    ) -> (Vec<Document>, Option<Error>, CorpusReader) {
        let dir = tmp(name);
        let p = write(&dir, file, bytes);
        read(&[p], opts)
    }

    fn err_text(e: Option<Error>) -> String {
        e.expect("an error").to_string()
    }

    #[test]
    fn csv_columns_ids_and_fields() {
        let (docs, err, r) = read_one(
            "csv",
            "news.csv",
            b"id,source,date,text\na1,TRT,2018-03-01,\"Hello, \"\"world\"\"\nline 2\"\na2,AA,2018-03-02,Bye\n",
            &ReadOptions::default(),
        );
        assert!(err.is_none());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a1");
        assert_eq!(docs[0].text, "Hello, \"world\"\nline 2");
        assert_eq!(
            docs[0].fields,
            vec![
                ("source".into(), "TRT".into()),
                ("date".into(), "2018-03-01".into())
            ]
        );
        assert_eq!(docs[1].origin.line, Some(4));
        let s = &r.summaries()[0];
        assert_eq!((s.format, s.files), (Format::Csv, 1));
        assert_eq!(s.bytes, r.total_bytes().unwrap());
        assert_eq!(
            r.bytes_read().load(std::sync::atomic::Ordering::Relaxed),
            s.bytes
        );
        assert_eq!(s.sha256.len(), 64);
    }

    #[test]
    fn csv_without_id_column_uses_file_and_row() {
        let (docs, _, _) = read_one(
            "noid",
            "n.csv",
            b"source,text\nA,x\n\nB,y\n",
            &ReadOptions::default(),
        );
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["n.csv:1", "n.csv:2"]);
        assert_eq!(docs[1].origin.line, Some(4));
    }

    #[test]
    fn tsv_and_custom_columns() {
        let opts = ReadOptions {
            text_col: "body".into(),
            id_col: "key".into(),
            ..Default::default()
        };
        let (docs, err, _) = read_one(
            "tsv",
            "a.tsv",
            b"key\tbody\tsource\nk1\thi there\tX\n",
            &opts,
        );
        assert!(err.is_none());
        assert_eq!(docs[0].id, "k1");
        assert_eq!(docs[0].text, "hi there");
        assert_eq!(docs[0].field("source"), Some("X"));
    }

    #[test]
    fn empty_text_cell_yields_empty_document() {
        let (docs, err, _) = read_one(
            "emptycell",
            "e.csv",
            b"id,text\n1,\n2,x\n",
            &ReadOptions::default(),
        );
        assert!(err.is_none());
        assert_eq!(docs[0].text, "");
        assert_eq!(docs.len(), 2);
    }

    #[test]
    fn ragged_row_crlf_names_physical_line() {
        let bytes = b"id,source,date,text\r\n1,A,d,\"two\r\nlines\"\r\n2,B,d\r\n3,C,d,ok\r\n";
        let (docs, err, _) = read_one("crlf", "r.csv", bytes, &ReadOptions::default());
        assert_eq!(docs.len(), 1);
        let e = err_text(err);
        assert!(
            e.contains("/r.csv:4: this row has 3 field(s) but the header has 4"),
            "{e}"
        );
        let (docs, err, r) = read_one("crlf2", "r.csv", bytes, &lenient());
        assert!(err.is_none());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].origin.line, Some(5));
        assert_eq!(r.skips().len(), 1);
        assert_eq!(r.skips()[0].loc.line, Some(4));
    }

    #[test]
    fn cr_only_line_ends_count() {
        let bytes = b"id,text\r1,\"a\rb\"\r2\r3,c\r";
        let (docs, err, _) = read_one("cr", "c.csv", bytes, &ReadOptions::default());
        assert_eq!(docs[0].text, "a\rb");
        assert_eq!(docs[0].origin.line, Some(2));
        assert!(err_text(err).contains("/c.csv:4: this row has 1 field(s)"));
    }

    #[test]
    fn unterminated_quote_names_opening_line() {
        let bytes =
            b"id,source,date,text\n1,A,d,fine\n2,B,d,\"never closed\n3,C,d,lost\n4,D,d,lost\n";
        let (docs, err, _) = read_one("unterm", "u.csv", bytes, &ReadOptions::default());
        assert_eq!(docs.len(), 1);
        let e = err_text(err);
        assert!(e.contains("/u.csv:3:7: this quote is never closed"), "{e}");
        let (docs, err, r) = read_one("unterm2", "u.csv", bytes, &lenient());
        assert!(err.is_none());
        assert_eq!(docs.len(), 1);
        assert_eq!(r.skips()[0].loc.line, Some(3));
        assert_eq!(r.summaries().len(), 1);
        // A closed quote with a newline in the last record is fine.
        let (docs, err, _) = read_one(
            "unterm3",
            "ok.csv",
            b"id,text\n1,\"a\nb\"",
            &ReadOptions::default(),
        );
        assert!(err.is_none());
        assert_eq!(docs[0].text, "a\nb");
        // A quote inside an unquoted field is literal, not an opening quote.
        let (docs, err, _) = read_one(
            "unterm4",
            "ok.csv",
            b"id,text\n1,5\" tall\n",
            &ReadOptions::default(),
        );
        assert!(err.is_none());
        assert_eq!(docs[0].text, "5\" tall");
    }

    #[test]
    fn missing_text_column_names_columns_and_option() {
        let (_, err, _) = read_one("notext", "m.csv", b"id,body\n1,x\n", &lenient());
        let e = err_text(err);
        assert!(
            e.contains("/m.csv:1:")
                && e.contains("\"text\"")
                && e.contains("id, body")
                && e.contains("--text-col"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_header_column() {
        let (_, err, _) = read_one(
            "dup",
            "d.csv",
            b"id,text,text\n1,a,b\n",
            &ReadOptions::default(),
        );
        let e = err_text(err);
        assert!(
            e.contains("/d.csv:1: the header names the column \"text\" twice"),
            "{e}"
        );
    }

    #[test]
    fn empty_csv_is_an_error_empty_txt_is_empty_doc() {
        let (_, err, _) = read_one("emptycsv", "e.csv", b"", &ReadOptions::default());
        assert!(err_text(err).contains("no header row"));
        let (docs, err, _) = read_one("emptytxt", "e.txt", b"", &ReadOptions::default());
        assert!(err.is_none());
        assert_eq!(docs[0].text, "");
        assert_eq!(docs[0].id, "e.txt");
        assert!(docs[0].fields.is_empty());
    }

    #[test]
    fn invalid_utf8_in_csv_names_line_column_byte() {
        let bytes = b"id,text\n1,ok\n2,caf\xE9 au lait\n3,fine\n";
        let (docs, err, _) = read_one("badutf8", "b.csv", bytes, &ReadOptions::default());
        assert_eq!(docs.len(), 1);
        let e = err_text(err);
        assert!(e.contains("/b.csv:3:6 (byte 18): invalid UTF-8"), "{e}");
        assert!(
            e.contains("--encoding (e.g. windows-1252)") && e.contains("--lossy"),
            "{e}"
        );
        let (docs, _, r) = read_one("badutf8b", "b.csv", bytes, &lenient());
        assert_eq!(docs.len(), 2);
        assert_eq!(r.skips().len(), 1);
        let opts = ReadOptions {
            decode: Decode::Lossy,
            ..Default::default()
        };
        let (docs, _, r) = read_one("badutf8c", "b.csv", bytes, &opts);
        assert_eq!(docs[1].text, "caf\u{FFFD} au lait");
        assert_eq!(r.notes().len(), 1);
        assert_eq!(r.notes()[0].loc.line, Some(3));
        let opts = ReadOptions {
            encoding: Some(encoding_rs::WINDOWS_1252),
            ..Default::default()
        };
        let (docs, _, _) = read_one("badutf8d", "b.csv", bytes, &opts);
        assert_eq!(docs[1].text, "café au lait");
    }

    #[test]
    fn utf16le_bom_csv_and_utf8_bom_csv() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "id,text\r\n1,Grüße\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (docs, err, _) = read_one("u16", "u.csv", &bytes, &ReadOptions::default());
        assert!(err.is_none(), "{err:?}");
        assert_eq!((docs[0].id.as_str(), docs[0].text.as_str()), ("1", "Grüße"));
        let (docs, _, _) = read_one(
            "bom8",
            "b.csv",
            b"\xEF\xBB\xBFid,text\n7,x\n",
            &ReadOptions::default(),
        );
        assert_eq!(docs[0].id, "7");
    }

    #[test]
    fn nul_and_binary_files() {
        let (_, err, _) = read_one("nul", "n.txt", b"hello\0world", &ReadOptions::default());
        let e = err_text(err);
        assert!(
            e.contains("/n.txt:1:6 (byte 5): looks like a binary file"),
            "{e}"
        );
        let dir = tmp("nul2");
        let a = write(&dir, "a.csv", b"id,text\n1,\0\n");
        let b = write(&dir, "b.csv", b"id,text\n2,ok\n");
        let (docs, err, r) = read(&[a, b], &lenient());
        assert!(err.is_none());
        assert_eq!(docs.len(), 1);
        assert_eq!(r.skips().len(), 1);
        assert_eq!(r.summaries().len(), 2);
    }

    #[test]
    fn huge_field_is_refused() {
        let opts = ReadOptions {
            max_text_bytes: 10,
            ..Default::default()
        };
        let (docs, err, _) = read_one(
            "huge",
            "h.csv",
            b"id,text\n1,short\n2,\"this is far too long\"\n",
            &opts,
        );
        assert_eq!(docs.len(), 1);
        let e = err_text(err);
        assert!(
            e.contains("/h.csv:3:3: a field starting here is longer than the limit of 10 bytes"),
            "{e}"
        );
        assert!(e.contains("--max-text-bytes"));
        let (_, err, _) = read_one("huge2", "h.txt", b"this is far too long", &opts);
        assert!(err_text(err).contains("--max-text-bytes"));
        let (docs, err, r) = read_one(
            "huge3",
            "h.jsonl",
            b"{\"text\":\"this is far too long\"}\n{\"text\":\"ok\"}\n",
            &ReadOptions {
                skip_bad: true,
                ..opts
            },
        );
        assert!(err.is_none());
        assert_eq!(docs.len(), 1);
        assert_eq!(r.skips()[0].loc.line, Some(1));
    }

    #[test]
    fn jsonl_keys_in_order_scalars_and_blank_lines() {
        let bytes = b"{\"title\":\"T\",\"text\":\"a\",\"id\":\"x\",\"n\":3,\"ok\":true,\"z\":null}\n\n  \n{\"text\":\"b\",\"source\":\"S\"}\r\n";
        let (docs, err, _) = read_one("jsonl", "a.jsonl", bytes, &ReadOptions::default());
        assert!(err.is_none(), "{err:?}");
        assert_eq!(docs[0].id, "x");
        let keys: Vec<_> = docs[0]
            .fields
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(keys, ["title=T", "n=3", "ok=true", "z="]);
        assert_eq!(docs[1].id, "a.jsonl:2");
        assert_eq!(docs[1].origin.line, Some(4));
    }

    #[test]
    fn jsonl_bad_json_names_line_and_column() {
        let bytes = "{\"text\":\"ok\"}\n{\"text\": \"é\" oops}\n{\"text\":\"ok\"}\n".as_bytes();
        let (docs, err, _) = read_one("badjson", "b.jsonl", bytes, &ReadOptions::default());
        assert_eq!(docs.len(), 1);
        let e = err_text(err);
        assert!(
            e.contains("/b.jsonl:2:14: this line is not a valid JSON object"),
            "{e}"
        );
        let (docs, _, r) = read_one("badjson2", "b.ndjson", bytes, &lenient());
        assert_eq!(docs.len(), 2);
        assert_eq!(r.skips().len(), 1);
    }

    #[test]
    fn jsonl_nested_value_is_refused() {
        let (_, err, _) = read_one(
            "nested",
            "n.jsonl",
            b"{\"text\":\"a\"}\n{\"text\":\"b\",\"tags\":[1,2]}\n",
            &ReadOptions::default(),
        );
        let e = err_text(err);
        assert!(
            e.contains("/n.jsonl:2: the value of \"tags\" is an array"),
            "{e}"
        );
    }

    #[test]
    fn gzip_csv_and_jsonl() {
        let (docs, err, _) = read_one(
            "gzcsv",
            "a.csv.gz",
            &gz(b"id,text\n1,hello\n"),
            &ReadOptions::default(),
        );
        assert!(err.is_none());
        assert_eq!(docs[0].text, "hello");
        let (docs, err, _) = read_one(
            "gzjsonl",
            "a.jsonl.gz",
            &gz(b"{\"text\":\"hi\"}\n"),
            &ReadOptions::default(),
        );
        assert!(err.is_none());
        assert_eq!(docs[0].id, "a.jsonl.gz:1");
        // Magic bytes without the extension.
        let (docs, _, _) = read_one(
            "gzmagic",
            "plain.csv",
            &gz(b"id,text\n1,x\n"),
            &ReadOptions::default(),
        );
        assert_eq!(docs[0].text, "x");
        // Truncated gzip.
        let mut bad = gz(b"id,text\n1,hello there\n");
        bad.truncate(bad.len() - 12);
        let (_, err, _) = read_one("gzbad", "t.csv.gz", &bad, &ReadOptions::default());
        assert!(err_text(err).contains("gzip"));
    }

    #[test]
    fn stdin_needs_a_format_and_inputs_must_exist() {
        let e = CorpusReader::open(&["-".into()], &ReadOptions::default())
            .err()
            .unwrap();
        assert_eq!(e.to_string(), STDIN_FORMAT);
        let e = CorpusReader::open(&["/no/such/thing.csv".into()], &ReadOptions::default())
            .err()
            .unwrap();
        assert!(matches!(e, Error::Usage(_)));
        let dir = tmp("unknownext");
        let p = write(&dir, "a.xlsx", b"x");
        let e = CorpusReader::open(&[p], &ReadOptions::default())
            .err()
            .unwrap();
        assert!(e.to_string().contains("--format"));
        let r = CorpusReader::open(
            &["-".into()],
            &ReadOptions {
                format: Some(Format::Csv),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(r.total_bytes(), None);
    }

    fn folder_fixture(name: &str) -> PathBuf {
        let dir = tmp(name);
        write(&dir, "TRT World/b.txt", b"second");
        write(&dir, "TRT World/a.txt", b"first");
        write(&dir, "AA/sub/c.txt", b"third");
        write(&dir, "root.txt", b"rooted");
        write(&dir, "notes.md", b"ignored");
        write(&dir, "Z/z.txt.gz", &gz(b"zipped"));
        dir
    }

    #[test]
    fn folder_order_sources_and_summary() {
        let dir = folder_fixture("folder");
        let (docs, err, r) = read(&[dir.display().to_string()], &ReadOptions::default());
        assert!(err.is_none(), "{err:?}");
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "AA/sub/c.txt",
                "TRT World/a.txt",
                "TRT World/b.txt",
                "Z/z.txt.gz",
                "root.txt"
            ]
        );
        assert_eq!(docs[0].field("source"), Some("AA"));
        assert_eq!(docs[1].field("source"), Some("TRT World"));
        assert_eq!(docs[3].text, "zipped");
        assert_eq!(docs[4].field("source"), None);
        let s = &r.summaries()[0];
        assert_eq!((s.format, s.files), (Format::Folder, 5));
        assert_eq!(Some(s.bytes), r.total_bytes());
        // Deterministic hash.
        let (_, _, r2) = read(&[dir.display().to_string()], &ReadOptions::default());
        assert_eq!(r2.summaries()[0].sha256, s.sha256);
    }

    #[test]
    fn folder_metadata_adds_fields_and_wins() {
        let dir = folder_fixture("meta");
        write(
            &dir,
            "metadata.csv",
            b"file,source,date\nTRT World/a.txt,TRT,2018-03-01\n./root.txt,Root,2020\n",
        );
        let (docs, err, r) = read(&[dir.display().to_string()], &ReadOptions::default());
        assert!(err.is_none(), "{err:?}");
        let a = docs.iter().find(|d| d.id == "TRT World/a.txt").unwrap();
        assert_eq!(
            a.fields,
            vec![
                ("source".into(), "TRT".into()),
                ("date".into(), "2018-03-01".into())
            ]
        );
        let b = docs.iter().find(|d| d.id == "TRT World/b.txt").unwrap();
        assert_eq!(b.field("source"), Some("TRT World"));
        assert_eq!(
            docs.iter()
                .find(|d| d.id == "root.txt")
                .unwrap()
                .field("source"),
            Some("Root")
        );
        assert_eq!(r.summaries()[0].files, 6);
    }

    #[test]
    fn folder_metadata_missing_file() {
        let dir = folder_fixture("metamissing");
        write(&dir, "metadata.csv", b"file,source\ngone.txt,X\n");
        let (docs, err, _) = read(&[dir.display().to_string()], &ReadOptions::default());
        assert!(docs.is_empty());
        let e = err_text(err);
        assert!(
            e.contains("metadata.csv:2: the file \"gone.txt\" is not a .txt file"),
            "{e}"
        );
        let (docs, err, r) = read(&[dir.display().to_string()], &lenient());
        assert!(err.is_none());
        assert_eq!(docs.len(), 5);
        assert_eq!(r.skips().len(), 1);
    }

    #[test]
    fn folder_metadata_escape_and_duplicates_always_fail() {
        let dir = folder_fixture("metaescape");
        write(&dir, "metadata.csv", b"file,source\n../x.txt,X\n");
        let (_, err, _) = read(&[dir.display().to_string()], &lenient());
        assert!(err_text(err)
            .contains("metadata.csv:2: the file \"../x.txt\" leads outside the corpus folder"));
        write(&dir, "metadata.csv", b"file,source\n/etc/x.txt,X\n");
        let (_, err, _) = read(&[dir.display().to_string()], &lenient());
        assert!(err_text(err).contains("is an absolute path"));
        write(
            &dir,
            "metadata.csv",
            b"file,source\nroot.txt,X\r\nroot.txt,Y\r\n",
        );
        let (_, err, _) = read(&[dir.display().to_string()], &lenient());
        assert!(err_text(err)
            .contains("metadata.csv:3: the file \"root.txt\" is already listed at line 2"));
    }

    #[cfg(unix)]
    #[test]
    fn folder_symlinks() {
        let outside = tmp("symlink-outside");
        write(&outside, "secret.txt", b"outside");
        let dir = folder_fixture("symlink");
        std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("root.txt"), dir.join("inside.txt")).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("AA/loop")).unwrap();
        let (docs, err, _) = read(&[dir.display().to_string()], &ReadOptions::default());
        let e = err_text(err);
        assert!(
            e.contains("link.txt: this is a symbolic link to a file outside"),
            "{e}"
        );
        assert!(docs.iter().any(|d| d.id == "inside.txt"));
        let (docs, err, r) = read(&[dir.display().to_string()], &lenient());
        assert!(err.is_none());
        assert_eq!(docs.len(), 6);
        assert_eq!(r.skips().len(), 1);
    }

    #[test]
    fn single_txt_and_several_inputs_in_order() {
        let dir = tmp("multi");
        let a = write(&dir, "one.txt", b"\xEF\xBB\xBFuno");
        let b = write(&dir, "two.csv", b"id,text\n1,dos\n");
        let (docs, err, r) = read(&[a, b], &ReadOptions::default());
        assert!(err.is_none());
        assert_eq!(docs[0].id, "one.txt");
        assert_eq!(docs[0].text, "uno");
        assert_eq!(docs[1].text, "dos");
        assert_eq!(r.summaries().len(), 2);
    }

    #[test]
    fn format_parsing_and_corpus_name() {
        assert_eq!("jsonl".parse::<Format>().unwrap(), Format::Jsonl);
        assert_eq!("CSV".parse::<Format>().unwrap(), Format::Csv);
        assert!("xml".parse::<Format>().is_err());
        assert_eq!(Format::from_file_name("a.TSV.gz"), Some(Format::Tsv));
        assert_eq!(corpus_name(&["news.csv.gz".into()]), "news");
        assert_eq!(corpus_name(&["-".into()]), "stdin");
        assert_eq!(corpus_name(&["data/feed.ndjson".into()]), "feed");
        let dir = tmp("name");
        assert_eq!(
            corpus_name(&[format!("{}/", dir.display())]),
            dir.file_name().unwrap().to_string_lossy()
        );
    }

    #[test]
    fn reader_is_send() {
        fn send<T: Send>() {}
        send::<CorpusReader>();
    }

    /// Every fixture in tests/integration/fixtures/bad fails where its
    /// README says (relative to that folder).
    #[test]
    fn bad_fixtures_fail_where_documented() {
        let base = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/integration/fixtures/bad"
        );
        let cases: &[(&str, usize, &str)] = &[
            (
                "invalid_utf8.csv",
                0,
                "invalid_utf8.csv:3:20 (byte 69): invalid UTF-8 byte sequence",
            ),
            (
                "utf16_no_bom.csv",
                0,
                "utf16_no_bom.csv:1:2 (byte 1): looks like a binary file",
            ),
            (
                "crlf_ragged.csv",
                0,
                "crlf_ragged.csv:4: this row has 3 field(s) but the header has 4",
            ),
            (
                "cr_ragged.csv",
                0,
                "cr_ragged.csv:4: this row has 3 field(s) but the header has 4",
            ),
            (
                "unterminated.csv",
                0,
                "unterminated.csv:3:17: this quote is never closed",
            ),
            (
                "nul.txt",
                0,
                "nul.txt:1:22 (byte 21): looks like a binary file",
            ),
            ("empty.csv", 0, "empty.csv: the file is empty"),
            (
                "dup_header.csv",
                0,
                "dup_header.csv:1: the header names the column \"source\" twice",
            ),
            (
                "missing_text.csv",
                0,
                "missing_text.csv:1: there is no column named \"text\"",
            ),
            (
                "huge.csv",
                10,
                "huge.csv:3:17: a field starting here is longer than the limit of 10 bytes",
            ),
            (
                "bad.jsonl",
                0,
                "bad.jsonl:2:25: this line is not a valid JSON object",
            ),
            (
                "nested.jsonl",
                0,
                "nested.jsonl:3: the value of \"tags\" is an array",
            ),
            (
                "meta_escape",
                0,
                "meta_escape/metadata.csv:2: the file \"../x.txt\" leads outside the corpus folder",
            ),
            (
                "meta_missing",
                0,
                "meta_missing/metadata.csv:3: the file \"gone.txt\" is not a .txt file",
            ),
            (
                "meta_duplicate",
                0,
                "meta_duplicate/metadata.csv:3: the file \"a.txt\" is already listed at line 2",
            ),
            (
                "symlink_out",
                0,
                "symlink_out/outside.txt: this is a symbolic link to a file outside",
            ),
        ];
        for (name, max, want) in cases {
            let mut opts = ReadOptions::default();
            if *max > 0 {
                opts.max_text_bytes = *max;
            }
            let (_, err, _) = read(&[format!("{base}/{name}")], &opts);
            let got = err_text(err);
            assert!(got.starts_with(&format!("{base}/{want}")), "{name}: {got}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let dir = tmp("prop");
            for name in ["r.csv", "r.tsv", "r.jsonl", "r.txt"] {
                let p = write(&dir, name, &bytes);
                for skip_bad in [false, true] {
                    let opts = ReadOptions { skip_bad, max_text_bytes: 50, ..Default::default() };
                    let r = CorpusReader::open(std::slice::from_ref(&p), &opts).unwrap();
                    for item in r {
                        let _ = item;
                    }
                }
            }
        }

        #[test]
        fn csv_like_bytes_never_panic(bytes in proptest::collection::vec(proptest::sample::select(b"a,\"\r\n\t{}:\xE9\0".to_vec()), 0..200)) {
            let dir = tmp("prop2");
            for name in ["r.csv", "r.jsonl"] {
                let p = write(&dir, name, &bytes);
                let opts = ReadOptions { skip_bad: true, ..Default::default() };
                for item in CorpusReader::open(&[p], &opts).unwrap() {
                    let _ = item;
                }
            }
        }
    }
}
