//! framelens: compare how news outlets word the same story.
//!
//! The library does all the work; the `framelens` binary is a thin layer of
//! argument parsing over it. Data flows one way:
//!
//! * [`corpus`]: folders, CSV/TSV, JSONL, `.gz` and standard input read as one
//!   stream of [`corpus::Document`]s, strict about bad input;
//! * [`text`]: UAX #29 words with offsets, sentences and quotes, normalised
//!   (NFKC, apostrophes, `TÜRKİYE` → `türkiye`), stop words, Snowball stems;
//! * [`lexicon`]: framing lexicons (CSV, LIWC `.dic`/`.dicx`) matched on
//!   token ids;
//! * [`count`]: per-group term counts and frame hits in per-thread workers
//!   whose tables merge;
//! * [`stats`]: log-odds with Dirichlet prior, keyness, Benjamini–Hochberg,
//!   bootstrap, Welch, Wilson: pure functions that cite their formulas;
//! * [`report`]: CSV rows, one float formatter, a report folder that is never
//!   half-written, the manifest;
//! * [`run`]: the commands, tying the stages together from a
//!   [`config::RunConfig`].
//!
//! Count two outlets' articles and compare one word:
//!
//! ```
//! use framelens::count::Worker;
//! use framelens::stats::compare::{test_terms, Comparison, TestOptions, Versus};
//! use framelens::stats::logodds::{Prior, Variance};
//! use framelens::text::{Analyzer, AnalyzerOptions};
//!
//! let analyzer = Analyzer::new(AnalyzerOptions::default())?;
//! let mut worker = Worker::new(&analyzer, None);
//! worker.count_document("The occupation of Karabakh continued. Occupation!", 0);
//! worker.count_document("Karabakh’s liberation was celebrated in TÜRKİYE.", 1);
//! let counts = worker.into_counts(&["Yerevan".into(), "Baku".into()]);
//!
//! // groups are sorted by name: 0 = Baku, 1 = Yerevan
//! assert_eq!(counts.groups[1].tokens, 6); // the occupation of karabakh continued occupation
//! let occup = counts.terms.iter().find(|t| t.term == "occup").unwrap();
//! assert_eq!((occup.count(0), occup.count(1), occup.display.as_str()), (0, 2, "occupation"));
//!
//! let yerevan_vs_rest = Comparison { group: 1, versus: Versus::Rest };
//! let opts = TestOptions {
//!     prior: Prior::Pooled { alpha0: 1000.0 },
//!     variance: Variance::Approx,
//!     min_count: 1,
//! };
//! let tests = test_terms(&counts, &yerevan_vs_rest, &opts, None);
//! let t = tests.iter().find(|t| counts.terms[t.item].term == "occup").unwrap();
//! assert!(t.log_odds.unwrap().z > 0.0);
//! # Ok::<(), framelens::error::Error>(())
//! ```
#![deny(missing_docs)]

pub mod config;
pub mod corpus;
pub mod count;
pub mod error;
#[cfg(any(test, fuzzing))]
pub mod fuzz;
mod hint;
pub mod lexicon;
pub mod report;
pub mod run;
pub mod stats;
pub mod text;
