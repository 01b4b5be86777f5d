//! Folder input: every `*.txt` / `*.txt.gz` below a folder, in byte order of
//! the relative path, with an optional `metadata.csv` at the root.
//!
//! Symlinked folders are not followed (no loops); a symlinked file is read
//! only when it resolves inside the corpus folder. Single `.txt` inputs and
//! `--format txt` on standard input use [`read_txt`] too.

use std::collections::VecDeque;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::decode::{from_io, sha256_hex, Counted, DecodeReader, Raw};
use super::table::Table;
use super::{Document, Fault, ReadOptions, Skip};
use crate::error::{Error, Location};

/// The metadata file's name at the folder root.
pub const METADATA_FILE: &str = "metadata.csv";

/// One text file found below the folder.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Path relative to the folder, `/`-separated.
    pub rel: String,
    /// Path to open.
    pub abs: PathBuf,
    /// Size in bytes (0 when refused).
    pub size: u64,
    /// Why the file will not be read (a symlink leading outside).
    pub refused: Option<String>,
}

/// The result of walking a folder.
#[derive(Debug, Clone)]
pub(crate) struct Listing {
    pub entries: Vec<Entry>,
    pub metadata: Option<(PathBuf, u64)>,
}

impl Listing {
    /// Bytes that will be read.
    pub(crate) fn total_bytes(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum::<u64>() + self.metadata.as_ref().map_or(0, |m| m.1)
    }
}

/// True for names the folder reader takes: `*.txt` and `*.txt.gz`
/// (ASCII case-insensitive).
pub(crate) fn is_text_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".txt") || lower.ends_with(".txt.gz")
}

/// Walk `root` (see the module docs).
pub(crate) fn walk(root: &Path) -> Result<Listing, Error> {
    let canon_root =
        fs::canonicalize(root).map_err(|e| Error::io(root.display().to_string(), e))?;
    let mut entries = Vec::new();
    let mut metadata = None;
    let mut stack: Vec<(PathBuf, String)> = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let rd = fs::read_dir(&dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        for item in rd {
            let item = item.map_err(|e| Error::io(dir.display().to_string(), e))?;
            let name = item.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            let path = item.path();
            let ft = item
                .file_type()
                .map_err(|e| Error::io(path.display().to_string(), e))?;
            if ft.is_dir() {
                stack.push((path, rel));
                continue;
            }
            if prefix.is_empty() && name == METADATA_FILE && ft.is_file() {
                let size = item.metadata().map(|m| m.len()).unwrap_or(0);
                metadata = Some((path, size));
                continue;
            }
            if !is_text_name(&name) {
                continue;
            }
            if ft.is_symlink() {
                match fs::metadata(&path) {
                    Ok(m) if m.is_dir() => {} // symlinked folders are not followed
                    Ok(m) => {
                        let inside = fs::canonicalize(&path)
                            .map(|t| t.starts_with(&canon_root))
                            .unwrap_or(false);
                        if inside {
                            entries.push(Entry {
                                rel,
                                abs: path,
                                size: m.len(),
                                refused: None,
                            });
                        } else {
                            let target = fs::read_link(&path)
                                .map(|t| t.display().to_string())
                                .unwrap_or_default();
                            entries.push(Entry {
                                rel,
                                abs: path,
                                size: 0,
                                refused: Some(format!(
                                    "this is a symbolic link to a file outside the corpus folder ({target}); it is not read"
                                )),
                            });
                        }
                    }
                    Err(_) => entries.push(Entry {
                        rel,
                        abs: path,
                        size: 0,
                        refused: Some("this is a broken symbolic link".into()),
                    }),
                }
            } else if ft.is_file() {
                let size = item.metadata().map(|m| m.len()).unwrap_or(0);
                entries.push(Entry {
                    rel,
                    abs: path,
                    size,
                    refused: None,
                });
            }
        }
    }
    entries.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
    Ok(Listing { entries, metadata })
}

/// Read one whole text document from `counted` (a file or standard input).
/// Returns the text (or why not) and the raw byte count and SHA-256.
pub(crate) fn read_txt(
    counted: Counted,
    display: &str,
    opts: &ReadOptions,
    notes: &mut Vec<Skip>,
) -> (Result<String, Fault>, Result<(u64, String), Error>) {
    let fault = |e: io::Error| match from_io(display, e) {
        Ok(err) => Fault::Item(err),
        Err(err) => Fault::Fatal(err),
    };
    let raw = match Raw::new(counted, display) {
        Ok(raw) => raw,
        Err(e) => {
            return (Err(fault(e)), Err(Error::Internal("unreadable".into())));
        }
    };
    let mut dec = DecodeReader::new(raw, display, opts.decode, opts.encoding);
    let mut bytes = Vec::new();
    let limit = opts.max_text_bytes as u64;
    let read = (&mut dec)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes);
    let text = match read {
        Err(e) => Err(fault(e)),
        Ok(_) if bytes.len() as u64 > limit => Err(Fault::Item(Error::bad_input(
            Location::file(display),
            format!("the text is longer than the limit of {limit} bytes"),
            "raise the limit with --max-text-bytes, or use --skip-bad to skip this file",
        ))),
        Ok(_) => match dec.take_spot_before(u64::MAX) {
            Some(spot) => Err(Fault::Item(dec.spot_error(&spot))),
            None => Ok(String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
        },
    };
    if text.is_ok() {
        notes.extend(dec.note());
    }
    let hash = dec
        .get_mut()
        .counted()
        .finish()
        .map_err(|e| Error::io(display, e));
    (text, hash)
}

/// Normalise a metadata `file` value to a `/`-separated path relative to the
/// folder. Backslashes count as separators; `.` and empty parts are dropped.
fn normalize(p: &str) -> Result<String, &'static str> {
    let p = p.trim().replace('\\', "/");
    let b = p.as_bytes();
    if p.starts_with('/') || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':') {
        return Err("is an absolute path");
    }
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("leads outside the corpus folder");
                }
            }
            c => parts.push(c),
        }
    }
    Ok(parts.join("/"))
}

/// Documents from a folder.
pub(crate) struct FolderDocs {
    display: String,
    listing: Listing,
    next: usize,
    started: bool,
    meta: FxHashMap<String, Vec<(String, String)>>,
    pending: VecDeque<Fault>,
    meta_note: Option<Skip>,
    hashes: Vec<(String, String)>,
    bytes: u64,
    opts: ReadOptions,
    progress: Arc<AtomicU64>,
}

impl FolderDocs {
    pub(crate) fn new(
        display: &str,
        listing: Listing,
        opts: &ReadOptions,
        progress: Arc<AtomicU64>,
    ) -> Self {
        FolderDocs {
            display: display.trim_end_matches('/').to_string(),
            listing,
            next: 0,
            started: false,
            meta: FxHashMap::default(),
            pending: VecDeque::new(),
            meta_note: None,
            hashes: Vec::new(),
            bytes: 0,
            opts: opts.clone(),
            progress,
        }
    }

    fn show(&self, rel: &str) -> String {
        if self.display.is_empty() {
            format!("/{rel}")
        } else {
            format!("{}/{rel}", self.display)
        }
    }

    fn load_metadata(&mut self) -> Result<(), Fault> {
        let Some((path, _)) = self.listing.metadata.clone() else {
            return Ok(());
        };
        let display = self.show(METADATA_FILE);
        let file =
            fs::File::open(&path).map_err(|e| Fault::Fatal(Error::io(display.clone(), e)))?;
        let counted = Counted::new(Box::new(file), self.progress.clone());
        let raw =
            Raw::new(counted, &display).map_err(|e| Fault::Fatal(Error::io(display.clone(), e)))?;
        let mut opts = self.opts.clone();
        opts.encoding = None;
        let mut table = Table::new(raw, &display, b',', &opts);
        let fatal = |f: Fault| match f {
            Fault::Item(e) | Fault::File(e) | Fault::Fatal(e) => Fault::Fatal(e),
        };
        table.read_header().map_err(fatal)?;
        let Some(file_idx) = table.header.iter().position(|h| h == "file") else {
            return Err(Fault::Fatal(Error::bad_input(
                Location::line(display, table.header_line),
                format!(
                    "{METADATA_FILE} has no \"file\" column; its columns are: {}",
                    table.header.join(", ")
                ),
                "add a \"file\" column with each text file's path relative to the corpus folder",
            )));
        };
        let present: FxHashSet<&str> = self
            .listing
            .entries
            .iter()
            .map(|e| e.rel.as_str())
            .collect();
        let mut meta = FxHashMap::default();
        let mut lines: FxHashMap<String, u64> = FxHashMap::default();
        while let Some(row) = table.next_row() {
            let row = row.map_err(fatal)?;
            let value = &row.fields[file_idx];
            let rel = normalize(value).map_err(|why| {
                Fault::Fatal(Error::bad_input(
                    Location::line(display.clone(), row.line),
                    format!("the file \"{value}\" {why}"),
                    "name each file by its path relative to the corpus folder (e.g. outlet/article.txt)",
                ))
            })?;
            if let Some(first) = lines.get(&rel) {
                return Err(Fault::Fatal(Error::bad_input(
                    Location::line(display.clone(), row.line),
                    format!("the file \"{rel}\" is already listed at line {first}"),
                    "list each file once in the metadata",
                )));
            }
            if !present.contains(rel.as_str()) {
                self.pending.push_back(Fault::Item(Error::bad_input(
                    Location::line(display.clone(), row.line),
                    format!("the file \"{value}\" is not a .txt file in the corpus folder"),
                    "fix the path in the \"file\" column, remove the row, or use --skip-bad to ignore it",
                )));
                continue;
            }
            lines.insert(rel.clone(), row.line);
            let fields: Vec<(String, String)> = table
                .header
                .iter()
                .zip(row.fields)
                .enumerate()
                .filter(|(i, _)| *i != file_idx)
                .map(|(_, (k, v))| (k.clone(), v))
                .collect();
            meta.insert(rel, fields);
        }
        self.meta = meta;
        self.meta_note = table.note();
        let (bytes, sha) = table.finish().map_err(Fault::Fatal)?;
        self.bytes += bytes;
        self.hashes.push((METADATA_FILE.to_string(), sha));
        Ok(())
    }

    pub(crate) fn next_doc(&mut self, notes: &mut Vec<Skip>) -> Option<Result<Document, Fault>> {
        if !self.started {
            self.started = true;
            let loaded = self.load_metadata();
            notes.extend(self.meta_note.take());
            if let Err(f) = loaded {
                self.next = self.listing.entries.len();
                return Some(Err(f));
            }
        }
        if let Some(f) = self.pending.pop_front() {
            return Some(Err(f));
        }
        let entry = self.listing.entries.get(self.next)?.clone();
        self.next += 1;
        let display = self.show(&entry.rel);
        if let Some(why) = entry.refused {
            return Some(Err(Fault::Item(Error::bad_input(
                Location::file(display),
                why,
                "copy the file into the corpus folder, or use --skip-bad to skip it",
            ))));
        }
        let file = match fs::File::open(&entry.abs) {
            Ok(f) => f,
            Err(e) => return Some(Err(Fault::Fatal(Error::io(display, e)))),
        };
        let counted = Counted::new(Box::new(file), self.progress.clone());
        let (text, hash) = read_txt(counted, &display, &self.opts, notes);
        if let Ok((bytes, sha)) = hash {
            self.bytes += bytes;
            self.hashes.push((entry.rel.clone(), sha));
        }
        let text = match text {
            Ok(t) => t,
            Err(Fault::File(e)) => return Some(Err(Fault::Item(e))),
            Err(f) => return Some(Err(f)),
        };
        let mut fields = Vec::new();
        let meta = self.meta.remove(&entry.rel);
        let meta_source = meta
            .as_ref()
            .and_then(|m| m.iter().find(|(k, _)| k == "source"))
            .is_some_and(|(_, v)| !v.is_empty());
        if !meta_source {
            if let Some((first, _)) = entry.rel.split_once('/') {
                fields.push(("source".to_string(), first.to_string()));
            }
        }
        for (k, v) in meta.into_iter().flatten() {
            if k == "source" && v.is_empty() {
                continue;
            }
            fields.push((k, v));
        }
        Some(Ok(Document {
            id: entry.rel,
            origin: Location::line(display, 1),
            fields,
            text,
        }))
    }

    /// Files read, bytes and the folder hash: SHA-256 over the lines
    /// `<relative path>\0<file sha256 hex>\n`, sorted by relative path.
    pub(crate) fn summary(&mut self) -> (u64, u64, String) {
        self.hashes
            .sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut all = Vec::new();
        for (rel, sha) in &self.hashes {
            all.extend_from_slice(rel.as_bytes());
            all.push(0);
            all.extend_from_slice(sha.as_bytes());
            all.push(b'\n');
        }
        (self.hashes.len() as u64, self.bytes, sha256_hex(&all))
    }
}
