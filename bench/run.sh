#!/usr/bin/env bash
# framelens benchmark — the one command.
#
#   bash bench/run.sh [--mb 500] [--runs 3] [--seed 1] [--rare 0.003] [--skip-sklearn]
#   bash bench/run.sh --sizes "500 1000 2000 5000" [--runs 3] [--rare 0.003]
#
# Main mode (default):
#   1. builds framelens (`cargo build --release --locked` at the repo root;
#      binary target/release/framelens). --no-build skips this; the env var
#      FRAMELENS=/path/to/binary uses another binary (implies --no-build).
#   2. creates bench/.venv and pip-installs numpy, pandas, scikit-learn and
#      wordfreq into it if they are missing;
#   3. generates bench/out/corpus-<MB>mb-s<SEED>.csv with bench/gen_corpus.py
#      (skipped when that file and its .meta.json from a finished run exist;
#      with --rare R other than the default 0.003 the name ends -r<R>.csv:
#      R is the share of tokens that are rare invented names, the vocabulary
#      growth; --rare 0 gives a closed vocabulary of about 50,000 words)
#      and bench/out/lexicon.csv (2,000 entries; regenerated every run, ~1 s);
#   4. times, each one warm-up run (not counted; it also warms the page cache)
#      and then the median of --runs runs, under /usr/bin/time -v for peak RSS:
#        * LC_ALL=C.UTF-8 wc -w CORPUS                       (the floor)
#        * framelens report CORPUS --by source --lexicon bench/out/lexicon.csv
#              --out bench/out/report-t1 --force --threads 1   (and --threads 2)
#        * the same at --threads 1 and 2 with --no-hits (no frame_hits.csv)
#        * writing as many bytes as frame_hits.csv to a file (dd, 1 MiB blocks,
#          direct I/O where the file system allows it): the floor under
#          writing that table
#        * python bench/sklearn_baseline.py CORPUS bench/out/sklearn-z.csv
#              (unless --skip-sklearn)
#      and then, for the two 2-thread reports, --runs pairs of a `wc -w` run
#      followed at once by a report run: the median of the pairs' ratios
#      compares the two under the same spell of a shared host, which the
#      medians above, minutes apart, do not
#   5. prints one Markdown table (tool | threads | MB/s | × wc -w | × sklearn |
#      peak RSS) with the machine (nproc, CPU model, RAM), and writes it to
#      bench/out/results.md (and bench/out/results-main.md).
#
# Sizes mode (--sizes "A B C", sizes in MB): generates a corpus of each size
#   and prints framelens --threads 2 MB/s, peak RSS and the number of distinct
#   terms per size (memory should not grow with the number of documents, only
#   with the vocabulary: compare with --rare 0); written
#   to bench/out/results.md (and bench/out/results-sizes.md).
#
# MB = 10^6 bytes of the input file; MB/s = file bytes / 10^6 / median wall
# seconds. Logs of every run: bench/out/logs/. Needs GNU time (installed with
# apt-get if /usr/bin/time is missing), python3, and cargo unless --no-build.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out"
VENV="$BENCH_DIR/.venv"
LOGS="$OUT/logs"

MB=500
RUNS=3
SEED=1
RARE=0.003
SKIP_SK=0
SIZES=""
BUILD=1

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --mb) MB="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --rare) RARE="$2"; shift 2 ;;
    --skip-sklearn) SKIP_SK=1; shift ;;
    --sizes) SIZES="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive integer" >&2; exit 1; }

mkdir -p "$OUT" "$LOGS"
log() { echo "[bench] $*" >&2; }

# ---------------------------------------------------------------- tools ----
ensure_gnu_time() {
  if [[ ! -x /usr/bin/time ]] || ! /usr/bin/time -v true >/dev/null 2>&1; then
    log "installing GNU time (apt-get install -y time)"
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq && apt-get install -y -qq time >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null
    fi
  fi
}

ensure_venv() {
  if [[ ! -x "$VENV/bin/python" ]]; then
    log "creating $VENV"
    python3 -m venv "$VENV"
  fi
  if ! "$VENV/bin/python" -c 'import numpy, pandas, scipy, sklearn, wordfreq' 2>/dev/null; then
    log "pip-installing numpy pandas scikit-learn wordfreq into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
      "numpy>=1.24" "pandas>=2.0" "scikit-learn>=1.3" "wordfreq==3.1.1"
  fi
  PY="$VENV/bin/python"
}

ensure_framelens() {
  if [[ -n "${FRAMELENS:-}" ]]; then
    FL="$FRAMELENS"
  else
    FL="$ROOT/target/release/framelens"
    if [[ $BUILD -eq 1 ]]; then
      log "cargo build --release --locked"
      (cd "$ROOT" && cargo build --release --locked)
    fi
  fi
  [[ -x "$FL" ]] || { echo "run.sh: framelens binary not found at $FL" >&2; exit 1; }
}

# ---------------------------------------------------------------- data -----
corpus_path() {
  if [[ "$RARE" == 0.003 ]]; then echo "$OUT/corpus-${1}mb-s${SEED}.csv"
  else echo "$OUT/corpus-${1}mb-s${SEED}-r${RARE}.csv"; fi
}

ensure_corpus() {  # $1 = size in MB
  local f meta
  f="$(corpus_path "$1")"; meta="$f.meta.json"
  if [[ -f "$f" && -f "$meta" ]] && "$PY" - "$f" "$meta" "$1" "$SEED" "$RARE" <<'EOF'
import json, os, sys
f, meta, mb, seed, rare = sys.argv[1:]
m = json.load(open(meta))
ok = (m["bytes"] == os.path.getsize(f) and float(m["mb"]) == float(mb)
      and int(m["seed"]) == int(seed) and float(m["rare"]) == float(rare))
sys.exit(0 if ok else 1)
EOF
  then
    log "corpus $f exists ($(stat -c %s "$f") bytes); not regenerating"
  else
    log "generating $f (${1} MB, seed $SEED, rare $RARE)"
    "$PY" "$BENCH_DIR/gen_corpus.py" --mb "$1" --seed "$SEED" --rare "$RARE" --out "$f"
  fi
}

make_lexicon() {
  # Always regenerated (about a second): a lexicon kept from another seed or
  # an older generator would silently change the hit counts.
  LEX="$OUT/lexicon.csv"
  "$PY" "$BENCH_DIR/gen_corpus.py" --seed "$SEED" --lexicon "$LEX"
}

# --------------------------------------------------------------- timing ----
# time_cmd NAME CMD... : one warm-up run, then $RUNS timed runs (before each,
# untimed: `sync`, and `rm -rf $CLEAN` when CLEAN is set). Sets
# T_MED (median wall seconds), T_ALL (all wall times), RSS_MIB (max peak RSS
# over the timed runs, MiB). stdout of the command goes to the log; a failing
# command stops the benchmark with its log.
time_cmd() {
  local name="$1"; shift
  local lg="$LOGS/$name.log" tv="$LOGS/$name.time" i s e rc
  : > "$lg"
  local walls=() rss=()
  for ((i = 0; i <= RUNS; i++)); do
    # untimed: remove the previous run's report folder (so that neither the
    # disk nor the timed run has to hold or delete two) and flush dirty pages
    [[ -n "${CLEAN:-}" ]] && rm -rf "$CLEAN"
    sync
    s=$(date +%s%N)
    set +e
    /usr/bin/time -v -o "$tv" "$@" >>"$lg" 2>&1
    rc=$?
    set -e
    e=$(date +%s%N)
    if [[ $rc -ne 0 ]]; then
      echo "run.sh: '$*' failed (exit $rc); last lines of $lg:" >&2
      tail -n 20 "$lg" >&2
      exit 1
    fi
    [[ $i -eq 0 ]] && { log "  $name: warm-up $(( (e - s) / 1000000 )) ms"; continue; }
    walls+=("$(( e - s ))")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")")
    log "  $name: run $i/$RUNS $(( (e - s) / 1000000 )) ms, RSS ${rss[-1]} KiB"
  done
  read -r T_MED T_ALL RSS_MIB < <(python3 - "${#walls[@]}" "${walls[@]}" "${rss[@]}" <<'EOF'
import statistics, sys
n = int(sys.argv[1]); walls = [int(x) / 1e9 for x in sys.argv[2:2 + n]]
rss = [int(x) for x in sys.argv[2 + n:]]
print(f"{statistics.median(walls):.3f}", ",".join(f"{w:.2f}" for w in walls), f"{max(rss) / 1024:.0f}")
EOF
)
}

# paired_ratio NAME CMD... : $RUNS times, `wc -w` on $CORPUS and then CMD,
# each timed (CMD's folder removed and `sync` before it, untimed). Sets
# P_MED, the median of the per-pair ratios (wc seconds / CMD seconds, which is
# CMD's MB/s over wc's), and P_ALL, every ratio.
paired_ratio() {
  local name="$1"; shift
  local lg="$LOGS/$name.log" i s e w ratios=()
  : > "$lg"
  for ((i = 1; i <= RUNS; i++)); do
    sync
    s=$(date +%s%N)
    LC_ALL=C.UTF-8 wc -w "$CORPUS" >>"$lg"
    e=$(date +%s%N)
    w=$(( e - s ))
    [[ -n "${CLEAN:-}" ]] && rm -rf "$CLEAN"
    sync
    s=$(date +%s%N)
    if ! "$@" >>"$lg" 2>&1; then
      echo "run.sh: '$*' failed; last lines of $lg:" >&2
      tail -n 20 "$lg" >&2
      exit 1
    fi
    e=$(date +%s%N)
    ratios+=("$(python3 -c "print(f'{$w / ($e - $s):.3f}')")")
    log "  $name: pair $i/$RUNS wc -w $(( w / 1000000 )) ms, report $(( (e - s) / 1000000 )) ms, ratio ${ratios[-1]}"
  done
  read -r P_MED P_ALL < <(python3 - "${ratios[@]}" <<'EOF'
import statistics, sys
r = [float(x) for x in sys.argv[1:]]
print(f"{statistics.median(r):.2f}", ",".join(f"{x:.2f}" for x in r))
EOF
)
}

machine_info() {
  local cpu ram
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  ram=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "Machine: nproc $(nproc), CPU ${cpu:-unknown}, RAM $ram, $(uname -sr)"
}

fmt_row() {  # tool threads seconds rss_mib  (uses BYTES, WC_S, SK_S)
  python3 - "$@" "$BYTES" "${WC_S:-}" "${SK_S:-}" <<'EOF'
import sys
tool, thr, sec, rss, nbytes, wc, sk = sys.argv[1:]
mbs = int(nbytes) / 1e6 / float(sec)
def rel(base):
    if not base:
        return "–"
    return f"{mbs / (int(nbytes) / 1e6 / float(base)):.2f}"
print(f"| {tool} | {thr} | {mbs:.1f} | {rel(wc)} | {rel(sk)} | {rss} |")
EOF
}

# ----------------------------------------------------------------- main ----
ensure_gnu_time
ensure_venv
ensure_framelens
make_lexicon
FL_VER="$("$FL" --version 2>/dev/null | head -n1 || true)"
SK_VER="$("$PY" -c 'import sklearn, pandas; print(f"scikit-learn {sklearn.__version__}, pandas {pandas.__version__}")')"
GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"

fl_cmd() {  # $1 corpus, $2 threads -> array FLCMD
  FLCMD=("$FL" report "$1" --by source --lexicon "$LEX" --out "$OUT/report-t$2" --force --threads "$2")
  CLEAN="$OUT/report-t$2"
}

if [[ -z "$SIZES" ]]; then
  ensure_corpus "$MB"
  CORPUS="$(corpus_path "$MB")"
  BYTES=$(stat -c %s "$CORPUS")
  DOCS=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["docs"])' "$CORPUS.meta.json")

  log "timing wc -w"
  time_cmd wc env LC_ALL=C.UTF-8 wc -w "$CORPUS"
  WC_S=$T_MED; WC_RSS=$RSS_MIB; WC_ALL=$T_ALL

  if [[ $SKIP_SK -eq 0 ]]; then
    log "timing sklearn baseline"
    time_cmd sklearn "$PY" "$BENCH_DIR/sklearn_baseline.py" "$CORPUS" "$OUT/sklearn-z.csv"
    SK_S=$T_MED; SK_RSS=$RSS_MIB; SK_ALL=$T_ALL
  else
    SK_S=""
  fi

  log "timing framelens --threads 1"
  fl_cmd "$CORPUS" 1
  time_cmd framelens-t1 "${FLCMD[@]}"
  F1_S=$T_MED; F1_RSS=$RSS_MIB; F1_ALL=$T_ALL
  log "timing framelens --threads 2"
  fl_cmd "$CORPUS" 2
  time_cmd framelens-t2 "${FLCMD[@]}"
  F2_S=$T_MED; F2_RSS=$RSS_MIB; F2_ALL=$T_ALL
  HITS_BYTES=$(stat -c %s "$OUT/report-t2/frame_hits.csv")
  log "timing framelens --threads 1 --no-hits"
  fl_cmd "$CORPUS" 1
  time_cmd framelens-t1-no-hits "${FLCMD[@]}" --no-hits
  FN1_S=$T_MED; FN1_RSS=$RSS_MIB; FN1_ALL=$T_ALL
  log "timing framelens --threads 2 --no-hits"
  fl_cmd "$CORPUS" 2
  time_cmd framelens-t2-no-hits "${FLCMD[@]}" --no-hits
  FN_S=$T_MED; FN_RSS=$RSS_MIB; FN_ALL=$T_ALL
  # The floor under writing frame_hits.csv: writing that many bytes to a
  # new file in the same folder (the write alone, no formatting), as
  # framelens writes it: 1 MiB blocks with direct I/O, or, where the file
  # system refuses direct I/O, through the page cache. The file is deleted
  # before each run, untimed, as the report folder is (truncating it inside
  # the timed command more than doubled the time).
  log "timing the write floor ($HITS_BYTES bytes to a file)"
  CLEAN="$OUT/hits-floor.bin"
  DIRECT=oflag=direct
  dd if=/dev/zero of="$CLEAN" bs=1M count=1 oflag=direct status=none 2>/dev/null || DIRECT=
  time_cmd write-floor dd if=/dev/zero of="$CLEAN" bs=1M count="$HITS_BYTES" iflag=count_bytes $DIRECT status=none
  WF_S=$T_MED
  rm -f "$OUT/hits-floor.bin"
  log "pairing wc -w with framelens --threads 2"
  fl_cmd "$CORPUS" 2
  paired_ratio paired-t2 "${FLCMD[@]}"
  PR2=$P_MED; PR2_ALL=$P_ALL
  log "pairing wc -w with framelens --threads 2 --no-hits"
  fl_cmd "$CORPUS" 2
  paired_ratio paired-t2-no-hits "${FLCMD[@]}" --no-hits
  PRN=$P_MED; PRN_ALL=$P_ALL

  {
    echo "## framelens benchmark: ${MB} MB corpus"
    echo
    echo "Corpus \`$(basename "$CORPUS")\`: $BYTES bytes, $DOCS documents, 8 outlets, seed $SEED, rare $RARE;"
    echo "lexicon: 2,000 entries. Median of $RUNS runs after one warm-up; MB = 10^6 bytes."
    echo "× columns: this tool's MB/s divided by wc -w's / sklearn's (higher is faster)."
    echo
    echo "| tool | threads | MB/s | × wc -w | × sklearn | peak RSS (MiB) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    fmt_row "wc -w" 1 "$WC_S" "$WC_RSS"
    fmt_row "framelens report" 1 "$F1_S" "$F1_RSS"
    fmt_row "framelens report" 2 "$F2_S" "$F2_RSS"
    fmt_row "framelens report --no-hits" 1 "$FN1_S" "$FN1_RSS"
    fmt_row "framelens report --no-hits" 2 "$FN_S" "$FN_RSS"
    if [[ $SKIP_SK -eq 0 ]]; then fmt_row "pandas + scikit-learn" 1 "$SK_S" "$SK_RSS"; fi
    echo
    echo "Wall seconds per run: wc -w $WC_ALL; framelens t1 $F1_ALL; framelens t2 $F2_ALL; t1 --no-hits $FN1_ALL; t2 --no-hits $FN_ALL$([[ $SKIP_SK -eq 0 ]] && echo "; sklearn $SK_ALL")."
    echo
    echo "frame_hits.csv (one row per lexicon hit, with context) is $(python3 -c "print(f'{$HITS_BYTES/1e6:,.0f}')") MB; writing that many bytes to a"
    echo "file takes $WF_S s here (median), the floor under writing it."
    echo
    echo "--threads 2 over --threads 1: $(python3 -c "print(f'{$F1_S/$F2_S:.2f}')")× with frame_hits.csv, $(python3 -c "print(f'{$FN1_S/$FN_S:.2f}')")× without."
    echo
    echo "Paired with wc -w ($RUNS pairs, each report run right after a wc -w run, so that both meet"
    echo "the same spell of a shared host; median of the pairs' ratios): --threads 2 ${PR2}× wc -w"
    echo "(pairs $PR2_ALL), --threads 2 --no-hits ${PRN}× (pairs $PRN_ALL)."
    echo
    echo "$(machine_info)"
    echo "framelens ${FL_VER:-(no --version)} at $GIT_REV; $SK_VER; $(date -u +%Y-%m-%dT%H:%MZ)"
  } | tee "$OUT/results-main.md"
  cp "$OUT/results-main.md" "$OUT/results.md"
else
  ROWS=()
  for s in $SIZES; do
    ensure_corpus "$s"
    CORPUS="$(corpus_path "$s")"
    BYTES=$(stat -c %s "$CORPUS")
    DOCS=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["docs"])' "$CORPUS.meta.json")
    log "timing framelens --threads 2 on $s MB"
    fl_cmd "$CORPUS" 2
    time_cmd "framelens-t2-${s}mb" "${FLCMD[@]}"
    # distinct terms with a count of at least 3 (the default --min-count; stop
    # words excluded): the rows of term_matrix.csv
    TERMS=$(( $(wc -l < "$OUT/report-t2/term_matrix.csv") - 1 ))
    rm -rf "$OUT/report-t2"  # tens of GB at 5 GB (frame_hits.csv)
    ROWS+=("$(python3 -c 'import sys; s,b,d,n,t,r,a=sys.argv[1:]; print(f"| {s} | {d} | {int(n):,} | {int(b)/1e6/float(t):.1f} | {r} | {a} |")' \
      "$s" "$BYTES" "$DOCS" "$TERMS" "$T_MED" "$RSS_MIB" "$T_ALL")")
  done
  {
    echo "## framelens memory and speed by corpus size (--threads 2)"
    echo
    echo "Median of $RUNS runs after one warm-up; MB = 10^6 bytes; seed $SEED; rare $RARE. Peak RSS"
    echo "should follow the vocabulary (the terms column), not the number of documents; with"
    echo "--rare 0 the vocabulary is closed."
    echo
    echo "| corpus MB | documents | terms (count ≥ 3) | MB/s | peak RSS (MiB) | wall s per run |"
    echo "| ---: | ---: | ---: | ---: | ---: | --- |"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "$(machine_info)"
    echo "framelens ${FL_VER:-(no --version)} at $GIT_REV; $(date -u +%Y-%m-%dT%H:%MZ)"
  } | tee "$OUT/results-sizes$([[ "$RARE" == 0.003 ]] || echo "-r$RARE").md"
  cp "$OUT/results-sizes$([[ "$RARE" == 0.003 ]] || echo "-r$RARE").md" "$OUT/results.md"
fi
