//! Reading lexicon files: `.csv` (framelens), `.dic` (LIWC 2007/2015) and
//! `.dicx` (LIWC-22). See the module docs of [`crate::lexicon`] for the formats.

use super::{Concept, Entry, Lexicon};
use crate::error::{Error, Location, Result};
use crate::text::{stem_word, Analyzer, StemSpec};
use sha2::{Digest, Sha256};
use std::path::Path;

const FORMATS_HINT: &str =
    "name the file .csv (category,pattern[,weight]), .dic (LIWC 2007/2015) or .dicx (LIWC-22)";

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Physical lines with their 1-based numbers (LF, CRLF and lone CR end a line).
fn physical_lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    let mut rest = Some(text);
    let mut n = 0u64;
    std::iter::from_fn(move || {
        let s = rest?;
        n += 1;
        match s.find(['\n', '\r']) {
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + skip..]);
                Some((n, &s[..i]))
            }
            None => {
                rest = None;
                if s.is_empty() && n > 1 {
                    None
                } else {
                    Some((n, s))
                }
            }
        }
    })
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// Why a pattern was rejected: a real error, or nothing left to match (a
/// warning in LIWC files, whose emoticon entries are common).
enum PatternError {
    Bad(String, &'static str),
    NoWords,
}

/// Split a pattern into normalised words, a trailing `*` kept on prefix words.
fn pattern_words(pattern: &str, analyzer: &Analyzer) -> Result<Vec<String>, PatternError> {
    if pattern.trim().is_empty() {
        return Err(PatternError::Bad(
            "empty pattern".into(),
            "write a word or phrase in the pattern column, or delete the line",
        ));
    }
    let mut words = Vec::new();
    for chunk in pattern.split_whitespace() {
        let (body, prefix) = match chunk.strip_suffix('*') {
            Some(body) => (body, true),
            None => (chunk, false),
        };
        if body.contains('*') {
            return Err(PatternError::Bad(
                format!("`*` inside a word in pattern '{pattern}'"),
                "a `*` may only end a word (prefix match, as in LIWC: occup*)",
            ));
        }
        let mut ws = analyzer.phrase_words(body);
        if prefix {
            if !body.chars().any(char::is_alphanumeric) {
                return Err(PatternError::Bad(
                    format!("lone `*` in pattern '{pattern}'"),
                    "a `*` must follow the beginning of a word (occup*); it cannot stand alone",
                ));
            }
            match ws.last_mut() {
                Some(w) => w.push('*'),
                None => {
                    return Err(PatternError::Bad(
                        format!("the word before `*` in pattern '{pattern}' normalises to nothing"),
                        "numbers are dropped by the text pipeline unless --keep-numbers is on",
                    ))
                }
            }
        }
        words.extend(ws);
    }
    if words.is_empty() {
        return Err(PatternError::NoWords);
    }
    Ok(words)
}

/// Collects the entries of one file and checks them at the end.
struct Builder<'a> {
    path: &'a str,
    analyzer: &'a Analyzer,
    stem: Option<StemSpec>,
    entries: Vec<Entry>,
    categories: Vec<String>,
    /// concept, line of its directive
    concepts: Vec<(Concept, u64)>,
    warnings: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(path: &'a str, analyzer: &'a Analyzer) -> Self {
        Builder {
            path,
            analyzer,
            stem: None,
            entries: Vec::new(),
            categories: Vec::new(),
            concepts: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn err(&self, line: u64, message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::bad_input(Location::line(self.path, line), message, hint)
    }

    fn warn(&mut self, line: u64, message: impl AsRef<str>) {
        self.warnings
            .push(format!("{}:{line}: {}", self.path, message.as_ref()));
    }

    fn declare(&mut self, category: &str) {
        if !self.categories.iter().any(|c| c == category) {
            self.categories.push(category.to_string());
        }
    }

    /// Add one entry. `strict`: a pattern with no words is an error (`.csv`),
    /// else a warning (`.dic`, `.dicx`).
    fn add(
        &mut self,
        category: &str,
        pattern: &str,
        weight: Option<f64>,
        line: u64,
        strict: bool,
    ) -> Result<()> {
        let category = category.trim();
        if category.is_empty() {
            return Err(self.err(
                line,
                "empty category",
                "write a category name in the category column",
            ));
        }
        let words = match pattern_words(pattern, self.analyzer) {
            Ok(w) => w,
            Err(PatternError::Bad(message, hint)) => return Err(self.err(line, message, hint)),
            Err(PatternError::NoWords) if strict => {
                return Err(self.err(
                    line,
                    format!("pattern '{}' normalises to no words", pattern.trim()),
                    "a pattern needs a word with a letter (numbers, dashes and quotes are dropped by the text pipeline)",
                ))
            }
            Err(PatternError::NoWords) => {
                self.warn(
                    line,
                    format!("skipped '{}': it normalises to no words", pattern.trim()),
                );
                return Ok(());
            }
        };
        self.declare(category);
        self.entries.push(Entry {
            category: category.to_string(),
            pattern: pattern.trim().to_string(),
            words,
            weight,
            file: self.path.to_string(),
            line,
            stemmed: false,
        });
        Ok(())
    }

    fn directive(&mut self, body: &str, line: u64) -> Result<()> {
        let Some((name, value)) = body.split_once(':') else {
            return Err(self.err(
                line,
                format!("malformed directive '#!{body}'"),
                "write `#! stem: english` or `#! concept: NAME = cat_a | cat_b`; use `# ` for a plain comment",
            ));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "stem" => {
                if self.stem.is_some() {
                    return Err(self.err(line, "a second `#! stem:` directive", "keep one"));
                }
                let spec: StemSpec = value.parse().map_err(|e: String| {
                    self.err(line, e, "write e.g. `#! stem: english`")
                })?;
                self.stem = Some(spec);
            }
            "concept" => {
                let hint = "write `#! concept: NAME = cat_a | cat_b` (two or more categories)";
                let Some((cname, cats)) = value.split_once('=') else {
                    return Err(self.err(line, "a concept directive needs `=`", hint));
                };
                let cname = cname.trim();
                if cname.is_empty() || cname.contains(char::is_whitespace) {
                    return Err(self.err(
                        line,
                        format!("bad concept name '{cname}'"),
                        "a concept name is one word, e.g. region",
                    ));
                }
                let categories: Vec<String> =
                    cats.split('|').map(|c| c.trim().to_string()).collect();
                if categories.len() < 2 || categories.iter().any(String::is_empty) {
                    return Err(self.err(
                        line,
                        format!("concept '{cname}' needs two or more category names"),
                        hint,
                    ));
                }
                for (i, c) in categories.iter().enumerate() {
                    if categories[..i].contains(c) {
                        return Err(self.err(
                            line,
                            format!("category '{c}' is listed twice in concept '{cname}'"),
                            hint,
                        ));
                    }
                    if let Some((other, _)) = self
                        .concepts
                        .iter()
                        .find(|(k, _)| k.categories.contains(c))
                    {
                        return Err(self.err(
                            line,
                            format!(
                                "category '{c}' is already in concept '{}'",
                                other.name
                            ),
                            "a category can belong to one concept only",
                        ));
                    }
                }
                if self.concepts.iter().any(|(k, _)| k.name == cname) {
                    return Err(self.err(
                        line,
                        format!("concept '{cname}' is declared twice"),
                        "merge the two lines",
                    ));
                }
                self.concepts.push((
                    Concept {
                        name: cname.to_string(),
                        categories,
                    },
                    line,
                ));
            }
            other => {
                return Err(self.err(
                    line,
                    format!("unknown directive '{other}'"),
                    "known directives: `#! stem: LANGUAGE`, `#! concept: NAME = cat_a | cat_b`; use `# ` for a plain comment",
                ))
            }
        }
        Ok(())
    }

    /// Check the whole file and produce the lexicon.
    fn finish(mut self, sha256: String) -> Result<Lexicon> {
        if self.entries.is_empty() {
            return Err(Error::bad_input(
                Location::file(self.path),
                "the lexicon has no entries",
                "add lines `category,pattern` below the header",
            ));
        }
        let stemmer = match self.stem {
            Some(StemSpec::None) => {
                self.stem = None;
                None
            }
            Some(spec) => spec.stemmer(),
            None => None,
        };
        let stemmed = stemmer.is_some();
        for e in &mut self.entries {
            e.stemmed = stemmed;
        }
        // What an entry matches, for duplicate checks: stems for stemmed words.
        let signature = |e: &Entry| -> Vec<String> {
            e.words
                .iter()
                .map(|w| {
                    if w.ends_with('*') || stemmer.is_none() {
                        w.clone()
                    } else {
                        format!("~{}", stem_word(stemmer.as_ref(), w))
                    }
                })
                .collect()
        };
        for (concept, line) in &self.concepts {
            for c in &concept.categories {
                if !self.entries.iter().any(|e| &e.category == c) {
                    return Err(self.err(
                        *line,
                        format!(
                            "concept '{}' names category '{c}', which has no entries in this file",
                            concept.name
                        ),
                        "check the spelling, or add entries for that category",
                    ));
                }
            }
        }
        let mut seen: rustc_hash::FxHashMap<(Vec<String>, &str), (u64, &str)> = Default::default();
        let mut warnings = Vec::new();
        for e in &self.entries {
            let concept = self
                .concepts
                .iter()
                .find(|(k, _)| k.categories.contains(&e.category));
            let group = concept.map_or(e.category.as_str(), |(k, _)| k.name.as_str());
            let key = (signature(e), group);
            match seen.get(&key) {
                None => {
                    seen.insert(key, (e.line, e.category.as_str()));
                }
                Some(&(line, cat)) if cat != e.category => {
                    return Err(self.err(
                        e.line,
                        format!(
                            "pattern '{}' is in categories '{cat}' (line {line}) and '{}' of concept '{group}'",
                            e.pattern, e.category
                        ),
                        "a pattern may appear in only one category of a concept",
                    ));
                }
                Some(&(line, _)) => warnings.push(format!(
                    "{}:{}: pattern '{}' repeats line {line} in category '{}' (counted once)",
                    self.path, e.line, e.pattern, e.category
                )),
            }
        }
        self.warnings.extend(warnings);
        Ok(Lexicon {
            path: self.path.to_string(),
            sha256,
            entries: self.entries,
            categories: self.categories,
            concepts: self.concepts.into_iter().map(|(c, _)| c).collect(),
            stem: self.stem,
            warnings: self.warnings,
        })
    }
}

/// Split one CSV line into trimmed fields, dropping a trailing `# comment`.
fn split_csv_line(line: &str) -> std::result::Result<Vec<String>, &'static str> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut field = String::new();
        match chars.peek() {
            Some('#') => {
                if !fields.is_empty() {
                    fields.push(String::new());
                }
                return Ok(fields);
            }
            Some('"') => {
                chars.next();
                loop {
                    match chars.next() {
                        None => return Err("unclosed quote (a quoted field cannot span lines)"),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => field.push(c),
                    }
                }
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                fields.push(field);
                match chars.next() {
                    None | Some('#') => return Ok(fields),
                    Some(',') => {}
                    Some(_) => return Err("text after a closing quote"),
                }
            }
            _ => {
                let mut after_space = true;
                loop {
                    match chars.next() {
                        None => {
                            fields.push(field.trim().to_string());
                            return Ok(fields);
                        }
                        Some('#') if after_space => {
                            fields.push(field.trim().to_string());
                            return Ok(fields);
                        }
                        Some(',') => break,
                        Some(c) => {
                            after_space = c.is_whitespace();
                            field.push(c);
                        }
                    }
                }
                fields.push(field.trim().to_string());
            }
        }
    }
}

/// Decode file bytes: strict UTF-8, or (for LIWC files) Windows-1252 with a warning.
fn decode(bytes: &[u8], path: &str, lenient: bool) -> Result<(String, Option<String>)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(_) if lenient => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok((
                text.into_owned(),
                Some(format!("{path}: not valid UTF-8, read as Windows-1252")),
            ))
        }
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = 1 + good.iter().filter(|&&b| b == b'\n').count() as u64;
            Err(Error::bad_input(
                Location::line(path, line).with_byte(e.valid_up_to() as u64),
                "the lexicon is not valid UTF-8",
                "save the file as UTF-8",
            ))
        }
    }
}

impl Lexicon {
    /// Load a lexicon file, choosing the format by extension: `.csv`, `.dic`
    /// (LIWC 2007/2015) or `.dicx` (LIWC-22). `sha256` is over the file's bytes.
    pub fn load(path: &str, analyzer: &Analyzer) -> Result<Lexicon> {
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !matches!(ext.as_str(), "csv" | "dic" | "dicx") {
            return Err(Error::bad_input(
                Location::file(path),
                format!("unknown lexicon format '.{ext}'"),
                FORMATS_HINT,
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let (text, warning) = decode(&bytes, path, ext != "csv")?;
        let mut lex = match ext.as_str() {
            "csv" => Lexicon::parse_csv(&text, path, analyzer)?,
            "dic" => Lexicon::parse_dic(&text, path, analyzer)?,
            _ => Lexicon::parse_dicx(&text, path, analyzer)?,
        };
        lex.sha256 = sha256_hex(&bytes);
        lex.warnings.splice(0..0, warning);
        Ok(lex)
    }

    /// A lexicon of ad-hoc patterns (for `framelens kwic --pattern`), each
    /// `(category, pattern)` validated and normalised like a CSV entry; `name`
    /// stands for the file in messages.
    pub fn from_patterns(
        name: &str,
        patterns: &[(String, String)],
        analyzer: &Analyzer,
    ) -> Result<Lexicon> {
        let mut b = Builder::new(name, analyzer);
        for (i, (category, pattern)) in patterns.iter().enumerate() {
            b.add(category, pattern, None, i as u64 + 1, true)?;
        }
        let text: String = patterns.iter().map(|(c, p)| format!("{c},{p}\n")).collect();
        b.finish(sha256_hex(text.as_bytes()))
    }

    /// Parse a framelens `.csv` lexicon (`category,pattern[,weight]`, `#`
    /// comments, `#!` directives). `path` names it in errors; `sha256` is
    /// over `text`'s bytes.
    pub fn parse_csv(text: &str, path: &str, analyzer: &Analyzer) -> Result<Lexicon> {
        let sha = sha256_hex(text.as_bytes());
        let mut b = Builder::new(path, analyzer);
        // (category, pattern, weight) column indices
        let mut columns: Option<(usize, usize, Option<usize>)> = None;
        for (n, line) in physical_lines(strip_bom(text)) {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if let Some(body) = t.strip_prefix("#!") {
                b.directive(body, n)?;
                continue;
            }
            if t.starts_with('#') {
                continue;
            }
            let fields = split_csv_line(line).map_err(|m| {
                b.err(
                    n,
                    m,
                    "quote a pattern that contains commas: alliance,\"one nation, two states\"",
                )
            })?;
            let Some((ci, pi, wi)) = columns else {
                let names: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
                let find = |want: &str| names.iter().position(|c| c == want);
                match (find("category"), find("pattern")) {
                    (Some(c), Some(p)) => columns = Some((c, p, find("weight"))),
                    _ => {
                        return Err(b.err(
                            n,
                            format!(
                                "the header needs columns 'category' and 'pattern'; found: {}",
                                fields
                                    .iter()
                                    .map(|f| format!("'{f}'"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            "start the lexicon with the header line `category,pattern` (optionally `,weight`)",
                        ))
                    }
                }
                continue;
            };
            let get = |i: usize| fields.get(i).map_or("", String::as_str);
            let weight =
                match wi.map(get).filter(|w| !w.is_empty()) {
                    None => None,
                    Some(w) => match w.parse::<f64>() {
                        Ok(x) if x.is_finite() => Some(x),
                        _ => return Err(b.err(
                            n,
                            format!("bad weight '{w}'"),
                            "a weight is a number such as 1, 0.5 or -2; leave it empty for none",
                        )),
                    },
                };
            b.add(get(ci), get(pi), weight, n, true)?;
        }
        if columns.is_none() {
            return Err(Error::bad_input(
                Location::file(path),
                "the lexicon has no header and no entries",
                "start the lexicon with the header line `category,pattern`",
            ));
        }
        b.finish(sha)
    }

    /// Parse a LIWC 2007/2015 `.dic` dictionary.
    pub fn parse_dic(text: &str, path: &str, analyzer: &Analyzer) -> Result<Lexicon> {
        let sha = sha256_hex(text.as_bytes());
        let mut b = Builder::new(path, analyzer);
        let norm_id = |id: &str| -> String {
            if id.chars().all(|c| c.is_ascii_digit()) {
                id.trim_start_matches('0').to_string()
            } else {
                id.to_string()
            }
        };
        let mut ids: Vec<(String, String)> = Vec::new();
        // 0: before the header, 1: inside it, 2: entries
        let mut state = 0;
        for (n, line) in physical_lines(strip_bom(text)) {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            match state {
                0 if t == "%" => state = 1,
                0 => {
                    return Err(b.err(
                        n,
                        "a LIWC .dic file starts with a `%` line",
                        "the category header goes between two `%` lines",
                    ))
                }
                1 if t == "%" => state = 2,
                1 => {
                    let mut parts = t.split_whitespace();
                    let (Some(id), Some(name)) = (parts.next(), parts.next()) else {
                        return Err(b.err(
                            n,
                            format!("expected `id name` in the category header, found '{t}'"),
                            "write one category per line: 1<TAB>funct",
                        ));
                    };
                    let id = norm_id(id);
                    if ids.iter().any(|(i, _)| *i == id) {
                        return Err(b.err(
                            n,
                            format!("category id {id} is declared twice"),
                            "give each category its own id",
                        ));
                    }
                    b.declare(name);
                    ids.push((id, name.to_string()));
                }
                _ => {
                    if t.contains(['(', '<']) {
                        b.warn(
                            n,
                            format!("skipped conditional entry '{t}' (not supported)"),
                        );
                        continue;
                    }
                    let (term, cats): (String, Vec<&str>) = if t.contains('\t') {
                        let mut f = t.split('\t').map(str::trim).filter(|s| !s.is_empty());
                        let term = f.next().unwrap_or_default().to_string();
                        (term, f.collect())
                    } else {
                        let tokens: Vec<&str> = t.split_whitespace().collect();
                        let k = tokens
                            .iter()
                            .rposition(|s| !s.chars().all(|c| c.is_ascii_digit()))
                            .map_or(0, |i| i + 1);
                        (tokens[..k].join(" "), tokens[k..].to_vec())
                    };
                    if cats.is_empty() {
                        return Err(b.err(
                            n,
                            format!("entry '{t}' has no category id"),
                            "write term<TAB>id<TAB>id…",
                        ));
                    }
                    for id in cats {
                        let want = norm_id(id);
                        let Some((_, name)) = ids.iter().find(|(i, _)| *i == want) else {
                            return Err(b.err(
                                n,
                                format!("unknown category id '{id}' for '{term}'"),
                                "declare the id in the header between the `%` lines",
                            ));
                        };
                        let name = name.clone();
                        b.add(&name, &term, None, n, false)?;
                    }
                }
            }
        }
        if state < 2 {
            return Err(Error::bad_input(
                Location::file(path),
                "the LIWC .dic header is not closed by a second `%` line",
                "the category header goes between two `%` lines, the entries after them",
            ));
        }
        b.finish(sha)
    }

    /// Parse a LIWC-22 `.dicx` dictionary (a CSV: term column, then one
    /// column per category, a non-empty cell meaning membership).
    pub fn parse_dicx(text: &str, path: &str, analyzer: &Analyzer) -> Result<Lexicon> {
        let sha = sha256_hex(text.as_bytes());
        let mut b = Builder::new(path, analyzer);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(strip_bom(text).as_bytes());
        let mut header: Option<Vec<String>> = None;
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(1, |p| p.line());
                b.err(
                    line,
                    format!("malformed CSV: {e}"),
                    "check the quotes on that line",
                )
            })?;
            let n = rec.position().map_or(1, |p| p.line());
            let Some(cats) = &header else {
                let cats: Vec<String> = rec.iter().skip(1).map(|c| c.trim().to_string()).collect();
                if cats.iter().all(String::is_empty) {
                    return Err(b.err(
                        n,
                        "the .dicx header names no category columns",
                        "the first row is DicTerm, then one column per category",
                    ));
                }
                for (i, c) in cats.iter().enumerate() {
                    if !c.is_empty() && cats[..i].contains(c) {
                        return Err(b.err(
                            n,
                            format!("category column '{c}' appears twice"),
                            "give each category column its own name",
                        ));
                    }
                    if !c.is_empty() {
                        b.declare(c);
                    }
                }
                header = Some(cats);
                continue;
            };
            let term = rec.get(0).unwrap_or("").trim();
            if term.is_empty() {
                continue;
            }
            let mut any = false;
            for (j, cell) in rec.iter().skip(1).enumerate() {
                let cell = cell.trim();
                if cell.is_empty() {
                    continue;
                }
                let cat = cats.get(j).map_or("", String::as_str);
                if cat.is_empty() {
                    return Err(b.err(
                        n,
                        format!(
                            "'{term}' is marked in column {}, which has no category name",
                            j + 2
                        ),
                        "name every marked column in the header row",
                    ));
                }
                any = true;
                let weight = cell.parse::<f64>().ok().filter(|x| x.is_finite());
                let cat = cat.to_string();
                b.add(&cat, term, weight, n, false)?;
            }
            if !any {
                b.warn(n, format!("'{term}' is in no category"));
            }
        }
        if header.is_none() {
            return Err(Error::bad_input(
                Location::file(path),
                "the .dicx file is empty",
                "the first row is DicTerm, then one column per category",
            ));
        }
        b.finish(sha)
    }
}
