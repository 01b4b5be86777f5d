//! A string interner: each distinct string gets a dense `u32` id.

use rustc_hash::FxHashMap;

/// Maps strings to dense ids and back.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    map: FxHashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    /// The id of `s`, adding it if new. Returns `(id, was_new)`.
    pub fn intern(&mut self, s: &str) -> (u32, bool) {
        if let Some(&id) = self.map.get(s) {
            return (id, false);
        }
        let id = self.strings.len() as u32;
        let boxed: Box<str> = s.into();
        self.map.insert(boxed.clone(), id);
        self.strings.push(boxed);
        (id, true)
    }

    /// The id of `s`, if interned.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.map.get(s).copied()
    }

    /// The string of `id`.
    pub fn resolve(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }

    /// How many strings are interned.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// True when nothing is interned.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dense_and_stable() {
        let mut i = Interner::default();
        assert_eq!(i.intern("a"), (0, true));
        assert_eq!(i.intern("b"), (1, true));
        assert_eq!(i.intern("a"), (0, false));
        assert_eq!(i.resolve(1), "b");
        assert_eq!(i.get("c"), None);
        assert_eq!(i.len(), 2);
    }
}
