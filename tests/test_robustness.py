"""Kills, concurrent use, hostile input: the index survives, nothing hangs, nothing crashes.

The long mutation fuzz run is bench/fuzz.py (see the README); the property-based tests here
are its short, always-run counterpart.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import corpora_or_skip, index_files, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searcher.errors import IndexLockedError, IndexMissingError, SearcherError
from searcher.indexer import build_index, file_states
from searcher.query import Filters, search
from searcher.readers import READERS, ReadOptions, read_file
from searcher.records import Article, Skipped
from searcher.schema import open_index

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def searcher_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "searcher", *args]


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        m = re.search(r"^PPid:\s+(\d+)", text, re.M)
        if m and int(m.group(1)) == pid:
            found.append(int(status.parent.name))
    return found


# Kills


def committed_state(index_dir: Path, corpus: Path, batch: int, total: int) -> int:
    """Check that the index holds a state some commit left: whole files, each as it is on disk,
    in a number of records a commit can leave; searching works. Returns that number."""
    try:
        ix = open_index(index_dir)
    except IndexMissingError:
        return 0  # killed before its first commit
    states = file_states(ix)
    for source, (fingerprint, count) in states.items():
        data = Path(source).read_bytes()
        assert fingerprint.startswith(hashlib.sha256(data).hexdigest()[:32]), source
        assert count == 1, source  # an ISW page is one record: all of it or nothing
    documents = ix.doc_count()
    assert documents == len(states)
    assert documents % batch == 0 or documents == total, documents  # no part of a batch
    assert search(index_dir, "Russian", all_hits=False).total == documents  # every report says it
    return documents


def kill_and_resume_until_done(corpus: Path, index_dir: Path, rng: random.Random, kills_wanted: int) -> int:
    """Index `corpus`, SIGKILLing the run at random moments until it finishes or `kills_wanted`
    kills are done, then let it finish; check the committed state after every kill. Returns kills."""
    total = len(list(corpus.glob("*.html")))
    command = searcher_command(
        "index", str(corpus), "--index-dir", str(index_dir), "--outlet", "ISW", "--commit-every", "10", "--jobs", "2"
    )
    kills, before = 0, 0
    while True:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = process.communicate(timeout=rng.uniform(0.8, 4.0) if kills < kills_wanted else 600)
        except subprocess.TimeoutExpired:
            process.kill()  # SIGKILL, to this process only: its workers must not outlive it
            process.communicate()
            kills += 1
            deadline = time.monotonic() + 3
            while children_of(process.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not children_of(process.pid), "worker processes outlived a killed run"
            now = committed_state(index_dir, corpus, 10, total)
            assert now >= before  # a later run never loses what an earlier one committed
            before = now
            continue
        assert process.returncode == 0, err
        # The run that finished went on from the last commit instead of starting over.
        assert re.search(rf"{before} unchanged", out), out
        assert committed_state(index_dir, corpus, 10, total) == total
        return kills


@pytest.mark.acceptance
def test_sigkill_at_random_moments_loses_at_most_a_batch(tmp_path):
    isw = corpora_or_skip("isw")
    rng = random.Random(20261122)
    kills = 0
    # A fast machine may finish the whole corpus in fewer than 20 kills: then index it again,
    # from nothing, into a new folder, until 20 kills have been survived.
    for attempt in range(20):
        kills += kill_and_resume_until_done(isw, tmp_path / f"index-{attempt}", rng, 20 - kills)
        if kills >= 20:
            break
    assert kills >= 20


# Concurrent use


def test_searching_while_indexing_sees_the_last_commit(tmp_path):
    corpus = write_files(
        tmp_path / "c",
        {f"{i:04d}.txt": f"Report number {i} on Kharkiv\nShelling in Kharkiv, day {i}.\n" for i in range(1200)},
    )  # enough for ~4 s of commits: the first search here takes ~1 s (no lexicon until the run ends)
    index_dir = tmp_path / "index"
    process = subprocess.Popen(
        searcher_command("index", str(corpus), "--index-dir", str(index_dir), "--commit-every", "25", "--jobs", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    while process.poll() is None:
        try:
            seen.append(search(index_dir, "kharkiv").total)
        except IndexMissingError:
            pass
        time.sleep(0.05)
    assert process.returncode == 0, process.stderr.read()
    seen.append(search(index_dir, "kharkiv").total)
    assert seen == sorted(seen) and seen[-1] == 1200
    assert all(n % 25 == 0 for n in seen), seen  # only whole commits are ever visible
    assert len(set(seen)) > 2, seen  # searches did run while the index grew


def hold_lock(index_dir: Path) -> subprocess.Popen:
    """Another process holding the index's lock (until killed)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from searcher.lock import indexing_lock\n"
            "with indexing_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)",
            str(index_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_indexing_run_is_refused_and_a_dead_holder_is_not(tmp_path):
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nbody\n"})
    index_dir = tmp_path / "index"
    holder = hold_lock(index_dir)
    with pytest.raises(IndexLockedError, match=rf"being updated by another process \(pid {holder.pid}\)"):
        build_index([corpus], index_dir)
    holder.kill()
    holder.wait()
    assert (index_dir / "indexing.lock").read_text() == str(holder.pid)  # left behind...
    assert build_index([corpus], index_dir).added == 1  # ...and taken over


def test_locked_error_from_the_command_line(tmp_path):
    index_dir = tmp_path / "index"
    holder = hold_lock(index_dir)
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nbody\n"})
    result = subprocess.run(
        searcher_command("index", str(corpus), "--index-dir", str(index_dir)), capture_output=True, text=True
    )
    holder.kill()
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: the index at {index_dir} is being updated by another process (pid {holder.pid}); "
        "wait for it to finish, then try again\n"
    )


# Hostile input: files


HOSTILE = {
    "unclosed.csv": 'title,text\n"Unclosed quote,body\nnext,row\n',
    "ragged.csv": "title,text\na\nb,c,d,e\n,\n",
    "nul.csv": b"title,text\nwith\x00nul,body\x00text of a row with a stray NUL from a scraper\n"
    + b"row,more text\n" * 10,
    "nocolumns.csv": "a,b\n1,2\n",
    "garbage.json": "{]]]}",
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep-object.json": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "lines.jsonl": '{"title": "ok", "text": "fine"}\n[1,2]\n"string"\n{"title": 5}\n{bad\n',
    "broken.html": "<html><body><p>Unclosed <b>bold <div><table><tr><td>cell" * 50,
    "deep.html": "<div>" * 100_000 + "deep text about Kharkiv" + "</div>" * 100_000,
    "script.html": "<html><body><script>alert(1)</script><p>" + "Real words about Izyum. " * 40 + "</p></body></html>",
    "frontmatter.md": "---\ntitle: [unclosed\nplaces: {a: \n---\nbody\n",
    "frontmatter-list.md": "---\n- just\n- a list\n---\nbody text\n",
    "binary.txt": random.Random(1).randbytes(5000),
    "mixed-encodings.txt": "Заголовок в UTF-8\n".encode() + "а далі cp1251: Київ і Харків\n".encode("cp1251"),
    "utf16-nobom.txt": "Headline without BOM\nText.\n".encode("utf-16-le"),
    "empty.txt": "",
    "empty.csv": "",
    "empty.json": "",
    "empty.html": "",
    "spaces.txt": "   \n\n\t\n",
    "nul.txt": "Title with a\x00 stray NUL\n" + "Body text of the report, with a NUL here\x00 and there. " * 10,
    "long-line.txt": "A headline for the long line\n" + "word " * 200_000 + "\n",
    "control.txt": "Title\x1b[31m red\nBody \x07\x08 bells \x1f\x1e separators. " + "Plain words of the report. " * 20,
}
GOOD = {
    "good-1.txt": "A good report on Kharkiv\nArtillery hit Kharkiv overnight.\n",
    "good-2.csv": "title,text\nGood row one,Text one about Izyum\nGood row two,Text two\n",
    "good-3.jsonl": '{"title": "Good line", "text": "Text about Bakhmut"}\n',
}


def test_hostile_files_are_skipped_with_reasons_and_the_rest_indexed(tmp_path):
    corpus = write_files(tmp_path / "c", {**HOSTILE, **GOOD})
    started = time.monotonic()
    report = build_index([corpus], tmp_path / "index", jobs=1)
    assert time.monotonic() - started < 120  # nothing hangs (time limits per file: readers/__init__.py)
    titles = {h.title for h in search(tmp_path / "index", "*", all_hits=True).hits}
    assert {"A good report on Kharkiv", "Good row one", "Good row two", "Good line"} <= titles
    skipped = {s.where().split("/")[-1]: s.reason for s in report.skipped}
    assert {"nul.txt", "nul.csv", "utf16-nobom.txt", "mixed-encodings.txt"}.isdisjoint(skipped)
    for name in (
        "garbage.json",
        "nocolumns.csv",
        "frontmatter.md",
        "frontmatter-list.md",
        "binary.txt",
        "empty.txt",
        "empty.csv",
        "empty.json",
        "empty.html",
        "spaces.txt",
    ):
        assert name in skipped and skipped[name], name
    assert "deep.json" in skipped and "nested too deeply" in skipped["deep.json"]
    assert any(k.startswith("lines.jsonl (line") for k in skipped)  # bad lines, good ones kept
    assert "ok" in titles
    # Text survives its noise: NULs and control characters out, encodings decoded.
    assert "Title with a stray NUL" in titles and "withnul" in titles and "Headline without BOM" in titles
    assert "Заголовок в UTF-8" in titles  # and its other line, in cp1251:
    assert search(tmp_path / "index", "Київ").total == 1 and search(tmp_path / "index", "bells").total == 1
    assert not any(ord(c) < 32 and c != "\n" for h in search(tmp_path / "index", "bells").hits for c in h.snippet.text)


def test_a_100_mb_file(tmp_path):
    paragraph = "Russian forces shelled Kharkiv and Izyum overnight, the regional governor said. " * 20 + "\n\n"
    path = tmp_path / "c" / "dump.txt"
    path.parent.mkdir()
    with path.open("w", encoding="utf-8") as f:
        f.write("A dump of a hundred megabytes\n")
        for _ in range(100_000_000 // len(paragraph) + 1):
            f.write(paragraph)
    assert path.stat().st_size >= 100_000_000
    report = build_index([path.parent], tmp_path / "index", jobs=1)
    assert report.added == 1 and not report.skipped
    (hit,) = search(tmp_path / "index", "kharkiv").hits
    from searcher.query import get_article

    article = get_article(tmp_path / "index", hit.id)
    assert len(article["body"]) <= 2_000_000
    assert dict(article["extra"])["truncated"].endswith("characters; the first 2,000,000 are indexed")


@FAST
@given(data=st.binary(max_size=3000), extension=st.sampled_from(sorted(READERS)))
def test_readers_survive_any_bytes(data, extension):
    items = list(read_file(Path(f"/fuzz/input{extension}"), data, hashlib.sha256(data).hexdigest(), ReadOptions()))
    assert all(isinstance(i, (Article, Skipped)) for i in items)
    assert all(i.reason for i in items if isinstance(i, Skipped))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["title", "text", "body", "date", "source", "url", "places", "x"]), children, max_size=6
        )
    ),
    max_leaves=30,
)


@FAST
@given(value=json_values)
def test_json_reader_survives_any_structure(value):
    for extension, data in ((".json", json.dumps(value)), (".jsonl", json.dumps(value) + "\n" + json.dumps([value]))):
        raw = data.encode("utf-8", "surrogatepass")
        items = list(read_file(Path(f"/fuzz/x{extension}"), raw, "0" * 64, ReadOptions()))
        assert all(isinstance(i, (Article, Skipped)) for i in items)


@FAST
@given(
    rows=st.lists(st.lists(st.text(max_size=40), min_size=0, max_size=5), max_size=8),
    header=st.lists(
        st.sampled_from(["title", "text", "date", "source", "location", "", "title"]), min_size=1, max_size=5
    ),
)
def test_csv_reader_survives_any_table(rows, header):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    data = out.getvalue().encode("utf-8", "surrogatepass")
    items = list(read_file(Path("/fuzz/x.csv"), data, "0" * 64, ReadOptions()))
    assert all(isinstance(i, (Article, Skipped)) for i in items)


@FAST
@given(text=st.text(max_size=400))
def test_text_reader_survives_any_text(text):
    items = list(read_file(Path("/fuzz/x.md"), text.encode("utf-8", "surrogatepass"), "0" * 64, ReadOptions()))
    assert all(isinstance(i, (Article, Skipped)) for i in items)


# Hostile input: queries


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    files = {
        "a.txt": "Shelling near Izyum\nRussian forces shelled Izyum.\n",
        "b.txt": "Battle of Bakhmut\nThe battle of Bakhmut goes on.\n",
    }
    return index_files(tmp_path_factory.mktemp("q"), files)


ODD_QUERIES = [
    '"',
    '""',
    '"unbalanced',
    "((((",
    "))))",
    "(a OR",
    "NOT",
    "AND OR NOT",
    "*",
    "**",
    "?",
    "~",
    "izyum~9",
    "title:",
    ":izyum",
    "nofield:izyum",
    "place:",
    'outlet:""',
    "[a TO",
    "{a TO b}",
    "date:>2020",
    "^2",
    "izyum^",
    "\\",
    "'",
    "izyum" * 500,
    "x " * 900,
    "\x00",
    "🙂",
    "ізюм і",
    "a" * 3000,
]


@pytest.mark.parametrize("text", ODD_QUERIES)
def test_odd_queries_never_crash(small_index, text):
    try:
        results = search(small_index, text)
    except SearcherError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    else:
        assert results.total >= 0


@FAST
@given(text=st.text(max_size=120), place=st.text(max_size=20), outlet=st.text(max_size=20))
def test_any_query_gives_results_or_a_clear_error(small_index, text, place, outlet):
    try:
        results = search(
            small_index, text or "*", Filters(places=(place,) if place else (), outlets=(outlet,) if outlet else ())
        )
    except SearcherError as exc:
        assert str(exc)
    else:
        assert 0 <= len(results.hits) <= results.total


def test_old_index_is_detected(tmp_path):
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "_searcher_v1_3.toc").write_bytes(b"an index of an older version")
    result = subprocess.run(
        searcher_command("search", "izyum", "--index-dir", str(tmp_path / "index")), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: the index at") and "searcher index --rebuild" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_index_asks_for_a_rebuild(tmp_path):
    corpus = write_files(tmp_path / "c", {"a.txt": "A title here\nbody\n"})
    build_index([corpus], tmp_path / "index")
    toc = next((tmp_path / "index").glob("_searcher_v*.toc"))
    toc.write_bytes(toc.read_bytes()[:20])
    result = subprocess.run(
        searcher_command("search", "title", "--index-dir", str(tmp_path / "index")), capture_output=True, text=True
    )
    assert result.returncode == 1 and "--rebuild" in result.stderr and "Traceback" not in result.stderr
    assert build_index([corpus], tmp_path / "index", rebuild=True).total == 1
    assert os.listdir(tmp_path / "index")
