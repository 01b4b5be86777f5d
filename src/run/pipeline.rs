//! The counting pass: documents stream from the reader in batches; each batch
//! is counted in parallel (rayon), every thread feeding its own
//! [`Worker`] (its caches survive across batches);
//! per-document results come back in document order. Totals do not depend on
//! which thread counted which document, so the output is the same at any
//! thread count.

use crate::corpus::{CorpusReader, Document, Skip};
use crate::count::{Counts, DocCount, Worker};
use crate::error::{Error, Result};
use crate::lexicon::Matcher;
use crate::run::grouping::{BadDate, Grouping};
use crate::text::Analyzer;
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

/// How a pass runs.
#[derive(Debug, Clone)]
pub struct PassOptions {
    /// Worker threads (≥ 1).
    pub threads: usize,
    /// Skip documents whose group cannot be decided instead of failing.
    pub skip_bad: bool,
    /// Show a progress bar on stderr (only drawn on a terminal).
    pub progress: bool,
}

/// What a pass produced besides the per-document results.
#[derive(Debug)]
pub struct Pass {
    /// The count table.
    pub counts: Counts,
    /// Group names, indexed by the group index given to per-document callbacks.
    pub group_names: Vec<String>,
    /// Documents read (including empty ones).
    pub docs_read: u64,
    /// Documents whose text was empty or white space.
    pub docs_empty: u64,
    /// Documents skipped by the pass itself (bad dates with `--skip-bad`).
    pub skipped: Vec<Skip>,
    /// Warnings for the manifest.
    pub warnings: Vec<String>,
    /// With a lexicon: per entry, each matched form with its hits.
    pub audit_forms: Vec<rustc_hash::FxHashMap<String, u64>>,
    /// With a lexicon: per entry, the documents it hit.
    pub entry_docs: Vec<u64>,
}

/// Target bytes of text per batch.
const BATCH_BYTES: usize = 4 << 20;
/// Most documents per batch.
const BATCH_DOCS: usize = 4096;

/// One counted document, as the per-document callback sees it.
pub struct DocContext<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its group index in this pass ([`Pass::group_names`]).
    pub group: usize,
    /// Its group name (shared by the group's documents).
    pub group_name: &'a Arc<str>,
    /// What counting it gave (tokens, lexicon hits).
    pub count: &'a DocCount,
    /// The worker that counted it (the hits refer to its tokens).
    pub worker: &'a Worker<'a>,
}

/// Count every document of `reader`. For each document, `each` runs on the
/// worker thread that counted it; its results reach `sink` in document
/// order, with the document itself.
pub fn count_pass<R, F, S>(
    reader: &mut CorpusReader,
    grouping: &Grouping,
    analyzer: &Analyzer,
    matcher: Option<&Matcher>,
    opts: &PassOptions,
    each: F,
    sink: S,
) -> Result<Pass>
where
    R: Send,
    F: Fn(&DocContext) -> R + Sync,
    S: FnMut(R, Document) -> Result<()> + Send,
{
    Ok(count_workers(reader, grouping, analyzer, matcher, opts, each, sink)?.merge())
}

/// A pass whose documents are all counted, its workers' tables not merged
/// yet: [`Counted::merge`] makes the [`Pass`]. In between, what needs only
/// the group names and totals can run beside the merge.
pub struct Counted<'a> {
    pass: Pass,
    workers: Vec<Worker<'a>>,
    matcher: Option<&'a Matcher>,
}

impl Counted<'_> {
    /// Group names, indexed by the group index given to per-document
    /// callbacks (as [`Pass::group_names`]).
    pub fn group_names(&self) -> &[String] {
        &self.pass.group_names
    }

    /// Tokens per group (indexed like [`Counted::group_names`]), as the
    /// merged [`Counts`] will hold them.
    pub fn group_tokens(&self) -> Vec<u64> {
        let mut tokens = vec![0u64; self.pass.group_names.len()];
        for w in &self.workers {
            for (t, g) in tokens.iter_mut().zip(&w.groups) {
                *t += g.tokens;
            }
        }
        tokens
    }

    /// Merge the workers' tables into the pass's [`Counts`] (and lexicon
    /// audit), and note empty documents.
    pub fn merge(self) -> Pass {
        let Counted {
            mut pass,
            workers,
            matcher,
        } = self;
        if let Some(m) = matcher {
            pass.audit_forms = Worker::audit_forms(&workers, m.entries().len());
            pass.entry_docs = Worker::entry_docs(&workers, m.entries().len());
        }
        pass.counts = Worker::merge_into_counts(workers, &pass.group_names);
        pass.docs_empty = pass.counts.groups.iter().map(|g| g.empty_docs).sum();
        if pass.docs_empty > 0 {
            pass.warnings.push(format!(
                "{} document(s) have empty text: counted as empty, not as documents",
                pass.docs_empty
            ));
        }
        pass
    }
}

/// [`count_pass`] up to the merge of the workers' tables.
pub fn count_workers<'a, R, F, S>(
    reader: &mut CorpusReader,
    grouping: &Grouping,
    analyzer: &'a Analyzer,
    matcher: Option<&'a Matcher>,
    opts: &PassOptions,
    each: F,
    mut sink: S,
) -> Result<Counted<'a>>
where
    R: Send,
    F: Fn(&DocContext) -> R + Sync,
    S: FnMut(R, Document) -> Result<()> + Send,
{
    let threads = opts.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Internal(format!("cannot start worker threads: {e}")))?;
    let workers: Vec<Padded<Mutex<Worker>>> = (0..threads)
        .map(|_| Padded(Mutex::new(Worker::new(analyzer, matcher))))
        .collect();
    let progress = progress_bar(reader, opts.progress);
    let bytes_read = reader.bytes_read();
    let mut groups = GroupIndex::default();
    let mut pass = Pass {
        counts: Counts::default(),
        group_names: Vec::new(),
        docs_read: 0,
        docs_empty: 0,
        skipped: Vec::new(),
        warnings: Vec::new(),
        audit_forms: Vec::new(),
        entry_docs: Vec::new(),
    };
    let mut missing_group = 0u64;
    let mut read = |reader: &mut CorpusReader, pass: &mut Pass, groups: &mut GroupIndex| {
        read_batch(reader, grouping, groups, pass, &mut missing_group, opts)
    };
    // Three things overlap: the sink consumes batch k−1's results and the
    // reader reads batch k+1 on one thread, while the pool counts batch k.
    let mut batch = read(reader, &mut pass, &mut groups)?;
    let mut pending: Vec<(R, Document)> = Vec::new();
    let mut sink_all = |done: Vec<(R, Document)>| {
        done.into_iter()
            .try_for_each(|(result, doc)| sink(result, doc))
    };
    while !batch.is_empty() {
        let previous = std::mem::take(&mut pending);
        let counting = std::mem::take(&mut batch);
        let ((next, sunk), results) = pool.install(|| {
            rayon::join(
                || {
                    let sunk = sink_all(previous);
                    (read(reader, &mut pass, &mut groups), sunk)
                },
                || {
                    counting
                        .into_par_iter()
                        .map(|(doc, g, name)| {
                            let slot = rayon::current_thread_index().unwrap_or(0) % threads;
                            let mut worker =
                                workers[slot].0.lock().unwrap_or_else(|p| p.into_inner());
                            let count = worker.count_document(&doc.text, g);
                            let result = each(&DocContext {
                                doc: &doc,
                                group: g,
                                group_name: &name,
                                count: &count,
                                worker: &worker,
                            });
                            (result, doc)
                        })
                        .collect::<Vec<(R, Document)>>()
                },
            )
        });
        sunk?;
        pending = results;
        if let Some(p) = &progress {
            p.set_position(bytes_read.load(std::sync::atomic::Ordering::Relaxed));
        }
        batch = next?;
    }
    sink_all(pending)?;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if missing_group > 0 {
        pass.warnings.push(format!(
            "{missing_group} document(s) have no value for --by {}: they form the group \"(missing)\"",
            grouping.by.join(",")
        ));
    }
    pass.group_names = groups.names;
    let workers: Vec<Worker> = workers
        .into_iter()
        .map(|w| w.0.into_inner().unwrap_or_else(|p| p.into_inner()))
        .collect();
    Ok(Counted {
        pass,
        workers,
        matcher,
    })
}

/// Keeps each worker on its own cache lines, so two threads updating
/// their workers do not invalidate each other's caches.
#[repr(align(128))]
struct Padded<T>(T);

#[derive(Default)]
struct GroupIndex {
    ids: rustc_hash::FxHashMap<String, (usize, Arc<str>)>,
    names: Vec<String>,
}

impl GroupIndex {
    fn id(&mut self, name: String) -> (usize, Arc<str>) {
        if let Some(found) = self.ids.get(&name) {
            return found.clone();
        }
        let i = self.names.len();
        let shared: Arc<str> = name.as_str().into();
        self.names.push(name.clone());
        self.ids.insert(name, (i, shared.clone()));
        (i, shared)
    }
}

fn read_batch(
    reader: &mut CorpusReader,
    grouping: &Grouping,
    groups: &mut GroupIndex,
    pass: &mut Pass,
    missing_group: &mut u64,
    opts: &PassOptions,
) -> Result<Vec<(Document, usize, Arc<str>)>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while bytes < BATCH_BYTES && batch.len() < BATCH_DOCS {
        let Some(doc) = reader.next() else { break };
        let doc = doc?;
        pass.docs_read += 1;
        let name = match grouping.key(&doc) {
            Ok(key) => {
                *missing_group += u64::from(key.missing.is_some());
                key.name
            }
            Err(BadDate(d)) => {
                let message = format!(
                    "the date '{d}' is not ISO 8601 (YYYY-MM-DD), so its year/month is unknown"
                );
                if opts.skip_bad {
                    pass.docs_read -= 1;
                    pass.skipped.push(Skip {
                        loc: doc.origin.clone(),
                        reason: message,
                    });
                    continue;
                }
                return Err(Error::bad_input(
                    doc.origin.clone(),
                    message,
                    "fix the date, group by another column, or add --skip-bad to skip such documents",
                ));
            }
        };
        bytes += doc.text.len();
        let (g, shared) = groups.id(name);
        batch.push((doc, g, shared));
    }
    Ok(batch)
}

fn progress_bar(reader: &CorpusReader, wanted: bool) -> Option<indicatif::ProgressBar> {
    if !wanted {
        return None;
    }
    let total = reader.total_bytes()?;
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} counting {bytes}/{total_bytes} [{bar:30}] {bytes_per_sec}, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    Some(bar)
}
