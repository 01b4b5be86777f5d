//! The raw-word cache's table for words of up to 8 or 16 bytes, keyed by
//! the word's bytes packed into an integer ([`Packed`]): open addressing
//! with linear probing, so that a key's slot is known from its hash alone
//! and can be fetched into the cache ahead of the lookup
//! ([`PackedTable::prefetch`]). The counting loop segments a whole document
//! first, prefetching each word's slot, then looks the words up: the
//! lookups find their slots in the cache instead of waiting for memory one
//! after the other.

use crate::hint::prefetch;

/// A word packed little-endian into an integer, zero-padded. A word never
/// contains a NUL byte, so no word packs to zero: zero marks an empty slot.
pub(crate) trait Packed: Copy + Eq + Default {
    /// A well-mixed 64-bit hash; the table takes its top bits.
    fn spread(self) -> u64;
}

/// Multiplier of Fibonacci hashing (2⁶⁴ / φ): its product's top bits mix
/// every bit of the key.
const PHI: u64 = 0x9E37_79B9_7F4A_7C15;

impl Packed for u64 {
    #[inline]
    fn spread(self) -> u64 {
        self.wrapping_mul(PHI)
    }
}

impl Packed for u128 {
    #[inline]
    fn spread(self) -> u64 {
        let (lo, hi) = (self as u64, (self >> 64) as u64);
        (lo.wrapping_mul(PHI) ^ hi).wrapping_mul(PHI)
    }
}

/// One slot: a key (zero when empty) and its value.
#[derive(Debug, Clone, Copy, Default)]
struct Slot<K, V> {
    key: K,
    value: V,
}

/// Fewest slots.
const MIN_SLOTS: usize = 1024;

/// Packed word → `V`; see the module doc.
#[derive(Debug)]
pub(crate) struct PackedTable<K, V> {
    slots: Vec<Slot<K, V>>,
    /// `64 − log2(slots)`: a key's first slot is the top bits of its hash.
    shift: u32,
    len: usize,
}

impl<K: Packed, V: Copy + Default> Default for PackedTable<K, V> {
    fn default() -> Self {
        PackedTable::with_slots(MIN_SLOTS)
    }
}

impl<K: Packed, V: Copy + Default> PackedTable<K, V> {
    fn with_slots(n: usize) -> Self {
        debug_assert!(n.is_power_of_two());
        PackedTable {
            slots: vec![Slot::default(); n],
            shift: 64 - n.trailing_zeros(),
            len: 0,
        }
    }

    /// The first slot to look at for `key`.
    #[inline]
    fn home(&self, key: K) -> usize {
        (key.spread() >> self.shift) as usize
    }

    /// Ask the CPU to fetch `key`'s first slot into the cache.
    #[inline]
    pub(crate) fn prefetch(&self, key: K) {
        if let Some(slot) = self.slots.get(self.home(key)) {
            prefetch(slot);
        }
    }

    /// The value of `key` (not zero).
    #[inline]
    pub(crate) fn get(&self, key: K) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            if slot.key == key {
                return Some(slot.value);
            }
            if slot.key == K::default() {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Add `key` (not zero, not in the table yet) with `value`.
    pub(crate) fn insert(&mut self, key: K, value: V) {
        debug_assert!(key != K::default(), "a packed word is never zero");
        // at most 70% full: a lookup reads 1.5 slots on average when found
        if (self.len + 1) * 10 > self.slots.len() * 7 {
            self.grow();
        }
        self.place(key, value);
        self.len += 1;
    }

    fn place(&mut self, key: K, value: V) {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].key != K::default() {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { key, value };
    }

    fn grow(&mut self) {
        let old = std::mem::replace(self, PackedTable::with_slots(self.slots.len() * 2));
        for s in old.slots {
            if s.key != K::default() {
                self.place(s.key, s.value);
            }
        }
        self.len = old.len;
    }

    /// Keys held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    proptest::proptest! {
        #[test]
        fn finds_what_a_hash_map_finds(keys in proptest::collection::vec(1u64..5000, 0..4000), probes in proptest::collection::vec(1u64..6000, 0..200)) {
            let mut t: PackedTable<u64, u32> = PackedTable::default();
            let mut m = HashMap::new();
            for (i, k) in keys.iter().enumerate() {
                if !m.contains_key(k) {
                    m.insert(*k, i as u32);
                    t.insert(*k, i as u32);
                }
            }
            proptest::prop_assert_eq!(t.len(), m.len());
            for k in keys.iter().chain(&probes) {
                t.prefetch(*k);
                proptest::prop_assert_eq!(t.get(*k), m.get(k).copied());
            }
        }

        #[test]
        fn wide_keys_that_differ_only_in_their_high_half_stay_apart(lo in 1u64.., his in proptest::collection::vec(0u64..64, 1..64)) {
            let mut t: PackedTable<u128, u32> = PackedTable::default();
            let mut distinct: Vec<u128> = his.iter().map(|&h| (u128::from(h) << 64) | u128::from(lo)).collect();
            distinct.sort_unstable();
            distinct.dedup();
            for (i, &k) in distinct.iter().enumerate() {
                t.insert(k, i as u32);
            }
            for (i, &k) in distinct.iter().enumerate() {
                proptest::prop_assert_eq!(t.get(k), Some(i as u32));
            }
            proptest::prop_assert_eq!(t.get(u128::from(lo) | (99u128 << 64)), None);
        }
    }

    #[test]
    fn grows_past_its_first_slots_and_keeps_every_key() {
        let mut t: PackedTable<u64, u32> = PackedTable::default();
        let n = MIN_SLOTS as u64 * 5;
        for k in 1..=n {
            t.insert(k * 7919, k as u32);
        }
        assert!(t.slots.len() > MIN_SLOTS * 4);
        assert!(t.len * 10 <= t.slots.len() * 7, "at most 70% full");
        for k in 1..=n {
            assert_eq!(t.get(k * 7919), Some(k as u32));
        }
        assert_eq!(t.get(3), None);
    }
}
