#!/usr/bin/env python3
"""Ranking quality on a public IR test collection with relevance judgements: nDCG@10 of
searcher's analysis and BM25F for several title weights (`field_boost` of the title field),
beside plain Whoosh (its StemmingAnalyzer) on the same collection (#16).

    .venv/bin/python bench/ir_eval.py --collection DIR [--boosts 1,1.5,2,3]
    .venv/bin/python bench/ir_eval.py --resistinua ../shared/corpora/uk_resistinua/resistinua_en.jsonl

DIR holds the Cranfield collection in its usual files: cran.all.1400 (documents: .I id, .T
title, .A, .B, .W abstract), cran.qry (225 queries: .I, .W) and cranqrel (query number, its
ordinal in cran.qry, document id, relevance code 1-4, or -1). The collection is public (Cleverdon,
Cranfield 1960s; copies in many public repositories) and is not part of this repository.

--resistinua: the English items of the shared uk_resistinua corpus, judged by its author's topic
tags (bench/resistinua_topics.tsv: each topic and an English query for it; relevant = tagged).
Weaker than Cranfield's judgements (tags, not relevance), but news-like text with titles.

Gains for nDCG: code 1 (complete answer) 4, 2 -> 3, 3 -> 2, 4 (minimum interest) -> 1, -1 -> 0.
Queries are parsed with searcher's own query parsing, any word matching (a user's pasted
sentence would require every word, which finds nothing for most of these questions). The
difference of each weight from the first one is tested with a paired randomisation test
(sign flips of the per-query differences, 10,000 rounds): p below 0.05 is marked "*".
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def read_records(path: Path) -> dict[str, dict[str, str]]:
    """Records of a SMART-format file: {id: {field letter: text}}."""
    records: dict[str, dict[str, str]] = {}
    current, field = None, None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"\.([ITABW])\b ?(.*)", line)
        if m and (m.group(1) != "I" or m.group(2).strip()):
            if m.group(1) == "I":
                current = records.setdefault(m.group(2).strip(), {})
                field = None
            else:
                field = m.group(1)
                current.setdefault(field, "")
            continue
        if current is not None and field:
            current[field] += line + "\n"
    return records


def read_cranfield(folder: Path):
    # Documents 1-1400: some public copies append a few of their own.
    docs = {k: v for k, v in read_records(folder / "cran.all.1400").items() if k.isdigit() and int(k) <= 1400}
    queries = [r.get("W", "").strip() for r in read_records(folder / "cran.qry").values()]
    qrels: dict[int, dict[str, int]] = {}
    for line in (folder / "cranqrel").read_text().split("\n"):
        parts = line.split()
        if len(parts) == 3:
            code = int(parts[2])
            qrels.setdefault(int(parts[0]), {})[parts[1]] = 5 - code if 1 <= code <= 4 else 0
    return docs, queries, qrels


def read_resistinua(path: Path):
    """Documents, queries and judgements from the corpus's topic tags (see the module docstring)."""
    import json

    table = Path(__file__).with_name("resistinua_topics.tsv")
    topics = [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    docs, qrels = {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        docs[item["id"]] = {"T": item.get("title") or "", "W": item.get("body") or ""}
        for n, (topic, _) in enumerate(topics, start=1):
            if topic in (item.get("topics") or []):
                qrels.setdefault(n, {})[item["id"]] = 1
    return docs, [query for _, query in topics], qrels


def build(folder: Path, docs, analyzer, title_boost: float):
    from whoosh import fields, index

    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, field_boost=title_boost),
        body=fields.TEXT(analyzer=analyzer),
    )
    ix = index.create_in(str(folder), schema)
    with ix.writer(limitmb=256) as writer:
        for doc_id, rec in docs.items():
            writer.add_document(id=doc_id, title=" ".join(rec.get("T", "").split()), body=rec.get("W", ""))
    return ix


def ndcg(ranked: list[str], gains: dict[str, int], k: int = 10) -> float:
    dcg = sum(gains.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def run(ix, queries, qrels, parse) -> list[float]:
    scores = []
    with ix.searcher() as s:
        for n, text in enumerate(queries, start=1):
            gains = qrels.get(n)
            if not gains or not any(gains.values()):
                continue
            try:
                q = parse(text, ix.schema)
            except Exception:  # noqa: BLE001 - a question of stop words only: nothing found
                scores.append(0.0)
                continue
            ranked = [hit["id"] for hit in s.search(q, limit=10)]
            scores.append(ndcg(ranked, gains))
    return scores


def randomisation_p(a: list[float], b: list[float], rounds: int = 10_000) -> float:
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    observed = abs(sum(diffs))
    rng = random.Random(16)
    hits = sum(abs(sum(d if rng.random() < 0.5 else -d for d in diffs)) >= observed - 1e-12 for _ in range(rounds))
    return (hits + 1) / (rounds + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", type=Path, help="folder with cran.all.1400, cran.qry, cranqrel")
    parser.add_argument("--resistinua", type=Path, help="resistinua_en.jsonl of the shared corpora")
    parser.add_argument("--boosts", default="1,1.5,2,3", help="title weights to compare, the first is the reference")
    args = parser.parse_args()
    if args.resistinua is not None:
        if not args.resistinua.is_file():
            sys.exit(f"Error: no file {args.resistinua}; give resistinua_en.jsonl of the shared corpora")
    elif args.collection is None or not (args.collection / "cran.all.1400").is_file():
        sys.exit(f"Error: no cran.all.1400 in {args.collection}; give the folder of the Cranfield collection")

    from whoosh import qparser
    from whoosh.analysis import StemmingAnalyzer

    from searcher.analysis import text_analyzer
    from searcher.query import parse_query

    def searcher_parse(text, schema):
        return parse_query(text, schema, group=qparser.OrGroup)

    def whoosh_parse(text, schema):
        return qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup).parse(text)

    if args.resistinua is not None:
        docs, queries, qrels = read_resistinua(args.resistinua)
    else:
        docs, queries, qrels = read_cranfield(args.collection)
    print(f"{len(docs)} documents, {len(queries)} queries, {len(qrels)} judged")
    boosts = [float(b) for b in args.boosts.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, analyzer, parse, weights in [
            ("searcher", text_analyzer(), searcher_parse, boosts),
            ("whoosh StemmingAnalyzer", StemmingAnalyzer(), whoosh_parse, boosts[:1] + [2.0]),
        ]:
            for boost in weights:
                folder = Path(tmp) / f"{label.split()[0]}-{boost}"
                folder.mkdir()
                start = time.perf_counter()
                ix = build(folder, docs, analyzer, boost)
                results[(label, boost)] = run(ix, queries, qrels, parse)
                print(
                    f"  built and ran {label}, title weight {boost}: {time.perf_counter() - start:.1f} s",
                    file=sys.stderr,
                )
    print(
        f"{'analysis':<26}{'title weight':>13}{'nDCG@10':>9}{'vs first':>10}{'p':>8}  (n={len(results[('searcher', boosts[0])])})"
    )
    for label in ("searcher", "whoosh StemmingAnalyzer"):
        reference = results[(label, boosts[0])]
        for (name, boost), scores in results.items():
            if name != label:
                continue
            delta = statistics.mean(scores) - statistics.mean(reference)
            p = randomisation_p(scores, reference) if scores is not reference else 1.0
            mark = "*" if p < 0.05 else ""
            print(f"{label:<26}{boost:>13.1f}{statistics.mean(scores):>9.4f}{delta:>+10.4f}{p:>8.4f}{mark}")


if __name__ == "__main__":
    main()
