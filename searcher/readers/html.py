"""Saved web pages: main text and metadata through trafilatura (which finds dates with htmldate)."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from searcher.readers.decode import ReadError, decode_bytes

EXTENSIONS = (".html", ".htm", ".xhtml")

_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_LANG_ATTR = re.compile(r"<html[^>]*\slang=[\"']?([A-Za-z]{2,3})", re.I)


def read(data: bytes, overrides: dict[str, str]) -> Iterator[dict]:
    import trafilatura  # 0.3 s to import: only when there are web pages to read

    _quiet_libraries()
    text, encoding = decode_bytes(data)
    document = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    meta = document.as_dict() if document is not None and hasattr(document, "as_dict") else (document or {})
    body = (meta.get("text") or "").strip()
    if not body:
        raise ReadError("no main text found in the page")
    sitename = (meta.get("sitename") or "").strip()
    yield {
        "key": "",
        "title": page_title(meta.get("title"), sitename, text),
        "body": body,
        "date": meta.get("date"),
        "date_source": "html",
        "outlet": sitename,
        "outlet_source": "html",
        "url": article_url(meta.get("url")),
        "author": (meta.get("author") or "").strip(),
        "language": _page_language(text),
        "encoding": encoding,
        "extra": {},
    }


def _quiet_libraries() -> None:
    """trafilatura and htmldate log each page they cannot parse: the skip report says it once."""
    import logging

    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def page_title(title: str | None, sitename: str, page: str) -> str:
    """The article's title. Sites often set og:title to their own name: then take <title> and
    cut the site name from it ('Russian Offensive Campaign Assessment, March 1 | ISW')."""
    title = (title or "").strip()
    if title and title != sitename:
        return title
    m = _TITLE_TAG.search(page[:200_000])
    if not m:
        return title
    tag = " ".join(html_lib.unescape(m.group(1)).split())
    parts = re.split(r"\s+[|–—-]\s+", tag)
    if len(parts) > 1 and sitename and parts[-1].strip().lower() == sitename.lower():
        parts = parts[:-1]
    return " - ".join(parts).strip() or title


def article_url(url: str | None) -> str:
    """The page's own URL, or '' for a site's home page (a bare og:url says nothing of the article)."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.path in ("", "/") and not parts.query:
        return ""
    return url


def _page_language(page: str) -> str:
    m = _LANG_ATTR.search(page[:5000])
    return m.group(1).lower() if m else ""
