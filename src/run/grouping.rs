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

/// A document's group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupKey {
    /// The group name (`(missing)` standing in for absent values).
    pub name: String,
    /// The first grouping column the document had no value for.
    pub missing: Option<String>,
}

/// The `date` a document's `year`/`month` should come from is not ISO 8601.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate(pub String);

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

    /// The group of `doc`: absent values become `(missing)` (and are
    /// reported in [`GroupKey::missing`]); a date that cannot give the
    /// year or month asked for is an error.
    pub fn key(&self, doc: &Document) -> Result<GroupKey, BadDate> {
        let mut parts = Vec::with_capacity(self.by.len());
        let mut missing = None;
        for col in &self.by {
            let value = match doc.field(col).map(str::trim) {
                Some(v) if !v.is_empty() => Some(v.to_string()),
                _ if col == "year" || col == "month" => match doc.field("date").map(str::trim) {
                    Some(d) if !d.is_empty() => {
                        Some(derive(d, col == "year").ok_or_else(|| BadDate(d.to_string()))?)
                    }
                    _ => None,
                },
                _ => None,
            };
            parts.push(value.unwrap_or_else(|| {
                missing.get_or_insert_with(|| col.clone());
                MISSING.to_string()
            }));
        }
        Ok(GroupKey {
            name: parts.join(" | "),
            missing,
        })
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
        assert_eq!(g.key(&d).unwrap().name, "Baku Courier | 2025");
        let m = Grouping::parse("month");
        assert_eq!(
            m.key(&doc(&[("date", "2025-11-30T10:00:00Z")]))
                .unwrap()
                .name,
            "2025-11"
        );
        assert_eq!(
            m.key(&doc(&[("date", "3/2/2025")])),
            Err(BadDate("3/2/2025".into()))
        );
        assert!(m.key(&doc(&[("date", "2025-13-01")])).is_err());
    }

    #[test]
    fn missing_values() {
        let g = Grouping::parse("source,year");
        let d = doc(&[("date", "2024-01-01")]);
        let key = g.key(&d).unwrap();
        assert_eq!(key.missing.as_deref(), Some("source"));
        assert_eq!(key.name, "(missing) | 2024");
    }
}
