//! Corpus input: folders of `.txt` (with an optional `metadata.csv`), CSV, TSV,
//! JSONL, their `.gz` variants and standard input, all read as one stream of
//! [`Document`]s. Memory grows with the largest document, not the corpus.
//!
//! Strict by default: a bad item is an [`Error`](crate::error::Error) naming
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
