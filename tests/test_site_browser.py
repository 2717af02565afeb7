"""The site in a real browser: headless Chromium (Debian's package, installed by .ci/run)
driven by Playwright's Python package. Searches, filters, follows links, and watches every
request: none may leave 127.0.0.1, and no script from an article may run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import write_files

from searcher.indexer import build_index
from searcher.site import build_site, serve

CHROMIUM = Path("/usr/bin/chromium")
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

CORPUS = {
    "2022-09-14_a.md": "---\ntitle: Mass graves near Izyum\noutlet: Kyiv Independent\n---\n"
    "Investigators exhumed bodies in a forest near Izyum, in Kharkiv Oblast.\n",
    "2022-09-20_b.md": "---\ntitle: Shelling of Kharkiv\noutlet: Reuters\n---\nRussian artillery hit Kharkiv again.\n",
    "2022-03-02_c.md": "---\ntitle: Convoy near Kyiv\noutlet: Reuters\n---\nA Russian convoy stalled north of Kyiv.\n",
    "2022-05-10_d.md": "---\ntitle: Харків під обстрілом\noutlet: Ukrainska Pravda\n---\nРосійські війська обстріляли Харків.\n",
    "2022-09-10_e.md": "---\ntitle: Balakliia liberated\noutlet: Reuters\n---\nUkrainian troops entered Balakliia.\n",
    "2022-09-15_f.md": "---\ntitle: \"<script>alert('title')</script> Izyum <img src=x onerror=alert('img')>\"\n---\n"
    "Body <script>alert('body')</script> near Izyum <img src=x onerror=alert('body-img')>.\n",
}
HOSTILE = "<script>alert('title')</script> Izyum <img src=x onerror=alert('img')>"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install Debian's chromium (apt-get install -y chromium), as .ci/run does")
    pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is in the test extras")
    root = tmp_path_factory.mktemp("browser")
    build_index([write_files(root / "corpus", CORPUS)], root / "index")
    build_site(root / "index", root / "www" / "archive")  # served under a sub-path
    server = serve(root / "www", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/archive/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(site_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.requests, page.dialogs, page.errors = [], [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        yield page
        browser.close()


def search(page, query="", place="", month_from="", month_to=""):
    page.fill("#q", query)
    page.fill("#place", place)
    page.fill("#from", month_from)
    page.fill("#to", month_to)
    page.evaluate("document.getElementById('results').replaceChildren()")
    page.click("button[type=submit]")
    page.wait_for_selector("#result-count", timeout=20_000)
    return {e.inner_text() for e in page.query_selector_all("#results li h3 a")}


def test_search_filter_and_browse_stay_on_this_host(page, site_url):
    page.goto(site_url + "index.html")
    # Pages say Kharkiv, Харків, Kharkiv Oblast: "Kharkov" finds them all (and not Balakliia's,
    # which names neither the city nor the oblast).
    assert search(page, "Kharkov") == {"Mass graves near Izyum", "Shelling of Kharkiv", "Харків під обстрілом"}
    # A region and a month range, without words: the region's towns, in September 2022 only.
    in_oblast = search(page, place="Kharkiv Oblast", month_from="2022-09", month_to="2022-09")
    assert in_oblast == {"Mass graves near Izyum", "Shelling of Kharkiv", "Balakliia liberated", HOSTILE}
    assert search(page, "Kharkov", place="Kharkiv Oblast", month_from="2022-09", month_to="2022-09") == {
        "Mass graves near Izyum",
        "Shelling of Kharkiv",
    }
    assert search(page, "convoy", month_from="2022-04", month_to="2022-09") == set()  # it is of March

    # From a result to its article, and from the article to its place's page.
    search(page, "exhumed")
    page.click("#results li h3 a")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Mass graves near Izyum"
    page.click("dl.facts a:text-is('Izium')")
    page.wait_for_selector("ol.articles")
    assert page.inner_text("h1") == "Izium"
    listed = {e.inner_text() for e in page.query_selector_all("ol.articles h3 a")}
    assert listed == {"Mass graves near Izyum", HOSTILE}
    assert page.url.startswith(site_url + "places/")

    hosts = {url.split("/")[2] for url in page.requests if url.startswith("http")}
    assert hosts == {site_url.split("/")[2]}, hosts
    assert not [u for u in page.requests if not u.startswith(("http://127.0.0.1", "data:"))]
    assert page.dialogs == [] and page.errors == []


def test_hostile_article_shows_as_text(page, site_url):
    page.goto(site_url + "index.html")
    assert HOSTILE in search(page, "alert")  # the title, as text
    page.click("#results li h3 a")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == HOSTILE
    assert "<script>alert('body')</script>" in page.inner_text("div.text")
    page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []
    assert page.evaluate("document.querySelectorAll('main script, main img, main [onerror]').length") == 0
