"""The site in a real browser: headless Chromium (Debian's package, installed by .ci/run)
driven by Playwright's Python package. Searches, filters, follows links, and watches every
request: none may leave 127.0.0.1, and no script from an article may run."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from conftest import write_files

from searcher.indexer import build_index
from searcher.site import Publish, build_site, serve

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

LONG_URL = "https://www.example.org/" + "very-long-path-segment-" * 12 + "end.html"
MANY_PLACES = [
    "Kyiv",
    "Kharkiv",
    "Izium",
    "Balakliia",
    "Odesa",
    "Lviv",
    "Mykolaiv",
    "Kherson",
    "Dnipro",
    "Zaporizhzhia",
    "Sumy",
    "Poltava",
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
    "2023-01-20_g.md": "---\ntitle: Assessment of the front\noutlet: Institute for the Study of War\n---\n"
    + "".join(f"Fighting continued near {name}. " for name in MANY_PLACES)
    + "\n\nOfficials in Izyum said the town was quiet."
    + f"\n\n[1] {LONG_URL}\n",
    "2022-04-02_h.md": "---\ntitle: Long Reuters dispatch\noutlet: Reuters\nurl: https://www.reuters.com/dispatch\n---\n"
    + " ".join(f"Paragraph {i} of a copyrighted Reuters dispatch from Odesa." for i in range(60))
    + "\n",
}
HOSTILE = "<script>alert('title')</script> Izyum <img src=x onerror=alert('img')>"
# Words of the gazetteer's other spellings that no article of CORPUS contains.
SPELLING_LISTS = ("Carcovia", "Charkiw", "Charkow", "Харьков", "Isjum", "Изюм", "Izioum", "خاركوف")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install Debian's chromium (apt-get install -y chromium), as .ci/run does")
    pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is in the test extras")
    root = tmp_path_factory.mktemp("browser")
    build_index([write_files(root / "corpus", CORPUS)], root / "index")
    reports = [build_site(root / "index", root / "www" / "archive")]  # served under a sub-path
    reports.append(build_site(root / "index", root / "www" / "archive"))  # nothing changed
    build_site(root / "index", root / "www" / "excerpts", publish=Publish(excerpts_only_outlets=("Reuters",)))
    server = serve(root / "www", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    yield {"url": base + "archive/", "excerpts": base + "excerpts/", "root": root, "reports": reports}
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site_url(sites):
    return sites["url"]


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


def search(page, query="", place="", month_from="", month_to="", outlet="", sort=""):
    page.fill("#q", query)
    page.fill("#place", place)
    page.fill("#from", month_from)
    page.fill("#to", month_to)
    page.select_option("#outlet", outlet)
    page.select_option("#sort", sort)
    page.evaluate("document.getElementById('results').replaceChildren()")
    page.click("button[type=submit]")
    page.wait_for_selector("#result-count", timeout=20_000)
    return titles(page)


def titles(page) -> set[str]:
    return {e.inner_text() for e in page.query_selector_all("#results li h3 a")}


def shown(page) -> list[dict]:
    """The results on the page: title, meta line and excerpt."""
    return page.eval_on_selector_all(
        "#results li.article",
        "els => els.map(e => ({title: e.querySelector('h3').innerText, meta: e.querySelector('.meta').innerText,"
        " excerpt: e.querySelector('.lead').innerText, marks: [...e.querySelectorAll('.lead mark')].map(m => m.innerText)}))",
    )


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("…", ""))


def test_search_filter_and_browse_stay_on_this_host(page, site_url):
    page.goto(site_url + "index.html")
    # Pages say Kharkiv, Харків, Kharkiv Oblast: "Kharkov" finds them all (and not Balakliia's,
    # which names neither the city nor the oblast).
    assert search(page, "Kharkov") == {
        "Mass graves near Izyum",
        "Shelling of Kharkiv",
        "Харків під обстрілом",
        "Assessment of the front",
    }
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
    page.click("section.places a:text-is('Izium')")
    page.wait_for_selector("ol.articles")
    assert page.inner_text("h1") == "Izium"
    listed = {e.inner_text() for e in page.query_selector_all("ol.articles h3 a")}
    assert listed == {"Mass graves near Izyum", HOSTILE, "Assessment of the front"}
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


def _text(site_root: Path, title: str) -> str:
    """An article's text as the corpus file holds it (front matter off), whitespace folded."""
    for content in CORPUS.values():
        if f"title: {title}\n" in content or f'title: "{title}"' in content:
            return " ".join(content.split("---\n", 2)[2].split())
    raise AssertionError(title)


def test_excerpts_come_from_the_articles_own_words(page, sites):
    page.goto(sites["url"] + "index.html")
    for query, expected in (
        (
            "Kharkov",
            {"Mass graves near Izyum", "Shelling of Kharkiv", "Харків під обстрілом", "Assessment of the front"},
        ),
        ("Ізюм", {"Mass graves near Izyum", HOSTILE, "Assessment of the front"}),
        ("Kharkov artillery", {"Shelling of Kharkiv"}),  # words go to Pagefind, the place to a filter
    ):
        assert search(page, query) == expected, query
        for hit in shown(page):
            text = _text(sites["root"], hit["title"])
            excerpt = words(hit["excerpt"])
            assert excerpt and " ".join(excerpt) in " ".join(words(text)), (query, hit)  # the text's own words
            assert not any(spelling in hit["excerpt"] for spelling in SPELLING_LISTS), (query, hit)
            assert "(from the metadata)" not in hit["excerpt"] and "Outlet" not in hit["excerpt"]
    assert [h["marks"] for h in shown(page)] == [["artillery"]] or shown(page)[0]["marks"][0].lower() == "artillery"
    # A filter-only search lists articles by their opening lines, not by their metadata.
    search(page, place="Kharkiv Oblast", month_from="2022-09", month_to="2022-09")
    leads = {h["title"]: h["excerpt"] for h in shown(page)}
    assert leads["Balakliia liberated"] == "Ukrainian troops entered Balakliia."


def test_a_search_lives_in_the_url_back_restores_it_and_a_shared_url_opens_it(page, sites):
    page.goto(sites["url"] + "index.html")
    found = search(page, "Kharkov", outlet="Reuters", sort="newest")
    assert found == {"Shelling of Kharkiv"}
    assert "q=Kharkov" in page.url and "outlet=Reuters" in page.url and "sort=newest" in page.url
    shared = page.url
    # Following a result marks the query's words in the article, in the article's own spelling.
    page.click("#results li h3 a")
    page.wait_for_selector("div.text mark")
    assert page.inner_text("h1") == "Shelling of Kharkiv"
    assert {m.inner_text() for m in page.query_selector_all("div.text mark")} == {"Kharkiv"}
    page.go_back()
    page.wait_for_selector("#result-count")
    assert titles(page) == found and page.input_value("#q") == "Kharkov" and page.input_value("#outlet") == "Reuters"
    # Another browser tab, given the address: the same search and results.
    other = page.context.browser.new_page()  # another context: nothing shared but the address
    other.goto(shared)
    other.wait_for_selector("#result-count")
    assert titles(other) == found and other.input_value("#sort") == "newest"
    other.close()
    # Two searches, two steps back.
    search(page, "convoy")
    page.go_back()
    page.wait_for_function(
        "document.querySelectorAll('#results li.article').length === 1 && document.getElementById('q').value === 'Kharkov'"
    )
    assert titles(page) == found


def test_facet_counts_narrow_the_results_and_sort_by_date(page, sites):
    page.goto(sites["url"] + "index.html")
    everything = search(page, place="Ukraine")
    assert page.inner_text("#result-count") == f"{len(everything)} articles."
    facet = page.eval_on_selector_all(
        "section.facet[data-facet=place] li",
        "els => Object.fromEntries(els.map(e => [e.querySelector('a').innerText, Number(e.querySelector('.count').innerText)]))",
    )
    # Counted over the results, as a plain count of the corpus says.
    in_oblast = {
        "Mass graves near Izyum",
        "Shelling of Kharkiv",
        "Balakliia liberated",
        HOSTILE,
        "Харків під обстрілом",
        "Assessment of the front",
    }
    assert facet["Kharkiv Oblast"] == len(in_oblast)
    page.click("section.facet[data-facet=place] a:text-is('Kharkiv Oblast')")
    page.wait_for_function("document.getElementById('place').value === 'Kharkiv Oblast'")
    page.wait_for_selector("#result-count")
    assert titles(page) == in_oblast and "place=Kharkiv+Oblast" in page.url
    outlets = page.eval_on_selector_all("section.facet[data-facet=outlet] li", "els => els.map(e => e.innerText)")
    assert "Reuters 2" in outlets
    page.click("section.facet[data-facet=outlet] a:text-is('Reuters')")
    page.wait_for_function("document.getElementById('outlet').value === 'Reuters'")
    assert titles(page) == {"Shelling of Kharkiv", "Balakliia liberated"}
    # Words too (Pagefind counts): "near" is in three texts and a title, of three outlets and none.
    assert search(page, "near") == {"Mass graves near Izyum", HOSTILE, "Assessment of the front", "Convoy near Kyiv"}
    outlets = page.eval_on_selector_all("section.facet[data-facet=outlet] li", "els => els.map(e => e.innerText)")
    assert sorted(outlets) == ["Institute for the Study of War 1", "Kyiv Independent 1", "Reuters 1"]
    page.click("section.facet[data-facet=outlet] a:text-is('Institute for the Study of War')")
    page.wait_for_function("document.querySelectorAll('#results li.article').length === 1")
    assert titles(page) == {"Assessment of the front"} and "q=near" in page.url
    # Sorted by date either way.
    for sort, reverse in (("newest", True), ("oldest", False)):
        search(page, place="Ukraine", sort=sort)
        dates = [h["meta"][:10] for h in shown(page)]
        assert dates == sorted(dates, reverse=reverse) and len(dates) == len(everything)


def test_a_filter_only_search_asks_nothing_of_pagefind(page, sites):
    page.goto(sites["url"] + "index.html")
    page.wait_for_load_state("networkidle")
    before = len(page.requests)
    assert search(page, place="Izium", month_from="2022-09", month_to="2022-09") == {"Mass graves near Izyum", HOSTILE}
    asked = page.requests[before:]
    assert not [u for u in asked if "/pagefind/" in u], asked
    assert len(asked) <= 50 and {u.rsplit("/", 1)[-1] for u in asked} == {"catalog.json", "0.json"}


def test_opened_from_disk_the_page_says_search_needs_a_server(page, sites):
    page.goto((sites["root"] / "www" / "archive" / "index.html").as_uri())
    note = page.locator("#file-note")
    assert note.is_visible()  # before anyone types
    assert "searcher serve" in note.inner_text() and str(sites["root"] / "www" / "archive") in note.inner_text()
    assert page.is_disabled("#search button[type=submit]")


def test_layout_on_a_phone(page, sites):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(sites["url"] + "index.html")
    search(page, "Fighting")
    page.click("#results li h3 a")
    page.wait_for_selector("div.text")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the long URL wraps
    text_top = page.evaluate("document.querySelector('div.text').getBoundingClientRect().top")
    places_top = page.evaluate("document.querySelector('section.places').getBoundingClientRect().top")
    assert text_top < places_top and text_top < 600  # the text first, the places after it
    shown_places = page.eval_on_selector_all("section.places > p a", "els => els.length")
    every_place = page.eval_on_selector_all("section.places a", "els => els.length")
    assert every_place > 8 and shown_places == 8
    assert page.inner_text("section.places summary") == f"{every_place - 8} more places"
    assert not page.is_visible("section.places details p")  # folded
    # The places index: jump links, a filter box.
    page.goto(sites["url"] + "places/index.html")
    assert page.eval_on_selector_all("nav.jump a", "els => els.map(e => e.innerText)")[0] == "Ukraine"
    page.fill("#place-filter", "izi")
    visible = page.eval_on_selector_all(
        "ul.values li", "els => els.filter(e => e.offsetParent).map(e => e.innerText.split(' ')[0])"
    )
    assert visible == ["Izium"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The timeline's year labels are whole, and its tooltips say "1 article".
    page.goto(sites["url"] + "index.html")
    labels = page.eval_on_selector_all("figure.timeline text", "els => els.map(e => e.textContent)")
    assert labels == ["2022", "2023"]
    inside = page.evaluate(
        "[...document.querySelectorAll('figure.timeline text')].every(t => { const b = t.getBBox();"
        " return b.x >= 0 && b.x + b.width <= t.ownerSVGElement.viewBox.baseVal.width + 0.5; })"
    )
    assert inside
    tips = page.eval_on_selector_all("figure.timeline rect title", "els => els.map(e => e.textContent)")
    assert "2023-01: 1 article" in tips and "2022-09: 4 articles" in tips


def test_excerpts_only_pages_hold_no_full_text(page, sites):
    page.goto(sites["excerpts"] + "index.html")
    search(page, "dispatch")
    page.click("#results li h3 a")
    page.wait_for_selector("div.text")
    text = page.inner_text("div.text")
    assert text.startswith("Paragraph 0 of a copyrighted Reuters dispatch") and "Paragraph 10 " not in text
    assert page.get_attribute("p.excerpt-note a", "href") == "https://www.reuters.com/dispatch"
    page.goto(sites["excerpts"] + "index.html")
    assert search(page, "Paragraph 40") == set() or "Paragraph 40" not in page.inner_text("#results")
    # Another outlet's text is whole.
    search(page, "exhumed")
    page.click("#results li h3 a")
    page.wait_for_selector("div.text")
    assert "Investigators exhumed bodies in a forest near Izyum, in Kharkiv Oblast." in page.inner_text("div.text")


def test_a_rebuild_with_no_change_wrote_nothing_and_still_searches(page, sites):
    first, again = sites["reports"]
    assert first.written == first.files and (again.written, again.removed) == (0, 0)
    page.goto(sites["url"] + "index.html")
    assert search(page, "exhumed") == {"Mass graves near Izyum"}


def test_the_language_filter_lives_in_the_url_too(page, sites):
    page.goto(sites["url"] + "index.html?place=Ukraine&language=uk")
    page.wait_for_selector("#result-count")
    assert titles(page) == {"Харків під обстрілом"} and page.input_value("#language") == "uk"
    page.goto(sites["url"] + "index.html?q=Kharkiv+artillery&language=uk")  # Pagefind's answer, narrowed
    page.wait_for_selector("#result-count")
    assert titles(page) == set()
    page.goto(sites["url"] + "index.html?q=Kharkiv+artillery&language=en")
    page.wait_for_selector("#result-count")
    assert titles(page) == {"Shelling of Kharkiv"}


# Two copies of one wire story and one other article (as in test_stories.py).
WIRE = (
    "Russian forces shelled the town of Izium on Tuesday morning, killing three civilians and wounding "
    "seven others, the regional governor said in a statement. Rescue teams worked through the night "
    "to clear the rubble of two apartment buildings near the central market."
)
STORY_CORPUS = {
    "a.md": f"---\ntitle: Izium shelled\ndate: 2022-04-05\noutlet: Reuters\n---\n{WIRE}\n",
    "b.md": f"---\ntitle: Izium shelled again\ndate: 2022-04-06\noutlet: Ukrinform\n---\n{WIRE} Updated.\n",
    "c.md": "---\ntitle: Grain from Odesa\ndate: 2022-04-05\noutlet: AP\n---\n"
    "Grain exports from the port of Odesa resumed on Monday after months of blockade.\n",
}


@pytest.fixture(scope="module")
def story_site(sites):  # sites: skips without Chromium, as the other tests
    root = sites["root"] / "stories"
    build_index([write_files(root / "corpus", STORY_CORPUS)], root / "index")
    build_site(root / "index", sites["root"] / "www" / "stories")
    return sites["url"].replace("/archive/", "/stories/")


def test_search_lists_each_story_once_with_its_copies(page, story_site):
    page.goto(story_site + "index.html")
    for query, months in (("", "2022-04"), ("the", "")):  # the catalog's answer, then Pagefind's
        found = search(page, query, month_from=months, month_to=months)
        story = found - {"Grain from Odesa"}
        assert "Grain from Odesa" in found and len(story) == 1 and story <= {"Izium shelled", "Izium shelled again"}
        assert page.inner_text("#result-count") == "2 stories in 3 articles: each story once."
        shown_outlet = "Reuters" if story == {"Izium shelled"} else "Ukrinform"
        other = {"Reuters": "Ukrinform", "Ukrinform": "Reuters"}[shown_outlet]
        lines = page.eval_on_selector_all("#results li.article .similar", "els => els.map(e => e.innerText)")
        assert lines == [f"+1 similar: {other} (first: Reuters, 2022-04-05)"], query
        if not query:  # newest first: the later copy stands for the story
            assert story == {"Izium shelled again"}
        assert "Counts are of stories:" in page.inner_text("aside.facets")
        outlets = page.eval_on_selector_all("section.facet[data-facet=outlet] li", "els => els.map(e => e.innerText)")
        assert sorted(outlets) == ["Associated Press 1", "Reuters 1", "Ukrinform 1"]  # AP: its name in full
        places = page.eval_on_selector_all(
            "section.facet[data-facet=place] li",
            "els => Object.fromEntries(els.map(e => [e.querySelector('a').innerText, Number(e.querySelector('.count').innerText)]))",
        )
        assert places.get("Ukraine") == 2, places  # the story once, the other article once


# One article per language, each naming Kharkiv as its language inflects it (#12), an Arabic
# article, and one that names another city: the search must tell them apart.
LANGUAGE_RECORDS = [
    {
        "id": "uk",
        "title": "Нічна атака",
        "body": "Вночі у Харкові пролунали вибухи, повідомив міський голова.",
        "language": "uk",
        "date": "2024-05-10",
    },
    {
        "id": "ru",
        "title": "Ночная атака",
        "body": "Ночью в Харькове прогремели взрывы, сообщил мэр города.",
        "language": "ru",
        "date": "2024-05-10",
    },
    {
        "id": "en",
        "title": "Night attack",
        "body": "Explosions were heard in Kharkiv overnight, the mayor said.",
        "language": "en",
        "date": "2024-05-10",
    },
    {
        "id": "other",
        "title": "Port attack",
        "body": "Explosions were heard in Odesa overnight, the governor said.",
        "language": "en",
        "date": "2024-05-11",
    },
    {
        "id": "ar",
        "title": "قصف على حلب",
        "body": "قصف الطيران الحربي مواقع في مدينة حلب صباح اليوم، وفق مصادر محلية (المرصد).",
        "language": "ar",
        "date": "2016-08-01",
    },
]
NAMING_KHARKIV = {"Нічна атака", "Ночная атака", "Night attack"}


@pytest.fixture(scope="module")
def language_site(sites):  # sites: skips without Chromium, as the other tests
    import json

    root = sites["root"] / "languages"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in LANGUAGE_RECORDS) + "\n"
    build_index([write_files(root / "corpus", {"items.jsonl": text})], root / "index")
    build_site(root / "index", sites["root"] / "www" / "languages")
    return sites["url"].replace("/archive/", "/languages/")


@pytest.mark.parametrize("query", ["Харкові", "Kharkiv", "Харькове", "Kharkov"])
def test_one_search_box_finds_kharkiv_in_every_language(page, language_site, query):
    page.goto(language_site + "index.html")
    assert search(page, query) == NAMING_KHARKIV
    languages = page.eval_on_selector_all("#results li.article h3 a", "els => els.map(e => e.href)")
    assert len(languages) == 3  # each article once
    assert page.errors == []


def test_an_arabic_article_reads_right_to_left(page, language_site):
    page.goto(language_site + "index.html")
    assert search(page, "حلب") == {"قصف على حلب"}
    page.click("#results li h3 a")
    page.wait_for_selector("div.text")
    direction = "el => getComputedStyle(el).direction"
    assert page.eval_on_selector("div.text", direction) == "rtl"
    assert page.eval_on_selector("h1", direction) == "rtl"
    # Right to left: the text's first word is drawn at the right edge of its box.
    first_word_right = page.evaluate(
        "(() => { const t = document.querySelector('div.text'); const w = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);"
        " let n = w.nextNode(); while (n && !n.textContent.trim()) n = w.nextNode();"
        " const r = document.createRange(); const s = n.textContent.indexOf(n.textContent.trim()[0]);"
        " r.setStart(n, s); r.setEnd(n, s + 1); return [r.getBoundingClientRect().right, t.getBoundingClientRect().right]; })()"
    )
    assert abs(first_word_right[0] - first_word_right[1]) < 20, first_word_right
    page.screenshot(path="/tmp/searcher-arabic-article.png", full_page=True)
