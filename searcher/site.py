"""A static site of the index: article pages, browse pages by place, month and outlet, a
timeline, and in-browser full-text search through Pagefind. Plain files, relative links,
nothing fetched from another host.

Pages are rendered in memory and written only when their bytes changed; files of the last
build that are no longer part of the site are removed, and nothing outside the output folder
is ever touched (a folder that is neither empty nor a previous site is refused).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from searcher.errors import SearcherError, SetupError
from searcher.language import text_direction

MARKER = ".searcher-site.json"  # in the output folder: what the last build wrote
PAGE_SIZE = 50
PLACE_SUGGESTIONS = 200  # place names offered by the home page's filter (it stays small)
DATE_HOW = {
    "meta": "from the metadata",
    "html": "from the page",
    "url": "from the URL",
    "filename": "from the file name",
    "text": "read from the text",
}
OUTLET_HOW = {
    "meta": "from the metadata",
    "html": "from the page",
    "option": "given when indexing",
    "url": "from the URL",
    "inferred": "inferred from the text",
}


class SiteError(SearcherError):
    """The output folder cannot be used."""


@dataclass
class SiteReport:
    articles: int = 0
    files: int = 0  # files of the site, Pagefind's included
    written: int = 0  # files whose bytes changed (or new)
    written_bytes: int = 0
    removed: int = 0
    bytes: int = 0  # size of the whole site
    pagefind_bytes: int = 0
    seconds: float = 0.0
    pagefind_seconds: float = 0.0
    pages: dict[str, int] = field(default_factory=dict)  # kind of page -> count

    def summary(self) -> str:
        return (
            f"{self.articles} articles, {self.files} files ({self.bytes / 1e6:.1f} MB, Pagefind "
            f"{self.pagefind_bytes / 1e6:.1f} MB); {self.written} written, {self.removed} removed, "
            f"{self.files - self.written} unchanged; {self.seconds:.1f} s (Pagefind {self.pagefind_seconds:.1f} s)"
        )


@dataclass(frozen=True)
class Publish:
    """What a published site leaves out or adds: full texts, crawlers, its own address."""

    excerpts_only: bool = False  # every article as title, metadata, a short excerpt, a link
    excerpts_only_outlets: tuple[str, ...] = ()  # ... or only these outlets' articles
    base_url: str = ""  # https://example.org/archive/: for sitemap.xml and the 404 page
    no_crawl: bool = False  # robots.txt asks every crawler to stay away

    def excerpt_only(self, article: dict) -> bool:
        return self.excerpts_only or (article.get("outlet") or "") in self.excerpts_only_outlets


def build_site(
    index_dir: Path,
    outdir: Path,
    templates: Path | None = None,
    title: str = "Conflict reporting archive",
    search: bool = True,
    page_size: int = PAGE_SIZE,
    publish: Publish = Publish(),
    subset=None,
    subset_query: str = "",
) -> SiteReport:
    """Build (or update) the site of the index in `outdir`: of every article, or of those
    `subset_query` and the `subset` filters (query.Filters) find, as `searcher search` does."""
    from searcher.render import environment

    started = time.monotonic()
    outdir = Path(outdir)
    pagefind = pagefind_binary() if search else None  # missing: stop before anything is written
    previous, previous_input = _check_outdir(outdir)
    articles = load_articles(index_dir)
    if subset or subset_query.strip():
        articles = _subset(index_dir, articles, subset_query, subset)
    env = environment(templates)
    pages = render_pages(env, articles, title, page_size, publish, search)
    report = SiteReport(articles=len(articles), pages=dict(Counter(p.split("/", 1)[0] for p in pages)))
    outdir.mkdir(parents=True, exist_ok=True)
    files = {path: content.encode("utf-8") for path, content in pages.items()}
    for asset in ("site.css", "search.js", "article.js", "places.js", "disk.js"):
        files[f"assets/{asset}"] = _source(env, asset)
    files.update(browse_data(articles, spellings(articles)))
    files.update(_crawler_files(pages, publish))
    pagefind_input = _digest(files, "articles/")
    if search:
        pf_started = time.monotonic()
        bundle = _previous_bundle(outdir, previous) if pagefind_input == previous_input else None
        if bundle is None:  # Pagefind's files differ at every run: run it only for new pages
            bundle = run_pagefind(outdir, files, pagefind)
        report.pagefind_seconds = time.monotonic() - pf_started
        report.pagefind_bytes = sum(len(b) for b in bundle.values())
        files.update(bundle)
        files["assets/pagefind-rows.json"] = _json(pagefind_rows(bundle, articles))
    manifest = _write_files(outdir, files, previous, report)
    marker = json.dumps({"generator": "searcher", "pagefind_input": pagefind_input, "files": manifest}, indent=0)
    if (outdir / MARKER).is_file() and (outdir / MARKER).read_text("utf-8") == marker:
        pass  # nothing changed: not even the marker is rewritten
    else:
        (outdir / MARKER).write_text(marker, "utf-8")
    report.files = len(files)
    report.bytes = sum(len(b) for b in files.values())
    report.seconds = time.monotonic() - started
    return report


def _subset(index_dir: Path, articles: list[dict], query_text: str, filters) -> list[dict]:
    """The articles a search finds: the same query language and filters as `searcher search`."""
    from searcher.query import Filters, search

    found = search(index_dir, query_text.strip() or "*", filters or Filters(), all_hits=True, limit=1, words="all")
    wanted = {h.id for h in found.hits}
    return [a for a in articles if a["id"] in wanted]


def _digest(files: dict[str, bytes], prefix: str) -> str:
    """One hash of the files under `prefix`: Pagefind's input."""
    h = hashlib.sha256()
    for relative in sorted(files):
        if relative.startswith(prefix):
            h.update(relative.encode("utf-8") + b"\0" + hashlib.sha256(files[relative]).digest())
    return h.hexdigest()


def _previous_bundle(outdir: Path, previous: dict[str, str]) -> dict[str, bytes] | None:
    """The Pagefind files of the last build, if every one is still there unaltered."""
    bundle = {}
    for relative, digest in previous.items():
        if relative.startswith("pagefind/"):
            path = outdir / relative
            if not path.is_file():
                return None
            content = path.read_bytes()
            if hashlib.sha256(content).hexdigest()[:20] != digest:
                return None
            bundle[relative] = content
    return bundle or None


def _crawler_files(pages: dict[str, str], publish: Publish) -> dict[str, bytes]:
    """robots.txt, and sitemap.xml when the site's address is known."""
    from xml.sax.saxutils import escape

    lines = ["User-agent: *", "Disallow: /" if publish.no_crawl else "Allow: /"]
    out = {}
    base = publish.base_url.rstrip("/") + "/" if publish.base_url else ""
    if base and not publish.no_crawl:
        urls = [base + (p[: -len("index.html")] if p.endswith("index.html") else p) for p in sorted(pages)]
        urls = [u for u in urls if not u.endswith("404.html")]
        body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls)
        out["sitemap.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n"
        ).encode("utf-8")
        lines.append(f"Sitemap: {base}sitemap.xml")
    out["robots.txt"] = ("\n".join(lines) + "\n").encode("utf-8")
    return out


# The output folder


def _check_outdir(outdir: Path) -> tuple[dict[str, str], str]:
    """The manifest of the previous build there ({} for a new or empty folder) and the hash
    of its Pagefind input. Refuses a file, or a folder with other things in it, so nobody's
    files get overwritten."""
    if outdir.exists() and not outdir.is_dir():
        raise SiteError(f"{outdir} is a file, not a folder", "give the path of a new or empty folder")
    marker = outdir / MARKER
    if marker.is_file():
        try:
            data = json.loads(marker.read_text("utf-8"))
            files = {p: h for p, h in data.get("files", {}).items() if _inside(p)}
            return files, str(data.get("pagefind_input") or "")
        except (ValueError, AttributeError):
            raise SiteError(f"{marker} is damaged", "remove the folder, or build into a new one") from None
    if outdir.is_dir() and any(outdir.iterdir()):
        raise SiteError(
            f"{outdir} is not empty and is not a site made by searcher",
            "build into a new or empty folder (nothing in it will be overwritten)",
        )
    return {}, ""


def _inside(relative: str) -> bool:
    """A path of the manifest that stays inside the output folder."""
    path = PurePosixPath(relative)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def _write_files(outdir: Path, files: dict[str, bytes], previous: dict[str, str], report: SiteReport) -> dict[str, str]:
    manifest = {}
    root = outdir.resolve()
    for relative, content in sorted(files.items()):
        digest = hashlib.sha256(content).hexdigest()[:20]
        manifest[relative] = digest
        target = outdir / relative
        if previous.get(relative) == digest and target.is_file():
            continue
        if not target.resolve().is_relative_to(root):  # every path is made here, but check
            raise SiteError(f"refusing to write outside {outdir}: {relative}", "report this")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(content)
        os.replace(partial, target)
        report.written += 1
        report.written_bytes += len(content)
    for relative in previous.keys() - manifest.keys():
        target = outdir / relative
        if target.is_file() and target.resolve().is_relative_to(root):
            target.unlink()
            report.removed += 1
            _remove_empty_parents(target.parent, outdir)
    return manifest


def _remove_empty_parents(folder: Path, outdir: Path) -> None:
    while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _source(env, name: str) -> bytes:
    source, _, _ = env.loader.get_source(env, name)
    return source.encode("utf-8")


# The articles


def load_articles(index_dir: Path) -> list[dict]:
    """Every article of the index as a plain dict, newest first (undated last)."""
    from searcher.query import open_for_search

    ix = open_for_search(index_dir)
    with ix.reader() as reader:
        articles = []
        for stored in reader.all_stored_fields():
            record = stored.get("record", {})
            articles.append(
                {
                    "id": stored["id"],
                    "title": stored.get("title", ""),
                    "body": stored.get("body", ""),
                    "source": stored.get("source", ""),
                    **record,
                }
            )
    articles.sort(key=lambda a: (a.get("date") or "", a["id"]), reverse=True)  # undated ("") last
    from searcher.stories import all_versions

    versions = all_versions(index_dir)
    for a in articles:
        if a["id"] in versions:
            a["story"], a["versions"] = versions[a["id"]]
    return articles


def slug(name: str, key: str) -> str:
    """A file-system-safe folder name: ASCII words of the name and a short hash of its key
    ('Izium' -> 'izium-3f2a9c'), never anything from the text that could climb out."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_name)
    base = "-".join(words)[:60].strip("-") or "x"
    return f"{base}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"


@dataclass
class _Group:
    """Articles sharing a facet value: a place, region, country, month or outlet."""

    key: str
    name: str
    slug: str
    kind: str = ""
    region: str = ""
    country: str = ""
    articles: list[dict] = field(default_factory=list)


def group_articles(articles: list[dict]) -> tuple[dict[str, _Group], dict[str, _Group], dict[str, _Group]]:
    """(places, months, outlets): the articles of each value, newest first. A place's region
    and country get its articles too (each once), so browsing Kharkiv Oblast lists Izium's."""
    places: dict[str, _Group] = {}
    months: dict[str, _Group] = {}
    outlets: dict[str, _Group] = {}
    for a in articles:
        seen = set()
        for p in resolved_places(a):
            for key, name, kind, region, country in _place_levels(p):
                group = places.setdefault(key, _Group(key, name, slug(name, key), kind, region, country))
                if key not in seen:
                    group.articles.append(a)
                    seen.add(key)
        month = (a.get("date") or "")[:7] or "undated"
        months.setdefault(month, _Group(month, month, month)).articles.append(a)
        if a.get("outlet"):
            outlets.setdefault(
                a["outlet"], _Group(a["outlet"], a["outlet"], slug(a["outlet"], a["outlet"]))
            ).articles.append(a)
    return places, months, outlets


def resolved_places(article: dict) -> list[dict]:
    """An article's places, without the names left unresolved (they have no page)."""
    return [p for p in article.get("places") or () if p.get("kind") != "unresolved"]


def _place_levels(place: dict) -> list[tuple[str, str, str, str, str]]:
    """(key, name, kind, region, country) for a place and the region and country it lies in."""
    levels = [(place["id"], place["name"], place["kind"], place.get("region") or "", place.get("country") or "")]
    ancestors = place.get("ancestors") or ()
    for ancestor in ancestors:
        if ancestor.startswith("r:") and place.get("region"):
            levels.append((ancestor, place["region"], "region", "", place.get("country") or ""))
        elif ancestor.startswith("c:") and place.get("country"):
            levels.append((ancestor, place["country"], "country", "", ""))
    return levels


def spellings(articles: list[dict]) -> dict[str, list[str]]:
    """Other spellings of every place the articles name, from the gazetteer (Kharkov,
    Харків, Харьков for Kharkiv): the search page folds a query's place names with them."""
    from searcher.enrich.places import names_of

    ids = {p["id"] for a in articles for p in resolved_places(a)}
    return names_of(ids)


LEAD_CHUNK = 100  # articles whose opening lines share one file of assets/leads/
ADMIN_WORDS = re.compile(
    r"\s+(oblast|oblast'|region|province|governorate|raion|krai|kray|область|обл|район|край|محافظة)\.?$"
)


def fold(name: str) -> str:
    """The key a spelling is looked up by, as search.js folds a query: lower case, no marks,
    no apostrophes ("Kharkiv", "KHARKIV" and "Kharkív" are one)."""
    name = unicodedata.normalize("NFKD", name.casefold())
    name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(re.sub(r"['’ʼ`]", "", name).split())


def spelling_table(articles: list[dict], other_names: dict[str, list[str]]) -> dict:
    """{"keys": {folded spelling: [place names]}, "written": {place name: [the words that
    named it in the texts]}} for the places the articles name. A region is also found by its
    stem ("Kharkov" finds Kharkiv Oblast as well as the city), as the index's folding finds
    "Kharkiv" in "Kharkiv Oblast"."""
    places: dict[str, dict] = {}
    matched: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for p in resolved_places(a):
            places.setdefault(p["id"], p)
            matched[p["id"]].update(p.get("matched") or ())
    keys: dict[str, set[str]] = defaultdict(set)
    names: dict[str, list[str]] = {}
    written_in_texts: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, list[str]] = defaultdict(list)
    for pid, p in sorted(places.items()):
        spelled = list(dict.fromkeys([p["name"], *other_names.get(pid, ()), *sorted(matched[pid])]))
        names[p["name"]] = list(dict.fromkeys(names.get(p["name"], []) + spelled))
        written_in_texts[p["name"]].update(matched[pid] or {p["name"]})
        by_name[fold(p["name"])].append(pid)
        for written in spelled:
            keys[fold(written)].add(p["name"])
            if p["kind"] == "region":
                stem = ADMIN_WORDS.sub("", fold(written))
                if stem and stem != fold(written):
                    keys[stem].add(p["name"])
    for p in places.values():  # the city's spellings find its region too
        if p["kind"] == "region":
            stem = ADMIN_WORDS.sub("", fold(p["name"]))
            for city in by_name.get(stem, ()):
                for written in names[places[city]["name"]]:
                    keys[fold(written)].add(p["name"])
    return {
        "keys": {k: sorted(v) for k, v in sorted(keys.items()) if k},
        "written": {name: sorted(words) for name, words in sorted(written_in_texts.items())},
    }


def spelling_shards(table: dict) -> dict[str, bytes]:
    """The spelling table in files by the first letter of the spelling (assets/spellings/
    <code point in hex>.json): a query fetches the few of its words' first letters only."""
    shards: dict[str, dict] = defaultdict(lambda: {"keys": {}, "written": {}})
    for key, names in table["keys"].items():
        shard = shards[f"{ord(key[0]):x}"]
        shard["keys"][key] = names
        for name in names:
            shard["written"][name] = table["written"].get(name, [name])
    return {f"assets/spellings/{code}.json": _json(shard) for code, shard in sorted(shards.items())}


def browse_data(articles: list[dict], other_names: dict[str, list[str]]) -> dict[str, bytes]:
    """What the search page reads without Pagefind: the spelling table, a catalog of every
    article (id, title, date, outlet, places) for filter-only browsing and facet counts, and
    the articles' opening lines, in chunks fetched for the results shown."""
    place_index: dict[str, int] = {}
    place_rows: list[list] = []

    def index_of(key: str, name: str, parents: list[int]) -> int:
        if key not in place_index:
            place_index[key] = len(place_rows)
            place_rows.append([name, parents])
        return place_index[key]

    def story_code(a: dict) -> int:
        """The article's story as an index into the catalog's stories (-1: a story of its own)."""
        story = a.get("story")
        if story is None:
            return -1
        if story not in story_index:
            origin = next((m for m in a.get("versions") or () if m.relation == "origin"), None)
            story_index[story] = len(story_rows)
            story_rows.append([origin.outlet or "", origin.date or ""] if origin else ["", ""])
        return story_index[story]

    outlets = sorted({a["outlet"] for a in articles if a.get("outlet")}, key=str.casefold)
    outlet_index = {o: i for i, o in enumerate(outlets)}
    story_index: dict[str, int] = {}
    story_rows: list[list] = []  # [origin's outlet, origin's date]: the "(first: ...)" of a story
    rows, leads = [], []
    for a in articles:
        named = []
        for p in resolved_places(a):
            levels = _place_levels(p)
            parents = [index_of(k, n, []) for k, n, *_ in reversed(levels[1:])]
            i = index_of(p["id"], p["name"], parents)
            if not place_rows[i][1] and parents:
                place_rows[i][1] = parents
            named.append(i)
        outlet = outlet_index.get(a.get("outlet"), -1)
        language = _language_tag(a.get("language"))
        rows.append([a["id"], a.get("title") or "", a.get("date") or "", outlet, named, language, story_code(a)])
        leads.append(_lead(a))
    catalog = {"places": place_rows, "outlets": outlets, "stories": story_rows, "chunk": LEAD_CHUNK, "articles": rows}
    out = {
        "assets/catalog.json": _json(catalog),
        **spelling_shards(spelling_table(articles, other_names)),
    }
    for start in range(0, max(len(leads), 1), LEAD_CHUNK):
        out[f"assets/leads/{start // LEAD_CHUNK}.json"] = _json(leads[start : start + LEAD_CHUNK])
    return out


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _lead(a: dict, size: int = 220) -> str:
    """The opening words of an article's text (not its title again, when the text repeats it)."""
    body = " ".join((a.get("body") or "").split())
    title = " ".join((a.get("title") or "").split())
    if title and body.startswith(title) and len(body) > len(title) + 40:
        body = body[len(title) :].lstrip(" .:-–—")
    return body[:size].rsplit(" ", 1)[0] + " …" if len(body) > size else body


# Pages


def render_pages(
    env, articles: list[dict], title: str, page_size: int, publish: Publish = Publish(), search: bool = True
) -> dict[str, str]:
    """{relative path: HTML} for the whole site."""
    places, months, outlets = group_articles(articles)
    slugs = {key: g.slug for key, g in places.items()}
    outlet_slugs = {key: g.slug for key, g in outlets.items()}
    render = _renderer(env, title)
    pages = {}
    present = {a["id"] for a in articles}
    for a in articles:
        view = _article_view(a, slugs, outlet_slugs, publish.excerpt_only(a))
        view["versions"] = _versions(a, present)
        pages[f"articles/{a['id']}/index.html"] = render(
            "article.html", 2, a=view, description=_describe(a, view["paragraphs"])
        )
    for kind, groups, heading in (
        ("places", places, _place_heading),
        ("months", months, _month_heading),
        ("outlets", outlets, lambda g: g.name),
    ):
        for group in groups.values():
            pages.update(_listing(render, kind, group, heading(group), page_size if search else 0))
    place_groups = _place_groups(places)
    pages["places/index.html"] = render(
        "facet_index.html",
        1,
        heading="Places",
        kind="places",
        groups=place_groups,
        jump=True,
        description=f"The {sum(g.kind == 'place' for g in places.values()):,} places of {title} by country and region.",
    )
    pages["months/index.html"] = render(
        "facet_index.html",
        1,
        heading="Months",
        kind="months",
        groups=_month_groups(months),
        jump=False,
        description=f"The articles of {title} by month.",
    )
    pages["outlets/index.html"] = render(
        "facet_index.html",
        1,
        heading="Outlets",
        kind="outlets",
        jump=False,
        description=f"The {len(outlets):,} outlets of {title}.",
        groups=[
            {
                "name": "",
                "slug": "",
                "anchor": "",
                "count": len(articles),
                "subgroups": [{"name": "", "slug": "", "anchor": "", "count": 0, "values": _values(outlets.values())}],
            }
        ],
    )
    home = _home(articles, places, outlets)
    pages["index.html"] = render("home.html", 0, **home, description=_describe_site(title, home["stats"]))
    root = (urllib.parse.urlsplit(publish.base_url).path or "/") if publish.base_url else "/"
    pages["404.html"] = env.get_template("404.html").render(
        root=root.rstrip("/") + "/", site_title=title, inline_css=True, description=f"Page not found · {title}"
    )
    return pages


def _describe(a: dict, paragraphs: list[str]) -> str:
    """A page's meta description: its date, outlet and opening words."""
    text = " ".join(" ".join(paragraphs).split())
    text = text[:150].rsplit(" ", 1)[0] + " …" if len(text) > 150 else text
    head = " · ".join(x for x in (a.get("date"), a.get("outlet")) if x)
    return f"{head}: {text}" if head and text else head or text


def _describe_site(title: str, stats: dict) -> str:
    span = f", {stats['first']} to {stats['last']}" if stats.get("first") else ""
    return f"{title}: {stats['articles']:,} articles{span}, searchable by place, month and outlet."


def _renderer(env, title: str) -> Callable[..., str]:
    def render(template: str, depth: int, **context) -> str:
        context.setdefault("description", title)
        return env.get_template(template).render(root="../" * depth, site_title=title, inline_css=False, **context)

    return render


PLACES_SHOWN = 8  # an article's first places; the rest fold away behind "N more"
EXCERPT_CHARS = 400  # what an excerpts-only page keeps of a text


def _article_view(a: dict, slugs: dict[str, str], outlet_slugs: dict[str, str], excerpt_only: bool = False) -> dict:
    places = resolved_places(a)
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", a.get("body") or "") if p.strip()]
    if excerpt_only:
        paragraphs = [_lead(a, EXCERPT_CHARS)] if paragraphs else []
    shown = [
        {
            "name": p["name"],
            "slug": slugs[p["id"]],
            "where": ", ".join(x for x in (p.get("region"), p.get("country")) if x),
        }
        for p in places
    ]
    return {
        **{k: a.get(k) for k in ("id", "title", "date", "outlet", "url", "key", "sha256")},
        "date_how": DATE_HOW.get(a.get("date_source"), a.get("date_source") or ""),
        "outlet_how": OUTLET_HOW.get(a.get("outlet_source"), a.get("outlet_source") or ""),
        "outlet_slug": outlet_slugs.get(a.get("outlet") or "", ""),
        "month": (a.get("date") or "")[:7] or "undated",
        "lang": _language_tag(a.get("language")),
        "dir": text_direction(a.get("language")),
        "places": shown[:PLACES_SHOWN],
        "more_places": shown[PLACES_SHOWN:],
        # A place filters with its region and country: "Kharkiv Oblast" finds Izium's articles.
        "filter_places": sorted({level[1] for p in places for level in _place_levels(p)}),
        # The places the text names: a place's spelling typed in the search narrows to these.
        "named_places": sorted({p["name"] for p in places}),
        "paragraphs": paragraphs,
        "excerpt_only": excerpt_only,
        # The file's name only: its folder on the indexing machine is nobody's business.
        "file": PurePosixPath(str(a.get("source") or "").replace("\\", "/")).name,
        "extra": [tuple(pair) for pair in a.get("extra") or ()],
    }


def _language_tag(language: object) -> str:
    """The record's language as an HTML lang value ('' when unknown or not a plain code)."""
    value = str(language or "")
    return value if re.fullmatch(r"[a-z]{2,3}", value) else ""


def _listing(render, kind: str, group: _Group, heading: str, shown: int) -> dict[str, str]:
    """The page of a group: its `shown` newest articles (0: all), and a link to the search,
    which lists the rest (pages of pages would be thousands of files on a large site)."""
    count = len(group.articles)
    listed = _one_per_story(group.articles)  # each story once, as on the command line
    chunk = listed[:shown] if shown else listed
    timeline = make_timeline(group.articles) if kind == "places" else None
    context = ", ".join(x for x in (group.region, group.country) if x)
    query = {"places": {"place": group.name}, "outlets": {"outlet": group.name}}.get(kind)
    if kind == "months":
        query = {"from": group.key, "to": group.key} if group.key != "undated" else None
    more = "index.html?" + urllib.parse.urlencode(query) if query and len(chunk) < len(listed) else ""
    description = f"{count:,} article{'' if count == 1 else 's'}: {heading}" + (f", {context}" if context else "")
    return {
        f"{kind}/{group.slug}/index.html": render(
            "facet_page.html",
            2,
            heading=heading,
            total=count,
            stories=len(listed),
            shown=len(chunk),
            more=more,
            timeline=timeline,
            context=context,
            articles=[_list_item(a) for a in chunk],
            description=description,
        )
    }


def _versions(a: dict, present: set[str]) -> list[dict]:
    """The article's story's other records (origin first), linked when the site has them."""
    return [
        {
            **{k: getattr(m, k) for k in ("id", "title", "outlet", "date", "relation", "similarity")},
            "linked": m.id in present,
        }
        for m in a.get("versions") or ()
        if m.id != a["id"]
    ]


def _one_per_story(articles: list[dict]) -> list[dict]:
    """Each story once, as its first article in the list's order, with the others it hides."""
    first: dict[str, dict] = {}
    kept = []
    for a in articles:
        story = a.get("story")
        if story is None:
            kept.append(a)
        elif story in first:
            first[story]["hidden"].append(a)
        else:
            first[story] = {**a, "hidden": []}
            kept.append(first[story])
    return kept


def _list_item(a: dict) -> dict:
    origin = next((m for m in a.get("versions") or () if m.relation == "origin"), None)
    return {
        "similar": [{"id": h["id"], "outlet": h.get("outlet")} for h in a.get("hidden") or ()],
        "first": {"outlet": origin.outlet, "date": origin.date} if origin else None,
        "id": a["id"],
        "title": a.get("title"),
        "date": a.get("date"),
        "outlet": a.get("outlet"),
        "places": resolved_places(a),
        "lead": _lead(a),
    }


def _place_heading(group: _Group) -> str:
    return group.name


def _month_heading(group: _Group) -> str:
    return "Undated articles" if group.key == "undated" else f"Articles of {group.key}"


def _values(groups: Iterable[_Group]) -> list[dict]:
    return [
        {"name": g.name, "slug": g.slug, "count": len(g.articles)}
        for g in sorted(groups, key=lambda g: (-len(g.articles), g.name.casefold()))
    ]


def _place_groups(places: dict[str, _Group]) -> list[dict]:
    """Countries, their regions, the regions' places, most articles first; places with no
    country ("Elsewhere") and no region last."""
    countries = {g.name: g for g in places.values() if g.kind == "country"}
    regions = {(g.country, g.name): g for g in places.values() if g.kind == "region"}
    tree: dict[str, dict[str, list[_Group]]] = defaultdict(lambda: defaultdict(list))
    for g in places.values():
        if g.kind == "country":
            tree[g.name]
        elif g.kind == "region":
            tree[g.country][g.name]
        else:
            tree[g.country][g.region].append(g)

    def size(group: _Group | None) -> int:
        return len(group.articles) if group else 0

    out = []
    for country in sorted(tree, key=lambda c: (not c, -size(countries.get(c)), c)):
        subgroups = []
        for region in sorted(tree[country], key=lambda r: (not r, -size(regions.get((country, r))), r)):
            r = regions.get((country, region))
            subgroups.append(
                {
                    "name": region,
                    "slug": r.slug if r else "",
                    "count": size(r),
                    "values": _values(tree[country][region]),
                }
            )
        c = countries.get(country)
        out.append(
            {"name": country or "Elsewhere", "slug": c.slug if c else "", "count": size(c), "subgroups": subgroups}
        )
    return out


def _month_groups(months: dict[str, _Group]) -> list[dict]:
    by_year: dict[str, list[_Group]] = defaultdict(list)
    for g in months.values():
        by_year[g.key[:4] if g.key != "undated" else "Undated"].append(g)
    return [
        {
            "name": year,
            "slug": "",
            "count": sum(len(g.articles) for g in groups),
            "subgroups": [
                {
                    "name": "",
                    "slug": "",
                    "count": 0,
                    "values": [
                        {"name": g.name, "slug": g.slug, "count": len(g.articles)}
                        for g in sorted(groups, key=lambda g: g.key)
                    ],
                }
            ],
        }
        for year, groups in sorted(by_year.items(), key=lambda kv: (kv[0] == "Undated", kv[0]), reverse=False)
    ]


def _home(articles: list[dict], places: dict[str, _Group], outlets: dict[str, _Group]) -> dict:
    dated = [a["date"] for a in articles if a.get("date")]
    top_places = _values(g for g in places.values() if g.kind == "place")[:12]
    return {
        "stats": {
            "articles": len(articles),
            "outlets": len(outlets),
            "places": sum(g.kind == "place" for g in places.values()),
            "first": min(dated) if dated else None,
            "last": max(dated) if dated else None,
            "first_month": min(dated)[:7] if dated else "",
            "last_month": max(dated)[:7] if dated else "",
        },
        "timeline": make_timeline(articles),
        "top_places": top_places,
        "top_outlets": _values(outlets.values())[:8],
        # Suggestions for the place filter: the best-covered places (any name can be typed).
        "place_names": sorted({v["name"] for v in _values(places.values())[:PLACE_SUGGESTIONS]}, key=str.casefold),
        "outlet_names": sorted(outlets, key=str.casefold),
        "language_names": sorted({_language_tag(a.get("language")) for a in articles} - {""}),
    }


YEAR_LABEL = 30  # width of a year's label on the timeline, in its units (600 across)


def make_timeline(articles: list[dict], width: int = 600, height: int = 80) -> dict | None:
    """Bars of articles per month from the first dated month to the last, for an inline SVG."""
    counts = Counter(a["date"][:7] for a in articles if a.get("date"))
    if not counts:
        return None
    months = _month_range(min(counts), max(counts))
    step = width / len(months)
    top = max(counts.values())
    bars, years = [], []
    for i, month in enumerate(months):
        count = counts.get(month, 0)
        h = round(height * count / top, 1) if count else 0
        if count:
            bars.append(
                {
                    "month": month,
                    "label": f"{month}: {count:,} article{'' if count == 1 else 's'}",
                    "count": count,
                    "x": round(i * step, 2),
                    "y": round(height - h, 1),
                    "w": round(max(step * 0.85, 0.5), 2),
                    "h": max(h, 1),
                }
            )
        if month.endswith("-01") or i == 0:
            # Never past the right edge ("2023" cut to "2"), never over the year before.
            x = round(min(i * step, width - YEAR_LABEL), 1)
            if not years or x - years[-1]["x"] >= YEAR_LABEL:
                years.append({"x": x, "label": month[:4], "anchor": "start"})
    return {
        "bars": bars,
        "years": years,
        "width": width,
        "height": height,
        "unit": "month",
        "first": months[0],
        "last": months[-1],
        "total": sum(counts.values()),
        "undated": sum(1 for a in articles if not a.get("date")),
    }


def _month_range(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    ly, lm = map(int, last.split("-"))
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# Pagefind


PAGEFIND_FIX = "run 'pip install \"pagefind[bin]\"' or reinstall searcher (or build with --no-search)"


def pagefind_binary() -> Path:
    """The Pagefind program (from the pagefind-bin package), or SetupError."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SetupError("cannot build the site's search: the pagefind package is missing", PAGEFIND_FIX) from None
    binary = get_executable()
    if binary is None or not binary.is_file() or not os.access(binary, os.X_OK):
        raise SetupError("cannot build the site's search: the Pagefind binary is missing", PAGEFIND_FIX)
    return binary


def run_pagefind(outdir: Path, files: dict[str, bytes], binary: Path | None = None) -> dict[str, bytes]:
    """Index the article pages with Pagefind (offline, from the pagefind-bin package) and
    return its bundle as {relative path under the site: bytes}."""
    binary = binary or pagefind_binary()
    with tempfile.TemporaryDirectory(prefix="searcher-site-") as tmp:
        staging = Path(tmp) / "site"
        for relative, content in files.items():
            if relative.startswith("articles/"):
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        bundle = Path(tmp) / "pagefind"
        command = [str(binary), "--site", str(staging), "--output-path", str(bundle), "--silent"]
        # One index for every language (a search box would otherwise search its page's only).
        command += ["--force-language", "en"]
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except OSError as exc:  # not a program for this machine, say
            raise SetupError(
                f"cannot build the site's search: cannot run {binary} ({exc.strerror or exc})", PAGEFIND_FIX
            ) from None
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
            raise SiteError(f"Pagefind failed ({message[0]})", "check that the pagefind[bin] package is installed")
        out = {}
        for path in bundle.rglob("*"):
            if path.is_file():
                out["pagefind/" + path.relative_to(bundle).as_posix()] = path.read_bytes()
        shutil.rmtree(staging, ignore_errors=True)
        return out


def pagefind_rows(bundle: dict[str, bytes], articles: list[dict]) -> dict[str, int]:
    """{Pagefind's id of a page (its fragment's name): the article's row in the catalog}, so
    that the search can collapse a word search's results into stories without fetching each."""
    row_of = {a["id"]: i for i, a in enumerate(articles)}
    rows = {}
    for path, content in bundle.items():
        if path.startswith("pagefind/fragment/") and path.endswith(".pf_fragment"):
            fragment = json.loads(gzip.decompress(content).removeprefix(b"pagefind_dcd"))
            parts = fragment.get("url", "").strip("/").split("/")  # .../articles/<id>/
            if len(parts) >= 2 and parts[-2] == "articles" and parts[-1] in row_of:
                rows[path.rsplit("/", 1)[1].removesuffix(".pf_fragment")] = row_of[parts[-1]]
    return dict(sorted(rows.items()))  # the same bytes whatever order the bundle was read in


def serve(outdir: Path, port: int = 8000, quiet: bool = False):
    """An HTTP server of the site on 127.0.0.1 only (call serve_forever on it)."""
    import functools
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".pagefind": "application/wasm",
            ".js": "text/javascript",
        }

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            if not quiet:
                super().log_message(format, *args)

    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(outdir)))
    except OSError as exc:
        raise SiteError(
            f"cannot listen on port {port} ({exc.strerror or exc})", "try another one with --port"
        ) from None
