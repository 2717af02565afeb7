"""Search results checked against answers known from the fixture and against a plain scan."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from conftest import index_files, scan_words

from searcher.analysis import STOP_WORDS, fold, index_term
from searcher.errors import QueryError, UsageError
from searcher.query import Filters, parse_period, search

ROWS = [
    # key, title, text, date, source, location
    (
        "strikes",
        "Strikes hit Kharkiv",
        "Russian missile strikes hit Kharkiv overnight. The U.S. condemned the attack.",
        "2022-09-10",
        "Reuters",
        "Kharkiv",
    ),
    (
        "izyum",
        "Izyum liberated",
        "Ukrainian forces entered Izyum after a striking advance. The battle of Izyum ended.",
        "2022-09-11",
        "AP",
        "Izium",
    ),
    (
        "bakhmut",
        "Bakhmut fighting",
        "Heavy fighting near Bakhmut. The battle of Bakhmut continues as Wagner attacks.",
        "2022-12-01",
        "Reuters",
        "Bakhmut",
    ),
    (
        "kyiv",
        "Kyiv drone attack",
        "Drones struck Kyiv in May. Officials may announce more air defence.",
        "2023-05-30",
        "Kyiv Independent",
        "Kyiv",
    ),
    (
        "aleppo",
        "Aleppo air strike",
        "An air strike on Aleppo killed civilians, monitors said.",
        "2016-09-20",
        "reuters",
        "Aleppo",
    ),
    (
        "kharkiv-uk",
        "Обстріл Харкова",
        "Російські війська обстріляли Харків увечері.",
        "2022-09-12",
        "Ukrainska Pravda",
        "Kharkiv",
    ),
]
UNDATED = ("undated", "Undated report on Kharkiv strike", "A strike on Kharkiv was reported without a date.")


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("q")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "text", "date", "source", "location"])
    writer.writerows(row[1:] for row in ROWS)
    return index_files(root, {"news.csv": out.getvalue(), "undated.txt": f"{UNDATED[1]}\n{UNDATED[2]}\n"})


def keys(results):
    """Our fixture keys of the hits (by title), in result order."""
    by_title = {row[1]: row[0] for row in ROWS} | {UNDATED[1]: UNDATED[0]}
    return [by_title[h.title] for h in results.hits]


def found(index_dir, text="*", **filters):
    return set(keys(search(index_dir, text, Filters(**filters), all_hits=True)))


def texts():
    return {row[0]: f"{row[1]}\n{row[2]}" for row in ROWS} | {UNDATED[0]: f"{UNDATED[1]}\n{UNDATED[2]}"}


def scan(word):
    """Independent answer: the records whose text holds `word` as a whole word (any case)."""
    return {k for k, text in texts().items() if fold(word) in scan_words(text)}


def test_every_word_finds_exactly_the_records_that_contain_it_or_its_inflections(fixture_index):
    vocabulary = {w for text in texts().values() for w in scan_words(text) if len(w) >= 3}
    for word in sorted(vocabulary - STOP_WORDS):
        if fold(word) in STOP_WORDS:
            continue
        hits = found(fixture_index, word)
        assert scan(word) <= hits, word
        same_stem = {
            k for k, text in texts().items() if any(index_term(w) == index_term(word) for w in scan_words(text))
        }
        assert hits == same_stem, word


def test_stemming_joins_strike_strikes_striking(fixture_index):
    expected = {"strikes", "izyum", "aleppo", "undated"}  # strikes, striking, strike, strike
    assert (
        found(fixture_index, "strike")
        == found(fixture_index, "striking")
        == found(fixture_index, "strikes")
        == expected
    )
    assert found(fixture_index, "struck") == {"kyiv"}  # irregular forms are other words


def test_stop_words_are_dropped_from_free_text_but_kept_in_phrases(fixture_index):
    assert found(fixture_index, "the battle of bakhmut") == found(fixture_index, "battle bakhmut") == {"bakhmut"}
    assert found(fixture_index, '"battle bakhmut"') == set()  # "battle of Bakhmut" in the text
    with pytest.raises(QueryError, match="only common words"):  # they are not in the index
        search(fixture_index, "the of")
    assert found(fixture_index, '"Bakhmut. The battle"') == {"bakhmut"}  # punctuation is not a word


def test_us_and_may_are_searchable(fixture_index):
    assert found(fixture_index, "US") == {"strikes"}
    assert found(fixture_index, "may") == {"kyiv"}


def test_boolean_queries(fixture_index):
    assert found(fixture_index, "kharkiv strike") == {"strikes", "undated"}
    assert found(fixture_index, "kharkiv AND strike") == {"strikes", "undated"}
    assert found(fixture_index, "kyiv OR bakhmut") == {"kyiv", "bakhmut"}
    assert found(fixture_index, "strike NOT kharkiv") == {"izyum", "aleppo"}
    assert found(fixture_index, "(kyiv OR aleppo) AND air") == {"kyiv", "aleppo"}


def test_phrases(fixture_index):
    assert found(fixture_index, '"battle of bakhmut"') == {"bakhmut"}
    assert found(fixture_index, '"battle of izyum"') == {"izyum"}
    assert found(fixture_index, '"bakhmut battle"') == set()
    assert found(fixture_index, '"air strike"') == {"aleppo"}


def test_fields_wildcards_fuzzy(fixture_index):
    # «Обстріл Харкова»: an inflected Ukrainian name is the place too (#12).
    assert found(fixture_index, "title:kharkiv") == {"strikes", "undated", "kharkiv-uk"}
    assert found(fixture_index, "outlet:reuters") == {"strikes", "bakhmut", "aleppo"}
    assert found(fixture_index, 'outlet:"Kyiv Independent"') == {"kyiv"}
    assert found(fixture_index, "drone*") == {"kyiv"}
    assert found(fixture_index, "bakhmutt~") == {"bakhmut"}
    assert found(fixture_index, "iziun~") == {"izyum"}  # "Izyum" is indexed as "izium"


def test_cyrillic_words(fixture_index):
    assert found(fixture_index, "обстріляли") == found(fixture_index, "ОБСТРІЛЯЛИ") == {"kharkiv-uk"}
    # Харків is Kharkiv: place names in any script find each other.
    assert found(fixture_index, "Харків") == found(fixture_index, "Kharkiv") == {"kharkiv-uk", "strikes", "undated"}


def test_date_ranges_are_inclusive(fixture_index):
    assert found(fixture_index, date_from="2022-09-01", date_to="2022-09-30") == {"strikes", "izyum", "kharkiv-uk"}
    assert found(fixture_index, date_to=parse_period("2022-09-11", end=True)) == {"strikes", "izyum", "aleppo"}
    assert found(fixture_index, date_from=parse_period("2022")) == {"strikes", "izyum", "bakhmut", "kyiv", "kharkiv-uk"}
    assert found(fixture_index, "strike", date_to=parse_period("2016", end=True)) == {"aleppo"}


def test_outlet_and_place_filters(fixture_index):
    assert found(fixture_index, outlets=("reuters",)) == {"strikes", "bakhmut", "aleppo"}
    assert found(fixture_index, outlets=("AP", "kyiv independent")) == {"izyum", "kyiv"}
    # From the location column and from the texts (the undated report names Kharkiv).
    assert found(fixture_index, places=("kharkiv",)) == {"strikes", "kharkiv-uk", "undated"}
    assert found(fixture_index, "strike", places=("Kharkiv", "Aleppo")) == {"strikes", "aleppo", "undated"}
    assert found(fixture_index, "strike", outlets=("reuters",), date_from="2022-01-01") == {"strikes"}


def test_listing_sorts_newest_or_oldest_with_undated_last(fixture_index):
    newest = keys(search(fixture_index, "*", all_hits=True))
    assert newest == ["kyiv", "bakhmut", "kharkiv-uk", "izyum", "strikes", "aleppo", "undated"]
    oldest = keys(search(fixture_index, "*", sort="oldest", all_hits=True))
    assert oldest == ["aleppo", "strikes", "izyum", "kharkiv-uk", "bakhmut", "kyiv", "undated"]
    assert keys(search(fixture_index, "strike", sort="newest", all_hits=True)) == [
        "izyum",
        "strikes",
        "aleppo",
        "undated",
    ]


def test_relevance_ranks_more_matches_first(fixture_index):
    ranked = keys(search(fixture_index, "bakhmut battle", all_hits=True))
    assert ranked == ["bakhmut"]
    ranked = keys(search(fixture_index, "kharkiv"))
    # The Ukrainian report names Kharkiv in its title («Харкова») and body («Харків»): #12.
    assert set(ranked) == {"strikes", "undated", "kharkiv-uk"}


def test_paging_and_all(fixture_index):
    first = search(fixture_index, "*", limit=3)
    second = search(fixture_index, "*", limit=3, page=2)
    third = search(fixture_index, "*", limit=3, page=3)
    assert first.total == second.total == 7 and first.pages == 3
    assert keys(first) + keys(second) + keys(third) == keys(search(fixture_index, "*", all_hits=True))
    assert len(third.hits) == 1
    assert search(fixture_index, "*", limit=3, page=9).hits == []


def test_facet_counts_match_an_independent_count(fixture_index):
    results = search(fixture_index, "strike")
    matched = [row for row in ROWS if row[0] in {"strikes", "izyum", "aleppo"}]
    # "reuters" and "Reuters" are one outlet; "AP" is the Associated Press.
    assert results.facets["outlet"] == {"Reuters": 2, "Associated Press": 1}
    assert [row[4] for row in matched] == ["Reuters", "AP", "reuters"]
    # Places from the location column, plus those the texts name: "The U.S. condemned..." in
    # the Kharkiv report, and Kharkiv in the undated one.
    from_data = Counter(row[5] for row in matched) + Counter({"Kharkiv": 1})
    # A region and a country count the articles naming them or any of their places (#11):
    # the three Kharkiv and Izium articles are Kharkiv Oblast's and Ukraine's.
    regions = {"Kharkiv": ("Kharkiv Oblast", "Ukraine"), "Izium": ("Kharkiv Oblast", "Ukraine")}
    regions["Aleppo"] = ("Aleppo Governorate", "Syria")
    implied = Counter(area for name, n in from_data.items() for area in regions[name] for _ in range(n))
    assert results.facets["place"] == dict(from_data | {"United States": 1} | implied)
    assert [row[5] for row in matched] == ["Kharkiv", "Izium", "Aleppo"]
    assert results.facets["month"] == {"2016-09": 1, "2022-09": 2, "undated": 1}


def test_snippet_marks_the_matched_words(fixture_index):
    (hit,) = search(fixture_index, "battle bakhmut").hits
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.marks]
    assert marked == ["Bakhmut", "battle", "Bakhmut"]
    assert hit.snippet.text.startswith("Heavy fighting near Bakhmut.")


def test_did_you_mean(fixture_index):
    assert search(fixture_index, "kharkif").suggestion == "kharkiv"
    assert search(fixture_index, "drone strikke").suggestion == "drone strike"
    assert search(fixture_index, "kharkiv").suggestion is None
    assert search(fixture_index, "zzzzqqq").suggestion is None


def test_bad_input_is_a_clear_error(fixture_index):
    with pytest.raises(UsageError, match="nothing to search for"):
        search(fixture_index, "")
    with pytest.raises(QueryError, match="no words"):
        search(fixture_index, "!!!")
    with pytest.raises(UsageError, match="after"):
        search(fixture_index, "*", Filters(date_from="2023-01-01", date_to="2022-01-01"))
    for period in ("2022-13", "22", "2022-02-30", "yesterday", "2022-1-1-1"):
        with pytest.raises(UsageError, match="date"):
            parse_period(period)


@pytest.mark.parametrize(
    "text", ['"unbalanced', "(kyiv OR", "kyiv)", "title:", "nofield:kyiv", "AND", "*kiv", "a" * 500]
)
def test_odd_queries_give_results_or_a_clear_error(fixture_index, text):
    try:
        results = search(fixture_index, text)
    except (QueryError, UsageError) as exc:
        assert str(exc)
    else:
        assert results.total >= 0


def test_not_alone_excludes(fixture_index):
    assert found(fixture_index, "NOT kharkiv") == set(texts()) - found(fixture_index, "kharkiv")


def test_parse_period():
    assert parse_period("2022") == "2022-01-01" and parse_period("2022", end=True) == "2022-12-31"
    assert parse_period("2024-02", end=True) == "2024-02-29"
    assert parse_period("2022-09-14", end=True) == "2022-09-14"


def test_facet_table_counts_and_filters_dates_as_the_columns_do(fixture_index, tmp_path):
    """The facet table (fast path) and the columns (fallback) agree; a stale table is ignored."""
    import shutil

    from searcher import facets

    copy = tmp_path / "index"
    shutil.copytree(fixture_index, copy)
    periods = [("2022-09-01", "2022-09-30"), (None, "2022-09-11"), ("2022-01-01", None), ("2016-01-01", "2016-12-31")]

    def results() -> list:
        counts = [search(copy, q).facets for q in ("strike", "kharkiv", "*")]
        dated = [sorted(found(copy, "*", date_from=a, date_to=b)) for a, b in periods]
        return counts + dated

    with_table = results()
    assert with_table[3] == ["izyum", "kharkiv-uk", "strikes"]
    (copy / facets.FILE).unlink()
    assert results() == with_table
    table = facets.load_table(fixture_index, 10**6)  # not the index's generation
    assert table is None
