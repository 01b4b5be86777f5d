//! What the fuzz targets in `fuzz/` check, whatever the bytes: built only for
//! them (`cargo fuzz` sets `--cfg fuzzing`) and for the unit tests, which run
//! each check on the seeds in `fuzz/seeds/` and on inputs that once failed.
//!
//! Each check takes the fuzzer's bytes and panics when a property fails:
//!
//! * [`records`]: the CSV/TSV record reader gives the csv crate's fields
//!   and positions, whatever the read size;
//! * [`corpus`]: a CSV, TSV, JSONL or text file of any bytes is read to its
//!   end or refused with an error that names the file, never a panic or an
//!   internal error; a document's text is never longer than the limit;
//! * [`lexicon`]: a lexicon file (CSV, LIWC `.dic`, `.dicx`) of any text
//!   loads or is refused with an error that names the file; what loads
//!   compiles into a matcher that runs;
//! * [`analyze`]: any text is counted the same with cold and warm caches;
//!   its tokens lie in order on character boundaries; every hit covers
//!   tokens of one sentence; hit contexts hold no white space but single
//!   spaces, and are the same cut either way.

use crate::corpus::{CorpusReader, Decode, ReadOptions};
use crate::count::context::{context, ContextBufs};
use crate::count::Worker;
use crate::error::Error;
use crate::lexicon::{Lexicon, Matcher, Overlap};
use crate::text::{Analyzer, AnalyzerOptions};
use std::sync::OnceLock;

/// The first byte chooses the delimiter (low bit) and the read size (1–64
/// bytes, or the reader's default); the rest is the input.
pub fn records(data: &[u8]) {
    let Some((&head, input)) = data.split_first() else {
        return;
    };
    let delim = if head & 1 == 0 { b',' } else { b'\t' };
    let buffer = match head >> 1 {
        0 => None,
        n => Some(usize::from(n % 64) + 1),
    };
    let want = crate::corpus::records_by_csv_crate(input, delim);
    let got = crate::corpus::records_by_reader(input, delim, buffer);
    assert_eq!(got, want, "records of {input:?}");
}

/// The first byte chooses the format (two bits: CSV, TSV, JSONL, text),
/// `--skip-bad` (bit 2), `--lossy` (bit 3), `--encoding windows-1252` (bit
/// 4) and a small `--max-text-mb` stand-in (bit 5: 64 bytes); the rest is
/// the file.
pub fn corpus(data: &[u8]) {
    let Some((&head, input)) = data.split_first() else {
        return;
    };
    let ext = ["csv", "tsv", "jsonl", "txt"][usize::from(head & 3)];
    let opts = ReadOptions {
        skip_bad: head & 4 != 0,
        decode: if head & 8 != 0 {
            Decode::Lossy
        } else {
            Decode::Strict
        },
        encoding: (head & 16 != 0).then_some(encoding_rs::WINDOWS_1252),
        max_text_bytes: if head & 32 != 0 { 64 } else { 1 << 20 },
        ..ReadOptions::default()
    };
    let file = TempFile::new(ext, input);
    let reader = CorpusReader::open(&[file.display()], &opts);
    let reader = reader.unwrap_or_else(|e| panic!("open: {e}"));
    for doc in reader {
        match doc {
            Ok(doc) => assert!(
                doc.text.len() <= opts.max_text_bytes,
                "a text of {} bytes passed a limit of {}",
                doc.text.len(),
                opts.max_text_bytes
            ),
            Err(e) => {
                assert_names(&e, &file.name);
                break;
            }
        }
    }
}

/// The first byte chooses the format (CSV, `.dic`, `.dicx`); the rest, as
/// UTF-8 with replacements, is the file. A lexicon that loads is matched
/// against its own text.
pub fn lexicon(data: &[u8]) {
    let Some((&head, input)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(input);
    let analyzer = analyzer();
    type Parse = fn(&str, &str, &Analyzer) -> crate::error::Result<Lexicon>;
    let (name, parse): (&str, Parse) = match head % 3 {
        0 => ("fuzz.csv", Lexicon::parse_csv),
        1 => ("fuzz.dic", Lexicon::parse_dic),
        _ => ("fuzz.dicx", Lexicon::parse_dicx),
    };
    let parsed = parse(&text, name, analyzer);
    match parsed {
        Ok(lexicon) => {
            let overlap = if head & 128 == 0 {
                Overlap::Longest
            } else {
                Overlap::All
            };
            let matcher = Matcher::new(&[lexicon], overlap);
            count_and_check(analyzer, Some(&matcher), &text, 40);
        }
        Err(e) => assert_names(&e, name),
    }
}

/// A small lexicon with one-word, prefix and phrase patterns, for
/// [`analyze`].
const LEXICON: &str = "category,pattern
war,war
war,peace talks
war,occup*
nation,\"one nation, two states\"
nation,nation
";

/// The first byte chooses the context width (0–63 characters) and the
/// overlap rule; the rest, as UTF-8 with replacements, is one document.
pub fn analyze(data: &[u8]) {
    let Some((&head, input)) = data.split_first() else {
        return;
    };
    static MATCHERS: OnceLock<[Matcher; 2]> = OnceLock::new();
    let matchers = MATCHERS.get_or_init(|| {
        let lexicon =
            Lexicon::parse_csv(LEXICON, "fuzz.csv", analyzer()).expect("the fuzz lexicon");
        [Overlap::Longest, Overlap::All].map(|o| Matcher::new(std::slice::from_ref(&lexicon), o))
    });
    let text = String::from_utf8_lossy(input);
    let matcher = &matchers[usize::from(head & 64 != 0)];
    count_and_check(analyzer(), Some(matcher), &text, usize::from(head & 63));
}

/// The analyzer with default options, made once.
fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::new(AnalyzerOptions::default()).expect("default analyzer"))
}

/// Count `text` twice with one worker (cold caches, then warm) and check
/// what [`analyze`] promises.
fn count_and_check(analyzer: &Analyzer, matcher: Option<&Matcher>, text: &str, width: usize) {
    let mut worker = Worker::new(analyzer, matcher);
    let cold = worker.count_document(text, 0);
    let cold_tokens = worker.tokens.clone();
    let warm = worker.count_document(text, 0);
    assert_eq!(
        (cold.tokens, &cold.hits, cold.empty),
        (warm.tokens, &warm.hits, warm.empty),
        "cold and warm caches count differently"
    );
    let tokens = &worker.tokens;
    assert_eq!(&cold_tokens, tokens);
    let mut end = 0;
    for t in tokens {
        let (s, e) = (t.start as usize, t.end as usize);
        assert!(
            end <= s && s < e && e <= text.len(),
            "token {s}..{e} after {end}"
        );
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        end = e;
    }
    assert!(tokens.windows(2).all(|w| w[0].sentence <= w[1].sentence));
    let mut bufs = ContextBufs::default();
    for pair in cold.hits.windows(2) {
        assert!((pair[0].first, pair[0].entry) <= (pair[1].first, pair[1].entry));
    }
    for hit in &cold.hits {
        let (first, last) = (hit.first as usize, hit.last as usize);
        assert!(first < last && last <= tokens.len(), "hit {first}..{last}");
        let sentence = tokens[first].sentence;
        assert!(tokens[first..last].iter().all(|t| t.sentence == sentence));
        let (start, end) = (tokens[first].start as usize, tokens[last - 1].end as usize);
        let (left, right) = context(text, start, end, width);
        let (l, r) = bufs.cut(text, start, end, width);
        assert_eq!((left.as_ref(), right.as_ref()), (l, r));
        for side in [l, r] {
            let odd = side
                .char_indices()
                .any(|(i, c)| c.is_whitespace() && (c != ' ' || side[i + 1..].starts_with(' ')));
            assert!(!odd, "context {side:?} holds odd white space");
        }
    }
}

/// An error of reading or loading must be one the user can act on: not an
/// internal one, and naming the file.
fn assert_names(e: &Error, name: &str) {
    assert!(!matches!(e, Error::Internal(_)), "internal error: {e}");
    let message = e.to_string();
    assert!(message.contains(name), "{message:?} does not name {name}");
}

/// A file in the temporary folder, removed when dropped; its name is
/// unique to the process and thread (tests run checks in parallel).
struct TempFile {
    path: std::path::PathBuf,
    name: String,
}

impl TempFile {
    fn new(ext: &str, bytes: &[u8]) -> TempFile {
        let thread = format!("{:?}", std::thread::current().id());
        let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
        let name = format!("framelens-fuzz-{}-{thread}.{ext}", std::process::id());
        let path = std::env::temp_dir().join(&name);
        std::fs::write(&path, bytes).expect("write the fuzz input");
        TempFile { path, name }
    }

    fn display(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every seed of a target (`fuzz/seeds/<target>/`), and every input
    /// that once failed it (`fuzz/regressions/<target>/`).
    fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut out = Vec::new();
        for dir in ["seeds", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
                continue;
            };
            for entry in entries {
                let path = entry.expect("a fuzz input").path();
                let bytes = std::fs::read(&path).expect("a readable fuzz input");
                out.push((path.display().to_string(), bytes));
            }
        }
        out.sort();
        out
    }

    fn run_all(target: &str, check: fn(&[u8])) {
        let inputs = inputs(target);
        assert!(!inputs.is_empty(), "no seeds for {target}");
        for (path, bytes) in inputs {
            let result = std::panic::catch_unwind(|| check(&bytes));
            assert!(result.is_ok(), "{target} fails on {path}");
        }
    }

    #[test]
    fn records_pass_on_their_seeds() {
        run_all("records", records);
    }

    #[test]
    fn corpus_passes_on_its_seeds() {
        run_all("corpus", corpus);
    }

    #[test]
    fn lexicon_passes_on_its_seeds() {
        run_all("lexicon", lexicon);
    }

    #[test]
    fn analyze_passes_on_its_seeds() {
        run_all("analyze", analyze);
    }

    /// The checks can fail: a wrong expectation in each is caught.
    #[test]
    #[should_panic(expected = "does not name")]
    fn an_error_that_does_not_name_its_file_fails() {
        assert_names(&Error::Usage("bad".into()), "fuzz.csv");
    }
}
