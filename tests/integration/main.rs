//! The one integration-test binary: runs the real `framelens` on fixture
//! corpora under `tests/integration/fixtures/` and compares with their
//! expected CSVs. Regenerate goldens deliberately with `FRAMELENS_BLESS=1`.

mod bad_input;
mod frames;
mod harness;
mod report;
mod statistics;
