"""The static site against Pagefind used alone, on the same article pages of the real corpora.

    .venv/bin/python bench/site_bench.py [--index-dir DIR] [--place NAME] [--month YYYY-MM] [--query WORD]
    .venv/bin/python bench/site_bench.py --hosting 1000 10000   # files and MB of sites of N articles

Without --index-dir it indexes ../shared/corpora (ISW, Guardian, NYT, FA-KES) into a
temporary index first. Then it builds the site, and separately runs Pagefind alone over the
same article pages with its default UI; serves both on 127.0.0.1 and, in headless Chromium,
measures the bytes, requests and time a browser spends on a first query and on a filter-only
search (a place and a month, no words: what Pagefind alone does fetches its whole index).
Then a rebuild with nothing changed, and one after 3 new articles. Prints Markdown tables
(machines here are noisy: compare within one run).

--hosting builds sites of N articles resampled from the real corpora (bench/make_corpus.py)
and counts their files and bytes, for the README's table of hosting limits.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ALONE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title>
<link href="pagefind/pagefind-ui.css" rel="stylesheet"><script src="pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>
window.addEventListener('DOMContentLoaded', () => { window.ui = new PagefindUI({ element: "#search", showSubResults: false }); });
</script></body></html>"""


def index_corpora(index_dir: Path) -> None:
    from searcher.indexer import build_index
    from searcher.readers import ReadOptions

    for path, outlet in (
        ("nyt_guardian/Guardians_Russia_Ukraine.csv", "The Guardian"),
        ("nyt_guardian/NYT_Russia_Ukraine.csv", "The New York Times"),
        ("fakes/FA-KES-Dataset.csv", None),
        ("isw", "Institute for the Study of War"),
    ):
        build_index([CORPORA / path], index_dir, ReadOptions(outlet=outlet))


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def pagefind_alone(site: Path, alone: Path) -> float:
    """Pagefind's CLI over the same article pages, with its default UI page."""
    shutil.copytree(site / "articles", alone / "articles")
    (alone / "index.html").write_text(ALONE_PAGE, "utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(alone), "--silent"], check=True)
    return time.perf_counter() - started


def measure(url: str, action) -> tuple[int, int, float]:
    """(bytes, requests, seconds) of what the browser does for `action` after loading `url`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        responses = []
        page.on("response", lambda response: responses.append(response))
        started = time.perf_counter()
        action(page)
        seconds = time.perf_counter() - started
        page.wait_for_timeout(500)
        total = 0
        for response in responses:
            try:
                total += len(response.body())
            except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                pass
        browser.close()
        return total, len(responses), seconds


def hosting(sizes: list[int]) -> None:
    """Files and MB of the site of N resampled articles, Pagefind's share apart."""
    from make_corpus import write_corpus

    from searcher.indexer import build_index
    from searcher.site import build_site

    print("| articles | files | MB | of which Pagefind (files, MB) | build s |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            write_corpus(n, tmp / "corpus", 1)
            build_index([tmp / "corpus"], tmp / "index")
            report = build_site(tmp / "index", tmp / "site")
            files, size = folder_size(tmp / "site")
            pf_files, pf_size = folder_size(tmp / "site" / "pagefind")
            print(
                f"| {n:,} | {files:,} | {size / 1e6:.0f} | {pf_files:,}, {pf_size / 1e6:.0f} | {report.seconds:.0f} |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument("--place", default="Izium")
    parser.add_argument("--month", default="2022-09")
    parser.add_argument("--query", default="bakhmut")  # a place: the spelling table answers
    parser.add_argument("--word", default="shelling")  # not a place: Pagefind answers
    parser.add_argument("--hosting", type=int, nargs="+", metavar="N")
    parser.add_argument("--keep", type=Path, help="Build and keep the site here (its folder is served as /site/).")
    args = parser.parse_args()
    if args.hosting:
        return hosting(args.hosting)
    from searcher.site import build_site, serve

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        index_dir = args.index_dir
        if index_dir is None:
            index_dir = tmp / "index"
            index_corpora(index_dir)
        if args.keep:
            (tmp / "www").mkdir()
            args.keep.mkdir(parents=True, exist_ok=True)
            (tmp / "www" / "site").symlink_to(args.keep.resolve(), target_is_directory=True)
        report = build_site(index_dir, tmp / "www" / "site")
        unchanged = build_site(index_dir, tmp / "www" / "site")
        alone_seconds = pagefind_alone(tmp / "www" / "site", tmp / "www" / "alone")
        site_files, site_bytes = folder_size(tmp / "www" / "site")
        alone_files, alone_bytes = folder_size(tmp / "www" / "alone")
        pf_files, pf_bytes = folder_size(tmp / "www" / "site" / "pagefind")
        alone_pf_files, alone_pf_bytes = folder_size(tmp / "www" / "alone" / "pagefind")

        server = serve(tmp / "www", 0, quiet=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"

        def ours(query="", place="", month=""):
            def action(page):
                page.fill("#q", query)
                page.fill("#place", place)
                page.fill("#from", month)
                page.fill("#to", month)
                page.click("button[type=submit]")
                page.wait_for_selector("#result-count", timeout=60_000)
                page.wait_for_selector("#results li.article", timeout=60_000)

            return action

        def alone_query(page):
            page.fill(".pagefind-ui__search-input", args.word)
            page.wait_for_selector(".pagefind-ui__result", timeout=30_000)

        def alone_filter(page):
            # Pagefind alone, a place and a month without words: its JS API, as its UI does.
            page.wait_for_function("window.ui !== undefined")
            page.evaluate(
                """async ([place, month]) => {
                    const pf = await import('./pagefind/pagefind.js');
                    const found = await pf.search(null, { filters: { place, month } });
                    await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
                }""",
                [args.place, args.month],
            )

        url = f"{base}/site/index.html"
        ours_first = measure(url, ours(args.query))
        ours_filter = measure(url, ours("", args.place, args.month))
        ours_word = measure(url, ours(args.word))
        alone_first = measure(f"{base}/alone/index.html", alone_query)
        alone_browse = measure(f"{base}/alone/index.html", alone_filter)
        server.shutdown()

        # A few new articles: what a rebuild rewrites.
        shutil.copytree(index_dir, tmp / "index-copy")
        new = tmp / "new"
        new.mkdir()
        for day, town in ((23, "Izyum"), (24, "Kupiansk"), (25, "Lyman")):
            (new / f"2023-01-{day}_{town.lower()}.txt").write_text(
                f"Fighting near {town}\nUkrainian forces repelled assaults near {town}, Kharkiv Oblast.\n", "utf-8"
            )
        from searcher.indexer import build_index

        build_index([new], tmp / "index-copy")
        again = build_site(tmp / "index-copy", tmp / "www" / "site")
        if args.keep:  # back to the site of the index given
            build_site(index_dir, tmp / "www" / "site")

    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731

    def cell(m: tuple[int, int, float]) -> str:
        return f"{kb(m[0])}, {m[1]} requests, {m[2]:.2f} s"

    print(f"{report.articles} articles; query {args.query!r}; filter place {args.place!r}, month {args.month}\n")
    print("| | searcher site | Pagefind alone |")
    print("| --- | ---: | ---: |")
    print(f"| build time | {report.seconds:.1f} s (Pagefind {report.pagefind_seconds:.1f} s) | {alone_seconds:.1f} s |")
    print(
        f"| whole site | {site_files:,} files, {site_bytes / 1e6:.1f} MB | {alone_files:,} files, {alone_bytes / 1e6:.1f} MB |"
    )
    print(
        f"| search bundle | {pf_files:,} files, {pf_bytes / 1e6:.1f} MB | {alone_pf_files:,} files, {alone_pf_bytes / 1e6:.1f} MB |"
    )
    print(f"| first query {args.query!r} (a place) | {cell(ours_first)} | |")
    print(f"| filter only (place + month) | {cell(ours_filter)} | {cell(alone_browse)} |")
    print(f"| first query {args.word!r} (a word, not a place) | {cell(ours_word)} | {cell(alone_first)} |")
    print(
        f"\nRebuild with nothing changed: {unchanged.written} written, {unchanged.removed} removed, "
        f"{unchanged.seconds:.1f} s."
    )
    print(
        f"Rebuild after 3 new articles: {again.written:,} of {again.files:,} files written "
        f"({again.written_bytes / 1e6:.1f} of {again.bytes / 1e6:.1f} MB), {again.removed} removed, {again.seconds:.1f} s."
    )


if __name__ == "__main__":
    main()
