"""The command line: wiring, exit codes, one-line errors, output formats, documented surface."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import click
import pytest
from conftest import REPO, write_files

from searcher.cli import cli, main


@pytest.fixture(autouse=True)
def _capture(capsys, monkeypatch):
    global _capsys, _monkeypatch
    _capsys, _monkeypatch = capsys, monkeypatch
    monkeypatch.delenv("SEARCHER_INDEX", raising=False)


def run(*args, env=None):
    """Run `searcher ARGS` through main(), the real entry point; return (code, stdout, stderr)."""
    for name, value in (env or {}).items():
        _monkeypatch.setenv(name, value)
    _capsys.readouterr()
    code = main(list(args))
    out, err = _capsys.readouterr()
    return code, out, err


@pytest.fixture
def indexed(tmp_path):
    corpus = write_files(
        tmp_path / "corpus",
        {
            "2022-09-14_izyum.txt": "Izyum retaken by Ukrainian forces\nUkrainian forces retook Izyum after strikes.\n",
            "rows.csv": "headline,text,date,source\nStrikes on Kharkiv,Missile strikes hit Kharkiv.,2022-09-10,Reuters\n",
        },
    )
    index_dir = tmp_path / "index"
    code, out, err = run("index", str(corpus), "--index-dir", str(index_dir))
    assert code == 0, err
    return corpus, index_dir


def test_index_prints_one_summary_line(indexed, tmp_path):
    corpus, index_dir = indexed
    code, out, err = run("index", str(corpus), "--index-dir", str(index_dir))
    assert code == 0
    assert out.startswith("Indexed: 0 added, 0 updated, 2 unchanged, 0 removed, 0 skipped")
    assert out.count("\n") == 1


def test_index_dir_from_environment(indexed):
    _, index_dir = indexed
    code, out, _ = run("stats", env={"SEARCHER_INDEX": str(index_dir)})
    assert code == 0 and out.startswith("2 documents")


def test_search_text_output(indexed):
    _, index_dir = indexed
    code, out, _ = run("search", "izyum", "--index-dir", str(index_dir))
    assert code == 0
    assert "1. Izyum retaken by Ukrainian forces" in out
    assert "2022-09-14 · unknown outlet" in out
    assert "Ukrainian forces retook Izyum after strikes." in out
    assert "\x1b[" not in out  # plain when piped
    assert "Results 1-1 of 1 for 'izyum'" in out


def test_search_json_shape(indexed):
    _, index_dir = indexed
    code, out, _ = run("search", "strike", "--index-dir", str(index_dir), "--format", "json")
    data = json.loads(out)
    assert set(data) >= {"query", "total", "page", "hits", "facets", "suggestion"}
    assert data["total"] == 2 and data["page"] == 1 and data["suggestion"] is None
    assert set(data["hits"][0]) >= {
        "id",
        "title",
        "date",
        "date_source",
        "outlet",
        "places",
        "url",
        "source",
        "score",
        "snippet",
    }
    assert data["facets"]["outlet"] == {"Reuters": 1}
    assert data["facets"]["month"] == {"2022-09": 2}


def test_search_jsonl_and_csv_with_all(indexed):
    _, index_dir = indexed
    _, out, _ = run("search", "*", "--index-dir", str(index_dir), "--format", "jsonl", "--all")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [h["title"] for h in lines] == ["Izyum retaken by Ukrainian forces", "Strikes on Kharkiv"]
    _, out, _ = run("search", "*", "--index-dir", str(index_dir), "--format", "csv", "--limit", "1", "--sort", "oldest")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in rows] == ["Strikes on Kharkiv"] and rows[0]["date_source"] == "meta"


def test_filters_from_the_command_line(indexed):
    _, index_dir = indexed
    _, out, _ = run("search", "--outlet", "reuters", "--index-dir", str(index_dir), "-f", "json")
    assert [h["title"] for h in json.loads(out)["hits"]] == ["Strikes on Kharkiv"]
    _, out, _ = run(
        "search", "strike", "--from", "2022-09-11", "--to", "2022-09", "--index-dir", str(index_dir), "-f", "json"
    )
    assert [h["title"] for h in json.loads(out)["hits"]] == ["Izyum retaken by Ukrainian forces"]


def test_show_and_stats(indexed):
    _, index_dir = indexed
    _, out, _ = run("search", "kharkiv", "--index-dir", str(index_dir), "-f", "json")
    article_id = json.loads(out)["hits"][0]["id"]
    code, out, _ = run("show", article_id, "--index-dir", str(index_dir))
    assert code == 0
    assert out.startswith("Strikes on Kharkiv\n")
    assert "2022-09-10 (from the metadata)" in out and "Reuters (from the metadata)" in out
    assert "(row\u00a01)" in out  # kept on one line whatever the path's length
    assert "Missile strikes hit Kharkiv." in out
    code, out, _ = run("stats", "--index-dir", str(index_dir), "--format", "json")
    stats = json.loads(out)
    assert stats["documents"] == 2 and stats["first_date"] == "2022-09-10" and stats["last_date"] == "2022-09-14"


@pytest.mark.parametrize(
    "args, code, message",
    [
        (
            ["search", "izyum", "--index-dir", "{tmp}/none"],
            1,
            "Error: no index at {tmp}/none; run 'searcher index corpus/' first",
        ),
        (
            ["index", "{tmp}/missing", "--index-dir", "{tmp}/i"],
            1,
            "Error: no such file or folder: {tmp}/missing; check the path and try again",
        ),
        (
            ["search", "x", "--from", "2022-13", "--index-dir", "{tmp}/i"],
            2,
            "Error: invalid date '2022-13'; use a real date as YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            ["show", "nope", "--index-dir", "{index}"],
            1,
            "Error: no article with id 'nope'; copy an id from 'searcher search' output",
        ),
        (
            ["search", "!!!", "--index-dir", "{index}"],
            1,
            "Error: the query '!!!' has no words to search for; use words or a quoted phrase",
        ),
        (
            ["search", "--index-dir", "{index}"],
            2,
            "Error: nothing to search for; give a QUERY, '*' for everything, or a filter such as --place",
        ),
        (
            ["index", "{tmp}/corpus", "--field", "colour=x", "--index-dir", "{tmp}/i"],
            2,
            "Error: unknown field 'colour' in --field colour=x; use one of: title, body, date, outlet, url, places, author, language",
        ),
    ],
)
def test_errors_are_one_line(indexed, tmp_path, args, code, message):
    _, index_dir = indexed
    fill = {"tmp": str(tmp_path), "index": str(index_dir)}
    got, out, err = run(*[a.format(**fill) for a in args])
    assert got == code
    assert err == message.format(**fill) + "\n"
    assert "Traceback" not in out + err


def test_inspect_shows_values_and_their_sources(tmp_path):
    corpus = write_files(
        tmp_path / "c", {"2022-09-14_report.txt": "Shelling near Izyum\nRussian artillery hit Izyum and Kharkiv.\n"}
    )
    code, out, _ = run("inspect", str(corpus / "2022-09-14_report.txt"), "--format", "json")
    (record,) = json.loads(out)
    assert code == 0
    assert (record["title"], record["date"], record["date_source"]) == ("Shelling near Izyum", "2022-09-14", "filename")
    assert [(p["name"], p["region"], p["country"], p["matched"]) for p in record["places"]] == [
        ("Izium", "Kharkiv Oblast", "Ukraine", ["Izyum"]),
        ("Kharkiv", "Kharkiv Oblast", "Ukraine", ["Kharkiv"]),
    ]
    code, out, _ = run("inspect", str(corpus / "2022-09-14_report.txt"))
    assert "date    2022-09-14 (from the file name)" in out and "Izium (Kharkiv Oblast, Ukraine) <- Izyum" in out
    code, _, err = run("inspect", str(tmp_path / "nope.txt"))
    assert code == 1 and err.startswith("Error: no such file:")


def test_facets_group_places_by_country_and_region(indexed):
    _, index_dir = indexed
    code, out, _ = run("facets", "place", "--index-dir", str(index_dir))
    assert code == 0
    assert out.splitlines()[:5] == [
        "2 places in 1 country:",
        "Ukraine (2)",
        "  Kharkiv Oblast (2)",
        "    Izium  1",
        "    Kharkiv  1",
    ]
    code, out, _ = run("facets", "outlet", "--index-dir", str(index_dir), "--format", "json")
    assert json.loads(out) == [{"value": "Reuters", "count": 1}]
    code, out, _ = run("facets", "month", "--index-dir", str(index_dir))
    lines = out.splitlines()
    assert lines[0] == "1 month with articles, 2022-09 to 2022-09:"
    assert lines[1].split()[:2] == ["2022-09", "2"] and set(lines[1].split()[2]) == {"█"}


def test_usage_errors_exit_2(indexed):
    code, _, err = run("search", "--bogus")
    assert code == 2 and "No such option" in err


def test_strict_fails_at_the_end_after_indexing_the_rest(tmp_path):
    corpus = write_files(tmp_path / "c", {"good.txt": "Good title here\nbody\n", "bad.json": "{"})
    code, out, err = run("index", str(corpus), "--index-dir", str(tmp_path / "i"), "--strict")
    assert code == 1
    assert "skipped: " in err and "bad.json: invalid JSON" in err
    assert err.strip().endswith("Error: 1 skipped; fix or remove the files listed above (--strict)")
    assert "1 added" in out
    code, _, _ = run("index", str(corpus), "--index-dir", str(tmp_path / "i"))
    assert code == 0  # without --strict a skip is reported, not fatal


def test_unexpected_errors_are_one_line(monkeypatch, indexed):
    _, index_dir = indexed
    import searcher.query

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(searcher.query, "search", boom)
    code, _, err = run("search", "x", "--index-dir", str(index_dir))
    assert code == 1
    assert (
        err
        == "Error: unexpected RuntimeError: disk on fire; run again with SEARCHER_DEBUG=1 to see where, and report it\n"
    )


# The documented surface


def commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(name):
    help_text = cli.commands[name].get_help(click.Context(cli.commands[name], info_name=name))
    assert "Examples:" in help_text and f"searcher {name}" in help_text


@pytest.mark.parametrize("name", commands())
def test_readme_shows_every_command(name):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"searcher {name}" in readme


def test_readme_starts_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = readme[:600]
    assert "make demo" in head and "make test" in head


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys; from searcher.cli import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('whoosh', 'nltk', 'trafilatura', 'jinja2', 'charset_normalizer') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Usage: " in out and out.strip().splitlines()[-1] == "HEAVY:"


def test_version_names_what_a_bug_report_needs_without_importing_it():
    import platform
    from importlib.metadata import version

    import searcher

    code = (
        "import sys; from searcher.cli import main\n"
        "main(['--version'])\n"
        "heavy = [m for m in ('whoosh', 'nltk', 'trafilatura', 'lxml', 'pagefind') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    lines = out.strip().splitlines()
    assert lines[-1] == "HEAVY:"
    assert lines[0] == f"searcher {searcher.__version__}"
    assert lines[1].startswith(f"Python {platform.python_version()} (")
    assert lines[2:-1] == [
        f"Whoosh {version('whoosh')}",
        f"NLTK {version('nltk')}",
        f"trafilatura {version('trafilatura')}",
        f"lxml {version('lxml')}",
        f"Pagefind {version('pagefind')} (binary: pagefind-bin {version('pagefind-bin')})",
    ]


def test_site_and_html_results_from_the_command_line(indexed, tmp_path):
    _, index_dir = indexed
    code, out, _ = run(
        "site", str(tmp_path / "public"), "--index-dir", str(index_dir), "--no-search", "--title", "Test <b>site</b>"
    )
    assert code == 0 and out.startswith("Site: 2 articles,") and "searcher serve" in out
    home = (tmp_path / "public" / "index.html").read_text("utf-8")
    assert "<title>Test &lt;b&gt;site&lt;/b&gt;</title>" in home
    code, _, err = run("site", str(tmp_path / "public"), "--index-dir", str(index_dir), "--no-search")
    assert code == 0
    write_files(tmp_path / "busy", {"notes.txt": "mine"})
    code, _, err = run("site", str(tmp_path / "busy"), "--index-dir", str(index_dir))
    assert code == 1 and err.startswith("Error: ") and "not a site made by searcher" in err
    code, _, err = run(
        "search", "izyum", "--index-dir", str(index_dir), "--format", "html", "-o", str(tmp_path / "r.html")
    )
    assert code == 0 and err == "Wrote 1 results to " + str(tmp_path / "r.html") + "\n"
    assert "Izyum retaken by Ukrainian forces" in (tmp_path / "r.html").read_text("utf-8")


def test_serve_refuses_a_port_in_use(indexed, tmp_path):
    import socket

    (tmp_path / "public").mkdir()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code, _, err = run("serve", str(tmp_path / "public"), "--port", str(busy.getsockname()[1]))
    assert code == 1 and err.startswith("Error: cannot listen on port")


def test_a_record_key_is_never_wrapped_in_two():
    from searcher.formats import article_text

    for length in range(40, 60):  # the path's length decides where the line breaks
        path = "/tmp/" + "a" * length + "/rows.csv"
        text = article_text({"id": "x", "title": "T", "body": "b", "source": path, "key": "row 1"})
        assert "(row\u00a01)" in text, length
