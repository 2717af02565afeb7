"""The three engines the benchmark compares, each run in its own process by bench/run.py.

    python bench/engines.py index ENGINE CORPUS INDEX [--jobs N]   -> JSON on stdout
    python bench/engines.py query ENGINE INDEX QUERIES.json         -> JSON on stdout

ENGINE is `searcher` (the real thing: readers, enrichment, facets, snippets), `whoosh` (plain
Whoosh 2.7.4, StemmingAnalyzer, title and body stored, no enrichment) or `fts5` (SQLite FTS5
with the porter tokenizer, title and body). The corpus is JSON Lines (bench/make_corpus.py).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path


def corpus_docs(corpus: Path):
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


class TreeMemory:
    """The peak memory of this process and all its descendants together, sampled every 0.2 s:
    the sum of their proportional set sizes (PSS: pages shared by forked processes counted
    once), from /proc. Where /proc is missing, this process and its largest child (rusage)."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._take()  # a run shorter than the interval gets one sample

    @property
    def peak_mb(self) -> float:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return (self.peak_kb or own + children) / 1024

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self._take()

    def _take(self) -> None:
        self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(os.getpid())))


def _tree(root: int) -> list[int]:
    """The pid and its descendants' (Linux /proc), or [] without /proc."""
    if not Path("/proc").is_dir():
        return []
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


# Indexing


def index_searcher(corpus: Path, index_dir: Path, jobs: int) -> int:
    from searcher.indexer import build_index

    return build_index([corpus], index_dir, jobs=jobs).total


def index_whoosh(corpus: Path, index_dir: Path, jobs: int) -> int:
    from whoosh import fields, index
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )
    index_dir.mkdir(parents=True)
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer(procs=jobs, multisegment=True, limitmb=256 // jobs) if jobs > 1 else ix.writer(limitmb=256)
    count = 0
    for count, doc in enumerate(corpus_docs(corpus), start=1):
        writer.add_document(id=str(count), title=doc["title"], body=doc["text"])
    writer.commit()
    return count


def index_fts5(corpus: Path, index_dir: Path, jobs: int) -> int:
    import sqlite3

    index_dir.mkdir(parents=True)
    con = sqlite3.connect(index_dir / "fts.sqlite")
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')")
    count = 0
    with con:
        for count, doc in enumerate(corpus_docs(corpus), start=1):
            con.execute("INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)", (count, doc["title"], doc["text"]))
    con.close()
    return count


# Queries: each returns the number of hits, with a first page of 10 read as a user would get it.


def query_searcher(index_dir: Path):
    from searcher.query import Filters, search

    def run(q: dict) -> int:
        filters = Filters(
            places=tuple(q.get("places", ())),
            outlets=tuple(q.get("outlets", ())),
            date_from=q.get("from"),
            date_to=q.get("to"),
        )
        return search(index_dir, q["text"], filters).total  # with snippets and facet counts

    return run


def query_whoosh(index_dir: Path):
    from whoosh import index
    from whoosh.qparser import MultifieldParser

    ix = index.open_dir(str(index_dir))
    searcher = ix.searcher()
    parser = MultifieldParser(["title", "body"], ix.schema)

    def run(q: dict) -> int:
        results = searcher.search_page(parser.parse(q["text"]), 1, pagelen=10)
        for hit in results:
            hit.highlights("body")
        return len(results)

    return run


def query_fts5(index_dir: Path):
    import sqlite3

    con = sqlite3.connect(index_dir / "fts.sqlite")

    def run(q: dict) -> int:
        text = q["text"]
        try:
            rows = con.execute(
                "SELECT rowid, title, snippet(docs, 1, '[', ']', '…', 12) FROM docs "
                "WHERE docs MATCH ? ORDER BY rank LIMIT 10",
                (text,),
            ).fetchall()
            total = con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (text,)).fetchone()[0]
        except sqlite3.OperationalError:  # a query FTS5's syntax rejects
            return -1
        return total if rows or total == 0 else total

    return run


def main() -> None:
    command, engine = sys.argv[1], sys.argv[2]
    if command == "index":
        corpus, index_dir = Path(sys.argv[3]), Path(sys.argv[4])
        jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 1
        started = time.perf_counter()
        with TreeMemory() as memory:
            count = {"searcher": index_searcher, "whoosh": index_whoosh, "fts5": index_fts5}[engine](
                corpus, index_dir, jobs
            )
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
        print(json.dumps({"articles": count, "seconds": seconds, "peak_mb": memory.peak_mb, "index_bytes": size}))
    else:
        index_dir, queries = Path(sys.argv[3]), json.loads(Path(sys.argv[4]).read_text("utf-8"))
        run = {"searcher": query_searcher, "whoosh": query_whoosh, "fts5": query_fts5}[engine](index_dir)
        for q in queries[:5]:  # warm up: open files, fill caches
            run(q)
        latencies = []
        for q in queries:
            started = time.perf_counter()
            run(q)
            latencies.append(time.perf_counter() - started)
        print(json.dumps({"latencies": latencies}))


if __name__ == "__main__":
    main()
