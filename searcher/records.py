"""The records that flow from readers to the index: one frozen `Article` per item, or a `Skipped`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlaceRef:
    """A place an article is about, and the evidence: the words that named it and where they
    were found ("text": title or body; "meta": front matter or a data column).

    `id` is a gazetteer id (p:..., r:..., c:...) or "n:<name>" for a name the gazetteer lacks;
    `ancestors` are the ids of its region and country, so a filter on a region finds its towns.
    """

    id: str
    name: str
    kind: str  # place, region, country, area, name (not in the gazetteer), or unresolved
    region: str | None = None
    country: str | None = None
    matched: tuple[str, ...] = ()
    source: str = "text"
    ancestors: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()  # kind "unresolved": the places the name may mean
    correction: str = ""  # the corrections file (places.toml) that decided it, if one did


@dataclass(frozen=True)
class Article:
    """One article with its provenance.

    `source` is the absolute path of the file it came from and `key` where in that file
    ("" for a whole file, "row 12" in a CSV, "line 3" in JSONL); `sha256` hashes the file's
    bytes. `date_source` and `outlet_source` say how those values were decided.
    """

    id: str
    title: str
    body: str
    source: str
    key: str
    sha256: str
    date: str | None = None  # YYYY-MM-DD
    date_source: str | None = None  # meta, html, url, filename, text
    outlet: str | None = None
    outlet_source: str | None = None  # meta, html, option, url, inferred
    url: str | None = None
    author: str | None = None
    places: tuple[PlaceRef, ...] = ()
    language: str | None = None  # ISO 639-1 code
    language_source: str | None = None  # meta or detected
    extra: tuple[tuple[str, str], ...] = field(default=())  # unmapped columns, kept as provenance


@dataclass(frozen=True)
class Skipped:
    """A file or record that could not be indexed, and why."""

    source: str
    key: str
    reason: str

    def where(self) -> str:
        return f"{self.source} ({self.key})" if self.key else self.source


def article_id(name: str, key: str) -> str:
    """A short stable id from where the record lives in the corpus: `name` is the file's path
    relative to the folder indexed (see indexer.id_base), `key` the record's place in the file.
    Nothing of the machine goes in, so a corpus moved or copied elsewhere keeps its ids."""
    return hashlib.sha1(f"{name}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
