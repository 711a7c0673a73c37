#!/usr/bin/env bash
# OCR throughput, and what OCR costs papers that have a text layer.
#
#   benches/ocr.sh [--passages N] [--runs N] [--text DIR] [--before QUORUM_BINARY] [--work DIR]
#
# 1. Writes a generated archive of typed PDFs (`quorum gen --formats pdf`, --passages, default
#    300), makes a scanned copy of each (`examples/scan_pdf`: pages rendered at 200 dpi by
#    pdftoppm, stored in turn as grey, JPEG and 1-bit images), and indexes the scanned copies
#    twice: cold (every page read by Tesseract) and with --rebuild (every page from the cache).
#    Prints pages, seconds and pages per second for each.
# 2. Indexes --text (default ../shared/realworld, papers with text layers) with --rebuild,
#    --runs times each (default 3, the median printed), with OCR on and with --no-ocr, and,
#    given --before, with another quorum binary (for example one built from the commit before
#    OCR), interleaved so that the machine's drift touches each alike.
#
# Needs tesseract-ocr, tesseract-ocr-eng and poppler-utils (pdftoppm, pdfinfo).
set -euo pipefail
cd "$(dirname "$0")/.."

passages=300 runs=3 text=../shared/realworld before="" work="${TMPDIR:-/tmp}/quorum-ocr-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --passages) passages=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --text) text=$2; shift 2 ;;
    --before) before=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
  esac
done
for tool in tesseract pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils)" >&2; exit 2; }
done

cargo build --release --quiet --bin quorum --example scan_pdf
quorum=target/release/quorum
scan=target/release/examples/scan_pdf
rm -rf "$work"
mkdir -p "$work/typed" "$work/scanned"

seconds() { # command...: its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$quorum" gen --passages "$passages" --formats pdf --out "$work/typed" >/dev/null
pages=0
while IFS= read -r -d '' typed; do
  "$scan" "$typed" "$work/scanned/$(basename "$typed")" >/dev/null
  pages=$((pages + $(pdfinfo "$typed" | awk '/^Pages:/ { print $2 }')))
done < <(find "$work/typed" -name '*.pdf' -print0 | sort -z)
files=$(find "$work/scanned" -name '*.pdf' | wc -l)

cold=$(seconds "$quorum" index "$work/scanned" --index "$work/index")
warm=$(seconds "$quorum" index "$work/scanned" --index "$work/index" --rebuild)
echo "scanned archive: $files files, $pages pages, $(nproc) cores"
awk -v p="$pages" -v c="$cold" -v w="$warm" 'BEGIN {
  printf "  cold (Tesseract reads every page): %6.2f s  %6.2f pages/s\n", c, p / c
  printf "  again (--rebuild, from the cache): %6.2f s  %6.1f pages/s\n", w, p / w
}'

if [ -d "$text" ]; then
  : > "$work/on" ; : > "$work/off" ; : > "$work/before"
  for _ in $(seq "$runs"); do
    seconds "$quorum" index "$text" --index "$work/text-on" --rebuild >> "$work/on"; echo >> "$work/on"
    seconds "$quorum" index "$text" --index "$work/text-off" --rebuild --no-ocr >> "$work/off"; echo >> "$work/off"
    if [ -n "$before" ]; then
      seconds "$before" index "$text" --index "$work/text-before" --rebuild >> "$work/before"; echo >> "$work/before"
    fi
  done
  echo "papers with a text layer ($text), median of $runs:"
  echo "  OCR on:   $(median < "$work/on") s"
  echo "  --no-ocr: $(median < "$work/off") s"
  [ -n "$before" ] && echo "  before:   $(median < "$work/before") s ($before)"
fi
exit 0
