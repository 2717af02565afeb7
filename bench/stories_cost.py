"""What grouping stories costs when indexing, and what collapsing costs a search (#15).

    .venv/bin/python bench/stories_cost.py                 # the shared corpora
    .venv/bin/python bench/stories_cost.py --synthetic 10000   # also bench/make_corpus.py's N articles

For each corpus: index it into a fresh index without stories (build_index(stories=False)),
then time the story step alone on that index (stories.update_stories: read the bodies back,
sign, band, compare, group, write), which is what `build_index` adds at the end of a run;
then the same step again with nothing changed (an incremental run's cost). Then time searches
end to end (search() with --duplicates collapse and story counts, as the command line does)
against the same queries with every record shown. Prints a Markdown table; the ratio of the
story step to the indexing is the figure to compare (machines here are shared and noisy).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
SHARED = ("nyt_guardian", "fakes", "isw", "ru_telegram")
QUERIES = ("izyum", "shelling kharkiv", "Орешник", "air strike aleppo", "ceasefire", "*")


def measure(paths: list[Path], label: str) -> dict:
    from searcher.indexer import build_index
    from searcher.schema import open_index
    from searcher.stories import update_stories

    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        started = time.perf_counter()
        report = build_index(paths, index_dir, stories=False)
        indexing = time.perf_counter() - started
        ix = open_index(index_dir)
        started = time.perf_counter()
        update = update_stories(index_dir, ix)
        story_step = time.perf_counter() - started
        started = time.perf_counter()
        update_stories(index_dir, ix)
        again = time.perf_counter() - started
        collapsed, shown, worst = search_times(index_dir)
        process = process_time(index_dir)
        size = (index_dir / "stories.sqlite").stat().st_size
    return {
        "label": label,
        "records": report.total,
        "indexing": indexing,
        "stories": story_step,
        "again": again,
        "grouped": update.grouped,
        "story_count": update.stories,
        "collapsed_ms": collapsed,
        "shown_ms": shown,
        "worst_ms": worst,
        "process_ms": process,
        "sqlite_mb": size / 1e6,
    }


def search_times(index_dir: Path) -> tuple[float, float, float]:
    """Median milliseconds of a search end to end (a warm process), collapsed and not."""
    from searcher.query import search

    for q in QUERIES:  # warm: open the index, load the tables
        search(index_dir, q, duplicates="collapse", count="stories")
    times = {"collapse": [], "show": []}
    for _ in range(3):
        for q in QUERIES:
            for mode in times:
                started = time.perf_counter()
                search(index_dir, q, duplicates=mode, count="stories" if mode == "collapse" else "articles")
                times[mode].append((time.perf_counter() - started) * 1000)
    return statistics.median(times["collapse"]), statistics.median(times["show"]), max(times["collapse"])


def process_time(index_dir: Path) -> float:
    """Milliseconds of `searcher search QUERY` as a process (collapsed, story counts), median of 3."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "searcher"), "search", "shelling", "--index-dir", str(index_dir)],
            check=True,
            capture_output=True,
        )
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=0, help="also N articles made by bench/make_corpus.py")
    parser.add_argument("--no-shared", action="store_true", help="skip the shared corpora")
    args = parser.parse_args()
    rows = []
    if not args.no_shared:
        if not CORPORA.is_dir():
            print(f"skipped: no corpora at {CORPORA}")
        else:
            rows.append(measure([CORPORA / c for c in SHARED], "+".join(SHARED)))
    if args.synthetic:
        out = ROOT / "bench" / "out" / f"synthetic_{args.synthetic}"
        if not out.is_dir():
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(args.synthetic), str(out)], check=True
            )
        rows.append(measure([out], f"make_corpus {args.synthetic:,}"))
    print(
        "| corpus | records | indexing without stories s | story step s | ratio | again s | grouped (stories) "
        "| search collapsed ms (median, max) | search shown ms | `searcher search` process ms | stories.sqlite MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['label']} | {r['records']:,} | {r['indexing']:.1f} | {r['stories']:.1f} | "
            f"{r['stories'] / r['indexing']:.1%} | {r['again']:.2f} | {r['grouped']:,} ({r['story_count']:,}) | "
            f"{r['collapsed_ms']:.0f}, {r['worst_ms']:.0f} | {r['shown_ms']:.0f} | {r['process_ms']:.0f} | "
            f"{r['sqlite_mb']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
