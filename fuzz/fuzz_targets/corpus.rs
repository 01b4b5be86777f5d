//! `cargo fuzz run corpus`: see `framelens::fuzz::corpus` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| framelens::fuzz::corpus(data));
