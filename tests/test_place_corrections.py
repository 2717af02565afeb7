"""Corrections by the user (places.toml) and counts that agree (#11).

Counts are checked against an independent computation: the places each record holds (read
from the index's stored records, not from its terms or facet table), with a region counting
the articles that name it or any place in it, and a country likewise."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import corpora_or_skip, write_files

from searcher.cli import main
from searcher.errors import SearcherError, UsageError
from searcher.indexer import build_index
from searcher.query import Filters, facet_values, search
from searcher.readers import ReadOptions, inspect_file

CORPUS = {
    "a.txt": "Fighting near Lyman\nRussian forces attacked Lyman and Testyn. Madison Williams reported it.\n",
    "b.txt": "Testin retaken\nUkrainian troops entered Testin, south of Orikhiv in Zaporizhzhia Oblast.\n",
    "c.txt": "Nord pipeline\nThe Nord pipeline leaked near Bornholm; Kharkiv was shelled.\n",
}
CORRECTIONS = """
[[add]]
name = "Testyn"
spellings = ["Testin", "Тестин", "Тестын"]
region = "Zaporizhzhia Oblast"
country = "Ukraine"
lat = 47.4449
lon = 35.8376

[[block]]
name = "Madison"
next = ["Williams"]

[[block]]
name = "Nord"

[[fix]]
name = "Lyman"
place = "Lyman, Kharkiv Oblast"
"""


@pytest.fixture(autouse=True)
def _capture(capsys, monkeypatch):
    global _capsys
    _capsys = capsys
    monkeypatch.delenv("SEARCHER_INDEX", raising=False)


class Result:
    def __init__(self, code: int, output: str) -> None:
        self.exit_code, self.output = code, output


def invoke(*args: str) -> Result:
    """Run `searcher ARGS` through main(), the real entry point: exit status, stdout + stderr."""
    _capsys.readouterr()
    code = main(list(args))
    out, err = _capsys.readouterr()
    return Result(code, out + err)


def places_in(index_dir: Path) -> dict[str, dict[str, dict]]:
    """{title: {place name: place}} from the stored records of every article."""
    hits = search(index_dir, "*", all_hits=True).hits
    from searcher.query import get_article

    out = {}
    for hit in hits:
        record = get_article(index_dir, hit.id)
        out[hit.title] = {p["name"]: p for p in record["places"]}
    return out


@pytest.fixture
def corrected(tmp_path):
    corpus = write_files(tmp_path / "corpus", CORPUS)
    (corpus / "places.toml").write_text(CORRECTIONS, "utf-8")
    index_dir = tmp_path / "index"
    result = invoke("index", str(corpus), "--index-dir", str(index_dir))
    assert result.exit_code == 0, result.output
    return corpus, index_dir


def test_a_corrections_file_beside_the_corpus_adds_blocks_and_fixes(corrected):
    corpus, index_dir = corrected
    places = places_in(index_dir)
    # add: both spellings are the added place, in its region
    assert places["Testin retaken"]["Testyn"]["region"] == "Zaporizhzhia Oblast"
    assert list(places["Fighting near Lyman"]["Testyn"]["matched"]) == ["Testyn"]
    # fix: Lyman is the one the file says, and the record says a correction decided it
    lyman = places["Fighting near Lyman"]["Lyman"]
    assert lyman["region"] == "Kharkiv Oblast" and lyman["correction"].endswith("places.toml")
    # block: in a context, and everywhere
    assert not any("Madison" in p for p in places.values())
    assert not any(p.get("Nord") for p in places.values())
    assert "Kharkiv" in places["Nord pipeline"]
    # --place and the query find the added place by any of its spellings
    for spelling in ("Testyn", "Testin", "Тестин"):
        found = {h.title for h in search(index_dir, "*", Filters(places=(spelling,)), all_hits=True).hits}
        assert found == {"Fighting near Lyman", "Testin retaken"}, spelling


def test_show_and_inspect_say_that_a_correction_applied(corrected):
    corpus, index_dir = corrected
    result = invoke("inspect", str(corpus / "a.txt"))
    assert result.exit_code == 0, result.output
    assert "Lyman (Kharkiv Oblast, Ukraine)" in result.output and "[corrected by" in result.output
    hit = search(index_dir, "Lyman", all_hits=True).hits[0]
    result = invoke("show", hit.id, "--index-dir", str(index_dir))
    assert result.exit_code == 0, result.output
    assert "Lyman (Kharkiv Oblast, Ukraine)" in result.output and "corrected by" in result.output


def test_changing_the_corrections_re_resolves_on_the_next_index(corrected):
    corpus, index_dir = corrected
    run = lambda: invoke("index", str(corpus), "--index-dir", str(index_dir))  # noqa: E731
    assert "3 unchanged" in run().output  # same file, nothing to do
    (corpus / "places.toml").write_text(
        CORRECTIONS.replace('place = "Lyman, Kharkiv Oblast"', 'place = "Lyman, Donetsk Oblast"'), "utf-8"
    )
    result = run()
    assert "3 updated" in result.output, result.output
    assert places_in(index_dir)["Fighting near Lyman"]["Lyman"]["region"] == "Donetsk Oblast"
    (corpus / "places.toml").unlink()
    result = run()
    assert "3 updated" in result.output, result.output
    places = places_in(index_dir)
    assert "Testyn" not in places["Fighting near Lyman"]
    assert not places["Fighting near Lyman"]["Lyman"].get("correction")


def test_places_option_and_its_errors(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"a.txt": CORPUS["a.txt"]})
    given = tmp_path / "mine.toml"
    given.write_text('[[block]]\nname = "Lyman"\n', "utf-8")
    (record,), _ = inspect_file(corpus / "a.txt", ReadOptions(places=str(given)))
    assert "Lyman" not in {p["name"] for p in record["places"]}
    result = invoke("index", str(corpus), "--index-dir", str(tmp_path / "i"), "--places", "nope.toml")
    assert result.exit_code == 1 and result.output.startswith("Error: no corrections file at nope.toml;")
    for bad, says in (
        ("[[add]]\nname = 'X'\n", "has no country"),
        ("[[fix]]\nname = 'Lyman'\nplace = 'Lyman, Mars'\n", "Lyman, Mars"),
        ("[[block]\n", "not valid TOML"),
        ("[oops]\n", "unknown section"),
    ):
        given.write_text(bad, "utf-8")
        result = invoke("inspect", str(corpus / "a.txt"), "--places", str(given))
        assert result.exit_code == 1 and says in result.output and "Traceback" not in result.output, (
            bad,
            result.output,
        )


# --place with a name several places share


def single_pervomaiskes() -> list[str]:
    """Regions that hold exactly one Pervomaiske (by its own name), as 'Pervomaiske, Region'."""
    from searcher.enrich.places import gazetteer, place_label

    gaz = gazetteer()
    own = [e for e in gaz.resolve("Pervomaiske") if e.name == "Pervomaiske"]
    regions = Counter(e.region for e in own)
    return sorted(place_label(e, gaz) for e in own if regions[e.region] == 1)


@pytest.fixture(scope="module")
def shared_names(tmp_path_factory):
    first, second = single_pervomaiskes()[:2]
    root = tmp_path_factory.mktemp("shared")
    corpus = write_files(
        root / "corpus",
        {
            "a.txt": f"Attack on Pervomaiske\nRussian forces attacked Pervomaiske ({first.split(', ')[1]}) overnight.\n",
            "b.txt": f"Second\nExplosions were heard in Pervomaiske, {second.split(', ')[1]}, Ukraine.\n",
            "c.txt": "Odessa port\nA missile hit the port of Odessa, the Ukrainian city on the Black Sea.\n",
        },
    )
    build_index([corpus], root / "index")
    return root / "index", first, second


def test_place_filter_with_a_shared_name_lists_the_candidates(shared_names):
    index_dir, first, second = shared_names
    with pytest.raises(UsageError) as caught:
        search(index_dir, "*", Filters(places=("Pervomaiske",)))
    message = str(caught.value)
    assert message.startswith("'Pervomaiske' names ") and "places; say which: 'Pervomaiske, " in message
    assert f"'{first}'" in message and f"'{second}'" in message  # the ones the index holds come first
    result = invoke("search", "*", "--place", "Pervomaiske", "--index-dir", str(index_dir))
    assert result.exit_code == 2 and result.output.startswith("Error: 'Pervomaiske' names ")


def test_place_filter_with_a_qualified_name(shared_names):
    index_dir, first, second = shared_names
    titles = lambda p: {h.title for h in search(index_dir, "*", Filters(places=(p,)), all_hits=True).hits}  # noqa: E731
    assert titles(first) == {"Attack on Pervomaiske"}
    assert titles(second) == {"Second"}
    # A name of two places where the index holds one: that one (Odesa, not Odessa, Texas).
    assert titles("Odessa") == titles("Odesa") == {"Odessa port"}


# Counts that agree


def independent_counts(index_dir: Path) -> Counter:
    """Articles per place, region and country from the stored records: a region counts the
    articles naming it or any of its places, a country likewise."""
    from searcher.query import get_article

    counts: Counter = Counter()
    for hit in search(index_dir, "*", all_hits=True).hits:
        record = get_article(index_dir, hit.id)
        names = set()
        for p in record["places"]:
            if p["kind"] == "unresolved":
                continue
            names.add(p["name"])
            names.update(x for x in (p.get("region"), p.get("country")) if x)
        counts.update(names)
    return counts


def check_counts_agree(index_dir: Path, names: list[str]) -> None:
    expected = independent_counts(index_dir)
    rows = facet_values(index_dir, "place")
    by_name = {r["value"]: r for r in rows}
    headers = {r["region"]: r["region_count"] for r in rows if r["region"]} | {
        r["country"]: r["country_count"] for r in rows if r["country"]
    }
    text = invoke("facets", "place", "--index-dir", str(index_dir)).output
    from searcher.site import group_articles, load_articles

    site = {g.name: len(g.articles) for g in group_articles(load_articles(index_dir))[0].values()}
    for name in names:
        wanted = expected[name]
        assert wanted, name
        found = search(index_dir, "*", Filters(places=(name,)), all_hits=True)
        assert found.total == wanted, (name, found.total, wanted)
        # The Places line of that very search says the same number.
        assert found.facets["place"].get(name) == wanted, (name, found.facets["place"].get(name), wanted)
        assert by_name[name]["count"] == wanted, (name, by_name[name])
        if name in headers:
            assert headers[name] == wanted, (name, headers[name], wanted)
            assert f"{name} ({wanted})" in text, name
        assert site[name] == wanted, (name, site[name], wanted)


def test_counts_agree_on_a_small_fixture(tmp_path):
    corpus = write_files(
        tmp_path / "corpus",
        {
            "a.txt": "Izyum\nRussian forces withdrew from Izyum.\n",
            "b.txt": "Oblast\nShelling across Kharkiv Oblast.\n",
            "c.txt": "Both\nIzyum and Balakliia in Kharkiv Oblast.\n",
            "d.txt": "Kyiv\nDrones struck Kyiv.\n",
            "e.txt": "Balakliia\nBalakleya was retaken.\n",
        },
    )
    build_index([corpus], tmp_path / "index")
    check_counts_agree(tmp_path / "index", ["Kharkiv Oblast", "Izium", "Balakliia", "Ukraine", "Kyiv"])
    # Kharkiv Oblast: a, b, c, e (named, or a town in it): 4; Ukraine: all 5.
    assert independent_counts(tmp_path / "index")["Kharkiv Oblast"] == 4


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory):
    nyt_guardian = corpora_or_skip("nyt_guardian")
    fakes = corpora_or_skip("fakes")
    isw = corpora_or_skip("isw")
    index_dir = tmp_path_factory.mktemp("counts") / "index"
    build_index([nyt_guardian / "Guardians_Russia_Ukraine.csv"], index_dir, ReadOptions(outlet="The Guardian"))
    build_index([nyt_guardian / "NYT_Russia_Ukraine.csv"], index_dir, ReadOptions(outlet="The New York Times"))
    build_index([fakes], index_dir)
    build_index([isw], index_dir, ReadOptions(outlet="Institute for the Study of War"))
    return index_dir


@pytest.mark.acceptance
def test_counts_agree_on_the_shared_corpora(shared_index):
    check_counts_agree(
        shared_index,
        ["Kharkiv Oblast", "Donetsk Oblast", "Ukraine", "Syria", "Russia", "Aleppo Governorate", "Izium", "Bakhmut"],
    )


@pytest.mark.acceptance
def test_a_filter_and_its_facet_line_agree_on_the_shared_corpora(shared_index):
    outlets = facet_values(shared_index, "outlet")
    reuters = next(o["value"] for o in outlets if "reuters" in o["value"].casefold())
    for place in ("Syria", "Aleppo Governorate"):
        found = search(shared_index, "*", Filters(places=(place,), outlets=(reuters,)), all_hits=True)
        assert found.total and found.facets["place"].get(place) == found.total, (place, found.total)


@pytest.mark.acceptance
def test_isw_co_authors_are_not_places(shared_index):
    # No article is about Madison, so the filter is an error (naming the closest places), not 41 reports.
    with pytest.raises(SearcherError, match="no article is about a place called 'Madison'"):
        search(shared_index, "*", Filters(places=("Madison",)), all_hits=True)
    isw = Filters(places=("United States",), outlets=("Institute for the Study of War",))
    assert "Madison" not in {p for h in search(shared_index, "*", isw, all_hits=True).hits for p in h.places}


def test_facets_json_has_one_count_per_region(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"a.txt": "A\nIzyum, Kharkiv Oblast.\n", "b.txt": "B\nKharkiv Oblast.\n"})
    build_index([corpus], tmp_path / "index")
    rows = json.loads(invoke("facets", "place", "--index-dir", str(tmp_path / "index"), "-f", "json").output)
    (region,) = [r for r in rows if r["value"] == "Kharkiv Oblast"]
    (izium,) = [r for r in rows if r["value"] == "Izium"]
    assert region["count"] == region["region_count"] == izium["region_count"] == 2


def test_a_missing_corrections_file_is_an_error_not_a_traceback():
    from searcher.enrich.place_rules import load_rules

    with pytest.raises(SearcherError):
        load_rules("/nonexistent/places.toml")
