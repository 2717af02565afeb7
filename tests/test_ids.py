"""Ids that do not depend on the machine: the file's path within the corpus and the record's
key, nothing of where the corpus lies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, corpora_or_skip, write_files

from searcher.indexer import build_index
from searcher.records import article_id

FILES = {
    "a/report.txt": "Shelling in Izyum\nShelling hit Izyum overnight.\n",
    "b/report.txt": "Strikes on Kharkiv\nMissiles hit Kharkiv.\n",
    "rows.csv": "title,body\nFirst row,Text of the first row.\nSecond row,Text of the second row.\n",
}


def stored(index_dir: Path) -> dict[str, tuple[str, str]]:
    """{id: (source, key)} of every record in the index, read from the stored fields."""
    from searcher.schema import open_index

    with open_index(index_dir).searcher() as searcher:
        docs = list(searcher.documents())
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids)), "an id is held by two records"
    return {d["id"]: (d["source"], d["record"]["key"]) for d in docs}


def test_id_is_the_path_within_the_folder_given_and_the_key(tmp_path):
    corpus = write_files(tmp_path / "corpus", FILES)
    build_index([corpus], tmp_path / "index", jobs=1)
    expected = {
        article_id("a/report.txt", ""),
        article_id("b/report.txt", ""),
        article_id("rows.csv", "row 1"),
        article_id("rows.csv", "row 2"),
    }
    assert set(stored(tmp_path / "index")) == expected


def test_a_file_given_alone_is_named_by_its_name(tmp_path):
    corpus = write_files(tmp_path / "corpus", FILES)
    build_index([corpus / "a" / "report.txt"], tmp_path / "index", jobs=1)
    assert set(stored(tmp_path / "index")) == {article_id("report.txt", "")}


def test_several_paths_are_named_from_the_folder_that_holds_them(tmp_path):
    corpus = write_files(tmp_path / "corpus", FILES)
    build_index([corpus / "a", corpus / "b"], tmp_path / "index", jobs=1)
    # Two files called report.txt: their ids differ, as from `searcher index corpus`.
    assert set(stored(tmp_path / "index")) == {article_id("a/report.txt", ""), article_id("b/report.txt", "")}


def test_moving_the_corpus_keeps_every_id_and_replaces_the_old_records(tmp_path):
    old = write_files(tmp_path / "old" / "corpus", FILES)
    index_dir = tmp_path / "index"
    build_index([old], index_dir, jobs=1)
    before = stored(index_dir)
    new = tmp_path / "elsewhere" / "deeper" / "corpus"
    new.parent.mkdir(parents=True)
    shutil.move(old, new)

    report = build_index([new], index_dir, jobs=1)

    after = stored(index_dir)
    assert set(after) == set(before)
    assert all(source.startswith(str(new) + "/") for source, _ in after.values())
    assert (report.added, report.updated, report.removed, report.total) == (0, 4, 0, 4)
    # And the next run finds nothing to do.
    again = build_index([new], index_dir, jobs=1)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 4, 0)


def test_a_file_with_the_same_path_in_another_folder_indexed_apart_keeps_both(tmp_path):
    first = write_files(tmp_path / "2022", {"report.txt": FILES["a/report.txt"]})
    second = write_files(tmp_path / "2023", {"report.txt": FILES["b/report.txt"]})
    index_dir = tmp_path / "index"
    build_index([first], index_dir, jobs=1)

    report = build_index([second], index_dir, jobs=1)

    # The first keeps its id; the second, whose id is taken, has one from its full path.
    records = stored(index_dir)
    assert records == {
        article_id("report.txt", ""): (str(first / "report.txt"), ""),
        article_id(str(second / "report.txt"), ""): (str(second / "report.txt"), ""),
    }
    assert (report.added, report.updated, report.total) == (1, 0, 2)
    # Changed, it is read again and keeps that id; the first keeps its own.
    (second / "report.txt").write_text("Strikes on Kharkiv again\nMore missiles.\n", encoding="utf-8")
    report = build_index([second], index_dir, jobs=1)
    assert (report.added, report.updated, report.total) == (0, 1, 2)
    assert set(stored(index_dir)) == set(records)


def test_a_file_moved_within_the_corpus_gets_new_ids_and_loses_the_old(tmp_path):
    corpus = write_files(tmp_path / "corpus", FILES)
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, jobs=1)
    (corpus / "c").mkdir()
    (corpus / "a" / "report.txt").rename(corpus / "c" / "moved.txt")

    report = build_index([corpus], index_dir, jobs=1)

    ids = set(stored(index_dir))
    assert article_id("c/moved.txt", "") in ids and article_id("a/report.txt", "") not in ids
    assert (report.added, report.removed, report.total) == (1, 1, 4)


@pytest.mark.acceptance
def test_two_copies_of_the_real_corpora_get_the_same_ids(tmp_path):
    """FA-KES, the Guardian/NYT tables and 40 ISW pages, copied to two unrelated folders."""
    shared = corpora_or_skip()
    copies = [tmp_path / "one" / "corpora", tmp_path / "two" / "x" / "y" / "data"]
    for copy in copies:
        shutil.copytree(shared / "fakes", copy / "fakes")
        shutil.copytree(shared / "nyt_guardian", copy / "nyt_guardian")
        (copy / "isw").mkdir()
        for page in sorted((shared / "isw").glob("*.html"))[:40]:
            shutil.copy(page, copy / "isw" / page.name)
    found = []
    for number, copy in enumerate(copies):
        build_index([copy], tmp_path / f"index{number}")
        records = stored(tmp_path / f"index{number}")
        found.append({i: (str(Path(source).relative_to(copy)), key) for i, (source, key) in records.items()})
    assert len(found[0]) == 804 + 188 + 219 + 40, len(found[0])  # every row and page
    assert found[0] == found[1]


def test_ids_quoted_in_the_readme_and_the_help_exist_in_the_demo_index(tmp_path):
    """The examples must work after `make demo`, which indexes corpus/."""
    from searcher.cli import cli
    from searcher.query import get_article

    texts = [(REPO / "README.md").read_text(encoding="utf-8"), cli.commands["show"].help or ""]
    quoted = {
        i
        for text in texts
        for i in re.findall(r"searcher show ([0-9a-f]{6,12})\b|\[([0-9a-f]{12})\]", text)
        for i in i
        if i
    }
    quoted |= set(re.findall(r"^id +([0-9a-f]{12})$", texts[0], re.M))
    assert quoted, "no id found in the README (then drop this test)"
    build_index([REPO / "corpus"], tmp_path / "index", jobs=1)
    for article in quoted:
        assert get_article(tmp_path / "index", article)["id"] == article
