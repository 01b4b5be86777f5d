//! Hints to the CPU that change no result, only how soon memory arrives.

/// A hint to the CPU to bring `r`'s cache line in; nothing on other
/// architectures.
#[inline(always)]
pub(crate) fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch neither reads into the program nor faults, whatever
    // the address, and SSE (which has it) is part of every x86-64 CPU; the
    // address is a valid reference anyway.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((r as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}
