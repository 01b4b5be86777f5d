//! Runs: the library's entry points that tie corpus → text → count (+
//! lexicon) → stats → report together for each command.

pub mod frames;
pub mod grouping;
pub mod inspect;
pub mod pipeline;
pub mod report;

pub use report::{report, ReportOutcome};

use crate::config::{PriorSpec, RunConfig};
use crate::corpus::{CorpusReader, Decode, Format, ReadOptions};
use crate::error::{Error, Result};
use crate::report::{terms, CsvSink};
use crate::stats::compare::TestOptions;
use crate::stats::logodds::Prior;
use crate::text::Analyzer;
use pipeline::{count_pass, Pass, PassOptions};
use std::io::Write;

/// Turn the reading part of the configuration into reader options.
pub fn read_options(config: &RunConfig) -> Result<ReadOptions> {
    let r = &config.read;
    let format = match &r.format {
        Some(f) => Some(f.parse::<Format>()?),
        None => None,
    };
    let encoding = match &r.encoding {
        Some(label) => Some(encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            Error::Usage(format!(
                "unknown --encoding '{label}': use a WHATWG label such as windows-1252, iso-8859-9, utf-16le"
            ))
        })?),
        None => None,
    };
    Ok(ReadOptions {
        format,
        text_col: r.text_col.clone(),
        id_col: r.id_col.clone(),
        encoding,
        decode: if r.lossy {
            Decode::Lossy
        } else {
            Decode::Strict
        },
        skip_bad: r.skip_bad,
        max_text_bytes: r.max_text_bytes,
    })
}

/// The pass options a configuration asks for.
pub fn pass_options(config: &RunConfig) -> PassOptions {
    PassOptions {
        threads: config.threads,
        skip_bad: config.read.skip_bad,
        progress: config.progress,
    }
}

/// Count the corpus with no per-document output.
fn count_only(config: &RunConfig, analyzer: &Analyzer) -> Result<(Pass, CorpusReader)> {
    let mut reader = CorpusReader::open(&config.inputs, &read_options(config)?)?;
    let pass = count_pass(
        &mut reader,
        &config.grouping,
        analyzer,
        None,
        &pass_options(config),
        |_| (),
        |_, _| Ok(()),
    )?;
    Ok((pass, reader))
}

/// `framelens terms`: write `terms.csv` for the corpus to `out`.
pub fn terms(config: &RunConfig, out: impl Write) -> Result<()> {
    let analyzer = Analyzer::new(config.text.clone())?;
    let (pass, _) = count_only(config, &analyzer)?;
    let mut sink = CsvSink::new(out, config.excel, "standard output")?;
    terms::write_terms(&pass.counts, config.min_count, &mut sink)?;
    sink.finish()?
        .flush()
        .map_err(|e| Error::io("standard output", e))
}

/// The test options a configuration asks for.
pub fn test_options(config: &RunConfig) -> TestOptions {
    let s = &config.stats;
    TestOptions {
        prior: match s.prior {
            PriorSpec::Pooled => Prior::Pooled { alpha0: s.alpha0 },
            PriorSpec::Uniform(a) => Prior::Uniform { alpha: a },
            PriorSpec::Background(_) => Prior::Background { alpha0: s.alpha0 },
        },
        variance: s.variance,
        min_count: config.min_count,
    }
}
