//! Per-document numbers kept for the bootstrap and the document-level
//! tests, stored at the narrowest unsigned width that holds every value so
//! far: a document's hits in one category rarely pass 255, so a million
//! documents × 20 categories take 20 MB instead of 80.

/// A growable vector of unsigned integers at the narrowest width that holds
/// every value pushed so far (u8, widened to u16, u32, then u64 as needed).
#[derive(Debug, Clone, PartialEq)]
pub enum Narrow {
    /// Every value < 2⁸.
    U8(Vec<u8>),
    /// Every value < 2¹⁶.
    U16(Vec<u16>),
    /// Every value < 2³².
    U32(Vec<u32>),
    /// Any value.
    U64(Vec<u64>),
}

impl Default for Narrow {
    fn default() -> Self {
        Narrow::U8(Vec::new())
    }
}

/// Run `$body` with `$v` bound to the slice inside a [`Narrow`], whatever
/// its width (each width compiles its own copy of `$body`).
#[macro_export]
#[doc(hidden)]
macro_rules! with_narrow {
    ($n:expr, $v:ident => $body:expr) => {
        match $n {
            $crate::count::narrow::Narrow::U8($v) => $body,
            $crate::count::narrow::Narrow::U16($v) => $body,
            $crate::count::narrow::Narrow::U32($v) => $body,
            $crate::count::narrow::Narrow::U64($v) => $body,
        }
    };
}

fn widen<A: Copy, B: From<A>>(v: &[A]) -> Vec<B> {
    v.iter().map(|&x| B::from(x)).collect()
}

impl Narrow {
    /// Append `x`, widening the storage first if it does not fit.
    pub fn push(&mut self, x: u64) {
        loop {
            match self {
                Narrow::U8(v) => match u8::try_from(x) {
                    Ok(x) => return v.push(x),
                    Err(_) => *self = Narrow::U16(widen(v)),
                },
                Narrow::U16(v) => match u16::try_from(x) {
                    Ok(x) => return v.push(x),
                    Err(_) => *self = Narrow::U32(widen(v)),
                },
                Narrow::U32(v) => match u32::try_from(x) {
                    Ok(x) => return v.push(x),
                    Err(_) => *self = Narrow::U64(widen(v)),
                },
                Narrow::U64(v) => return v.push(x),
            }
        }
    }

    /// Append every value of `xs`.
    pub fn extend(&mut self, xs: impl IntoIterator<Item = u64>) {
        xs.into_iter().for_each(|x| self.push(x));
    }

    /// The value at `i`.
    #[inline]
    #[allow(clippy::useless_conversion)] // u64 → u64 in the widest arm
    pub fn get(&self, i: usize) -> u64 {
        with_narrow!(self, v => u64::from(v[i]))
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        with_narrow!(self, v => v.len())
    }

    /// No values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The largest value (0 when empty).
    #[allow(clippy::useless_conversion)]
    pub fn max(&self) -> u64 {
        with_narrow!(self, v => v.iter().copied().max().map_or(0, u64::from))
    }

    /// Every value, widened.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn holds_what_was_pushed_at_the_narrowest_width(xs in proptest::collection::vec(
            proptest::prop_oneof![0u64..256, 0u64..70_000, 0u64..5_000_000_000, proptest::num::u64::ANY], 0..50)) {
            let mut n = Narrow::default();
            n.extend(xs.iter().copied());
            proptest::prop_assert_eq!(n.iter().collect::<Vec<_>>(), xs.clone());
            proptest::prop_assert_eq!(n.max(), xs.iter().copied().max().unwrap_or(0));
            let width = match &n { Narrow::U8(_) => 8, Narrow::U16(_) => 16, Narrow::U32(_) => 32, Narrow::U64(_) => 64 };
            let needed = xs.iter().map(|&x| if x < 256 { 8 } else if x < 65_536 { 16 } else if x <= u32::MAX as u64 { 32 } else { 64 }).max().unwrap_or(8);
            proptest::prop_assert_eq!(width, needed);
        }
    }
}
