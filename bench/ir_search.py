#!/usr/bin/env python3
"""Pasted questions, end to end (#13): nDCG@10, recall@100 and latency per query of
`searcher.query.search` as a user gets it (every word required, else ranked by the words held:
the default; and --any-word), beside plain Whoosh (StemmingAnalyzer, BM25F, any word) and
SQLite FTS5 (porter, bm25(), any word), all in the same run, on the Cranfield collection.

    .venv/bin/python bench/ir_search.py --collection DIR [--runs 3]

DIR holds cran.all.1400, cran.qry and cranqrel (see bench/ir_eval.py, which reads them).
Latency: each engine's first page of 10 with what it shows (searcher: snippets and facet
counts; Whoosh: highlights; FTS5: snippet()), median over the queries of the best of `runs`.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ir_eval import ndcg, read_cranfield  # noqa: E402


def recall(ranked: list[str], gains: dict[str, int], k: int = 100) -> float:
    relevant = {d for d, g in gains.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def timed(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def engine_searcher(folder: Path, docs: dict, words: str):
    from searcher.indexer import build_index
    from searcher.query import search

    corpus = folder / "corpus"
    corpus.mkdir()
    ids = list(docs)
    with (corpus / "cran.jsonl").open("w", encoding="utf-8") as f:
        for doc_id in ids:
            rec = docs[doc_id]
            f.write(json.dumps({"title": " ".join(rec.get("T", "").split()), "body": rec.get("W", "")}) + "\n")
    build_index([corpus], folder / "index", jobs=1)
    index = folder / "index"
    by_key = {f"line {n}": doc_id for n, doc_id in enumerate(ids, start=1)}

    def ranked(text: str, k: int) -> list[str]:
        try:
            return [by_key[h.key] for h in search(index, text, limit=k, words=words).hits]
        except Exception:  # noqa: BLE001 - a question of common words only: nothing found
            return []

    return ranked


def engine_whoosh(folder: Path, docs: dict):
    from whoosh import fields, index, qparser
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )
    ix = index.create_in(str(folder), schema)
    with ix.writer(limitmb=256) as writer:
        for doc_id, rec in docs.items():
            writer.add_document(id=doc_id, title=" ".join(rec.get("T", "").split()), body=rec.get("W", ""))
    searcher = ix.searcher()
    parser = qparser.MultifieldParser(["title", "body"], ix.schema, group=qparser.OrGroup)

    def ranked(text: str, k: int) -> list[str]:
        hits = searcher.search(parser.parse(text), limit=k)
        if k <= 10:
            for hit in hits:
                hit.highlights("body")
        return [hit["id"] for hit in hits]

    return ranked


def engine_fts5(folder: Path, docs: dict):
    con = sqlite3.connect(folder / "fts.sqlite")
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')")
    with con:
        for doc_id, rec in docs.items():
            con.execute(
                "INSERT INTO docs VALUES (?, ?, ?)", (doc_id, " ".join(rec.get("T", "").split()), rec.get("W", ""))
            )

    def ranked(text: str, k: int) -> list[str]:
        words = re.findall(r"\w+", text.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = con.execute(
            "SELECT id, snippet(docs, 2, '[', ']', '…', 12) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
            (match, k),
        ).fetchall()
        return [r[0] for r in rows]

    return ranked


def evaluate(name: str, ranked, queries, qrels, runs: int) -> dict:
    ndcgs, recalls, times, empty = [], [], [], 0
    for text in queries[:3]:
        ranked(text, 10)  # warm up: imports, caches, first reads of the index files
    for n, text in enumerate(queries, start=1):
        gains = qrels.get(n)
        if not gains or not any(gains.values()):
            continue
        top = ranked(text, 100)
        empty += not top
        ndcgs.append(ndcg(top, gains))
        recalls.append(recall(top, gains))
        times.append(timed(lambda t=text: ranked(t, 10), runs))
    return {
        "engine": name,
        "queries": len(ndcgs),
        "nothing found": empty,
        "nDCG@10": statistics.mean(ndcgs),
        "recall@100": statistics.mean(recalls),
        "median ms": 1000 * statistics.median(times),
        "mean ms": 1000 * statistics.mean(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=0, help="only the first N queries (0: all)")
    args = parser.parse_args()
    docs, queries, qrels = read_cranfield(args.collection)
    if args.queries:
        queries = queries[: args.queries]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in [
            ("searcher (default: all words, else by words held)", lambda f: engine_searcher(f, docs, "auto")),
            ("searcher --any-word", lambda f: engine_searcher(f, docs, "any")),
            ("searcher --all-words", lambda f: engine_searcher(f, docs, "all")),
            ("plain Whoosh (BM25F, any word)", lambda f: engine_whoosh(f, docs)),
            ("SQLite FTS5 (bm25, any word)", lambda f: engine_fts5(f, docs)),
        ]:
            folder = Path(tmp) / re.sub(r"\W+", "-", name)
            folder.mkdir()
            rows.append(evaluate(name, make(folder), queries, qrels, args.runs))
            print(f"  done: {name}", file=sys.stderr)
    print(f"Cranfield: {len(docs)} documents, {rows[0]['queries']} judged queries")
    print(f"{'engine':<52}{'nDCG@10':>8}{'R@100':>8}{'median ms':>11}{'mean ms':>9}{'empty':>7}")
    for r in rows:
        print(
            f"{r['engine']:<52}{r['nDCG@10']:>8.4f}{r['recall@100']:>8.4f}"
            f"{r['median ms']:>11.1f}{r['mean ms']:>9.1f}{r['nothing found']:>7}"
        )


if __name__ == "__main__":
    main()
