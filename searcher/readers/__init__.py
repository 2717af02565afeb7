"""Readers, chosen by file extension. Each turns a file's bytes into raw field dicts; `read_file`
turns those into `Article` records (or `Skipped` with the reason)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from searcher.errors import CorpusError, SearcherError, SetupError
from searcher.readers import html, tabular, text
from searcher.readers.decode import ReadError
from searcher.records import Article, Skipped

Reader = Callable[[bytes, dict[str, str]], Iterator[dict]]

READERS: dict[str, Reader] = {}
for _ext in text.EXTENSIONS:
    READERS[_ext] = text.read
for _ext in html.EXTENSIONS:
    READERS[_ext] = html.read
READERS[".csv"] = tabular.read_csv
READERS[".tsv"] = partial(tabular.read_csv, delimiter="\t")
READERS[".json"] = tabular.read_json
READERS[".jsonl"] = READERS[".ndjson"] = tabular.read_jsonl

# What each type's reader imports (module, the package that brings it), checked before a run
# reads anything: a missing one stops the run instead of skipping every file of the type.
_HTML_NEEDS = (
    ("trafilatura", "trafilatura"),
    ("justext", "jusText"),
    ("lxml.html.clean", "lxml_html_clean"),
    ("htmldate", "htmldate"),
)
_ALL_NEED = (("charset_normalizer", "charset-normalizer"),)  # legacy encodings, in every reader
NEEDS: dict[str, tuple[tuple[str, str], ...]] = {ext: _ALL_NEED for ext in READERS}
for _ext in html.EXTENSIONS:
    NEEDS[_ext] = _HTML_NEEDS + _ALL_NEED
for _ext in text.EXTENSIONS:
    NEEDS[_ext] = (("yaml", "pyyaml"),) + _ALL_NEED
PACKAGES = {module: package for needs in NEEDS.values() for module, package in needs}


def check_dependencies(extensions: Iterable[str]) -> None:
    """Import what the readers of these file types need, or raise SetupError naming the type,
    the missing module and the fix."""
    import importlib

    for ext in sorted(set(extensions)):
        for module, _ in NEEDS.get(ext, ()):
            try:
                importlib.import_module(module)
            except Exception as exc:  # noqa: BLE001 - a broken install fails in many ways
                raise setup_error(ext, exc, module) from None


def setup_error(ext: str, exc: BaseException, module: str | None = None) -> SetupError:
    """The one-line report of an environment failure met reading files of type `ext` (while
    importing `module`, when known)."""
    line = f"{type(exc).__name__}: {_first_line(exc)}"
    missing = exc.name if isinstance(exc, ModuleNotFoundError) and exc.name else module
    if isinstance(exc, ImportError) and not missing:  # lxml's stub for lxml.html.clean names none
        missing = next((known for known in PACKAGES if known in str(exc)), None)
    if isinstance(exc, ImportError) and missing:
        package = PACKAGES.get(missing) or missing.split(".")[0].replace("_", "-")
        if package == "searcher":  # a part of searcher itself
            return SetupError(f"cannot read {ext} files: {missing} is missing", "reinstall searcher")
        by = f" (needed by {module})" if module and not (missing + ".").startswith(module.split(".")[0] + ".") else ""
        return SetupError(
            f"cannot read {ext} files: {missing} is missing{by}", f"run 'pip install {package}' or reinstall searcher"
        )
    if isinstance(exc, ImportError):
        return SetupError(f"cannot read {ext} files: a module is missing ({line})", "reinstall searcher")
    if module:  # it is there, but breaks as it loads
        package = PACKAGES.get(module, module)
        return SetupError(
            f"cannot read {ext} files: {module} fails to import ({line})",
            f"run 'pip install --force-reinstall {package}' or reinstall searcher",
        )
    return SetupError(
        f"cannot read {ext} files: {line}", "it is not about the files: fix it, then run the same command again"
    )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0]


# No file may take longer than this to read (pathological input must not hang a run).
TIME_LIMIT_SECONDS = 60
TIME_LIMIT_PER_MB = 2


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ReadError if the block runs longer than `seconds` (where the OS allows: in the
    main thread of a POSIX process; elsewhere the block runs unbounded)."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise ReadError(f"took longer than {seconds:.0f} s to read; skipped")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Bump when readers or enrichment change what they make of the same bytes: files indexed
# by an older pipeline are then read again on the next `searcher index`.
PIPELINE_VERSION = 3  # 3: places resolved by evidence, corrections (#11)


@dataclass(frozen=True)
class ReadOptions:
    """How to read a corpus: a default outlet, column names that override auto-detection, and
    a file of corrections to place names."""

    outlet: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    places: str | None = None  # a corrections file (places.toml) for place names

    def digest(self) -> str:
        """Changes whenever the same file would be read differently (options, pipeline, gazetteer,
        people table, the content of the corrections file)."""
        from searcher.enrich.place_rules import corrections_digest
        from searcher.enrich.places import gazetteer_digest
        from searcher.people import people_digest

        spec = [PIPELINE_VERSION, gazetteer_digest(), people_digest(), self.outlet, sorted(self.fields.items())]
        if self.places:
            spec.append(corrections_digest(Path(self.places)))
        spec = json.dumps(spec)
        return hashlib.sha1(spec.encode()).hexdigest()[:10]


def supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(files to read, files of other types) under the given files and folders, sorted.

    Hidden files and folders are left out. Raises CorpusError for a path that does not exist.
    """
    found: dict[Path, None] = {}
    others: list[Path] = []
    for path in paths:
        if not path.exists():
            raise CorpusError(f"no such file or folder: {path}", "check the path and try again")
        if path.is_file():
            found[path] = None  # named explicitly: an unsupported type is reported when read
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                file = Path(root, name)
                if supported(file):
                    found[file] = None
                else:
                    others.append(file)
    return list(found), others


def read_file(
    path: Path,
    data: bytes,
    sha256: str,
    options: ReadOptions,
    part: int = 0,
    parts: int = 1,
    name: str | None = None,
) -> Iterator[Article | Skipped]:
    """Every record of one file, normalised (or, with `parts`, every parts-th record from the
    `part`-th on, so that several processes can share a big table). `name`, the file's path
    within the corpus (by default its file name), makes the records' ids. Never raises for bad
    content: it yields Skipped."""
    from searcher.enrich import build_article

    source = str(path)
    reader = READERS.get(path.suffix.lower())
    budget = TIME_LIMIT_SECONDS + TIME_LIMIT_PER_MB * len(data) / 1e6
    if reader is None:
        if part == 0:
            known = ", ".join(sorted(READERS))
            yield Skipped(source, "", f"unsupported file type '{path.suffix or path.name}' (supported: {known})")
        return
    try:
        with time_limit(budget):
            items = []
            for number, raw in enumerate(reader(data, options.fields)):
                if number % parts != part:
                    continue
                if "error" in raw:
                    items.append(Skipped(source, raw["key"], raw["error"]))
                else:
                    items.append(build_article(raw, path, sha256, options, name))
        yield from items
    except SearcherError as exc:
        if part == 0:
            yield Skipped(source, "", str(exc))
    except (ImportError, OSError) as exc:
        # Not the file's fault (the bytes are in memory already): every file of its type would
        # fail the same way, so the run stops.
        raise setup_error(path.suffix.lower(), exc) from None
    except Exception as exc:  # noqa: BLE001
        # Parsers of hostile input fail in many ways (lxml, csv, json...): report the file, go on.
        if part == 0:
            yield Skipped(source, "", f"cannot parse ({type(exc).__name__}: {exc})")


def inspect_file(path: Path, options: ReadOptions = ReadOptions()) -> tuple[list[dict], list[Skipped]]:
    """What reading and enrichment make of a file, without indexing it: one dict per record
    (title, start of the body, date, outlet and places with how each was decided)."""
    from searcher.enrich.places import corrections_of

    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"no such file: {path}", "give the path of a file to inspect")
    corrections_of(options)  # a bad corrections file is one error, not one per record
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror or exc}", "check its permissions") from None
    records, skipped = [], []
    for item in read_file(path.resolve(), data, hashlib.sha256(data).hexdigest(), options):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            records.append(_describe(item))
    return records, skipped


def _describe(article: Article) -> dict:
    body_start = " ".join(article.body[:300].split())
    return {
        "id": article.id,
        "key": article.key,
        "title": article.title,
        "body_start": body_start + ("…" if len(article.body) > 300 else ""),
        "date": article.date,
        "date_source": article.date_source,
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "url": article.url,
        "language": article.language,
        "language_source": article.language_source,
        "places": [
            {
                "name": p.name,
                "kind": p.kind,
                "region": p.region,
                "country": p.country,
                "matched": list(p.matched),
                "source": p.source,
                **({"candidates": list(p.candidates)} if p.kind == "unresolved" else {}),
                **({"correction": p.correction} if p.correction else {}),
            }
            for p in article.places
        ],
    }
