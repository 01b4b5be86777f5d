//! `cargo fuzz run records`: see `framelens::fuzz::records` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| framelens::fuzz::records(data));
