#!/usr/bin/env bash
# Soak test: `wrk` with many connections for minutes against `quorum serve` over a large index
# while a concurrent `quorum index` run commits new papers into that same index. Reports the
# requests served, non-2xx responses, socket errors, and the server's resident memory over time.
#
#   benches/soak.sh [--passages N] [--seconds S] [--connections C] [--work DIR]
#
# Defaults: 1,000,000 passages, 300 s, 256 connections, work folder ../quorum-soak (CI runs a
# short form through tests/soak.rs). The archive
# (made by `quorum gen`) is reused when the work folder already holds one; the index is always
# built fresh. Prints one JSON line of results at the end (docs/RELIABILITY.md quotes it).
set -euo pipefail
cd "$(dirname "$0")/.."

passages=1000000
seconds=300
connections=256
work=../quorum-soak
while [ $# -gt 0 ]; do
  case "$1" in
    --passages) passages="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null 2>&1 || { echo "soak.sh needs wrk (apt-get install wrk)" >&2; exit 2; }

log() { echo "[soak $(date -u +%H:%M:%S)] $*" >&2; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# Resident memory split: anonymous (heap: what a leak grows) and file-backed (the index's
# memory-mapped pages, which the kernel can drop at will).
rss_split() { awk '/^RssAnon:/ {a=$2} /^RssFile:/ {f=$2} END {print a+0 "\t" f+0}' "/proc/$1/status" 2>/dev/null || printf '0\t0\n'; }
# Sample a process's memory split every second into $2 until it exits.
sample_memory() { while kill -0 "$1" 2>/dev/null; do rss_split "$1" >> "$2"; sleep 1; done; }

# QUORUM_BIN: a quorum binary to use as it is (tests/soak.rs passes its own).
if [ -n "${QUORUM_BIN:-}" ]; then
  bin="$QUORUM_BIN"
else
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/quorum"
fi
mkdir -p "$work"
work="$(cd "$work" && pwd)"
archive="$work/archive-$passages"
index="$work/index"

if [ ! -d "$archive" ]; then
  log "generating $passages passages into $archive"
  "$bin" gen --passages "$passages" --out "$archive" --queries "$work/queries.jsonl" >/dev/null
fi
rm -rf "$index" "$archive/added-during-soak"
log "indexing $archive"
index_start=$(date +%s)
: > "$work/index-memory.tsv"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$bin" index "$archive" --index "$index" > /dev/null 2> "$work/index.time" &
else
  "$bin" index "$archive" --index "$index" >/dev/null &
fi
timer_pid=$!
sleep 0.5
indexer=$(pgrep -P "$timer_pid" -x quorum || echo "$timer_pid")
sample_memory "$indexer" "$work/index-memory.tsv" &
wait "$timer_pid"
[ -f "$work/index.time" ] && log "$(grep -E 'Elapsed|Maximum resident' "$work/index.time" | tr -s ' \t' ' ' | paste -sd';')"
log "indexing peak: $(awk -F'\t' '$1>a {a=$1} $2>f {f=$2} END {printf "anonymous %d MiB, file-backed %d MiB", a/1024, f/1024}' "$work/index-memory.tsv")"
log "indexed in $(( $(date +%s) - index_start )) s"

# The papers the concurrent run adds: a tenth of the archive again, other seed, committed in
# small batches so the server reloads many times during the soak. Written now, outside the
# corpus, and moved in only when the concurrent run starts.
extra="$work/extra-$passages"
[ -d "$extra" ] || "$bin" gen --passages $(( passages / 10 )) --seed 7 --formats text,markdown,html \
  --out "$extra" >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# No corpus: the server serves the index as it is and picks up the concurrent run's commits.
"$bin" serve --index "$index" --corpus "$work/no-corpus" --addr "127.0.0.1:$port" \
  > "$work/serve.log" 2>&1 &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 1
done

# wrk cycles through single- and two-word queries drawn from the archive's vocabulary.
words=$(python3 - "$work/queries.jsonl" <<'PY'
import json, sys
words = []
for line in open(sys.argv[1]):
    words.extend(json.loads(line).get("words", []))
print(" ".join(list(dict.fromkeys(words))[:200]))
PY
)
cat > "$work/soak.lua" <<LUA
local words = {}
for w in string.gmatch("$words", "%S+") do table.insert(words, w) end
local i = 0
request = function()
  i = i + 1
  local a = words[(i % #words) + 1]
  local q = a
  if i % 3 == 0 then q = a .. "+" .. words[((i * 7) % #words) + 1] end
  return wrk.format("GET", "/api/search?q=" .. q .. "&limit=10")
end
LUA

rss_start=$(rss_kib "$serve_pid")
log "serving (RSS ${rss_start} KiB); wrk -c$connections for ${seconds}s"
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$work/soak.lua" \
  "http://127.0.0.1:$port" > "$work/wrk.out" 2>&1 &
wrk_pid=$!

# Let the load settle for a third of the run (at most 20 s), then start committing.
delay=$(( seconds / 3 < 20 ? seconds / 3 : 20 ))
sleep "$delay"
mv "$extra" "$archive/added-during-soak"
log "concurrent index run starts"
indexer_start=$(date +%s)
"$bin" index "$archive" --index "$index" --commit-every 20 > "$work/index-during-soak.out" 2>&1 &
indexer_pid=$!

: > "$work/rss.tsv"
while kill -0 "$wrk_pid" 2>/dev/null; do
  printf '%s\t%s\t%s\n' "$(date +%s)" "$(rss_kib "$serve_pid")" "$(rss_split "$serve_pid")" >> "$work/rss.tsv"
  sleep 5
done
wait "$wrk_pid" || true
rss_end=$(rss_kib "$serve_pid")
indexer_status=0
wait "$indexer_pid" || indexer_status=$?
indexer_seconds=$(( $(date +%s) - indexer_start ))
# Put the extra papers back where the next run expects them.
mv "$archive/added-during-soak" "$extra"

cat "$work/wrk.out" >&2
python3 - "$work/wrk.out" "$rss_start" "$rss_end" "$work/rss.tsv" "$indexer_status" \
  "$indexer_seconds" "$passages" "$seconds" "$connections" <<'PY'
import json, re, sys
out = open(sys.argv[1]).read()
samples = [line.split() for line in open(sys.argv[4]) if line.strip()]
rss = [int(s[1]) for s in samples]
anon = [int(s[2]) for s in samples if len(s) > 3]
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v or "")
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else None
total = re.search(r"(\d+) requests in", out)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
print(json.dumps({
    "passages": int(sys.argv[7]), "seconds": int(sys.argv[8]), "connections": int(sys.argv[9]),
    "requests": int(total.group(1)) if total else None,
    "requests_per_s": float(rps.group(1)) if rps else None,
    "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    "socket_errors": dict(zip(["connect", "read", "write", "timeout"], map(int, sock.groups())))
        if sock else {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    "p50_ms": ms(lat.get("50")), "p99_ms": ms(lat.get("99")),
    "rss_start_mib": round(int(sys.argv[2]) / 1024), "rss_end_mib": round(int(sys.argv[3]) / 1024),
    "rss_max_mib": round(max(rss) / 1024) if rss else None,
    "anon_first_mib": round(anon[0] / 1024) if anon else None,
    "anon_last_mib": round(anon[-1] / 1024) if anon else None,
    "anon_max_mib": round(max(anon) / 1024) if anon else None,
    "indexer_status": int(sys.argv[5]), "indexer_seconds": int(sys.argv[6]),
}))
PY
