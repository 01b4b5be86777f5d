//! `cargo fuzz run analyze`: see `framelens::fuzz::analyze` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| framelens::fuzz::analyze(data));
