//! `framelens report`: one counting pass over the corpus, then every table
//! into one report folder, then the manifest, then the folder is renamed
//! into place.

use crate::config::{PriorSpec, RunConfig};
use crate::corpus::CorpusReader;
use crate::count::background::Background;
use crate::count::frames::{doc_frames, CategoryCount, DocFrames, FrameTotals, HitRecord};
use crate::count::Counts;
use crate::error::{Error, Result};
use crate::lexicon::{Lexicon, Matcher};
use crate::report::compare::{comparison_rows, order, KeynessRow, LogOddsRow};
use crate::report::csv_out::ChunkSink;
use crate::report::folder::ReportFolder;
use crate::report::frames::{
    write_audit, write_concepts, write_frames, write_frames_compare, AuditRow, ConceptRow,
    DocLevel, DocRowWriter, FrameCompareRow, FrameDocRow, FrameHitRow, FrameRow, GroupFrames,
    HitWriter,
};
use crate::report::manifest::{DocumentRecord, LexiconRecord, Manifest};
use crate::report::{terms, CsvSink, StreamFile};
use crate::run::frames::{
    bootstrap_cis, by_report_group, compare, doc_rates, report_order, GroupFrameData,
};
use crate::run::pipeline::count_workers;
use crate::run::{pass_options, read_options, test_options};
use crate::stats::compare::{plan, test_terms, BackgroundCounts, Comparison, TermTest};
use crate::text::Analyzer;
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
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

/// The report folder plus the list of files written into it. Tables are
/// written through `&self`, so several can be written at once; the list is
/// filled in a fixed order by [`Out::wrote`].
struct Out {
    folder: ReportFolder,
    excel: bool,
    files: Vec<String>,
}

impl Out {
    fn sink(&self, name: &str) -> Result<CsvSink<BufWriter<File>>> {
        CsvSink::new(
            self.folder.file(name)?,
            self.excel,
            &self.folder.shown(name),
        )
    }

    fn chunks<T: serde::Serialize + Default>(&self, name: &str) -> Result<ChunkSink<StreamFile>> {
        ChunkSink::new::<T>(
            self.folder.stream(name)?,
            self.excel,
            &self.folder.shown(name),
        )
    }

    fn close_chunks(&self, sink: ChunkSink<StreamFile>) -> Result<()> {
        self.folder.close_stream(sink.finish())
    }

    fn close(&self, name: &str, sink: CsvSink<BufWriter<File>>) -> Result<()> {
        self.folder.close(sink.finish()?, &self.folder.shown(name))
    }

    /// Record files as written (for the manifest and the summary line).
    fn wrote(&mut self, names: &[&str]) {
        self.files.extend(names.iter().map(|n| n.to_string()));
    }

    /// Write one table with `f`; an empty table keeps its header `T`.
    fn table<T: serde::Serialize + Default>(
        &self,
        name: &str,
        f: impl FnOnce(&mut CsvSink<BufWriter<File>>) -> Result<()>,
    ) -> Result<()> {
        let mut sink = self.sink(name)?;
        f(&mut sink)?;
        sink.header_if_empty::<T>()?;
        self.close(name, sink)
    }
}

/// Per-document output of the pass.
struct DocOut {
    group: usize,
    tokens: u64,
    /// `None` without a lexicon and for empty documents (counted in
    /// groups.csv's empty_docs, left out of the per-document frame tables
    /// and the bootstrap).
    frames: Option<DocFrameRows>,
}

/// A document's counts per category and its per-document rows.
struct DocFrameRows {
    categories: Vec<CategoryCount>,
    rows: DocRows,
    group_name: Arc<str>,
}

/// A document's rows of `frames_by_doc.csv` and `frame_hits.csv` (`hits`
/// is `None` with `--no-hits`): formatted on the worker, or left for the
/// ordered sink ([`rows_in_order`]).
enum DocRows {
    /// Formatted on the worker thread.
    Formatted {
        by_doc: Vec<u8>,
        hits: Option<Vec<u8>>,
    },
    /// For the sink to format: the hits, and the `frames_by_doc.csv` rows
    /// from the category counts.
    InOrder { hits: Option<Vec<HitRecord>> },
}

/// Whether the per-document rows (`frames_by_doc.csv`, `frame_hits.csv`)
/// are formatted by the sink, in document order, rather than on the worker
/// threads. `frame_hits.csv` is several times the corpus (1.8 GB for the
/// 500 MB benchmark): formatted on the workers, each document's rows are a
/// buffer of their own, allocated, then copied into the file's blocks a
/// batch later, when they have left the cache. In order, they are formatted
/// straight into the file's block ([`ChunkSink::append_with`]). But the
/// sink is one thread, beside the reading of the next batch: with more
/// than two threads it would hold the others back, so they format their own.
fn rows_in_order(threads: usize) -> bool {
    threads <= 2
}

/// Run the whole report.
pub fn report(config: &RunConfig, command_line: Vec<String>) -> Result<ReportOutcome> {
    let started = Instant::now();
    let analyzer = Analyzer::new(config.text.clone())?;
    let lexicons = config
        .lexicons
        .iter()
        .map(|p| Lexicon::load(p, &analyzer))
        .collect::<Result<Vec<_>>>()?;
    let matcher = (!lexicons.is_empty()).then(|| Matcher::new(&lexicons, config.overlap));
    let background = match &config.stats.prior {
        PriorSpec::Background(path) => Some(Background::load(path, &analyzer)?),
        _ => None,
    };
    let mut out = Out {
        folder: ReportFolder::create(&config.out, config.force)?,
        excel: config.excel,
        files: Vec::new(),
    };
    let mut reader = CorpusReader::open(&config.inputs, &read_options(config)?)?;

    // The counting pass, streaming per-document frame tables in document order.
    let mut frame_sinks = match &matcher {
        Some(_) => Some((
            out.chunks::<FrameDocRow>("frames_by_doc.csv")?,
            config
                .hits
                .then(|| out.chunks::<FrameHitRow>("frame_hits.csv"))
                .transpose()?,
        )),
        None => None,
    };
    let doc_writer = matcher.as_ref().map(|m| DocRowWriter::new(m, config.excel));
    let hit_writer = matcher
        .as_ref()
        .filter(|_| config.hits)
        .map(|m| HitWriter::new(m, config.excel, config.context_chars));
    let in_order = rows_in_order(config.threads);
    let mut totals = matcher.as_ref().map(FrameTotals::new);
    let counted = count_workers(
        &mut reader,
        &config.grouping,
        &analyzer,
        matcher.as_ref(),
        &pass_options(config),
        |cx| {
            let frames = match (&matcher, &doc_writer) {
                (Some(m), Some(w)) if !cx.count.empty => {
                    let DocFrames { categories, hits } = doc_frames(cx.count, cx.worker, m);
                    let rows = if in_order {
                        DocRows::InOrder {
                            hits: hit_writer.as_ref().map(|_| hits),
                        }
                    } else {
                        let (id, group) = (&cx.doc.id, cx.group_name);
                        let mut by_doc = Vec::new();
                        w.write(&mut by_doc, id, group, cx.count.tokens, &categories);
                        let hits = hit_writer.as_ref().map(|h| {
                            let mut rows = Vec::with_capacity(hits.len() * 160);
                            h.write(&mut rows, id, group, &cx.doc.text, &hits);
                            rows
                        });
                        DocRows::Formatted { by_doc, hits }
                    };
                    Some(DocFrameRows {
                        categories,
                        rows,
                        group_name: cx.group_name.clone(),
                    })
                }
                _ => None,
            };
            DocOut {
                group: cx.group,
                tokens: cx.count.tokens,
                frames,
            }
        },
        |d: DocOut, doc| {
            if let (Some(rows), Some((by_doc, hits)), Some(t)) =
                (d.frames, &mut frame_sinks, &mut totals)
            {
                let group = &rows.group_name;
                match rows.rows {
                    DocRows::Formatted {
                        by_doc: bytes,
                        hits: hit_bytes,
                    } => {
                        by_doc.append(&bytes)?;
                        if let (Some(sink), Some(bytes)) = (hits.as_mut(), hit_bytes) {
                            sink.append(&bytes)?;
                        }
                    }
                    DocRows::InOrder { hits: records } => {
                        if let Some(w) = &doc_writer {
                            by_doc.append_with(|out| {
                                w.write(out, &doc.id, group, d.tokens, &rows.categories)
                            })?;
                        }
                        if let (Some(sink), Some(h), Some(records)) =
                            (hits.as_mut(), &hit_writer, records)
                        {
                            sink.append_with(|out| {
                                h.write(out, &doc.id, group, &doc.text, &records)
                            })?;
                        }
                    }
                }
                t.add(d.group, d.tokens, &rows.categories);
            }
            Ok(())
        },
    )?;
    if let Some((by_doc, hits)) = frame_sinks {
        out.close_chunks(by_doc)?;
        out.wrote(&["frames_by_doc.csv"]);
        if let Some(hits) = hits {
            out.close_chunks(hits)?;
            out.wrote(&["frame_hits.csv"]);
        }
    }
    // The groups in report order and their tokens, as the merged count
    // table will hold them: the frame work below needs no more, so it runs
    // beside the merge.
    let names = report_order(counted.group_names());
    let mut tokens = vec![0u64; names.len()];
    for (name, t) in counted.group_names().iter().zip(counted.group_tokens()) {
        if let Ok(i) = names.binary_search(name) {
            tokens[i] += t;
        }
    }
    let mut one_group = None;
    let mut comparisons = if names.len() < 2 {
        one_group = Some(format!(
            "only one group ({}): nothing to compare, so the comparison tables hold only their header; group by another column with --by, or add documents from other outlets",
            names.first().map_or("none", String::as_str)
        ));
        Vec::new()
    } else {
        plan(&names, config.stats.pairs, &config.stats.compare).map_err(Error::Usage)?
    };
    order(&mut comparisons, &names);

    let bg = background
        .as_ref()
        .map(|b| b as &(dyn BackgroundCounts + Sync));
    // After the pass, on `--threads` threads, side by side: the merge of the
    // workers' tables followed by the term tables and the term comparisons,
    // and the frame bootstrap and the frame comparisons.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.max(1))
        .build()
        .map_err(|e| Error::Internal(format!("cannot start worker threads: {e}")))?;
    let frame_data = totals.map(|t| by_report_group(t, &names, counted.group_names()));
    let opts = test_options(config);
    let ((mut pass, tables, compared), frame_results) = pool.install(|| {
        rayon::join(
            || {
                let pass = counted.merge();
                let counts = &pass.counts;
                let (tables, compared) = rayon::join(
                    || write_term_tables(&out, counts, config),
                    || write_term_comparisons(&out, counts, config, &comparisons, bg),
                );
                (pass, tables, compared)
            },
            || {
                frame_data.as_ref().map(|data| {
                    rayon::join(
                        || bootstrap_cis(data, config.stats.bootstrap, config.stats.seed),
                        || {
                            let rates = doc_rates(data);
                            comparisons
                                .par_iter()
                                .map(|cmp| compare(data, &rates, &tokens, cmp, &opts))
                                .collect::<Vec<_>>()
                        },
                    )
                })
            },
        )
    });
    tables?;
    compared?;
    let counts = &pass.counts;
    debug_assert!(counts.groups.iter().map(|g| &g.name).eq(&names));
    debug_assert!(counts
        .groups
        .iter()
        .map(|g| g.tokens)
        .eq(tokens.iter().copied()));
    let mut warnings = pass.warnings.clone();
    warnings.extend(one_group);
    out.wrote(&[
        "groups.csv",
        "terms.csv",
        "term_matrix.csv",
        "logodds.csv",
        "keyness.csv",
    ]);
    if let (Some(m), Some(data), Some((cis, frame_tests))) = (&matcher, &frame_data, frame_results)
    {
        write_frame_tables(&out, counts, m, data, &cis, &comparisons, &frame_tests)?;
        out.table::<AuditRow>("lexicon_audit.csv", |s| {
            write_audit(m, &pass.entry_docs, &pass.audit_forms, s)
        })?;
        out.wrote(&[
            "frames.csv",
            "concepts.csv",
            "frames_compare.csv",
            "lexicon_audit.csv",
        ]);
        for lex in &lexicons {
            warnings.extend(lex.warnings.iter().cloned());
        }
    }

    let mut skipped = reader.skips().to_vec();
    skipped.extend(pass.skipped.iter().cloned());
    let docs_counted: u64 = counts.groups.iter().map(|g| g.docs).sum();
    free_in_background((std::mem::take(&mut pass.counts), frame_data));
    out.wrote(&["manifest.json"]);
    let manifest = Manifest {
        tool: "framelens",
        version: env!("CARGO_PKG_VERSION"),
        command_line,
        config,
        inputs: reader.summaries().to_vec(),
        lexicons: lexicons
            .iter()
            .map(|l| LexiconRecord {
                path: l.path.clone(),
                sha256: l.sha256.clone(),
                entries: l.entries.len(),
            })
            .collect(),
        documents: DocumentRecord {
            read: pass.docs_read,
            counted: docs_counted,
            empty: pass.docs_empty,
            skipped,
            decode_notes: reader.notes().to_vec(),
        },
        groups: names.clone(),
        files: out.files.clone(),
        warnings: warnings.clone(),
        elapsed_seconds: started.elapsed().as_secs_f64(),
    };
    let shown = out.folder.shown("manifest.json");
    let mut w = out.folder.file("manifest.json")?;
    w.write_all(manifest.to_json().as_bytes())
        .map_err(|e| Error::io(&shown, e))?;
    out.folder.close(w, &shown)?;
    let Out { folder, files, .. } = out;
    let path = folder.commit()?;
    Ok(ReportOutcome {
        folder: path,
        files,
        warnings,
        docs: docs_counted,
        groups: names.len(),
    })
}

/// Free `tables` on a thread of its own, not waited for: a large corpus's
/// count tables take tens of milliseconds to free, a wait at the very end
/// of a run that nothing needs (when the process exits first, the system
/// takes the memory back at once). Where no thread can be started, they
/// are freed here.
fn free_in_background<T: Send + 'static>(tables: T) {
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(tables));
}

/// `groups.csv`, `terms.csv` and `term_matrix.csv`.
fn write_term_tables(out: &Out, counts: &Counts, config: &RunConfig) -> Result<()> {
    out.table::<terms::GroupRow>("groups.csv", |s| terms::write_groups(counts, s))?;
    out.table::<terms::TermRow>("terms.csv", |s| {
        terms::write_terms(counts, config.min_count, s)
    })?;
    // the matrix writes its own header (its columns depend on the groups)
    let mut matrix = out.sink("term_matrix.csv")?;
    terms::write_term_matrix(counts, config.min_count, &mut matrix)?;
    out.close("term_matrix.csv", matrix)
}

/// `logodds.csv` and `keyness.csv`: comparisons tested and formatted in
/// parallel, a few at a time (memory stays bounded), appended in order.
fn write_term_comparisons(
    out: &Out,
    counts: &Counts,
    config: &RunConfig,
    comparisons: &[Comparison],
    background: Option<&(dyn BackgroundCounts + Sync)>,
) -> Result<()> {
    let names: Vec<String> = counts.groups.iter().map(|g| g.name.clone()).collect();
    let mut lo = out.chunks::<LogOddsRow>("logodds.csv")?;
    let mut key = out.chunks::<KeynessRow>("keyness.csv")?;
    let opts = test_options(config);
    // on the caller's thread pool (`--threads`)
    for chunk in comparisons.chunks(config.threads.max(1) * 2) {
        let formatted: Vec<Result<(Vec<u8>, Vec<u8>)>> = chunk
            .par_iter()
            .map(|cmp| {
                let bg = background.map(|b| b as &dyn BackgroundCounts);
                let tests = test_terms(counts, cmp, &opts, bg);
                let pair = (names[cmp.group].as_str(), cmp.versus_name(&names));
                comparison_rows(counts, pair, &tests, config.excel)
            })
            .collect();
        for f in formatted {
            let (l, k) = f?;
            lo.append(&l)?;
            key.append(&k)?;
        }
    }
    out.close_chunks(lo)?;
    out.close_chunks(key)
}

/// `frames.csv`, `concepts.csv` and `frames_compare.csv` (`cis`: per group,
/// as [`bootstrap_cis`] gives them; `tests`: per comparison, as [`compare`]
/// gives them).
fn write_frame_tables(
    out: &Out,
    counts: &Counts,
    matcher: &Matcher,
    data: &[GroupFrameData],
    cis: &[Vec<Option<(f64, f64)>>],
    comparisons: &[Comparison],
    tests: &[(Vec<TermTest>, Vec<DocLevel>)],
) -> Result<()> {
    let names: Vec<String> = counts.groups.iter().map(|g| g.name.clone()).collect();
    let groups: Vec<GroupFrames> = counts
        .groups
        .iter()
        .zip(data)
        .zip(cis)
        .map(|((g, d), cis)| GroupFrames {
            name: &g.name,
            tokens: g.tokens,
            docs: g.docs,
            totals: &d.totals,
            cis,
        })
        .collect();
    out.table::<FrameRow>("frames.csv", |s| write_frames(&groups, matcher, s))?;
    out.table::<ConceptRow>("concepts.csv", |s| write_concepts(&groups, matcher, s))?;
    out.table::<FrameCompareRow>("frames_compare.csv", |s| {
        for (cmp, (tests, docs)) in comparisons.iter().zip(tests) {
            let pair = (names[cmp.group].as_str(), cmp.versus_name(&names));
            write_frames_compare(pair, matcher, tests, docs, s)?;
        }
        Ok(())
    })
}
