//! The merged count table: per group totals and per group × term counts and
//! document frequencies, with each term's surface forms. Counts are additive,
//! so tables counted on shards of a corpus [`merge`](Counts::merge) into the
//! table of the whole corpus (README, "Speed and scale").

use rustc_hash::FxHashMap;

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

/// `(term, group index, count, docs)` as produced by a worker.
pub(crate) type CellPart = (String, usize, u64, u64);
/// `(term, surface word, count)`.
pub(crate) type FormPart = (String, String, u64);

impl Counts {
    /// Build a table from loose parts (group indices refer to `groups`).
    pub(crate) fn from_parts(
        groups: Vec<GroupTotals>,
        cells: Vec<CellPart>,
        forms: Vec<FormPart>,
    ) -> Counts {
        // Merge groups by name, sorted.
        let mut by_name: Vec<GroupTotals> = Vec::new();
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by(|&a, &b| groups[a].name.cmp(&groups[b].name));
        let mut remap = vec![0u32; groups.len()];
        for i in order {
            let g = &groups[i];
            match by_name.last_mut() {
                Some(last) if last.name == g.name => {
                    last.docs += g.docs;
                    last.empty_docs += g.empty_docs;
                    last.tokens += g.tokens;
                }
                _ => by_name.push(g.clone()),
            }
            remap[i] = (by_name.len() - 1) as u32;
        }
        let mut terms: FxHashMap<String, TermCounts> = FxHashMap::default();
        for (term, g, count, docs) in cells {
            slot(&mut terms, term).cells.push(Cell {
                group: remap[g],
                count,
                docs,
            });
        }
        for (term, form, count) in forms {
            slot(&mut terms, term).forms.push((form, count));
        }
        let mut terms: Vec<TermCounts> = terms.into_values().map(finish_term).collect();
        terms.sort_by(|a, b| a.term.cmp(&b.term));
        Counts {
            groups: by_name,
            terms,
        }
    }

    /// Build a table from per-term tables: `cells[t]` maps group index →
    /// (count, docs) for term `t` of `terms`, `forms[t]` its surface words.
    pub(crate) fn from_term_tables(
        groups: Vec<GroupTotals>,
        terms: &crate::count::interner::Interner,
        cells: Vec<FxHashMap<u32, (u64, u64)>>,
        forms: Vec<Vec<(String, u64)>>,
    ) -> Counts {
        // groups sorted by name (names are distinct here)
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by(|&a, &b| groups[a].name.cmp(&groups[b].name));
        let mut remap = vec![0u32; groups.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new as u32;
        }
        let sorted_groups: Vec<GroupTotals> = order.iter().map(|&i| groups[i].clone()).collect();
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
                        .map(|(g, (count, docs))| Cell {
                            group: remap[g as usize],
                            count,
                            docs,
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
        let (mut groups, mut cells, mut forms) = self.into_parts(0);
        let offset = groups.len();
        let (g2, c2, f2) = other.into_parts(offset);
        groups.extend(g2);
        cells.extend(c2);
        forms.extend(f2);
        Counts::from_parts(groups, cells, forms)
    }

    fn into_parts(self, offset: usize) -> (Vec<GroupTotals>, Vec<CellPart>, Vec<FormPart>) {
        let mut cells = Vec::new();
        let mut forms = Vec::new();
        for t in self.terms {
            for c in &t.cells {
                cells.push((t.term.clone(), offset + c.group as usize, c.count, c.docs));
            }
            for (f, n) in t.forms {
                forms.push((t.term.clone(), f, n));
            }
        }
        (self.groups, cells, forms)
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

fn slot(terms: &mut FxHashMap<String, TermCounts>, term: String) -> &mut TermCounts {
    terms.entry(term).or_insert_with_key(|k| TermCounts {
        term: k.clone(),
        display: String::new(),
        forms: Vec::new(),
        cells: Vec::new(),
    })
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
