"""The real corpora in ../shared/corpora, indexed into one index as the README shows.

Every record is counted and checked against an independent reading of the files (the csv
module, file names), so none is silently lost; skipped with the reason when absent.
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPORA, corpora_or_skip, scan_words

from searcher.analysis import STOP_WORDS, stem
from searcher.enrich.outlets import outlet_name
from searcher.indexer import build_index
from searcher.query import Filters, index_stats, parse_period, search
from searcher.readers import ReadOptions

pytestmark = pytest.mark.acceptance

GUARDIAN = ("nyt_guardian", "Guardians_Russia_Ukraine.csv")
NYT = ("nyt_guardian", "NYT_Russia_Ukraine.csv")
FAKES = ("fakes", "FA-KES-Dataset.csv")
ISW_OUTLET = "Institute for the Study of War"


def csv_rows(*parts: str) -> list[dict]:
    with CORPORA.joinpath(*parts).open(encoding="utf-8", errors="replace", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def real_index(tmp_path_factory):
    corpora_or_skip()
    index_dir = tmp_path_factory.mktemp("real") / "index"
    runs = [
        ([CORPORA.joinpath(*GUARDIAN)], ReadOptions(outlet="The Guardian")),
        ([CORPORA.joinpath(*NYT)], ReadOptions(outlet="The New York Times")),
        ([CORPORA.joinpath(*FAKES)], ReadOptions()),
        ([CORPORA / "isw"], ReadOptions(outlet=ISW_OUTLET)),
    ]
    reports = [build_index(paths, index_dir, options) for paths, options in runs]
    return index_dir, reports


def test_every_record_is_indexed(real_index):
    index_dir, reports = real_index
    expected = [
        len(csv_rows(*GUARDIAN)),
        len(csv_rows(*NYT)),
        len(csv_rows(*FAKES)),
        len(list((CORPORA / "isw").glob("*.html"))),
    ]
    assert expected == [188, 219, 804, 330]
    assert [r.added for r in reports] == expected
    assert [len(r.skipped) for r in reports] == [0, 0, 0, 0]
    assert index_stats(index_dir)["documents"] == 1541


def test_reindexing_unchanged_corpora_changes_nothing(real_index):
    index_dir, _ = real_index
    report = build_index([CORPORA / "isw"], index_dir, ReadOptions(outlet=ISW_OUTLET))
    assert (report.added, report.updated, report.removed, report.unchanged, report.files_read) == (0, 0, 0, 330, 0)
    report = build_index([CORPORA.joinpath(*FAKES)], index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 804)
    assert index_stats(index_dir)["documents"] == 1541


def test_outlets_are_counted_per_source(real_index):
    index_dir, _ = real_index
    outlets = index_stats(index_dir)["outlets"]
    assert outlets["The Guardian"] == 188 and outlets["The New York Times"] == 219 and outlets[ISW_OUTLET] == 330
    # FA-KES names outlets by codes ("nna", "ahram"), shown by their names.
    for code, count in Counter(row["source"] for row in csv_rows(*FAKES)).items():
        assert outlets[outlet_name(code)] == count
    assert search(index_dir, "*", Filters(outlets=("the new york times",))).total == 219


def test_isw_month_filter_returns_exactly_the_pages_of_that_month(real_index):
    index_dir, _ = real_index
    results = search(
        index_dir,
        "*",
        Filters(outlets=(ISW_OUTLET,), date_from=parse_period("2022-09"), date_to=parse_period("2022-09", end=True)),
        all_hits=True,
    )
    pages = {Path(h.source).name for h in results.hits}
    assert pages == {p.name for p in (CORPORA / "isw").glob("2022-09-*.html")}
    assert len(pages) == 30


def test_isw_dates_come_from_the_page_or_the_file_name(real_index):
    index_dir, _ = real_index
    hits = search(index_dir, "*", Filters(outlets=(ISW_OUTLET,)), all_hits=True).hits
    assert len(hits) == 330
    differing = {Path(h.source).name: h.date for h in hits if not Path(h.source).name.startswith(h.date)}
    # The page of Aug 11 says it was created on Aug 12 (dc:created 2022-08-12T12:05:52): the page wins.
    assert differing == {"2022-08-11.html": "2022-08-12"}
    assert {h.date_source for h in hits} == {"html"}


def test_guardian_month_filter_matches_the_published_column(real_index):
    index_dir, _ = real_index
    rows = csv_rows(*GUARDIAN)
    expected = {f"row {i}" for i, row in enumerate(rows, start=1) if row["published"].startswith("2022-03")}
    results = search(
        index_dir, "*", Filters(outlets=("The Guardian",), date_from="2022-03-01", date_to="2022-03-31"), all_hits=True
    )
    assert {h.key for h in results.hits} == expected


@pytest.mark.parametrize(
    "corpus, outlet, title, body",
    [
        (GUARDIAN, "The Guardian", "headlines", "articles"),
        (FAKES, None, "article_title", "article_content"),
    ],
)
def test_words_find_exactly_the_records_that_contain_them(real_index, corpus, outlet, title, body):
    """A plain scan of the CSV says which rows hold a word; the search must return those rows,
    plus only rows holding another inflection of it (same stem)."""
    index_dir, _ = real_index
    rows = csv_rows(*corpus)
    texts = {f"row {i}": f"{row[title]}\n{row[body]}".casefold() for i, row in enumerate(rows, start=1)}
    word_sets = {k: scan_words(t) for k, t in texts.items()}
    vocabulary = sorted({w for ws in word_sets.values() for w in ws if len(w) >= 3} - STOP_WORDS)
    sample = random.Random(20221122).sample(vocabulary, 30) + ["kharkiv", "aleppo", "ceasefire", "strike", "us"]
    source = str(CORPORA.joinpath(*corpus))
    for word in sample:
        scanned = {k for k, ws in word_sets.items() if word in ws}
        same_stem = {k for k, ws in word_sets.items() if any(stem(w) == stem(word) for w in ws)}
        results = search(index_dir, word, all_hits=True)
        hits = {h.key for h in results.hits if h.source == source}
        assert scanned <= hits, word
        located = _located_at(rows, word)
        assert hits <= same_stem | _apostrophe_forms(texts, word) | _same_place(word_sets, word) | located, word


def _located_at(rows: list[dict], word: str) -> set[str]:
    # A word that names a place also finds the articles filed under it: FA-KES rows whose
    # location column says "aleppo", whatever their text says.
    from searcher.enrich.places import gazetteer

    fold = gazetteer().fold
    place = fold.get(word, (word,))
    return {
        f"row {i}"
        for i, row in enumerate(rows, start=1)
        if fold.get(k := row.get("location", "").casefold(), (k,)) == place
    }


def _same_place(word_sets: dict[str, set[str]], word: str) -> set[str]:
    # A word that names a place ("ramussa") finds the place's other spellings too ("ramouseh").
    from searcher.enrich.places import gazetteer

    fold = gazetteer().fold
    canonical = fold.get(word)
    if not canonical:
        return set()
    spellings = {k for k, v in fold.items() if v == canonical} | {" ".join(canonical)}
    return {k for k, ws in word_sets.items() if ws & spellings}


def _apostrophe_forms(texts: dict[str, str], word: str) -> set[str]:
    # "Ukraine's" is one token (stem "ukrain"), which the plain scan splits in two.
    pattern = re.compile(rf"(?<!\w){re.escape(word)}\w*['’]\w+")
    return {k for k, t in texts.items() if pattern.search(t)}


def test_a_town_is_found_in_every_spelling_across_corpora(real_index):
    """Izyum (ISW, seed), Izium (the Guardian since 2022): one town, found by either spelling;
    every Guardian and NYT row that names it in either spelling is among the results."""
    index_dir, _ = real_index
    by_izyum = {(h.source, h.key) for h in search(index_dir, "izyum", all_hits=True).hits}
    assert by_izyum == {(h.source, h.key) for h in search(index_dir, "Izium", all_hits=True).hits}
    naming = {
        (str(CORPORA.joinpath(*corpus)), f"row {i}")
        for corpus in (GUARDIAN, NYT)
        for i, row in enumerate(csv_rows(*corpus), start=1)
        if re.search(r"\bIz[iy]um\b", row["headlines"] + " " + row["articles"])
    }
    assert len(naming) >= 5 and naming <= by_izyum


def test_common_words_and_words_with_stop_word_stems_are_found_as_words(real_index):
    """Words that are also some place's other name ("cars": Kars, "tunes": Tunis, "mare",
    "tor") and words whose stem is a stop word ("having", "being") find every row that holds
    them in lower case (an ordinary word, by a plain scan of the CSV files), and only rows that
    hold them or another inflection (#16)."""
    index_dir, _ = real_index
    corpora = [
        (GUARDIAN, "headlines", "articles"),
        (NYT, "headlines", "articles"),
        (FAKES, "article_title", "article_content"),
    ]
    texts = {
        (str(CORPORA.joinpath(*corpus).resolve()), f"row {i}"): f"{row[title]}\n{row[body]}"
        for corpus, title, body in corpora
        for i, row in enumerate(csv_rows(*corpus), start=1)
    }
    word_sets = {k: scan_words(t) for k, t in texts.items()}
    sources = {source for source, _ in texts}
    found_some = 0
    for word in ["cars", "tunes", "mare", "tor", "genes", "bat", "having", "being"]:
        lower_case = {k for k, t in texts.items() if re.search(rf"(?<!\w){word}(?!\w)", t)}
        same_stem = {k for k, ws in word_sets.items() if any(stem(w) == stem(word) for w in ws)}
        hits = {(h.source, h.key) for h in search(index_dir, word, all_hits=True).hits if h.source in sources}
        assert lower_case <= hits <= same_stem, word
        found_some += bool(lower_case)
    assert found_some >= 4  # the words do occur in these corpora
