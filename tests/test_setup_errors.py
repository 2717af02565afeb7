"""Failures of the installation stop a run at once with one line; failures of a file skip it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import write_files

from searcher.cli import main

PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shelling of {town}</title></head>'
    "<body><article><h1>Shelling of {town}</h1>"
    "<p>Shelling hit {town} overnight, the regional administration said on Monday morning.</p>"
    "<p>Rescuers worked through the day to free people trapped under the rubble of two buildings.</p>"
    "</article></body></html>"
)
MISSING = (
    "Error: cannot read .html files: lxml.html.clean is missing; "
    "run 'pip install lxml_html_clean' or reinstall searcher\n"
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(index_dir: Path) -> tuple[int, dict[str, tuple[str, str]]]:
    """The index's last commit: its generation and {id: (source, title)}."""
    from searcher.schema import open_index

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        return ix.latest_generation(), {d["id"]: (d["source"], d["title"]) for d in searcher.documents()}


@pytest.fixture
def indexed(tmp_path, capsys):
    corpus = write_files(
        tmp_path / "corpus",
        {"izyum.html": PAGE.format(town="Izyum"), "note.txt": "Kharkiv note\nStrikes on Kharkiv.\n"},
    )
    index_dir = tmp_path / "index"
    code, out, err = run(capsys, "index", str(corpus), "--index-dir", str(index_dir))
    assert code == 0 and out.startswith("Indexed: 2 added"), err
    # Then the corpus changes: a new page, a new note, an edited page.
    write_files(
        corpus,
        {
            "bakhmut.html": PAGE.format(town="Bakhmut"),
            "izyum.html": PAGE.format(town="Izium"),
            "new.txt": "Kupiansk note\nStrikes on Kupiansk.\n",
        },
    )
    return corpus, index_dir


def test_a_missing_reader_module_stops_the_run_and_leaves_the_last_commit(indexed, capsys, monkeypatch):
    corpus, index_dir = indexed
    before = snapshot(index_dir)
    monkeypatch.setitem(sys.modules, "lxml.html.clean", None)  # `import lxml.html.clean` fails

    code, out, err = run(capsys, "index", str(corpus), "--index-dir", str(index_dir))

    assert (code, out, err) == (1, "", MISSING)
    assert snapshot(index_dir) == before


COURLAN = "Error: cannot read .html files: courlan is missing; run 'pip install courlan' or reinstall searcher\n"


@pytest.mark.parametrize(
    "jobs, error, message",
    [
        ("1", ModuleNotFoundError("No module named 'courlan'", name="courlan"), COURLAN),
        ("2", ModuleNotFoundError("No module named 'courlan'", name="courlan"), COURLAN),
        # What lxml 6 raises in place of lxml.html.clean (the failure seen with pip 23.2.1).
        ("2", ImportError("lxml.html.clean module is now a separate project lxml_html_clean."), MISSING),
    ],
)
def test_an_import_error_while_reading_stops_the_run(indexed, capsys, monkeypatch, jobs, error, message):
    """One that the check before the run cannot see (a module imported as a page is read),
    met in a reading process: the run stops with nothing of it committed, not even the notes."""
    from searcher import readers

    def failing_read(data, overrides):
        raise error
        yield

    corpus, index_dir = indexed
    before = snapshot(index_dir)
    monkeypatch.setitem(readers.READERS, ".html", failing_read)

    code, out, err = run(capsys, "index", str(corpus), "--index-dir", str(index_dir), "--jobs", jobs)

    assert (code, out, err) == (1, "", message)
    assert snapshot(index_dir) == before
    # Fixed, the same command goes on.
    monkeypatch.undo()
    code, out, err = run(capsys, "index", str(corpus), "--index-dir", str(index_dir), "--jobs", jobs)
    assert code == 0 and out.startswith("Indexed: 2 added, 1 updated, 1 unchanged, 0 removed, 0 skipped"), err


def test_a_fault_of_one_file_is_a_skip_not_a_stop(tmp_path, capsys):
    corpus = write_files(
        tmp_path / "corpus",
        {"good.html": PAGE.format(town="Izyum"), "empty.html": "<html><body></body></html>", "bad.json": "{"},
    )
    code, out, err = run(capsys, "index", str(corpus), "--index-dir", str(tmp_path / "index"))
    assert code == 0
    assert out.startswith("Indexed: 1 added, 0 updated, 0 unchanged, 0 removed, 2 skipped")
    assert err.count("skipped: ") == 2 and "Warning" not in err


def test_most_files_of_a_type_failing_alike_is_said_in_one_line(tmp_path, capsys):
    tables = {f"t{n}.csv": "alpha,beta\n1,2\n" for n in range(3)}
    tables["good.csv"] = "title,body\nStrikes,Strikes on Kharkiv.\n"
    corpus = write_files(tmp_path / "corpus", tables)
    code, out, err = run(capsys, "index", str(corpus), "--index-dir", str(tmp_path / "index"))
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("Warning: ")]
    (reason,) = {line.split(": ", 2)[2] for line in err.splitlines() if line.startswith("skipped: ")}
    assert warnings == [
        f"Warning: 3 of 4 .csv files were skipped for the same reason ({reason}): "
        "check the installation (searcher --version) and the options"
    ]


def test_a_missing_pagefind_binary_stops_the_site_before_writing(indexed, capsys, monkeypatch):
    import pagefind.service

    _, index_dir = indexed
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    site = index_dir.parent / "site"

    code, out, err = run(capsys, "site", str(site), "--index-dir", str(index_dir))

    assert (code, out) == (1, "")
    assert err == (
        "Error: cannot build the site's search: the Pagefind binary is missing; "
        """run 'pip install "pagefind[bin]"' or reinstall searcher (or build with --no-search)\n"""
    )
    assert not site.exists()
