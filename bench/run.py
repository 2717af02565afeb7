"""The benchmark: searcher, plain Whoosh and SQLite FTS5 side by side on 1k, 10k and 100k
articles of resampled real reporting; writes bench/RESULTS.md.

    .venv/bin/python bench/run.py                      # 1k, 10k, 100k (about an hour here)
    .venv/bin/python bench/run.py --sizes 1000,10000   # quicker

Each engine indexes in a fresh process (time, peak memory, index size), then answers the same
200 queries in another (latency p50/p95/p99 after a warm-up); `searcher search` and
`searcher --help` are timed as whole processes; the site is built at 10k. The corpora and
indexes live in bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
ENGINES = (("searcher", 2), ("searcher", 1), ("whoosh", 1), ("whoosh", 2), ("fts5", 1))
STOP = set(
    "the of and to in a for on that is was with as by at from it its he his her be has have are were "
    "this said not but will which who an or had their been they also more after over".split()
)


def corpus(n: int) -> Path:
    path = OUT / f"corpus-{n}"
    if not path.is_dir():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(n), str(path)], check=True)
    return path


def make_queries(corpus_dir: Path, count: int = 200, seed: int = 7) -> list[dict]:
    """A fixed mix: words, AND pairs, phrases, OR, NOT, and (for searcher) filters."""
    rng = random.Random(seed)
    docs = []
    for path in sorted(corpus_dir.glob("*.jsonl"))[:4]:
        docs += [json.loads(line) for line in path.open(encoding="utf-8")]
    df: Counter = Counter()
    bigrams = []
    for doc in docs:
        words = re.findall(r"[a-z]+", doc["text"].lower())
        df.update(set(words))
        for i in range(0, len(words) - 1, 37):
            if words[i] not in STOP and words[i + 1] not in STOP and len(words[i]) > 3 and len(words[i + 1]) > 3:
                bigrams.append(f'"{words[i]} {words[i + 1]}"')
    n = len(docs)
    vocabulary = sorted(w for w, c in df.items() if 0.005 * n <= c <= 0.2 * n and len(w) > 3 and w not in STOP)
    word = lambda: rng.choice(vocabulary)  # noqa: E731
    places = ["Kharkiv", "Aleppo", "Bakhmut", "Kyiv", "Idlib", "Donetsk Oblast", "Syria", "Mariupol", "Izium"]
    outlets = ["Institute for the Study of War", "The Guardian", "Reuters", "The New York Times"]
    queries = []
    for i in range(count):
        kind = i % 10
        if kind < 4:
            q = {"text": word()}
        elif kind == 4:
            q = {"text": f"{word()} {word()}"}
        elif kind == 5:
            q = {"text": rng.choice(bigrams)}
        elif kind == 6:
            q = {"text": f"{word()} OR {word()}"}
        elif kind == 7:
            q = {"text": f"{word()} NOT {word()}"}
        elif kind == 8:
            q = {"text": word(), "places": [rng.choice(places)]}
        else:
            year = rng.choice(["2016", "2017", "2022"])
            q = {"text": word(), "outlets": [rng.choice(outlets)], "from": f"{year}-01-01", "to": f"{year}-12-31"}
        queries.append(q)
    return queries


def run_json(*args: str) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "engines.py"), *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def timed_process(command: list[str], runs: int = 10) -> float:
    """Median wall time of a whole command, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def bench_size(n: int) -> dict:
    docs = corpus(n)
    bytes_in = sum(p.stat().st_size for p in docs.glob("*.jsonl"))
    queries_file = OUT / f"queries-{n}.json"
    queries_file.write_text(json.dumps(make_queries(docs)), "utf-8")
    rows = {}
    for engine, jobs in ENGINES:
        name = f"{engine} (jobs {jobs})" if engine != "fts5" else engine
        index_dir = OUT / f"index-{n}-{engine}-{jobs}"
        shutil.rmtree(index_dir, ignore_errors=True)
        print(f"  {n}: indexing with {name}", file=sys.stderr, flush=True)
        result = run_json("index", engine, str(docs), str(index_dir), "--jobs", str(jobs))
        result["mb_per_s"] = bytes_in / 1e6 / result["seconds"]
        result["articles_per_s"] = result["articles"] / result["seconds"]
        latencies = run_json("query", engine, str(index_dir), str(queries_file))["latencies"]
        result.update({f"p{p}": percentile(latencies, p) * 1000 for p in (50, 95, 99)})
        if engine == "searcher" and jobs == 2:
            searcher = str(BIN / "searcher")
            result["e2e"] = timed_process([searcher, "search", "ceasefire", "--index-dir", str(index_dir)])
            result["e2e_place"] = timed_process(
                [searcher, "search", "shelling", "--place", "Kharkiv Oblast", "--index-dir", str(index_dir)]
            )
        if jobs != 2 or engine != "searcher":
            shutil.rmtree(index_dir, ignore_errors=True)
        rows[name] = result
    return rows


def bench_site(n: int) -> dict:
    index_dir = OUT / f"index-{n}-searcher-2"
    site = OUT / f"site-{n}"
    shutil.rmtree(site, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "searcher"), "site", str(site), "--index-dir", str(index_dir)], check=True, stdout=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - started
    files = [p for p in site.rglob("*") if p.is_file()]
    bundle = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return {
        "seconds": seconds,
        "files": len(files),
        "mb": sum(p.stat().st_size for p in files) / 1e6,
        "bundle_files": len(bundle),
        "bundle_mb": sum(p.stat().st_size for p in bundle) / 1e6,
    }


def machine() -> str:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import sqlite3

    import whoosh

    return (
        f"{os.cpu_count()} cores ({model or platform.processor()}), {memory:.0f} GiB, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, Whoosh {whoosh.versionstring()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def exponent(rows_by_size: dict, name: str, key: str) -> str:
    sizes = sorted(rows_by_size)
    parts = []
    for a, b in zip(sizes, sizes[1:], strict=False):
        va, vb = rows_by_size[a][name][key], rows_by_size[b][name][key]
        parts.append(f"{math.log(vb / va) / math.log(b / a):.2f}" if va > 0 and vb > 0 else "n/a")
    return " / ".join(parts)


def report(results: dict, site: dict | None, help_seconds: float, command: str) -> str:
    sizes = sorted(results)
    order = [
        f"{e} (jobs {j})" if e != "fts5" else e
        for e, j in (("searcher", 2), ("searcher", 1), ("whoosh", 1), ("whoosh", 2), ("fts5", 1))
    ]
    names = [n for n in order if n in results[sizes[0]]]
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d')}.",
        "",
        f"Machine: {machine()}. Shared and noisy: compare within a column, as ratios.",
        "",
        "Corpora: real paragraphs of ../shared/corpora (ISW, Guardian, NYT, FA-KES) resampled into articles",
        "of about 400 words with real titles, dates and outlets (bench/make_corpus.py, seeded), JSON Lines.",
        "Queries: 200, a fixed mix of words, AND pairs, phrases, OR, NOT, and for searcher filters by place,",
        "outlet and year (the other engines answer the text part). searcher answers with snippets and facet",
        "counts of places, outlets and months; plain Whoosh with highlights; FTS5 with a snippet and a count.",
        "Peak memory: of all the indexing processes together (PSS summed, sampled every 0.2 s).",
        "",
    ]
    for n in sizes:
        lines += [
            f"## {n:,} articles",
            "",
            "| engine | articles/s | MB/s | peak memory | index size | query p50 | p95 | p99 |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name in names:
            r = results[n][name]
            lines.append(
                f"| {name} | {r['articles_per_s']:,.0f} | {r['mb_per_s']:.2f} | {r['peak_mb']:,.0f} MB | "
                f"{r['index_bytes'] / 1e6:,.0f} MB | {r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['p99']:.1f} ms |"
            )
        s = results[n]["searcher (jobs 2)"]
        lines += [
            "",
            f"`searcher search` end to end (a process, median of 10): {s['e2e']:.2f} s; with "
            f'`--place "Kharkiv Oblast"`: {s["e2e_place"]:.2f} s.',
            "",
        ]
    if len(sizes) > 1:
        lines += [
            "## Growth",
            "",
            f"Exponents of time against size ({' / '.join(f'{a:,}->{b:,}' for a, b in zip(sizes, sizes[1:], strict=False))}; 1.0 is linear):",
            "",
            "| engine | indexing time | query p50 | query p95 |",
            "| --- | ---: | ---: | ---: |",
        ]
        for name in names:
            for n in sizes:
                results[n][name]["index_seconds"] = results[n][name]["seconds"]
            lines.append(
                f"| {name} | {exponent(results, name, 'index_seconds')} | {exponent(results, name, 'p50')} | "
                f"{exponent(results, name, 'p95')} |"
            )
        lines.append("")
    if site:
        lines += [
            "## Site",
            "",
            f"`searcher site` at {site['n']:,} articles: {site['seconds']:.0f} s, {site['files']:,} files, "
            f"{site['mb']:.0f} MB (Pagefind bundle: {site['bundle_files']:,} files, {site['bundle_mb']:.0f} MB).",
            "",
        ]
    lines += [f"`searcher --help`: {help_seconds:.2f} s (median of 10).", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--only", help="measure only this engine, e.g. 'searcher:2'; keep the others' last results")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    OUT.mkdir(exist_ok=True)
    results = {}
    if args.only:
        global ENGINES
        engine, jobs = args.only.split(":")
        ENGINES = ((engine, int(jobs)),)
        results = {int(n): rows for n, rows in json.loads((OUT / "results.json").read_text()).items()}
    for n in sizes:
        results[n] = {**results.get(n, {}), **bench_size(n)}
        (OUT / "results.json").write_text(json.dumps(results, indent=1))
    site = None
    site_n = 10_000 if 10_000 in sizes else sizes[-1]
    site = {"n": site_n, **bench_site(site_n)}
    help_seconds = timed_process([str(BIN / "searcher"), "--help"])
    command = "python bench/run.py" + (f" --sizes {args.sizes}" if args.sizes != "1000,10000,100000" else "")
    if args.only:
        command += f" (then --only {args.only}, re-measured alone)"
    args.output.write_text(report(results, site, help_seconds, command), "utf-8")
    print(args.output.read_text("utf-8"))


if __name__ == "__main__":
    main()
