"""The static site against Pagefind used alone, on the same article pages of the real corpora.

    .venv/bin/python bench/site_bench.py [--index-dir DIR] [--place NAME] [--query WORD]

Without --index-dir it indexes ../shared/corpora (ISW, Guardian, NYT, FA-KES) into a
temporary index first. Then it builds the site, and separately runs Pagefind alone over the
same article pages with its default UI; serves both on 127.0.0.1 and, in headless Chromium,
measures the bytes a browser downloads for a first query and for browsing one place. Prints
a Markdown table (machines here are noisy: compare within one run).
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


def measure(url: str, action) -> int:
    """Bytes of every response the browser receives from loading `url` and doing `action`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url)
        action(page)
        page.wait_for_timeout(500)
        total = 0
        for response in responses:
            try:
                total += len(response.body())
            except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                pass
        browser.close()
        return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument("--place", default="Izium")
    parser.add_argument("--query", default="bakhmut")
    args = parser.parse_args()
    from searcher.site import build_site, serve, slug

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        index_dir = args.index_dir
        if index_dir is None:
            index_dir = tmp / "index"
            index_corpora(index_dir)
        report = build_site(index_dir, tmp / "www" / "site")
        alone_seconds = pagefind_alone(tmp / "www" / "site", tmp / "www" / "alone")
        site_files, site_bytes = folder_size(tmp / "www" / "site")
        alone_files, alone_bytes = folder_size(tmp / "www" / "alone")
        pf_files, pf_bytes = folder_size(tmp / "www" / "site" / "pagefind")
        alone_pf_files, alone_pf_bytes = folder_size(tmp / "www" / "alone" / "pagefind")

        server = serve(tmp / "www", 0, quiet=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"

        def ours_query(page):
            page.fill("#q", args.query)
            page.click("button[type=submit]")
            page.wait_for_selector("#result-count", timeout=30_000)

        def alone_query(page):
            page.fill(".pagefind-ui__search-input", args.query)
            page.wait_for_selector(".pagefind-ui__result", timeout=30_000)

        def alone_place(page):
            # Pagefind alone browses a place with a filter and no words: its JS API, as its UI does.
            page.wait_for_function("window.ui !== undefined")
            page.evaluate(
                """async (place) => {
                    const pf = await import('./pagefind/pagefind.js');
                    const found = await pf.search(null, { filters: { place } });
                    await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
                }""",
                args.place,
            )

        place_page = None
        for folder in (tmp / "www" / "site" / "places").iterdir():
            if folder.name.startswith(slug(args.place, "x").rsplit("-", 1)[0] + "-"):
                place_page = f"{base}/site/places/{folder.name}/index.html"
                break
        ours_first = measure(f"{base}/site/index.html", ours_query)
        ours_place = measure(place_page, lambda page: None) if place_page else 0
        alone_first = measure(f"{base}/alone/index.html", alone_query)
        alone_browse = measure(f"{base}/alone/index.html", alone_place)
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

    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    print(f"{report.articles} articles; query {args.query!r}; place {args.place!r}\n")
    print("| | searcher site | Pagefind alone |")
    print("| --- | ---: | ---: |")
    print(f"| build time | {report.seconds:.1f} s (Pagefind {report.pagefind_seconds:.1f} s) | {alone_seconds:.1f} s |")
    print(
        f"| whole site | {site_files:,} files, {site_bytes / 1e6:.1f} MB | {alone_files:,} files, {alone_bytes / 1e6:.1f} MB |"
    )
    print(
        f"| search bundle | {pf_files:,} files, {pf_bytes / 1e6:.1f} MB | {alone_pf_files:,} files, {alone_pf_bytes / 1e6:.1f} MB |"
    )
    print(f"| first query, downloaded | {kb(ours_first)} | {kb(alone_first)} |")
    print(f"| browsing one place, downloaded | {kb(ours_place)} (its page) | {kb(alone_browse)} (filter, 5 results) |")
    print(
        f"\nRebuild after 3 new articles: {again.written:,} of {again.files:,} files written "
        f"({again.written_bytes / 1e6:.1f} of {again.bytes / 1e6:.1f} MB), {again.removed} removed, {again.seconds:.1f} s."
    )


if __name__ == "__main__":
    main()
