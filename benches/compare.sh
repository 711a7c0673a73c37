#!/usr/bin/env bash
# Side-by-side measurements of quorum against bare tantivy, SQLite FTS5 and Xapian, on the same
# generated archive and the same query list, and on a folder of real papers (`--corpus DIR`:
# the peers are fed the passages quorum reads from it, so the text indexed is the same); PDF extraction against poppler's pdftotext; HTTP
# load on `quorum serve` with wrk when this build has that command. Writes docs/PERFORMANCE.md's
# tables (between <!-- compare:begin --> and <!-- compare:end -->) and docs/performance.png.
#
#   benches/compare.sh [--scales 10000,100000] [--runs 3] [--queries 1000]
#                      [--peers quorum,tantivy,fts5,xapian] [--corpus DIR]... [--work DIR]
#                      [--no-pdf] [--no-doc]
#
# `--scales none` measures only the `--corpus` folders.
#
# Every engine runs as its own process under /usr/bin/time -v; each figure is the median of
# --runs runs, printed with its ratio to the peer measured in the same run. See
# docs/PERFORMANCE.md for what is measured and how.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

scales=10000,100000
runs=3
nqueries=1000
peers=quorum,tantivy,fts5,xapian
work=${TMPDIR:-/tmp}/quorum-compare
write_doc=1
pdf_compare=1
corpora=()
command_line="benches/compare.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --scales) scales=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --queries) nqueries=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --corpus) corpora+=("$(cd "$2" && pwd)"); shift 2 ;;
    --no-doc) write_doc=0; shift ;;
    --no-pdf) pdf_compare=0; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
has_peer() { [[ ",$peers," == *",$1,"* ]]; }
log() { echo "== $*" >&2; }

# --- tools ---------------------------------------------------------------------------------
py=/usr/bin/python3
need_apt=()
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
[ -x "$py" ] || need_apt+=(python3)
if [ -x "$py" ]; then
  "$py" -c 'import xapian' 2>/dev/null || need_apt+=(python3-xapian)
  "$py" -c 'import matplotlib' 2>/dev/null || need_apt+=(python3-matplotlib)
else
  need_apt+=(python3-xapian python3-matplotlib)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! "$py" -c 'import matplotlib' 2>/dev/null; then
  "$py" -m pip install --quiet --break-system-packages matplotlib || true
fi

# --- build (copied out of the target folder, which other builds may overwrite) --------------
log "building quorum and the measuring programs (release)"
cargo build --release --locked --bin quorum --example bare_tantivy --example query_latency \
  --example extract_pdfs >&2
target=${CARGO_TARGET_DIR:-$repo/target}/release
mkdir -p "$work/bin"
cp "$target/quorum" "$target/examples/bare_tantivy" "$target/examples/query_latency" \
   "$target/examples/extract_pdfs" "$work/bin/"
bin=$work/bin
if ! "$bin/quorum" gen --help >/dev/null 2>&1; then
  # A target folder shared between checkouts of the same package can hold another checkout's
  # binary that cargo believes fresh; touching a source file makes it rebuild this one.
  echo "error: $target/quorum has no \`gen\` command: it is not this checkout's build" \
       "(shared CARGO_TARGET_DIR?); touch src/lib.rs and run again" >&2
  exit 2
fi
results=$work/results.jsonl
: > "$results"
record() { echo "$1" >> "$results"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
machine=$(printf '{"nproc": %s, "mem_gib": %s, "cpu": "%s", "date": "%s", "command": "%s", "commit": "%s"}' \
  "$(nproc)" "$(free -g | awk '/^Mem:/{print $2}')" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//;s/"//g')" \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$command_line" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)")
record "{\"kind\": \"machine\", \"machine\": $machine}"

# Run a command under /usr/bin/time -v; print {"wall_s", "rss_mb", "own"}, where "own" is the
# command's own JSON output (one object, possibly pretty-printed).
timed() {
  local out=$work/timed.out tv=$work/timed.tv
  /usr/bin/time -v -o "$tv" "$@" > "$out"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tv")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2/1024}' "$tv")
  local own
  own=$(tr -d '\n' < "$out")
  [ -n "$own" ] || own='{}'
  echo "{\"wall_s\": $wall, \"rss_mb\": $rss, \"own\": $own}"
}
size_mb() { du -sb "$1" | awk '{print $1/1e6}'; }

# Index with one engine into a fresh IDX, timed; prints timed's JSON on one line. quorum reads
# the folder of papers, the peers the passages quorum read from it (or `gen` wrote).
index_with() {
  local engine=$1 papers=$2 passages=$3 idx=$4
  rm -rf "$idx"
  case $engine in
    quorum) timed "$bin/quorum" index "$papers" --index "$idx" --json ;;
    tantivy) timed "$bin/bare_tantivy" index "$passages" "$idx" "$(nproc)" ;;
    fts5) timed "$py" benches/peers/peers.py fts5 index "$passages" "$idx" ;;
    xapian) timed "$py" benches/peers/peers.py xapian index "$passages" "$idx" ;;
  esac | tr -d '\n'
}

# --- can this build read PDFs? --------------------------------------------------------------
formats=text,markdown,html,pdf
probe=$work/probe
rm -rf "$probe"
"$bin/quorum" gen --passages 300 --formats pdf --out "$probe" --seed 7 >/dev/null
pdf_probe=$("$bin/extract_pdfs" "$probe" 1)
pdf_ok=$("$py" -c 'import json,sys; r=json.loads(sys.argv[1]); print(int(r["failed"] < r["files"]))' "$pdf_probe")
if [ "$pdf_ok" = 0 ]; then
  formats=text,markdown,html
  log "notice: this build cannot extract PDFs yet; the archives are text, Markdown and HTML only"
fi
record "{\"kind\": \"formats\", \"formats\": \"$formats\", \"pdf_ok\": $pdf_ok}"

# --- per scale ------------------------------------------------------------------------------
scale_list=()
[ "$scales" = none ] || IFS=, read -r -a scale_list <<< "$scales"
for n in "${scale_list[@]}"; do
  dir=$work/$n
  rm -rf "$dir"; mkdir -p "$dir"
  log "scale $n: generating (load $(load))"
  gen=$("$bin/quorum" gen --passages "$n" --out "$dir/archive" --formats "$formats" \
        --jsonl "$dir/passages.jsonl" --queries "$dir/queries.jsonl" --query-count "$nqueries" --json)
  archive_mb=$(size_mb "$dir/archive")
  record "{\"kind\": \"gen\", \"scale\": $n, \"gen\": $(echo "$gen" | tr -d '\n'), \"archive_mb\": $archive_mb}"
  for run in $(seq 1 "$runs"); do
    for engine in quorum tantivy fts5 xapian; do
      has_peer "$engine" || continue
      idx=$dir/index.$engine
      before=$(load)
      r=$(index_with "$engine" "$dir/archive" "$dir/passages.jsonl" "$idx")
      record "{\"kind\": \"index\", \"scale\": $n, \"engine\": \"$engine\", \"run\": $run, \"size_mb\": $(size_mb "$idx"), \"load\": \"$before\", \"r\": $r}"
      log "scale $n run $run: indexed with $engine: $r"
    done
    if has_peer quorum; then
      r=$(timed "$bin/quorum" index "$dir/archive" --index "$dir/index.quorum" --json | tr -d '\n')
      record "{\"kind\": \"reindex\", \"scale\": $n, \"engine\": \"quorum\", \"run\": $run, \"load\": \"$(load)\", \"r\": $r}"
    fi
  done
  for run in $(seq 1 "$runs"); do
    for engine in quorum quorum-bare tantivy fts5 xapian; do
      has_peer "${engine%-bare}" || continue
      case $engine in
        quorum) r=$("$bin/query_latency" "$dir/index.quorum" "$dir/queries.jsonl" full) ;;
        quorum-bare) r=$("$bin/query_latency" "$dir/index.quorum" "$dir/queries.jsonl" bare) ;;
        tantivy) r=$("$bin/bare_tantivy" query "$dir/index.tantivy" "$dir/queries.jsonl") ;;
        fts5) r=$("$py" benches/peers/peers.py fts5 query "$dir/index.fts5" "$dir/queries.jsonl") ;;
        xapian) r=$("$py" benches/peers/peers.py xapian query "$dir/index.xapian" "$dir/queries.jsonl") ;;
      esac
      record "{\"kind\": \"query\", \"scale\": $n, \"engine\": \"$engine\", \"run\": $run, \"load\": \"$(load)\", \"r\": $(echo "$r" | tr -d '\n')}"
      log "scale $n run $run: queries on $engine: $r"
    done
  done
done

# --- real papers: quorum on the folder, the peers on the passages quorum read from it --------
for corpus in "${corpora[@]}"; do
  name=$(basename "$corpus")
  dir=$work/corpus-$name
  rm -rf "$dir"; mkdir -p "$dir"
  log "corpus $name: reading its passages with quorum inspect (load $(load))"
  read_=$("$py" benches/peers/corpus_passages.py "$bin/quorum" "$corpus" "$dir/passages.jsonl")
  record "{\"kind\": \"corpus\", \"name\": \"$name\", \"passages\": $read_, \"archive_mb\": $(size_mb "$corpus")}"
  for run in $(seq 1 "$runs"); do
    for engine in quorum tantivy fts5 xapian; do
      has_peer "$engine" || continue
      idx=$dir/index.$engine
      before=$(load)
      r=$(index_with "$engine" "$corpus" "$dir/passages.jsonl" "$idx")
      record "{\"kind\": \"corpus_index\", \"name\": \"$name\", \"engine\": \"$engine\", \"run\": $run, \"size_mb\": $(size_mb "$idx"), \"load\": \"$before\", \"r\": $r}"
      log "corpus $name run $run: indexed with $engine: $r"
    done
  done
done

# --- PDF extraction: quorum against pdftotext, both on every core ---------------------------
if [ "$pdf_compare" = 1 ]; then
  pdfs=$work/pdfs
  rm -rf "$pdfs"
  "$bin/quorum" gen --passages 20000 --formats pdf --out "$pdfs" --seed 11 >/dev/null
  pdf_sets=("generated:$pdfs")
  [ -d ../shared/realworld ] && pdf_sets+=("realworld:$(cd ../shared/realworld && pwd)")
  for set in "${pdf_sets[@]}"; do
    name=${set%%:*}; path=${set#*:}
    pages=$(find "$path" -iname '*.pdf' -print0 | xargs -0 -r -n1 pdfinfo 2>/dev/null | awk '/^Pages:/{s+=$2} END{print s+0}')
    for run in $(seq 1 "$runs"); do
      q=$("$bin/extract_pdfs" "$path" "$(nproc)" | tr -d '\n')
      start=$(date +%s%N)
      find "$path" -iname '*.pdf' -print0 | xargs -0 -r -P "$(nproc)" -I{} pdftotext -q {} /dev/null || true
      secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN{printf "%.3f", (b-a)/1e9}')
      record "{\"kind\": \"pdf\", \"set\": \"$name\", \"run\": $run, \"pages\": $pages, \"quorum\": $q, \"pdftotext_s\": $secs, \"load\": \"$(load)\"}"
      log "pdf $name run $run: quorum $q; pdftotext $pages pages in ${secs}s"
    done
  done
fi

# --- HTTP: wrk against quorum serve, when this build has it ---------------------------------
if [ ${#scale_list[@]} -eq 0 ]; then
  log "notice: no generated archive (--scales none); skipping the HTTP load test"
  record '{"kind": "http", "skipped": "no generated archive in this run (--scales none)"}'
elif "$bin/quorum" --help | grep -qE '^\s+serve\b'; then
  n=${scale_list[-1]}
  port=18473
  "$bin/quorum" serve --index "$work/$n/index.quorum" --corpus "$work/$n/archive" \
    --addr "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/api/search?q=report" >/dev/null 2>&1 && break
    sleep 1
  done
  word=$(head -n 1 "$work/$n/queries.jsonl" | "$py" -c 'import json,sys; print(json.loads(sys.stdin.read())["words"][0])')
  # The whole query list as well, each request the next query (a wrk script). The server keeps
  # the answers it computed (`--cached-hits`), so the list is also run against a second
  # server that keeps none ("list-afresh"): every answer searched for, the engine's own rate.
  "$py" - "$work/$n/queries.jsonl" "$work/queries.lua" <<'PY'
import json, sys, urllib.parse
paths = ["/api/search?q=" + urllib.parse.quote(json.loads(l)["q"], safe="") for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as f:
    f.write("local paths = {\n" + "".join(f"  {json.dumps(p)},\n" for p in paths) + "}\n")
    f.write("local i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(nil, paths[(i % #paths) + 1])\nend\n")
PY
  afresh_port=$((port + 1))
  if "$bin/quorum" serve --help | grep -q -- '--cached-hits'; then
    "$bin/quorum" serve --index "$work/$n/index.quorum" --corpus "$work/$n/archive" \
      --addr "127.0.0.1:$afresh_port" --cached-hits 0 > "$work/serve-afresh.log" 2>&1 &
    afresh_pid=$!
    loads="word list list-afresh"
  else
    afresh_pid=""
    loads="word list"
  fi
  for p in $port ${afresh_pid:+$afresh_port}; do
    for _ in $(seq 1 120); do
      curl -fs "http://127.0.0.1:$p/api/search?q=report" >/dev/null 2>&1 && break
      sleep 1
    done
  done
  for run in $(seq 1 "$runs"); do
    for load_of in $loads; do
      case $load_of in
        word) out=$(wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$port/api/search?q=$word" 2>&1 || true) ;;
        list) out=$(wrk -t2 -c64 -d10s --latency -s "$work/queries.lua" "http://127.0.0.1:$port" 2>&1 || true) ;;
        *) out=$(wrk -t2 -c64 -d10s --latency -s "$work/queries.lua" "http://127.0.0.1:$afresh_port" 2>&1 || true) ;;
      esac
      record "$("$py" - "$out" "$run" "$(load)" "$load_of" <<'PY'
import json, re, sys
out, run, load, of = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else None
rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
sock = re.search(r"Socket errors: (.*)", out)
print(json.dumps({"kind": "http", "run": run, "load": load, "queries": of,
                  "rps": float(rps.group(1)) if rps else None,
                  "p50_ms": ms(lat.get("50", "")), "p99_ms": ms(lat.get("99", "")),
                  "non_2xx": int(errors.group(1)) if errors else 0, "socket_errors": sock.group(1) if sock else None}))
PY
)"
    done
  done
  kill "$serve_pid" ${afresh_pid:+"$afresh_pid"} 2>/dev/null || true
  wait "$serve_pid" ${afresh_pid:+"$afresh_pid"} 2>/dev/null || true
else
  log "notice: this build has no \`quorum serve\`; skipping the HTTP load test"
  record '{"kind": "http", "skipped": "this build has no quorum serve"}'
fi

# --- report ---------------------------------------------------------------------------------
args=("$results" --chart docs/performance.png)
[ "$write_doc" = 1 ] && args+=(--doc docs/PERFORMANCE.md)
"$py" benches/compare_report.py "${args[@]}"
