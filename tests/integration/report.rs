//! `framelens report` and `framelens terms` on hand-countable fixtures.

use crate::harness::*;
use std::fs;

const EXACT: [&str; 6] = ["--stem", "none", "--stopwords", "none", "--min-count", "1"];

fn report(corpus: &str, out: &std::path::Path, extra: &[&str]) -> Run {
    let mut args = vec!["report".to_string(), corpus.to_string(), "--out".into()];
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args)
}

#[test]
fn tiny_corpus_matches_hand_counts() {
    let out = scratch("tiny").join("report");
    let corpus = fixture("tiny/corpus");
    report(corpus.to_str().unwrap(), &out, &EXACT).ok();
    for f in ["groups.csv", "terms.csv"] {
        assert_golden(&out.join(f), &fixture("tiny/expected").join(f));
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
    assert_eq!(manifest["documents"]["read"], 4);
    assert_eq!(manifest["config"]["text"]["stem"], "none");
    assert_eq!(manifest["inputs"][0]["files"], 4);
    assert_eq!(manifest["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn same_corpus_in_every_format_gives_the_same_terms() {
    let dir = scratch("formats");
    let rows = [
        (
            "a1",
            "Alpha Post",
            "The occupation of Karabakh ended. Occupation is over!",
        ),
        ("a2", "Alpha Post", "Karabakh’s liberation, they said."),
        (
            "b1",
            "Beta Times",
            "Liberation of Karabakh. The liberation was celebrated.",
        ),
        (
            "b2",
            "Beta Times",
            "TÜRKİYE and Türkiye: one nation — two states.",
        ),
    ];
    let mut csv = String::from("id,source,text\n");
    let mut tsv = String::from("id\tsource\ttext\n");
    let mut jsonl = String::new();
    for (id, src, text) in rows {
        csv.push_str(&format!("{id},{src},\"{text}\"\n"));
        tsv.push_str(&format!("{id}\t{src}\t{text}\n"));
        jsonl.push_str(&serde_json::json!({"id": id, "source": src, "text": text}).to_string());
        jsonl.push('\n');
    }
    fs::write(dir.join("c.csv"), &csv).unwrap();
    fs::write(dir.join("c.tsv"), &tsv).unwrap();
    fs::write(dir.join("c.jsonl"), &jsonl).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, csv.as_bytes()).unwrap();
    fs::write(dir.join("c.csv.gz"), gz.finish().unwrap()).unwrap();
    let golden = fixture("tiny/expected/terms.csv");
    for name in ["c.csv", "c.tsv", "c.jsonl", "c.csv.gz"] {
        let out = dir.join(format!("out-{name}"));
        report(dir.join(name).to_str().unwrap(), &out, &EXACT).ok();
        assert_golden(&out.join("terms.csv"), &golden);
    }
    // standard input needs --format; `terms` writes to stdout
    let mut args = vec!["terms", "-", "--format", "csv"];
    args.extend(EXACT);
    let got = run_stdin(&args, csv.as_bytes()).ok();
    assert_eq!(got.stdout, read(&golden));
    run_stdin(&["terms", "-"], csv.as_bytes()).fails_with(1, "--format");
}

#[test]
fn output_is_identical_at_any_thread_count() {
    // with a lexicon: up to two threads, `frame_hits.csv` is formatted in
    // document order by the sink; from three on, by the workers
    let dir = scratch("threads");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/south-caucasus-demo");
    let lexicon = concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons/south-caucasus.csv");
    let mut outputs = Vec::new();
    for t in ["1", "2", "3", "4"] {
        let out = dir.join(format!("t{t}"));
        report(
            demo,
            &out,
            &["--threads", t, "--pairs", "--lexicon", lexicon],
        )
        .ok();
        outputs.push(out);
    }
    let hits = fs::read_to_string(outputs[0].join("frame_hits.csv")).unwrap();
    assert!(hits.lines().count() > 100, "the demo has lexicon hits");
    for f in [
        "groups.csv",
        "terms.csv",
        "term_matrix.csv",
        "logodds.csv",
        "keyness.csv",
        "frames.csv",
        "frames_by_doc.csv",
        "frame_hits.csv",
        "concepts.csv",
        "frames_compare.csv",
        "lexicon_audit.csv",
    ] {
        let first = fs::read(outputs[0].join(f)).unwrap();
        for o in &outputs[1..] {
            assert!(
                first == fs::read(o.join(f)).unwrap(),
                "{f} differs between thread counts"
            );
        }
    }
}

#[test]
fn existing_folder_needs_force_and_is_replaced_whole() {
    let dir = scratch("force");
    let out = dir.join("r");
    let corpus = fixture("tiny/corpus");
    let corpus = corpus.to_str().unwrap();
    report(corpus, &out, &[]).ok();
    fs::write(out.join("stale.txt"), "old").unwrap();
    report(corpus, &out, &[]).fails_with(1, "--force");
    assert!(
        out.join("stale.txt").exists(),
        "refused run leaves the folder alone"
    );
    report(corpus, &out, &["--force"]).ok();
    assert!(
        !out.join("stale.txt").exists(),
        "forced run replaces the folder"
    );
    let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary folders left");
}

#[test]
fn excel_mode_adds_bom_and_neutralises_formulas_only_in_text() {
    let dir = scratch("excel");
    fs::write(
        dir.join("c.csv"),
        "id,source,text\n1,=HYPERLINK(1),alpha beta beta\n2,plain,alpha gamma\n",
    )
    .unwrap();
    let out = dir.join("r");
    let mut args = vec!["--excel"];
    args.extend(EXACT);
    report(dir.join("c.csv").to_str().unwrap(), &out, &args).ok();
    let groups = read(&out.join("groups.csv"));
    assert!(groups.starts_with('\u{FEFF}'));
    assert!(groups.contains("'=HYPERLINK(1)"), "{groups}");
    let lo = read(&out.join("logodds.csv"));
    assert!(lo.contains(",-"), "negative numbers stay numbers: {lo}");
    assert!(
        !lo.contains(",'-"),
        "numeric cells are never neutralised: {lo}"
    );
}

#[test]
fn terms_to_a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/south-caucasus-demo");
    let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(["terms", demo, "--min-count", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn single_group_writes_reports_and_explains() {
    let dir = scratch("single");
    fs::write(
        dir.join("c.csv"),
        "id,source,text\n1,Only,alpha beta\n2,Only,beta gamma\n",
    )
    .unwrap();
    let out = dir.join("r");
    let r = report(dir.join("c.csv").to_str().unwrap(), &out, &EXACT).ok();
    assert!(r.stderr.contains("only one group"), "{}", r.stderr);
    assert_eq!(
        read(&out.join("logodds.csv")).lines().count(),
        1,
        "header only"
    );
    assert_eq!(read(&out.join("terms.csv")).lines().count(), 4);
}

#[test]
fn by_year_from_iso_dates_and_bad_dates() {
    let dir = scratch("by-year");
    fs::write(
        dir.join("c.csv"),
        "id,source,date,text\n1,A,2024-05-01,alpha\n2,A,2025-01-02,beta\n3,B,12/03/2025,gamma\n",
    )
    .unwrap();
    let c = dir.join("c.csv");
    let c = c.to_str().unwrap();
    report(c, &dir.join("r1"), &["--by", "source,year"]).fails_with(1, "c.csv:4");
    let r = report(
        c,
        &dir.join("r2"),
        &["--by", "source,year", "--skip-bad", "--min-count", "1"],
    )
    .ok();
    let groups = read(&dir.join("r2/groups.csv"));
    assert!(
        groups.contains("A | 2024,1,") && groups.contains("A | 2025,1,"),
        "{groups}\n{}",
        r.stderr
    );
    let manifest = read(&dir.join("r2/manifest.json"));
    assert!(manifest.contains("12/03/2025"), "skip recorded: {manifest}");
}

#[test]
fn help_teaches_every_option_with_defaults() {
    let h = run(&["report", "--help"]).ok().stdout;
    for needle in [
        "--by",
        "[default: source]",
        "--stem",
        "[default: english]",
        "--min-count",
        "--excel",
        "--force",
        "--prior",
        "--threads",
        "--skip-bad",
    ] {
        assert!(h.contains(needle), "report --help lacks {needle}");
    }
    run(&["report"]).fails_with(1, "CORPUS");
    run(&["--version"]).ok();
}
