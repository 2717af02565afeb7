"""Precision and recall of place extraction on hand-labelled mentions (#3, #11).

Each label file (JSON Lines, as in tests/data/place_mentions*.jsonl) holds passages of real
articles with every place mention in them labelled by hand: offsets into `text`, the place
(the gazetteer's name, or the press spelling with "in_gazetteer": false), its kind, region and
country. `searcher.enrich.places.find_mentions` is run on each passage and its mentions are
matched as tests/test_places.py matches them: a found mention is right when it overlaps a
labelled one and names the same entity (same kind and country, and the same name, or a name
the label resolves to, or the same region for a spelling the gazetteer lacks). Every other
found mention is a false positive; every labelled mention that no right one found is a miss.

    .venv/bin/python bench/places_accuracy.py                 # all tests/data/place_mentions*.jsonl
    .venv/bin/python bench/places_accuracy.py tests/data/place_mentions_en.jsonl --errors
    .venv/bin/python bench/places_accuracy.py --by-corpus

The label files are checked first (offsets must index the surface in the text, mentions must
not overlap); a bad label stops the run with the line that is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searcher.enrich.places import find_mentions, gazetteer, name_key  # noqa: E402

DATA = REPO / "tests" / "data"
# The kinds a found entity may have for each labelled kind ("area": Donbas, DNR, Crimea...).
KINDS = {
    "place": {"place"},
    "region": {"region"},
    "country": {"country"},
    "area": {"area", "place", "region", "country"},
}


def load_labels(path: Path) -> list[dict]:
    """The passages of one label file, after checking every offset."""
    passages = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        passage = json.loads(line)
        problem = label_problem(passage)
        if problem:
            raise SystemExit(f"Error: {path.name} line {number} ({passage.get('id')}): {problem}; fix the label")
        passages.append(passage)
    return passages


def label_problem(passage: dict) -> str:
    """What is wrong with a passage's labels, or ''."""
    text = passage["text"]
    for label in passage["mentions"] + passage.get("not_places", []):
        if text[label["start"] : label["end"]] != label["surface"]:
            return f"text[{label['start']}:{label['end']}] is {text[label['start'] : label['end']]!r}, not {label['surface']!r}"
    spans = sorted((m["start"], m["end"]) for m in passage["mentions"])
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            return f"mentions overlap at {start}"
    for label in passage["mentions"]:
        if label["kind"] not in KINDS:
            return f"unknown kind {label['kind']!r} for {label['surface']!r}"
    return ""


def agrees(entity, label: dict, gaz) -> bool:
    """Whether a found entity is the labelled place (the rule of tests/test_places.py)."""
    if entity.kind not in KINDS[label["kind"]] or entity.country != label["country"]:
        return False
    if name_key(entity.name) == name_key(label["place"]) or any(e.id == entity.id for e in gaz.resolve(label["place"])):
        return True
    region = gaz.region_of(entity)
    # A spelling the gazetteer lacks for the same town: the region must agree then.
    return (
        bool(label["region"])
        and region is not None
        and name_key(region.name) == name_key(label["region"])
        and not gaz.resolve(label["place"])
    )


def evaluate(passages: list[dict], gaz) -> tuple[int, int, int, list[tuple]]:
    """(true positives, false positives, misses, errors) over passages."""
    tp = fp = fn = 0
    errors = []
    for passage in passages:
        gold = passage["mentions"]
        found = set()
        for mention in find_mentions(passage["text"], gaz):
            if mention.entity is None:  # left unresolved: claims no place (a miss if labelled)
                continue
            overlapping = [g for g in gold if g["start"] < mention.end and mention.start < g["end"]]
            right = [g for g in overlapping if agrees(mention.entity, g, gaz)]
            if right:
                tp += 1
                found.add(id(right[0]))
                continue
            fp += 1
            region = gaz.region_of(mention.entity)
            found_as = f"{mention.entity.name} ({region.name + ', ' if region else ''}{mention.entity.country})"
            wanted = ", ".join(describe(g) for g in overlapping)
            errors.append(("wrong" if overlapping else "extra", passage["id"], mention.surface, found_as, wanted))
        for g in gold:
            if id(g) not in found:
                fn += 1
                errors.append(("missed", passage["id"], g["surface"], "", describe(g)))
    return tp, fp, fn, errors


def describe(label: dict) -> str:
    where = ", ".join(x for x in (label["region"], label["country"]) if x)
    unknown = " not in gazetteer" if label.get("in_gazetteer") is False else ""
    return f"{label['place']} ({where}){unknown}"


def line(name: str, tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return f"{name:<44} {tp + fn:>5} {precision:>9.3f} {recall:>7.3f} {tp:>5} {fp:>5} {fn:>5}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="label files (default: tests/data/place_mentions*.jsonl)")
    parser.add_argument("--errors", action="store_true", help="list the false positives and the misses")
    parser.add_argument("--by-corpus", action="store_true", help="a line per corpus within each file too")
    args = parser.parse_args(argv)
    files = args.files or sorted(DATA.glob("place_mentions*.jsonl"))
    for path in files:
        if not path.is_file():
            print(f"Error: no such label file: {path}; give a JSON Lines file of labelled passages", file=sys.stderr)
            return 2
    gaz = gazetteer()
    print(f"{'labels':<44} {'gold':>5} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>5} {'fn':>5}")
    total = [0, 0, 0]
    all_errors = []
    for path in files:
        passages = load_labels(path)
        tp, fp, fn, errors = evaluate(passages, gaz)
        print(line(f"{path.name} ({len(passages)} passages)", tp, fp, fn))
        if args.by_corpus:
            by_corpus = defaultdict(list)
            for passage in passages:
                by_corpus[passage["corpus"]].append(passage)
            for corpus, group in sorted(by_corpus.items()):
                print(line(f"  {corpus}", *evaluate(group, gaz)[:3]))
        total = [a + b for a, b in zip(total, (tp, fp, fn), strict=True)]
        all_errors += [(path.name, *e) for e in errors]
    if len(files) > 1:
        print(line("all", *total))
    if args.errors:
        print(f"\n{len(all_errors)} errors (file, kind, passage, surface, found, labelled):")
        for error in all_errors:
            print("  " + " | ".join(x for x in error if x))
    return 0


if __name__ == "__main__":
    sys.exit(main())
