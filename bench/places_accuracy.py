"""Precision and recall of place extraction on hand-labelled mentions (#3, #11).

Each label file (JSON Lines, as in tests/data/place_mentions*.jsonl) holds passages of real
articles with every place mention in them labelled by hand: offsets into `text`, the place
(the gazetteer's name, or the press spelling with "in_gazetteer": false), its kind, region and
country. `searcher.enrich.places.find_mentions` is run on each passage and its mentions are
matched as tests/test_places.py matches them: a found mention is right when it overlaps a
labelled one and names the same entity (same kind and country, and the same name, or a name
the label resolves to, or the same region for a spelling the gazetteer lacks). Every other
found mention is a false positive; every labelled mention that no right one found is a miss.

That rule accepts a namesake: Nikopol of Kharkiv Oblast for Nikopol of Dnipropetrovsk Oblast.
The columns "in region" count a place as right only when its region is the labelled one too
(where the gazetteer knows the labelled region by that name).

    .venv/bin/python bench/places_accuracy.py                 # all tests/data/place_mentions*.jsonl
    .venv/bin/python bench/places_accuracy.py tests/data/place_mentions_en.jsonl --errors
    .venv/bin/python bench/places_accuracy.py --by-corpus
    .venv/bin/python bench/places_accuracy.py --errors --regions   # errors by the stricter rule
    .venv/bin/python bench/places_accuracy.py --check              # offsets only, no extraction

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


def agrees(entity, label: dict, gaz, regions: bool = False) -> bool:
    """Whether a found entity is the labelled place (the rule of tests/test_places.py); with
    `regions`, a labelled place's region must be the entity's region as well."""
    if entity.kind not in KINDS[label["kind"]] or entity.country != label["country"]:
        return False
    if regions and label["kind"] == "place" and not in_labelled_region(entity, label, gaz):
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


def in_labelled_region(entity, label: dict, gaz) -> bool:
    """Whether a place lies in the labelled region. A label whose region the gazetteer cannot
    name as a region ("District of Columbia", "Brussels-Capital Region") is not judged."""
    wanted = {e.id for e in gaz.resolve(label["region"]) if e.kind == "region"} if label["region"] else set()
    if not wanted:
        return True
    return entity.region in wanted


def evaluate(passages: list[dict], gaz, regions: bool = False) -> tuple[int, int, int, list[tuple]]:
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
            right = [g for g in overlapping if agrees(mention.entity, g, gaz, regions)]
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


def rates(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def line(name: str, counts: tuple[int, int, int], strict: tuple[int, int, int]) -> str:
    tp, fp, fn = counts
    precision, recall = rates(*counts)
    in_region = "{:>9.3f} {:>7.3f}".format(*rates(*strict))
    return f"{name:<44} {tp + fn:>5} {precision:>9.3f} {recall:>7.3f} {tp:>5} {fp:>5} {fn:>5}   {in_region}"


def measure(passages: list[dict], gaz) -> tuple[tuple, tuple, list, list]:
    """Counts by the test's rule and by the stricter one, and the errors of each."""
    *counts, errors = evaluate(passages, gaz)
    *strict, strict_errors = evaluate(passages, gaz, regions=True)
    return tuple(counts), tuple(strict), errors, strict_errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="label files (default: tests/data/place_mentions*.jsonl)")
    parser.add_argument("--errors", action="store_true", help="list the false positives and the misses")
    parser.add_argument("--by-corpus", action="store_true", help="a line per corpus within each file too")
    parser.add_argument("--regions", action="store_true", help="with --errors: list errors by the stricter rule")
    parser.add_argument("--check", action="store_true", help="only check the labels' offsets, and count them")
    args = parser.parse_args(argv)
    files = args.files or sorted(DATA.glob("place_mentions*.jsonl"))
    for path in files:
        if not path.is_file():
            print(f"Error: no such label file: {path}; give a JSON Lines file of labelled passages", file=sys.stderr)
            return 2
    if args.check:
        for path in files:
            passages = load_labels(path)
            mentions = sum(len(p["mentions"]) for p in passages)
            others = sum(len(p.get("not_places", [])) for p in passages)
            print(f"{path.name}: {len(passages)} passages, {mentions} mentions, {others} not-places: offsets right")
        return 0
    gaz = gazetteer()
    header = f"{'labels':<44} {'gold':>5} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>5} {'fn':>5}"
    print(f"{'':<44} {'':>5} {'':>9} {'':>7} {'':>5} {'':>5} {'':>5}   {'in region':^17}")
    print(f"{header}   {'precision':>9} {'recall':>7}")
    total, total_strict = [0, 0, 0], [0, 0, 0]
    all_errors = []
    for path in files:
        passages = load_labels(path)
        counts, strict, errors, strict_errors = measure(passages, gaz)
        print(line(f"{path.name} ({len(passages)} passages)", counts, strict))
        if args.by_corpus:
            by_corpus = defaultdict(list)
            for passage in passages:
                by_corpus[passage["corpus"]].append(passage)
            for corpus, group in sorted(by_corpus.items()):
                print(line(f"  {corpus}", *measure(group, gaz)[:2]))
        total = [a + b for a, b in zip(total, counts, strict=True)]
        total_strict = [a + b for a, b in zip(total_strict, strict, strict=True)]
        all_errors += [(path.name, *e) for e in (strict_errors if args.regions else errors)]
    if len(files) > 1:
        print(line("all", tuple(total), tuple(total_strict)))
    if args.errors:
        rule = "region checked" if args.regions else "the test's rule"
        print(f"\n{len(all_errors)} errors, by {rule} (file, kind, passage, surface, found, labelled):")
        for error in all_errors:
            print("  " + " | ".join(x for x in error if x))
    return 0


if __name__ == "__main__":
    sys.exit(main())
