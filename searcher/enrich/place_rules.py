"""When a name is not a place, and a user's corrections: rules read from data files.

The package's rules (searcher/data/not_places.toml: words that make a name another thing's,
first names, names blocked in a context) hold for every corpus. A corrections file
(`places.toml`, beside a corpus or given with `searcher index --places FILE`) adds places,
blocks names in a context or everywhere, and fixes what a name means, on top of them:

    [[add]]
    name = "Robotyne"
    spellings = ["Rabotino", "Роботине"]
    region = "Zaporizhzhia Oblast"
    country = "Ukraine"
    lat = 47.4449
    lon = 35.8376

    [[block]]
    name = "Madison"
    next = ["Williams"]

    [[fix]]
    name = "Lyman"
    place = "Lyman, Donetsk Oblast"
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from searcher.errors import SearcherError

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "not_places.toml"
CORRECTIONS_NAME = "places.toml"
NEAR_WORDS = 10  # how far `near` looks, in words either side


@dataclass(frozen=True)
class Block:
    """A name that is not a place: everywhere, or next to these words (name keys)."""

    name: str  # name key
    next: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    source: str = "package"  # "package", or the corrections file's path

    @property
    def everywhere(self) -> bool:
        return not (self.next or self.previous or self.near)


@dataclass(frozen=True)
class Addition:
    name: str
    spellings: tuple[str, ...]
    region: str  # region id, or ""
    country: str  # ISO code
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Fix:
    name: str  # name key
    place: str  # what the user wrote: "Lyman, Donetsk Oblast"


@dataclass(frozen=True)
class Rules:
    after: frozenset[str]
    street: frozenset[str]
    organisation: frozenset[str]
    first_names: frozenset[str]
    blocks: dict[str, tuple[Block, ...]]  # name key -> blocks
    name_prefixes: frozenset[str] = frozenset()
    hyphen_prefixes: frozenset[str] = frozenset()
    additions: tuple[Addition, ...] = ()
    fixes: tuple[Fix, ...] = ()
    corrections: str = ""  # path of the corrections file applied, or ""
    digest: str = ""  # of the corrections file
    cache: dict = field(default_factory=dict, compare=False, repr=False)  # derived tables, per gazetteer


def _key(text: str) -> str:
    from searcher.enrich.places import name_key

    return name_key(text)


def _words(values, where: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SearcherError(f"{where}: expected a list of words", 'write it as ["word", ...]')
    return tuple(k for k in (_key(v) for v in values) if k)


def _blocks(entries, source: str) -> list[Block]:
    blocks = []
    for n, entry in enumerate(entries or (), 1):
        where = f"{source}: block {n}"
        name = _key(str(entry.get("name") or ""))
        if not name:
            raise SearcherError(f"{where} has no name", 'give it one: name = "Madison"')
        unknown = set(entry) - {"name", "next", "previous", "near", "why"}
        if unknown:
            raise SearcherError(f"{where}: unknown key {sorted(unknown)[0]!r}", "use name, next, previous or near")
        blocks.append(
            Block(
                name,
                _words(entry.get("next"), where),
                _words(entry.get("previous"), where),
                _words(entry.get("near"), where),
                source,
            )
        )
    return blocks


@functools.lru_cache(maxsize=1)
def package_rules(path: Path = RULES_PATH) -> Rules:
    data = tomllib.loads(path.read_text("utf-8"))
    lists = {
        k: frozenset(_words(data.get(k, {}).get("words"), k))
        for k in ("after", "street", "organisation", "name_prefixes", "hyphen_prefixes")
    }
    blocks: dict[str, list[Block]] = {}
    for b in _blocks(data.get("block"), "package"):
        blocks.setdefault(b.name, []).append(b)
    return Rules(
        lists["after"],
        lists["street"],
        lists["organisation"],
        frozenset(_words(data.get("first_names", {}).get("words"), "first_names")),
        {k: tuple(v) for k, v in blocks.items()},
        lists["name_prefixes"],
        lists["hyphen_prefixes"],
    )


def corrections_digest(path: Path | None) -> str:
    """Changes whenever the corrections file does (then every file is read again)."""
    if path is None:
        return ""
    try:
        return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:12]
    except OSError:
        return "missing"


def find_corrections(paths) -> Path | None:
    """The places.toml inside or beside the first indexed folder (or beside a file) that has one."""
    for p in paths:
        p = Path(p).resolve()
        for folder in (p, p.parent) if p.is_dir() else (p.parent,):
            candidate = folder / CORRECTIONS_NAME
            if candidate.is_file():
                return candidate
    return None


def load_rules(corrections: str | None = None) -> Rules:
    """The package's rules with a corrections file on top (read once per file and content)."""
    if not corrections:
        return package_rules()
    return _load_rules(str(corrections), corrections_digest(Path(corrections)))


@functools.lru_cache(maxsize=4)
def _load_rules(path: str, digest: str) -> Rules:
    base = package_rules()
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise SearcherError(f"cannot read the corrections file {path} ({exc.strerror})", "check the path") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SearcherError(f"the corrections file {path} is not valid TOML ({exc})", "fix that line") from exc
    unknown = set(data) - {"add", "block", "fix"}
    if unknown:
        raise SearcherError(f"{path}: unknown section {sorted(unknown)[0]!r}", "use [[add]], [[block]] or [[fix]]")
    blocks = {k: list(v) for k, v in base.blocks.items()}
    for b in _blocks(data.get("block"), path):
        blocks.setdefault(b.name, []).append(b)
    return Rules(
        base.after,
        base.street,
        base.organisation,
        base.first_names,
        {k: tuple(v) for k, v in blocks.items()},
        base.name_prefixes,
        base.hyphen_prefixes,
        tuple(_addition(e, f"{path}: add {n}") for n, e in enumerate(data.get("add") or (), 1)),
        tuple(_fix(e, f"{path}: fix {n}") for n, e in enumerate(data.get("fix") or (), 1)),
        path,
        digest,
    )


def _addition(entry: dict, where: str) -> Addition:
    name = str(entry.get("name") or "").strip()
    if not name or not _key(name):
        raise SearcherError(f"{where} has no name", 'give it one: name = "Robotyne"')
    country = str(entry.get("country") or "").strip()
    if not country:
        raise SearcherError(f"{where} ({name}) has no country", 'add country = "Ukraine" (or "UA")')
    lat, lon = entry.get("lat"), entry.get("lon")
    for value, what in ((lat, "lat"), (lon, "lon")):
        if value is not None and not isinstance(value, int | float):
            raise SearcherError(f"{where} ({name}): {what} must be a number", f"write {what} = 47.44")
    return Addition(
        name,
        tuple(str(s) for s in entry.get("spellings") or ()),
        str(entry.get("region") or "").strip(),
        country,
        float(lat) if lat is not None else None,
        float(lon) if lon is not None else None,
    )


def _fix(entry: dict, where: str) -> Fix:
    name = _key(str(entry.get("name") or ""))
    place = str(entry.get("place") or "").strip()
    if not name or not place:
        raise SearcherError(
            f"{where} needs a name and a place", 'write name = "Lyman" and place = "Lyman, Donetsk Oblast"'
        )
    return Fix(name, place)


# Applying the rules to a match (word positions in a text)

_SPLIT = re.compile(r"\s*,\s*")


def blocked(rules: Rules, names, keys, start: int, end: int) -> Block | None:
    """The block that says the words keys[start:end] are not a place here; `names` are the
    name keys it goes by (as written, and the own names of its candidates)."""
    for block in (b for name in names for b in rules.blocks.get(name, ())):
        if block.everywhere:
            return block
        if any(_next_words(keys, end, len(w.split())) == w for w in block.next):
            return block
        if block.previous and start > 0 and keys[start - 1] in block.previous:
            return block
        if block.near and any(
            keys[j] in block.near for j in range(max(0, start - NEAR_WORDS), min(len(keys), end + NEAR_WORDS))
        ):
            return block
    return None


def _next_words(keys, end: int, n: int) -> str:
    return " ".join(keys[end : end + n]) if end + n <= len(keys) else ""
