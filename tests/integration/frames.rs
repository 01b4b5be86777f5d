//! Frames through the binary on the hand-countable `fixtures/frames` corpus.

use crate::harness::*;
use std::path::Path;

fn frames_report(lexicon: &str, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = scratch(name).join("r");
    let corpus = fixture("frames/corpus.csv");
    let lex = fixture("frames").join(lexicon);
    let mut args = vec![
        "report".to_string(),
        corpus.display().to_string(),
        "--lexicon".into(),
        lex.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args).ok();
    out
}

/// (group, category) → (hits, hits_quoted, tokens, per_10k, docs_with_hit)
fn frames_table(out: &Path) -> Vec<(String, String, u64, u64, u64, String, u64)> {
    let (h, rows) = csv_rows(&out.join("frames.csv"));
    rows.iter()
        .map(|r| {
            (
                r[col(&h, "group")].clone(),
                r[col(&h, "category")].clone(),
                r[col(&h, "hits")].parse().unwrap(),
                r[col(&h, "hits_quoted")].parse().unwrap(),
                r[col(&h, "tokens")].parse().unwrap(),
                r[col(&h, "per_10k")].clone(),
                r[col(&h, "docs_with_hit")].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn hand_counted_frames_longest_match() {
    let out = frames_report("lexicon.csv", "frames-longest", &[]);
    let t = frames_table(&out);
    let row = |g: &str, c: &str| t.iter().find(|r| r.0 == g && r.1 == c).unwrap().clone();
    assert_eq!(t.len(), 12, "2 groups × 6 categories, zeros included");
    let s = |x: &str| x.to_string();
    assert_eq!(
        row("North", "occupation"),
        (s("North"), s("occupation"), 3, 1, 23, s("1304.347826"), 1)
    );
    assert_eq!(
        row("North", "alliance"),
        (s("North"), s("alliance"), 3, 0, 23, s("1304.347826"), 1)
    );
    assert_eq!(row("North", "turkiye").2, 0);
    assert_eq!(
        row("South", "turkiye"),
        (s("South"), s("turkiye"), 2, 0, 14, s("1428.571429"), 1)
    );
    assert_eq!(row("South", "nk").2, 1);
    assert_eq!(row("South", "karabakh").2, 1);
    assert_eq!(row("South", "liberation").2, 1);
    assert_eq!(row("South", "occupation").2, 1);
    assert_golden(
        &out.join("frame_hits.csv"),
        &fixture("frames/expected/frame_hits.csv"),
    );
    // every document × category, zeros included
    assert_eq!(
        read(&out.join("frames_by_doc.csv")).lines().count(),
        1 + 4 * 6
    );
    // concepts: South uses nk once and karabakh once; North never names the region
    let (h, rows) = csv_rows(&out.join("concepts.csv"));
    let share = |g: &str, a: &str| {
        rows.iter()
            .find(|r| r[col(&h, "group")] == g && r[col(&h, "alternative")] == a)
            .map(|r| r[col(&h, "share")].clone())
            .unwrap()
    };
    assert_eq!(share("South", "nk"), "0.5");
    assert_eq!(share("North", "nk"), "", "0 of 0: undefined, not NaN");
    // audit: the wildcard matched `occupation` and `occupational`; unmatched entries flagged
    let (h, rows) = csv_rows(&out.join("lexicon_audit.csv"));
    let audit = |p: &str| {
        rows.iter()
            .find(|r| r[col(&h, "pattern")] == p)
            .unwrap()
            .clone()
    };
    assert_eq!(
        audit("occup*")[col(&h, "forms")],
        "occupation (2); occupational (1)"
    );
    assert_eq!(audit("occupation")[col(&h, "flag")], "unmatched");
    assert_eq!(audit("occupied land")[col(&h, "hits")], "1");
}

#[test]
fn overlap_all_counts_every_match() {
    let out = frames_report("lexicon.csv", "frames-all", &["--overlap", "all"]);
    let t = frames_table(&out);
    let hits = |g: &str, c: &str| t.iter().find(|r| r.0 == g && r.1 == c).unwrap().2;
    assert_eq!(hits("North", "alliance"), 5);
    assert_eq!(hits("North", "occupation"), 5);
    let quiet = frames_report("lexicon.csv", "frames-no-hits", &["--no-hits"]);
    assert!(!quiet.join("frame_hits.csv").exists());
    assert_eq!(read(&quiet.join("frames.csv")), {
        let again = frames_report("lexicon.csv", "frames-with-hits", &[]);
        read(&again.join("frames.csv"))
    });
}

#[test]
fn liwc_dic_and_dicx_give_the_same_counts() {
    for (lex, name) in [
        ("lexicon.dic", "frames-dic"),
        ("lexicon.dicx", "frames-dicx"),
    ] {
        let out = frames_report(lex, name, &[]);
        let t = frames_table(&out);
        let hits = |g: &str, c: &str| t.iter().find(|r| r.0 == g && r.1 == c).unwrap().2;
        assert_eq!(
            (hits("North", "occupation"), hits("North", "alliance")),
            (3, 3),
            "{lex}"
        );
        assert_eq!(
            (hits("South", "occupation"), hits("South", "alliance")),
            (1, 0),
            "{lex}"
        );
    }
}

#[test]
fn frames_compare_has_token_and_document_level_columns() {
    let out = frames_report("lexicon.csv", "frames-compare", &["--pairs"]);
    let (h, rows) = csv_rows(&out.join("frames_compare.csv"));
    for c in [
        "z",
        "q_value",
        "g2",
        "welch_t",
        "doc_p_value",
        "lost_at_doc_level",
    ] {
        col(&h, c);
    }
    // 2 groups: North vs rest, South vs rest, North vs South (the pair is the same as vs rest)
    assert_eq!(rows.len(), 3 * 6);
    let z = |g: &str, v: &str, c: &str| -> f64 {
        rows.iter()
            .find(|r| {
                r[col(&h, "group")] == g && r[col(&h, "versus")] == v && r[col(&h, "category")] == c
            })
            .unwrap()[col(&h, "z")]
        .parse()
        .unwrap()
    };
    assert_eq!(
        z("North", "South", "alliance"),
        z("North", "(rest)", "alliance")
    );
    assert_eq!(
        z("North", "(rest)", "alliance"),
        -z("South", "(rest)", "alliance")
    );
}

#[test]
fn kwic_and_lexicon_check() {
    let corpus = fixture("frames/corpus.csv");
    let r = run(&[
        "kwic",
        corpus.to_str().unwrap(),
        "--pattern",
        "one nation, two states",
        "--csv",
    ])
    .ok();
    assert_eq!(
        r.stdout.lines().count(),
        3,
        "header + 2 matches:\n{}",
        r.stdout
    );
    assert!(r.stdout.contains("One nation — two states"));
    let lex = fixture("frames/lexicon.csv");
    let r = run(&["lexicon", "check", lex.to_str().unwrap()]).ok();
    assert!(
        r.stdout.contains("turkiye,TÜRKİYE’s,türkiye,word,"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("nk,Nagorno-Karabakh,nagorno karabakh,phrase,region"));
    assert!(
        r.stderr.contains("9 entries in 6 categories, 1 concept"),
        "{}",
        r.stderr
    );
    let dir = scratch("lexicon-bad");
    std::fs::write(dir.join("bad.csv"), "category,pattern\nx,occ*pation\n").unwrap();
    run(&["lexicon", "check", dir.join("bad.csv").to_str().unwrap()]).fails_with(1, "bad.csv:2");
}

#[test]
fn bootstrap_intervals_need_two_documents() {
    let dir = scratch("frames-one-doc");
    std::fs::write(
        dir.join("c.csv"),
        "id,source,text\n1,Solo,occupation again\n2,Pair,occupation\n3,Pair,liberation\n",
    )
    .unwrap();
    let lex = fixture("frames/lexicon.csv");
    let out = dir.join("r");
    run(&[
        "report",
        dir.join("c.csv").to_str().unwrap(),
        "--lexicon",
        lex.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let (h, rows) = csv_rows(&out.join("frames.csv"));
    let ci = |g: &str| {
        let r = rows
            .iter()
            .find(|r| r[col(&h, "group")] == g && r[col(&h, "category")] == "occupation")
            .unwrap();
        (r[col(&h, "ci_low")].clone(), r[col(&h, "ci_high")].clone())
    };
    assert_eq!(
        ci("Solo"),
        (String::new(), String::new()),
        "one document: no interval"
    );
    let (lo, hi) = ci("Pair");
    // two documents with rates 10000/1 and 0: resamples give 0, 5000 or 10000
    assert_eq!((lo.as_str(), hi.as_str()), ("0", "10000"));
}
