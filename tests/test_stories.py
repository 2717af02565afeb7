"""Stories (#15): copies grouped at index time, kept up to date incrementally, collapsed in the
CLI, JSON and the site, corrected by a stories.toml; the labelled pairs are well formed."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import REPO, write_files

from searcher import stories
from searcher.indexer import build_index

WIRE = (
    "Russian forces shelled the town of Izium on Tuesday morning, killing three civilians and wounding "
    "seven others, the regional governor said in a statement. Rescue teams worked through the night "
    "to clear the rubble of two apartment buildings near the central market."
)
OTHER = (
    "Grain exports from the port of Odesa resumed on Monday after months of blockade, with the first "
    "ship leaving for Lebanon under a deal brokered by Turkey and the United Nations in Istanbul."
)


def article(title: str, date: str, outlet: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\noutlet: {outlet}\n---\n{body}\n"


def members(index_dir: Path) -> dict[str, tuple[str, str]]:
    """{record id: (story, relation)} straight from the story table."""
    con = sqlite3.connect(index_dir / stories.FILE)
    try:
        return {
            rid: (story, relation) for rid, story, relation in con.execute("SELECT id, story, relation FROM members")
        }
    finally:
        con.close()


def ids_by_file(index_dir: Path) -> dict[str, str]:
    from searcher.schema import open_index

    with open_index(index_dir).searcher() as s:
        return {Path(d["source"]).name: d["id"] for d in s.documents()}


# ---- the decision rule and the grouping ---------------------------------------------------


def test_copies_are_one_story_and_other_text_is_not():
    _, a = stories.sketch(WIRE, "2022-04-05")
    _, b = stories.sketch(WIRE + " Read the latest on our live page.", "2022-04-06")
    _, c = stories.sketch(OTHER, "2022-04-05")
    assert stories.same_story(a, b) > 0.8
    assert stories.same_story(a, c) is None


def test_short_posts_of_one_template_differ_by_number_or_day():
    def short(text, date):
        return stories.sketch(text, date)[1]

    rate = "⚡️Доллар поднялся выше {} рублей на бирже, — данные торгов московской биржи сегодня"
    assert stories.same_story(short(rate.format(104), "2024-11-23"), short(rate.format(106), "2024-11-23")) is None
    assert stories.same_story(short(rate.format(104), "2024-11-23"), short(rate.format(104), "2024-11-23")) == 1.0
    assert stories.same_story(short(rate.format(104), "2024-11-23"), short(rate.format(104), "2024-11-30")) is None


def test_channel_signatures_do_not_count():
    body = "Президент Южной Кореи объявил о введении военного положения в стране, передает агентство Рёнхап"
    with_chrome = body + "\n👉 Топор Live. Подписаться\n📩 Прислать новость"
    assert stories.story_words(with_chrome) == stories.story_words(body)


def _bodies_sharing_paragraphs(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """Bodies drawn from a few shared paragraphs (many near copies and partial overlaps, as in
    bench/make_corpus.py), some short enough for the tests of short posts; with dates."""
    import random

    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(300)]
    paragraphs = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 30))) + f" {rng.randint(1, 9)}" for _ in range(25)]
    bodies = []
    for _ in range(count):
        text = " ".join(rng.sample(paragraphs, rng.randint(1, 4)))
        bodies.append((text, f"2022-04-{rng.randint(1, 9):02d}"))
    return bodies


def _shares_a_band(a: bytes, b: bytes) -> bool:
    from array import array

    x, y = array("I", a), array("I", b)
    return any(x[2 * band : 2 * band + 2] == y[2 * band : 2 * band + 2] for band in range(stories.BANDS))


def test_story_edges_are_the_pairs_a_plain_comparison_finds():
    bodies = _bodies_sharing_paragraphs(120)
    # repeated rows: copies on the same day (one stands for the others) and on another day
    # (a short post's copy a week later is another story)
    bodies += [bodies[k] for k in range(0, 30, 3)] + [(body, "2022-05-20") for body, _ in bodies[:10]]
    sketches = [stories.sketch(body, date)[1] for body, date in bodies]
    expected = {
        (i, j): score
        for i in range(len(sketches))
        for j in range(i)
        if _shares_a_band(sketches[i].signature, sketches[j].signature)
        and (score := stories.same_story(sketches[i], sketches[j])) is not None
    }
    assert 50 < len(expected) < len(sketches) ** 2 / 4  # the bodies give both kinds of pair
    assert any(min(sketches[i].words, sketches[j].words) < stories.SHORT_WORDS for i, j in expected)
    for new in ([True] * len(sketches), [k % 3 == 1 for k in range(len(sketches))]):
        wanted = {pair: score for pair, score in expected.items() if new[pair[0]] or new[pair[1]]}
        found = {(max(i, j), min(i, j)): score for score, i, j in stories.story_edges(sketches, new)}
        # every edge is a pair that is one story, with its similarity ...
        assert {pair: expected.get(pair) for pair in found} == found
        # ... and with the edges of earlier runs (between records not new) they connect what
        # all pairs connect (the copies of one row meet the rest through one of them, which
        # may be a record not new)
        earlier = {pair: score for pair, score in expected.items() if pair not in wanted}
        assert _components({**found, **earlier}) == _components(expected)
        assert len(found) < len(wanted)
    assert any(not new[3 * m] and new[120 + m] for m in range(10))  # a new copy of an old row


def test_many_copies_of_one_row_keep_one_edge_each():
    # a data set that repeats a row 2,000 times: one edge per copy, not one per pair of copies
    _, own = stories.sketch(WIRE, "2022-04-05")
    assert stories.story_edges([own] * 2000, [True] * 2000) == [(1.0, k, 0) for k in range(1, 2000)]
    # near copies, each a word apart from the others: still one edge per copy, most similar first
    near = [stories.sketch(f"{WIRE} {OTHER} variant{k}", "2022-04-05")[1] for k in range(300)]
    edges = stories.story_edges(near, [True] * 300)
    assert len(edges) == 299 and _components({(i, j): s for s, i, j in edges}) == [list(range(300))]
    assert [s for s, _, _ in edges] == sorted((s for s, _, _ in edges), reverse=True)


def _components(pairs) -> list[set[int]]:
    return sorted(map(sorted, stories.group({x for p in pairs for x in p}, [(1.0, a, b) for a, b in pairs], [])))


def test_document_numbers_of_ids_after_updates(tmp_path):
    from searcher.schema import open_index

    files = {f"{k}.md": article(f"Report {k}", "2022-04-05", "AP", f"{OTHER} {k}") for k in range(6)}
    corpus = write_files(tmp_path / "corpus", files)
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, jobs=1)
    write_files(corpus, {"2.md": article("Report 2", "2022-04-06", "AP", WIRE)})  # the same id, a new document
    (corpus / "4.md").unlink()
    build_index([corpus], index_dir, jobs=1)
    with open_index(index_dir).reader() as reader:
        assert reader.has_deletions()  # the old version of 2.md is still in its segment
        live = {reader.stored_fields(d)["id"]: d for d in reader.all_doc_ids()}
        assert len(live) == 5
        assert stories._docnums(reader) == live


def test_a_table_of_an_older_version_is_made_anew(tmp_path):
    from dataclasses import replace

    from searcher.query import search
    from searcher.schema import open_index

    corpus = write_files(
        tmp_path / "corpus",
        {
            "a.md": article("Izium shelled", "2022-04-05", "Reuters", WIRE),
            "b.md": article("Izium", "2022-04-06", "Ukrinform", WIRE + " Updated."),
        },
    )
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, jobs=1)
    grouped = members(index_dir)
    assert len(grouped) == 2
    # as an older searcher left it: another version, another layout
    con = sqlite3.connect(index_dir / stories.FILE)
    with con:
        con.execute("UPDATE meta SET value = '1' WHERE key = 'version'")
        con.execute("CREATE TABLE bands (key INTEGER NOT NULL, id TEXT NOT NULL)")
    con.close()
    generation = open_index(index_dir).latest_generation()
    stories._write_array(index_dir, generation, replace(stories.load_array(index_dir, generation), version=""))
    assert stories.connect(index_dir) is None
    assert stories.load_array(index_dir, generation) is None
    assert search(index_dir, "izium", duplicates="collapse").total == 2  # every record, no wrong grouping
    build_index([corpus], index_dir, jobs=1)  # nothing to read: the table is made anew
    assert members(index_dir) == grouped
    con = sqlite3.connect(index_dir / stories.FILE)
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert "bands" not in tables
    assert search(index_dir, "izium", duplicates="collapse").total == 1


def test_group_keeps_apart_what_is_split():
    edges = [(0.9, "a", "b"), (0.8, "b", "c"), (0.7, "c", "d")]
    assert sorted(map(sorted, stories.group("abcd", edges, []))) == [["a", "b", "c", "d"]]
    # a and d apart: the weakest edge that would join them is the one left out
    assert sorted(map(sorted, stories.group("abcd", edges, [("a", "d")]))) == [["a", "b", "c"]]


def test_corrections_file(tmp_path):
    path = write_files(tmp_path, {"stories.toml": 'join = [["a", "b", "c"]]\nsplit = [["x", "y"]]\n'}) / "stories.toml"
    assert stories.read_corrections(path) == stories.Corrections((("a", "b"), ("a", "c")), (("x", "y"),))
    bad = write_files(tmp_path, {"bad.toml": 'join = ["a", "b"]\n'}) / "bad.toml"
    from searcher.errors import UsageError

    with pytest.raises(UsageError):
        stories.read_corrections(bad)


# ---- incremental: add a copy, delete the origin, a run that did not update the table -------


def test_a_new_copy_joins_and_a_deleted_origin_hands_over(tmp_path):
    corpus = write_files(
        tmp_path / "corpus",
        {
            "a.md": article("Izium shelled", "2022-04-05", "Reuters", WIRE),
            "c.md": article("Grain", "2022-04-05", "AP", OTHER),
        },
    )
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, jobs=1)
    assert members(index_dir) == {}  # nothing to group yet
    hashed_before = _records(index_dir)

    write_files(corpus, {"b.md": article("Izium", "2022-04-06", "Ukrinform", WIRE + " Updated with the toll.")})
    write_files(corpus, {"d.md": article("Izium attack", "2022-04-07", "Kyiv Post", WIRE + " More to follow.")})
    build_index([corpus], index_dir, jobs=1)
    ids = ids_by_file(index_dir)
    table = members(index_dir)
    assert table == {
        ids["a.md"]: (ids["a.md"], "origin"),
        ids["b.md"]: (ids["a.md"], "near copy"),
        ids["d.md"]: (ids["a.md"], "near copy"),
    }
    # the files already there were not hashed again (their rows are the same rows)
    assert {k: v for k, v in _records(index_dir).items() if k in hashed_before} == hashed_before
    # edges enough to connect the story, not every similar pair: b and d meet only through a,
    # so deleting a must link them again
    assert _edges(index_dir) == 2

    (corpus / "a.md").unlink()
    build_index([corpus], index_dir, jobs=1)
    assert members(index_dir) == {
        ids["b.md"]: (ids["b.md"], "origin"),  # the earliest dated member left
        ids["d.md"]: (ids["b.md"], "near copy"),
    }


def _edges(index_dir: Path) -> int:
    con = sqlite3.connect(index_dir / stories.FILE)
    try:
        return con.execute("SELECT count(*) FROM edges").fetchone()[0]
    finally:
        con.close()


def _records(index_dir: Path) -> dict:
    con = sqlite3.connect(index_dir / stories.FILE)
    try:
        return {r[0]: r for r in con.execute("SELECT id, seq, text_hash, signature FROM records")}
    finally:
        con.close()


def test_a_run_that_left_the_table_behind_is_caught_up(tmp_path):
    from searcher.query import search

    corpus = write_files(tmp_path / "corpus", {"a.md": article("Izium shelled", "2022-04-05", "Reuters", WIRE)})
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, jobs=1)
    write_files(corpus, {"b.md": article("Izium", "2022-04-06", "Ukrinform", WIRE)})
    build_index([corpus], index_dir, jobs=1, stories=False)  # as if killed after the index's commit
    # the table is of an older commit: searches show every record rather than a wrong grouping
    assert search(index_dir, "izium", duplicates="collapse").total == 2
    build_index([corpus], index_dir, jobs=1)  # nothing to read: the table catches up
    assert search(index_dir, "izium", duplicates="collapse").total == 1
    ids = ids_by_file(index_dir)
    assert members(index_dir)[ids["b.md"]] == (ids["a.md"], "exact copy")


def test_corrections_split_and_join(tmp_path):
    corpus = write_files(
        tmp_path / "corpus",
        {
            "a.md": article("Izium shelled", "2022-04-05", "Reuters", WIRE),
            "b.md": article("Izium", "2022-04-06", "Ukrinform", WIRE),
            "c.md": article("Grain", "2022-04-05", "AP", OTHER),
        },
    )
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, jobs=1)
    ids = ids_by_file(index_dir)
    assert set(members(index_dir)) == {ids["a.md"], ids["b.md"]}
    toml = write_files(
        tmp_path,
        {
            "stories.toml": f'split = [["{ids["a.md"]}", "{ids["b.md"]}"]]\njoin = [["{ids["a.md"]}", "{ids["c.md"]}"]]\n'
        },
    )
    build_index([corpus], index_dir, jobs=1, stories=toml / "stories.toml")
    assert members(index_dir) == {ids["a.md"]: (ids["a.md"], "origin"), ids["c.md"]: (ids["a.md"], "near copy")}


# ---- collapse in the CLI, JSON and the site -----------------------------------------------


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    root = tmp_path_factory.mktemp("stories")
    corpus = write_files(
        root / "corpus",
        {
            "a.md": article("Izium shelled", "2022-04-05", "Reuters", WIRE),
            "b.md": article("Izium shelled again", "2022-04-06", "Ukrinform", WIRE + " Updated."),
            "c.md": article("Izium copy", "2022-04-07", "Kyiv Post", WIRE),
            "d.md": article("Grain from Izium farms", "2022-04-05", "AP", OTHER + " Farmers near Izium wait."),
        },
    )
    build_index([corpus], root / "index", jobs=1)
    return root, root / "index", ids_by_file(root / "index")


def cli(*args):
    from click.testing import CliRunner

    from searcher.cli import cli as command

    result = CliRunner().invoke(command, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_collapses_by_default_and_shows_on_request(indexed):
    _, index_dir, ids = indexed
    out = cli("search", "izium", "--index-dir", index_dir)
    assert out.count("Izium") >= 2 and "(2 stories in 4 articles: each story once.)" in " ".join(out.split())
    assert "+2 similar: " in out and "(first: Reuters, 2022-04-05)" in out
    assert "Counts are of stories:" in out and "Outlets: " in out
    shown = cli("search", "izium", "--index-dir", index_dir, "--duplicates", "show", "--count", "articles")
    assert "Results 1-4 of 4 " in shown and "Counts are of articles:" in shown


def test_json_and_jsonl_give_story_and_copies(indexed):
    _, index_dir, ids = indexed
    data = json.loads(cli("search", "izium", "--index-dir", index_dir, "--format", "json"))
    assert data["duplicates"] == "collapse" and data["total"] == 2 and data["count"] == "stories"
    story_hit = next(h for h in data["hits"] if h["story"])
    assert story_hit["story"] == ids["a.md"]
    assert {c["id"] for c in story_hit["copies"]} | {story_hit["id"]} == {ids["a.md"], ids["b.md"], ids["c.md"]}
    assert {c["relation"] for c in story_hit["copies"] if c["id"] == ids["c.md"]} <= {"exact copy", "origin"}
    # facet counts in stories: each outlet's story once, the month's two stories
    assert data["facets"]["month"] == {"2022-04": 2} and data["facets"]["place"]["Izium"] == 2
    lines = cli("search", "izium", "--index-dir", index_dir, "--format", "jsonl", "--duplicates", "show").splitlines()
    hits = [json.loads(line) for line in lines]
    assert len(hits) == 4 and {h["story"] for h in hits} == {ids["a.md"], None}
    articles = json.loads(cli("search", "izium", "--index-dir", index_dir, "-f", "json", "--count", "articles"))
    assert articles["facets"]["month"] == {"2022-04": 4}


def test_a_large_story_lists_its_first_copies_and_counts_them_all(tmp_path):
    """30 reposts of one report: a hit lists the first 20 other versions by date and counts all
    29 (a search never reads every member of a story of thousands)."""
    from searcher.query import COPIES_LISTED, Filters, search

    files = {f"r{n:02}.md": article(f"Izium {n}", f"2022-04-{n + 1:02}", f"Outlet {n:02}", WIRE) for n in range(30)}
    files["other.md"] = article("Odesa", "2022-04-05", "Reuters", OTHER)
    index_dir = tmp_path / "index"
    build_index([write_files(tmp_path / "corpus", files)], index_dir)
    (hit,) = search(index_dir, "izium", duplicates="collapse").hits
    assert hit.copies_total == 29 and len(hit.copies) == COPIES_LISTED == 20
    others = sorted(f"2022-04-{n + 1:02}" for n in range(30) if f"2022-04-{n + 1:02}" != hit.date)
    assert [c["date"] for c in hit.copies] == others[:20]  # the earliest 20 of the other 29
    assert hit.first == {"id": hit.story, "outlet": "Outlet 00", "date": "2022-04-01"}
    assert "+29 similar: Outlet" in cli("search", "izium", "--index-dir", index_dir)
    # a narrower search: only the copies it matches are listed and counted
    early = Filters(date_from="2022-04-01", date_to="2022-04-03")
    (narrow,) = search(index_dir, "izium", early, duplicates="collapse").hits
    assert narrow.copies_total == 2 and len(narrow.copies) == 2


def test_show_lists_the_other_versions_with_the_origin_marked(indexed):
    _, index_dir, ids = indexed
    out = cli("show", ids["c.md"], "--index-dir", index_dir)
    assert "Other versions of this story (2; * first published):" in out
    assert f" * [{ids['a.md']}] Reuters · 2022-04-05 · origin" in out
    assert f"   [{ids['b.md']}] Ukrinform · 2022-04-06 · near copy, similarity" in out
    assert "Other versions" not in cli("show", ids["d.md"], "--index-dir", index_dir)


def test_site_lists_versions_and_collapses_browse_pages(indexed):
    from searcher.site import build_site

    root, index_dir, ids = indexed
    build_site(index_dir, root / "site", search=False)
    page = (root / "site" / "articles" / ids["b.md"] / "index.html").read_text()
    assert "Other versions of this story" in page
    assert f'href="../../articles/{ids["a.md"]}/index.html"' in page and "first published" in page
    outlet_pages = list((root / "site" / "months").glob("2022-04*/index.html"))
    month = outlet_pages[0].read_text()
    # four articles, two stories: the story once, its copies in the '+2 similar' line
    assert "4 articles in 2 stories" in month
    assert month.count('<li class="article">') == 2 and "+2 similar:" in month


# ---- the labelled pairs -------------------------------------------------------------------


def test_labelled_pairs_are_well_formed():
    lines = [
        line for line in (REPO / "tests/data/story_pairs.tsv").read_text().splitlines() if not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert len(rows) >= 300
    assert {r["label"] for r in rows} == {"0", "1"}
    assert sum(r["label"] == "0" for r in rows) >= 100  # hard negatives
    assert all(r["why"].strip() for r in rows)
    assert len({(r["file_a"], r["key_a"], r["file_b"], r["key_b"]) for r in rows}) == len(rows)
