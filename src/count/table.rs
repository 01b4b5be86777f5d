//! The merged count table: per group totals and per group × term counts and
//! document frequencies, with each term's surface forms. Counts are additive,
//! so tables counted on shards of a corpus [`merge`](Counts::merge) into the
//! table of the whole corpus (README, "Speed and scale").

use crate::count::interner::Interner;

/// Totals of one group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupTotals {
    /// The group's name (its `--by` value(s)).
    pub name: String,
    /// Documents with text.
    pub docs: u64,
    /// Documents whose text was empty or white space.
    pub empty_docs: u64,
    /// Tokens: words after normalisation, stop words included.
    pub tokens: u64,
}

/// One term's count in one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Index into [`Counts::groups`].
    pub group: u32,
    /// Occurrences of the term in the group.
    pub count: u64,
    /// Documents of the group containing the term.
    pub docs: u64,
}

/// One term (after stop-word removal and stemming) across groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermCounts {
    /// The term (a stem when stemming is on).
    pub term: String,
    /// Its most frequent surface word in the corpus (ties: the smallest in
    /// byte order).
    pub display: String,
    /// Surface words that became this term, with their corpus counts, sorted
    /// by word.
    pub forms: Vec<(String, u64)>,
    /// Counts in each group where the term occurs, sorted by group index.
    pub cells: Vec<Cell>,
}

impl TermCounts {
    /// The term's count in `group` (0 where absent).
    pub fn count(&self, group: u32) -> u64 {
        self.cell(group).map_or(0, |c| c.count)
    }

    /// The term's cell in `group`, if it occurs there.
    pub fn cell(&self, group: u32) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&group, |c| c.group)
            .ok()
            .map(|i| &self.cells[i])
    }

    /// The term's count over all groups.
    pub fn total(&self) -> u64 {
        self.cells.iter().map(|c| c.count).sum()
    }
}

/// Groups sorted by name and terms sorted by term (byte order): the same
/// table whatever order documents were counted in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Groups, sorted by name.
    pub groups: Vec<GroupTotals>,
    /// Terms, sorted by term.
    pub terms: Vec<TermCounts>,
}

impl Counts {
    /// Build a table from per-term tables: `cells[t]` holds the cells of
    /// term `t` of `terms`, by index into `groups` (in any order; cells of
    /// one group are added up), `forms[t]` its surface words. Groups with the
    /// same name (from different shards) are merged.
    pub(crate) fn from_term_tables(
        groups: Vec<GroupTotals>,
        terms: &Interner,
        cells: Vec<Vec<Cell>>,
        forms: Vec<Vec<(String, u64)>>,
    ) -> Counts {
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by(|&a, &b| groups[a].name.cmp(&groups[b].name));
        let mut remap = vec![0u32; groups.len()];
        let mut sorted_groups: Vec<GroupTotals> = Vec::new();
        for i in order {
            let g = &groups[i];
            match sorted_groups.last_mut() {
                Some(last) if last.name == g.name => {
                    last.docs += g.docs;
                    last.empty_docs += g.empty_docs;
                    last.tokens += g.tokens;
                }
                _ => sorted_groups.push(g.clone()),
            }
            remap[i] = (sorted_groups.len() - 1) as u32;
        }
        let mut out: Vec<TermCounts> = cells
            .into_iter()
            .zip(forms)
            .enumerate()
            .map(|(t, (cells, forms))| {
                finish_term(TermCounts {
                    term: terms.resolve(t as u32).to_string(),
                    display: String::new(),
                    forms,
                    cells: cells
                        .into_iter()
                        .map(|c| Cell {
                            group: remap[c.group as usize],
                            ..c
                        })
                        .collect(),
                })
            })
            .collect();
        out.sort_by(|a, b| a.term.cmp(&b.term));
        Counts {
            groups: sorted_groups,
            terms: out,
        }
    }

    /// The table of two shards counted separately: groups matched by name,
    /// counts and surface forms added.
    pub fn merge(self, other: Counts) -> Counts {
        let mut terms = Interner::default();
        let mut cells: Vec<Vec<Cell>> = Vec::new();
        let mut forms: Vec<Vec<(String, u64)>> = Vec::new();
        let offset = self.groups.len() as u32;
        let mut groups = self.groups;
        groups.extend(other.groups);
        for (shift, table) in [(0, self.terms), (offset, other.terms)] {
            for t in table {
                let (id, new) = terms.intern(&t.term);
                if new {
                    cells.push(Vec::new());
                    forms.push(Vec::new());
                }
                cells[id as usize].extend(t.cells.into_iter().map(|c| Cell {
                    group: shift + c.group,
                    ..c
                }));
                forms[id as usize].extend(t.forms);
            }
        }
        Counts::from_term_tables(groups, &terms, cells, forms)
    }

    /// Distinct terms with a count in each group (stop words excluded).
    pub fn types_per_group(&self) -> Vec<u64> {
        let mut types = vec![0u64; self.groups.len()];
        for t in &self.terms {
            for c in &t.cells {
                if c.count > 0 {
                    types[c.group as usize] += 1;
                }
            }
        }
        types
    }

    /// Tokens over all groups.
    pub fn total_tokens(&self) -> u64 {
        self.groups.iter().map(|g| g.tokens).sum()
    }
}

/// Sort and merge a term's cells and forms, and pick its display form.
fn finish_term(mut t: TermCounts) -> TermCounts {
    t.cells.sort_by_key(|c| c.group);
    t.cells.dedup_by(|later, earlier| {
        if later.group == earlier.group {
            earlier.count += later.count;
            earlier.docs += later.docs;
            true
        } else {
            false
        }
    });
    t.forms.sort();
    t.forms.dedup_by(|later, earlier| {
        if later.0 == earlier.0 {
            earlier.1 += later.1;
            true
        } else {
            false
        }
    });
    // Most frequent form; ties go to the smallest word (first in sort order).
    t.display = t
        .forms
        .iter()
        .fold(None::<&(String, u64)>, |best, f| match best {
            Some(b) if b.1 >= f.1 => Some(b),
            _ => Some(f),
        })
        .map(|f| f.0.clone())
        .unwrap_or_else(|| t.term.clone());
    t
}
