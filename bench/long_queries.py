#!/usr/bin/env python3
"""Latency of long natural-language queries (10-12 words), end to end and for ranking alone,
beside plain Whoosh on the same index, in one run (#16).

    .venv/bin/python bench/long_queries.py --index-dir DIR [--repeat 5]

DIR is an index of the shared corpora (README, "The real corpora"). Measured, per query, the
median of --repeat warm runs (the searcher stays open, as in a service or the site builder):
- `search`: searcher.query.search as the CLI runs it (10 hits, snippets, facets, suggestion);
- `search100`: the same with 100 hits;
- `rank100`, `rank100+terms`: Whoosh ranking of the query's words (any of them, BM25F) for the
  top 100, without and with matched terms (`terms=True`, which searcher asked for before #16);
- `whoosh100`: plain Whoosh, its own MultifieldParser with the index's schema, top 100;
- `suggest`: the worst case of "did you mean", a query of 12 misspelt words.

Uses only APIs that searcher had before #16 too, so the same script measures an older checkout
(PYTHONPATH=that/checkout) on an index that checkout built.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

QUERIES = [
    "russian forces shelled kharkiv overnight and civilians were killed in the strikes",
    "what did the ukrainian counteroffensive achieve near izyum and kupiansk in september",
    "air strikes by the syrian government on rebel held areas of aleppo",
    "how many people were killed in the chemical attack in eastern ghouta",
    "western sanctions against russia and their effect on gas prices in europe",
    "the battle for bakhmut and the role of the wagner group mercenaries",
    "ukrainian grain exports through the black sea ports after the blockade ended",
    "negotiations between russia and ukraine in turkey about a possible ceasefire agreement",
    "refugees fleeing the fighting crossed the border into poland and moldova",
    "having been shelled for weeks the city of mariupol was finally taken",
    "the zaporizhzhia nuclear power plant was being shelled according to the iaea",
    "turkish backed forces advanced on afrin while kurdish fighters withdrew east",
]
MISSPELT = "rusian forcess shellled kharkif overnigt civillians kiled strikse ukranian counterofensive izyom kupyansk"


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from whoosh import qparser

    import searcher
    from searcher import query as q

    index_dir = args.index_dir
    start = time.perf_counter()
    first = q.search(index_dir, QUERIES[0])
    cold = time.perf_counter() - start
    ix, s = q._open_searcher(index_dir)
    any_word = qparser.MultifieldParser(["title", "body"], ix.schema, group=qparser.OrGroup)
    print(f"searcher at {Path(searcher.__file__).parent}, {s.doc_count()} documents")
    print(f"first search in a new process (opens the index): {cold * 1000:.0f} ms ({first.total} hits)")
    rows = []
    for text in QUERIES:
        assert 10 <= len(text.split()) <= 13, text
        row = {"words": len(text.split())}
        ranked = any_word.parse(text)
        runs = {
            "search": lambda text=text: q.search(index_dir, text),
            "search100": lambda text=text: q.search(index_dir, text, limit=100),
            "rank100": lambda ranked=ranked: list(s.search(ranked, limit=100)),
            "rank100+terms": lambda ranked=ranked: list(s.search(ranked, limit=100, terms=True)),
            "whoosh100": lambda text=text: list(s.search(any_word.parse(text), limit=100)),
        }
        results = {}
        for name, run in runs.items():
            row[name], results[name] = timed(run, args.repeat)
        row["hits"], row["suggestion"] = results["search"].total, results["search"].suggestion
        rows.append(row)
    columns = ["search", "search100", "rank100", "rank100+terms", "whoosh100"]
    print(f"{'query':<48} hits " + " ".join(f"{c:>13}" for c in columns) + "  (ms)")
    for text, row in zip(QUERIES, rows, strict=True):
        cells = " ".join(f"{row[c] * 1000:13.1f}" for c in columns)
        print(f"{text[:48]:<48} {row['hits']:>4} {cells}")
        if row["suggestion"]:
            print(f"{'':<48}      did you mean: {row['suggestion']}")
    for c in columns:
        values = [r[c] * 1000 for r in rows]
        print(f"{c:>14}: median {statistics.median(values):7.1f} ms, max {max(values):7.1f} ms")
    worst, res = timed(lambda: q.search(index_dir, MISSPELT), args.repeat)
    print(f"12 misspelt words, end to end: {worst * 1000:.1f} ms; suggestion: {res.suggestion}")
    worst, _ = timed(lambda: q.suggest(s, MISSPELT), args.repeat)
    print(f"  of which suggest(): {worst * 1000:.1f} ms")


if __name__ == "__main__":
    main()
