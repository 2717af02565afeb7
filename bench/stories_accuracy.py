"""How well stories group copies: precision and recall over the labelled pairs (#15).

Reads every record of the corpora the pairs come from (../shared/corpora) with searcher's
readers, groups them as the story table does (searcher.stories.group_in_memory: the same
sketches, LSH bands and rule, over all records, so that chains of copies count), and checks
each labelled pair of tests/data/story_pairs.tsv: predicted "one story" when both records
fall in the same story.

    .venv/bin/python bench/stories_accuracy.py            # figures and the errors
    .venv/bin/python bench/stories_accuracy.py --quiet    # figures only
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
PAIRS = ROOT / "tests" / "data" / "story_pairs.tsv"


def read_pairs(path: Path = PAIRS) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_records(corpora: list[str]) -> dict[tuple[str, str, str], dict]:
    """{(corpus, file name, key): {id, body, date, outlet}} for every record of the corpora."""
    from searcher.readers import ReadOptions, find_files, read_file
    from searcher.records import Article

    records = {}
    for corpus in corpora:
        files, _ = find_files([CORPORA / corpus])
        for path in files:
            data = path.read_bytes()
            for item in read_file(path, data, hashlib.sha256(data).hexdigest(), ReadOptions()):
                if isinstance(item, Article):
                    records[(corpus, path.name, item.key)] = {
                        "id": f"{corpus}/{path.name}/{item.key}",
                        "body": item.body,
                        "date": item.date,
                        "title": item.title,
                    }
    return records


def evaluate(pairs: list[dict], records: dict) -> dict:
    from searcher.stories import group_in_memory

    started = time.perf_counter()
    stories = group_in_memory((r["id"], r["body"], r["date"]) for r in records.values())
    seconds = time.perf_counter() - started
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    errors = []
    for pair in pairs:
        a = records[(pair["corpus_a"], pair["file_a"], pair["key_a"])]["id"]
        b = records[(pair["corpus_b"], pair["file_b"], pair["key_b"])]["id"]
        predicted = a in stories and stories.get(a) == stories.get(b)
        actual = pair["label"] == "1"
        counts[
            {(True, True): "tp", (True, False): "fp", (False, True): "fn", (False, False): "tn"}[(predicted, actual)]
        ] += 1
        if predicted != actual:
            errors.append((pair, predicted))
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return {
        **counts,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "records": len(records),
        "grouped": len(stories),
        "stories": len(set(stories.values())),
        "group_seconds": seconds,
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--cache", type=Path, help="keep the records read in this pickle (for tuning)")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"skipped: no corpora at {CORPORA}")
        return 0
    pairs = read_pairs()
    corpora = sorted({p["corpus_a"] for p in pairs} | {p["corpus_b"] for p in pairs})
    if args.cache and args.cache.is_file():
        records = pickle.loads(args.cache.read_bytes())
    else:
        records = read_records(corpora)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(records))
    result = evaluate(pairs, records)
    if not args.quiet:
        for pair, predicted in result["errors"]:
            a = records[(pair["corpus_a"], pair["file_a"], pair["key_a"])]
            b = records[(pair["corpus_b"], pair["file_b"], pair["key_b"])]
            kind = "false copy" if predicted else "missed copy"
            print(f"{kind}: {a['id']} | {b['id']} ({pair['why']})")
            print(f"    {' '.join(a['body'].split())[:110]}")
            print(f"    {' '.join(b['body'].split())[:110]}")
    print(
        f"{len(pairs)} pairs ({result['tp'] + result['fn']} copies): precision {result['precision']:.3f}, "
        f"recall {result['recall']:.3f} (tp {result['tp']}, fp {result['fp']}, fn {result['fn']}, tn {result['tn']}); "
        f"{result['records']} records of {', '.join(corpora)}: {result['grouped']} in {result['stories']} stories, "
        f"grouped in {result['group_seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
