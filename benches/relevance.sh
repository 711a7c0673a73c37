#!/usr/bin/env bash
# The relevance harness: quorum's ranking against plain BM25 (bare tantivy, English stemming,
# OR) on the judged queries of tests/relevance/judgments.json, over the seeds and
# ../shared/realworld. Prints success@5, MRR@10 and nDCG@10 per kind of query, side by side,
# then the queries quorum misses at 5 and those where BM25's first relevant hit comes sooner.
# docs/RELEVANCE.md records the figures; ranking changes are judged by them.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/realworld ]; then
  echo "relevance.sh needs ../shared/realworld beside the repository" >&2
  exit 2
fi
cargo test --release --locked --test relevance -- --nocapture 2>&1 \
  | sed -n '/^relevance over/,/^test /p' | sed '$d'
