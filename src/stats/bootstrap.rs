//! Document-level bootstrap for word rates (Lijffijt et al. 2016).
//!
//! Tokens within a document are not independent draws, so token-level
//! tests (G², log-odds) overstate significance for bursty words. Lijffijt
//! et al. recommend resampling whole documents instead: draw the group's
//! documents with replacement, recompute the pooled rate
//!
//! ```text
//! rate = 10000 · Σ hits / Σ tokens        (per 10,000 tokens)
//! ```
//!
//! and read the interval off the replicate distribution.
//!
//! Randomness comes from SplitMix64 (Steele, Lea & Flood 2014; Vigna's
//! reference `splitmix64.c`), implemented here so that results are
//! bit-for-bit reproducible from a `u64` seed across crate versions and
//! platforms. Each group's stream is seeded by [`group_seed`] from the run
//! seed and the group's index, so results do not depend on thread count or
//! the order in which groups are processed.

use crate::hint::prefetch;

/// The SplitMix64 pseudo-random generator (Steele, Lea & Flood 2014, as in
/// Sebastiano Vigna's public-domain `splitmix64.c`):
///
/// ```text
/// state ← state + 0x9E3779B97F4A7C15            (mod 2⁶⁴)
/// z ← (state ⊕ (state ≫ 30)) · 0xBF58476D1CE4E5B9
/// z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB
/// output z ⊕ (z ≫ 31)
/// ```
///
/// Seeded with 1234567 its first outputs are 6457827717110365317,
/// 3203168211198807973, 9817491932198370423 (Rosetta Code's reference).
/// Not cryptographic; period 2⁶⁴.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

/// SplitMix64's increment, ⌊2⁶⁴/φ⌋ rounded to odd (the "golden gamma").
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function (a variant of MurmurHash3's fmix64 with
/// Stafford's "Mix13" constants); a bijection on u64.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl SplitMix64 {
    /// A generator whose state is `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }

    /// A uniform integer in `0..n`, without modulo bias, by Lemire's (2019)
    /// multiply-and-reject method: take the high 64 bits of x·n for a
    /// random 64-bit x, rejecting x whose low 64 bits fall below
    /// 2⁶⁴ mod n. `n = 0` returns 0.
    pub fn next_below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        let mut low = m as u64;
        if low < n {
            let threshold = n.wrapping_neg() % n;
            while low < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
                low = m as u64;
            }
        }
        (m >> 64) as u64
    }

    /// A uniform `f64` in [0, 1): the top 53 bits of [`Self::next_u64`]
    /// times 2⁻⁵³.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The seed of group `group_index`'s bootstrap stream in a run seeded with
/// `run_seed`: the (group_index + 1)-th output of `SplitMix64::new(run_seed)`,
/// i.e. `mix64(run_seed + (group_index + 1)·0x9E3779B97F4A7C15)` computed
/// in O(1). Distinct group indices give distinct seeds (the map is a
/// bijection), and the result depends on nothing but the two numbers.
pub fn group_seed(run_seed: u64, group_index: u64) -> u64 {
    mix64(run_seed.wrapping_add(group_index.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA)))
}

/// Tokens per which rates are expressed: rates are per 10,000 tokens.
pub const RATE_SCALE: f64 = 10_000.0;

/// Pooled rate per 10,000 tokens of a set of `(hits, tokens)` documents,
/// 10000 · Σ hits / Σ tokens. `None` when Σ tokens = 0 (including no
/// documents). Sums are taken in u128, so they cannot overflow.
pub fn pooled_rate(docs: &[(u64, u64)]) -> Option<f64> {
    let (h, t) = docs.iter().fold((0u128, 0u128), |(h, t), &(dh, dt)| {
        (h + u128::from(dh), t + u128::from(dt))
    });
    ratio(h, t)
}

fn ratio(hits: u128, tokens: u128) -> Option<f64> {
    (tokens > 0).then(|| RATE_SCALE * hits as f64 / tokens as f64)
}

/// One bootstrap replicate: `docs.len()` documents drawn with replacement,
/// pooled rate per 10k (`None` if the drawn documents have no tokens).
fn resample_rate(docs: &[(u64, u64)], rng: &mut SplitMix64) -> Option<f64> {
    let n = docs.len() as u64;
    let (mut h, mut t) = (0u128, 0u128);
    for _ in 0..docs.len() {
        let (dh, dt) = docs[rng.next_below(n) as usize];
        h += u128::from(dh);
        t += u128::from(dt);
    }
    ratio(h, t)
}

/// Percentile of an ascending-sorted, non-empty slice by linear
/// interpolation between order statistics — Hyndman & Fan's (1996)
/// definition 7, the default of R's `quantile` and NumPy's `percentile`:
///
/// ```text
/// h = (R − 1)·q,   x_q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])   (0-based)
/// ```
///
/// `None` for an empty slice or `q` outside [0, 1] (or NaN). The slice must
/// be sorted ascending; this is not checked.
pub fn percentile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let frac = h - h.floor();
    let x_lo = sorted[lo];
    match sorted.get(lo + 1) {
        Some(&x_hi) if frac > 0.0 => Some(x_lo + frac * (x_hi - x_lo)),
        _ => Some(x_lo),
    }
}

fn interval_95(mut values: Vec<f64>) -> Option<(f64, f64)> {
    values.sort_by(f64::total_cmp);
    Some((
        percentile_sorted(&values, 0.025)?,
        percentile_sorted(&values, 0.975)?,
    ))
}

/// Percentile bootstrap 95% interval of a group's rate per 10,000 tokens
/// (Lijffijt et al. 2016): `r` replicates, each drawing `docs.len()`
/// documents with replacement and computing 10000·Σhits/Σtokens; the
/// interval is the 2.5th and 97.5th percentiles of the replicate rates
/// ([`percentile_sorted`], Hyndman & Fan type 7).
///
/// `docs` holds one `(hits, tokens)` pair per document. `seed` seeds the
/// SplitMix64 stream; derive it with [`group_seed`]. The same inputs always
/// give the same interval.
///
/// Degenerate cases: no documents, or `r = 0` → `None`. A replicate whose
/// drawn documents have no tokens has no rate and is left out; if every
/// replicate is left out (e.g. all documents have 0 tokens) → `None`.
/// Hits are not checked against tokens.
pub fn bootstrap_rate_ci(docs: &[(u64, u64)], r: usize, seed: u64) -> Option<(f64, f64)> {
    if docs.is_empty() || r == 0 {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let rates: Vec<f64> = (0..r)
        .filter_map(|_| resample_rate(docs, &mut rng))
        .collect();
    if rates.is_empty() {
        return None;
    }
    interval_95(rates)
}

/// [`bootstrap_rate_ci`] for several categories at once: every replicate
/// draws one resample of the documents and computes the rate of each
/// category on it, so the cost is R·n draws whatever the number of
/// categories (up to [`BLOCK_CATEGORIES`]; more are done in blocks, each
/// replaying the same draws). `hits` is row-major
/// (`hits[d * categories + c]`), `tokens` has one entry per document. For
/// each category the result equals [`bootstrap_rate_ci`] on that category's
/// `(hits, tokens)` pairs with the same seed (tested). Counts may be stored
/// at any unsigned width.
pub fn bootstrap_rate_cis<H, T>(
    hits: &[H],
    tokens: &[T],
    categories: usize,
    r: usize,
    seed: u64,
) -> Vec<Option<(f64, f64)>>
where
    H: Copy + Into<u64>,
    T: Copy + Into<u64>,
{
    let n = tokens.len();
    if n == 0 || r == 0 || categories == 0 || hits.len() != n * categories {
        return vec![None; categories];
    }
    // Sums are kept in the narrowest of u32, u64 and u128 that n draws of
    // the largest document cannot overflow, and hits are stored at the
    // narrowest width that holds every count (sixteen-bit cells are added
    // eight to an SSE2 instruction).
    let max_hits = hits.iter().map(|&h| h.into()).max().unwrap_or(0);
    let max_tokens = tokens.iter().map(|&t| t.into()).max().unwrap_or(0);
    let widest = max_tokens.max(max_hits);
    let data = Draws {
        hits,
        tokens,
        categories,
        r,
        seed,
    };
    let rates = match ((n as u64).checked_mul(widest), max_hits) {
        (Some(m), h) if m <= u64::from(u32::MAX) && h <= u64::from(u16::MAX) => {
            data.rates::<u32, u16>()
        }
        (Some(m), _) if m <= u64::from(u32::MAX) => data.rates::<u32, u32>(),
        (Some(_), h) if h <= u64::from(u16::MAX) => data.rates::<u64, u16>(),
        (Some(_), h) if h <= u64::from(u32::MAX) => data.rates::<u64, u32>(),
        (Some(_), _) => data.rates::<u64, u64>(),
        (None, _) => data.rates::<u128, u64>(),
    };
    rates
        .into_iter()
        .map(|v| if v.is_empty() { None } else { interval_95(v) })
        .collect()
}

/// Draws made (and their rows fetched) before they are added.
const DRAW_AHEAD: usize = 64;

/// Most categories resampled in one pass over the draws: 32 lanes, which
/// stay in registers.
pub const BLOCK_CATEGORIES: usize = 32;

/// An accumulator of [`Draws::rates`]; the caller picks one that cannot
/// overflow.
trait Sum: Copy + Default + std::ops::Add<Output = Self> {
    fn wide(self) -> u128;
    /// `x`, which the caller knows to fit.
    fn from_count(x: u64) -> Self;
}

impl Sum for u32 {
    fn wide(self) -> u128 {
        self.into()
    }
    fn from_count(x: u64) -> Self {
        x as u32
    }
}

impl Sum for u64 {
    fn wide(self) -> u128 {
        self.into()
    }
    fn from_count(x: u64) -> Self {
        x
    }
}

impl Sum for u128 {
    fn wide(self) -> u128 {
        self
    }
    fn from_count(x: u64) -> Self {
        x.into()
    }
}

/// A hit count as stored for resampling; the caller picks a width that
/// holds every count, so the conversion never truncates.
trait Cell: Copy + Default + std::ops::Add<Output = Self> {
    /// The largest value of the type.
    const MAX: u64;
    fn from_count(x: u64) -> Self;
}

impl Cell for u16 {
    const MAX: u64 = u16::MAX as u64;
    fn from_count(x: u64) -> Self {
        x as u16
    }
}

impl Cell for u32 {
    const MAX: u64 = u32::MAX as u64;
    fn from_count(x: u64) -> Self {
        x as u32
    }
}

impl Cell for u64 {
    const MAX: u64 = u64::MAX;
    fn from_count(x: u64) -> Self {
        x
    }
}

/// The inputs of [`bootstrap_rate_cis`].
struct Draws<'a, H, T> {
    hits: &'a [H],
    tokens: &'a [T],
    categories: usize,
    r: usize,
    seed: u64,
}

impl<H: Copy + Into<u64>, T: Copy + Into<u64>> Draws<'_, H, T> {
    /// The `r` replicate rates per category, summed in `A` from hits stored
    /// as `E`, in blocks of up to [`BLOCK_CATEGORIES`] categories.
    fn rates<A: Sum, E: Cell + Into<A>>(&self) -> Vec<Vec<f64>> {
        let mut rates: Vec<Vec<f64>> = vec![Vec::with_capacity(self.r); self.categories];
        for (b, out) in rates.chunks_mut(BLOCK_CATEGORIES).enumerate() {
            let first = b * BLOCK_CATEGORIES;
            match out.len().div_ceil(8) {
                1 => self.block::<A, E, 8>(first, out),
                2 => self.block::<A, E, 16>(first, out),
                3 => self.block::<A, E, 24>(first, out),
                _ => self.block::<A, E, 32>(first, out),
            }
        }
        rates
    }

    /// The replicate rates of categories `first..first + out.len()` into
    /// `out`. Each document is one row of `W` lanes (its hits in those
    /// categories, then zeros) and its tokens. The draws of a replicate
    /// are made [`DRAW_AHEAD`] at a time; their rows are added in `E`
    /// (as many at once as cannot overflow it), then into `W` sums of `A`,
    /// which stay in registers. Sums of integers do not depend on the order
    /// of addition, so the rates equal those of drawing `(hits, tokens)`
    /// pairs one by one.
    fn block<A: Sum, E: Cell + Into<A>, const W: usize>(&self, first: usize, out: &mut [Vec<f64>]) {
        let (n, c) = (self.tokens.len(), self.categories);
        let tokens: Vec<A> = self
            .tokens
            .iter()
            .map(|&t| A::from_count(t.into()))
            .collect();
        let mut max_hits = 0;
        let rows: Vec<[E; W]> = (0..n)
            .map(|d| {
                let mut row = [E::default(); W];
                let hits = &self.hits[d * c + first..d * c + first + out.len()];
                for (cell, &h) in row.iter_mut().zip(hits) {
                    let h = h.into();
                    max_hits = max_hits.max(h);
                    *cell = E::from_count(h);
                }
                row
            })
            .collect();
        // rows added in `E` before it could overflow
        let per_part = (E::MAX / max_hits.max(1)).clamp(1, DRAW_AHEAD as u64) as usize;
        let mut rng = SplitMix64::new(self.seed);
        // The rows of a group (tens of thousands of documents) live in the
        // outer caches: drawing ahead and fetching them first keeps the adds
        // from waiting for each row in turn.
        let mut drawn = [0usize; DRAW_AHEAD];
        for _ in 0..self.r {
            let mut sums = [A::default(); W];
            let mut total = A::default();
            let mut left = n;
            while left > 0 {
                let m = left.min(DRAW_AHEAD);
                for d in &mut drawn[..m] {
                    *d = rng.next_below(n as u64) as usize;
                    let row = &rows[*d];
                    prefetch(&row[0]);
                    prefetch(&row[W - 1]);
                }
                for part in drawn[..m].chunks(per_part) {
                    let mut partial = [E::default(); W];
                    for &d in part {
                        total = total + tokens[d];
                        for (p, &x) in partial.iter_mut().zip(&rows[d]) {
                            *p = *p + x;
                        }
                    }
                    for (s, &p) in sums.iter_mut().zip(&partial) {
                        *s = *s + p.into();
                    }
                }
                left -= m;
            }
            let total = total.wide();
            for (rates, s) in out.iter_mut().zip(&sums) {
                if let Some(rate) = ratio(s.wide(), total) {
                    rates.push(rate);
                }
            }
        }
    }
}

/// Document-level bootstrap comparison of two groups' rates (e.g. one
/// outlet against all the others; Lijffijt et al. 2016). Each of the `r`
/// replicates resamples `a`'s documents and then `b`'s, each with
/// replacement and from one SplitMix64 stream seeded with `seed`, and
/// records the difference d* = rate_a* − rate_b* (per 10,000 tokens).
///
/// Returns `(ci_low, ci_high, p_value)`: the 2.5th and 97.5th percentiles
/// of d* (Hyndman & Fan type 7) and the two-sided bootstrap p-value
///
/// ```text
/// p = min(1, 2·min( (#{d* ≤ 0} + 1)/(R + 1), (#{d* ≥ 0} + 1)/(R + 1) ))
/// ```
///
/// where R is the number of usable replicates. The +1 terms (Davison &
/// Hinkley 1997, ch. 4) count the observed data as one replicate, so p
/// is never exactly 0; the smallest attainable p is 2/(R+1). Replicates
/// with d* = 0 count in both tails, which keeps p conservative.
///
/// Degenerate cases: either group without documents, or `r = 0` → `None`.
/// A replicate in which either side draws no tokens is left out; if all
/// are left out → `None`.
pub fn bootstrap_rate_diff(
    a: &[(u64, u64)],
    b: &[(u64, u64)],
    r: usize,
    seed: u64,
) -> Option<(f64, f64, f64)> {
    if a.is_empty() || b.is_empty() || r == 0 {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let mut diffs = Vec::with_capacity(r);
    for _ in 0..r {
        let ra = resample_rate(a, &mut rng);
        let rb = resample_rate(b, &mut rng);
        if let (Some(ra), Some(rb)) = (ra, rb) {
            diffs.push(ra - rb);
        }
    }
    if diffs.is_empty() {
        return None;
    }
    let usable = diffs.len() as f64;
    let le = diffs.iter().filter(|&&d| d <= 0.0).count() as f64;
    let ge = diffs.iter().filter(|&&d| d >= 0.0).count() as f64;
    let tail = ((le + 1.0) / (usable + 1.0)).min((ge + 1.0) / (usable + 1.0));
    let p = (2.0 * tail).min(1.0);
    let (lo, hi) = interval_95(diffs)?;
    Some((lo, hi, p))
}

#[cfg(test)]
mod multi_tests {
    use super::*;

    #[test]
    fn every_sum_and_cell_width_gives_the_same_replicates() {
        let hits = [3u32, 0, 7, 1, 2, 9, 0, 0, 4, 5, 6, 1];
        let tokens = [100u64, 50, 0, 80, 120, 60];
        let data = Draws {
            hits: &hits,
            tokens: &tokens,
            categories: 2,
            r: 50,
            seed: 7,
        };
        let a = data.rates::<u64, u64>();
        assert_eq!(a, data.rates::<u128, u64>());
        assert_eq!(a, data.rates::<u64, u32>());
        assert_eq!(a, data.rates::<u64, u16>());
        assert_eq!(a, data.rates::<u32, u32>());
        assert_eq!(a, data.rates::<u32, u16>());
        let narrow: Vec<u8> = hits.iter().map(|&h| h as u8).collect();
        let short: Vec<u16> = tokens.iter().map(|&t| t as u16).collect();
        let data = Draws {
            hits: &narrow,
            tokens: &short,
            categories: 2,
            r: 50,
            seed: 7,
        };
        assert_eq!(a, data.rates::<u32, u16>());
        assert_eq!(a[0].len(), 50);
    }

    #[test]
    fn counts_past_16_and_32_bits_are_summed_exactly() {
        // the widths are picked from the largest count: one document over
        // u16::MAX tokens, then one over u32::MAX (u64 sums of u64 cells)
        for big in [70_000u64, 5_000_000_000] {
            let hits: Vec<u64> = vec![1, big / 3, 0, 2, 4, 0, 7, big / 5];
            let tokens: Vec<u64> = vec![10, big, 5, 20];
            assert_equals_one_at_a_time(&hits, &tokens, 2, 300, 11);
        }
    }

    #[test]
    fn sixteen_bit_cells_added_many_at_once_never_overflow() {
        // 200 documents, so each replicate adds several batches of draws;
        // the largest hit count allows 64, 33, 2 and 1 rows per partial
        // sum of sixteen-bit cells (65,535 / largest)
        for largest in [1_000u64, 2_000, 30_000, 65_535] {
            let c = 3;
            let hits: Vec<u64> = (0..200 * c as u64)
                .map(|i| if i % 7 == 0 { largest } else { i % 5 })
                .collect();
            let tokens: Vec<u64> = (0..200).map(|d| 70_000 + d).collect();
            assert_equals_one_at_a_time(&hits, &tokens, c, 40, largest);
        }
    }

    #[test]
    fn more_categories_than_one_block_equal_one_at_a_time() {
        // 6 documents × 70 categories: blocks of 31, 31 and 8
        let c = 70;
        let hits: Vec<u8> = (0..6 * c).map(|i| ((i * 31 + 7) % 11) as u8).collect();
        let tokens: Vec<u16> = (0..6).map(|d| 60 + 13 * d).collect();
        assert!(c > 2 * BLOCK_CATEGORIES);
        assert_equals_one_at_a_time(&hits, &tokens, c, 120, 5);
    }

    /// `bootstrap_rate_cis` over `c` categories equals `bootstrap_rate_ci`
    /// on each category's `(hits, tokens)` pairs with the same seed.
    fn assert_equals_one_at_a_time<H, T>(hits: &[H], tokens: &[T], c: usize, r: usize, seed: u64)
    where
        H: Copy + Into<u64>,
        T: Copy + Into<u64>,
    {
        let all = bootstrap_rate_cis(hits, tokens, c, r, seed);
        for k in 0..c {
            let docs: Vec<(u64, u64)> = (0..tokens.len())
                .map(|d| (hits[d * c + k].into(), tokens[d].into()))
                .collect();
            assert_eq!(all[k], bootstrap_rate_ci(&docs, r, seed), "category {k}");
        }
    }

    #[test]
    fn several_categories_equal_one_at_a_time() {
        // 5 documents × 3 categories
        let hits: Vec<u32> = vec![1, 0, 4, 0, 0, 2, 3, 1, 0, 0, 0, 0, 2, 5, 1];
        let tokens: Vec<u64> = vec![100, 50, 200, 10, 80];
        assert_equals_one_at_a_time(&hits, &tokens, 3, 200, 7);
        // 7 documents × 11 categories, 16-bit hits, 32-bit tokens
        let hits: Vec<u16> = (0..7 * 11).map(|i| ((i * 37 + 5) % 13) as u16).collect();
        let tokens: Vec<u32> = (0..7).map(|d| 40 + 17 * d).collect();
        assert_equals_one_at_a_time(&hits, &tokens, 11, 150, 99);
        assert_eq!(
            bootstrap_rate_cis::<u32, u64>(&[], &[], 2, 10, 1),
            vec![None, None]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_outputs() {
        // Rosetta Code, "Pseudo-random numbers/Splitmix64", seed 1234567.
        let mut rng = SplitMix64::new(1_234_567);
        let want = [
            6_457_827_717_110_365_317u64,
            3_203_168_211_198_807_973,
            9_817_491_932_198_370_423,
            4_593_380_528_125_082_431,
            16_408_922_859_458_223_821,
        ];
        for w in want {
            assert_eq!(rng.next_u64(), w);
        }
        assert_eq!(SplitMix64::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn group_seed_is_stream_output() {
        let mut rng = SplitMix64::new(99);
        for g in 0..10 {
            assert_eq!(group_seed(99, g), rng.next_u64());
        }
        assert_ne!(group_seed(1, 0), group_seed(1, 1));
        assert_ne!(group_seed(1, 0), group_seed(2, 0));
    }

    #[test]
    fn next_below_in_range_and_roughly_uniform() {
        let mut rng = SplitMix64::new(7);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            let v = rng.next_below(6);
            counts[v as usize] += 1;
        }
        for c in counts {
            assert!((9_000..11_000).contains(&c), "{counts:?}");
        }
        assert_eq!(rng.next_below(0), 0);
        assert_eq!(rng.next_below(1), 0);
        // A huge bound exercises the rejection threshold.
        let big = u64::MAX - 5;
        assert!(rng.next_below(big) < big);
        let f = rng.next_f64();
        assert!((0.0..1.0).contains(&f));
    }

    #[test]
    fn percentile_type7() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        // h = 4·0.025 = 0.1 → 1 + 0.1·1 = 1.1;  h = 4·0.975 = 3.9 → 4.9.
        assert!((percentile_sorted(&x, 0.025).unwrap() - 1.1).abs() < 1e-12);
        assert!((percentile_sorted(&x, 0.975).unwrap() - 4.9).abs() < 1e-12);
        assert_eq!(percentile_sorted(&x, 0.5), Some(3.0));
        assert_eq!(percentile_sorted(&x, 0.0), Some(1.0));
        assert_eq!(percentile_sorted(&x, 1.0), Some(5.0));
        assert_eq!(percentile_sorted(&[], 0.5), None);
        assert_eq!(percentile_sorted(&x, 1.5), None);
        assert_eq!(percentile_sorted(&x, f64::NAN), None);
        assert_eq!(percentile_sorted(&[7.0], 0.975), Some(7.0));
    }

    #[test]
    fn pooled_rate_values() {
        assert_eq!(pooled_rate(&[(1, 100), (3, 300)]), Some(100.0));
        assert_eq!(pooled_rate(&[]), None);
        assert_eq!(pooled_rate(&[(0, 0)]), None);
        // No overflow with huge counts.
        let r = pooled_rate(&[(u64::MAX, u64::MAX), (u64::MAX, u64::MAX)]).unwrap();
        assert!((r - 10_000.0).abs() < 1e-9);
    }

    fn docs() -> Vec<(u64, u64)> {
        vec![
            (0, 120),
            (3, 200),
            (1, 90),
            (7, 400),
            (0, 50),
            (2, 310),
            (5, 150),
            (1, 220),
        ]
    }

    #[test]
    fn rate_ci_deterministic_and_brackets_point_estimate() {
        let d = docs();
        let seed = group_seed(42, 3);
        let a = bootstrap_rate_ci(&d, 2000, seed).unwrap();
        let b = bootstrap_rate_ci(&d, 2000, seed).unwrap();
        assert_eq!(a, b);
        let point = pooled_rate(&d).unwrap();
        assert!(a.0 < point && point < a.1, "{a:?} {point}");
        assert!(a.0 >= 0.0);
        let c = bootstrap_rate_ci(&d, 2000, group_seed(42, 4)).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn rate_ci_degenerate() {
        assert_eq!(bootstrap_rate_ci(&[], 100, 1), None);
        assert_eq!(bootstrap_rate_ci(&docs(), 0, 1), None);
        assert_eq!(bootstrap_rate_ci(&[(0, 0), (0, 0)], 100, 1), None);
        // A single document: every replicate is that document.
        assert_eq!(bootstrap_rate_ci(&[(2, 400)], 50, 1), Some((50.0, 50.0)));
        // Zero-token documents mixed in: replicates of only those are dropped.
        let (lo, hi) = bootstrap_rate_ci(&[(0, 0), (1, 100)], 200, 5).unwrap();
        assert_eq!((lo, hi), (100.0, 100.0));
    }

    #[test]
    fn rate_diff_detects_difference() {
        let a: Vec<(u64, u64)> = (0..40).map(|i| (10 + i % 3, 1000)).collect();
        let b: Vec<(u64, u64)> = (0..40).map(|i| (2 + i % 2, 1000)).collect();
        let (lo, hi, p) = bootstrap_rate_diff(&a, &b, 999, 11).unwrap();
        assert!(lo > 0.0 && hi > lo);
        // Every replicate is > 0, so p = 2·(0+1)/(999+1) = 0.002.
        assert!((p - 0.002).abs() < 1e-15);
        // Swapped: the interval flips sign (same draws would need same
        // order; here only the sign is checked) and p is the same.
        let (lo2, hi2, p2) = bootstrap_rate_diff(&b, &a, 999, 11).unwrap();
        assert!(hi2 < 0.0 && lo2 < hi2);
        assert!((p2 - 0.002).abs() < 1e-15);
    }

    #[test]
    fn rate_diff_identical_groups() {
        let a = docs();
        let (lo, hi, p) = bootstrap_rate_diff(&a, &a, 999, 3).unwrap();
        assert!(lo < 0.0 && hi > 0.0);
        assert!(p > 0.05 && p <= 1.0);
        // Constant identical documents: every d* = 0, counted in both tails,
        // p = min(1, 2·(R+1)/(R+1)) = 1.
        let c = vec![(1, 100); 5];
        assert_eq!(bootstrap_rate_diff(&c, &c, 100, 3), Some((0.0, 0.0, 1.0)));
    }

    #[test]
    fn rate_diff_degenerate() {
        assert_eq!(bootstrap_rate_diff(&[], &docs(), 10, 1), None);
        assert_eq!(bootstrap_rate_diff(&docs(), &[], 10, 1), None);
        assert_eq!(bootstrap_rate_diff(&docs(), &docs(), 0, 1), None);
        assert_eq!(bootstrap_rate_diff(&[(0, 0)], &docs(), 10, 1), None);
    }
}
