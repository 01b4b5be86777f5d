//! The compiled matcher: integer keys for pattern words, a trie of key
//! sequences, and the overlap rule.

use super::{Concept, DocToken, Entry, Hit, Lexicon};
use crate::text::{stem_word, StemSpec};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::cmp::Reverse;

/// How overlapping matches are counted (`--overlap`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Overlap {
    /// Within one competition group (a category, or the categories of one
    /// concept), leftmost-longest: a stretch of text counts once, for the
    /// longest match starting leftmost (ties: the entry listed first).
    #[default]
    Longest,
    /// Every match of every entry counts.
    All,
}

impl Overlap {
    /// The name as the user writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Overlap::Longest => "longest",
            Overlap::All => "all",
        }
    }
}

impl std::str::FromStr for Overlap {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "longest" => Ok(Overlap::Longest),
            "all" => Ok(Overlap::All),
            _ => Err(format!("unknown overlap mode '{s}': use longest or all")),
        }
    }
}

/// No child.
const NONE: u32 = u32::MAX;

/// A trie node: sorted `(key, child)` edges and the entries ending here.
#[derive(Debug, Default, Clone)]
struct Node {
    edges: Vec<(u32, u32)>,
    ends: Vec<u32>,
}

/// What a word starts by itself (see [`Matcher::word_starts`]): a one-word
/// match (an entry whose pattern is that one word, with the entry's
/// competition group), or, with the group `NONE`, the trie node from which
/// longer patterns that start with the word go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordStart {
    group: u32,
    entry: u32,
}

impl WordStart {
    /// The entry matched, if a one-word match.
    pub fn entry(&self) -> Option<u32> {
        (self.group != NONE).then_some(self.entry)
    }
}

/// A compiled lexicon matcher over a run's tokens: all entries of all
/// lexicons of a run, numbered in order (files, then lines).
#[derive(Debug, Default)]
pub struct Matcher {
    overlap: Overlap,
    entries: Vec<Entry>,
    categories: Vec<String>,
    concepts: Vec<Concept>,
    category_concept: Vec<Option<u32>>,
    entry_category: Vec<u32>,
    entry_group: Vec<u32>,
    /// Per entry, the weight of a hit (1 when the entry has none): read
    /// for every hit, from 8 bytes an entry instead of the whole entry.
    entry_weight: Vec<f64>,
    exact: FxHashMap<String, u32>,
    prefixes: FxHashMap<String, u32>,
    /// Distinct byte lengths of the prefixes, ascending.
    prefix_lens: Vec<usize>,
    stems: Vec<(Algorithm, FxHashMap<String, u32>)>,
    /// key → child of the root (dense), or `NONE`.
    root: Vec<u32>,
    nodes: Vec<Node>,
}

fn intern(map: &mut FxHashMap<String, u32>, next: &mut u32, s: &str) -> u32 {
    if let Some(&k) = map.get(s) {
        return k;
    }
    let k = *next;
    *next += 1;
    map.insert(s.to_string(), k);
    k
}

fn find_root(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[x as usize];
        parent[x as usize] = parent[p as usize];
        x = p;
    }
    x
}

impl Matcher {
    /// Compile the entries of `lexicons` (numbered in order) for matching.
    pub fn new(lexicons: &[Lexicon], overlap: Overlap) -> Matcher {
        let mut m = Matcher {
            overlap,
            ..Default::default()
        };
        m.entries = lexicons
            .iter()
            .flat_map(|l| l.entries.iter().cloned())
            .collect();
        let mut cats: Vec<String> = lexicons
            .iter()
            .flat_map(|l| {
                l.categories
                    .iter()
                    .chain(l.entries.iter().map(|e| &e.category))
            })
            .cloned()
            .collect();
        cats.sort();
        cats.dedup();
        m.categories = cats;
        m.concepts = lexicons
            .iter()
            .flat_map(|l| l.concepts.iter().cloned())
            .collect();
        let ncat = m.categories.len();
        let idx = |c: &str, cats: &[String]| cats.binary_search_by(|x| x.as_str().cmp(c)).ok();
        // Competition groups: categories joined by concepts (union-find).
        let mut parent: Vec<u32> = (0..ncat as u32).collect();
        m.category_concept = vec![None; ncat];
        for (ci, concept) in m.concepts.iter().enumerate() {
            let members: Vec<u32> = concept
                .categories
                .iter()
                .filter_map(|c| idx(c, &m.categories))
                .map(|i| i as u32)
                .collect();
            for &c in &members {
                m.category_concept[c as usize] = Some(ci as u32);
                let (a, b) = (
                    find_root(&mut parent, members[0]),
                    find_root(&mut parent, c),
                );
                parent[b as usize] = a;
            }
        }
        m.entry_category = m
            .entries
            .iter()
            .map(|e| idx(&e.category, &m.categories).unwrap_or(0) as u32)
            .collect();
        m.entry_weight = m.entries.iter().map(|e| e.weight.unwrap_or(1.0)).collect();
        m.entry_group = m
            .entry_category
            .iter()
            .map(|&c| find_root(&mut parent, c))
            .collect();

        // Keys and the trie.
        let mut next = 0u32;
        m.nodes.push(Node::default());
        let mut edges: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut e = 0u32;
        for lex in lexicons {
            let algo = match lex.stem {
                Some(StemSpec::Snowball(a)) => Some(a),
                _ => None,
            };
            let stemmer = algo.map(Stemmer::create);
            let stem_map = algo.map(|a| match m.stems.iter().position(|(x, _)| *x == a) {
                Some(i) => i,
                None => {
                    m.stems.push((a, FxHashMap::default()));
                    m.stems.len() - 1
                }
            });
            for entry in &lex.entries {
                let mut node = 0u32;
                for w in &entry.words {
                    let key = if let Some(p) = w.strip_suffix('*') {
                        intern(&mut m.prefixes, &mut next, p)
                    } else if let Some(si) = stem_map {
                        let stem = stem_word(stemmer.as_ref(), w);
                        intern(&mut m.stems[si].1, &mut next, &stem)
                    } else {
                        intern(&mut m.exact, &mut next, w)
                    };
                    node = *edges.entry((node, key)).or_insert_with(|| {
                        m.nodes.push(Node::default());
                        let child = (m.nodes.len() - 1) as u32;
                        m.nodes[node as usize].edges.push((key, child));
                        child
                    });
                }
                m.nodes[node as usize].ends.push(e);
                e += 1;
            }
        }
        for n in &mut m.nodes {
            n.edges.sort_unstable();
        }
        m.root = vec![NONE; next as usize];
        for &(k, c) in &m.nodes[0].edges {
            m.root[k as usize] = c;
        }
        let mut lens: Vec<usize> = m.prefixes.keys().map(String::len).collect();
        lens.sort_unstable();
        lens.dedup();
        m.prefix_lens = lens;
        m
    }

    /// The overlap mode it counts with.
    pub fn overlap(&self) -> Overlap {
        self.overlap
    }

    /// All entries, indexed by [`Hit::entry`].
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// All category names, sorted and unique (including `.dic`/`.dicx`
    /// categories without entries).
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// The index into [`Matcher::categories`] of an entry's category.
    pub fn category_index(&self, entry: u32) -> usize {
        self.entry_category[entry as usize] as usize
    }

    /// The weight of one hit of `entry` (its weight, or 1 when it has none).
    pub fn entry_weight(&self, entry: u32) -> f64 {
        self.entry_weight[entry as usize]
    }

    /// All concepts of all lexicons, in order.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// The concept a category (an index into [`Matcher::categories`]) belongs to.
    pub fn category_concept(&self, category: usize) -> Option<&Concept> {
        self.category_concept
            .get(category)
            .copied()
            .flatten()
            .map(|c| &self.concepts[c as usize])
    }

    /// The keys a normalised word carries for matching, appended to `out`:
    /// its exact-word key, the key of every prefix pattern it starts with,
    /// and its stem key for each stemming language in use. Called once per
    /// distinct word per worker.
    pub fn word_keys(&self, word: &str, out: &mut Vec<u32>) {
        if let Some(&k) = self.exact.get(word) {
            out.push(k);
        }
        for &len in &self.prefix_lens {
            if len > word.len() {
                break;
            }
            if word.is_char_boundary(len) {
                if let Some(&k) = self.prefixes.get(&word[..len]) {
                    out.push(k);
                }
            }
        }
        for (algo, map) in &self.stems {
            let stemmer = Stemmer::create(*algo);
            let stem = stem_word(Some(&stemmer), word);
            if let Some(&k) = map.get(stem.as_str()) {
                out.push(k);
            }
        }
    }

    /// What a word whose keys are `keys` (from [`Matcher::word_keys`])
    /// starts, appended to `out`: its one-word matches, sorted by entry,
    /// then the trie nodes from which longer patterns that start with it
    /// go on. The result says whether there are any of the latter. Called
    /// once per distinct word per worker, so that [`Matcher::find`] reads
    /// what a token starts from one place instead of looking each of its
    /// keys up in the trie.
    pub fn word_starts(&self, keys: &[u32], out: &mut Vec<WordStart>) -> bool {
        let from = out.len();
        let mut nodes = Vec::new();
        for &k in keys {
            let Some(&c) = self.root.get(k as usize) else {
                continue;
            };
            if c != NONE {
                let node = &self.nodes[c as usize];
                if !node.edges.is_empty() {
                    nodes.push(WordStart {
                        group: NONE,
                        entry: c,
                    });
                }
                out.extend(node.ends.iter().map(|&entry| WordStart {
                    group: self.entry_group[entry as usize],
                    entry,
                }));
            }
        }
        out[from..].sort_unstable_by_key(|h| h.entry);
        out.extend_from_slice(&nodes);
        !nodes.is_empty()
    }

    /// Find the hits in one document's tokens. `keys(i)` gives token i's
    /// keys (from [`Matcher::word_keys`]); `start(i)` what it starts (from
    /// [`Matcher::word_starts`]); `starts` lists, ascending, the tokens
    /// that start something (the others cannot start a match). `out` is
    /// cleared, then filled with the hits after the overlap rule, sorted by
    /// (first token, entry). A phrase matches consecutive tokens of one
    /// sentence only.
    pub fn find<'k>(
        &self,
        tokens: &[DocToken],
        starts: &[u32],
        keys: impl Fn(usize) -> &'k [u32],
        start: impl Fn(usize) -> (&'k [WordStart], bool),
        out: &mut Vec<Hit>,
    ) {
        out.clear();
        if self.entries.is_empty() {
            return;
        }
        let n = tokens.len();
        // Matches starting at the current token: (group, last, entry).
        let mut here: Vec<(u32, u32, u32)> = Vec::new();
        let mut stack: Vec<(u32, usize)> = Vec::new();
        // Longest: per competition group, the first token not yet covered.
        let mut free: Vec<u32> = match self.overlap {
            Overlap::Longest => vec![0; self.categories.len()],
            Overlap::All => Vec::new(),
        };
        for &i in starts {
            let i = i as usize;
            let (words, longer) = start(i);
            if !longer {
                self.add_word_hits(i as u32, words, &mut free, out);
                continue;
            }
            // the token's one-word matches, then the longer ones: the
            // trie walked from the nodes its word starts
            here.clear();
            let sentence = tokens[i].sentence;
            let step = |node: &Node, pos: usize, stack: &mut Vec<(u32, usize)>| {
                if pos < n && tokens[pos].sentence == sentence {
                    for &k in keys(pos) {
                        if let Ok(j) = node.edges.binary_search_by_key(&k, |&(k, _)| k) {
                            stack.push((node.edges[j].1, pos + 1));
                        }
                    }
                }
            };
            for w in words {
                if w.group == NONE {
                    step(&self.nodes[w.entry as usize], i + 1, &mut stack);
                } else {
                    here.push((w.group, i as u32 + 1, w.entry));
                }
            }
            while let Some((node, pos)) = stack.pop() {
                let nd = &self.nodes[node as usize];
                for &e in &nd.ends {
                    here.push((self.entry_group[e as usize], pos as u32, e));
                }
                if !nd.edges.is_empty() {
                    step(nd, pos, &mut stack);
                }
            }
            if here.is_empty() {
                continue;
            }
            let first = i as u32;
            let start = out.len();
            match self.overlap {
                Overlap::All => {
                    out.extend(
                        here.iter()
                            .map(|&(_, last, entry)| Hit { entry, first, last }),
                    )
                }
                Overlap::Longest => {
                    // Scanning left to right, the longest match at the
                    // leftmost free token of each group wins (ties: the
                    // entry listed first).
                    if here.len() > 1 {
                        here.sort_unstable_by_key(|&(g, l, e)| (g, Reverse(l), e));
                    }
                    let mut prev = NONE;
                    for &(g, last, entry) in &here {
                        if g != prev {
                            prev = g;
                            if first >= free[g as usize] {
                                free[g as usize] = last;
                                out.push(Hit { entry, first, last });
                            }
                        }
                    }
                }
            }
            if out.len() - start > 1 {
                out[start..].sort_unstable_by_key(|h| h.entry);
            }
        }
    }

    /// The hits of token `first`, which starts one-word matches only
    /// (`words`, by entry): all of them under [`Overlap::All`]; under
    /// [`Overlap::Longest`] the first of each group whose text is free (all
    /// are one word long, so the entry listed first wins, and once it has,
    /// the group's text is no longer free). They come out by entry, as
    /// [`Matcher::find`] orders them.
    fn add_word_hits(&self, first: u32, words: &[WordStart], free: &mut [u32], out: &mut Vec<Hit>) {
        let last = first + 1;
        match self.overlap {
            Overlap::All => out.extend(words.iter().map(|w| Hit {
                entry: w.entry,
                first,
                last,
            })),
            Overlap::Longest => {
                for w in words {
                    let free = &mut free[w.group as usize];
                    if first >= *free {
                        *free = last;
                        out.push(Hit {
                            entry: w.entry,
                            first,
                            last,
                        });
                    }
                }
            }
        }
    }
}
