//! Tests of the corpus readers: one per input format and per bad-input class.
use super::*;
use std::io::Write;

/// A fresh folder for one test.
fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("framelens-corpus-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> String {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn lenient() -> ReadOptions {
    ReadOptions {
        skip_bad: true,
        ..Default::default()
    }
}

/// Read everything: documents, the first error, the reader.
fn read(inputs: &[String], opts: &ReadOptions) -> (Vec<Document>, Option<Error>, CorpusReader) {
    let mut r = CorpusReader::open(inputs, opts).unwrap();
    let mut docs = Vec::new();
    let mut err = None;
    for item in r.by_ref() {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    assert!(r.next().is_none(), "fused after an error");
    (docs, err, r)
}

fn read_one(
    name: &str,
    file: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> (Vec<Document>, Option<Error>, CorpusReader) {
    let dir = tmp(name);
    let p = write(&dir, file, bytes);
    read(&[p], opts)
}

fn err_text(e: Option<Error>) -> String {
    e.expect("an error").to_string()
}

#[test]
fn csv_columns_ids_and_fields() {
    let (docs, err, r) = read_one(
        "csv",
        "news.csv",
        b"id,source,date,text\na1,TRT,2018-03-01,\"Hello, \"\"world\"\"\nline 2\"\na2,AA,2018-03-02,Bye\n",
        &ReadOptions::default(),
    );
    assert!(err.is_none());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id, "a1");
    assert_eq!(docs[0].text, "Hello, \"world\"\nline 2");
    assert_eq!(
        docs[0].fields,
        vec![
            ("source".into(), "TRT".into()),
            ("date".into(), "2018-03-01".into())
        ]
    );
    assert_eq!(docs[1].origin.line, Some(4));
    let s = &r.summaries()[0];
    assert_eq!((s.format, s.files), (Format::Csv, 1));
    assert_eq!(s.bytes, r.total_bytes().unwrap());
    assert_eq!(
        r.bytes_read().load(std::sync::atomic::Ordering::Relaxed),
        s.bytes
    );
    assert_eq!(s.sha256.len(), 64);
}

#[test]
fn csv_without_id_column_uses_file_and_row() {
    let (docs, _, _) = read_one(
        "noid",
        "n.csv",
        b"source,text\nA,x\n\nB,y\n",
        &ReadOptions::default(),
    );
    let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["n.csv:1", "n.csv:2"]);
    assert_eq!(docs[1].origin.line, Some(4));
}

#[test]
fn tsv_and_custom_columns() {
    let opts = ReadOptions {
        text_col: "body".into(),
        id_col: "key".into(),
        ..Default::default()
    };
    let (docs, err, _) = read_one(
        "tsv",
        "a.tsv",
        b"key\tbody\tsource\nk1\thi there\tX\n",
        &opts,
    );
    assert!(err.is_none());
    assert_eq!(docs[0].id, "k1");
    assert_eq!(docs[0].text, "hi there");
    assert_eq!(docs[0].field("source"), Some("X"));
}

#[test]
fn empty_text_cell_yields_empty_document() {
    let (docs, err, _) = read_one(
        "emptycell",
        "e.csv",
        b"id,text\n1,\n2,x\n",
        &ReadOptions::default(),
    );
    assert!(err.is_none());
    assert_eq!(docs[0].text, "");
    assert_eq!(docs.len(), 2);
}

#[test]
fn ragged_row_crlf_names_physical_line() {
    let bytes = b"id,source,date,text\r\n1,A,d,\"two\r\nlines\"\r\n2,B,d\r\n3,C,d,ok\r\n";
    let (docs, err, _) = read_one("crlf", "r.csv", bytes, &ReadOptions::default());
    assert_eq!(docs.len(), 1);
    let e = err_text(err);
    assert!(
        e.contains("/r.csv:4: this row has 3 field(s) but the header has 4"),
        "{e}"
    );
    let (docs, err, r) = read_one("crlf2", "r.csv", bytes, &lenient());
    assert!(err.is_none());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].origin.line, Some(5));
    assert_eq!(r.skips().len(), 1);
    assert_eq!(r.skips()[0].loc.line, Some(4));
}

#[test]
fn cr_only_line_ends_count() {
    let bytes = b"id,text\r1,\"a\rb\"\r2\r3,c\r";
    let (docs, err, _) = read_one("cr", "c.csv", bytes, &ReadOptions::default());
    assert_eq!(docs[0].text, "a\rb");
    assert_eq!(docs[0].origin.line, Some(2));
    assert!(err_text(err).contains("/c.csv:4: this row has 1 field(s)"));
}

#[test]
fn unterminated_quote_names_opening_line() {
    let bytes = b"id,source,date,text\n1,A,d,fine\n2,B,d,\"never closed\n3,C,d,lost\n4,D,d,lost\n";
    let (docs, err, _) = read_one("unterm", "u.csv", bytes, &ReadOptions::default());
    assert_eq!(docs.len(), 1);
    let e = err_text(err);
    assert!(e.contains("/u.csv:3:7: this quote is never closed"), "{e}");
    let (docs, err, r) = read_one("unterm2", "u.csv", bytes, &lenient());
    assert!(err.is_none());
    assert_eq!(docs.len(), 1);
    assert_eq!(r.skips()[0].loc.line, Some(3));
    assert_eq!(r.summaries().len(), 1);
    // A closed quote with a newline in the last record is fine.
    let (docs, err, _) = read_one(
        "unterm3",
        "ok.csv",
        b"id,text\n1,\"a\nb\"",
        &ReadOptions::default(),
    );
    assert!(err.is_none());
    assert_eq!(docs[0].text, "a\nb");
    // A quote inside an unquoted field is literal, not an opening quote.
    let (docs, err, _) = read_one(
        "unterm4",
        "ok.csv",
        b"id,text\n1,5\" tall\n",
        &ReadOptions::default(),
    );
    assert!(err.is_none());
    assert_eq!(docs[0].text, "5\" tall");
}

#[test]
fn missing_text_column_names_columns_and_option() {
    let (_, err, _) = read_one("notext", "m.csv", b"id,body\n1,x\n", &lenient());
    let e = err_text(err);
    assert!(
        e.contains("/m.csv:1:")
            && e.contains("\"text\"")
            && e.contains("id, body")
            && e.contains("--text-col"),
        "{e}"
    );
}

#[test]
fn duplicate_header_column() {
    let (_, err, _) = read_one(
        "dup",
        "d.csv",
        b"id,text,text\n1,a,b\n",
        &ReadOptions::default(),
    );
    let e = err_text(err);
    assert!(
        e.contains("/d.csv:1: the header names the column \"text\" twice"),
        "{e}"
    );
}

#[test]
fn empty_csv_is_an_error_empty_txt_is_empty_doc() {
    let (_, err, _) = read_one("emptycsv", "e.csv", b"", &ReadOptions::default());
    assert!(err_text(err).contains("no header row"));
    let (docs, err, _) = read_one("emptytxt", "e.txt", b"", &ReadOptions::default());
    assert!(err.is_none());
    assert_eq!(docs[0].text, "");
    assert_eq!(docs[0].id, "e.txt");
    assert!(docs[0].fields.is_empty());
}

#[test]
fn invalid_utf8_in_csv_names_line_column_byte() {
    let bytes = b"id,text\n1,ok\n2,caf\xE9 au lait\n3,fine\n";
    let (docs, err, _) = read_one("badutf8", "b.csv", bytes, &ReadOptions::default());
    assert_eq!(docs.len(), 1);
    let e = err_text(err);
    assert!(e.contains("/b.csv:3:6 (byte 18): invalid UTF-8"), "{e}");
    assert!(
        e.contains("--encoding (e.g. windows-1252)") && e.contains("--lossy"),
        "{e}"
    );
    let (docs, _, r) = read_one("badutf8b", "b.csv", bytes, &lenient());
    assert_eq!(docs.len(), 2);
    assert_eq!(r.skips().len(), 1);
    let opts = ReadOptions {
        decode: Decode::Lossy,
        ..Default::default()
    };
    let (docs, _, r) = read_one("badutf8c", "b.csv", bytes, &opts);
    assert_eq!(docs[1].text, "caf\u{FFFD} au lait");
    assert_eq!(r.notes().len(), 1);
    assert_eq!(r.notes()[0].loc.line, Some(3));
    let opts = ReadOptions {
        encoding: Some(encoding_rs::WINDOWS_1252),
        ..Default::default()
    };
    let (docs, _, _) = read_one("badutf8d", "b.csv", bytes, &opts);
    assert_eq!(docs[1].text, "café au lait");
}

#[test]
fn utf16le_bom_csv_and_utf8_bom_csv() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "id,text\r\n1,Grüße\r\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let (docs, err, _) = read_one("u16", "u.csv", &bytes, &ReadOptions::default());
    assert!(err.is_none(), "{err:?}");
    assert_eq!((docs[0].id.as_str(), docs[0].text.as_str()), ("1", "Grüße"));
    let (docs, _, _) = read_one(
        "bom8",
        "b.csv",
        b"\xEF\xBB\xBFid,text\n7,x\n",
        &ReadOptions::default(),
    );
    assert_eq!(docs[0].id, "7");
}

#[test]
fn nul_and_binary_files() {
    let (_, err, _) = read_one("nul", "n.txt", b"hello\0world", &ReadOptions::default());
    let e = err_text(err);
    assert!(
        e.contains("/n.txt:1:6 (byte 5): looks like a binary file"),
        "{e}"
    );
    let dir = tmp("nul2");
    let a = write(&dir, "a.csv", b"id,text\n1,\0\n");
    let b = write(&dir, "b.csv", b"id,text\n2,ok\n");
    let (docs, err, r) = read(&[a, b], &lenient());
    assert!(err.is_none());
    assert_eq!(docs.len(), 1);
    assert_eq!(r.skips().len(), 1);
    assert_eq!(r.summaries().len(), 2);
}

#[test]
fn huge_field_is_refused() {
    let opts = ReadOptions {
        max_text_bytes: 10,
        ..Default::default()
    };
    let (docs, err, _) = read_one(
        "huge",
        "h.csv",
        b"id,text\n1,short\n2,\"this is far too long\"\n",
        &opts,
    );
    assert_eq!(docs.len(), 1);
    let e = err_text(err);
    assert!(
        e.contains("/h.csv:3:3: a field starting here is longer than the limit of 10 bytes"),
        "{e}"
    );
    assert!(e.contains("--max-text-bytes"));
    let (_, err, _) = read_one("huge2", "h.txt", b"this is far too long", &opts);
    assert!(err_text(err).contains("--max-text-bytes"));
    let (docs, err, r) = read_one(
        "huge3",
        "h.jsonl",
        b"{\"text\":\"this is far too long\"}\n{\"text\":\"ok\"}\n",
        &ReadOptions {
            skip_bad: true,
            ..opts
        },
    );
    assert!(err.is_none());
    assert_eq!(docs.len(), 1);
    assert_eq!(r.skips()[0].loc.line, Some(1));
}

#[test]
fn jsonl_keys_in_order_scalars_and_blank_lines() {
    let bytes = b"{\"title\":\"T\",\"text\":\"a\",\"id\":\"x\",\"n\":3,\"ok\":true,\"z\":null}\n\n  \n{\"text\":\"b\",\"source\":\"S\"}\r\n";
    let (docs, err, _) = read_one("jsonl", "a.jsonl", bytes, &ReadOptions::default());
    assert!(err.is_none(), "{err:?}");
    assert_eq!(docs[0].id, "x");
    let keys: Vec<_> = docs[0]
        .fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(keys, ["title=T", "n=3", "ok=true", "z="]);
    assert_eq!(docs[1].id, "a.jsonl:2");
    assert_eq!(docs[1].origin.line, Some(4));
}

#[test]
fn jsonl_bad_json_names_line_and_column() {
    let bytes = "{\"text\":\"ok\"}\n{\"text\": \"é\" oops}\n{\"text\":\"ok\"}\n".as_bytes();
    let (docs, err, _) = read_one("badjson", "b.jsonl", bytes, &ReadOptions::default());
    assert_eq!(docs.len(), 1);
    let e = err_text(err);
    assert!(
        e.contains("/b.jsonl:2:14: this line is not a valid JSON object"),
        "{e}"
    );
    let (docs, _, r) = read_one("badjson2", "b.ndjson", bytes, &lenient());
    assert_eq!(docs.len(), 2);
    assert_eq!(r.skips().len(), 1);
}

#[test]
fn jsonl_nested_value_is_refused() {
    let (_, err, _) = read_one(
        "nested",
        "n.jsonl",
        b"{\"text\":\"a\"}\n{\"text\":\"b\",\"tags\":[1,2]}\n",
        &ReadOptions::default(),
    );
    let e = err_text(err);
    assert!(
        e.contains("/n.jsonl:2: the value of \"tags\" is an array"),
        "{e}"
    );
}

#[test]
fn gzip_csv_and_jsonl() {
    let (docs, err, _) = read_one(
        "gzcsv",
        "a.csv.gz",
        &gz(b"id,text\n1,hello\n"),
        &ReadOptions::default(),
    );
    assert!(err.is_none());
    assert_eq!(docs[0].text, "hello");
    let (docs, err, _) = read_one(
        "gzjsonl",
        "a.jsonl.gz",
        &gz(b"{\"text\":\"hi\"}\n"),
        &ReadOptions::default(),
    );
    assert!(err.is_none());
    assert_eq!(docs[0].id, "a.jsonl.gz:1");
    // Magic bytes without the extension.
    let (docs, _, _) = read_one(
        "gzmagic",
        "plain.csv",
        &gz(b"id,text\n1,x\n"),
        &ReadOptions::default(),
    );
    assert_eq!(docs[0].text, "x");
    // Truncated gzip.
    let mut bad = gz(b"id,text\n1,hello there\n");
    bad.truncate(bad.len() - 12);
    let (_, err, _) = read_one("gzbad", "t.csv.gz", &bad, &ReadOptions::default());
    assert!(err_text(err).contains("gzip"));
}

#[test]
fn stdin_needs_a_format_and_inputs_must_exist() {
    let e = CorpusReader::open(&["-".into()], &ReadOptions::default())
        .err()
        .unwrap();
    assert_eq!(e.to_string(), STDIN_FORMAT);
    let e = CorpusReader::open(&["/no/such/thing.csv".into()], &ReadOptions::default())
        .err()
        .unwrap();
    assert!(matches!(e, Error::Usage(_)));
    let dir = tmp("unknownext");
    let p = write(&dir, "a.xlsx", b"x");
    let e = CorpusReader::open(&[p], &ReadOptions::default())
        .err()
        .unwrap();
    assert!(e.to_string().contains("--format"));
    let r = CorpusReader::open(
        &["-".into()],
        &ReadOptions {
            format: Some(Format::Csv),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.total_bytes(), None);
}

fn folder_fixture(name: &str) -> PathBuf {
    let dir = tmp(name);
    write(&dir, "TRT World/b.txt", b"second");
    write(&dir, "TRT World/a.txt", b"first");
    write(&dir, "AA/sub/c.txt", b"third");
    write(&dir, "root.txt", b"rooted");
    write(&dir, "notes.md", b"ignored");
    write(&dir, "Z/z.txt.gz", &gz(b"zipped"));
    dir
}

#[test]
fn folder_order_sources_and_summary() {
    let dir = folder_fixture("folder");
    let (docs, err, r) = read(&[dir.display().to_string()], &ReadOptions::default());
    assert!(err.is_none(), "{err:?}");
    let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "AA/sub/c.txt",
            "TRT World/a.txt",
            "TRT World/b.txt",
            "Z/z.txt.gz",
            "root.txt"
        ]
    );
    assert_eq!(docs[0].field("source"), Some("AA"));
    assert_eq!(docs[1].field("source"), Some("TRT World"));
    assert_eq!(docs[3].text, "zipped");
    assert_eq!(docs[4].field("source"), None);
    let s = &r.summaries()[0];
    assert_eq!((s.format, s.files), (Format::Folder, 5));
    assert_eq!(Some(s.bytes), r.total_bytes());
    // Deterministic hash.
    let (_, _, r2) = read(&[dir.display().to_string()], &ReadOptions::default());
    assert_eq!(r2.summaries()[0].sha256, s.sha256);
}

#[test]
fn folder_metadata_adds_fields_and_wins() {
    let dir = folder_fixture("meta");
    write(
        &dir,
        "metadata.csv",
        b"file,source,date\nTRT World/a.txt,TRT,2018-03-01\n./root.txt,Root,2020\n",
    );
    let (docs, err, r) = read(&[dir.display().to_string()], &ReadOptions::default());
    assert!(err.is_none(), "{err:?}");
    let a = docs.iter().find(|d| d.id == "TRT World/a.txt").unwrap();
    assert_eq!(
        a.fields,
        vec![
            ("source".into(), "TRT".into()),
            ("date".into(), "2018-03-01".into())
        ]
    );
    let b = docs.iter().find(|d| d.id == "TRT World/b.txt").unwrap();
    assert_eq!(b.field("source"), Some("TRT World"));
    assert_eq!(
        docs.iter()
            .find(|d| d.id == "root.txt")
            .unwrap()
            .field("source"),
        Some("Root")
    );
    assert_eq!(r.summaries()[0].files, 6);
}

#[test]
fn folder_metadata_missing_file() {
    let dir = folder_fixture("metamissing");
    write(&dir, "metadata.csv", b"file,source\ngone.txt,X\n");
    let (docs, err, _) = read(&[dir.display().to_string()], &ReadOptions::default());
    assert!(docs.is_empty());
    let e = err_text(err);
    assert!(
        e.contains("metadata.csv:2: the file \"gone.txt\" is not a .txt file"),
        "{e}"
    );
    let (docs, err, r) = read(&[dir.display().to_string()], &lenient());
    assert!(err.is_none());
    assert_eq!(docs.len(), 5);
    assert_eq!(r.skips().len(), 1);
}

#[test]
fn folder_metadata_escape_and_duplicates_always_fail() {
    let dir = folder_fixture("metaescape");
    write(&dir, "metadata.csv", b"file,source\n../x.txt,X\n");
    let (_, err, _) = read(&[dir.display().to_string()], &lenient());
    assert!(err_text(err)
        .contains("metadata.csv:2: the file \"../x.txt\" leads outside the corpus folder"));
    write(&dir, "metadata.csv", b"file,source\n/etc/x.txt,X\n");
    let (_, err, _) = read(&[dir.display().to_string()], &lenient());
    assert!(err_text(err).contains("is an absolute path"));
    write(
        &dir,
        "metadata.csv",
        b"file,source\nroot.txt,X\r\nroot.txt,Y\r\n",
    );
    let (_, err, _) = read(&[dir.display().to_string()], &lenient());
    assert!(
        err_text(err).contains("metadata.csv:3: the file \"root.txt\" is already listed at line 2")
    );
}

#[cfg(unix)]
#[test]
fn folder_symlinks() {
    let outside = tmp("symlink-outside");
    write(&outside, "secret.txt", b"outside");
    let dir = folder_fixture("symlink");
    std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("root.txt"), dir.join("inside.txt")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("AA/loop")).unwrap();
    let (docs, err, _) = read(&[dir.display().to_string()], &ReadOptions::default());
    let e = err_text(err);
    assert!(
        e.contains("link.txt: this is a symbolic link to a file outside"),
        "{e}"
    );
    assert!(docs.iter().any(|d| d.id == "inside.txt"));
    let (docs, err, r) = read(&[dir.display().to_string()], &lenient());
    assert!(err.is_none());
    assert_eq!(docs.len(), 6);
    assert_eq!(r.skips().len(), 1);
}

#[test]
fn single_txt_and_several_inputs_in_order() {
    let dir = tmp("multi");
    let a = write(&dir, "one.txt", b"\xEF\xBB\xBFuno");
    let b = write(&dir, "two.csv", b"id,text\n1,dos\n");
    let (docs, err, r) = read(&[a, b], &ReadOptions::default());
    assert!(err.is_none());
    assert_eq!(docs[0].id, "one.txt");
    assert_eq!(docs[0].text, "uno");
    assert_eq!(docs[1].text, "dos");
    assert_eq!(r.summaries().len(), 2);
}

#[test]
fn format_parsing_and_corpus_name() {
    assert_eq!("jsonl".parse::<Format>().unwrap(), Format::Jsonl);
    assert_eq!("CSV".parse::<Format>().unwrap(), Format::Csv);
    assert!("xml".parse::<Format>().is_err());
    assert_eq!(Format::from_file_name("a.TSV.gz"), Some(Format::Tsv));
    assert_eq!(corpus_name(&["news.csv.gz".into()]), "news");
    assert_eq!(corpus_name(&["-".into()]), "stdin");
    assert_eq!(corpus_name(&["data/feed.ndjson".into()]), "feed");
    let dir = tmp("name");
    assert_eq!(
        corpus_name(&[format!("{}/", dir.display())]),
        dir.file_name().unwrap().to_string_lossy()
    );
}

#[test]
fn reader_is_send() {
    fn send<T: Send>() {}
    send::<CorpusReader>();
}

/// Every fixture in tests/integration/fixtures/bad fails where its
/// README says (relative to that folder).
#[test]
fn bad_fixtures_fail_where_documented() {
    let base = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/integration/fixtures/bad"
    );
    let cases: &[(&str, usize, &str)] = &[
        (
            "invalid_utf8.csv",
            0,
            "invalid_utf8.csv:3:20 (byte 69): invalid UTF-8 byte sequence",
        ),
        (
            "utf16_no_bom.csv",
            0,
            "utf16_no_bom.csv:1:2 (byte 1): looks like a binary file",
        ),
        (
            "crlf_ragged.csv",
            0,
            "crlf_ragged.csv:4: this row has 3 field(s) but the header has 4",
        ),
        (
            "cr_ragged.csv",
            0,
            "cr_ragged.csv:4: this row has 3 field(s) but the header has 4",
        ),
        (
            "unterminated.csv",
            0,
            "unterminated.csv:3:17: this quote is never closed",
        ),
        (
            "nul.txt",
            0,
            "nul.txt:1:22 (byte 21): looks like a binary file",
        ),
        ("empty.csv", 0, "empty.csv: the file is empty"),
        (
            "dup_header.csv",
            0,
            "dup_header.csv:1: the header names the column \"source\" twice",
        ),
        (
            "missing_text.csv",
            0,
            "missing_text.csv:1: there is no column named \"text\"",
        ),
        (
            "huge.csv",
            10,
            "huge.csv:3:17: a field starting here is longer than the limit of 10 bytes",
        ),
        (
            "bad.jsonl",
            0,
            "bad.jsonl:2:25: this line is not a valid JSON object",
        ),
        (
            "nested.jsonl",
            0,
            "nested.jsonl:3: the value of \"tags\" is an array",
        ),
        (
            "meta_escape",
            0,
            "meta_escape/metadata.csv:2: the file \"../x.txt\" leads outside the corpus folder",
        ),
        (
            "meta_missing",
            0,
            "meta_missing/metadata.csv:3: the file \"gone.txt\" is not a .txt file",
        ),
        (
            "meta_duplicate",
            0,
            "meta_duplicate/metadata.csv:3: the file \"a.txt\" is already listed at line 2",
        ),
        (
            "symlink_out",
            0,
            "symlink_out/outside.txt: this is a symbolic link to a file outside",
        ),
    ];
    for (name, max, want) in cases {
        let mut opts = ReadOptions::default();
        if *max > 0 {
            opts.max_text_bytes = *max;
        }
        let (_, err, _) = read(&[format!("{base}/{name}")], &opts);
        let got = err_text(err);
        assert!(got.starts_with(&format!("{base}/{want}")), "{name}: {got}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        let dir = tmp("prop");
        for name in ["r.csv", "r.tsv", "r.jsonl", "r.txt"] {
            let p = write(&dir, name, &bytes);
            for skip_bad in [false, true] {
                let opts = ReadOptions { skip_bad, max_text_bytes: 50, ..Default::default() };
                let r = CorpusReader::open(std::slice::from_ref(&p), &opts).unwrap();
                for item in r {
                    let _ = item;
                }
            }
        }
    }

    #[test]
    fn csv_like_bytes_never_panic(bytes in proptest::collection::vec(proptest::sample::select(b"a,\"\r\n\t{}:\xE9\0".to_vec()), 0..200)) {
        let dir = tmp("prop2");
        for name in ["r.csv", "r.jsonl"] {
            let p = write(&dir, name, &bytes);
            let opts = ReadOptions { skip_bad: true, ..Default::default() };
            for item in CorpusReader::open(&[p], &opts).unwrap() {
                let _ = item;
            }
        }
    }
}
