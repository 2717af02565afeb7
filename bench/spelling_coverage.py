"""How many spellings of known places and people the engine brings to one place or one term.

    .venv/bin/python bench/spelling_coverage.py [--failures N] [--set ua|former|arabic|people] [--corpora [DIR]]

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
Nothing here needs an index or the corpora (about 3 seconds). With --corpora (default folder
../shared/corpora) it also counts the records of the shared corpora that hold each spelling as
written (nominative only; a count of records holding the word, not of place mentions:
"Volodymyr" is mostly Zelensky's first name), weighs the place checks by them, and says how many
of the records naming a person a query for the person's first spelling meets (about 40 seconds).
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from searcher.analysis import terms
from searcher.enrich.places import Gazetteer, extract_places, gazetteer, place_ids
from searcher.errors import UsageError

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
_TOKEN = re.compile(r"\w+(?:['’ʼ]\w+)*")
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
    place = _place_filter(spelling, gaz)
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


def _place_filter(spelling: str, gaz: Gazetteer) -> list[str]:
    """The gazetteer ids `--place spelling` filters on; a name that `--place` refuses as naming
    several places ('Yelenovka' names 4 places; say which: ...) is a failure, kept with its message."""
    try:
        return [i for i in place_ids(spelling, gaz) if not i.startswith("n:")]
    except UsageError as error:
        return [f"refused: {error}"]


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
    parser.add_argument(
        "--corpora",
        nargs="?",
        const=CORPORA,
        type=Path,
        help="also count the spellings in the shared corpora (default folder: ../shared/corpora)",
    )
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
        words = dict.fromkeys((w, p["person"]) for p in people for s in p["spellings"] for w in _words(s))
        as_places = [
            f"{word} ({person}) -> {gaz.lookup(word)[0].name}, {gaz.lookup(word)[0].country}"
            for word, person in words
            if gaz.lookup(word)
        ]
        print(
            f"- words of people's spellings the gazetteer takes for a place: {len(as_places)}: " + "; ".join(as_places)
        )

    if args.corpora:
        if not args.corpora.is_dir():
            print(f"\nCorpus counts skipped: no folder {args.corpora}")
        else:
            weighted = {
                "current spellings": ua if "ua" in wanted else [],
                "former names": former if "former" in wanted else [],
            }
            weighted = {k: v for k, v in weighted.items() if v}
            spellings = {r["spelling"] for rs in weighted.values() for r in rs}
            if "people" in wanted:
                spellings |= {s for p in people for s in p["spellings"]}
            holding = records_holding(spellings, args.corpora)
            if weighted:
                print_corpus_weights(weighted, holding, args.corpora)
            if "people" in wanted:
                print_people_weights(people, holding)
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


# With --corpora: how often reporting writes each spelling, and the checks weighted by it.


def corpus_texts(corpora: Path) -> Iterator[str]:
    """The title and text of every record of the shared corpora (ISW pages with their tags
    stripped: counting names does not need a clean text)."""
    for name, fields in {
        "nyt_guardian/Guardians_Russia_Ukraine.csv": ("headlines", "articles"),
        "nyt_guardian/NYT_Russia_Ukraine.csv": ("headlines", "articles"),
        "fakes/FA-KES-Dataset.csv": ("article_title", "article_content"),
    }.items():
        with (corpora / name).open(encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.DictReader(f):
                yield "\n".join(row[k] or "" for k in fields)
    for name in (
        "uk_resistinua/resistinua_uk.jsonl",
        "uk_resistinua/resistinua_en.jsonl",
        "ru_telegram/ru_telegram_news.jsonl",
        "ar_unifiedfc/unifiedfc_ar_docs.jsonl",
    ):
        with (corpora / name).open(encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                yield f"{record.get('title') or ''}\n{record.get('body') or ''}"
    for page in sorted((corpora / "isw").glob("*.html")):
        yield html.unescape(re.sub(r"<[^>]+>", " ", page.read_text("utf-8", errors="replace")))


def _words(text: str) -> list[str]:
    """Words as written: the three apostrophes stay apart, as the table's spellings do."""
    return _TOKEN.findall(text)


def records_holding(spellings: set[str], corpora: Path) -> dict[str, set[int]]:
    """The records (numbered in reading order) that hold each spelling as written: its words
    in sequence, the first one capitalised as in the table (so that 'Chop' is not 'chop'), the
    rest in any case."""
    wanted: dict[tuple[str, ...], set[str]] = {}
    for spelling in spellings:
        words = _words(spelling)
        if words:
            wanted.setdefault((words[0], *(w.casefold() for w in words[1:])), set()).add(spelling)
    longest = max(len(k) for k in wanted)
    holding: dict[str, set[int]] = {s: set() for s in spellings}
    for number, text in enumerate(corpus_texts(corpora)):
        words = _words(text)
        folded = [w.casefold() for w in words]
        for i, first in enumerate(words):
            for n in range(1, longest + 1):
                key = (first, *folded[i + 1 : i + n])
                if len(key) < n:
                    break
                for spelling in wanted.get(key, ()):
                    holding[spelling].add(number)
    return holding


def print_corpus_weights(sets: dict[str, list[dict]], holding: dict[str, set[int]], corpora: Path) -> None:
    """Per set: how many spellings occur in the corpora, and each check weighted by the
    records that hold the spelling (what a user of the shared corpora meets)."""
    counts = Counter({s: len(records) for s, records in holding.items()})
    print(f"\n## Weighted by the records of the shared corpora that hold each spelling ({corpora})\n")
    print("| set | spellings seen | records x spellings | lookup top | --place | index term | in text |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, results in sets.items():
        total = sum(counts[r["spelling"]] for r in results)
        seen = sum(counts[r["spelling"]] > 0 for r in results)
        cells = []
        for check in ("top", "place", "term", "text"):
            passed = sum(counts[r["spelling"]] for r in results if r["ok"][check])
            cells.append(f"{passed / total:.1%}" if total else "-")
        print(f"| {label} | {seen}/{len(results)} | {total} | " + " | ".join(cells) + " |")
    unseen = sorted({r["spelling"] for rs in sets.values() for r in rs if not counts[r["spelling"]]})
    print(
        "\nMost frequent failing spellings (records): "
        + ", ".join(
            f"{r['spelling']} ({counts[r['spelling']]})"
            for r in sorted(
                {
                    r["spelling"]: r
                    for rs in sets.values()
                    for r in rs
                    if not all(r["ok"][c] for c in _counted(r, CHECKS))
                }.values(),
                key=lambda r: -counts[r["spelling"]],
            )[:25]
        )
    )
    print(f"\nSpellings no record holds: {len(unseen)}")


def print_people_weights(people: list[dict], holding: dict[str, set[int]]) -> None:
    """Per person: the records that hold any of the spellings, and how many of them a query
    for the first spelling finds at the term level (those holding a spelling with its terms)."""
    total = found = 0
    lines = []
    for p in people:
        first = next(iter(p["spellings"].values()))
        every = set().union(*(holding[s] for s in p["spellings"]))
        reached = set().union(*(holding[s] for s, t in p["spellings"].items() if t == first))
        total, found = total + len(every), found + len(reached)
        counts = ", ".join(f"{s} {len(holding[s])}" for s in p["spellings"] if holding[s])
        lines.append(f"- {p['person']}: {len(reached)}/{len(every)} ({counts})")
    print("\n## People in the shared corpora\n")
    print(f"Records holding a person's spellings that a query for the first spelling meets: {found}/{total}")
    print(f"({found / total:.1%}); per person, with the records per spelling:\n" if total else "")
    print("\n".join(lines))


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
