//! Counting: per-group term counts, document frequencies, surface forms and
//! lexicon hits, in worker threads whose tables merge ([`Counts::merge`]).

pub mod background;
mod cells;
pub mod context;
pub mod frames;
pub mod interner;
pub mod narrow;
mod packed;
pub mod table;
pub mod worker;

pub use table::{Cell, Counts, GroupTotals, TermCounts};
pub use worker::{DocCount, Worker};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analyzer, AnalyzerOptions, StemSpec, StopwordsSpec};

    fn analyzer(stem: bool) -> Analyzer {
        Analyzer::new(AnalyzerOptions {
            stem: if stem {
                "english".parse().unwrap()
            } else {
                StemSpec::None
            },
            ..Default::default()
        })
        .unwrap()
    }

    fn count(a: &Analyzer, docs: &[(&str, usize)], names: &[&str]) -> Counts {
        let mut w = Worker::new(a, None);
        for (text, g) in docs {
            w.count_document(text, *g);
        }
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        w.into_counts(&names)
    }

    #[test]
    fn hand_counted_two_groups() {
        let a = analyzer(true);
        // A: "The occupation of Karabakh. Occupied Karabakh!" → tokens: the occupation of
        //    karabakh occupied karabakh = 6; terms (stop words the, of out): occup×1
        //    (occupation), occupi×1 (Snowball: occupied → occupi), karabakh×2.
        // B: "Liberation of Karabakh’s towns; liberated." → tokens: liberation of karabakh
        //    towns liberated = 5; terms: liber×2, karabakh×1, town×1.
        let c = count(
            &a,
            &[
                ("The occupation of Karabakh. Occupied Karabakh!", 0),
                ("Liberation of Karabakh’s towns; liberated.", 1),
                ("", 1),
            ],
            &["A", "B"],
        );
        assert_eq!(c.groups[0].tokens, 6);
        assert_eq!(c.groups[1].tokens, 5);
        assert_eq!((c.groups[1].docs, c.groups[1].empty_docs), (1, 1));
        let get = |t: &str| c.terms.iter().find(|x| x.term == t).unwrap();
        assert_eq!(get("occup").count(0), 1);
        assert_eq!(get("occupi").count(0), 1);
        assert_eq!(get("occup").count(1), 0);
        assert_eq!(get("karabakh").count(0), 2);
        assert_eq!(get("karabakh").cell(0).unwrap().docs, 1);
        assert_eq!(get("karabakh").count(1), 1);
        assert_eq!(get("liber").count(1), 2);
        // display: tie between "liberated" and "liberation" (1 each) → smaller word
        assert_eq!(get("liber").display, "liberated");
        assert!(c.terms.iter().all(|t| t.term != "the" && t.term != "of"));
        assert_eq!(c.types_per_group(), vec![3, 3]);
    }

    #[test]
    fn merge_of_shards_equals_one_pass() {
        let a = analyzer(true);
        let docs = [
            ("Türkiye and Azerbaijan: one nation, two states.", 0),
            ("TÜRKİYE’s drones; Azerbaijan’s army.", 1),
            ("Armenia and Azerbaijan talk peace.", 2),
            ("Peace talks stall, Armenia says.", 0),
        ];
        let names = ["x", "y", "z"];
        let whole = count(&a, &docs, &names);
        let left = count(&a, &docs[..2], &names);
        let right = count(&a, &docs[2..], &names);
        assert_eq!(left.merge(right), whole);
        let t = whole.terms.iter().find(|t| t.term == "türkiy").unwrap();
        assert_eq!(t.total(), 2, "TÜRKİYE and Türkiye are one term");
    }

    #[test]
    fn stopwords_none_keeps_function_words() {
        let a = Analyzer::new(AnalyzerOptions {
            stopwords: StopwordsSpec::None,
            stem: StemSpec::None,
            ..Default::default()
        })
        .unwrap();
        let c = count(&a, &[("the the cat", 0)], &["g"]);
        assert_eq!(c.terms[0].term, "cat");
        assert_eq!(c.terms[1].term, "the");
        assert_eq!(c.terms[1].count(0), 2);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const WORDS: &[&str] = &[
            "occupation",
            "Occupation",
            "liberation",
            "liberated",
            "the",
            "TÜRKİYE",
            "Türkiye’s",
            "Nagorno-Karabakh",
            "one",
            "nation,",
            "—",
            "two",
            "states.",
            "2020",
            "“quoted”",
            "of",
        ];

        fn texts() -> impl Strategy<Value = Vec<(String, usize)>> {
            proptest::collection::vec(
                (proptest::collection::vec(0..WORDS.len(), 0..30), 0..3usize),
                0..12,
            )
            .prop_map(|docs| {
                docs.into_iter()
                    .map(|(w, g)| (w.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" "), g))
                    .collect()
            })
        }

        fn count_all(a: &Analyzer, docs: &[(String, usize)]) -> Counts {
            let mut w = Worker::new(a, None);
            for (t, g) in docs {
                w.count_document(t, *g);
            }
            w.into_counts(&["a".into(), "b".into(), "c".into()])
        }

        proptest! {
            /// Without stop words, every token is in exactly one term's count.
            #[test]
            fn counts_add_up_to_tokens(docs in texts()) {
                let a = Analyzer::new(AnalyzerOptions { stopwords: StopwordsSpec::None, ..Default::default() }).unwrap();
                let c = count_all(&a, &docs);
                for (g, group) in c.groups.iter().enumerate() {
                    let sum: u64 = c.terms.iter().map(|t| t.count(g as u32)).sum();
                    prop_assert_eq!(sum, group.tokens);
                    for t in &c.terms {
                        if let Some(cell) = t.cell(g as u32) {
                            prop_assert!(cell.docs <= group.docs + group.empty_docs && cell.docs <= cell.count);
                        }
                    }
                }
            }

            /// Counting in two shards and merging equals counting in one pass.
            #[test]
            fn shard_and_merge_equals_one_pass(docs in texts(), cut in 0..12usize) {
                let a = analyzer(true);
                let cut = cut.min(docs.len());
                let whole = count_all(&a, &docs);
                let merged = count_all(&a, &docs[..cut]).merge(count_all(&a, &docs[cut..]));
                prop_assert_eq!(merged, whole);
            }
        }
    }
}
