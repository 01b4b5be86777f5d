//! The resolved configuration of a run: built once from the command line,
//! passed to the library, and written into `manifest.json`, so a report
//! says exactly how it was made.

use crate::run::grouping::Grouping;
use crate::text::AnalyzerOptions;
use serde::Serialize;
use std::path::PathBuf;

/// How the corpus is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadConfig {
    /// `--format` (needed for standard input; otherwise from file names).
    pub format: Option<String>,
    /// `--text-col` (default `text`).
    pub text_col: String,
    /// `--id-col` (default `id`).
    pub id_col: String,
    /// `--encoding` label for non-UTF-8 input (`windows-1252`, …).
    pub encoding: Option<String>,
    /// `--lossy`: replace invalid bytes with U+FFFD and record each file.
    pub lossy: bool,
    /// `--skip-bad`: skip bad items and record them instead of stopping.
    pub skip_bad: bool,
    /// Largest text accepted, in bytes (`--max-text-mb`).
    pub max_text_bytes: usize,
}

impl Default for ReadConfig {
    fn default() -> Self {
        ReadConfig {
            format: None,
            text_col: "text".into(),
            id_col: "id".into(),
            encoding: None,
            lossy: false,
            skip_bad: false,
            max_text_bytes: 64 << 20,
        }
    }
}

/// Everything a run needs, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct RunConfig {
    /// Corpus inputs (files, folders, `-`).
    pub inputs: Vec<String>,
    /// Reading options.
    pub read: ReadConfig,
    /// Grouping columns (`--by`).
    pub grouping: Grouping,
    /// The text pipeline.
    pub text: AnalyzerOptions,
    /// Lexicon files (`--lexicon`, repeatable).
    pub lexicons: Vec<String>,
    /// Terms with a pooled count below this are left out of term tables
    /// and comparisons (`--min-count`).
    pub min_count: u64,
    /// Worker threads (`--threads`; default: available cores).
    pub threads: usize,
    /// Report folder (`--out`; default `reports/<corpus name>`).
    pub out: PathBuf,
    /// Replace an existing report folder (`--force`).
    pub force: bool,
    /// Spreadsheet-safe CSV (`--excel`).
    pub excel: bool,
    /// Draw a progress bar on stderr when it is a terminal.
    #[serde(skip)]
    pub progress: bool,
}

impl RunConfig {
    /// A configuration with every default, for `inputs`.
    pub fn new(inputs: Vec<String>) -> RunConfig {
        let out = PathBuf::from("reports").join(crate::corpus::corpus_name(&inputs));
        RunConfig {
            inputs,
            read: ReadConfig::default(),
            grouping: Grouping {
                by: vec!["source".into()],
            },
            text: AnalyzerOptions::default(),
            lexicons: Vec::new(),
            min_count: DEFAULT_MIN_COUNT,
            threads: default_threads(),
            out,
            force: false,
            excel: false,
            progress: false,
        }
    }
}

/// Default `--min-count`.
pub const DEFAULT_MIN_COUNT: u64 = 3;

/// The number of cores available.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
