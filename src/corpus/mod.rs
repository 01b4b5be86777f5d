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
mod records;
mod table;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use crate::error::{Error, Result};

pub use decode::line_col;
pub use folder::METADATA_FILE;
#[cfg(any(test, fuzzing))]
pub(crate) use records::{by_csv_crate as records_by_csv_crate, by_reader as records_by_reader};

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
mod tests;
