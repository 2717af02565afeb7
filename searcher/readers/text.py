"""Plain text and Markdown: optional YAML front matter, else a headline found among the lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from searcher.enrich.boilerplate import strip_chrome
from searcher.readers.decode import ReadError, decode_bytes
from searcher.readers.fields import map_columns, value_list, value_text

EXTENSIONS = (".txt", ".md", ".markdown", ".text")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def read(data: bytes, overrides: dict[str, str]) -> Iterator[dict]:
    text, encoding = decode_bytes(data)
    meta, text = split_front_matter(text)
    kept, chrome = strip_chrome(text.splitlines())
    lines = [_MD_HEADING.sub("", line) for line in kept]
    record = _record_from_meta(meta, overrides)
    if not record.get("title"):
        index = find_headline(lines)
        if index is not None:
            record["title"] = lines[index]
            lines = lines[:index] + lines[index + 1 :]
    record["body"] = "\n".join(lines).strip()
    record["key"] = ""
    record["encoding"] = encoding
    record["chrome"] = chrome
    yield record


def split_front_matter(text: str) -> tuple[dict, str]:
    """({front matter}, rest of the text). Raises ReadError for front matter that is not YAML."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise ReadError(f"front matter is not valid YAML{where}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ReadError("front matter is not a set of 'key: value' lines")
    return {str(k): v for k, v in meta.items()}, text[m.end() :]


def _record_from_meta(meta: dict, overrides: dict[str, str]) -> dict:
    mapping, _ = map_columns(meta.keys(), overrides)
    record: dict = {}
    for field, key in mapping.items():
        value = meta[key]
        if field == "places":
            record["places"] = value_list(value)
        elif field == "date":
            record["date"] = value  # yaml may give a datetime.date; the normaliser reads both
        else:
            record[field] = value_text(value).strip()
    record["extra"] = {k: value_text(v) for k, v in meta.items() if k not in mapping.values()}
    return record


def find_headline(lines: list[str]) -> int | None:
    """Index of the first line that reads like a headline: 3 to 30 words, not a sentence of
    the text (no final full stop), not a caption of a few characters; else the first line."""
    for i, line in enumerate(lines):
        n_words = len(line.split())
        if 3 <= n_words <= 30 and len(line) <= 250 and not line.endswith((".", ":", ";", ",")):
            return i
    return next((i for i, line in enumerate(lines) if line), None)
