//! The resolved configuration of a run: built once from the command line,
//! passed to the library, and written into `manifest.json`, so a report
//! says exactly how it was made.

use crate::lexicon::Overlap;
use crate::run::grouping::Grouping;
use crate::stats::logodds::Variance;
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
    /// Where matches of one category overlap: the longest wins, or all count.
    pub overlap: Overlap,
    /// Write `frame_hits.csv` (`--no-hits` turns it off).
    pub hits: bool,
    /// Characters of context on each side of a hit (`--context`).
    pub context_chars: usize,
    /// Terms with a pooled count below this are left out of term tables
    /// and comparisons (`--min-count`).
    pub min_count: u64,
    /// Comparisons and their statistics.
    pub stats: StatsConfig,
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
            overlap: Overlap::Longest,
            hits: true,
            context_chars: crate::count::context::CONTEXT_CHARS,
            min_count: DEFAULT_MIN_COUNT,
            stats: StatsConfig::default(),
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

/// Default α_0 of the pooled and background priors (`--alpha0`).
pub const DEFAULT_ALPHA0: f64 = 1000.0;
/// Default bootstrap replicates (`--bootstrap`).
pub const DEFAULT_BOOTSTRAP: usize = 1000;
/// Default seed (`--seed`).
pub const DEFAULT_SEED: u64 = 20_081_008;

/// The Dirichlet prior as the user named it (`--prior`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum PriorSpec {
    /// `pooled`: α_w = α_0 · y_w / n over all groups.
    Pooled,
    /// `uniform:A`: α_w = A for every tested term.
    Uniform(f64),
    /// `background:FILE`: α_w = α_0 · b_w / B from a `term,count` CSV.
    Background(String),
}

impl std::str::FromStr for PriorSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "--prior {s}: use pooled, uniform:A (A > 0, e.g. uniform:0.05) or background:FILE"
            )
        };
        match s.split_once(':') {
            None if s == "pooled" => Ok(PriorSpec::Pooled),
            Some(("uniform", a)) => match a.parse::<f64>() {
                Ok(a) if a.is_finite() && a > 0.0 => Ok(PriorSpec::Uniform(a)),
                _ => Err(bad()),
            },
            Some(("background", f)) if !f.is_empty() => Ok(PriorSpec::Background(f.to_string())),
            _ => Err(bad()),
        }
    }
}

/// How groups are compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsConfig {
    /// The Dirichlet prior.
    pub prior: PriorSpec,
    /// α_0 of the pooled and background priors.
    pub alpha0: f64,
    /// Variance of δ.
    pub variance: Variance,
    /// Add every unordered pair of groups.
    pub pairs: bool,
    /// Explicit pairs (`--compare A:B`).
    pub compare: Vec<(String, String)>,
    /// Bootstrap replicates for document-level intervals.
    pub bootstrap: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
}

impl Default for StatsConfig {
    fn default() -> Self {
        StatsConfig {
            prior: PriorSpec::Pooled,
            alpha0: DEFAULT_ALPHA0,
            variance: Variance::Approx,
            pairs: false,
            compare: Vec::new(),
            bootstrap: DEFAULT_BOOTSTRAP,
            seed: DEFAULT_SEED,
        }
    }
}
