#!/usr/bin/env bash
# What a new user gets: a fresh venv with the pip that ships with Python (no upgrade), a plain
# `pip install .` (lower bounds, no lock), then `searcher index` over the 330 ISW pages, which
# must all be indexed. (pip 23.2.1, in Python 3.11, once left out a dependency of the HTML reader.)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${SEARCHER_CORPORA:-../shared/corpora}/isw"
if [ ! -d "$corpus" ]; then
  echo "test-install: skipped: $corpus not found (set SEARCHER_CORPORA or put ../shared beside the repo)"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"${PYTHON:-python3}" -m venv "$tmp/venv"
echo "test-install: $("$tmp/venv/bin/python" --version), $("$tmp/venv/bin/pip" --version | cut -d' ' -f1-2)"
PYTHONWARNINGS=ignore "$tmp/venv/bin/pip" install --quiet . 2> "$tmp/pip.log" || { cat "$tmp/pip.log"; exit 1; }
"$tmp/venv/bin/searcher" --version
out="$("$tmp/venv/bin/searcher" index "$corpus" --index-dir "$tmp/index" --strict)"
echo "$out"
if ! grep -q "^Indexed: 330 added, .* 0 skipped" <<< "$out"; then
  echo "test-install: FAILED: expected 330 ISW pages added and none skipped"
  exit 1
fi
echo "test-install: passed"
