"""Article pages say the language and direction of the article's words (#12)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from conftest import index_files

from searcher.site import build_site

RECORDS = [
    {"id": "ar", "title": "قصف على حلب", "body": "قصف الطيران مواقع بحلب وريفها", "language": "ar"},
    {"id": "uk", "title": "Обстріл Харкова", "body": "Ворог обстріляв Харків.", "language": "uk"},
    {"id": "en", "title": "Shelling of Kharkiv", "body": "Russian artillery hit Kharkiv.", "language": "en"},
]


class Langs(HTMLParser):
    """(tag, lang, dir) of every element that has a lang attribute."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str | None, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "lang" in attrs:
            self.found.append((tag, attrs["lang"], attrs.get("dir")))


def test_article_pages_carry_lang_and_dir(tmp_path):
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n"
    index = index_files(tmp_path, {"items.jsonl": text})
    build_site(index, tmp_path / "site", search=False)
    by_title = {}
    for page in (tmp_path / "site" / "articles").glob("*/index.html"):
        html = page.read_text("utf-8")
        parser = Langs()
        parser.feed(html)
        title = next(r["title"] for r in RECORDS if r["title"] in html)
        by_title[title] = parser.found
    assert by_title == {
        "قصف على حلب": [("html", "en", None), ("h1", "ar", "rtl"), ("div", "ar", "rtl")],
        "Обстріл Харкова": [("html", "en", None), ("h1", "uk", "ltr"), ("div", "uk", "ltr")],
        "Shelling of Kharkiv": [("html", "en", None), ("h1", "en", "ltr"), ("div", "en", "ltr")],
    }
