//! One group's term cells inside a worker: `(count, documents)` per local
//! term id. A group starts as a hash map (a group may use few of the
//! worker's terms: a month, a small outlet) and becomes a vector indexed by
//! term id once it holds a quarter of the worker's terms, where the vector
//! is no larger than the map and costs one memory access per term instead
//! of a probe. The vector's cells are 32-bit (eight bytes a term, half the
//! cache lines of 64-bit ones); the worker moves them into 64-bit cells
//! ([`TermCells::widen`]) before 4 GiB of text could overflow one.

use rustc_hash::FxHashMap;

/// Fewest worker terms before a group may turn dense.
const DENSE_MIN_TERMS: usize = 1024;

/// `(count, documents)` per local term id.
#[derive(Debug)]
pub(crate) enum TermCells {
    /// Few terms: a hash map.
    Sparse(FxHashMap<u32, (u64, u64)>),
    /// Many terms: indexed by term id (`(0, 0)` = absent).
    Dense {
        /// The counts since the last [`TermCells::widen`].
        narrow: Vec<(u32, u32)>,
        /// The counts moved out of `narrow` (shorter, or empty, until the
        /// first move).
        wide: Vec<(u64, u64)>,
    },
}

impl Default for TermCells {
    fn default() -> Self {
        TermCells::Sparse(FxHashMap::default())
    }
}

impl TermCells {
    /// Add `count` occurrences in one document of term `t`, in a worker that
    /// knows `vocab` terms (`t < vocab`). The caller widens the cells
    /// before their counts or documents could pass `u32::MAX`.
    #[inline]
    pub(crate) fn add(&mut self, t: u32, count: u32, vocab: usize) {
        match self {
            TermCells::Dense { narrow, .. } => {
                if narrow.len() <= t as usize {
                    narrow.resize(vocab.max(t as usize + 1), (0, 0));
                }
                let cell = &mut narrow[t as usize];
                cell.0 += count;
                cell.1 += 1;
            }
            TermCells::Sparse(m) => {
                let cell = m.entry(t).or_insert((0, 0));
                cell.0 += u64::from(count);
                cell.1 += 1;
                if vocab >= DENSE_MIN_TERMS && m.len() * 4 > vocab {
                    let (mut narrow, mut wide) = (vec![(0, 0); vocab], Vec::new());
                    for (&t, &(n, d)) in m.iter() {
                        match (u32::try_from(n), u32::try_from(d)) {
                            (Ok(n), Ok(d)) => narrow[t as usize] = (n, d),
                            _ => {
                                wide.resize(vocab, (0, 0));
                                wide[t as usize] = (n, d);
                            }
                        }
                    }
                    *self = TermCells::Dense { narrow, wide };
                }
            }
        }
    }

    /// Move the 32-bit counts into the 64-bit ones.
    pub(crate) fn widen(&mut self) {
        if let TermCells::Dense { narrow, wide } = self {
            wide.resize(wide.len().max(narrow.len()), (0, 0));
            for (w, n) in wide.iter_mut().zip(narrow.iter_mut()) {
                w.0 += u64::from(n.0);
                w.1 += u64::from(n.1);
                *n = (0, 0);
            }
        }
    }

    /// Start fetching the cell of term `t` into the CPU's cache (when the
    /// cells are dense and have one for it).
    #[inline]
    pub(crate) fn prefetch(&self, t: u32) {
        if let TermCells::Dense { narrow, .. } = self {
            if let Some(cell) = narrow.get(t as usize) {
                crate::hint::prefetch(cell);
            }
        }
    }

    /// Every present term with its `(count, documents)`.
    pub(crate) fn into_cells(self) -> Box<dyn Iterator<Item = (u32, (u64, u64))>> {
        match self {
            TermCells::Sparse(m) => Box::new(m.into_iter()),
            TermCells::Dense { narrow, wide } => Box::new(
                narrow
                    .into_iter()
                    .enumerate()
                    .map(move |(t, (n, d))| {
                        let (wn, wd) = wide.get(t).copied().unwrap_or((0, 0));
                        (t as u32, (wn + u64::from(n), wd + u64::from(d)))
                    })
                    .filter(|(_, c)| c.1 > 0),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn dense_and_sparse_hold_the_same_cells(
            adds in proptest::collection::vec((0u32..3000, 1u32..5), 0..3000),
            widen_at in proptest::collection::vec(0usize..3000, 0..3),
        ) {
            let mut cells = TermCells::default();
            let mut expected: FxHashMap<u32, (u64, u64)> = FxHashMap::default();
            let mut vocab = 0;
            for (i, &(t, n)) in adds.iter().enumerate() {
                vocab = vocab.max(t as usize + 1);
                cells.add(t, n, vocab);
                if widen_at.contains(&i) {
                    cells.widen();
                }
                let e = expected.entry(t).or_insert((0, 0));
                e.0 += u64::from(n);
                e.1 += 1;
            }
            let mut got: Vec<_> = cells.into_cells().collect();
            got.sort_unstable();
            let mut want: Vec<_> = expected.into_iter().collect();
            want.sort_unstable();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
