//! Reports (column dictionary: reports/README.md): flat serde rows written to any `io::Write`, floats
//! through one formatter, files in a folder that is never half-written.

pub mod compare;
pub mod csv_out;
pub mod folder;
pub mod format;
pub mod frames;
pub mod manifest;
pub mod record;
pub mod stream_file;
pub mod terms;

pub use csv_out::{CsvSink, Text};
pub use folder::ReportFolder;
pub use format::{fmt_float, Float};
pub use stream_file::StreamFile;
