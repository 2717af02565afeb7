"""Places named in inflected forms: uk_resistinua's tagged places found by extraction (#12).

    .venv/bin/python bench/inflected_places.py [CORPORA_DIR]

uk_resistinua tags each Ukrainian item with the settlements it mentions, in the nominative,
while the text inflects them («у Маріуполі», «до Харкова»). For the 15 most frequent tagged
settlements, counts the (item, settlement) pairs whose settlement extraction finds in the
item's title and body (an extracted place among the gazetteer's entities of the tagged name),
with the exact-name lookup only and with word forms (places.inflected_name_ids). Tags list
what the item is about; an item whose text does not name the place in any form counts as a
miss for both, so 100% is out of reach.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
TOP = 15


def pairs(corpora: Path) -> list[tuple[str, str]]:
    """(text, tagged name) for the items tagged with one of the TOP most frequent settlements."""
    items = [json.loads(line) for line in (corpora / "uk_resistinua" / "resistinua_uk.jsonl").open(encoding="utf-8")]
    counts = Counter(p for item in items for p in set(item["tagged_places"]))
    top = {name for name, _ in counts.most_common(TOP)}
    return [(f"{i['title']}\n{i['body']}", p) for i in items for p in sorted(set(i["tagged_places"]) & top)]


def found(data: list[tuple[str, str]]) -> tuple[int, float]:
    from searcher.enrich.places import extract_places, gazetteer

    gaz = gazetteer()
    hits = 0
    started = time.perf_counter()
    for text, name in data:
        wanted = {e.id for e in gaz.lookup(name)}
        hits += any(ref.id in wanted for ref in extract_places(text, gaz))
    return hits, time.perf_counter() - started


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPORA
    data = pairs(corpora)
    from searcher.enrich import places

    with_forms = found(data)
    hook, start = places.inflected_name_ids, places.inflected_start
    places.inflected_name_ids, places.inflected_start = (lambda key, gaz: None), (lambda key, gaz: False)
    exact = found(data)
    places.inflected_name_ids, places.inflected_start = hook, start
    print(f"{len(data)} tagged mentions of the {TOP} most frequent settlements\n")
    print("| lookup | found | share | seconds |")
    print("| --- | --- | --- | --- |")
    for label, (hits, seconds) in (("exact names", exact), ("with word forms", with_forms)):
        print(f"| {label} | {hits} | {hits / len(data):.3f} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
