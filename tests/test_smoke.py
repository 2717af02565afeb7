"""A quick smoke of the installed command: one file of each supported type indexed, searched
and built into a site. `make test-latest` runs it against the newest release of every
dependency; here it runs against the lock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from searcher.readers import READERS


def _page(word: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report {word} | Example</title>'
        '<meta property="og:site_name" content="Example"></head><body><nav>Home | World</nav><article>'
        f"<h1>Report {word}</h1>"
        f"<p>Shelling hit the village of {word} overnight, the regional administration said on Monday.</p>"
        "<p>Rescuers worked through the day to free people trapped under the rubble of two buildings.</p>"
        "<p>It was the third attack on the district this week, according to the regional governor.</p>"
        "</article><footer>Copyright Example.</footer></body></html>"
    )


def _text(word: str) -> str:
    return f"Report {word}\nShelling hit the village of {word} overnight, officials said.\n"


# One file per extension, each naming its own made-up word (found by search below).
SAMPLES = {
    ".txt": _text("zorvath"),
    ".text": _text("hobrenk"),
    ".md": f"---\ntitle: Report quillby\ndate: 2022-03-01\n---\n{_text('quillby')}",
    ".markdown": "# Report fennaway\n\nShelling hit the village of fennaway overnight.\n",
    ".html": _page("brantor"),
    ".htm": _page("velmish"),
    ".xhtml": _page("dranwick"),
    ".csv": "title,body,date\nReport ossilar,Shelling hit the village of ossilar overnight.,2022-03-02\n",
    ".tsv": "title\tbody\nReport pemtrow\tShelling hit the village of pemtrow overnight.\n",
    ".json": json.dumps([{"title": "Report kalvesh", "body": "Shelling hit the village of kalvesh overnight."}]),
    ".jsonl": json.dumps({"title": "Report murdane", "body": "Shelling hit the village of murdane overnight."}) + "\n",
    ".ndjson": json.dumps({"title": "Report tiskelo", "body": "Shelling hit the village of tiskelo overnight."}) + "\n",
}


def searcher(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed command, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "searcher", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_every_supported_type_has_a_sample():
    assert set(SAMPLES) == set(READERS)


def test_index_search_and_site_over_every_supported_type(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for ext, content in SAMPLES.items():
        (corpus / f"sample{ext}").write_text(content, encoding="utf-8")
    index = tmp_path / "index"

    done = searcher("index", str(corpus), "--index-dir", str(index), "--strict", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Indexed: {len(SAMPLES)} added, 0 updated, 0 unchanged, 0 removed, 0 skipped")

    for ext, content in SAMPLES.items():
        word = content.split("village of ")[1].split()[0].rstrip(".")
        found = searcher("search", word, "--index-dir", str(index), "--format", "json", cwd=tmp_path)
        assert found.returncode == 0, found.stderr
        hits = json.loads(found.stdout)["hits"]
        assert [Path(h["source"]).name for h in hits] == [f"sample{ext}"], word

    site = tmp_path / "site"
    built = searcher("site", str(site), "--index-dir", str(index), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (site / "index.html").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert len(list((site / "articles").glob("*/index.html"))) == len(SAMPLES)
