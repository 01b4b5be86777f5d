//! One group's term cells inside a worker: `(count, documents)` per local
//! term id. A group starts as a hash map (a group may use few of the
//! worker's terms: a month, a small outlet) and becomes a vector indexed by
//! term id once it holds a quarter of the worker's terms, where the vector
//! is no larger than the map and costs one memory access per term instead
//! of a probe.

use rustc_hash::FxHashMap;

/// Fewest worker terms before a group may turn dense.
const DENSE_MIN_TERMS: usize = 1024;

/// `(count, documents)` per local term id.
#[derive(Debug)]
pub(crate) enum TermCells {
    /// Few terms: a hash map.
    Sparse(FxHashMap<u32, (u64, u64)>),
    /// Many terms: indexed by term id (`(0, 0)` = absent).
    Dense(Vec<(u64, u64)>),
}

impl Default for TermCells {
    fn default() -> Self {
        TermCells::Sparse(FxHashMap::default())
    }
}

impl TermCells {
    /// Add `count` occurrences in one document of term `t`, in a worker that
    /// knows `vocab` terms (`t < vocab`).
    #[inline]
    pub(crate) fn add(&mut self, t: u32, count: u64, vocab: usize) {
        match self {
            TermCells::Dense(v) => {
                if v.len() <= t as usize {
                    v.resize(vocab.max(t as usize + 1), (0, 0));
                }
                let cell = &mut v[t as usize];
                cell.0 += count;
                cell.1 += 1;
            }
            TermCells::Sparse(m) => {
                let cell = m.entry(t).or_insert((0, 0));
                cell.0 += count;
                cell.1 += 1;
                if vocab >= DENSE_MIN_TERMS && m.len() * 4 > vocab {
                    let mut v = vec![(0, 0); vocab];
                    for (&t, &c) in m.iter() {
                        v[t as usize] = c;
                    }
                    *self = TermCells::Dense(v);
                }
            }
        }
    }

    /// Start fetching the cell of term `t` into the CPU's cache (when the
    /// cells are dense and have one for it).
    #[inline]
    pub(crate) fn prefetch(&self, t: u32) {
        if let TermCells::Dense(v) = self {
            if let Some(cell) = v.get(t as usize) {
                crate::hint::prefetch(cell);
            }
        }
    }

    /// Every present term with its `(count, documents)`.
    pub(crate) fn into_cells(self) -> Box<dyn Iterator<Item = (u32, (u64, u64))>> {
        match self {
            TermCells::Sparse(m) => Box::new(m.into_iter()),
            TermCells::Dense(v) => Box::new(
                v.into_iter()
                    .enumerate()
                    .filter(|(_, c)| c.1 > 0)
                    .map(|(t, c)| (t as u32, c)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn dense_and_sparse_hold_the_same_cells(adds in proptest::collection::vec((0u32..3000, 1u64..5), 0..3000)) {
            let mut cells = TermCells::default();
            let mut expected: FxHashMap<u32, (u64, u64)> = FxHashMap::default();
            let mut vocab = 0;
            for &(t, n) in &adds {
                vocab = vocab.max(t as usize + 1);
                cells.add(t, n, vocab);
                let e = expected.entry(t).or_insert((0, 0));
                e.0 += n;
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
