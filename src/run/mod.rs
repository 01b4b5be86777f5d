//! Runs: the library's entry points that tie corpus → text → count (+
//! lexicon) → stats → report together for each command.

pub mod grouping;
pub mod pipeline;

use crate::config::PriorSpec;
use crate::config::RunConfig;
use crate::corpus::{CorpusReader, Decode, Format, ReadOptions};
use crate::count::background::Background;
use crate::count::Counts;
use crate::error::{Error, Result};
use crate::report::compare::{order, write_keyness, write_log_odds, KeynessRow, LogOddsRow};
use crate::report::folder::{close, ReportFolder};
use crate::report::manifest::{DocumentRecord, Manifest};
use crate::report::{terms, CsvSink};
use crate::stats::compare::{plan, test_terms, BackgroundCounts, TestOptions};
use crate::stats::logodds::Prior;
use crate::text::Analyzer;
use pipeline::{count_pass, Pass, PassOptions};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// What a finished report run tells the caller.
#[derive(Debug)]
pub struct ReportOutcome {
    /// The report folder.
    pub folder: PathBuf,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings (to print on stderr).
    pub warnings: Vec<String>,
    /// Documents counted.
    pub docs: u64,
    /// Groups found.
    pub groups: usize,
}

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

fn pass_options(config: &RunConfig) -> PassOptions {
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
        |_, _, _, _| (),
        |_| Ok(()),
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

/// `framelens report`: write every table into the report folder.
pub fn report(config: &RunConfig, command_line: Vec<String>) -> Result<ReportOutcome> {
    let started = Instant::now();
    let analyzer = Analyzer::new(config.text.clone())?;
    let folder = ReportFolder::create(&config.out, config.force)?;
    let (pass, reader) = count_only(config, &analyzer)?;
    let mut files = Vec::new();
    let mut write_csv = |name: &str, f: &dyn Fn(&mut CsvSink<_>) -> Result<()>| -> Result<()> {
        let shown = folder.shown(name);
        let mut sink = CsvSink::new(folder.file(name)?, config.excel, &shown)?;
        f(&mut sink)?;
        close(sink.finish()?, &shown)?;
        files.push(name.to_string());
        Ok(())
    };
    let counts = &pass.counts;
    write_csv("groups.csv", &|s| terms::write_groups(counts, s))?;
    write_csv("terms.csv", &|s| {
        terms::write_terms(counts, config.min_count, s)
    })?;
    write_csv("term_matrix.csv", &|s| {
        terms::write_term_matrix(counts, config.min_count, s)
    })?;
    let mut warnings = pass.warnings.clone();
    let background = match &config.stats.prior {
        PriorSpec::Background(path) => Some(Background::load(path, &analyzer)?),
        _ => None,
    };
    {
        let shown_lo = folder.shown("logodds.csv");
        let shown_key = folder.shown("keyness.csv");
        let mut lo = CsvSink::new(folder.file("logodds.csv")?, config.excel, &shown_lo)?;
        let mut key = CsvSink::new(folder.file("keyness.csv")?, config.excel, &shown_key)?;
        let bg = background.as_ref().map(|b| b as &dyn BackgroundCounts);
        if let Some(w) = write_comparisons(counts, config, bg, &mut lo, &mut key)? {
            warnings.push(w);
        }
        lo.header_if_empty::<LogOddsRow>()?;
        key.header_if_empty::<KeynessRow>()?;
        close(lo.finish()?, &shown_lo)?;
        close(key.finish()?, &shown_key)?;
        files.extend(["logodds.csv".to_string(), "keyness.csv".to_string()]);
    }
    let mut skipped = reader.skips().to_vec();
    skipped.extend(pass.skipped.iter().cloned());
    let docs_counted: u64 = counts.groups.iter().map(|g| g.docs).sum();
    files.push("manifest.json".into());
    let manifest = Manifest {
        tool: "framelens",
        version: env!("CARGO_PKG_VERSION"),
        command_line,
        config,
        inputs: reader.summaries().to_vec(),
        lexicons: Vec::new(),
        documents: DocumentRecord {
            read: pass.docs_read,
            counted: docs_counted,
            empty: pass.docs_empty,
            skipped,
            decode_notes: reader.notes().to_vec(),
        },
        groups: counts.groups.iter().map(|g| g.name.clone()).collect(),
        files: files.clone(),
        warnings: warnings.clone(),
        elapsed_seconds: started.elapsed().as_secs_f64(),
    };
    let shown = folder.shown("manifest.json");
    let mut w = folder.file("manifest.json")?;
    w.write_all(manifest.to_json().as_bytes())
        .map_err(|e| Error::io(&shown, e))?;
    close(w, &shown)?;
    let path = folder.commit()?;
    Ok(ReportOutcome {
        folder: path,
        files,
        warnings,
        docs: docs_counted,
        groups: counts.groups.len(),
    })
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

/// Write `logodds.csv` and `keyness.csv` rows for every planned comparison.
/// Returns a warning when there is nothing to compare.
fn write_comparisons<W: Write>(
    counts: &Counts,
    config: &RunConfig,
    background: Option<&dyn BackgroundCounts>,
    lo: &mut CsvSink<W>,
    key: &mut CsvSink<W>,
) -> Result<Option<String>> {
    let names: Vec<String> = counts.groups.iter().map(|g| g.name.clone()).collect();
    if names.len() < 2 {
        return Ok(Some(format!(
            "only one group ({}): nothing to compare, so logodds.csv and keyness.csv hold only their header; group by another column with --by, or add documents from other outlets",
            names.first().map_or("none", String::as_str)
        )));
    }
    let mut comparisons =
        plan(&names, config.stats.pairs, &config.stats.compare).map_err(Error::Usage)?;
    order(&mut comparisons, &names);
    let opts = test_options(config);
    for cmp in &comparisons {
        let mut tests = test_terms(counts, cmp, &opts, background);
        let pair = (names[cmp.group].as_str(), cmp.versus_name(&names));
        write_log_odds(counts, pair, &mut tests, lo)?;
        write_keyness(counts, pair, &mut tests, key)?;
    }
    Ok(None)
}
