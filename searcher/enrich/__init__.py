"""One place that turns what a reader found into an `Article`: clean text, decide the date and
the outlet (and say how each was decided), normalise places and URLs."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from searcher.enrich.boilerplate import strip_inline_chrome
from searcher.enrich.dates import date_from_filename, date_from_text, date_from_url, parse_date
from searcher.enrich.outlets import outlet_from_text, outlet_from_url, outlet_name
from searcher.language import decide_language
from searcher.records import Article, PlaceRef, Skipped, article_id

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe]")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
TITLE_MAX = 300
# An article of more than two million characters (fifty times the longest ISW report) is a
# dump, not an article: its start is indexed, and its record says so.
BODY_MAX = 2_000_000


def build_article(raw: dict, path: Path, sha256: str, options, name: str | None = None) -> Article | Skipped:
    """Normalise a reader's raw dict into an Article, or Skipped when it holds no text. `name`
    (the file's path within the corpus; its file name by default) goes into the id."""
    source, key = str(path), raw.get("key", "")
    body = clean_text(raw.get("body"))
    extra = dict(raw.get("extra") or {})
    if len(body) > BODY_MAX:
        extra["truncated"] = f"{len(body):,} characters; the first {BODY_MAX:,} are indexed"
        body = body[:BODY_MAX].rsplit(" ", 1)[0]
    body = strip_inline_chrome(body)  # after the cut: a dump is not scanned whole
    title = clean_title(raw.get("title")) or title_from_body(body)
    if not title and not body:
        return Skipped(source, key, "no text: title and body are empty")
    date, date_source = decide_date(raw, path, title, body)
    outlet, outlet_source = decide_outlet(raw, options, body)
    url = clean_url(raw.get("url"))
    language, language_source = decide_language(raw.get("language"), title, body)
    if raw.get("url") and not url:
        extra["url"] = str(raw["url"])  # kept as provenance, never used as a link
    return Article(
        id=article_id(path.name if name is None else name, key),
        title=title,
        body=body,
        source=source,
        key=key,
        sha256=sha256,
        date=date,
        date_source=date_source,
        outlet=outlet,
        outlet_source=outlet_source,
        url=url or None,
        author=clean_title(raw.get("author")) or None,
        places=decide_places(raw.get("places") or (), title, body, getattr(options, "places", None)),
        language=language,
        language_source=language_source,
        extra=tuple((str(k), clean_title(v)) for k, v in extra.items() if clean_title(v)),
    )


def clean_text(value: object) -> str:
    """Article text with Unix newlines, no control characters, at most one blank line in a row."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).replace("\t", " ")
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_title(value: object) -> str:
    """One line of text, whitespace collapsed, control characters removed, length bounded."""
    title = " ".join(_CONTROL.sub(" ", str(value or "")).split())
    return _shorten(title, TITLE_MAX)


def title_from_body(body: str) -> str:
    """A title for a record that has none: its first line, shortened."""
    first = body.split("\n", 1)[0] if body else ""
    return _shorten(first, 120)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def clean_url(value: object) -> str:
    """An http(s) URL, or '' (javascript:, data: and other schemes never become links)."""
    url = str(value or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() or c in "<>\"'" for c in url)
    ):
        return ""
    return url


def decide_date(raw: dict, path: Path, title: str = "", body: str = "") -> tuple[str | None, str | None]:
    """(date, how it was decided): the record's metadata (or the page's), its URL, the file
    name, then evidence in the text; (None, None) rather than a guess."""
    date = parse_date(raw.get("date"), raw.get("day_first"))
    if date:
        return date, raw.get("date_source", "meta")
    date = date_from_url(raw.get("url"))
    if date:
        return date, "url"
    date = date_from_filename(path.name)
    if date:
        return date, "filename"
    date = date_from_text(f"{body}\n{title}" if body else title)
    if date:
        return date, "text"
    return None, None


def decide_outlet(raw: dict, options, body: str = "") -> tuple[str | None, str | None]:
    """(outlet, how it was decided): the record's metadata or page, the --outlet option, the
    URL's domain, then a credit line in the text ("inferred")."""
    outlet = clean_title(raw.get("outlet"))
    if outlet:
        return outlet_name(outlet), raw.get("outlet_source", "meta")
    if options.outlet:
        return options.outlet, "option"
    outlet = outlet_from_url(raw.get("url"))
    if outlet:
        return outlet, "url"
    outlet = outlet_from_text("\n".join(raw.get("chrome") or ()), body[:2000], body[-2000:])
    if outlet:
        return outlet, "inferred"
    return None, None


def decide_places(given: list, title: str, body: str, corrections: str | None = None) -> tuple[PlaceRef, ...]:
    """The places the data names (resolved through the gazetteer where it can), then those the
    title and body name; one entry per place, with every word that named it. `corrections`:
    a places.toml whose additions, blocks and fixes apply."""
    from searcher.enrich.place_rules import load_rules
    from searcher.enrich.places import corrected_gazetteer, extract_places, resolve_given

    rules = load_rules(corrections)
    gaz = corrected_gazetteer(rules)
    text = f"{title}\n{body}"
    names = [n for n in (clean_title(p) for p in given) if n]
    merged: dict[str, PlaceRef] = {}
    in_text = extract_places(text, gaz, rules)
    for ref in resolve_given(names, in_text, gaz, rules) + in_text:
        if ref.id in merged:
            old = merged[ref.id]
            ref = replace(old, matched=old.matched + tuple(m for m in ref.matched if m not in old.matched))
        merged[ref.id] = ref
    return tuple(merged.values())
