//! `manifest.json`: how a report was made — version, command line, every
//! resolved option, inputs with sizes and SHA-256, lexicons with SHA-256,
//! documents read / empty / skipped with reasons, warnings, seed and time.

use crate::corpus::{InputSummary, Skip};
use serde::Serialize;

/// A lexicon as recorded in the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct LexiconRecord {
    /// Path as given.
    pub path: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// Number of entries (patterns).
    pub entries: usize,
}

/// Document accounting.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentRecord {
    /// Documents read (with or without text).
    pub read: u64,
    /// Documents counted with text.
    pub counted: u64,
    /// Documents whose text was empty or white space.
    pub empty: u64,
    /// Items skipped (`--skip-bad`), each with where and why.
    pub skipped: Vec<Skip>,
    /// Lossy decodes (`--lossy`), one per file, with where the first was.
    pub decode_notes: Vec<Skip>,
}

/// The whole manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest<C: Serialize> {
    /// Always `framelens`.
    pub tool: &'static str,
    /// Crate version.
    pub version: &'static str,
    /// The command line as typed.
    pub command_line: Vec<String>,
    /// Every resolved option.
    pub config: C,
    /// Inputs read.
    pub inputs: Vec<InputSummary>,
    /// Lexicons loaded.
    pub lexicons: Vec<LexiconRecord>,
    /// Document accounting.
    pub documents: DocumentRecord,
    /// Groups found, by name.
    pub groups: Vec<String>,
    /// Files written into the report folder.
    pub files: Vec<String>,
    /// Warnings (also printed on stderr).
    pub warnings: Vec<String>,
    /// Wall-clock seconds.
    pub elapsed_seconds: f64,
}

impl<C: Serialize> Manifest<C> {
    /// Serialise as pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s =
            serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    }
}
