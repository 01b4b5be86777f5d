//! Which group a document belongs to (`--by COL[,COL]`, default `source`).
//!
//! `year` and `month` are derived from an ISO 8601 `date` column
//! (`2025-03-02`, `2025-03-02T10:00:00Z`) when the document has no column of
//! that name. Several columns join with ` | ` (`Baku Courier | 2025`). A
//! document without a value for a grouping column goes to the group
//! `(missing)`, counted in the manifest's warnings.

use crate::corpus::Document;

/// The group name used for documents without a value.
pub const MISSING: &str = "(missing)";

/// The grouping columns of a run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Grouping {
    /// Column names, in order.
    pub by: Vec<String>,
}

/// Why a document's group could not be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupError {
    /// A grouping column was absent or empty (the document goes to `(missing)`).
    Missing(String),
    /// The `date` column is not ISO 8601, so `year`/`month` cannot be derived.
    BadDate(String),
}

impl Grouping {
    /// Parse `source,year`.
    pub fn parse(spec: &str) -> Grouping {
        Grouping {
            by: spec
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }

    /// The group name of `doc`, or the first problem found (with the name
    /// to use anyway for `Missing`).
    pub fn key(&self, doc: &Document) -> Result<String, GroupError> {
        let mut parts = Vec::with_capacity(self.by.len());
        let mut missing = None;
        for col in &self.by {
            let value = match doc.field(col) {
                Some(v) if !v.trim().is_empty() => v.trim().to_string(),
                _ => match col.as_str() {
                    "year" | "month" => match doc.field("date").map(str::trim) {
                        Some(d) if !d.is_empty() => derive(d, col == "year")
                            .ok_or_else(|| GroupError::BadDate(d.to_string()))?,
                        _ => {
                            missing.get_or_insert(col.clone());
                            MISSING.to_string()
                        }
                    },
                    _ => {
                        missing.get_or_insert(col.clone());
                        MISSING.to_string()
                    }
                },
            };
            parts.push(value);
        }
        match missing {
            Some(col) => Err(GroupError::Missing(col)),
            None => Ok(parts.join(" | ")),
        }
    }

    /// The name `key` would give with missing columns filled in.
    pub fn key_or_missing(&self, doc: &Document) -> Result<String, GroupError> {
        match self.key(doc) {
            Err(GroupError::Missing(_)) => {
                let parts: Vec<String> = self
                    .by
                    .iter()
                    .map(|col| {
                        let one = Grouping {
                            by: vec![col.clone()],
                        };
                        one.key(doc).unwrap_or_else(|_| MISSING.to_string())
                    })
                    .collect();
                Ok(parts.join(" | "))
            }
            other => other,
        }
    }
}

/// `YYYY` or `YYYY-MM` from an ISO 8601 date.
fn derive(date: &str, year: bool) -> Option<String> {
    let b = date.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !digits(0..4) {
        return None;
    }
    if year {
        return (b.len() == 4 || b.get(4) == Some(&b'-')).then(|| date[..4].to_string());
    }
    if b.get(4) != Some(&b'-') || !digits(5..7) {
        return None;
    }
    let month: u32 = date[5..7].parse().ok()?;
    (1..=12).contains(&month).then(|| date[..7].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    fn doc(fields: &[(&str, &str)]) -> Document {
        Document {
            id: "d".into(),
            origin: Location::file("f"),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            text: String::new(),
        }
    }

    #[test]
    fn year_and_month_from_iso_dates() {
        let g = Grouping::parse("source, year");
        let d = doc(&[("source", "Baku Courier"), ("date", "2025-03-02")]);
        assert_eq!(g.key(&d).unwrap(), "Baku Courier | 2025");
        let m = Grouping::parse("month");
        assert_eq!(
            m.key(&doc(&[("date", "2025-11-30T10:00:00Z")])).unwrap(),
            "2025-11"
        );
        assert_eq!(
            m.key(&doc(&[("date", "3/2/2025")])),
            Err(GroupError::BadDate("3/2/2025".into()))
        );
        assert!(m.key(&doc(&[("date", "2025-13-01")])).is_err());
    }

    #[test]
    fn missing_values() {
        let g = Grouping::parse("source,year");
        let d = doc(&[("date", "2024-01-01")]);
        assert_eq!(g.key(&d), Err(GroupError::Missing("source".into())));
        assert_eq!(g.key_or_missing(&d).unwrap(), "(missing) | 2024");
    }
}
