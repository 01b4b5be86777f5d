//! The small commands: `framelens kwic` (a concordance of a pattern) and
//! `framelens lexicon check` (a lexicon validated and shown as normalised).

use crate::config::RunConfig;
use crate::corpus::CorpusReader;
use crate::count::context::context;
use crate::count::frames::doc_frames;
use crate::error::{Error, Result};
use crate::lexicon::{Lexicon, Matcher, Overlap};
use crate::report::{CsvSink, Text};
use crate::run::pipeline::count_pass;
use crate::run::{pass_options, read_options};
use crate::text::Analyzer;
use serde::Serialize;
use std::io::Write;

/// One concordance line.
#[derive(Debug, Default, Serialize)]
pub struct KwicRow {
    /// Document id.
    pub doc_id: Text,
    /// Group.
    pub group: Text,
    /// Context before.
    pub left: Text,
    /// The text as written.
    pub matched: Text,
    /// Context after.
    pub right: Text,
    /// Inside quotation marks.
    pub quoted: bool,
}

/// Print every match of `patterns` (lexicon syntax: phrases, trailing `*`)
/// with `width` characters of context, as aligned text or as CSV.
pub fn kwic(
    config: &RunConfig,
    patterns: &[String],
    width: usize,
    csv: bool,
    out: impl Write + Send,
) -> Result<u64> {
    let analyzer = Analyzer::new(config.text.clone())?;
    let entries: Vec<(String, String)> = patterns
        .iter()
        .map(|p| ("kwic".to_string(), p.clone()))
        .collect();
    let lexicon = Lexicon::from_patterns("--pattern", &entries, &analyzer)?;
    let matcher = Matcher::new(std::slice::from_ref(&lexicon), Overlap::Longest);
    let mut reader = CorpusReader::open(&config.inputs, &read_options(config)?)?;
    enum Out<W: Write> {
        Csv(Box<CsvSink<W>>),
        Text(W),
    }
    let mut sink = if csv {
        Out::Csv(Box::new(CsvSink::new(
            out,
            config.excel,
            "standard output",
        )?))
    } else {
        Out::Text(out)
    };
    let mut lines = 0u64;
    let pass = count_pass(
        &mut reader,
        &config.grouping,
        &analyzer,
        Some(&matcher),
        &pass_options(config),
        |cx| {
            let text = &cx.doc.text;
            let frames = doc_frames(cx.count, cx.worker, &matcher);
            frames
                .hits
                .into_iter()
                .map(|h| {
                    let (start, end) = (h.byte as usize, h.end as usize);
                    let (left, right) = context(text, start, end, width);
                    KwicRow {
                        doc_id: cx.doc.id.as_str().into(),
                        group: (&**cx.group_name).into(),
                        left: left.into_owned().into(),
                        matched: text[start..end].into(),
                        right: right.into_owned().into(),
                        quoted: h.quoted,
                    }
                })
                .collect::<Vec<_>>()
        },
        |rows: Vec<KwicRow>, _| {
            for r in rows {
                lines += 1;
                match &mut sink {
                    Out::Csv(s) => s.row(&r)?,
                    Out::Text(w) => {
                        writeln!(
                            w,
                            "{}\t{:>w$} [{}]{}{}",
                            r.doc_id.0,
                            r.left.0,
                            r.matched.0,
                            r.right.0,
                            if r.quoted { "   (quoted)" } else { "" },
                            w = width
                        )
                        .map_err(|e| Error::io("standard output", e))?;
                    }
                }
            }
            Ok(())
        },
    )?;
    drop(pass);
    let mut w = match sink {
        Out::Csv(s) => s.finish()?,
        Out::Text(w) => w,
    };
    w.flush().map_err(|e| Error::io("standard output", e))?;
    Ok(lines)
}

/// One line of `framelens lexicon check`.
#[derive(Debug, Default, Serialize)]
pub struct CheckRow {
    /// Category.
    pub category: Text,
    /// Pattern as written.
    pub pattern: Text,
    /// The words it matches, as normalised (`*` = prefix).
    pub normalised: Text,
    /// `word`, `prefix`, `phrase`.
    pub kind: Text,
    /// Concept the category belongs to, if any.
    pub concept: Text,
    /// Lexicon file.
    pub file: Text,
    /// Line in the file.
    pub line: u64,
}

/// What `lexicon check` found: the table goes to `out`; the summary and
/// warnings are returned for stderr.
pub fn lexicon_check(config: &RunConfig, paths: &[String], out: impl Write) -> Result<Vec<String>> {
    let analyzer = Analyzer::new(config.text.clone())?;
    let mut sink = CsvSink::new(out, config.excel, "standard output")?;
    let mut notes = Vec::new();
    for path in paths {
        let lex = Lexicon::load(path, &analyzer)?;
        for e in &lex.entries {
            let kind = if e.words.len() > 1 {
                "phrase"
            } else if e.words.iter().any(|w| w.ends_with('*')) {
                "prefix"
            } else {
                "word"
            };
            let concept = lex
                .concepts
                .iter()
                .find(|c| c.categories.contains(&e.category))
                .map_or("", |c| c.name.as_str());
            sink.row(&CheckRow {
                category: e.category.as_str().into(),
                pattern: e.pattern.as_str().into(),
                normalised: e.words.join(" ").into(),
                kind: kind.into(),
                concept: concept.into(),
                file: e.file.as_str().into(),
                line: e.line,
            })?;
        }
        notes.push(format!(
            "{path}: ok: {} entries in {} categories, {} concept(s){}",
            lex.entries.len(),
            lex.categories.len(),
            lex.concepts.len(),
            lex.stem
                .map_or(String::new(), |s| format!(", stem matching ({})", s.name()))
        ));
        notes.extend(lex.warnings.iter().map(|w| format!("warning: {w}")));
    }
    sink.finish()?
        .flush()
        .map_err(|e| Error::io("standard output", e))?;
    Ok(notes)
}
