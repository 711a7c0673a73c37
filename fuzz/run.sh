#!/usr/bin/env bash
# Run one fuzz target for a while at the lowest CPU priority, with the options used for the
# figures in docs/RELIABILITY.md, and keep libFuzzer's log in fuzz/logs/.
#
#   fuzz/run.sh TARGET [SECONDS]      (default 1800: the 30 minutes issue 7 asks for)
#
# Run fuzz/seed-corpus.sh first. Crashing inputs land in fuzz/artifacts/TARGET/.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
target="${1:?usage: run.sh TARGET [SECONDS]}"
seconds="${2:-1800}"

# Per-target options: a dictionary where one helps, and an input size that keeps runs fast.
case "$target" in
  extract_pdf) extra=(-dict="$fuzz/dict/pdf.dict" -max_len=262144) ;;
  extract_html) extra=(-dict="$fuzz/dict/html.dict" -max_len=65536) ;;
  extract_text) extra=(-max_len=16384) ;;
  understand) extra=(-max_len=16384) ;;
  query) extra=(-dict="$fuzz/dict/query.dict" -max_len=1200) ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac

mkdir -p "$fuzz/logs" "$fuzz/corpus/$target"
log="$fuzz/logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
cd "$fuzz"
# -timeout: an input taking over FUZZ_TIMEOUT seconds (default 10; the worker's limit is 30 s)
# is a finding. On a machine shared with other heavy jobs, a stall can exceed 10 s on its own:
# replay any timeout alone before calling it a finding. -rss_limit_mb mirrors the worker's
# 1 GiB memory limit.
nice -n 19 cargo +nightly fuzz run --sanitizer none "$target" -- \
  -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=1024 -print_final_stats=1 \
  "${extra[@]}" ${FUZZ_EXTRA:-} 2>&1 | tee "$log"
echo "log: $log"
