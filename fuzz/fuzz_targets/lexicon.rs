//! `cargo fuzz run lexicon`: see `framelens::fuzz::lexicon` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| framelens::fuzz::lexicon(data));
