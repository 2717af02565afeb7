"""How well dates are read from article text: hide the known dates of the real corpora, infer
each record's date from its title and text alone, compare.

    .venv/bin/python bench/dates_accuracy.py [CORPORA_DIR]

Prints, per corpus: records, how many got a date from the text (coverage), and of those how
many are the known day exactly, within 3 days, and in the same month. Also checked (with
floors) by tests/test_dates_accuracy.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

from searcher.enrich.dates import date_from_text, parse_date

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def known_dates(corpora: Path) -> Iterator[tuple[str, str, str, str]]:
    """(corpus, known date, title, text) for every record whose date the data gives."""
    for name, (title, body, date) in {
        "nyt_guardian/Guardians_Russia_Ukraine.csv": ("headlines", "articles", "published"),
        "nyt_guardian/NYT_Russia_Ukraine.csv": ("headlines", "articles", "published"),
        "fakes/FA-KES-Dataset.csv": ("article_title", "article_content", "date"),
    }.items():
        with (corpora / name).open(encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.DictReader(f):
                yield name.split("/")[-1], parse_date(row[date]), row[title], row[body]
    import trafilatura

    for page in sorted((corpora / "isw").glob("*.html")):
        text = trafilatura.extract(page.read_text("utf-8", errors="replace")) or ""
        yield "isw", page.stem, "", text  # the file name is the report's date


def evaluate(corpora: Path) -> dict[str, dict[str, int]]:
    results: dict[str, dict[str, int]] = {}
    for corpus, known, title, text in known_dates(corpora):
        counts = results.setdefault(corpus, {"records": 0, "dated": 0, "exact": 0, "within_3_days": 0, "same_month": 0})
        counts["records"] += 1
        found = date_from_text(f"{text}\n{title}")
        if not found or not known:
            continue
        counts["dated"] += 1
        days = abs((dt.date.fromisoformat(found) - dt.date.fromisoformat(known)).days)
        counts["exact"] += days == 0
        counts["within_3_days"] += days <= 3
        counts["same_month"] += found[:7] == known[:7]
    return results


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPORA
    print("| corpus | records | dated from text | exact day | within 3 days | same month |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for corpus, c in evaluate(corpora).items():
        d = max(c["dated"], 1)
        print(
            f"| {corpus} | {c['records']} | {c['dated']} ({c['dated'] / c['records']:.0%}) | "
            f"{c['exact'] / d:.0%} | {c['within_3_days'] / d:.0%} | {c['same_month'] / d:.0%} |"
        )


if __name__ == "__main__":
    main()
