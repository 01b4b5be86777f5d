//! Command-line arguments: what the user typed, validated by clap. Each
//! command's own arguments live in its module under `commands/`; the option
//! groups shared by several commands are here, with the one function that
//! turns them into a [`RunConfig`].

use crate::commands;
use clap::{Args, Parser, Subcommand};
use framelens::config::{
    default_threads, PriorSpec, ReadConfig, RunConfig, StatsConfig, DEFAULT_ALPHA0,
    DEFAULT_BOOTSTRAP, DEFAULT_MIN_COUNT, DEFAULT_SEED,
};
use framelens::lexicon::Overlap;
use framelens::run::grouping::Grouping;
use framelens::stats::logodds::Variance;
use framelens::text::{AnalyzerOptions, NormalizeOptions, SegmentOptions, StemSpec, StopwordsSpec};
use std::io::IsTerminal;

/// Compare how news outlets word the same story.
#[derive(Debug, Parser)]
#[command(
    name = "framelens",
    version,
    about = "Compare how news outlets word the same story: term statistics, framing lexicons, log-odds and keyness across outlets, as CSV.",
    after_help = "Start with:  framelens report examples/south-caucasus-demo --lexicon lexicons/south-caucasus.csv\nEach command has its own --help."
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write every table (groups, terms, term matrix, frames, log-odds, keyness) and a manifest into one report folder.
    Report(commands::report::Args),
    /// Write terms.csv (per-group term counts) to standard output, for pipes.
    Terms(commands::terms::Args),
    /// Show every match of a word, phrase or prefix* in context (a concordance).
    Kwic(commands::kwic::Args),
    /// Check lexicon files and show how each pattern is normalised.
    Lexicon(commands::lexicon::Args),
}

/// Where the corpus is and how to read it.
#[derive(Debug, Args)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Corpus inputs: folders of .txt files (group = first-level subfolder, or metadata.csv), .csv/.tsv/.jsonl files (also .gz), or - for standard input.
    #[arg(required = true, value_name = "CORPUS")]
    pub corpus: Vec<String>,
    /// Input format, needed for standard input (csv, tsv, jsonl, txt); otherwise taken from file names.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Column (CSV/TSV) or key (JSONL) holding the text.
    #[arg(long, value_name = "COL", default_value = "text")]
    pub text_col: String,
    /// Column or key holding the document id (if absent: file name and row number).
    #[arg(long, value_name = "COL", default_value = "id")]
    pub id_col: String,
    /// Metadata column(s) to group documents by, comma-separated; year and month are derived from an ISO date column.
    #[arg(long, value_name = "COL[,COL]", default_value = "source")]
    pub by: String,
    /// Encoding of non-UTF-8 input (a WHATWG label: windows-1252, iso-8859-9, …). UTF-8 and UTF-16 with a BOM need none.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Replace invalid bytes with U+FFFD instead of stopping; each file affected is recorded in the manifest.
    #[arg(long)]
    pub lossy: bool,
    /// Skip bad items (unreadable files, malformed rows, bad dates) instead of stopping; each is recorded in the manifest.
    #[arg(long)]
    pub skip_bad: bool,
    /// Largest text of one document, in MiB (at most 4095: offsets within a document are 32-bit).
    #[arg(long, value_name = "MIB", default_value_t = 64,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=4095))]
    pub max_text_mb: usize,
}

impl InputArgs {
    /// No corpus (for commands that read none), every other option at its default.
    pub fn none() -> InputArgs {
        InputArgs {
            corpus: Vec::new(),
            format: None,
            text_col: "text".into(),
            id_col: "id".into(),
            by: "source".into(),
            encoding: None,
            lossy: false,
            skip_bad: false,
            max_text_mb: 64,
        }
    }
}

/// How text becomes terms.
#[derive(Debug, Args)]
#[command(next_help_heading = "Text pipeline")]
pub struct TextArgs {
    /// Snowball stemmer for term tables: english, french, german, russian, turkish, … or none.
    #[arg(long, value_name = "LANG", default_value = "english")]
    pub stem: StemSpec,
    /// Stop words removed from term tables (never from token totals or phrases): en, none, or a file with one word per line.
    #[arg(long, value_name = "en|none|FILE", default_value = "en")]
    pub stopwords: StopwordsSpec,
    /// Count numbers (tokens with digits but no letter) as words.
    #[arg(long)]
    pub keep_numbers: bool,
    /// Count the words inside URLs and e-mail addresses.
    #[arg(long)]
    pub keep_urls: bool,
    /// Skip Unicode NFKC normalisation (ligatures, fullwidth letters, decomposed accents).
    #[arg(long)]
    pub no_nfkc: bool,
    /// Keep a trailing possessive 's as part of the word.
    #[arg(long)]
    pub keep_possessive: bool,
    /// Leave out of term tables and comparisons the terms whose count over all groups is below N.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_COUNT)]
    pub min_count: u64,
}

/// Framing lexicons.
#[derive(Debug, Args)]
#[command(next_help_heading = "Lexicons")]
pub struct LexiconArgs {
    /// A framing lexicon (CSV category,pattern[,weight]; LIWC .dic or .dicx). Repeatable. Adds frames.csv, frames_by_doc.csv, frame_hits.csv, lexicon_audit.csv, concepts.csv and frames_compare.csv.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<String>,
    /// Where matches of one category overlap: longest (the longest match wins, each word counts once) or all (every match counts).
    #[arg(long, value_name = "longest|all", default_value = "longest")]
    pub overlap: Overlap,
    /// Do not write frame_hits.csv (one row per hit: large for dictionaries that match most words, such as LIWC's).
    #[arg(long)]
    pub no_hits: bool,
    /// Characters of context on each side of a hit in frame_hits.csv.
    #[arg(long, value_name = "N", default_value_t = framelens::count::context::CONTEXT_CHARS)]
    pub context: usize,
}

/// How groups are compared.
#[derive(Debug, Args)]
#[command(next_help_heading = "Comparisons")]
pub struct StatsArgs {
    /// Dirichlet prior of the log-odds: pooled (α_w = α0·y_w/n over all groups), uniform:A (α_w = A for every tested term, α0 = A·V), or background:FILE (α_w = α0·b_w/B from a term,count CSV).
    #[arg(long, value_name = "PRIOR", default_value = "pooled")]
    pub prior: PriorSpec,
    /// α0, the prior's weight in pseudo-tokens, for the pooled and background priors (uniform:A sets α0 = A·V itself).
    #[arg(long, value_name = "A0", default_value_t = DEFAULT_ALPHA0)]
    pub alpha0: f64,
    /// Variance of δ: approx (Monroe et al.'s two terms) or full (four terms).
    #[arg(long, value_name = "approx|full", default_value = "approx", value_parser = parse_variance)]
    pub variance: Variance,
    /// Also compare every pair of groups (each unordered pair once), besides each group against the rest.
    #[arg(long)]
    pub pairs: bool,
    /// Also compare group A with group B (repeatable).
    #[arg(long, value_name = "A:B", value_parser = parse_pair)]
    pub compare: Vec<(String, String)>,
    /// Bootstrap replicates over documents for the intervals of frame rates (frames.csv ci_low, ci_high).
    #[arg(long, value_name = "R", default_value_t = DEFAULT_BOOTSTRAP)]
    pub bootstrap: usize,
    /// Seed of the bootstrap (recorded in the manifest; same seed, same numbers).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
}

fn parse_variance(s: &str) -> Result<Variance, String> {
    match s {
        "approx" => Ok(Variance::Approx),
        "full" => Ok(Variance::Full),
        _ => Err("use approx or full".into()),
    }
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => Err(
            "use A:B with two group names, e.g. --compare \"Baku Courier:Yerevan Dispatch\"".into(),
        ),
    }
}

impl StatsArgs {
    /// The resolved comparison settings.
    pub fn config(&self) -> StatsConfig {
        StatsConfig {
            prior: self.prior.clone(),
            alpha0: self.alpha0,
            variance: self.variance,
            pairs: self.pairs,
            compare: self.compare.clone(),
            bootstrap: self.bootstrap,
            seed: self.seed,
        }
    }
}

/// How the run behaves.
#[derive(Debug, Args)]
#[command(next_help_heading = "Run")]
pub struct RunArgs {
    /// Worker threads [default: the number of cores]. Output is identical at any count.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Spreadsheet-safe CSV: a UTF-8 BOM, and text cells starting with = + - @, tab or CR prefixed with ' (numbers untouched).
    #[arg(long)]
    pub excel: bool,
    /// No progress bar and no summary line on stderr (warnings and errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

impl RunArgs {
    /// Defaults, without a progress bar.
    pub fn quiet() -> RunArgs {
        RunArgs {
            threads: None,
            excel: false,
            quiet: true,
        }
    }
}

/// The one place the shared option groups become a [`RunConfig`].
pub fn run_config(input: &InputArgs, text: &TextArgs, run: &RunArgs) -> RunConfig {
    let mut config = RunConfig::new(input.corpus.clone());
    config.read = ReadConfig {
        format: input.format.clone(),
        text_col: input.text_col.clone(),
        id_col: input.id_col.clone(),
        encoding: input.encoding.clone(),
        lossy: input.lossy,
        skip_bad: input.skip_bad,
        max_text_bytes: input.max_text_mb.saturating_mul(1 << 20),
    };
    config.grouping = Grouping::parse(&input.by);
    config.text = AnalyzerOptions {
        normalize: NormalizeOptions {
            nfkc: !text.no_nfkc,
            lowercase: true,
            strip_possessive: !text.keep_possessive,
            keep_numbers: text.keep_numbers,
        },
        segment: SegmentOptions {
            drop_urls: !text.keep_urls,
        },
        stopwords: text.stopwords.clone(),
        stem: text.stem,
    };
    config.min_count = text.min_count;
    config.threads = run.threads.map_or_else(default_threads, usize::from);
    config.excel = run.excel;
    config.progress = !run.quiet && std::io::stderr().is_terminal();
    config
}
