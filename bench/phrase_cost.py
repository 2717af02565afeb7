#!/usr/bin/env python3
"""What exact phrases cost (#13): the latency of phrase queries with stop words, through
`searcher.query.search` (first page, snippets, facet counts), median of `--runs`.

    .venv/bin/python bench/phrase_cost.py --index-dir DIR [--runs 20]

Run it with this checkout and with an older one (PYTHONPATH=OLD_CHECKOUT) on the same index to
compare: the design keeps the index as it is (stop words are still not indexed; their
positions are gaps), so the index size does not change, and each candidate the gaps allow is
checked against its stored text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

PHRASES = [
    '"battle of bakhmut"',
    '"battle for bakhmut"',
    '"the city of kharkiv"',
    '"ministry of defence"',
    '"out of the question"',
    '"the Institute for the Study of War"',
    '"izyum"',
    '"russian forces"',
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from searcher.query import search

    print(f"{'phrase':<40}{'hits':>6}{'median ms':>11}")
    for phrase in PHRASES:
        search(args.index_dir, phrase)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            total = search(args.index_dir, phrase).total
            times.append(time.perf_counter() - start)
        print(f"{phrase:<40}{total:>6}{1000 * statistics.median(times):>11.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
