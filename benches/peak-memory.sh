#!/usr/bin/env bash
# Run a command and report its peak memory: the largest RssAnon (heap and other private
# memory) and RssFile (memory-mapped files, such as the index's, which the kernel can drop)
# seen in /proc every 50 ms, and its wall time. Only the command's own process is counted,
# not its children (quorum's worker processes have their own limit, --worker-memory).
#
#   benches/peak-memory.sh quorum index CORPUS --index DIR
#
# With PEAK_TRACE=FILE, every sample is also written to FILE: seconds, RssAnon MiB, RssFile MiB.
set -uo pipefail
if [ $# -eq 0 ]; then
  sed -n '2,9p' "$0"
  exit 2
fi
start=$(date +%s.%N)
"$@" &
pid=$!
peak_anon=0
peak_file=0
while kill -0 "$pid" 2>/dev/null; do
  if read -r anon file < <(awk '/^RssAnon/{a=$2} /^RssFile/{f=$2} END{print a+0, f+0}' \
      "/proc/$pid/status" 2>/dev/null); then
    [ "$anon" -gt "$peak_anon" ] && peak_anon=$anon
    [ "$file" -gt "$peak_file" ] && peak_file=$file
    if [ -n "${PEAK_TRACE:-}" ]; then
      echo "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}') $((anon / 1024)) $((file / 1024))" >> "$PEAK_TRACE"
    fi
  fi
  sleep 0.05
done
wait "$pid"
rc=$?
end=$(date +%s.%N)
printf 'exit %d, %.1f s, peak RssAnon %d MiB, peak RssFile %d MiB\n' "$rc" \
  "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')" $((peak_anon / 1024)) $((peak_file / 1024)) >&2
exit "$rc"
