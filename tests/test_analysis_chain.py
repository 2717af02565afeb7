"""The analysis chain at index and query time (#16, #11 item 4): ordinary words stay words,
place names in any spelling meet, stop words are words, multi-word names are one unit."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import index_files, scan_words

from searcher.analysis import fold, terms, used_as_name
from searcher.query import prepare_query, search

# key -> (title, body). Titles are the keys, so hits map back to them.
ARTICLES = {
    "genes": "Researchers found two genes linked to the disease; each gene was sequenced.",
    "sam": "A SAM site near the front line was destroyed, the army said.",
    "cars": "Burned cars lined the road out of the town.",
    "bath": "Volunteers brought a bath tub and soap to the shelter.",
    "bat": "A bat flew into the basement where families slept.",
    "mets": "The Mets won again in New York, and fans met outside.",
    "tor": "Russian Tor air defence systems were hit; hikers climbed the tor above the valley.",
    "gel": "Medics applied a burn gel to the wounded.",
    "prc": "The PRC foreign ministry issued a statement.",
    "having": "Having crossed the river, the unit kept being shelled for hours.",
    "genoa": "Ships left the port of Genoa after the strike ended.",
    "damascus": "Shelling hit the outskirts of Damascus overnight.",
    "kharkiv": "Missiles struck Kharkov again, officials said.",
    "kyiv": "Air raid sirens sounded in Kyiv before dawn.",
    "izyum": "Forces entered Izyum after a rapid advance.",
    "izium": "Exhumations began in Izium this week.",
    "izium-uk": "Обстріли Ізюма тривають; у Ізюм повернулися люди.",
    "metz": "A convoy passed through Metz in France.",
    "bath-city": "Rain fell on Bath, in the west of England.",
    "china": "China said it would send an envoy.",
    "kryvyi-rih": "Shelling of Kryvyi Rih damaged a school.",
    "rog": "Oleh Rog, a farmer, said the harvest was poor.",
    "bila-tserkva": "Drones attacked Bila Tserkva south of the capital.",
    "tserkva-words": "The Bila family visited a tserkva, a wooden church.",
    "nova-kakhovka": "Flooding reached Nova Kakhovka after the dam broke.",
    "nova-words": "Nova Scotia sent aid; Kakhovka reservoir levels fell.",
    "chasiv-yar": "Fighting continued near Chasiv Yar.",
    "yar-words": "Chasiv is a name; a yar is a ravine.",
    "hola-prystan": "Residents of Hola Prystan were evacuated.",
    "hola-words": "Hola, said the visitor at the prystan, the pier.",
    "bilhorod-dnistrovskyi": "A missile hit Bilhorod-Dnistrovskyi on the coast.",
    "belgorod": "Explosions were heard in Belgorod across the border.",
    "kamianets-podilskyi": "Refugees reached Kamianets-Podilskyi by train.",
    "kamianske": "Workers at the plant in Kam'ianske went on strike.",
    "kyiv-nfd": unicodedata.normalize("NFD", "Люди повернулися до Київ та Ізюм."),
    "dzerzhinsk": "Завод у Дзержи́нске закрыли.",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("chain")
    return index_files(root, {f"{key}.txt": f"{key}\n\n{body}\n" for key, body in ARTICLES.items()})


def found(index_dir, text: str) -> set[str]:
    return {hit.title for hit in search(index_dir, text, all_hits=True).hits}


def scan(word: str) -> set[str]:
    """Independent answer: the articles whose body holds the word itself (case folded)."""
    return {key for key, body in ARTICLES.items() if fold(word) in scan_words(body)}


COMMON_WORDS = ["genes", "gene", "SAM", "sam", "cars", "bath", "bat", "metz", "mets", "tor", "gel", "PRC", "prc"]


@pytest.mark.parametrize("word", COMMON_WORDS)
def test_common_words_that_are_also_place_names_are_found_as_themselves(index, word):
    # Exactly the articles with the word (or its inflections: "gene" and "genes"), no place.
    expected = scan(word) | ({"genes"} if fold(word).startswith("gene") else set())
    expected |= {"mets"} if fold(word) == "mets" else set()
    hits = found(index, word)
    assert hits == expected, word
    assert not hits & {"genoa", "damascus", "kharkiv", "metz", "bath-city", "china", "kyiv"} - scan(word)


def test_common_words_are_indexed_as_themselves():
    assert terms("genes SAM cars bat mets tor gel PRC") == ["gene", "sam", "car", "bat", "met", "tor", "gel", "prc"]
    assert terms("Scientists Find Genes") == ["scientist", "find", "gene"]  # Title Case is no name
    assert terms("Russian Tor systems") == ["russian", "tor", "system"]
    assert terms("a Tor system") == ["a", "tor", "system"]
    assert terms("Sam Wilkinson said") == ["sam", "wilkinson", "said"]  # a person
    # Written as a name, in a place's context, a common word is the place.
    assert terms("the port of Genes") == ["the", "port", "of", "genoa"]
    assert terms("strikes near Tor.") == ["strike", "near", "sloviansk"]


def test_the_rule_is_one_function():
    assert not used_as_name("genes") and not used_as_name("Genes") and used_as_name("Genes", True)
    assert not used_as_name("SAM", True) and not used_as_name("PRC", True)  # acronyms
    assert used_as_name("kiev") and used_as_name("Kiev") and used_as_name("Ізюм")  # no common word


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Genoa", {"genoa"}),
        ("Damascus", {"damascus"}),
        ("Kharkiv", {"kharkiv"}),
        ("Kharkov", {"kharkiv"}),
        ("Kyiv", {"kyiv", "kyiv-nfd"}),
        ("Kiev", {"kyiv", "kyiv-nfd"}),
        ("kiev", {"kyiv", "kyiv-nfd"}),
        ("Київ", {"kyiv", "kyiv-nfd"}),
        ("Izyum", {"izyum", "izium", "izium-uk", "kyiv-nfd"}),
        ("Izium", {"izyum", "izium", "izium-uk", "kyiv-nfd"}),
        ("Ізюм", {"izyum", "izium", "izium-uk", "kyiv-nfd"}),
        ("Metz", {"metz"}),
        ("China", {"china"}),
        ("port of Genes", {"genoa"}),  # written as a name, in a place's context
    ],
)
def test_place_names_still_fold(index, query, expected):
    assert found(index, query) == expected


def test_words_whose_stem_is_a_stop_word_are_searched(index):
    assert found(index, "having") == {"having"}
    assert found(index, "being") == {"having"}
    assert found(index, "having been") == {"having"}  # "been" is a stop word: dropped


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Krivoy Rog", {"kryvyi-rih"}),
        ("Kryvyi Rih", {"kryvyi-rih"}),
        ('"Krivoy Rog"', {"kryvyi-rih"}),
        ("rog", {"rog"}),
        ("Belaya Tserkov", {"bila-tserkva"}),
        ("Bila Tserkva", {"bila-tserkva"}),
        ("Nova Kakhovka", {"nova-kakhovka"}),
        ("Novaya Kakhovka", {"nova-kakhovka"}),
        ("Chasiv Yar", {"chasiv-yar"}),
        ("Hola Prystan", {"hola-prystan"}),
        ("shelling Krivoy Rog school", {"kryvyi-rih"}),
    ],
)
def test_multi_word_names_are_one_unit_quoted_or_not(index, query, expected):
    assert found(index, query) == expected


def test_hyphenated_names_are_not_folded_word_by_word(index):
    assert found(index, "Belgorod") == {"belgorod"}
    assert found(index, "Bilhorod-Dnistrovskyi") == {"bilhorod-dnistrovskyi"}
    assert found(index, "Podilsk") == set()
    assert found(index, "Kamianets-Podilskyi") == {"kamianets-podilskyi"}


def test_apostrophes_and_combining_marks_fold(index):
    assert found(index, "Kamianske") == found(index, "Kam'ianske") == {"kamianske"}
    assert terms(unicodedata.normalize("NFD", "Київ")) == terms("Київ") == ["kyiv"]
    assert found(index, "Дзержинск") == found(index, "Дзержи́нск") == {"dzerzhinsk"}
    assert terms("we'll we're don't") == ["we'll", "we'r", "don't"]  # contractions keep theirs


def test_queries_are_prepared_with_the_index_rules():
    assert prepare_query("Krivoy Rog") == '"Krivoy Rog"'
    assert prepare_query("shelling of Nova Kakhovka dam") == 'shelling of "Nova Kakhovka" dam'
    assert prepare_query('title:Kharkiv "Krivoy Rog" NOT Chasiv') == 'title:Kharkiv "Krivoy Rog" NOT Chasiv'
    assert prepare_query("Genes in mice") == "genes in mice"
    # one capitalised word alone has no context to tell the name from the word: both
    assert prepare_query("Genes") == prepare_query('"Genes"') == "(Genes OR genes)"
    assert prepare_query("genes") == "genes"
    assert prepare_query("port of Genes") == "port of Genes"


def test_snippets_mark_the_words_themselves(index):
    hit = search(index, "genes").hits[0]
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.marks]
    assert marked == ["genes", "gene"]
    hits = search(index, "Kiev").hits
    marked = {unicodedata.normalize("NFC", h.snippet.text[s:e]) for h in hits for s, e in h.snippet.marks}
    assert marked == {"Kyiv", "Київ"}  # the NFD article's word is marked whole


def test_suggestions_keep_stop_words_and_fields_as_typed(index):
    assert search(index, "the port of Genoaa").suggestion == "the port of genoa"
    assert search(index, "title:genes sirenss").suggestion == "title:genes sirens"
    assert search(index, "having").suggestion is None  # no stop word is "corrected"


def naive_matches(text: str, matched: set[str]) -> list[tuple[int, int, str]]:
    """Every word of the text analysed, each in its context: what find_matches must equal."""
    import re

    from searcher.analysis import WORD_PATTERN, index_term, name_context

    found, prev = [], None
    for m in re.finditer(WORD_PATTERN, text):
        context = prev is not None and name_context(text, m.start(), m.end(), prev.end(), prev.group())
        term = index_term(m.group(), context)
        if term in matched:
            found.append((m.start(), m.end(), term))
        prev = m
    return found


@pytest.mark.parametrize(
    "query", ["genes", "Kiev", "Izyum strikes", "Krivoy Rog school", "port of Genes", "bath bat", "53,650 troops"]
)
def test_snippet_matching_equals_analysing_every_word(index, query):
    from searcher.query import _open_searcher, parse_query, query_terms
    from searcher.snippets import find_matches

    ix, s = _open_searcher(index)
    matched = query_terms(parse_query(query, ix.schema), s.reader())
    text = " ".join(ARTICLES.values()) + " In Genes, 53,650 troops; U.S.-led strikes near Kiev's edge. Київ"
    assert find_matches(text, matched) == naive_matches(text, matched)
    assert find_matches(text, matched)  # each query has words in the text


@pytest.mark.parametrize("word", ["having", "being"])
def test_searcher_search_finds_words_whose_stem_is_a_stop_word(index, word, capsys):
    from searcher.cli import main

    code = main(["search", "--index-dir", str(index), "--format", "json", word])
    out = capsys.readouterr().out
    assert code == 0 and [h["title"] for h in json.loads(out)["hits"]] == ["having"]
