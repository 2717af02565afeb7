"""Which column or key holds which field: common spellings, overridable with --field NAME=COLUMN."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from searcher.errors import UsageError

# In order of preference: the first spelling present wins.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "headlines", "article_title", "heading", "header"),
    "body": (
        "body",
        "text",
        "content",
        "article",
        "articles",
        "article_content",
        "article_text",
        "full_text",
        "fulltext",
        "maintext",
        "main_text",
        "story",
        "description",
        "summary",
    ),
    "date": (
        "date",
        "published",
        "publish_date",
        "pub_date",
        "published_at",
        "publication_date",
        "published_date",
        "date_published",
        "datetime",
        "pubdate",
        "created_at",
        "timestamp",
    ),
    "outlet": (
        "outlet",
        "source",
        "publisher",
        "site",
        "sitename",
        "site_name",
        "source_name",
        "publication",
        "newspaper",
        "media",
        "medium",
    ),
    "url": ("url", "link", "href", "source_url", "article_url", "permalink", "canonical_url"),
    "places": ("places", "place", "location", "locations", "city", "cities", "region"),
    "author": ("author", "authors", "byline", "writer", "by"),
    "language": ("language", "lang", "locale"),
}
FIELD_NAMES = tuple(FIELD_ALIASES)


def normalize_name(name: str) -> str:
    """'Article Title' and 'article-title' both become 'article_title'."""
    return re.sub(r"[\s\-.]+", "_", str(name).strip().lower()).strip("_")


def parse_field_overrides(specs: Iterable[str]) -> dict[str, str]:
    """Parse ["title=Headline", ...] into {"title": "Headline"}; reject unknown field names."""
    overrides: dict[str, str] = {}
    for spec in specs:
        name, sep, column = spec.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip():
            raise UsageError(f"bad --field value {spec!r}", "write it as NAME=COLUMN, e.g. --field title=Headline")
        if name not in FIELD_ALIASES:
            raise UsageError(f"unknown field {name!r} in --field {spec}", f"use one of: {', '.join(FIELD_NAMES)}")
        overrides[name] = column.strip()
    return overrides


def map_columns(columns: Iterable[str], overrides: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Map our field names to the columns that hold them.

    Returns ({field: column}, [override columns that are missing]). Each column serves one field.
    """
    columns = [c for c in columns if c is not None]
    by_normal = {}
    for column in columns:
        by_normal.setdefault(normalize_name(column), column)
    mapping: dict[str, str] = {}
    missing = []
    for name, column in overrides.items():
        found = column if column in columns else by_normal.get(normalize_name(column))
        if found is None:
            missing.append(column)
        else:
            mapping[name] = found
    taken = set(mapping.values())
    for name, aliases in FIELD_ALIASES.items():
        if name in mapping:
            continue
        for alias in aliases:
            column = by_normal.get(alias)
            if column is not None and column not in taken:
                mapping[name] = column
                taken.add(column)
                break
    return mapping, missing


def value_text(value: object) -> str:
    """A JSON or CSV value as text: nested objects give their name, lists are joined."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        for key in ("name", "title", "text", "value", "@value"):
            if key in value:
                return value_text(value[key])
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (value_text(v) for v in value) if t)
    return str(value)


def value_list(value: object) -> list[str]:
    """A place-like value as a list: JSON lists stay lists, strings split on ';' and '|'."""
    if isinstance(value, (list, tuple)):
        return [t for t in (value_text(v).strip() for v in value) if t]
    return [t.strip() for t in re.split(r"[;|]", value_text(value)) if t.strip()]
