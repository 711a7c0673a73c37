#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seed inputs before a run. Safe to re-run: it only adds files.
#
# Seeds come from three places:
#   fuzz/seeds/<target>/           small inputs written for fuzzing (committed);
#   corpus/, tests/fixtures/       the project's sample papers, cut into pieces of at most 8 KB
#                                  (libFuzzer works best on small inputs);
#   ../shared/realworld/           real committee HTML and PDFs, when that folder exists. They
#                                  are copied at run time only: never commit them (they name
#                                  real people; see ../shared/realworld/SOURCES.md). PDFs also
#                                  get an uncompressed copy (examples/inflate_pdfs.rs) so that
#                                  mutations reach the content streams.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"
realworld="${QUORUM_REALWORLD:-$root/../shared/realworld}"
corpus="$fuzz/corpus"

for target in extract_pdf extract_html extract_text understand query; do
  mkdir -p "$corpus/$target"
  if [ -d "$fuzz/seeds/$target" ]; then
    find "$fuzz/seeds/$target" -maxdepth 1 -type f ! -name '*.py' -exec cp -n {} "$corpus/$target/" \;
  fi
done

# Sample papers, in pieces, for the text and understanding targets.
pieces="$(mktemp -d)"
trap 'rm -rf "$pieces"' EXIT
for paper in "$root"/corpus/*.txt "$root"/tests/fixtures/understand/*.txt; do
  [ -f "$paper" ] || continue
  split -C 8K -d -a 3 --additional-suffix=.txt "$paper" "$pieces/$(basename "$paper" .txt)-"
done
cp -n "$pieces"/*.txt "$corpus/extract_text/"
cp -n "$pieces"/*.txt "$corpus/understand/"

if [ -d "$realworld" ]; then
  # HTML up to 64 KB, whole.
  find "$realworld" -type f \( -name '*.html' -o -name '*.htm' \) -size -64k -print0 |
    while IFS= read -r -d '' page; do
      cp -n "$page" "$corpus/extract_html/$(basename "$page" | tr ' ' '_')"
    done
  # PDFs up to 100 KB, as they are and inflated (inflated copies over 256 KB are dropped).
  pdfs=()
  while IFS= read -r -d '' pdf; do pdfs+=("$pdf"); done < <(
    find "$realworld" -type f -name '*.pdf' -size -100k -print0)
  for pdf in "${pdfs[@]}"; do
    cp -n "$pdf" "$corpus/extract_pdf/$(basename "$pdf" | tr ' ' '_')"
  done
  if [ ${#pdfs[@]} -gt 0 ]; then
    inflated="$(mktemp -d)"
    (cd "$fuzz" && cargo run --quiet --release --example inflate_pdfs -- "$inflated" "${pdfs[@]}")
    find "$inflated" -type f -size -256k -print0 |
      while IFS= read -r -d '' pdf; do
        cp -n "$pdf" "$corpus/extract_pdf/$(basename "$pdf" | tr ' ' '_')"
      done
    rm -rf "$inflated"
  fi
else
  echo "note: $realworld not found; seeding without real-world files" >&2
fi

for target in extract_pdf extract_html extract_text understand query; do
  echo "$target: $(find "$corpus/$target" -type f | wc -l) seeds"
done
