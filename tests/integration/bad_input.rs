//! Bad input (README, "Bad input"): strict by default with file:line:column messages and
//! exit code 1; `--skip-bad` skips and records. One fixture per class lives
//! in `fixtures/bad/` (its README lists the expected message of each).

use crate::harness::*;
use std::fs;

/// (fixture, message the error must contain, skippable with --skip-bad)
const CASES: &[(&str, &str, bool)] = &[
    (
        "invalid_utf8.csv",
        "invalid_utf8.csv:3:20 (byte 69): invalid UTF-8",
        true,
    ),
    (
        "utf16_no_bom.csv",
        "utf16_no_bom.csv:1:2 (byte 1): looks like a binary file",
        true,
    ),
    (
        "crlf_ragged.csv",
        "crlf_ragged.csv:4: this row has 3 field(s)",
        true,
    ),
    (
        "cr_ragged.csv",
        "cr_ragged.csv:4: this row has 3 field(s)",
        true,
    ),
    (
        "unterminated.csv",
        "unterminated.csv:3:17: this quote is never closed",
        true,
    ),
    (
        "nul.txt",
        "nul.txt:1:22 (byte 21): looks like a binary file",
        true,
    ),
    ("empty.csv", "empty.csv: the file is empty", true),
    (
        "dup_header.csv",
        "dup_header.csv:1: the header names the column \"source\" twice",
        false,
    ),
    ("missing_text.csv", "--text-col", false),
    (
        "bad.jsonl",
        "bad.jsonl:2:25: this line is not a valid JSON object",
        true,
    ),
    (
        "nested.jsonl",
        "nested.jsonl:3: the value of \"tags\" is an array",
        true,
    ),
    ("meta_escape", "leads outside the corpus folder", false),
    ("meta_missing", "meta_missing/metadata.csv:3", true),
    ("meta_duplicate", "is already listed at line 2", false),
    ("symlink_out", "outside the corpus folder", true),
];

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() && !p.is_symlink() {
            out.extend(snapshot(&p));
        } else if let Ok(bytes) = fs::read(&p) {
            out.push((p.display().to_string(), bytes));
        }
    }
    out.sort();
    out
}

/// `framelens report` on bad fixture `name` into `out`, with `extra` options.
fn report_fixture(name: &str, out: &std::path::Path, extra: &[&str]) -> Run {
    let path = fixture("bad").join(name);
    let mut args = vec![
        "report",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&args)
}

#[test]
fn each_bad_input_class_fails_with_its_location_and_never_touches_inputs() {
    let before = snapshot(&fixture("bad"));
    let dir = scratch("bad-strict");
    for (i, (name, needle, _)) in CASES.iter().enumerate() {
        let out = dir.join(format!("r{i}"));
        let r = report_fixture(name, &out, &[]);
        assert_eq!(r.code, 1, "{name}: exit code; stderr:\n{}", r.stderr);
        assert!(
            r.stderr.contains(needle),
            "{name}: expected {needle:?} in:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("hint:"),
            "{name}: says what to do:\n{}",
            r.stderr
        );
        assert!(!out.exists(), "{name}: no half-written report");
    }
    assert_eq!(before, snapshot(&fixture("bad")), "inputs unchanged");
}

#[test]
fn skip_bad_goes_on_and_records_every_skip() {
    let dir = scratch("bad-skip");
    for (i, (name, needle, skippable)) in CASES.iter().enumerate() {
        let out = dir.join(format!("r{i}"));
        let r = report_fixture(name, &out, &["--skip-bad"]);
        if !skippable {
            assert_eq!(r.code, 1, "{name} is never skippable:\n{}", r.stderr);
            continue;
        }
        assert_eq!(r.code, 0, "{name} with --skip-bad:\n{}", r.stderr);
        let m: serde_json::Value = serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
        let skipped = m["documents"]["skipped"].as_array().unwrap();
        assert!(!skipped.is_empty(), "{name}: skip recorded");
        let reason = skipped[0]["reason"].as_str().unwrap();
        let first_words = needle.rsplit(": ").next().unwrap();
        assert!(
            reason.contains(first_words) || needle.contains(':'),
            "{name}: reason {reason:?}"
        );
    }
}

#[test]
fn a_ragged_crlf_file_keeps_its_good_rows() {
    let dir = scratch("bad-crlf");
    let out = dir.join("r");
    report_fixture("crlf_ragged.csv", &out, &["--skip-bad"]).ok();
    let m: serde_json::Value = serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
    assert_eq!(m["documents"]["read"], 2, "rows 1 and 3 read");
    assert_eq!(m["documents"]["skipped"][0]["line"], 4);
}

#[test]
fn lossy_and_encoding_options() {
    let dir = scratch("bad-enc");
    let path = fixture("bad/invalid_utf8.csv");
    let out = dir.join("lossy");
    run(&[
        "report",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lossy",
    ])
    .ok();
    let m = read(&out.join("manifest.json"));
    assert!(
        m.contains("decode_notes") && m.contains("invalid_utf8.csv"),
        "{m}"
    );
    // windows-1252 text read through --encoding
    fs::write(
        dir.join("w.csv"),
        b"id,source,text\n1,A,caf\xe9 r\xe9sum\xe9\n2,B,plain words\n",
    )
    .unwrap();
    let out = dir.join("cp1252");
    let w = dir.join("w.csv");
    run(&[
        "report",
        w.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--encoding",
        "windows-1252",
        "--min-count",
        "1",
        "--stem",
        "none",
    ])
    .ok();
    assert!(read(&out.join("terms.csv")).contains("café"));
    run(&[
        "report",
        w.to_str().unwrap(),
        "--out",
        dir.join("x").to_str().unwrap(),
        "--encoding",
        "klingon",
    ])
    .fails_with(1, "unknown --encoding");
}

#[test]
fn huge_fields_are_refused_with_a_hint() {
    let dir = scratch("bad-huge");
    let big = "word ".repeat(300_000);
    fs::write(dir.join("h.csv"), format!("id,source,text\n1,A,{big}\n")).unwrap();
    let h = dir.join("h.csv");
    run(&[
        "report",
        h.to_str().unwrap(),
        "--out",
        dir.join("r").to_str().unwrap(),
        "--max-text-mb",
        "1",
    ])
    .fails_with(1, "h.csv:2");
}

#[test]
fn a_text_limit_past_32_bit_offsets_is_a_usage_error() {
    let dir = scratch("bad-limit");
    fs::write(dir.join("c.csv"), "id,source,text\n1,A,word\n").unwrap();
    let c = dir.join("c.csv");
    run(&[
        "report",
        c.to_str().unwrap(),
        "--out",
        dir.join("r").to_str().unwrap(),
        "--max-text-mb",
        "4096",
    ])
    .fails_with(1, "1..=4095");
}
