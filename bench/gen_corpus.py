#!/usr/bin/env python3
"""Deterministic generator of a synthetic news corpus (and framing lexicon) for
benchmarking framelens.

    python3 bench/gen_corpus.py --mb 500 --seed 1 --out bench/out/corpus.csv
    python3 bench/gen_corpus.py --seed 1 --lexicon bench/out/lexicon.csv

Corpus: CSV with header ``id,source,date,text`` (RFC 4180 quoting by Python's
csv module, UTF-8, LF line ends), written in batches until the file reaches
``--mb`` x 10^6 bytes (it ends on the first whole row at or past the target).
Articles are 300-1,500 words (about 0.1% are ~20,000-word long documents) from
8 invented outlets, dated 2018-01-01..2025-12-31 with bursts in autumn 2020
and 2023.

Vocabulary: unigram ("bag of words") sampling from a Zipf-like distribution
over real English word frequencies from the ``wordfreq`` package's data (if it
can be imported), else from ``bench/words_en.txt`` (the top 5,000 words of the
same data, frozen into the repository), plus a domain vocabulary (place and
person names with non-ASCII letters, hyphenated words, possessives with curly
and straight apostrophes, numbers, multi-word phrases) whose weights differ by
outlet (each outlet boosts its own framing words and gets a small random
perturbation of the whole distribution), plus rare invented names (a Zipf tail
over ~2 million ids, rate ``--rare``) so that the vocabulary keeps growing with
the corpus as real vocabularies do (Heaps' law).

Text: sentences of 8-30 words, capitalised, ending in periods; commas; some
quoted sentences with curly (“…”) or straight ("…", escaped as "" in the CSV)
quotes; paragraph breaks ("\\n\\n") inside the quoted text field.

The output depends only on --seed, --mb, --rare and the word list used (the
chosen source is printed and written to ``OUT.meta.json`` when finished; a
run-script reuses a corpus only when that file exists and matches).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
WORDS_FILE = HERE / "words_en.txt"
N_WORDS = 50_000  # size of the base English vocabulary taken from wordfreq

OUTLETS = [
    # name, lean ("az", "arm", "tr", "neutral"), relative share of documents
    ("Baku Courier", "az", 1.4),
    ("Caspian Observer", "az", 1.0),
    ("Anadolu Ledger", "tr", 1.2),
    ("Yerevan Herald", "arm", 1.3),
    ("Ararat Tribune", "arm", 0.9),
    ("Caucasus Monitor", "neutral", 1.0),
    ("Geneva Wire", "neutral", 0.8),
    ("Tbilisi Dispatch", "neutral", 0.6),
]

# Domain tokens: (token, base weight relative to a word of Zipf rank ~1000,
# per-lean boost). A token may contain spaces (a phrase) and is then emitted
# as one unit, so phrases from the lexicon really occur.
NEUTRAL = {}
DOMAIN = [
    # shared topical words
    ("ceasefire", 3, NEUTRAL), ("conflict", 4, NEUTRAL), ("border", 4, NEUTRAL),
    ("peacekeepers", 1.5, NEUTRAL), ("negotiations", 2, NEUTRAL),
    ("mediation", 1, {"neutral": 3}), ("refugees", 2, NEUTRAL),
    ("displaced", 1.5, NEUTRAL), ("territory", 3, NEUTRAL),
    ("sovereignty", 1.5, {"az": 2, "tr": 2}), ("Nagorno-Karabakh", 3, {"neutral": 3, "arm": 0.5, "az": 0.3}),
    ("44-day", 1, NEUTRAL), ("44-day war", 1, {"neutral": 2}), ("so-called", 1, {"az": 3, "arm": 3}),
    ("long-term", 1, NEUTRAL), ("cease-fire", 0.5, {"neutral": 2}), ("peace talks", 1.5, {"neutral": 3}),
    ("peace treaty", 1, NEUTRAL), ("territorial integrity", 1, {"az": 4, "tr": 3}),
    ("self-determination", 0.6, {"arm": 5}), ("humanitarian crisis", 0.8, {"arm": 4, "neutral": 2}),
    # framing words, one lean each
    ("occupation", 1, {"az": 8, "tr": 5}), ("occupied", 1, {"az": 8, "tr": 4}),
    ("occupiers", 0.3, {"az": 8}), ("liberation", 0.8, {"az": 8, "tr": 5}),
    ("liberated", 0.8, {"az": 8, "tr": 4}), ("brotherhood", 0.5, {"tr": 10, "az": 5}),
    ("one nation, two states", 0.2, {"tr": 12, "az": 8}), ("brotherly", 0.3, {"tr": 10, "az": 4}),
    ("Karabakh", 2, {"az": 5, "tr": 4, "arm": 0.3}), ("Shusha", 0.8, {"az": 6, "tr": 4, "arm": 0.1}),
    ("Şuşa", 0.1, {"az": 6}), ("Xankəndi", 0.1, {"az": 6}),
    ("Zangezur corridor", 0.4, {"az": 8, "tr": 6}), ("corridor", 1, {"az": 3, "arm": 2}),
    ("Artsakh", 0.8, {"arm": 10, "az": 0.05, "tr": 0.05}), ("Shushi", 0.5, {"arm": 8, "az": 0.05}),
    ("Stepanakert", 0.6, {"arm": 6}), ("aggression", 1, {"arm": 8}), ("aggressor", 0.4, {"arm": 8, "az": 3}),
    ("blockade", 0.8, {"arm": 8}), ("Lachin corridor", 0.6, {"arm": 8, "neutral": 2}),
    ("ethnic cleansing", 0.4, {"arm": 10}), ("genocide", 0.4, {"arm": 6}),
    ("exodus", 0.3, {"arm": 5, "neutral": 3}), ("terrorists", 0.3, {"az": 4}),
    ("separatists", 0.4, {"az": 6, "tr": 4}), ("separatist regime", 0.2, {"az": 8}),
    ("provocation", 0.5, {"az": 5, "arm": 3}), ("martyrs", 0.3, {"az": 6, "tr": 4}),
    ("martyrdom", 0.1, {"az": 5}), ("heroic", 0.4, {"az": 4, "arm": 3}),
    ("victory", 0.8, {"az": 5, "tr": 4}), ("Victory Day", 0.2, {"az": 6}),
    ("homeland", 0.5, {"az": 3, "arm": 3}), ("deportation", 0.2, {"arm": 4}),
    # countries, places and possessives (curly and straight apostrophes)
    ("Azerbaijan", 6, NEUTRAL), ("Armenia", 6, NEUTRAL), ("Azerbaijan’s", 1.5, NEUTRAL),
    ("Armenia’s", 1.5, NEUTRAL), ("Azerbaijan's", 0.5, NEUTRAL), ("Armenia's", 0.5, NEUTRAL),
    ("Türkiye", 2, {"tr": 4, "az": 2}), ("TÜRKİYE", 0.2, {"tr": 5}), ("Turkey", 1.5, {"tr": 0.1, "arm": 2}),
    ("Türkiye’s", 0.5, {"tr": 4}), ("Russia", 3, NEUTRAL), ("Russia’s", 0.8, NEUTRAL),
    ("Iran", 1, NEUTRAL), ("Georgia", 1, {"neutral": 2}), ("Baku", 3, {"az": 2}), ("Yerevan", 3, {"arm": 2}),
    ("Ankara", 1.5, {"tr": 3}), ("Moscow", 2, NEUTRAL), ("Tbilisi", 0.8, {"neutral": 2}),
    ("Brussels", 1, NEUTRAL), ("Washington", 1, NEUTRAL), ("İstanbul", 0.5, {"tr": 3}),
    ("Gəncə", 0.2, {"az": 4}), ("Ağdam", 0.2, {"az": 4}), ("Füzuli", 0.2, {"az": 4}),
    ("Gyumri", 0.2, {"arm": 4}), ("Syunik", 0.3, {"arm": 4}), ("Nakhchivan", 0.4, {"az": 3}),
    ("European Union", 1, NEUTRAL), ("United Nations", 1, NEUTRAL), ("OSCE Minsk Group", 0.3, {"neutral": 3}),
    ("Security Council", 0.5, NEUTRAL),
    # people (invented or common surnames; non-ASCII on purpose)
    ("Arıkan", 0.3, {"tr": 5}), ("Şahin", 0.3, {"tr": 5}), ("Yılmaz", 0.3, {"tr": 4}),
    ("Öztürk", 0.2, {"tr": 4}), ("Məmmədov", 0.3, {"az": 5}), ("Həsənova", 0.2, {"az": 5}),
    ("Quliyev", 0.2, {"az": 4}), ("Petrosyan", 0.3, {"arm": 5}), ("Hovhannisyan", 0.2, {"arm": 5}),
    ("Grigoryan", 0.2, {"arm": 4}), ("Beridze", 0.2, {"neutral": 4}), ("Lefèvre", 0.1, {"neutral": 5}),
    ("Müller", 0.1, {"neutral": 4}), ("Ivanova", 0.2, NEUTRAL), ("Dr.", 0.3, NEUTRAL),
    # hyphenated words
    ("well-known", 0.4, NEUTRAL), ("pro-government", 0.3, NEUTRAL), ("cross-border", 0.4, NEUTRAL),
    ("post-war", 0.6, NEUTRAL), ("Armenian-populated", 0.2, {"neutral": 3}),
    ("Azerbaijani-Turkish", 0.1, {"tr": 6}), ("e-mail", 0.1, NEUTRAL), ("COVID-19", 0.3, NEUTRAL),
]

NUMBERS = ["2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025", "1994", "1991",
           "44", "27", "10", "12", "15", "20", "30", "100", "120,000", "1,500", "3.5", "0.7",
           "5,000", "24", "7", "3", "2", "50", "1,000", "200", "8", "9", "40", "65", "2.4"]

# (capitalise?, prefix, suffix) for each token variant
VARIANTS = [
    (False, "", " "),        # 0 plain, mid-sentence
    (True, "", " "),         # 1 sentence start
    (False, "", ", "),       # 2 followed by a comma
    (False, "", ". "),       # 3 sentence end
    (False, "", ".\n\n"),    # 4 paragraph end
    (False, "", "."),        # 5 document end
    (True, "“", " "),        # 6 curly quote start
    (False, "", ".” "),      # 7 curly quote end
    (False, "", ".”\n\n"),   # 8 .. paragraph end
    (False, "", ".”"),       # 9 .. document end
    (True, '"', " "),        # 10 straight quote start
    (False, "", '." '),      # 11 straight quote end
    (False, "", '."\n\n'),   # 12 .. paragraph end
    (False, "", '."'),       # 13 .. document end
]

SYLL = ["ka", "ri", "mo", "tel", "san", "vor", "len", "di", "pa", "zu", "ne", "gor", "shi", "ba",
        "lu", "tam", "ro", "vi", "nak", "es", "dor", "mi", "ul", "ran", "ze", "ko", "har", "bel",
        "ot", "sur", "ye", "lin"]
RARE_SUFFIX = ["", "", "", "ov", "yan", "ova", "li", "oğlu", "idze", "ski"]


# web-derived frequency lists contain slurs and profanity; keep them out of
# text that people will look at
BLOCK = set("""fuck fucking fucked fucker fuckin shit shitty bitch bitches slut whore cunt dick
dicks cock pussy porn porno nigga nigger niggas fag faggot retard retarded tits boobs
sex sexy anal ass asshole bastard damn dildo hentai milf xxx rape raped""".split())


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def load_words() -> tuple[list[str], np.ndarray, str]:
    """Base English words with frequencies (descending)."""
    try:
        import wordfreq  # type: ignore

        cand = wordfreq.top_n_list("en", int(N_WORDS * 1.3))
        words, freqs = [], []
        for w in cand:
            if not re.fullmatch(r"[a-z]+('[a-z]+)?", w) or w in BLOCK:
                continue
            if len(w) == 1 and w not in ("a", "i"):
                continue
            words.append(w)
            freqs.append(wordfreq.word_frequency(w, "en"))
            if len(words) == N_WORDS:
                break
        from importlib.metadata import version

        src = f"wordfreq {version('wordfreq')} top {len(words)} 'en' words"
        freqs = np.asarray(freqs, dtype=np.float64)
    except ImportError:
        words, zipf = [], []
        for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            w, z = line.split("\t")[:2]
            words.append(w)
            zipf.append(float(z))
        freqs = 10.0 ** (np.asarray(zipf) - 9.0)
        src = f"{WORDS_FILE.name} ({len(words)} words)"
    fixed = []
    for w in words:
        if w == "i" or w.startswith("i'"):
            w = "I" + w[1:]
        fixed.append(w.replace("'", "’"))
    return fixed, freqs, src


def rare_word(i: int) -> str:
    parts = []
    j = i + 32
    while j:
        parts.append(SYLL[j & 31])
        j >>= 5
    return "".join(parts) + RARE_SUFFIX[(i * 7 + 3) % len(RARE_SUFFIX)]


class Model:
    def __init__(self, seed: int):
        rng = np.random.default_rng([seed, 0xF7A3E])
        words, freqs, self.source = load_words()
        base_p = freqs / freqs.sum()
        ref = base_p[min(1000, len(base_p) - 1)]
        dom_tokens = [t for t, _, _ in DOMAIN]
        tokens = words + dom_tokens + NUMBERS
        self.V = V = len(tokens)
        nw, nd = len(words), len(DOMAIN)
        self.tokens = tokens
        # proper nouns / phrases keep their case; the sentence-start variant
        # upper-cases the first letter
        table = np.empty(len(VARIANTS) * V, dtype=object)
        for v, (c, pre, suf) in enumerate(VARIANTS):
            table[v * V:(v + 1) * V] = [pre + (cap(t) if c else t) + suf for t in tokens]
        self.table = table
        self.cdfs = []
        for name, lean, _ in OUTLETS:
            p = np.empty(V)
            # small per-outlet perturbation of the whole English distribution
            # (function words vary little between outlets, content words more)
            sigma = np.where(np.arange(nw) < 200, 0.04, 0.25)
            p[:nw] = base_p * rng.lognormal(0.0, sigma)
            p[nw:nw + nd] = [ref * w * boost.get(lean, 1.0) for _, w, boost in DOMAIN]
            p[nw + nd:] = ref * 2.0 * (1.0 / np.arange(1, len(NUMBERS) + 1)) ** 0.6
            cdf = np.cumsum(p)
            self.cdfs.append(cdf / cdf[-1])
        shares = np.array([s for _, _, s in OUTLETS])
        self.outlet_p = shares / shares.sum()
        self.names = [n for n, _, _ in OUTLETS]


def dates(rng, n):
    start = dt.date(2018, 1, 1).toordinal()
    end = dt.date(2025, 12, 31).toordinal()
    d = rng.integers(start, end + 1, n)
    burst = rng.random(n)
    b1 = burst < 0.15  # Sep 27 - Nov 10, 2020
    d[b1] = dt.date(2020, 9, 27).toordinal() + rng.integers(0, 45, b1.sum())
    b2 = (burst >= 0.15) & (burst < 0.22)  # Sep 19 - Oct 31, 2023
    d[b2] = dt.date(2023, 9, 19).toordinal() + rng.integers(0, 43, b2.sum())
    return [dt.date.fromordinal(int(x)).isoformat() for x in d]


def gen_batch(m: Model, rng, n_docs: int, rare_rate: float):
    """Return (outlet index per doc, list of texts)."""
    # document target lengths in words
    L = np.clip(rng.lognormal(np.log(700), 0.45, n_docs), 330, 1500).astype(np.int64)
    long_docs = rng.random(n_docs) < 0.001
    L[long_docs] = rng.integers(18_000, 22_000, long_docs.sum())
    total = int(L.sum())
    # sentence lengths 8..30 (mode ~ 15-20); enough of them to cover total
    n_sent = total // 8 + n_docs + 16
    sl = np.clip(rng.normal(18, 6, n_sent).round(), 8, 30).astype(np.int64)
    E = np.cumsum(sl)  # sentence end positions (exclusive)
    # a document ends at the first sentence end at or past its target length;
    # a document is at least one sentence (targets are >= 300 > 30 words)
    T = np.cumsum(L)
    doc_end_sent = np.searchsorted(E, T, side="left")
    doc_end_sent = np.unique(doc_end_sent)
    D = len(doc_end_sent)
    sent_ends = E[: doc_end_sent[-1] + 1]
    N = int(sent_ends[-1])
    doc_ends = sent_ends[doc_end_sent]
    doc_starts = np.concatenate(([0], doc_ends[:-1]))
    outlet = rng.choice(len(m.names), D, p=m.outlet_p)
    tok_outlet = np.repeat(outlet, doc_ends - doc_starts)
    u = rng.random(N)
    idx = np.empty(N, dtype=np.int64)
    for o in range(len(m.names)):
        mask = tok_outlet == o
        if mask.any():
            idx[mask] = np.searchsorted(m.cdfs[o], u[mask], side="right")
    np.minimum(idx, m.V - 1, out=idx)
    # variants
    var = np.zeros(N, dtype=np.int64)
    var[rng.random(N) < 0.06] = 2
    sent_starts = np.concatenate(([0], sent_ends[:-1]))
    n_s = len(sent_ends)
    end_var = np.where(rng.random(n_s) < 0.25, 4, 3)
    is_doc_end = np.zeros(n_s, dtype=bool)
    is_doc_end[doc_end_sent] = True
    end_var[is_doc_end] = 5
    q = rng.random(n_s)
    curly = q < 0.05
    straight = (q >= 0.05) & (q < 0.065)
    start_var = np.ones(n_s, dtype=np.int64)
    start_var[curly] = 6
    start_var[straight] = 10
    end_var[curly] += 4
    end_var[straight] += 8
    var[sent_starts] = start_var
    var[sent_ends - 1] = end_var
    strs = m.table[var * m.V + idx]
    # rare invented words (Heaps' law tail)
    rpos = np.flatnonzero(rng.random(N) < rare_rate)
    if len(rpos):
        ids = rng.zipf(1.2, len(rpos)) % 2_000_000
        names = rng.random(len(rpos)) < 0.5
        for pos, i, nm, v in zip(rpos.tolist(), ids.tolist(), names.tolist(), var[rpos].tolist()):
            c, pre, suf = VARIANTS[v]
            w = rare_word(i)
            strs[pos] = pre + (cap(w) if (c or nm) else w) + suf
    texts = ["".join(strs[a:b].tolist()) for a, b in zip(doc_starts.tolist(), doc_ends.tolist())]
    return outlet, texts


def write_corpus(out: Path, mb: float, seed: int, rare_rate: float, quiet: bool) -> dict:
    t0 = time.perf_counter()
    m = Model(seed)
    if not quiet:
        print(f"gen_corpus: vocabulary from {m.source}; {m.V} token types + rare names", file=sys.stderr)
    rng = np.random.default_rng([seed, 1])
    target = int(mb * 1_000_000)
    out.parent.mkdir(parents=True, exist_ok=True)
    meta_path = Path(str(out) + ".meta.json")
    if meta_path.exists():
        meta_path.unlink()
    tmp = Path(str(out) + ".part")
    written = 0
    next_id = 1
    n_docs = 0
    with open(tmp, "wb") as f:
        header = b"id,source,date,text\n"
        f.write(header)
        written += len(header)
        while written < target:
            outlet, texts = gen_batch(m, rng, 200, rare_rate)
            ds = dates(rng, len(texts))
            rows = [(next_id + k, m.names[o], d, t) for k, (o, d, t) in enumerate(zip(outlet.tolist(), ds, texts))]
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerows(rows)
            data = buf.getvalue().encode("utf-8")
            if written + len(data) >= target:
                # last batch: write row by row up to the target
                for r in rows:
                    buf = io.StringIO()
                    csv.writer(buf, lineterminator="\n").writerow(r)
                    b = buf.getvalue().encode("utf-8")
                    f.write(b)
                    written += len(b)
                    n_docs += 1
                    if written >= target:
                        break
                break
            f.write(data)
            written += len(data)
            next_id += len(rows)
            n_docs += len(rows)
            if not quiet and n_docs % 20000 < len(rows):
                el = time.perf_counter() - t0
                print(f"  {written / 1e6:8.1f} MB  {n_docs} docs  {written / 1e6 / el:5.1f} MB/s", file=sys.stderr)
    os.replace(tmp, out)
    el = time.perf_counter() - t0
    meta = {"mb": mb, "seed": seed, "rare": rare_rate, "bytes": written, "docs": n_docs,
            "vocabulary": m.source, "seconds": round(el, 2), "mb_per_s": round(written / 1e6 / el, 2),
            "generator": "bench/gen_corpus.py v1"}
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    if not quiet:
        print(f"gen_corpus: {out}: {written} bytes, {n_docs} docs in {el:.1f} s "
              f"({written / 1e6 / el:.1f} MB/s)", file=sys.stderr)
    return meta


CATEGORIES = {
    # category: seed patterns that should be in it (words, wildcards, phrases)
    "occupation": ["occupation", "occupied", "occupiers", "occup*", "liberated territories"],
    "liberation": ["liberation", "liberated", "liberat*", "victory", "Victory Day", "heroic"],
    "aggression": ["aggression", "aggressor", "aggress*", "provocation", "attack", "shelling"],
    "brotherhood": ["brotherhood", "brotherly", "brother*", "one nation, two states", "Azerbaijani-Turkish"],
    "corridor": ["corridor", "Zangezur corridor", "Lachin corridor", "corridor*", "road", "transport"],
    "humanitarian": ["humanitarian crisis", "blockade", "refugees", "displaced", "exodus", "humanitar*"],
    "ethnic_violence": ["ethnic cleansing", "genocide", "deportation", "massacre", "atrocities"],
    "sovereignty": ["sovereignty", "territorial integrity", "sovereign*", "self-determination", "independence"],
    "peace": ["peace", "peace talks", "peace treaty", "ceasefire", "cease-fire", "mediation", "negotiat*"],
    "security": ["security", "military", "troops", "peacekeepers", "weapons", "defence", "defense"],
    "naming_az": ["Karabakh", "Shusha", "Şuşa", "Xankəndi", "separatists", "separatist regime"],
    "naming_arm": ["Artsakh", "Shushi", "Stepanakert", "Nagorno-Karabakh", "Armenian-populated"],
    "terrorism": ["terrorists", "terror*", "militants", "extremist", "radical"],
    "victimhood": ["martyrs", "martyrdom", "victims", "suffering", "mourning", "tragedy"],
    "homeland": ["homeland", "motherland", "fatherland", "native land", "ancestral"],
    "international": ["United Nations", "European Union", "Security Council", "OSCE Minsk Group", "international community"],
    "economy": ["economy", "economic", "trade", "investment", "econom*", "oil", "gas"],
    "history": ["history", "historical", "histor*", "ancient", "centuries", "heritage"],
    "religion": ["church", "mosque", "religious", "faith", "christian", "muslim"],
    "blame": ["so-called", "propaganda", "lies", "disinformation", "accused", "blame*"],
}


def write_lexicon(path: Path, seed: int, n: int = 2000) -> None:
    rng = np.random.default_rng([seed, 2])
    words, _, src = load_words()
    words = [w for w in words if "’" not in w]
    cats = list(CATEGORIES)
    entries: list[tuple[str, str]] = []
    seen = set()

    def add(c, p):
        if (c, p.lower()) not in seen:
            seen.add((c, p.lower()))
            entries.append((c, p))

    for c, pats in CATEGORIES.items():
        for p in pats:
            add(c, p)
    n_wild = int(n * 0.10)
    n_phrase = int(n * 0.15)
    have_wild = sum(p.endswith("*") for _, p in entries)
    have_phrase = sum(" " in p for _, p in entries)
    # A framing lexicon names content words, mostly mid- and low-frequency ones:
    # skip the 1,000 most frequent words (LIWC-style dictionaries that cover
    # function words match far more). With the framing seeds, the wildcards and
    # the phrases, 14.7% of the seed-1 corpus's tokens still match: a heavy load
    # (see bench/README.md).
    pool = [w for w in words[1000:30000] if len(w) >= 3][:20000]
    while sum(p.endswith("*") for _, p in entries) < n_wild:
        w = pool[int(rng.integers(len(pool)))]
        if len(w) < 6:
            continue
        add(cats[int(rng.integers(len(cats)))], w[: int(rng.integers(6, 9))] + "*")
    common = words[200:5000]
    while sum(" " in p for _, p in entries) < n_phrase:
        k = int(rng.integers(2, 4))
        ph = [common[int(x)] for x in rng.integers(0, len(common), k)]
        # common bigram-ish phrases with a function word, occasionally a comma
        if k == 2 and rng.random() < 0.5:
            ph = [words[int(rng.integers(0, 60))], ph[1]]
        s = " ".join(ph) if rng.random() > 0.1 else ph[0] + ", " + " ".join(ph[1:])
        add(cats[int(rng.integers(len(cats)))], s)
    while len(entries) < n:
        # Zipf-ish pick among content words so some entries are frequent
        r = int(min(len(pool) - 1, rng.pareto(0.8) * 50))
        add(cats[int(rng.integers(len(cats)))], pool[r])
    entries = entries[:n]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"# Synthetic benchmark lexicon (bench/gen_corpus.py, seed {seed}; words from {src}); "
                f"{len(entries)} entries, {len(cats)} categories. Not a research instrument.\n")
        f.write("category,pattern\n")
        for c, p in entries:
            if " " in p:
                f.write(f'{c},"{p}"\n')
            else:
                f.write(f"{c},{p}\n")
    print(f"gen_corpus: lexicon {path}: {len(entries)} entries "
          f"({sum(p.endswith('*') for _, p in entries)} wildcards, "
          f"{sum(' ' in p for _, p in entries)} phrases)", file=sys.stderr)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=500, help="target size in MB (10^6 bytes); default 500")
    ap.add_argument("--seed", type=int, default=1, help="random seed; default 1")
    ap.add_argument("--out", type=Path, help="corpus CSV to write")
    ap.add_argument("--lexicon", type=Path, help="also (or only) write a 2,000-entry framing lexicon CSV here")
    ap.add_argument("--rare", type=float, default=0.003,
                    help="share of tokens that are rare invented names (vocabulary growth); default 0.003")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.out is None and a.lexicon is None:
        ap.error("give --out and/or --lexicon")
    if a.lexicon is not None:
        write_lexicon(a.lexicon, a.seed)
    if a.out is not None:
        write_corpus(a.out, a.mb, a.seed, a.rare, a.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
