"""How many spellings of known places and people the engine brings to one place or one term.

    .venv/bin/python bench/spelling_coverage.py [--failures N] [--set ua|former|arabic|people]

Reads the hand-checked tables in tests/data (see tests/data/README.md):

- place_spellings_ua.tsv: every current spelling (official romanisation, press spelling,
  Ukrainian and Russian Cyrillic) and every former name of 239 Ukrainian places;
- arabic_places.tsv: Arabic forms of Syrian, Iraqi and Lebanese places, bare and with clitics;
- people_spellings.tsv: the spellings of 42 people.

For each place spelling it asks five questions, each a way a user meets the gazetteer:

- lookup: `gazetteer().lookup(spelling)` ranks the place first (`top`), or names it alone (`only`);
- --place: `place_ids(spelling)` (what `--place` filters on) is that place and no other;
- term: `analysis.terms(spelling)`, the index terms a query word becomes, equal the terms of the
  place's own name (so a search in one spelling finds texts in another), and no other row's;
- text: `extract_places` on "Reports from <spelling> on Monday." finds that place and no other
  (what `inspect` shows).

A spelling that the table marks `ambiguous` (GeoNames gives it to another place too) cannot name
one place alone: for those only `top` and `term` are counted, in their own line. For people:
whether all of a person's spellings become the same index terms, and whether two people's do.
Nothing here needs an index or the corpora.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from searcher.analysis import terms
from searcher.enrich.places import Gazetteer, extract_places, gazetteer, place_ids

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
CHECKS = ("top", "only", "place", "term", "text")


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def split(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


def ambiguous_spellings(row: dict[str, str]) -> set[str]:
    """The spellings the table marks as also naming another place ('Odessa → Odessa, US.TX...')."""
    return {entry.split(" → ", 1)[0] for entry in split(row["ambiguous"])}


def expected_id(row: dict[str, str], gaz: Gazetteer) -> str | None:
    """The gazetteer entity a row means: its GeoNames id, else the place of that name in that
    oblast (the two places GeoNames cities500 lacks); None when the gazetteer lacks it."""
    if row["geonames_id"] and f"p:{row['geonames_id']}" in gaz.entities:
        return f"p:{row['geonames_id']}"
    for entity in gaz.lookup(row["name"]):
        region = gaz.region_of(entity)
        if entity.country == row["country"] and region and region.name == row["oblast"]:
            return entity.id
    return None


def check_spelling(spelling: str, expected: str | None, own_terms: list[str], other_terms: set, gaz) -> dict:
    """The five answers for one spelling, with what the engine gave where it is wrong."""
    found = [e.id for e in gaz.lookup(spelling)]
    place = [i for i in place_ids(spelling, gaz) if not i.startswith("n:")]
    spelled = terms(spelling)
    in_text = [p.id for p in extract_places(f"Reports from {spelling} on Monday.", gaz)]
    ok = {
        "top": bool(found) and found[0] == expected,
        "only": found == [expected],
        "place": place == [expected],
        "term": expected is not None and spelled == own_terms and tuple(spelled) not in other_terms,
        "text": in_text == [expected],
    }
    if expected is None:
        term = f"{spelled}: the place is not in the gazetteer"
    elif spelled != own_terms:
        term = f"{spelled} want {own_terms}"
    else:
        term = f"{spelled}, also another row's"
    got = {"top": found[:4], "only": found[:4], "place": place[:4], "term": term, "text": in_text[:4]}
    return {"ok": ok, "got": got}


def place_results(rows: list[dict[str, str]], column: str, gaz: Gazetteer) -> list[dict]:
    """One result per spelling (column 'spellings' or 'former') of every row."""
    own_terms = {r["name"]: terms(r["name"]) for r in rows}
    results = []
    for row in rows:
        expected = expected_id(row, gaz)
        others = {tuple(t) for name, t in own_terms.items() if name != row["name"] and t != own_terms[row["name"]]}
        marked = ambiguous_spellings(row)
        for spelling in split(row[column]):
            result = check_spelling(spelling, expected, own_terms[row["name"]], others, gaz)
            result.update(place=row["name"], spelling=spelling, expected=expected, ambiguous=spelling in marked)
            results.append(result)
    return results


def arabic_results(rows: list[dict[str, str]], gaz: Gazetteer) -> list[dict]:
    own_terms = {r["english"]: terms(r["english"]) for r in rows}
    results = []
    for row in rows:
        others = {tuple(t) for name, t in own_terms.items() if name != row["english"]}
        bare = _bare_forms(split(row["arabic_forms"]))
        counts = dict(zip(split(row["arabic_forms"]), split(row["count_in_corpus"]), strict=True))
        for form in split(row["arabic_forms"]):
            result = check_spelling(form, row["gazetteer_id"], own_terms[row["english"]], others, gaz)
            result.update(place=row["english"], spelling=form, expected=row["gazetteer_id"], ambiguous=False)
            result["clitic"] = form not in bare
            result["records"] = int(counts.get(form, 0))
            results.append(result)
    return results


_PREFIXES = ("وب", "ول", "فب", "فل", "و", "ب", "ل", "ف", "ك")


def _bare_forms(forms: list[str]) -> set[str]:
    """The forms without a clitic: a form is a prefix (و ب ل ف ك or a pair) before another
    form of the row, with ل + ال written لل ('للرقة' is ل + 'الرقة')."""

    def with_clitic(form: str) -> bool:
        for prefix in _PREFIXES:
            rest = form[len(prefix) :]
            if form.startswith(prefix) and rest and (rest in forms or (prefix[-1] == "ل" and "ا" + rest in forms)):
                return True
        return False

    return {f for f in forms if not with_clitic(f)}


def people_results(rows: list[dict[str, str]]) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """Per person: the index terms of each spelling, and whether they are all one; and the pairs
    of people some of whose spellings become the same terms (merged)."""
    results, owner = [], {}
    merged = []
    for row in rows:
        spelled = {s: tuple(terms(s)) for s in split(row["spellings"])}
        first = next(iter(spelled.values()))
        results.append(
            {
                "person": row["canonical"],
                "spellings": spelled,
                "meet": len(set(spelled.values())) == 1,
                "meeting_first": sum(t == first for t in spelled.values()),
            }
        )
        for s, t in spelled.items():
            if t in owner and owner[t][0] != row["canonical"]:
                merged.append((owner[t][0], row["canonical"], " ".join(t)))
            owner.setdefault(t, (row["canonical"], s))
    return results, merged


def share(results: list[dict], check: str) -> str:
    n = len(results)
    k = sum(r["ok"][check] for r in results)
    return f"{k}/{n} ({k / n:.1%})" if n else "-"


def print_place_table(title: str, groups: dict[str, list[dict]]) -> None:
    print(f"\n## {title}\n")
    print("| spellings | n | lookup top | lookup only | --place | index term | in text |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, results in groups.items():
        cells = [share(results, c) for c in CHECKS]
        if label.startswith("ambiguous"):
            cells = [cells[0], "n/a", "n/a", cells[3], "n/a"]
        print(f"| {label} | {len(results)} | " + " | ".join(cells) + " |")


def print_failures(title: str, results: list[dict], limit: int) -> None:
    checks = CHECKS
    failing = [r for r in results if not all(r["ok"][c] for c in _counted(r, checks))]
    print(f"\n### Failures: {title} ({len(failing)} spellings)\n")
    for r in failing[:limit]:
        wrong = [c for c in _counted(r, checks) if not r["ok"][c]]
        detail = "; ".join(f"{c}={r['got'][c]}" for c in wrong if c != "only" or "top" not in wrong)
        mark = " (ambiguous)" if r["ambiguous"] else ""
        print(f"- {r['place']} [{r['expected']}] '{r['spelling']}'{mark}: {', '.join(wrong)}: {detail}")
    if len(failing) > limit:
        print(f"- ... {len(failing) - limit} more (--failures N to see them)")


def _counted(result: dict, checks) -> tuple[str, ...]:
    return ("top", "term") if result["ambiguous"] else checks


def place_groups(results: list[dict], label: str) -> dict[str, list[dict]]:
    return {
        f"{label}, all": results,
        f"{label}, unambiguous": [r for r in results if not r["ambiguous"]],
        f"ambiguous (marked), {label}": [r for r in results if r["ambiguous"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=10_000, help="list at most N failures per set")
    parser.add_argument("--set", choices=("ua", "former", "arabic", "people"), action="append")
    args = parser.parse_args(argv)
    wanted = set(args.set or ("ua", "former", "arabic", "people"))
    gaz = gazetteer()
    ua_rows = read_tsv("place_spellings_ua.tsv")
    missing = [r["name"] for r in ua_rows if expected_id(r, gaz) is None]
    print(f"# Spelling coverage\n\nUkrainian places: {len(ua_rows)}; not in the gazetteer: {len(missing)} {missing}")

    if "ua" in wanted:
        ua = place_results(ua_rows, "spellings", gaz)
        by_kind = _by_script(ua)
        print_place_table("Ukrainian places, current spellings", place_groups(ua, "current") | by_kind)
        complete = sum(
            all(r["ok"][c] for r in ua if r["place"] == row["name"] for c in _counted(r, CHECKS)) for row in ua_rows
        )
        print(f"\nPlaces all of whose current spellings pass every check: {complete}/{len(ua_rows)}")
    if "former" in wanted:
        former = place_results(ua_rows, "former", gaz)
        print_place_table("Ukrainian places, former names", place_groups(former, "former"))
    if "arabic" in wanted:
        arabic = arabic_results(read_tsv("arabic_places.tsv"), gaz)
        print_place_table(
            "Arabic place forms",
            {
                "bare": [r for r in arabic if not r["clitic"]],
                "with clitics": [r for r in arabic if r["clitic"]],
                "all": arabic,
            },
        )
        weight = sum(r["records"] for r in arabic)
        found = sum(r["records"] for r in arabic if r["ok"]["top"])
        print(
            f"\nWeighted by the records of ar_unifiedfc that hold each form: {found}/{weight} ({found / weight:.1%}) found by lookup"
        )
    if "people" in wanted:
        people, merged = people_results(read_tsv("people_spellings.tsv"))
        spellings = sum(len(p["spellings"]) for p in people)
        print("\n## People\n")
        print(f"- people whose spellings all become one index term: {sum(p['meet'] for p in people)}/{len(people)}")
        print(
            f"- spellings whose terms equal the person's first spelling's: "
            f"{sum(p['meeting_first'] for p in people)}/{spellings}"
        )
        print(f"- pairs of people merged (a spelling of each becomes the same terms): {len(merged)} {merged}")

    if "ua" in wanted:
        print_failures("Ukrainian places, current spellings", ua, args.failures)
    if "former" in wanted:
        print_failures("Ukrainian places, former names", former, args.failures)
    if "arabic" in wanted:
        print_failures("Arabic place forms", arabic, args.failures)
    if "people" in wanted:
        print(f"\n### People whose spellings do not meet ({sum(not p['meet'] for p in people)})\n")
        for p in [p for p in people if not p["meet"]][: args.failures]:
            groups = Counter(p["spellings"].values())
            print(f"- {p['person']}: {len(groups)} different terms: " + "; ".join(" ".join(t) for t in groups))
    return 0


def _by_script(results: list[dict]) -> dict[str, list[dict]]:
    """Unambiguous current spellings by kind: Latin, Ukrainian Cyrillic, Russian Cyrillic
    (a Cyrillic spelling with і ї є ґ is Ukrainian; the others are counted as Russian, which
    also holds the spellings both languages share)."""
    plain = [r for r in results if not r["ambiguous"]]
    latin = [r for r in plain if r["spelling"].isascii() or not _cyrillic(r["spelling"])]
    ukrainian = [r for r in plain if _cyrillic(r["spelling"]) and set(r["spelling"].lower()) & set("іїєґ")]
    russian = [r for r in plain if _cyrillic(r["spelling"]) and not set(r["spelling"].lower()) & set("іїєґ")]
    return {
        "unambiguous, Latin": latin,
        "unambiguous, Ukrainian Cyrillic": ukrainian,
        "unambiguous, other Cyrillic": russian,
    }


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


if __name__ == "__main__":
    sys.exit(main())
