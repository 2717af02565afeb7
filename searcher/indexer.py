"""Build and update the index: incremental by content hash, committed in batches.

A file is read again only when its bytes (or the options it is read with) changed; records of
files that disappeared from the given paths are removed; other paths are left alone. Each
commit is atomic (Whoosh writes the new table of contents last), and a file's deletions and
additions always land in the same commit, so a killed run leaves the last committed state.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from searcher.errors import IndexLockedError, Interrupted, SearcherError
from searcher.readers import ReadOptions, check_dependencies, find_files, read_file
from searcher.records import Article, PlaceRef, Skipped, article_id
from searcher.schema import (
    FIELD_SEPARATOR,
    INDEX_NAME,
    LIST_SEPARATOR,
    create_index,
    index_exists,
    open_index,
    other_version_present,
)

Progress = Callable[[int, int, str], None]
# Records per commit and writing process: a batch's postings then fit in WRITER_MB, past which
# Whoosh spills sorted runs to disk and merges them in Python (10,000 records: 40% slower).
BATCH_RECORDS = 5000
WRITER_MB = 256


@dataclass
class IndexReport:
    """What one run of `build_index` did, counted in records (articles)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    files_read: int = 0
    files_unchanged: int = 0
    files_ignored: int = 0  # files of other types inside the given folders
    total: int = 0  # records in the index afterwards
    seconds: float = 0.0
    files_by_type: Counter = field(default_factory=Counter)  # files read (or tried), by extension

    def widespread_failures(self) -> list[str]:
        """One line per file type of which more than half the files (two at least) were
        skipped for the same reason: that is seldom the files' fault."""
        reasons: dict[str, Counter] = {}
        for skipped in self.skipped:
            if not skipped.key:  # the whole file
                reasons.setdefault(Path(skipped.source).suffix.lower(), Counter())[skipped.reason] += 1
        lines = []
        for ext, counts in sorted(reasons.items()):
            reason, count = counts.most_common(1)[0]
            total = self.files_by_type[ext]
            if count >= 2 and count * 2 > total:
                lines.append(
                    f"{count} of {total} {ext or 'extension-less'} files were skipped for the same reason "
                    f"({reason}): check the installation (searcher --version) and the options"
                )
        return lines

    def summary(self) -> str:
        line = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {len(self.skipped)} skipped"
            f" ({_plural(self.files_read, 'file')} read, {self.files_unchanged} unchanged"
        )
        if self.files_ignored:
            line += f", {self.files_ignored} of other types ignored"
        return line + f"); {_plural(self.total, 'document')} in the index; {self.seconds:.1f} s"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def build_index(
    paths: Iterable[Path],
    index_dir: Path,
    options: ReadOptions = ReadOptions(),
    rebuild: bool = False,
    progress: Progress | None = None,
    batch_records: int | None = None,
    jobs: int | None = None,
    stories: Path | bool | None = True,
) -> IndexReport:
    """Index the files under `paths` into `index_dir` and report what changed.

    `stories`: group near-copies into stories (True), with the corrections of a stories.toml
    (its path), or not at all (False: the story table is left as it is).

    Files are read and enriched by `jobs` processes (default: one per core) while this one
    writes the index; a file's records are added in one commit, batches commit as they fill
    (every `batch_records`, by default BATCH_RECORDS per process writing the index).

    Ctrl-C (KeyboardInterrupt) raises Interrupted, saying how many records this run committed,
    once the processes it started are gone and the index's lock is released.
    """
    batches: list[_Batch] = []
    try:
        return _build_index(paths, index_dir, options, rebuild, progress, batch_records, jobs, batches, stories)
    except KeyboardInterrupt:
        committed = sum(b.committed for b in batches)
        raise Interrupted(f"{committed} records committed", "run the same command again to go on") from None


def _build_index(paths, index_dir, options, rebuild, progress, batch_records, jobs, batches, stories) -> IndexReport:
    from searcher.analysis import use_stem_table
    from searcher.enrich.places import corrections_of, gazetteer, use_gazetteer
    from searcher.lock import indexing_lock
    from searcher.people import use_people

    started = time.monotonic()
    # Analyse with the package's gazetteer (and the places a corrections file adds) and NLTK,
    # kept in the lexicon below.
    rules, gaz = corrections_of(options)
    use_gazetteer(None if gaz is gazetteer() else gaz)
    use_stem_table(None)
    use_people(None)
    jobs = max(1, jobs or os.cpu_count() or 1)
    roots = list(dict.fromkeys(Path(p).resolve() for p in paths))
    files, others = find_files(roots)
    if sum(p.stat().st_size for p in files if p.is_file()) < PARALLEL_READ_BYTES:
        jobs = 1  # starting worker processes costs more than reading a few small files
    check_dependencies(p.suffix.lower() for p in files)  # a missing module stops the run here
    base = id_base(roots)
    report = IndexReport(files_ignored=len(others))
    with indexing_lock(Path(index_dir)):
        ix = _open_for_writing(index_dir, rebuild)
        known = {} if rebuild else file_states(ix)
        big = jobs > 1 and sum(p.stat().st_size for p in files if p.is_file()) > PARALLEL_WRITE_BYTES
        procs = jobs if big else 1
        batch = _Batch(ix, clear=rebuild, limit=batch_records or BATCH_RECORDS * procs, procs=procs)
        batches.append(batch)
        gazetteer()  # loaded once here; forked workers share it
        done = 0

        def advance(path: str) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, len(files), path)

        reading = read_in_parallel(_changed_files(files, base, options, known, report, jobs, advance), jobs)
        try:
            for task, items in reading:
                _apply(task, items, known.get(task.source), batch, report)
                advance(task.source)
            _remove_gone(known, {str(p) for p in files}, roots, batch, report)
            if progress:
                progress(done, len(files), STAGE + "committing")
            batch.commit()
        finally:
            reading.close()  # the reading processes end here, whatever happened
            batch.cancel()
        if progress:
            progress(done, len(files), STAGE + "merging and counting facets")
        _merge_if_fragmented(ix)
        _keep_lexicon(index_dir, gaz, rules.digest if rules.additions else "")
        _keep_facet_table(ix, index_dir)
        if stories is not False:
            _keep_stories(ix, index_dir, None if stories is True else stories)
        report.total = ix.doc_count()
    report.seconds = time.monotonic() - started
    return report


@dataclass(frozen=True)
class _Task:
    """A file to read (all of it, or every `parts`-th record from `part` on, for big tables)."""

    path: Path
    data: bytes
    sha: str
    fingerprint: str
    options: ReadOptions
    name: str  # the path within the corpus, which makes the ids
    part: int = 0
    parts: int = 1

    @property
    def source(self) -> str:
        return str(self.path)


SPLIT_BYTES = 2_000_000  # tables bigger than this are read by several processes at once
STAGE = "stage:"  # a progress call whose path starts so names what the run is doing instead
PARALLEL_READ_BYTES = 200_000  # below this, files are read in this process
PARALLEL_WRITE_BYTES = 2_000_000  # below this, starting Whoosh's writer processes costs more than it saves
MAX_SEGMENTS = 48  # see _merge_if_fragmented
_TABLES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson")


def id_base(roots: list[Path]) -> Path:
    """The folder that ids are relative to: the folder given, the folder of a file given, or
    the deepest folder holding all that was given (so that two paths never share an id)."""
    base = Path(os.path.commonpath([str(root) for root in roots]))
    return base.parent if base.is_file() else base


def _changed_files(files, base: Path, options: ReadOptions, known: dict, report: IndexReport, jobs: int, advance):
    """The tasks for files that are new or changed (by content hash and reading options);
    unchanged and unreadable files are counted here and go no further."""
    digest = options.digest()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.files_by_type[path.suffix.lower()] += 1
            report.skipped.append(Skipped(str(path), "", f"cannot read: {exc.strerror or exc}"))
            advance(str(path))
            continue
        sha = hashlib.sha256(data).hexdigest()
        fingerprint = f"{sha[:32]}.{digest}"
        old = known.get(str(path))
        if old and old[0] == fingerprint:
            report.unchanged += old[1]
            report.files_unchanged += 1
            advance(str(path))
            continue
        parts = jobs * 2 if jobs > 1 and len(data) > SPLIT_BYTES and path.suffix.lower() in _TABLES else 1
        for part in range(parts):
            yield _Task(path, data, sha, fingerprint, options, path.relative_to(base).as_posix(), part, parts)


def read_in_parallel(tasks: Iterable[_Task], jobs: int) -> Iterator[tuple[_Task, list]]:
    """(task, its articles and skips) for whole files, in order. With several jobs, worker
    processes read and enrich while this one indexes; a window bounds what waits in memory."""
    if jobs == 1:
        from searcher.analysis import learn_stems

        for task in tasks:
            items = list(read_file(task.path, task.data, task.sha, task.options, name=task.name))
            for item in items:  # the lexicon keeps every word as met, as with several jobs
                if isinstance(item, Article):
                    learn_stems(f"{item.title}\n{item.body}")
            yield task, items
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pending: deque = deque()
    file_items: list = []
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker) as pool:
        try:
            for task in tasks:
                pending.append((task, pool.submit(_read_task, task)))
                while len(pending) > jobs * 4:
                    yield from _whole_files(pending.popleft(), file_items)
            while pending:
                yield from _whole_files(pending.popleft(), file_items)
        except BrokenProcessPool:
            raise SearcherError("a reading process died (out of memory?)", "run again with --jobs 1") from None
        finally:
            for _, future in pending:
                future.cancel()


def _start_worker() -> None:
    """In a process that reads or writes for the indexing one: go when it goes, and leave
    Ctrl-C to it (a terminal sends SIGINT to every process of the group): it stops the run
    and these processes with it, without a traceback from each."""
    import signal

    from searcher.lock import die_with_parent

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _whole_files(entry, file_items: list) -> Iterator[tuple[_Task, list]]:
    """Gather the parts of a file; yield the file once its last part is read."""
    from searcher.analysis import add_new_stems

    task, future = entry
    items, stems = future.result()
    add_new_stems(stems)
    file_items.extend(items)
    if task.part == task.parts - 1:
        yield replace(task, part=0, parts=1, data=b""), list(file_items)
        file_items.clear()


def _read_task(task: _Task) -> tuple[list, dict[str, str]]:
    """A task's articles and skips, and the stems of their words: the index's lexicon keeps
    them, and the processes that analyse for the index (Whoosh's) cannot hand them back."""
    from searcher.analysis import learn_stems, take_new_stems

    items = list(read_file(task.path, task.data, task.sha, task.options, task.part, task.parts, task.name))
    for item in items:
        if isinstance(item, Article):
            learn_stems(f"{item.title}\n{item.body}")
    return items, take_new_stems()


def _apply(task: _Task, items: list, old: tuple[str, int] | None, batch: "_Batch", report: IndexReport) -> None:
    """Replace a file's records in the index with those just read, in one commit."""
    articles: dict[str, Article] = {}
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
        else:
            articles.setdefault(item.id, item)
    report.files_read += 1
    report.files_by_type[task.path.suffix.lower()] += 1
    old_ids = batch.ids_of(task.source) if old else set()
    articles, moved = _claim_ids(articles, old_ids, batch)
    writer = batch.writer()
    if old:
        writer.delete_by_term("source", task.source)
    if moved:
        from whoosh.query import Or, Term

        writer.delete_by_query(Or([Term("id", i) for i in sorted(moved)]))
        old_ids |= moved
    for article in articles.values():
        writer.add_document(**document(article, task.fingerprint))
    report.updated += len(old_ids & articles.keys())
    report.added += len(articles.keys() - old_ids)
    report.removed += len(old_ids - articles.keys())
    batch.count(len(articles) + len(old_ids), len(articles))


def _claim_ids(articles: dict[str, Article], own: set[str], batch: "_Batch") -> tuple[dict[str, Article], set[str]]:
    """A file's articles, some of whose ids records of other files may hold (`own` are its
    own records'): (its articles, the ids to take over). A holder whose file is gone was this
    file before the corpus moved: its records give way. A holder whose file is there is another
    file with the same path in another folder, indexed apart: this file's records then take
    ids from their full path."""
    held = batch.holders((articles.keys() & batch.indexed_ids()) - own)
    moved = {i for i, source in held.items() if not os.path.exists(source)}
    if len(moved) == len(held):
        return articles, moved
    claimed = {}
    for i, article in articles.items():
        if i in held and i not in moved:
            article = replace(article, id=article_id(article.source, article.key))
        claimed.setdefault(article.id, article)
    return claimed, moved


def _remove_gone(known: dict, present: set[str], roots: list[Path], batch: "_Batch", report: IndexReport) -> None:
    """Remove records of files that were under the given paths and no longer exist there."""
    for source, (_, count) in known.items():
        if source not in present and _is_under(source, roots):
            batch.writer().delete_by_term("source", source)
            report.removed += count


def _is_under(source: str, roots: list[Path]) -> bool:
    return any(source == str(root) or source.startswith(str(root) + os.sep) for root in roots)


def document(article: Article, fingerprint: str) -> dict:
    """The Whoosh document for an article: searchable text, filter keys, facet columns, provenance."""
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "place": ",".join(dict.fromkeys(i for p in _resolved(article.places) for i in (p.id, *p.ancestors))),
        "outlet": article.outlet or "",
        "lang": article.language or "",
        "month": article.date[:7] if article.date else "undated",
        "undated": 0 if article.date else 1,
        "outlet_name": (article.outlet or "").encode("utf-8"),
        "place_names": LIST_SEPARATOR.join(place_facet_values(article.places)).encode("utf-8"),
        "source": article.source,
        "file_state": f"{fingerprint} {article.source}".encode("utf-8", "surrogateescape"),
        "record": {
            "key": article.key,
            "sha256": article.sha256,
            "date": article.date,
            "date_source": article.date_source,
            "outlet": article.outlet,
            "outlet_source": article.outlet_source,
            "url": article.url,
            "author": article.author,
            "places": [dict(vars(p)) for p in article.places],  # (dataclasses.asdict deep-copies: slow)
            "language": article.language,
            "language_source": article.language_source,
            "extra": [list(pair) for pair in article.extra],
        },
    }
    if article.date:
        doc["day"] = int(article.date.replace("-", ""))
    return doc


def _resolved(places: Iterable[PlaceRef]) -> list[PlaceRef]:
    """The places an article is filed under: not the names left unresolved (their candidates
    are kept in the record, for `inspect` and `show`)."""
    return [p for p in places if p.kind != "unresolved"]


def place_facet_values(places: Iterable[PlaceRef]) -> list[str]:
    """The facet values of an article's places and of the regions and countries they lie in,
    each once: a region counts the articles naming it or any of its places, a country likewise
    (the same articles `--place` finds)."""
    values: dict[str, str] = {}
    for place in _resolved(places):
        values.setdefault(place.id, place_facet_value(place))
        for ancestor in place.ancestors:
            if ancestor.startswith("r:") and place.region:
                values.setdefault(ancestor, FIELD_SEPARATOR.join((ancestor, place.region, "", place.country or "")))
            elif ancestor.startswith("c:") and place.country:
                values.setdefault(ancestor, FIELD_SEPARATOR.join((ancestor, place.country, "", place.country)))
    return list(values.values())


def place_facet_value(place: PlaceRef) -> str:
    """How a place is kept for facet counts: id, name, region and country (a country is its own),
    as one string."""
    country = place.name if place.kind == "country" else place.country
    return FIELD_SEPARATOR.join((place.id, place.name, place.region or "", country or ""))


def file_states(ix) -> dict[str, tuple[str, int]]:
    """{source path: (fingerprint, number of records)} for every file in the index."""
    with ix.reader() as reader:
        if not reader.has_column("file_state"):
            return {}
        column = reader.column_reader("file_state")
        counts = Counter(column[docnum] for docnum in reader.all_doc_ids())
    states = {}
    for value, count in counts.items():
        fingerprint, _, source = value.decode("utf-8", "surrogateescape").partition(" ")
        states[source] = (fingerprint, count)
    return states


def _keep_lexicon(index_dir: Path, gaz, corrections: str = "") -> None:
    """Keep beside the index what a search needs to analyse queries as the articles were: the
    gazetteer, with the places a corrections file adds (when either changed), and the stems of
    the words met (see lexicon.py), and the people table (searcher/people.py) with the stems
    of its terms."""
    from searcher import lexicon
    from searcher.analysis import stem, take_new_stems
    from searcher.enrich.places import gazetteer_digest, write_place_tables
    from searcher.people import LEXICON_KEY, active_people

    con = lexicon.connect(index_dir)
    kept = lexicon.meta(con, "gazetteer")
    if con is not None:
        con.close()
    digest = gazetteer_digest() + (f"+{corrections}" if corrections else "")
    if kept != digest and not _copy_kept_lexicon(index_dir, digest, kept is None and not corrections):
        write_place_tables(index_dir, gaz, digest)
        if kept is None and not corrections:
            _keep_lexicon_copy(index_dir, digest)
    people = active_people()
    for term in people.terms():
        stem(term)  # a query may name a person the articles do not
    lexicon.update(index_dir, add={"stems": take_new_stems().items()}, meta={LEXICON_KEY: people.text})


def _lexicon_copy(digest: str) -> Path | None:
    """A copy of a new index's lexicon holding only this gazetteer: writing its tables costs
    seconds, copying the file a few milliseconds (see enrich.places._cache_path for where)."""
    import searcher.enrich.places
    import searcher.lexicon
    import searcher.morph
    from searcher.cache import cache_folder, source_digest

    folder = cache_folder()
    if folder is None:
        return None
    # The tables are what this code makes of the gazetteer: a copy made by other code is stale.
    code = source_digest(searcher.enrich.places.__file__, searcher.morph.__file__, searcher.lexicon.__file__)
    return folder / f"lexicon-{digest}-{code}.sqlite"


def _copy_kept_lexicon(index_dir: Path, digest: str, new: bool) -> bool:
    import shutil

    from searcher import lexicon

    copy = _lexicon_copy(digest) if new else None
    if copy is None or not copy.is_file() or (Path(index_dir) / lexicon.FILE).exists():
        return False
    try:
        shutil.copyfile(copy, Path(index_dir) / lexicon.FILE)
    except OSError:
        return False
    return True


def _keep_lexicon_copy(index_dir: Path, digest: str) -> None:
    import os
    import shutil
    import tempfile

    from searcher import lexicon

    copy = _lexicon_copy(digest)
    if copy is None:
        return
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        for old in copy.parent.glob("lexicon-*.sqlite"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=copy.parent, suffix=".tmp")
        os.close(fd)
        shutil.copyfile(Path(index_dir) / lexicon.FILE, tmp)
        os.replace(tmp, copy)
    except OSError:
        pass


def _merge_if_fragmented(ix) -> None:
    """Parallel runs leave a segment per process per commit, unmerged; past MAX_SEGMENTS (at
    about 240,000 articles with two processes), merge the small ones once, at the end:
    searches look in every segment."""
    from whoosh.writing import MERGE_SMALL

    with ix.reader() as reader:
        count = len(reader.leaf_readers())
    if count > MAX_SEGMENTS:
        ix.writer(limitmb=256, compound=False).commit(mergetype=MERGE_SMALL)


def _keep_stories(ix, index_dir: Path, corrections: Path | None) -> None:
    """Near-copies grouped into stories, for the records of new and changed files (stories.py)."""
    from searcher.stories import read_corrections, update_stories

    update_stories(index_dir, ix, read_corrections(corrections))


def _keep_facet_table(ix, index_dir: Path) -> None:
    """Facet codes per document, for fast counts at search time (see facets.py)."""
    from searcher.facets import build_table, write_table

    with ix.reader() as reader:
        write_table(index_dir, build_table(reader, reader.generation()))


def _open_for_writing(index_dir: Path, rebuild: bool):
    """The index to write to; with `rebuild`, whatever is there (another version, damage) goes."""
    if not rebuild:
        return (
            open_index(index_dir)
            if index_exists(index_dir) or other_version_present(index_dir)
            else create_index(index_dir)
        )
    _remove_old_versions(index_dir)
    try:
        return open_index(index_dir)  # emptied by the first commit, so a killed rebuild loses nothing
    except SearcherError:
        return create_index(index_dir)


def _remove_old_versions(index_dir: Path) -> None:
    """Delete the files of searcher indexes of other schema versions (and only those)."""
    if not index_dir.is_dir():
        return
    for path in index_dir.iterdir():
        if re.fullmatch(r"_?searcher_v\d+_.*", path.name) and not path.name.lstrip("_").startswith(INDEX_NAME + "_"):
            path.unlink()


def _subwriters_die_with_parent() -> None:
    """Whoosh's writer processes wait for work forever: if this process is killed, make them go
    too, or they would keep the index locked (and leave Ctrl-C to this one)."""
    from whoosh import multiproc

    task = multiproc.SubWriterTask
    if not getattr(task, "_dies_with_parent", False):
        run = task.run

        def run_dying_with_parent(self):
            _start_worker()
            return run(self)

        task.run = run_dying_with_parent
        task._dies_with_parent = True


@contextlib.contextmanager
def _ctrl_c_after() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) that comes during the block until it ends, then deliver it as
    it would have been (in the main thread; elsewhere the block runs as it is)."""
    import signal
    import threading

    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield
        return
    held = []
    signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held:
            signal.raise_signal(signal.SIGINT)


class _Batch:
    """One open writer at a time, committed every `limit` records changed.

    Segments are written as separate files, not one compound file: Whoosh copies each part of
    a compound file into memory when a search opens it (0.4 s at 100,000 articles)."""

    def __init__(self, ix, clear: bool, limit: int, procs: int = 1) -> None:
        self.ix, self.clear, self.limit, self.procs = ix, clear, limit, procs
        self._writer = None
        self._pending = 0  # records added or deleted since the last commit
        self._written = 0  # records added since the last commit
        self.committed = 0  # records added by the commits so far
        self._indexed_ids: set[str] | None = set() if clear else None

    def indexed_ids(self) -> set[str]:
        """The ids in the index when the run began (read once, when first asked)."""
        if self._indexed_ids is None:
            with self.ix.reader() as reader:
                self._indexed_ids = {term.decode("utf-8") for term in reader.lexicon("id")}
        return self._indexed_ids

    def holders(self, ids: set[str]) -> dict[str, str]:
        """{id: source} for those of `ids` that a committed record holds (the lexicon keeps
        the ids of deleted records too)."""
        if not ids:
            return {}
        with self.ix.searcher() as searcher:
            found = {i: searcher.document(id=i) for i in sorted(ids)}
        return {i: doc["source"] for i, doc in found.items() if doc is not None}

    def writer(self):
        if self._writer is None:
            from whoosh.index import LockError

            try:
                if self.procs > 1:
                    # Whoosh's own processes analyse and write a segment each; no merge at
                    # commit (the single-process merge would cost what the processes saved).
                    _subwriters_die_with_parent()
                    self._writer = self.ix.writer(
                        procs=self.procs, multisegment=True, limitmb=WRITER_MB, compound=False
                    )
                else:
                    self._writer = self.ix.writer(limitmb=WRITER_MB, compound=False)
            except LockError:
                raise IndexLockedError(
                    "the index is being updated by another process", "wait for it to finish, then try again"
                ) from None
        return self._writer

    def ids_of(self, source: str) -> set[str]:
        with self.ix.searcher() as searcher:
            return {fields["id"] for fields in searcher.documents(source=source)}

    def count(self, changes: int, written: int) -> None:
        self._pending += changes
        self._written += written
        if self._pending >= self.limit:
            self.commit()

    def commit(self) -> None:
        if self._writer is None and self.clear:
            self.writer()  # a rebuild of nothing still empties the index
        with _ctrl_c_after():  # so that a commit made is a commit counted
            if self._writer is not None:
                from whoosh.writing import CLEAR, NO_MERGE

                if self.clear:
                    self._writer.commit(mergetype=CLEAR)
                    self.clear = False
                elif self.procs > 1:
                    # No merging midway (one process, everyone waiting); see _merge_if_fragmented.
                    self._writer.commit(mergetype=NO_MERGE)
                else:
                    self._writer.commit()
            self.committed += self._written
            self._writer, self._pending, self._written = None, 0, 0

    def cancel(self) -> None:
        """Drop what is not committed. Whoosh's cancel only flags its writer processes, in this
        process's copy of them: they are ended here."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            try:
                writer.cancel()
            finally:
                for task in getattr(writer, "tasks", ()):
                    task.terminate()
                    task.join(5)
