//! Statistics through the binary: the product spec's log-odds test vector as a corpus, and
//! an independent recomputation of δ, z, G² and BH from terms.csv.

use crate::harness::*;
use std::collections::HashMap;

#[test]
fn monroe_test_vector_through_the_cli() {
    let dir = scratch("monroe");
    let out = dir.join("r");
    let corpus = fixture("monroe/corpus.csv");
    run(&[
        "report",
        corpus.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--prior",
        "uniform:0.05",
        "--stem",
        "none",
        "--stopwords",
        "none",
        "--min-count",
        "1",
        "--pairs",
    ])
    .ok();
    let (h, rows) = csv_rows(&out.join("logodds.csv"));
    let (g, v, t, d, z) = (
        col(&h, "group"),
        col(&h, "versus"),
        col(&h, "term"),
        col(&h, "delta"),
        col(&h, "z"),
    );
    let get = |group: &str, versus: &str, term: &str| -> (f64, f64) {
        let r = rows
            .iter()
            .find(|r| r[g] == group && r[v] == versus && r[t] == term)
            .unwrap_or_else(|| panic!("no row {group} {versus} {term}"));
        (r[d].parse().unwrap(), r[z].parse().unwrap())
    };
    for versus in ["(rest)", "B"] {
        let (delta, z) = get("A", versus, "apple");
        assert!(
            (delta - 3.155748).abs() < 1e-6 && (z - 0.689423).abs() < 1e-6,
            "{delta} {z}"
        );
        assert!((get("A", versus, "berry").1 + 0.689423).abs() < 1e-6);
        assert_eq!(get("A", versus, "cherry").1, 0.0);
    }
    // B against the rest flips every sign exactly
    assert_eq!(
        get("B", "(rest)", "apple").1,
        -get("A", "(rest)", "apple").1
    );
}

/// Recompute log-odds (pooled prior, α0 = 1000), G² and BH from terms.csv
/// and groups.csv with formulas written out here, and compare.
#[test]
fn logodds_and_keyness_recomputed_independently_from_terms_csv() {
    let dir = scratch("recompute");
    let out = dir.join("r");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/south-caucasus-demo");
    run(&[
        "report",
        demo,
        "--out",
        out.to_str().unwrap(),
        "--min-count",
        "1",
    ])
    .ok();
    let (gh, grows) = csv_rows(&out.join("groups.csv"));
    let tokens: HashMap<String, f64> = grows
        .iter()
        .map(|r| {
            (
                r[col(&gh, "group")].clone(),
                r[col(&gh, "tokens")].parse().unwrap(),
            )
        })
        .collect();
    let n: f64 = tokens.values().sum();
    let (th, trows) = csv_rows(&out.join("terms.csv"));
    let mut y: HashMap<(String, String), f64> = HashMap::new();
    let mut pooled: HashMap<String, f64> = HashMap::new();
    for r in &trows {
        let (g, t, c) = (
            r[col(&th, "group")].clone(),
            r[col(&th, "term")].clone(),
            r[col(&th, "count")].parse::<f64>().unwrap(),
        );
        y.insert((g, t.clone()), c);
        *pooled.entry(t).or_default() += c;
    }
    let (lh, lrows) = csv_rows(&out.join("logodds.csv"));
    let (kh, krows) = csv_rows(&out.join("keyness.csv"));
    let group = "Yerevan Dispatch";
    let a0 = 1000.0;
    let n_i = tokens[group];
    let n_j = n - n_i;
    // every term tested in this comparison, p-values for BH
    let mut ps: Vec<(String, f64)> = Vec::new();
    for r in lrows
        .iter()
        .filter(|r| r[col(&lh, "group")] == group && r[col(&lh, "versus")] == "(rest)")
    {
        let term = &r[col(&lh, "term")];
        let yi = y
            .get(&(group.to_string(), term.clone()))
            .copied()
            .unwrap_or(0.0);
        let yw = pooled[term];
        let yj = yw - yi;
        let aw = a0 * yw / n;
        let delta =
            ((yi + aw) / (n_i + a0 - yi - aw)).ln() - ((yj + aw) / (n_j + a0 - yj - aw)).ln();
        let se = (1.0 / (yi + aw) + 1.0 / (yj + aw)).sqrt();
        let got_d: f64 = r[col(&lh, "delta")].parse().unwrap();
        let got_z: f64 = r[col(&lh, "z")].parse().unwrap();
        assert!(
            (got_d - delta).abs() < 1e-6,
            "{term}: delta {got_d} vs {delta}"
        );
        assert!((got_z - delta / se).abs() < 1e-6, "{term}: z");
        ps.push((term.clone(), r[col(&lh, "p_value")].parse().unwrap()));
    }
    assert!(ps.len() > 500, "a real comparison: {} terms", ps.len());
    // Benjamini–Hochberg by its definition: q_k = min_{j≥k} m·p_(j)/j
    let m = ps.len() as f64;
    let mut sorted: Vec<f64> = ps.iter().map(|p| p.1).collect();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let q_of = |p: f64| {
        let k = sorted.iter().position(|&x| x == p).unwrap();
        (k..sorted.len())
            .map(|j| m * sorted[j] / (j as f64 + 1.0))
            .fold(1.0f64, f64::min)
    };
    for r in lrows
        .iter()
        .filter(|r| r[col(&lh, "group")] == group && r[col(&lh, "versus")] == "(rest)")
        .take(50)
    {
        let p: f64 = r[col(&lh, "p_value")].parse().unwrap();
        let q: f64 = r[col(&lh, "q_value")].parse().unwrap();
        assert!(
            (q - q_of(p)).abs() <= 1e-6 * q.max(1e-12) + 1e-9,
            "q {q} vs {}",
            q_of(p)
        );
    }
    // Dunning's G² over the 2×2 table, signed
    for r in krows
        .iter()
        .filter(|r| r[col(&kh, "group")] == group && r[col(&kh, "versus")] == "(rest)")
        .take(200)
    {
        let term = &r[col(&kh, "term")];
        let f1 = y
            .get(&(group.to_string(), term.clone()))
            .copied()
            .unwrap_or(0.0);
        let f2 = pooled[term] - f1;
        let e1 = n_i * (f1 + f2) / n;
        let e2 = n_j * (f1 + f2) / n;
        let ll = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
        let g2 = 2.0 * (ll(f1, e1) + ll(f2, e2) + ll(n_i - f1, n_i - e1) + ll(n_j - f2, n_j - e2));
        let signed = if f1 / n_i < f2 / n_j { -g2 } else { g2 };
        let got: f64 = r[col(&kh, "g2")].parse().unwrap();
        assert!(
            (got - signed).abs() < 1e-5 * signed.abs().max(1.0),
            "{term}: g2 {got} vs {signed}"
        );
    }
}

fn report_csv(name: &str, csv: &str, extra: &[&str]) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("c.csv"), csv).unwrap();
    let out = dir.join("r");
    let mut args = vec![
        "report".to_string(),
        dir.join("c.csv").display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(["--stem", "none", "--stopwords", "none", "--min-count", "1"].map(String::from));
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args).ok();
    out
}

#[test]
fn identical_groups_give_z_zero_everywhere() {
    let out = report_csv(
        "identical",
        "id,source,text\n1,A,occupation of the land\n2,B,occupation of the land\n",
        &[],
    );
    let (h, rows) = csv_rows(&out.join("logodds.csv"));
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r[col(&h, "z")], "0", "{r:?}");
        assert_eq!(r[col(&h, "delta")], "0");
    }
    let (h, rows) = csv_rows(&out.join("keyness.csv"));
    for r in &rows {
        assert_eq!(r[col(&h, "g2")], "0");
        assert_eq!(r[col(&h, "p_value")], "1");
    }
}

#[test]
fn a_group_with_zero_tokens_gives_empty_cells_not_nan() {
    let out = report_csv(
        "zero-tokens",
        "id,source,text\n1,A,occupation occupation liberation\n2,B,peace talks\n3,Numbers,2020 1999 -- 44\n",
        &["--pairs"],
    );
    let groups = read(&out.join("groups.csv"));
    assert!(groups.contains("Numbers,1,0,0,0"), "{groups}");
    for f in ["logodds.csv", "keyness.csv", "terms.csv", "term_matrix.csv"] {
        let text = read(&out.join(f));
        assert!(
            !text.to_lowercase().contains("nan") && !text.contains("inf"),
            "{f}:\n{text}"
        );
    }
    let (h, rows) = csv_rows(&out.join("keyness.csv"));
    let numbers: Vec<_> = rows
        .iter()
        .filter(|r| r[col(&h, "group")] == "Numbers")
        .collect();
    assert!(!numbers.is_empty());
    assert!(
        numbers.iter().all(|r| r[col(&h, "g2")].is_empty()),
        "n1 = 0: undefined"
    );
}

#[test]
fn swapping_the_sides_flips_every_sign_exactly() {
    let corpus = "id,source,text\n1,A,occupation occupation liberation peace\n2,A,occupation talks\n3,B,liberation liberation peace talks talks\n4,B,peace victory\n";
    let ab = report_csv("swap-ab", corpus, &["--compare", "A:B"]);
    let ba = report_csv("swap-ba", corpus, &["--compare", "B:A"]);
    let pick = |out: &std::path::Path, file: &str, g: &str, v: &str, cols: &[&str]| {
        let (h, rows) = csv_rows(&out.join(file));
        let mut m: Vec<(String, Vec<String>)> = rows
            .iter()
            .filter(|r| r[col(&h, "group")] == g && r[col(&h, "versus")] == v)
            .map(|r| {
                (
                    r[col(&h, "term")].clone(),
                    cols.iter().map(|c| r[col(&h, c)].clone()).collect(),
                )
            })
            .collect();
        m.sort();
        m
    };
    let flip = |x: &String| -> String {
        match x.strip_prefix('-') {
            Some(pos) => pos.to_string(),
            None if x == "0" || x.is_empty() => x.clone(),
            None => format!("-{x}"),
        }
    };
    let cols = ["delta", "z", "p_value"];
    let left = pick(&ab, "logodds.csv", "A", "B", &cols);
    let right = pick(&ba, "logodds.csv", "B", "A", &cols);
    assert_eq!(
        left.len(),
        5,
        "occupation, liberation, peace, talks, victory"
    );
    for ((t1, a), (t2, b)) in left.iter().zip(&right) {
        assert_eq!(t1, t2);
        assert_eq!(flip(&a[0]), b[0], "delta of {t1}");
        assert_eq!(flip(&a[1]), b[1], "z of {t1}");
        assert_eq!(a[2], b[2], "p of {t1}");
    }
    let cols = ["g2", "log_ratio"];
    let left = pick(&ab, "keyness.csv", "A", "B", &cols);
    let right = pick(&ba, "keyness.csv", "B", "A", &cols);
    for ((t, a), (_, b)) in left.iter().zip(&right) {
        assert_eq!(flip(&a[0]), b[0], "g2 of {t}");
        assert_eq!(flip(&a[1]), b[1], "log_ratio of {t}");
    }
}
