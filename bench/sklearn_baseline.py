#!/usr/bin/env python3
"""Baseline: the "fast Python way" to do framelens's core job.

    python bench/sklearn_baseline.py CORPUS.csv OUT.csv [--by source] [--alpha0 1000]

1. pandas reads the whole CSV into memory (columns id, source, date, text);
2. scikit-learn's CountVectorizer (lowercase=True, default token pattern
   ``(?u)\\b\\w\\w+\\b``, no stop words, no stemming) counts terms per document
   into a sparse document x term matrix;
3. rows are summed per group with a sparse indicator matrix product
   (groups x docs) @ (docs x terms);
4. numpy computes Monroe et al. (2008) log-odds with an informative Dirichlet
   prior for each group versus the rest of the corpus:
       alpha_w = alpha0 * y_w / n
       delta   = ln[(y_iw+a_w)/(n_i+a0-y_iw-a_w)] - ln[(y_jw+a_w)/(n_j+a0-y_jw-a_w)]
       sigma^2 = 1/(y_iw+a_w) + 1/(y_jw+a_w),   z = delta / sigma
5. writes a CSV ``group,term,z`` (every group x every term).

Single-threaded, as scikit-learn's CountVectorizer is. Stage timings go to
stderr. This is deliberately the straightforward version people write, not a
tuned one (no HashingVectorizer, no chunking, no multiprocessing).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--by", default="source")
    ap.add_argument("--alpha0", type=float, default=1000.0)
    a = ap.parse_args(argv)

    t = [time.perf_counter()]
    stages = []

    def lap(name):
        t.append(time.perf_counter())
        stages.append(f"{name} {t[-1] - t[-2]:.2f}s")

    df = pd.read_csv(a.corpus, usecols=[a.by, "text"], dtype=str, keep_default_na=False)
    lap("read")
    cv = CountVectorizer(lowercase=True)
    X = cv.fit_transform(df["text"])  # docs x terms, CSR, int64
    terms = cv.get_feature_names_out()
    lap("count")
    codes, groups = pd.factorize(df[a.by], sort=True)
    G = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))),
                      shape=(len(groups), len(codes)))
    Y = np.asarray((G @ X).todense(), dtype=np.float64)  # groups x terms
    del X
    lap("group")
    y_w = Y.sum(axis=0)
    n = y_w.sum()
    a0 = a.alpha0
    alpha = a0 * y_w / n
    n_g = Y.sum(axis=1, keepdims=True)
    yi, yj = Y, y_w[None, :] - Y
    ni, nj = n_g, n - n_g
    delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha))
             - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
    z = delta / np.sqrt(1.0 / (yi + alpha) + 1.0 / (yj + alpha))
    lap("logodds")
    out = pd.DataFrame({
        "group": np.repeat(np.asarray(groups, dtype=object), len(terms)),
        "term": np.tile(terms, len(groups)),
        "z": z.ravel(),
    })
    out.to_csv(a.out, index=False, float_format="%.6f")
    lap("write")
    print(f"sklearn_baseline: {len(df)} docs, {len(groups)} groups, {len(terms)} terms, "
          f"{int(n)} tokens; " + ", ".join(stages) + f"; total {t[-1] - t[0]:.2f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
