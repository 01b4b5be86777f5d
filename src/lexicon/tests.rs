//! Hand-countable tests of loading and matching, through the real counting
//! path ([`Worker::count_document`]).

use super::*;
use crate::count::Worker;
use crate::error::Error;
use crate::text::{Analyzer, AnalyzerOptions, NormalizeOptions};
use std::collections::BTreeMap;

fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzerOptions::default()).unwrap()
}

fn csv(text: &str) -> Lexicon {
    Lexicon::parse_csv(text, "test.csv", &analyzer()).unwrap()
}

/// Each hit as (category, matched normalised words).
fn hits(m: &Matcher, text: &str) -> Vec<(String, String)> {
    let a = analyzer();
    let mut w = Worker::new(&a, Some(m));
    let dc = w.count_document(text, 0);
    let sorted = dc
        .hits
        .windows(2)
        .all(|p| (p[0].first, p[0].entry) <= (p[1].first, p[1].entry));
    assert!(sorted, "hits sorted by (first, entry)");
    dc.hits
        .iter()
        .map(|h| {
            let words: Vec<&str> = (h.first..h.last)
                .map(|i| w.surface(w.tokens[i as usize].surface))
                .collect();
            (
                m.categories()[m.category_index(h.entry)].clone(),
                words.join(" "),
            )
        })
        .collect()
}

fn counts(m: &Matcher, text: &str) -> BTreeMap<String, usize> {
    let mut c = BTreeMap::new();
    for (cat, _) in hits(m, text) {
        *c.entry(cat).or_insert(0) += 1;
    }
    c
}

fn matcher(text: &str, overlap: Overlap) -> Matcher {
    Matcher::new(&[csv(text)], overlap)
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The (path, line) of a bad-input error, and its text.
fn err_at(r: Result<Lexicon, Error>) -> (String, Option<u64>, String) {
    let e = r.expect_err("expected an error");
    let loc = e.location().expect("a bad-input error").clone();
    (loc.path, loc.line, e.to_string())
}

fn csv_err(text: &str) -> (String, Option<u64>, String) {
    err_at(Lexicon::parse_csv(text, "bad.csv", &analyzer()))
}

#[test]
fn overlapping_phrases_longest_wins_all_counts_both() {
    let lex = "category,pattern\n\
               occupation,occupied\n\
               occupation,occupied territories\n\
               occupation,territories\n";
    let text = "The occupied territories remain occupied.";
    let m = matcher(lex, Overlap::Longest);
    assert_eq!(
        hits(&m, text),
        pairs(&[
            ("occupation", "occupied territories"),
            ("occupation", "occupied")
        ])
    );
    let m = matcher(lex, Overlap::All);
    assert_eq!(
        hits(&m, text),
        pairs(&[
            ("occupation", "occupied"),
            ("occupation", "occupied territories"),
            ("occupation", "territories"),
            ("occupation", "occupied"),
        ])
    );
}

#[test]
fn different_categories_count_independently() {
    let lex = "category,pattern\nwar,patriotic war\nvictory,patriotic war\nvictory,war\n";
    let m = matcher(lex, Overlap::Longest);
    // "patriotic war" counts for both categories; "war" inside it is
    // overlapped within victory.
    assert_eq!(
        hits(&m, "The Patriotic War ended."),
        pairs(&[("war", "patriotic war"), ("victory", "patriotic war")])
    );
}

#[test]
fn the_audit_counts_each_entrys_hits_and_documents_over_workers() {
    let lex = "category,pattern\nwar,war\nwar,peace talks\nwar,truce\n";
    let m = matcher(lex, Overlap::Longest);
    let a = analyzer();
    let (mut w1, mut w2) = (Worker::new(&a, Some(&m)), Worker::new(&a, Some(&m)));
    // war: 2 + 1 + 1 hits in 3 documents; peace talks: 2 hits in 1; truce: none
    w1.count_document("War, war everywhere. Peace talks, then peace talks.", 0);
    w1.count_document("", 0);
    w1.count_document("The war ended.", 0);
    w2.count_document("No war here.", 0);
    w2.count_document("Nothing at all.", 0);
    let workers = [w1, w2];
    assert_eq!(Worker::entry_docs(&workers, 3), vec![3, 1, 0]);
    let forms = Worker::audit_forms(&workers, 3);
    let hits: Vec<u64> = forms.iter().map(|f| f.values().sum()).collect();
    assert_eq!(hits, vec![4, 2, 0]);
    assert_eq!(forms[1].get("peace talks"), Some(&2));
}

#[test]
fn the_audit_keeps_each_matched_form_over_workers() {
    let lex = "category,pattern\nwar,occup*\nwar,peace talks\nwar,ceasefire talks\n";
    let m = matcher(lex, Overlap::Longest);
    let a = analyzer();
    let (mut w1, mut w2) = (Worker::new(&a, Some(&m)), Worker::new(&a, Some(&m)));
    // each worker meets the phrases in a different order, so their phrase
    // ids differ; the forms must not
    w1.count_document("Peace talks. Occupied, occupation. Ceasefire talks.", 0);
    w2.count_document(
        "Ceasefire talks, ceasefire talks. Occupied. Peace talks.",
        0,
    );
    let forms = Worker::audit_forms(&[w1, w2], 3);
    let sorted = |f: &rustc_hash::FxHashMap<String, u64>| {
        let mut v: Vec<(String, u64)> = f.iter().map(|(k, &n)| (k.clone(), n)).collect();
        v.sort();
        v
    };
    let owned = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
        v.iter().map(|&(k, n)| (k.to_string(), n)).collect()
    };
    assert_eq!(
        sorted(&forms[0]),
        owned(&[("occupation", 1), ("occupied", 2)])
    );
    assert_eq!(sorted(&forms[1]), owned(&[("peace talks", 2)]));
    assert_eq!(sorted(&forms[2]), owned(&[("ceasefire talks", 3)]));
}

#[test]
fn wildcard_over_reaches_like_liwc() {
    let m = matcher(
        "category,pattern\noccupation,occup*          # prefix\n",
        Overlap::Longest,
    );
    assert_eq!(
        hits(
            &m,
            "Occupational hazards of the occupation; they occupy it. Preoccupied."
        ),
        pairs(&[
            ("occupation", "occupational"),
            ("occupation", "occupation"),
            ("occupation", "occupy"),
        ])
    );
    assert_eq!(m.entries()[0].words, ["occup*"]);
}

#[test]
fn prefix_inside_a_phrase_and_several_prefixes_per_word() {
    let lex = "category,pattern\nocc,occupied territor*\na,occ*\nb,occup*\n";
    let m = matcher(lex, Overlap::Longest);
    assert_eq!(
        counts(&m, "the occupied territory and occupation"),
        BTreeMap::from([("a".into(), 2), ("b".into(), 2), ("occ".into(), 1)])
    );
}

#[test]
fn phrase_across_dash_comma_quotes_but_not_sentence_end() {
    let lex = "category,pattern\nalliance,\"one nation, two states\"   # phrase\n";
    let m = matcher(lex, Overlap::Longest);
    let text = "They say one nation — two states. Also: One nation, two states! \
                And “One nation – two states”.";
    assert_eq!(counts(&m, text)["alliance"], 3);
    // Never across a sentence end or a paragraph break.
    assert!(hits(&m, "It is one nation. Two states are there.").is_empty());
    assert!(hits(&m, "one nation\n\ntwo states").is_empty());
    let m = matcher("category,pattern\npeace,peace talks\n", Overlap::Longest);
    assert!(hits(&m, "They want peace. Talks failed.").is_empty());
    assert_eq!(hits(&m, "The peace talks resumed.").len(), 1);
}

#[test]
fn stop_words_stay_inside_phrases() {
    let m = matcher(
        "category,pattern\nterritory,restoration of territorial integrity\n",
        Overlap::Longest,
    );
    assert_eq!(
        hits(&m, "the restoration of territorial integrity"),
        pairs(&[("territory", "restoration of territorial integrity")])
    );
    assert!(hits(&m, "the restoration territorial integrity").is_empty());
}

#[test]
fn turkish_dotted_i_and_curly_apostrophes_in_patterns() {
    let lex = "category,pattern\ncountry,TÜRKİYE’s\narmy,Azerbaijan’s army\n";
    let l = csv(lex);
    assert_eq!(l.entries[0].words, ["türkiye"]);
    assert_eq!(l.entries[1].words, ["azerbaijan", "army"]);
    let m = Matcher::new(&[l], Overlap::Longest);
    let text = "Türkiye and TÜRKİYE, türkiye's ally. Azerbaijan's army and AZERBAIJAN’S ARMY.";
    assert_eq!(
        counts(&m, text),
        BTreeMap::from([("army".into(), 2), ("country".into(), 3)])
    );
}

const REGION: &str = "#! concept: region = nk | k | a\n\
                      category,pattern\n\
                      nk,Nagorno-Karabakh\n\
                      k,Karabakh\n\
                      a,Artsakh\n";
const REGION_TEXT: &str =
    "Nagorno-Karabakh, which Armenians call Artsakh. Karabakh is mountainous.";

#[test]
fn concept_alternatives_compete() {
    let m = matcher(REGION, Overlap::Longest);
    assert_eq!(
        hits(&m, REGION_TEXT),
        pairs(&[
            ("nk", "nagorno karabakh"),
            ("a", "artsakh"),
            ("k", "karabakh")
        ])
    );
    assert_eq!(m.concepts()[0].name, "region");
    let k = m.categories().iter().position(|c| c == "k").unwrap();
    assert_eq!(m.category_concept(k).unwrap().name, "region");
    // Without the concept, "Karabakh" inside "Nagorno-Karabakh" counts too.
    let plain = REGION.replace("#! concept", "# concept");
    let m = matcher(&plain, Overlap::Longest);
    assert_eq!(counts(&m, REGION_TEXT)["k"], 2);
    assert_eq!(m.category_concept(k), None);
    // And with --overlap all.
    let m = matcher(REGION, Overlap::All);
    assert_eq!(counts(&m, REGION_TEXT)["k"], 2);
}

#[test]
fn numbers_vanish_from_patterns_unless_kept() {
    let lex = "category,pattern\nwar,44-day war\n";
    assert_eq!(csv(lex).entries[0].words, ["day", "war"]);
    let m = matcher(lex, Overlap::Longest);
    assert_eq!(counts(&m, "The 44-day war of 2020.")["war"], 1);
    let keep = Analyzer::new(AnalyzerOptions {
        normalize: NormalizeOptions {
            keep_numbers: true,
            ..Default::default()
        },
        ..Default::default()
    })
    .unwrap();
    let l = Lexicon::parse_csv(lex, "k.csv", &keep).unwrap();
    assert_eq!(l.entries[0].words, ["44", "day", "war"]);
}

#[test]
fn stem_lexicon_matches_by_snowball_stem() {
    let lex = "# liberation words\n#! stem: english\ncategory,pattern\nlib,liberate\nocc,occupied territories\n";
    let l = csv(lex);
    assert!(l.entries.iter().all(|e| e.stemmed));
    assert_eq!(l.stem.map(|s| s.name()), Some("english"));
    let m = Matcher::new(&[l], Overlap::Longest);
    // Snowball: liberate, liberated, liberation, liberals → "liber"
    // (over-reach, documented); "liberty" → "liberti" does not match.
    assert_eq!(
        hits(
            &m,
            "They liberated the city. The liberation pleased liberals, not liberty. Occupying territory."
        ),
        pairs(&[
            ("lib", "liberated"),
            ("lib", "liberation"),
            ("lib", "liberals"),
            ("occ", "occupying territory"),
        ])
    );
    // A plain lexicon matches the exact word only.
    let m = matcher("category,pattern\nlib,liberate\n", Overlap::Longest);
    assert!(hits(&m, "They liberated the city.").is_empty());
}

#[test]
fn stem_none_and_bad_stem() {
    let l = csv("#! stem: none\ncategory,pattern\nlib,liberate\n");
    assert_eq!(l.stem, None);
    assert!(!l.entries[0].stemmed);
    let (_, line, msg) = csv_err("category,pattern\n#! stem: klingon\nlib,liberate\n");
    assert_eq!(line, Some(2));
    assert!(msg.contains("klingon"), "{msg}");
    let (_, line, _) = csv_err("#! stemm: english\ncategory,pattern\nlib,liberate\n");
    assert_eq!(line, Some(1));
}

#[test]
fn csv_format_details() {
    let text = "\u{FEFF}# header comment\r\n\r\n\
                Pattern , Weight, notes ,Category\r\n\
                occupation,,note,ignored\r\n\
                \"occupied \"\"land\"\"\",2.5,x,occupation # trailing\r\n\
                \"one nation, two states\",-1,,alliance\r\n\
                c#,,,alliance\r\n";
    let l = Lexicon::parse_csv(text, "f.csv", &analyzer()).unwrap();
    assert_eq!(l.entries.len(), 4);
    assert_eq!(l.entries[0].category, "ignored");
    assert_eq!(l.entries[0].line, 4);
    assert_eq!(l.entries[1].pattern, "occupied \"land\"");
    assert_eq!(l.entries[1].words, ["occupied", "land"]);
    assert_eq!(l.entries[1].weight, Some(2.5));
    assert_eq!(l.entries[1].category, "occupation");
    assert_eq!(l.entries[2].weight, Some(-1.0));
    assert_eq!(l.entries[2].words, ["one", "nation", "two", "states"]);
    assert_eq!(l.entries[3].words, ["c"]);
    assert_eq!(l.entries[0].weight, None);
    assert_eq!(l.categories, ["ignored", "occupation", "alliance"]);
    assert_eq!(l.sha256.len(), 64);
}

#[test]
fn duplicate_patterns_warn_and_first_listed_wins() {
    let l = csv("category,pattern,weight\nocc,occupation,1\nocc,Occupation,2\nocc,occup*,3\n");
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(l.warnings[0].starts_with("test.csv:3:"), "{:?}", l.warnings);
    let m = Matcher::new(&[l], Overlap::Longest);
    let a = analyzer();
    let mut w = Worker::new(&a, Some(&m));
    let dc = w.count_document("occupation", 0);
    assert_eq!(
        dc.hits,
        [Hit {
            entry: 0,
            first: 0,
            last: 1
        }]
    );
    assert_eq!(m.entries()[0].weight, Some(1.0));
}

#[test]
fn entries_numbered_across_lexicons() {
    let a = csv("category,pattern\nocc,occupation\n");
    let b = csv("category,pattern\npeace,peace\nocc,occupied\n");
    let m = Matcher::new(&[a, b], Overlap::Longest);
    assert_eq!(m.entries().len(), 3);
    assert_eq!(m.entries()[2].pattern, "occupied");
    assert_eq!(m.categories(), ["occ", "peace"]);
    assert_eq!(m.category_index(2), 0);
    assert_eq!(m.category_index(1), 1);
    assert_eq!(
        counts(&m, "occupation, occupied, peace"),
        BTreeMap::from([("occ".into(), 2), ("peace".into(), 1)])
    );
}

#[test]
fn csv_errors_name_file_and_line() {
    let cases: &[(&str, u64, &str)] = &[
        (
            "category,pattern\nocc,occupation\nocc,\n",
            3,
            "empty pattern",
        ),
        ("category,pattern\nocc,   # nothing\n", 2, "empty pattern"),
        ("category,pattern\nocc,*\n", 2, "lone `*`"),
        ("category,pattern\nocc,occupied *\n", 2, "lone `*`"),
        ("category,pattern\nocc,oc*cupation\n", 2, "inside a word"),
        ("category,pattern\nocc,*occupation\n", 2, "inside a word"),
        ("category,pattern\nocc,2020\n", 2, "no words"),
        ("category,pattern\nocc,— “ ”\n", 2, "no words"),
        (
            "category,pattern,weight\nocc,occupation,heavy\n",
            2,
            "bad weight",
        ),
        (
            "category,pattern,weight\nocc,occupation,NaN\n",
            2,
            "bad weight",
        ),
        (",\ncategory,pattern\n", 1, "found: '', ''"),
        (
            "# c\ncat,pattern,weight\nocc,x\n",
            2,
            "found: 'cat', 'pattern', 'weight'",
        ),
        ("category,pattern\n,occupation\n", 2, "empty category"),
        ("category,pattern\nocc,\"occupation\n", 2, "unclosed quote"),
        (
            "category,pattern\nocc,\"occupation\" x\n",
            2,
            "after a closing quote",
        ),
        ("#! concept: r = a | b\ncategory,pattern\na,x\n", 1, "'b'"),
        (
            "#! concept: r = a\ncategory,pattern\na,x\n",
            1,
            "two or more",
        ),
        (
            "#! concept: r = a | b\n#! concept: s = b | c\n",
            2,
            "already in concept",
        ),
        (
            "#! concept: r = a | b\ncategory,pattern\na,Karabakh\nb,karabakh’s\n",
            4,
            "only one category of a concept",
        ),
    ];
    for (text, line, needle) in cases {
        let (path, l, msg) = csv_err(text);
        assert_eq!(path, "bad.csv", "{text}");
        assert_eq!(l, Some(*line), "{text}: {msg}");
        assert!(msg.contains(needle), "{text}: {msg}");
    }
    // Empty lexicons name the file.
    for text in ["", "# only a comment\n", "category,pattern\n# nothing\n"] {
        let (path, line, msg) = csv_err(text);
        assert_eq!((path.as_str(), line), ("bad.csv", None), "{text}");
        assert!(msg.contains("no "), "{msg}");
    }
}

#[test]
fn liwc_dic_with_nested_header_conditionals_and_wildcards() {
    let a = analyzer();
    let l = Lexicon::parse_dic(include_str!("testdata/nested.dic"), "nested.dic", &a).unwrap();
    assert_eq!(
        l.categories,
        [
            "funct",
            "pronoun",
            "ppron",
            "occupation",
            "peace",
            "hedge",
            "unused"
        ]
    );
    assert_eq!(l.entries.len(), 9);
    assert_eq!(l.entries[5].words, ["abandon*"]);
    assert_eq!(l.entries[5].line, 13);
    assert_eq!(l.entries[7].words, ["kind", "of"]);
    assert_eq!(l.warnings.len(), 3, "{:?}", l.warnings);
    assert!(
        l.warnings[0].starts_with("nested.dic:15:"),
        "{:?}",
        l.warnings
    );
    let m = Matcher::new(&[l], Overlap::Longest);
    assert!(m.categories().contains(&"unused".to_string()));
    assert_eq!(
        counts(&m, "He abandoned the occupied land, kind of. Peace talks!"),
        BTreeMap::from([
            ("funct".into(), 1),
            ("hedge".into(), 1),
            ("occupation".into(), 2),
            ("peace".into(), 2),
            ("ppron".into(), 1),
            ("pronoun".into(), 1),
        ])
    );
}

#[test]
fn liwc_dic_errors() {
    let a = analyzer();
    let bad = "%\n1\tfunct\n%\na\t1\nthe\t1\t7\n";
    let (path, line, msg) = err_at(Lexicon::parse_dic(bad, "x.dic", &a));
    assert_eq!((path.as_str(), line), ("x.dic", Some(5)));
    assert!(msg.contains("unknown category id '7'"), "{msg}");
    let (_, line, _) = err_at(Lexicon::parse_dic("%\n1 funct\n", "x.dic", &a));
    assert_eq!(line, None);
    let (_, line, _) = err_at(Lexicon::parse_dic("a\t1\n", "x.dic", &a));
    assert_eq!(line, Some(1));
    let (_, line, _) = err_at(Lexicon::parse_dic("%\n1 funct\n%\nthe\n", "x.dic", &a));
    assert_eq!(line, Some(4));
    // Space-separated entries, leading zeros in ids.
    let l = Lexicon::parse_dic(
        "%\n01 funct\n2 hedge\n%\nkind of 2 1\nthe 01\n",
        "s.dic",
        &a,
    )
    .unwrap();
    assert_eq!(l.entries.len(), 3);
    assert_eq!(l.entries[0].words, ["kind", "of"]);
    assert_eq!(l.entries[0].category, "hedge");
}

#[test]
fn liwc22_dicx() {
    let a = analyzer();
    let l = Lexicon::parse_dicx(include_str!("testdata/liwc22.dicx"), "l.dicx", &a).unwrap();
    assert_eq!(l.categories, ["occupation", "peace", "hedge"]);
    assert_eq!(l.entries.len(), 5);
    assert_eq!(l.entries[3].words, ["kind", "of"]);
    assert_eq!(l.entries[4].weight, Some(2.5));
    assert_eq!(l.entries[0].weight, None);
    assert_eq!(l.warnings, ["l.dicx:7: 'ceasefire' is in no category"]);
    let m = Matcher::new(&[l], Overlap::Longest);
    let text = "The occupation ended with peace talks and peace, kind of.";
    assert_eq!(
        hits(&m, text),
        pairs(&[
            ("occupation", "occupation"),
            ("peace", "peace talks"),
            ("peace", "peace"),
            ("hedge", "kind of"),
        ])
    );
    let (_, line, _) = err_at(Lexicon::parse_dicx("DicTerm\nx\n", "l.dicx", &a));
    assert_eq!(line, Some(1));
    let (_, line, _) = err_at(Lexicon::parse_dicx(
        "DicTerm,a\nx,X\noc*c,X\n",
        "l.dicx",
        &a,
    ));
    assert_eq!(line, Some(3));
}

#[test]
fn load_by_extension_hashes_file_bytes() {
    let dir = std::env::temp_dir().join(format!("framelens-lexicon-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = analyzer();
    let bytes = "\u{FEFF}category,pattern\nocc,occupation\n".as_bytes();
    let p = dir.join("l.CSV");
    std::fs::write(&p, bytes).unwrap();
    let l = Lexicon::load(p.to_str().unwrap(), &a).unwrap();
    assert_eq!(l.entries.len(), 1);
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(l.sha256, want);
    // Windows-1252 .dic files are read with a warning.
    let p = dir.join("old.dic");
    std::fs::write(&p, b"%\n1 affect\n%\ncaf\xe9\t1\n").unwrap();
    let l = Lexicon::load(p.to_str().unwrap(), &a).unwrap();
    assert_eq!(l.entries[0].words, ["café"]);
    assert_eq!(l.warnings.len(), 1);
    let p = dir.join("bad.csv");
    std::fs::write(&p, b"category,pattern\nocc,caf\xe9\n").unwrap();
    let (_, line, _) = err_at(Lexicon::load(p.to_str().unwrap(), &a));
    assert_eq!(line, Some(2));
    let p = dir.join("l.txt");
    std::fs::write(&p, "x").unwrap();
    assert!(Lexicon::load(p.to_str().unwrap(), &a).is_err());
    let missing = dir.join("missing.csv");
    assert!(matches!(
        Lexicon::load(missing.to_str().unwrap(), &a),
        Err(Error::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn overlap_names() {
    assert_eq!("all".parse::<Overlap>().unwrap(), Overlap::All);
    assert_eq!("Longest".parse::<Overlap>().unwrap().name(), "longest");
    assert!("some".parse::<Overlap>().is_err());
    assert_eq!(Overlap::default(), Overlap::Longest);
}

fn shipped(name: &str) -> Lexicon {
    let path = format!("{}/lexicons/{name}", env!("CARGO_MANIFEST_DIR"));
    let l = Lexicon::load(&path, &analyzer()).unwrap();
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    l
}

#[test]
fn shipped_south_caucasus_lexicon() {
    let l = shipped("south-caucasus.csv");
    assert!(
        (100..=200).contains(&l.entries.len()),
        "{}",
        l.entries.len()
    );
    for c in [
        "occupation",
        "liberation_victory",
        "alliance_brotherhood",
        "neutral_disputed",
        "armenian_perspective",
        "military_cooperation",
        "peace_diplomacy",
        "name_nagorno_karabakh",
        "name_karabakh",
        "name_artsakh",
        "name_shusha",
        "name_shushi",
        "war_44_day",
        "war_patriotic",
        "war_nagorno_karabakh",
        "name_zangezur",
        "name_syunik",
        "name_turkiye",
        "name_turkey",
    ] {
        assert!(l.categories.iter().any(|x| x == c), "missing {c}");
    }
    let concepts: Vec<&str> = l.concepts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        concepts,
        ["region", "city", "war2020", "corridor", "country"]
    );
    let m = Matcher::new(&[l], Overlap::Longest);
    let text = "Türkiye and Azerbaijan are “one nation, two states”. After the 44-day war, \
                Turkey's drones were praised in Shusha. Armenians say Shushi and Artsakh \
                suffered ethnic cleansing. Peace talks on the Nagorno-Karabakh war continue.";
    let c = counts(&m, text);
    for (cat, n) in [
        ("name_turkiye", 1),
        ("name_turkey", 1),
        ("alliance_brotherhood", 1),
        ("war_44_day", 1),
        ("military_cooperation", 1),
        ("name_shusha", 1),
        ("name_shushi", 1),
        ("name_artsakh", 1),
        ("name_nagorno_karabakh", 1),
        ("war_nagorno_karabakh", 1),
        ("peace_diplomacy", 1),
    ] {
        assert_eq!(c.get(cat), Some(&n), "{cat}: {c:?}");
    }
    assert_eq!(c.get("name_karabakh"), None, "{c:?}");
}

#[test]
fn shipped_policy_frames_lexicon() {
    let l = shipped("policy-frames.csv");
    let mut cats = l.categories.clone();
    cats.sort();
    let want = [
        "capacity_resources",
        "crime_punishment",
        "cultural_identity",
        "economic",
        "external_regulation_reputation",
        "fairness_equality",
        "health_safety",
        "legality_constitutionality_jurisprudence",
        "morality",
        "policy_prescription_evaluation",
        "political",
        "public_opinion",
        "quality_of_life",
        "security_defense",
    ];
    assert_eq!(cats, want, "('other' has no cue words, by design)");
    for c in want {
        let n = l.entries.iter().filter(|e| e.category == c).count();
        assert!((10..=25).contains(&n), "{c}: {n} entries");
    }
    assert!(l.concepts.is_empty());
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, valid or not, loads or fails with an error: never a panic.
        #[test]
        fn parsers_never_panic(text in "(\\PC|[,*#%\\t\\n\"]){0,200}") {
            let a = Analyzer::new(AnalyzerOptions::default()).unwrap();
            let _ = Lexicon::parse_csv(&text, "f.csv", &a);
            let _ = Lexicon::parse_dic(&text, "f.dic", &a);
            let _ = Lexicon::parse_dicx(&text, "f.dicx", &a);
            let with_header = format!("category,pattern\n{text}");
            if let Ok(lex) = Lexicon::parse_csv(&with_header, "f.csv", &a) {
                // whatever loads can be compiled and matched
                let m = Matcher::new(&[lex], Overlap::Longest);
                let mut w = Worker::new(&a, Some(&m));
                w.count_document(&text, 0);
            }
        }
    }
}

#[test]
fn every_spelling_of_a_keyed_word_starts_a_match_in_a_warm_worker() {
    // "Occupation" and "OCCUPATION" are new raw forms of a surface the
    // worker already knows to have keys; the second document finds every
    // form in the worker's cache.
    let m = matcher(
        "category,pattern\nocc,occupation\nocc2,peace talks\n",
        Overlap::Longest,
    );
    let a = analyzer();
    let mut w = Worker::new(&a, Some(&m));
    let text = "occupation, then Occupation. OCCUPATION and Peace Talks and peace talks";
    for _ in 0..2 {
        let dc = w.count_document(text, 0);
        let cats: Vec<&str> = dc
            .hits
            .iter()
            .map(|h| m.categories()[m.category_index(h.entry)].as_str())
            .collect();
        assert_eq!(cats, ["occ", "occ", "occ", "occ2", "occ2"]);
    }
}

#[test]
fn weighted_hits_sum_the_entries_weights() {
    // occupation: 2.5 + 2.5 (two hits of a weighted entry) + 1 (an entry
    // without a weight counts 1); liberation: -1
    let l = csv("category,pattern,weight\n\
                 occupation,occupation,2.5\n\
                 occupation,occupied,\n\
                 liberation,liberation,-1\n");
    let m = Matcher::new(&[l], Overlap::Longest);
    assert_eq!(m.entry_weight(0), 2.5);
    assert_eq!(m.entry_weight(1), 1.0);
    assert_eq!(m.entry_weight(2), -1.0);
    let a = analyzer();
    let mut w = Worker::new(&a, Some(&m));
    let dc = w.count_document("Occupation, liberation and occupied land: occupation.", 0);
    let frames = crate::count::frames::doc_frames(&dc, &w, &m);
    let by_name = |name: &str| {
        let i = m.categories().iter().position(|c| c == name).unwrap();
        frames.categories[i]
    };
    assert_eq!(
        (by_name("occupation").hits, by_name("occupation").weighted),
        (3, 6.0)
    );
    assert_eq!(
        (by_name("liberation").hits, by_name("liberation").weighted),
        (1, -1.0)
    );
}

mod against_brute_force {
    //! The matcher (its trie, the per-word one-word matches and the overlap
    //! rule) against a matcher written the slow, obvious way: every entry
    //! tried at every token.
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &["aa", "ab", "ba", "bb", "abc"];
    const PATTERN_WORDS: &[&str] = &["aa", "ab", "ba", "bb", "abc", "a*", "ab*", "b*"];

    fn word_matches(pattern: &str, word: &str) -> bool {
        match pattern.strip_suffix('*') {
            Some(prefix) => word.starts_with(prefix),
            None => pattern == word,
        }
    }

    /// (first, entry, last) of every hit, by trying each entry at each
    /// token; Longest keeps, per category (no concepts here), the longest
    /// match at the leftmost free token (ties: the lower entry).
    fn brute_force(m: &Matcher, words: &[(&str, u32)]) -> Vec<(u32, u32, u32)> {
        let mut out = Vec::new();
        let mut free = vec![0usize; m.categories().len()];
        for i in 0..words.len() {
            let mut here: Vec<(usize, usize, u32)> = Vec::new(); // (category, last, entry)
            for (e, entry) in m.entries().iter().enumerate() {
                let last = i + entry.words.len();
                let fits = last <= words.len()
                    && (i..last).all(|j| {
                        words[j].1 == words[i].1 && word_matches(&entry.words[j - i], words[j].0)
                    });
                if fits {
                    here.push((m.category_index(e as u32), last, e as u32));
                }
            }
            let mut hits: Vec<(u32, u32, u32)> = Vec::new();
            match m.overlap() {
                Overlap::All => hits.extend(here.iter().map(|&(_, l, e)| (i as u32, e, l as u32))),
                Overlap::Longest => {
                    for (c, free) in free.iter_mut().enumerate() {
                        let best = here
                            .iter()
                            .filter(|h| h.0 == c)
                            .min_by_key(|&&(_, l, e)| (std::cmp::Reverse(l), e));
                        if let Some(&(_, last, e)) = best {
                            if i >= *free {
                                *free = last;
                                hits.push((i as u32, e, last as u32));
                            }
                        }
                    }
                }
            }
            hits.sort_unstable();
            out.extend(hits);
        }
        out
    }

    proptest! {
        #[test]
        fn hits_equal_trying_every_entry_at_every_token(
            rows in proptest::collection::btree_set(
                (0..3usize, proptest::collection::vec(0..PATTERN_WORDS.len(), 1..4)),
                1..12,
            ),
            text in proptest::collection::vec((0..WORDS.len(), 0..6u8), 0..40),
            all in any::<bool>(),
        ) {
            let mut lexicon = String::from("category,pattern\n");
            for (c, pattern) in &rows {
                let words: Vec<&str> = pattern.iter().map(|&w| PATTERN_WORDS[w]).collect();
                lexicon.push_str(&format!("c{c},{}\n", words.join(" ")));
            }
            let overlap = if all { Overlap::All } else { Overlap::Longest };
            let m = matcher(&lexicon, overlap);
            // a sentence ends after a word followed by 0, with a question
            // mark and a capital (a lower-case word continues a sentence)
            let mut doc = String::new();
            let mut words = Vec::new();
            let mut sentence = 0;
            for &(w, end) in &text {
                let word = WORDS[w];
                if doc.ends_with("? ") {
                    doc.push_str(&word[..1].to_uppercase());
                    doc.push_str(&word[1..]);
                } else {
                    doc.push_str(word);
                }
                words.push((WORDS[w], sentence));
                if end == 0 {
                    doc.push_str("? ");
                    sentence += 1;
                } else {
                    doc.push(' ');
                }
            }
            let a = analyzer();
            let mut w = Worker::new(&a, Some(&m));
            // twice: the second time every word comes from the worker's cache
            for _ in 0..2 {
                let dc = w.count_document(&doc, 0);
                let got: Vec<(u32, u32, u32)> =
                    dc.hits.iter().map(|h| (h.first, h.entry, h.last)).collect();
                prop_assert_eq!(&got, &brute_force(&m, &words));
            }
        }
    }
}
