//! Typed library errors. Every error about input names the file, the physical
//! line (and column or byte where there is one) and says what to do about it.
//!
//! Modelled on rust-csv's `Error` (a kind plus a position) and hyperfine's
//! messages that name the flag and suggest the fix.

use std::fmt;

/// Where in an input something happened: a path plus, where known, the
/// 1-based physical line, the 1-based column (in characters) and the 0-based
/// byte offset in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file as the user named it (or as found below a corpus folder).
    pub path: String,
    /// 1-based physical line, counting LF, CRLF and lone CR as line ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column in characters on that line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// 0-based byte offset in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte: Option<u64>,
}

impl Location {
    /// A location that names only a file.
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            ..Default::default()
        }
    }

    /// A location in a file at a 1-based line.
    pub fn line(path: impl Into<String>, line: u64) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            ..Default::default()
        }
    }

    /// The same location with a column added.
    pub fn with_column(mut self, column: u64) -> Self {
        self.column = Some(column);
        self
    }

    /// The same location with a byte offset added.
    pub fn with_byte(mut self, byte: u64) -> Self {
        self.byte = Some(byte);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some(byte) = self.byte {
            write!(f, " (byte {byte})")?;
        }
        Ok(())
    }
}

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that cannot be read as asked: bad encoding, a malformed CSV row,
    /// a missing column, a bad lexicon pattern. Carries where and what to do.
    #[error("{loc}: {message}\n  hint: {hint}")]
    BadInput {
        /// Where the problem is.
        loc: Location,
        /// What is wrong, in one sentence.
        message: String,
        /// What the user can do about it.
        hint: String,
    },
    /// An operating-system error on a named path (missing file, permission,
    /// full disk).
    #[error("{path}: {err}")]
    Io {
        /// The file or folder involved.
        path: String,
        /// The underlying error (shown in the message, so not chained again).
        err: std::io::Error,
    },
    /// Options that do not fit together or name something that does not exist.
    #[error("{0}")]
    Usage(String),
    /// A bug: something the code assumed could not happen.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A bad-input error at `loc`.
    pub fn bad_input(loc: Location, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::BadInput {
            loc,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            err: source,
        }
    }

    /// The process exit code this error maps to: 1 for bad input, usage and
    /// environment problems, 2 for internal errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Internal(_) => 2,
            _ => 1,
        }
    }

    /// True when the error is a closed pipe on output (`framelens terms | head`),
    /// which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { err, .. } if err.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// Where the error happened, when it is about an input.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::BadInput { loc, .. } => Some(loc),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_display_names_file_line_column() {
        let loc = Location::line("corpus.csv", 12).with_column(4);
        assert_eq!(loc.to_string(), "corpus.csv:12:4");
        assert_eq!(Location::file("a.txt").to_string(), "a.txt");
        let loc = Location::line("a.txt", 3).with_byte(17);
        assert_eq!(loc.to_string(), "a.txt:3 (byte 17)");
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Error::Usage("x".into()).exit_code(), 1);
        assert_eq!(Error::Internal("x".into()).exit_code(), 2);
        let e = Error::io("out", std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(e.is_broken_pipe());
    }
}
