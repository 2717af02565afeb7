"""The static site and the HTML results page: structure, links, escaping, safe output folders."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import write_files

from searcher.errors import SearcherError
from searcher.formats import results_html
from searcher.indexer import build_index
from searcher.query import Filters, search
from searcher.site import MARKER, Publish, SiteError, build_site, slug

HOSTILE_TITLE = "<script>alert('title')</script> Izyum <img src=x onerror=alert('img')>"
FIXTURE = {
    "2022-09-14_izyum.md": "---\ntitle: Mass graves found near Izyum\noutlet: Kyiv Independent\n"
    "url: https://kyivindependent.com/izyum-graves\n---\nInvestigators exhumed bodies near Izyum, Kharkiv Oblast.\n",
    "2022-09-20_kharkiv.md": "---\ntitle: Shelling of Kharkiv continues\noutlet: Reuters\n---\nRussian artillery hit Kharkiv.\n",
    "2022-03-02_kyiv.md": "---\ntitle: Convoy stalls outside Kyiv\noutlet: Reuters\n---\nA Russian convoy stalled north of Kyiv.\n",
    "2022-09-15_hostile.md": f'---\ntitle: "{HOSTILE_TITLE}"\noutlet: "<b onmouseover=alert(\'outlet\')>Bad</b>"\n'
    "url: \"javascript:alert('url')\"\nplaces: [\"<svg onload=alert('place')>\"]\n---\n"
    "Body <script>alert('body')</script> near Izyum. <a href=\"javascript:alert('link')\">click</a>\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    corpus = write_files(root / "corpus", FIXTURE)
    build_index([corpus], root / "index")
    report = build_site(root / "index", root / "public", page_size=2)
    return root, report


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


class Links(HTMLParser):
    """Every URL-bearing attribute and every event-handler attribute of a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.handlers: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action", "data-pagefind") and value is not None:
                self.urls.append((tag, name, value))
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "inline")


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def test_site_has_every_kind_of_page(built):
    root, report = built
    site = root / "public"
    found = pages(site)
    articles = [p for p in found if p.startswith("articles/")]
    assert len(articles) == report.articles == 4
    for name in ("Izium", "Kharkiv Oblast", "Ukraine", "Kharkiv", "Kyiv"):
        assert f"places/{slug(name, _id(site, name))}/index.html" in found, name
    assert {
        "index.html",
        "places/index.html",
        "months/index.html",
        "outlets/index.html",
        "months/2022-09/index.html",
    } <= set(found)
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "assets" / "search.js").is_file()


def _id(site: Path, name: str) -> str:
    """The gazetteer id behind a place's page, read from the places index."""
    html = (site / "places" / "index.html").read_text("utf-8")
    m = re.search(rf'href="([^"]+)/index.html">{re.escape(name)}</a>', html)
    assert m, name
    folder = m.group(1).rsplit("/", 1)[-1]
    from searcher.enrich.places import gazetteer

    for entity in gazetteer().lookup(name):
        if slug(name, entity.id) == folder:
            return entity.id
    raise AssertionError(folder)


def test_every_link_is_relative_and_leads_to_a_file(built):
    root, _ = built
    site = root / "public"
    for relative, html in pages(site).items():
        for tag, _attr, url in parse(html).urls:
            if url.startswith(("https://", "http://")):
                assert tag == "a", (relative, url)  # links out are fine; fetching from elsewhere is not
                continue
            if url.startswith(("#", "data:")):
                continue
            if relative == "404.html":  # served at any depth: its links start at the site's root
                assert url.startswith("/"), url
                assert (site / url.lstrip("/")).is_file(), url
                continue
            assert not url.startswith("/"), (relative, url)
            target = (site / relative).parent / url.split("?")[0]
            assert target.resolve().is_file(), (relative, url)


def test_place_page_lists_its_articles_and_a_region_its_towns(built):
    root, _ = built
    site = root / "public"
    izium = (site / "places" / slug("Izium", _id(site, "Izium")) / "index.html").read_text("utf-8")
    assert "Mass graves found near Izyum" in izium and "<svg" in izium  # the timeline
    oblast_folder = site / "places" / slug("Kharkiv Oblast", _id(site, "Kharkiv Oblast"))
    oblast = (oblast_folder / "index.html").read_text("utf-8")
    # Three articles, two to a page (page_size=2): the two newest, and a link to the search
    # for all three instead of a second page.
    assert "Shelling of Kharkiv continues" in oblast and "Mass graves found near Izyum" not in oblast
    assert 'href="../../index.html?place=Kharkiv+Oblast">All 3 articles' in oblast
    assert not (oblast_folder / "page").exists()
    assert "1 article</p>" in (site / "months" / "2022-03" / "index.html").read_text("utf-8")  # not "1 articles"


def test_hostile_text_is_inert_everywhere(built):
    root, _ = built
    site = root / "public"
    for relative, html in pages(site).items():
        links = parse(html)
        assert not links.handlers, (relative, links.handlers)
        assert all(src != "inline" for src in links.scripts), relative
        assert not any(url.lower().lstrip().startswith(("javascript:", "vbscript:")) for _, _, url in links.urls), (
            relative
        )
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html, relative
    article = next(html for html in pages(site).values() if "alert(&#39;title&#39;)" in html and "<h1" in html)
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Izyum" in article
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in article
    # Pagefind keeps the text as text; the page script renders it as text nodes.
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes())[len("pagefind_dcd") :])
        assert data["url"].startswith("/articles/")


def test_rebuild_writes_only_what_changed(tmp_path):
    others = {  # thirty articles that the change does not concern
        f"2016-{m:02d}-{d:02d}_aleppo.md": f"---\ntitle: Aleppo report {m}-{d}\noutlet: SANA\n---\nShelling in Aleppo.\n"
        for m in range(1, 11)
        for d in (3, 13, 23)
    }
    corpus = write_files(tmp_path / "corpus", {k: v for k, v in FIXTURE.items() if "hostile" not in k} | others)
    build_index([corpus], tmp_path / "index")
    first = build_site(tmp_path / "index", tmp_path / "public", search=False)
    again = build_site(tmp_path / "index", tmp_path / "public", search=False)
    assert first.written == first.files and (again.written, again.removed) == (0, 0)
    write_files(corpus, {"2022-10-01_kupiansk.md": "---\ntitle: Kupiansk retaken\n---\nTroops entered Kupiansk.\n"})
    (corpus / "2022-03-02_kyiv.md").unlink()
    build_index([corpus], tmp_path / "index")
    third = build_site(tmp_path / "index", tmp_path / "public", search=False)
    # New: Kupiansk's article and place page, its month; changed: Ukraine's and Kharkiv Oblast's
    # pages, the indexes, the home page, the search's catalog and first leads file, and the
    # spelling files of the first letters of Kupiansk's and Kyiv's spellings (k, к, c, ...).
    # Removed: Kyiv's article, place and region pages, March 2022.
    assert third.files > 60 and 0 < third.written <= 18 and third.removed >= 4
    assert (
        not list((tmp_path / "public").glob("places/kyiv-*"))
        and len(list((tmp_path / "public").glob("articles/*"))) == 33
    )


def test_output_folder_that_is_not_a_site_is_refused(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"a.md": FIXTURE["2022-09-20_kharkiv.md"]})
    build_index([corpus], tmp_path / "index")
    mine = write_files(tmp_path / "mine", {"thesis.docx": b"precious"})
    with pytest.raises(SiteError, match="not a site made by searcher"):
        build_site(tmp_path / "index", mine, search=False)
    assert (mine / "thesis.docx").read_bytes() == b"precious"
    (tmp_path / "file").write_text("x")
    with pytest.raises(SearcherError):
        build_site(tmp_path / "index", tmp_path / "file", search=False)


def test_a_tampered_manifest_cannot_delete_outside(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"a.md": FIXTURE["2022-09-20_kharkiv.md"]})
    build_index([corpus], tmp_path / "index")
    site = tmp_path / "public"
    build_site(tmp_path / "index", site, search=False)
    victim = write_files(tmp_path / "outside", {"keep.txt": "keep"})
    manifest = json.loads((site / MARKER).read_text())
    manifest["files"]["../outside/keep.txt"] = "0"
    manifest["files"][str(victim / "keep.txt")] = "0"
    (site / MARKER).write_text(json.dumps(manifest))
    build_site(tmp_path / "index", site, search=False)
    assert (victim / "keep.txt").read_text() == "keep"


def test_slugs_are_safe_folder_names():
    for name in ("../../etc/passwd", "/abs/path", "CON", "a" * 500, "Ізюм", "", "<script>"):
        s = slug(name, name)
        assert re.fullmatch(r"[a-z0-9-]{1,70}", s), s
        assert ".." not in s and "/" not in s


def test_results_page_is_self_contained_and_escaped(built):
    root, _ = built
    results = search(root / "index", "izyum", Filters(outlets=("Kyiv Independent",)))
    html = results_html(results, root / "index")
    links = parse(html)
    assert not links.scripts and not links.handlers
    outside = [url for _, _, url in links.urls if not url.startswith(("#", "data:"))]
    assert outside == ["https://kyivindependent.com/izyum-graves", "https://www.geonames.org/"]
    assert "Mass graves found near <mark>Izyum</mark>" not in html  # the title is not highlighted...
    assert "<mark>Izyum</mark>" in html  # ...the snippet is
    assert "<code>izyum</code>" in html and "Kyiv Independent" in html and "Izium" in html
    hostile = results_html(search(root / "index", "alert"), root / "index")
    links = parse(hostile)
    assert not links.scripts and not links.handlers
    assert not any(url.startswith("javascript:") for _, _, url in links.urls)
    assert "<script>alert" not in hostile and "&lt;script&gt;" in hostile  # shown as text


LONG_BODY = " ".join(
    f"Sentence {i} of the Reuters report on Kharkiv, with words nobody may republish." for i in range(80)
)


def _all_text(site: Path) -> str:
    """Every file of a site as text, Pagefind's gzipped files decompressed."""
    out = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            out.append(data.decode("utf-8", "replace"))
    return "\n".join(out)


def test_publishing_options_excerpts_subset_crawlers_and_no_local_paths(tmp_path):
    fixture = dict(FIXTURE) | {
        "2022-09-21_long.md": f"---\ntitle: Long Reuters report\noutlet: Reuters\nurl: https://reuters.com/long\n---\n{LONG_BODY}\n"
    }
    corpus = write_files(tmp_path / "corpus", fixture)
    build_index([corpus], tmp_path / "index")
    site = tmp_path / "public"
    publish = Publish(excerpts_only_outlets=("Reuters",), base_url="https://example.org/archive/")
    build_site(tmp_path / "index", site, publish=publish)
    everything = _all_text(site)
    # Reuters' texts are not in the site, neither in its pages nor in Pagefind's index...
    assert "Sentence 3 of the Reuters report" in everything  # the excerpt
    assert "Sentence 79 of the Reuters report" not in everything and "Sentence 20 " not in everything
    assert "Russian artillery hit Kharkiv" in everything  # a short text: whole in its excerpt
    # ...the other outlets' are.
    assert "Investigators exhumed bodies near Izyum, Kharkiv Oblast." in everything
    long_page = next(p for p in site.glob("articles/*/index.html") if "Long Reuters report" in p.read_text("utf-8"))
    html = long_page.read_text("utf-8")
    assert 'href="https://reuters.com/long"' in html and "read the whole article at Reuters" in html
    assert '<meta name="description" content="2022-09-21 · Reuters: Sentence 0 of the Reuters report' in html
    # No path of this machine anywhere: neither the index's nor the corpus's, nor the user's folders.
    for secret in (str(tmp_path), str(tmp_path / "index"), str(corpus)):
        assert secret not in everything
    assert secret not in results_html(search(tmp_path / "index", "izyum"), tmp_path / "index")
    # Crawlers: a sitemap of every page at the public address, robots.txt pointing to it, a 404 page.
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    expected = {"https://example.org/archive/" + p.removesuffix("index.html") for p in pages(site) if p != "404.html"}
    assert locs == expected and "https://example.org/archive/" in locs
    assert (
        site / "robots.txt"
    ).read_text() == "User-agent: *\nAllow: /\nSitemap: https://example.org/archive/sitemap.xml\n"
    assert 'href="/archive/index.html"' in (site / "404.html").read_text("utf-8")
    # Every page says what it is.
    for relative, html in pages(site).items():
        m = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert m and len(m.group(1)) > 10, relative

    # A site of a subset, with search's filters; crawlers asked to stay away.
    subset = tmp_path / "subset"
    build_site(
        tmp_path / "index",
        subset,
        search=False,
        subset=Filters(places=("Kharkiv Oblast",), date_from="2022-09-14", date_to="2022-09-30"),
        subset_query="",
        publish=Publish(no_crawl=True),
    )
    titles = {
        re.search(r"<h1[^>]*>(.*?)</h1>", p.read_text("utf-8")).group(1) for p in subset.glob("articles/*/index.html")
    }
    assert titles == {
        "Mass graves found near Izyum",
        "Shelling of Kharkiv continues",
        "Long Reuters report",
        "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Izyum &lt;img src=x onerror=alert(&#39;img&#39;)&gt;",
    }
    assert (subset / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n" and not (
        subset / "sitemap.xml"
    ).exists()
    build_site(tmp_path / "index", subset, search=False, subset_query="exhumed")
    assert len(list(subset.glob("articles/*"))) == 1


def test_spelling_table_and_catalog(built):
    root, _ = built
    site = root / "public"
    table = {"keys": {}, "written": {}}
    for shard in (site / "assets" / "spellings").iterdir():
        data = json.loads(shard.read_text("utf-8"))
        assert all(f"{ord(k[0]):x}.json" == shard.name for k in data["keys"])  # by first letter
        table["keys"].update(data["keys"])
        table["written"].update(data["written"])
    # Any spelling of a place the articles name leads to it; a city's spelling to its region too.
    assert table["keys"]["kharkov"] == ["Kharkiv", "Kharkiv Oblast"]
    assert table["keys"]["харків"] == ["Kharkiv", "Kharkiv Oblast"]
    assert table["keys"]["ізюм"] == ["Izium"] and table["keys"]["izyum"] == ["Izium"]
    assert "kyiv" in table["keys"] and "aleppo" not in table["keys"]  # only the site's places
    assert table["written"]["Izium"] == ["Izyum"]  # as the texts spell it, for marking it
    catalog = json.loads((site / "assets" / "catalog.json").read_text("utf-8"))
    names = [p[0] for p in catalog["places"]]
    rows = {r[1]: r for r in catalog["articles"]}
    assert {names[i] for i in rows["Mass graves found near Izyum"][4]} == {"Izium", "Kharkiv Oblast"}
    assert [r[2] for r in catalog["articles"]] == sorted((r[2] for r in catalog["articles"]), reverse=True)
    leads = json.loads((site / "assets" / "leads" / "0.json").read_text("utf-8"))
    index = next(i for i, r in enumerate(catalog["articles"]) if r[1] == "Shelling of Kharkiv continues")
    assert leads[index] == "Russian artillery hit Kharkiv."


def test_rebuild_with_pagefind_writes_nothing_when_nothing_changed(tmp_path):
    corpus = write_files(tmp_path / "corpus", {k: v for k, v in FIXTURE.items() if "hostile" not in k})
    build_index([corpus], tmp_path / "index")
    site = tmp_path / "public"
    first = build_site(tmp_path / "index", site)
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    again = build_site(tmp_path / "index", site)
    assert (again.written, again.removed, again.files) == (0, 0, first.files)
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == stamps  # the marker included
    write_files(corpus, {"2022-10-01_kupiansk.md": "---\ntitle: Kupiansk retaken\n---\nTroops entered Kupiansk.\n"})
    build_index([corpus], tmp_path / "index")
    third = build_site(tmp_path / "index", site)
    assert third.written > 0 and any(
        p.startswith("pagefind/") for p in json.loads((site / MARKER).read_text())["files"]
    )
    assert "Kupiansk retaken" in _all_text(site / "pagefind")


def test_places_index_of_a_country_named_alone(tmp_path):
    corpus = write_files(
        tmp_path / "corpus",
        {"2022-09-01_a.md": "---\ntitle: Talks\noutlet: AFP\n---\nDiplomats from Ukraine and France met.\n"},
    )
    build_index([corpus], tmp_path / "index")
    build_site(tmp_path / "index", tmp_path / "public", search=False)
    html = (tmp_path / "public" / "places" / "index.html").read_text("utf-8")
    assert re.search(r'<nav class="jump".*>France</a>.*</nav>', html, re.S) and 'id="place-filter"' in html


def test_site_publishing_options_from_the_command_line(tmp_path, capsys):
    from searcher.cli import main

    corpus = write_files(tmp_path / "corpus", {k: v for k, v in FIXTURE.items() if "hostile" not in k})
    build_index([corpus], tmp_path / "index")
    out = tmp_path / "public"
    common = ["--index-dir", str(tmp_path / "index"), "--no-search"]
    code = main(["site", str(out), *common, "--place", "Kharkiv Oblast", "--excerpts-only-outlet", "Reuters",
                 "--base-url", "https://example.org/", "--no-crawl"])  # fmt: skip
    printed = capsys.readouterr()
    assert code == 0 and printed.out.startswith("Site: 2 articles,") and "searcher serve" in printed.out
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert main(["site", str(out), *common, "--base-url", "example.org"]) == 2
    assert capsys.readouterr().err.startswith("Error: --base-url 'example.org' is not an http(s) address")
    assert main(["site", str(out), *common, "--from", "2022-13"]) == 2


def test_timeline_year_labels_stay_whole_and_apart():
    from searcher.site import YEAR_LABEL, make_timeline

    for first, last in ((2011, 2023), (2022, 2023), (2016, 2016)):
        dated = [{"date": f"{y}-{m:02d}-01"} for y in range(first, last + 1) for m in (1, 2, 12)]
        t = make_timeline(dated + [{"date": "2023-01-25"}] * (last == 2023))
        xs = [y["x"] for y in t["years"]]
        assert all(0 <= x <= t["width"] - YEAR_LABEL for x in xs)
        assert all(b - a >= YEAR_LABEL for a, b in zip(xs, xs[1:], strict=False))
        assert t["years"][0]["label"] == str(first)
