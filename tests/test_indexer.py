from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import write_files

from searcher.errors import IndexLockedError, IndexMissingError, IndexVersionError
from searcher.indexer import build_index
from searcher.query import search
from searcher.readers import ReadOptions
from searcher.schema import open_index


def counts(report):
    return (report.added, report.updated, report.unchanged, report.removed, len(report.skipped))


def all_titles(index_dir):
    return sorted(h.title for h in search(index_dir, "*", all_hits=True).hits)


def test_incremental_add_change_remove(tmp_path, index_dir):
    corpus = write_files(
        tmp_path / "c",
        {
            "a.txt": "Alpha headline here\nAlpha body.\n",
            "b.txt": "Bravo headline here\nBravo body.\n",
            "rows.csv": "title,text\nRow one,First\nRow two,Second\nRow three,Third\n",
        },
    )
    assert counts(build_index([corpus], index_dir)) == (5, 0, 0, 0, 0)
    again = build_index([corpus], index_dir)
    assert counts(again) == (0, 0, 5, 0, 0) and again.files_read == 0 and again.total == 5

    write_files(
        corpus,
        {
            "a.txt": "Alpha headline changed\nAlpha body.\n",  # changed
            "rows.csv": "title,text\nRow one,First\nRow two,Second changed\n",  # one row fewer
            "c.txt": "Charlie headline here\nCharlie body.\n",  # new
        },
    )
    (corpus / "b.txt").unlink()  # gone
    report = build_index([corpus], index_dir)
    # a.txt updated (1), rows.csv: 2 updated and 1 removed, c.txt added, b.txt removed
    assert counts(report) == (1, 3, 0, 2, 0)
    assert all_titles(index_dir) == ["Alpha headline changed", "Charlie headline here", "Row one", "Row two"]


def test_other_paths_are_left_alone(tmp_path, index_dir):
    first = write_files(tmp_path / "first", {"a.txt": "First path article\nbody\n"})
    second = write_files(tmp_path / "second", {"b.txt": "Second path article\nbody\n"})
    build_index([first], index_dir)
    report = build_index([second], index_dir)
    assert counts(report) == (1, 0, 0, 0, 0) and report.total == 2
    shutil.rmtree(second)
    second.mkdir()
    report = build_index([second], index_dir)  # the second path is now empty: only its record goes
    assert counts(report) == (0, 0, 0, 1, 0)
    assert all_titles(index_dir) == ["First path article"]


def test_removing_a_file_named_explicitly(tmp_path, index_dir):
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nx\n", "ab.txt": "AB title here\nx\n"})
    build_index([corpus], index_dir)
    (corpus / "a.txt").unlink()
    report = build_index([corpus], index_dir)
    assert report.removed == 1 and all_titles(index_dir) == ["AB title here"]  # a prefix is not a folder


def test_changed_options_reread_files(tmp_path, index_dir):
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nx\n"})
    build_index([corpus], index_dir)
    report = build_index([corpus], index_dir, ReadOptions(outlet="Reuters"))
    assert counts(report) == (0, 1, 0, 0, 0)
    assert search(index_dir, "*").hits[0].outlet == "Reuters"


def test_rebuild_starts_over(tmp_path, index_dir):
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nx\n"})
    other = write_files(tmp_path / "o", {"b.txt": "B title here\nx\n"})
    build_index([corpus], index_dir)
    build_index([other], index_dir)
    report = build_index([corpus], index_dir, rebuild=True)
    assert counts(report) == (1, 0, 0, 0, 0) and report.total == 1


def test_bad_files_are_skipped_and_the_rest_indexed(tmp_path, index_dir):
    corpus = write_files(
        tmp_path / "c",
        {
            "good.txt": "A good article title\nbody\n",
            "bad.json": "{broken",
            "junk.txt": bytes(range(256)),
            "rows.jsonl": '{"title": "ok", "text": "fine"}\nnot json\n',
        },
    )
    report = build_index([corpus], index_dir)
    assert (report.added, len(report.skipped)) == (2, 3)
    reasons = {s.where().rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert set(reasons) == {"bad.json", "junk.txt", "rows.jsonl (line 2)"}


def test_unreadable_file_is_skipped(tmp_path, index_dir, monkeypatch):
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nx\n", "locked.txt": "Locked title\nx\n"})
    real_read_bytes = Path.read_bytes

    def read_bytes(path):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = build_index([corpus], index_dir)
    assert report.added == 1
    assert [(s.source.rsplit("/", 1)[-1], s.reason) for s in report.skipped] == [
        ("locked.txt", "cannot read: Permission denied")
    ]


def test_small_batches_commit_as_they_go(tmp_path, index_dir):
    corpus = write_files(tmp_path / "c", {f"{i:03d}.txt": f"Title number {i}\nbody {i}\n" for i in range(25)})
    report = build_index([corpus], index_dir, batch_records=4)
    assert report.added == 25 and open_index(index_dir).doc_count() == 25
    assert len(search(index_dir, "*", all_hits=True).hits) == 25


def test_a_second_writer_gets_a_clear_error(tmp_path, index_dir):
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nx\n"})
    build_index([corpus], index_dir)
    write_files(corpus, {"b.txt": "B title here\nx\n"})
    writer = open_index(index_dir).writer()
    try:
        with pytest.raises(IndexLockedError, match="being updated by another process"):
            build_index([corpus], index_dir)
    finally:
        writer.cancel()


def test_missing_index_and_other_version(tmp_path, index_dir):
    with pytest.raises(IndexMissingError, match="searcher index corpus/"):
        open_index(index_dir)
    index_dir.mkdir()
    (index_dir / "_searcher_v0_1.toc").write_bytes(b"old")
    with pytest.raises(IndexVersionError, match="--rebuild"):
        open_index(index_dir)
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nx\n"})
    with pytest.raises(IndexVersionError):
        build_index([corpus], index_dir)
    assert build_index([corpus], index_dir, rebuild=True).total == 1
    assert not (index_dir / "_searcher_v0_1.toc").exists()


def test_parallel_reading_gives_the_same_index(tmp_path, monkeypatch):
    import searcher.indexer

    rows = "".join(f"Row title {i},Body of row {i} near Kharkiv.\n" for i in range(60))
    corpus = write_files(
        tmp_path / "c",
        {
            **{f"{i:02d}.txt": f"Title number {i} here\nIzyum text {i}.\n" for i in range(12)},
            "big.csv": "title,text\n" + rows,
            "bad.json": "{",
        },
    )
    monkeypatch.setattr(searcher.indexer, "SPLIT_BYTES", 100)  # the CSV is read in parts
    one = build_index([corpus], tmp_path / "one", jobs=1)
    two = build_index([corpus], tmp_path / "two", jobs=2)
    assert counts(one) == counts(two) == (72, 0, 0, 0, 1)
    listing = lambda d: sorted((h.id, h.title, h.places) for h in search(d, "*", all_hits=True).hits)  # noqa: E731
    assert listing(tmp_path / "one") == listing(tmp_path / "two")
    again = build_index([corpus], tmp_path / "two", jobs=2)
    assert counts(again) == (0, 0, 72, 0, 1)
