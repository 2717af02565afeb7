"""The query language as documented (#13): every example of the README and of `search --help`
runs on a small corpus made to hold an answer to each, and the answers are checked against a
plain reading of the texts; web habits (-word, +word, several words, a final '?'), fields
(place:, outlet:, date:), exact phrases, pasted questions, forgiving filters, the terminal."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from conftest import REPO, scan_words, write_files

from searcher.cli import main

RECORDS = [
    # id, outlet, date, title, body, language
    (
        "g1",
        "The Guardian",
        "2022-09-10",
        "Shelling in Bakhmut",
        "Russian shelling hit Bakhmut overnight. The battle for Bakhmut goes on. Updated at 00.05 BST",
        "en",
    ),
    (
        "g2",
        "The Guardian",
        "2022-10-02",
        "A long siege",
        "The battle of Bakhmut is the longest of the war. Kharkiv was quiet.",
        "en",
    ),
    ("g3", "The Guardian", "2022-03-05", "Kyiv braces", "Kyiv prepared its defences as columns approached.", "en"),
    (
        "n1",
        "The New York Times",
        "2022-09-14",
        "Izyum retaken",
        "Ukrainian forces retook Izyum in a counteroffensive after the Russian retreat. Civilians in Izyum "
        "described the occupation. Officials in Kharkiv said the city was cleared.",
        "en",
    ),
    (
        "n2",
        "The New York Times",
        "2022-08-01",
        "Kyiv drone attack",
        "A drone attack on Kyiv damaged buildings. Kiev residents sheltered.",
        "en",
    ),
    (
        "n3",
        "The New York Times",
        "2022-09-20",
        "A grave near Izyum",
        "Investigators found a mass grave near Izyum, in a pine forest.",
        "en",
    ),
    (
        "r1",
        "Reuters",
        "2016-11-03",
        "Air strike on Aleppo",
        "An air strike on Aleppo killed civilians, monitors said. Ceasefire talks stalled.",
        "en",
    ),
    (
        "m1",
        "Al-Manar",
        "2016-12-01",
        "Ceasefire in Aleppo",
        "A ceasefire was announced in Aleppo. Strikes stopped for a day.",
        "en",
    ),
    (
        "i1",
        "Institute for the Study of War",
        "2022-09-25",
        "Assessment, September 25",
        "Russian forces continued striking positions near Bakhmut. Shelling around Izyum stopped.",
        "en",
    ),
    ("u1", "Ukrinform", "2022-09-12", "Обстріл Харкова", "Росіяни знову обстріляли Харків уночі.", "uk"),
    # The README's stories examples search for the Oreshnik missile.
    ("t1", "Mash", "2024-11-21", "Ракета Орешник", "Россия впервые применила ракету Орешник.", "ru"),
]
TEXT = {r[0]: f"{r[3]}\n{r[4]}" for r in RECORDS}
RECORD_OF_KEY = {f"line {n}": r[0] for n, r in enumerate(RECORDS, start=1)}  # a JSONL record's key
BY_ID = {r[0]: r for r in RECORDS}


def has(word: str):
    return {k for k, t in TEXT.items() if word in scan_words(t)}


def written(pattern: str):
    return {k for k, t in TEXT.items() if re.search(pattern, t, re.I)}


def kharkiv():
    """Kharkiv in any script (Харків, Харкова: the same place)."""
    return has("kharkiv") | written(r"харк")


def outlet(name: str):
    return {r[0] for r in RECORDS if r[1] == name}


def month(*months: str):
    return {r[0] for r in RECORDS if r[2][:7] in months}


# The answer to each query of the README's table and of --help, read off the texts.
EXPECTED = {
    "izyum": has("izyum"),
    "strike": written(r"\bstrik(e|es|ing)\b"),
    "shelling bakhmut": has("shelling") & has("bakhmut"),
    "kharkiv izyum": kharkiv() & has("izyum"),
    "kyiv OR kiev": has("kyiv") | has("kiev"),
    "kharkiv NOT izyum": kharkiv() - has("izyum"),
    "izyum -kharkiv": has("izyum") - kharkiv(),
    '"battle of bakhmut"': written(r"battle of bakhmut"),
    "(kyiv OR kiev) AND drone": (has("kyiv") | has("kiev")) & has("drone"),
    "title:ceasefire": {k for k, r in BY_ID.items() if "ceasefire" in scan_words(r[3])},
    'outlet:"The Guardian"': outlet("The Guardian"),
    "place:aleppo": has("aleppo"),
    "lang:uk": {"u1"},
    "date:2022-09": month("2022-09"),
    "date:[2022-09 TO 2022-10]": month("2022-09", "2022-10"),
    "strik*": written(r"\bstrik\w*"),
    "izy?m": has("izyum"),
    "izyum~": has("izyum"),
    "izyum~2": has("izyum"),
    "*": set(TEXT),
}


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory) -> Path:
    from searcher.indexer import build_index

    root = tmp_path_factory.mktemp("ql")
    lines = [
        json.dumps({"id": i, "outlet": o, "date": d, "title": t, "body": b, "language": lang}, ensure_ascii=False)
        for i, o, d, t, b, lang in RECORDS
    ]
    write_files(root / "corpus", {"articles.jsonl": "\n".join(lines) + "\n"})
    build_index([root / "corpus"], root / "index")
    return root / "index"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def found(capsys, index: Path, *args: str) -> set[str]:
    """The record ids (the 'key' of each hit) a search finds, every page."""
    code, out, err = run(capsys, "search", *args, "--index-dir", str(index), "--format", "jsonl", "--all")
    assert code == 0, err
    return {RECORD_OF_KEY[json.loads(line)["key"]] for line in out.splitlines()}


def table_queries() -> list[str]:
    """The queries of the README's query table and of the syntax lines of `search --help`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("| query | finds |")
    table = readme[start : readme.index("\n\n", start)]
    queries = [q for row in table.splitlines()[2:] for q in re.findall(r"`([^`]+)`", row.split("|")[1])]
    from searcher.cli import search_command

    syntax = search_command.help.split("\b")[1]
    for line in syntax.splitlines():
        parts = re.split(r"\s{2,}", line.strip())
        if len(parts) >= 2:
            queries += parts[0].split("  ") if not parts[0].startswith(("strik", "izyum~")) else parts[:-1]
    return sorted(set(q.strip() for q in queries if q.strip()))


def example_commands() -> list[list[str]]:
    """Every `searcher search` and `searcher facets` example of the README and of --help."""
    from searcher.cli import facets_command, search_command

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^\s*(searcher (?:search|facets) .+)$", readme, re.M)
    for command in (search_command, facets_command):
        lines += re.findall(r"^\s*(searcher (?:search|facets) .+)$", command.help, re.M)
    commands = []
    for line in dict.fromkeys(lines):
        line = line.split(" #")[0].split(" > ")[0].strip()
        commands.append(shlex.split(line)[1:])
    return commands


def test_every_documented_query_finds_what_the_texts_hold(fixture_index, capsys):
    queries = table_queries()
    missing = [q for q in queries if q not in EXPECTED]
    assert not missing, f"documented queries without an expected answer here: {missing}"
    assert len(queries) >= 18
    for query_text in queries:
        assert EXPECTED[query_text], f"the corpus holds no answer to {query_text!r}"
        assert found(capsys, fixture_index, query_text) == EXPECTED[query_text], query_text


def test_every_documented_command_runs_and_finds_something(fixture_index, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write a file (-o izium.html) write it here
    commands = example_commands()
    assert len(commands) >= 15
    for args in commands:
        code, out, err = run(capsys, *args, "--index-dir", str(fixture_index))
        assert code == 0, (args, err)
        assert not out.startswith("No results") and "No values" not in out, (args, out)


def test_web_habits(fixture_index, capsys):
    # Several words without quotes; a leading -word is a word, not an option.
    assert found(capsys, fixture_index, "shelling", "bakhmut") == has("shelling") & has("bakhmut")
    assert found(capsys, fixture_index, "-izyum", "bakhmut") == has("bakhmut") - has("izyum")
    assert found(capsys, fixture_index, "izyum", "+kharkiv") == has("izyum") & kharkiv()
    assert found(capsys, fixture_index, "retreat?") == found(capsys, fixture_index, "retreat") == has("retreat")
    # Real options still work among query words.
    code, out, _ = run(capsys, "search", "bakhmut", "-n", "1", "shelling", "--index-dir", str(fixture_index))
    assert code == 0 and "Results 1-1 of 2 for 'bakhmut shelling'" in out.replace("\n", " ")


def test_unknown_field_is_a_usage_error_naming_the_fields(fixture_index, capsys):
    for query_text in ("author:smith", "foo:bar", "places:aleppo"):
        code, _, err = run(capsys, "search", query_text, "--index-dir", str(fixture_index))
        assert code == 2 and "unknown field" in err and "place:, outlet:, date:" in err, err
    # A colon in quotes, or in a URL, is text.
    code, _, _ = run(capsys, "search", '"ceasefire: talks"', "--index-dir", str(fixture_index))
    assert code == 0


def test_phrases_hold_their_small_words_as_written(fixture_index, capsys):
    assert found(capsys, fixture_index, '"battle of bakhmut"') == {"g2"}
    assert found(capsys, fixture_index, '"battle for bakhmut"') == {"g1"}
    assert found(capsys, fixture_index, '"battle at bakhmut"') == set()
    # Inflections still match; the stop word must be the one written.
    assert found(capsys, fixture_index, '"battles of bakhmut"') == {"g2"}
    assert found(capsys, fixture_index, '"bakhmut" -"battle of bakhmut"') == has("bakhmut") - {"g2"}


def test_holds_phrase_against_a_scan():
    from searcher.query import holds_phrase

    phrase = (("battl", False), ("of", True), ("bakhmut", False))
    for key, text in TEXT.items():
        assert holds_phrase(text, phrase) == bool(re.search(r"\bbattles? of bakhmut\b", text, re.I)), key


def test_a_pasted_question_is_ranked_by_the_words_held(fixture_index, capsys):
    from searcher.query import search

    question = "What happened to civilians in Izium after the Russian retreat?"
    words = ["what", "happened", "civilians", "izyum", "after", "russian", "retreat"]
    results = search(fixture_index, question, limit=20)
    assert results.fallback and results.words == len(words)
    held = {
        k: sum(
            w in scan_words(TEXT[k].replace("Izium", "Izyum")) or (w == "happened" and "happen" in TEXT[k])
            for w in words
        )
        for k in TEXT
    }
    assert {RECORD_OF_KEY[h.key]: h.matched_words for h in results.hits} == {k: n for k, n in held.items() if n}
    assert RECORD_OF_KEY[results.hits[0].key] == "n1"  # it holds the most, and the rarest (Izium)
    code, out, _ = run(capsys, "search", *question.split(), "--index-dir", str(fixture_index))
    assert code == 0 and out.startswith("No article has all 7 words; those with some, ranked by the words")
    assert "5 of 7 words" in out
    # Explicitly: every word (nothing here), any word (always ranked so, no such line).
    assert search(fixture_index, question, words="all").total == 0
    anyword = search(fixture_index, "civilians izyum", words="any")
    assert not anyword.fallback and {RECORD_OF_KEY[h.key] for h in anyword.hits} == has("civilians") | has("izyum")
    assert RECORD_OF_KEY[anyword.hits[0].key] == "n1" and anyword.hits[0].matched_words == 2


def test_did_you_mean_only_where_something_is_wrong(fixture_index):
    from searcher.query import search

    assert search(fixture_index, 'outlet:"The Guardian"').suggestion is None
    assert search(fixture_index, '"battle of bakhmut"').suggestion is None
    assert search(fixture_index, "bakhmutt").suggestion == "bakhmut"
    assert search(fixture_index, "retreat?").suggestion is None


def test_forgiving_outlet_and_place_values(fixture_index, capsys):
    for value in ("Guardian", "the guardian", "GUARDIAN", "Guard"):
        assert found(capsys, fixture_index, "*", "--outlet", value) == outlet("The Guardian"), value
    assert found(capsys, fixture_index, "*", "--outlet", "New York Times") == outlet("The New York Times")
    assert found(capsys, fixture_index, "*", "--outlet", "Al Manar") == outlet("Al-Manar")
    assert found(capsys, fixture_index, "outlet:guardian") == outlet("The Guardian")
    assert found(capsys, fixture_index, "*", "--place", "Kharkov") == kharkiv()
    for args, closest in (
        (("--outlet", "Guardain"), "The Guardian"),
        (("--outlet", "Times"), "The New York Times"),
        (("--place", "Izyumm"), "Izium"),
        (("--place", "Narnia"), ""),
    ):
        code, out, err = run(capsys, "search", "*", *args, "--index-dir", str(fixture_index))
        assert code == 1 and not out and err.startswith("Error: ") and closest in err, (args, err)


def test_facets_of_a_search(fixture_index, capsys):
    code, out, _ = run(capsys, "facets", "month", "bakhmut", "--index-dir", str(fixture_index))
    months = sorted({BY_ID[k][2][:7] for k in has("bakhmut")})
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"{len(months)} months with articles, {months[0]} to {months[-1]}:"
    shown = {line.split()[0]: int(line.split()[1]) for line in lines[1:]}
    assert list(shown) == ["2022-09", "2022-10"]  # every month from first to last, in order
    assert shown == {m: sum(BY_ID[k][2].startswith(m) for k in has("bakhmut")) for m in shown}
    code, out, _ = run(capsys, "facets", "outlet", "--outlet", "Guardian", "--index-dir", str(fixture_index))
    assert out.splitlines() == ["1 outlet:", "  The Guardian  3"]
    code, out, _ = run(
        capsys,
        "facets",
        "outlet",
        "*",
        "--from",
        "2016",
        "--to",
        "2016",
        "--format",
        "json",
        "--index-dir",
        str(fixture_index),
    )
    assert json.loads(out) == [{"value": "Al-Manar", "count": 1}, {"value": "Reuters", "count": 1}]


def test_text_fits_80_columns_and_paging_past_the_end(fixture_index, capsys):
    code, out, _ = run(capsys, "search", "*", "--limit", "20", "--index-dir", str(fixture_index))
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 80
    hit_id = re.search(r"\[([0-9a-f]{12})\]", out).group(1)
    code, out, _ = run(capsys, "show", hit_id, "--index-dir", str(fixture_index))
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 80
    code, out, _ = run(capsys, "search", "izyum", "--page", "99", "--index-dir", str(fixture_index))
    pages = -(-len(has("izyum")) // 10)
    assert f"Page 99 is past the end: {len(has('izyum'))} results for 'izyum' make {pages} page" in out
    code, out, _ = run(capsys, "search", "bakhmutt", "--index-dir", str(fixture_index))
    assert "Did you mean: bakhmut?" in out


def test_snippets_mark_every_query_word_and_live_blog_times_are_chrome(fixture_index):
    from searcher.query import get_article, search

    hit = search(fixture_index, "shelling bakhmut").hits[0]
    marked = {hit.snippet.text[s:e].casefold() for s, e in hit.snippet.marks}
    assert {"shelling", "bakhmut"} <= marked
    g1 = next(h for h in search(fixture_index, "*", limit=20).hits if RECORD_OF_KEY[h.key] == "g1")
    assert "Updated at" not in get_article(fixture_index, g1.id)["body"]
    listing = search(fixture_index, "*", filters=_filters(places=("Aleppo",)))
    assert listing.hits and all("Aleppo" in h.snippet.text for h in listing.hits)


def _filters(**kwargs):
    from searcher.query import Filters

    return Filters(**kwargs)


def test_empty_folder_warns_and_fails_under_strict(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "index", str(tmp_path / "empty"), "--index-dir", str(tmp_path / "ix"))
    assert code == 0 and "Warning: no file of a supported type" in err and "0 files read" in out
    code, _, err = run(capsys, "index", str(tmp_path / "empty"), "--index-dir", str(tmp_path / "ix"), "--strict")
    assert code == 1 and "nothing to index" in err
    write_files(tmp_path / "one", {"a.txt": "Shelling in Bakhmut\n\nRussian shelling hit Bakhmut."})
    code, out, _ = run(capsys, "index", str(tmp_path / "one"), "--index-dir", str(tmp_path / "ix"))
    assert code == 0 and "(1 file read" in out and "; 1 document in the index" in out


def test_match_value_equal_loosely_or_by_unambiguous_prefix():
    from searcher.errors import SearcherError
    from searcher.values import match_value

    known = ["The Guardian", "The New York Times", "The New Arab", "Al-Manar", "Al-Alam", "Reuters"]
    assert match_value("guardian", known, "outlet") == "The Guardian"
    assert match_value("NEW YORK", known, "outlet") == "The New York Times"
    assert match_value("al manar", known, "outlet") == "Al-Manar"
    assert match_value("Reut", known, "outlet") == "Reuters"
    with pytest.raises(SearcherError, match="could be 2 outlets.*'The New Arab', 'The New York Times'"):
        match_value("New", known, "outlet")
    with pytest.raises(SearcherError, match="closest: 'Reuters'"):
        match_value("Reuter's", ["Reuters", "TASS"], "outlet")
