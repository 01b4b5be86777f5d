//! `groups.csv`, `terms.csv` and `term_matrix.csv`: per-group totals and
//! term statistics. Column meanings are in `reports/README.md`.

use crate::count::{Cell, Counts, TermCounts};
use crate::error::Result;
use crate::report::csv_out::{CsvSink, Text, TextRef};
use crate::report::format::Float;
use serde::Serialize;
use std::io::Write;

/// Rate per 10,000 tokens, `None` when the group has no tokens.
pub fn per_10k(count: u64, tokens: u64) -> Option<f64> {
    (tokens > 0).then(|| 10_000.0 * count as f64 / tokens as f64)
}

/// One row of `groups.csv`.
#[derive(Debug, Default, Serialize)]
pub struct GroupRow {
    /// Group name.
    pub group: Text,
    /// Documents with text.
    pub docs: u64,
    /// Documents with empty text.
    pub empty_docs: u64,
    /// Tokens (stop words included): the denominator of every rate.
    pub tokens: u64,
    /// Distinct terms (after stop words and stemming) with a count.
    pub types: u64,
}

/// One row of `terms.csv`.
#[derive(Debug, Default, Serialize)]
pub struct TermRow<'a> {
    /// Group name.
    pub group: TextRef<'a>,
    /// Term (stem).
    pub term: TextRef<'a>,
    /// Most frequent surface word of the term in the corpus.
    pub display: TextRef<'a>,
    /// Occurrences in the group.
    pub count: u64,
    /// Occurrences per 10,000 tokens of the group.
    pub per_10k: Float,
    /// Documents of the group containing the term.
    pub docs_with_term: u64,
    /// Documents of the group.
    pub docs: u64,
}

/// Write `groups.csv`: one row per group, by name.
pub fn write_groups<W: Write>(counts: &Counts, sink: &mut CsvSink<W>) -> Result<()> {
    let types = counts.types_per_group();
    for (g, t) in counts.groups.iter().zip(types) {
        sink.row(&GroupRow {
            group: g.name.as_str().into(),
            docs: g.docs,
            empty_docs: g.empty_docs,
            tokens: g.tokens,
            types: t,
        })?;
    }
    Ok(())
}

/// Write `terms.csv`: terms with a pooled count ≥ `min_count`, one row per
/// group where the term occurs; rows by group name, then count descending,
/// then term.
pub fn write_terms<W: Write>(counts: &Counts, min_count: u64, sink: &mut CsvSink<W>) -> Result<()> {
    let kept: Vec<usize> = (0..counts.terms.len())
        .filter(|&i| counts.terms[i].total() >= min_count)
        .collect();
    for (g, group) in counts.groups.iter().enumerate() {
        let g = g as u32;
        let mut rows: Vec<(&TermCounts, &Cell)> = kept
            .iter()
            .filter_map(|&i| counts.terms[i].cell(g).map(|c| (&counts.terms[i], c)))
            .collect();
        // terms are already in term order: a stable sort by count keeps it for ties
        rows.sort_by_key(|r| std::cmp::Reverse(r.1.count));
        for (t, cell) in rows {
            sink.row(&TermRow {
                group: TextRef(&group.name),
                term: TextRef(&t.term),
                display: TextRef(&t.display),
                count: cell.count,
                per_10k: per_10k(cell.count, group.tokens).into(),
                docs_with_term: cell.docs,
                docs: group.docs,
            })?;
        }
    }
    Ok(())
}

/// Write `term_matrix.csv`: one row per term with pooled count ≥ `min_count`
/// (by pooled count descending, then term), columns `term, display,
/// total_count`, then `count_<group>` and `per_10k_<group>` for each group by
/// name.
pub fn write_term_matrix<W: Write>(
    counts: &Counts,
    min_count: u64,
    sink: &mut CsvSink<W>,
) -> Result<()> {
    let mut header = vec!["term".to_string(), "display".into(), "total_count".into()];
    let mut text = vec![false, false, false];
    for g in &counts.groups {
        header.push(format!("count_{}", g.name));
        header.push(format!("per_10k_{}", g.name));
        text.extend([true, true]);
    }
    sink.record(&header, &text)?;
    let mut order: Vec<(u64, usize)> = counts
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.total(), i))
        .filter(|(total, _)| *total >= min_count)
        .collect();
    order.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (total, i) in order {
        let t = &counts.terms[i];
        sink.cells(|row| {
            row.text(&t.term);
            row.text(&t.display);
            row.int(total);
            // cells are sorted by group, like the columns
            let mut cells = t.cells.iter().peekable();
            for (g, group) in counts.groups.iter().enumerate() {
                let c = cells
                    .next_if(|c| c.group as usize == g)
                    .map_or(0, |c| c.count);
                row.int(c);
                row.float(per_10k(c, group.tokens));
            }
        })?;
    }
    Ok(())
}
