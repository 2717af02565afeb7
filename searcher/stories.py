"""Stories: records that tell one story (a Telegram repost, a wire copy, a repeated row).

At the end of each indexing run the story table beside the index (stories.sqlite) is brought
in line with the index: records of files that are new or changed since the table was last
written get a MinHash signature of their body (word 3-shingles, by rensa), those of files gone
or changed leave. Candidates come from locality-sensitive hashing (the signature cut into
bands; records sharing a band are compared), and a pair close enough (same_story: estimated
Jaccard similarity or containment of the shingles, with a guard for short posts) is an edge.
Stories are the connected components of those edges, with the user's corrections
(stories.toml: join, split). Only new records are hashed and compared (with every record,
whose signatures are read into memory: a second at 100,000 records); grouping the edges again
costs about as much; a run that changed nothing leaves the table alone.

Each story's origin is its earliest dated member (then the earliest indexed); the story id is
the origin's id. Every member knows its relation to the origin: exact copy (the same words),
or near copy with the estimated similarity.

The table is written in one SQLite transaction after the index's last commit, with the index
generation it matches; searches use the per-document array (stories.pickle) only when it
matches the index they read, and otherwise show every record (never a wrong grouping). A run
killed in between leaves the table of the previous run, which the next run brings up to date.
"""

from __future__ import annotations

import hashlib
import operator
import os
import pickle
import re
import sqlite3
import tomllib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

FILE = "stories.sqlite"
VERSION = "2"  # of the sketches and the rule: a table of another version is started over
ARRAY_FILE = "stories.pickle"
CORRECTIONS = "stories.toml"
NUM_PERM = 128
# LSH over the first BANDS * ROWS values: a pair at similarity 0.2 shares a band with
# probability 0.73, at 0.3 0.95, at 0.4 0.99 (1 - (1 - s^ROWS)^BANDS).
BANDS, ROWS = 32, 2
SEED = 1
SHINGLE = 3  # words per shingle
MIN_WORDS = 5  # shorter bodies ("Video", "Срочно") join no story by themselves
# Two records are one story when the estimated Jaccard similarity of their shingles reaches
# JACCARD, or the shorter one's shingles are CONTAINED in the longer's (a post cut to its
# headline, a wire story with paragraphs added). Tuned on tests/data/story_pairs.tsv.
JACCARD = 0.3
CONTAINED = 0.6
# Short posts of one template ("The dollar rose above 104 roubles") differ in a number or a
# day only: below SHORT_WORDS words, a pair must be dated within a day of each other and the
# shorter one's numbers must all be in the longer one.
SHORT_WORDS = 40
MAX_DAYS_APART = 1
EXACT, NEAR, ORIGIN = "exact copy", "near copy", "origin"

_WORD = re.compile(r"\w+")
# Short lines that are a channel's or a page's, not the story's: subscription calls, links, tags.
CHROME_WORDS = 12
_CHROME_LINE = re.compile(
    r"подпис|прислать новость|t\.me/|https?://|^\W*[@#]\w+|^\W*$|читать (?:далее|полностью)|read more",
    re.I,
)


# ---- signatures ---------------------------------------------------------------------------


def story_words(body: str) -> list[str]:
    """The words of a body that say its story: lower-cased, without chrome lines."""
    kept = (
        line
        for line in body.splitlines()
        if not (len(line) < 20 * CHROME_WORDS and len(line.split()) < CHROME_WORDS and _CHROME_LINE.search(line))
    )
    return _WORD.findall("\n".join(kept).casefold())


def shingles(words: list[str]) -> list[str]:
    if len(words) < SHINGLE:
        return [" ".join(words)]
    return [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]  # SHINGLE == 3


def text_hash(words: list[str]) -> str:
    """Equal for bodies with the same words (exact copies, whatever their spacing or punctuation)."""
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:16]


def signature(words: list[str]) -> bytes | None:
    """The MinHash signature of a body's shingles (NUM_PERM 32-bit values), None when too short."""
    if len(words) < MIN_WORDS:
        return None
    import rensa  # Rust MinHash: 60 µs a post, where datasketch takes 1 ms and 2 s to import

    minhash = rensa.RMinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update(shingles(words))
    return array("I", minhash.digest()).tobytes()


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def numbers(body: str) -> str:
    """The numbers of a body, sorted, space-separated."""
    return " ".join(sorted({n.replace(",", ".") for n in _NUMBER.findall(body)}))


@dataclass(frozen=True)
class Sketch:
    """What deciding whether two records are one story needs to know of each."""

    signature: bytes
    words: int
    numbers: str
    date: str | None


def sketch(body: str, date: str | None) -> tuple[str, Sketch | None]:
    """A body's text hash and its sketch (None when the body is too short to compare)."""
    words = story_words(body)
    sig = signature(words)
    return text_hash(words), (None if sig is None else Sketch(sig, len(words), numbers(" ".join(words)), date))


def same_story(a: Sketch, b: Sketch) -> float | None:
    """The estimated similarity of two records if they are one story, else None."""
    j = similarity(a.signature, b.signature)
    return j if _close_enough(j, a.words, b.words) and _short_posts_agree(a, b) else None


def _short_posts_agree(a: Sketch, b: Sketch) -> bool:
    """The tests for a pair with a short post in it (SHORT_WORDS): dated within MAX_DAYS_APART
    of each other, and the shorter one's numbers all in the longer one."""
    if min(a.words, b.words) >= SHORT_WORDS:
        return True
    if a.date and b.date and _days_apart(a.date, b.date) > MAX_DAYS_APART:
        return False
    shorter, longer = (a, b) if a.words <= b.words else (b, a)
    return set(shorter.numbers.split()) <= set(longer.numbers.split())


def _days_apart(a: str, b: str) -> int:
    from datetime import date

    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal signature values."""
    x, y = array("I", a), array("I", b)
    return sum(map(operator.eq, x, y)) / len(x)


def similar_pairs(signatures, words, new) -> tuple:
    """(i, j, similarity) of the rows of `signatures` (one per record, NUM_PERM values) that
    share a band, at least one of them `new` (a boolean per row), and pass same_story's
    similarity test; each pair once, i the new one (or the later of two new ones).

    The signatures are held in memory and a band's candidate pairs compared many at a time:
    bench/make_corpus.py's 100,000 articles give 34 million (29 million distinct), in buckets
    of up to 4,663 records (paragraphs drawn again and again); bands kept in SQLite, queried
    and compared record by record, took ten times as long."""
    import numpy as np

    keys = _band_keys(signatures)
    found_i, found_j, found_s = [], [], []
    for band in range(BANDS):
        for a, b in _band_pairs(keys[:, band], new):
            if band:  # a pair is compared in the first band it shares, once
                first = ~(keys[a, :band] == keys[b, :band]).any(axis=1)
                a, b = a[first], b[first]
            score = np.count_nonzero(signatures[a] == signatures[b], axis=1) / NUM_PERM
            close = _close_enough(score, words[a], words[b])
            found_i.append(a[close])
            found_j.append(b[close])
            found_s.append(score[close])
    if not found_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)


PAIRS_AT_ONCE = 1 << 18  # compared in one numpy operation: 2 x 128 MB of signatures


def _band_keys(signatures):
    """One key per record (a row) and band (a column): the band's ROWS values as one number."""
    import numpy as np

    first = signatures[:, 0 : 2 * BANDS : 2].astype(np.uint64)  # ROWS == 2
    second = signatures[:, 1 : 2 * BANDS : 2].astype(np.uint64)
    return (first << np.uint64(32)) | second


def _band_pairs(keys, new) -> Iterator[tuple]:
    """(i, j), at most PAIRS_AT_ONCE at a time: for each new record i, the records j with its
    key in this band that come before it (the records not new first, then the new ones in
    order), so each pair once."""
    import numpy as np

    order = np.lexsort((new, keys))  # by key, the old before the new, each in row order
    ranked = keys[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(ranked)]))
    positions = np.flatnonzero(new[order])
    counts = positions - run_start[positions]
    positions, counts = positions[counts > 0], counts[counts > 0]
    ends = np.cumsum(counts)
    at = 0
    while at < len(positions):
        stop = max(at + 1, int(np.searchsorted(ends, ends[at] - counts[at] + PAIRS_AT_ONCE, side="right")))
        these, many = positions[at:stop], counts[at:stop]
        offsets = np.arange(many.sum()) - np.repeat(np.cumsum(many) - many, many)
        yield order[np.repeat(these, many)], order[np.repeat(run_start[these], many) + offsets]
        at = stop


def _close_enough(score, words_a, words_b):
    """same_story's similarity test, for numbers or arrays of them: the estimated Jaccard
    similarity, or the share of the shorter one's shingles the longer one holds."""
    import numpy as np

    a, b = np.maximum(1, words_a - SHINGLE + 1), np.maximum(1, words_b - SHINGLE + 1)
    shared = score / (1 + score) * (a + b)  # |A & B| from |A | B| = |A| + |B| - |A & B|
    return (score >= JACCARD) | (shared / np.minimum(a, b) >= CONTAINED)


def story_edges(sketches: list[Sketch], new) -> list[tuple[float, int, int]]:
    """(similarity, i, j) for pairs of sketches that are one story (same_story): enough of
    them to connect every pair with a new record in it, taken most similar first (identical
    copies first, linked to the one of them that stands for all in the comparisons: a new
    copy's pairs are its stand-in's, which may be a record not new)."""
    import numpy as np

    if not sketches:
        return []
    new = list(new)
    first: dict[tuple, int] = {}
    same_as = [first.setdefault(_sameness(s), k) for k, s in enumerate(sketches)]
    rows = sorted(first.values())
    row_new = dict.fromkeys(rows, False)
    for k, r in enumerate(same_as):
        row_new[r] = row_new[r] or new[k]
    edges = [(1.0, k, r) for k, r in enumerate(same_as) if r != k and (new[k] or new[r])]
    signatures = np.frombuffer(b"".join(sketches[r].signature for r in rows), dtype=np.uint32)
    words = np.array([sketches[r].words for r in rows])
    i, j, score = similar_pairs(
        signatures.reshape(-1, NUM_PERM), words, np.array([row_new[r] for r in rows], dtype=bool)
    )
    connected = _Components((k, r) for _, k, r in edges)
    for at in np.lexsort((j, i, -score)).tolist():  # most similar first
        a, b = rows[i[at]], rows[j[at]]
        if connected.find(a) == connected.find(b):
            continue  # one edge is enough: thousands of near copies keep thousands, not millions
        if not _short_posts_agree(sketches[a], sketches[b]):
            continue
        edges.append((float(score[at]), a, b))
        connected.join(a, b)
    return edges


def _sameness(s: Sketch) -> tuple:
    """Equal for sketches that same_story cannot tell apart with any other: the same signature,
    length, numbers and day (which the tests for short posts weigh, a long post's too when it
    meets a short one)."""
    return s.signature, s.words, s.numbers, (s.date or "")[:10]


# ---- corrections --------------------------------------------------------------------------


@dataclass(frozen=True)
class Corrections:
    """Pairs of record ids the user says are one story (join) or not (split)."""

    join: tuple[tuple[str, str], ...] = ()
    split: tuple[tuple[str, str], ...] = ()


def find_corrections(targets: Iterable[Path]) -> Path | None:
    """A stories.toml in an indexed folder, or beside an indexed file or folder."""
    for target in targets:
        target = Path(target).resolve()
        for folder in ([target] if target.is_dir() else []) + [target.parent]:
            candidate = folder / CORRECTIONS
            if candidate.is_file():
                return candidate
    return None


def read_corrections(path: Path | None) -> Corrections:
    """The join and split lists of a stories.toml: `join = [["id1", "id2"], ...]`, likewise
    `split`; a pair may name more than two ids (all joined, or all kept apart)."""
    from searcher.errors import UsageError

    if path is None:
        return Corrections()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read {path} ({exc})", "fix the file: see 'Stories' in the README") from None
    data = data.get("stories", data)
    lists = {}
    for name in ("join", "split"):
        groups = data.get(name, [])
        if not isinstance(groups, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(i, str) for i in g) for g in groups
        ):
            raise UsageError(
                f"{path}: '{name}' must be a list of lists of record ids", f'e.g. {name} = [["id1", "id2"]]'
            )
        lists[name] = tuple((g[0], other) for g in groups for other in g[1:])
    return Corrections(lists["join"], lists["split"])


# ---- the table ----------------------------------------------------------------------------


@dataclass
class Record:
    """What the story table keeps of a record."""

    id: str
    source: str
    date: str | None
    outlet: str | None
    title: str
    seq: int
    text_hash: str
    signature: bytes | None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (source TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, date TEXT, outlet TEXT, title TEXT,
    seq INTEGER NOT NULL, text_hash TEXT NOT NULL, signature BLOB, words INTEGER, numbers TEXT);
CREATE INDEX IF NOT EXISTS records_by_source ON records (source);
CREATE TABLE IF NOT EXISTS edges (a TEXT NOT NULL, b TEXT NOT NULL, similarity REAL NOT NULL, PRIMARY KEY (a, b));
CREATE INDEX IF NOT EXISTS edges_by_b ON edges (b);
CREATE TABLE IF NOT EXISTS members (
    id TEXT PRIMARY KEY, story TEXT NOT NULL, relation TEXT NOT NULL, similarity REAL, rank INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS members_by_story ON members (story, rank);
"""


@dataclass
class Update:
    """What one update of the story table did."""

    hashed: int = 0
    removed: int = 0
    stories: int = 0  # stories of two or more records
    grouped: int = 0  # records in them


def update_stories(index_dir: Path, ix, corrections: Corrections = Corrections()) -> Update:
    """Bring the story table in line with the index (see the module's docstring)."""
    from searcher.indexer import file_states

    states = {source: fingerprint for source, (fingerprint, _) in file_states(ix).items()}
    con = sqlite3.connect(Path(index_dir) / FILE, timeout=30)
    report = Update()
    try:
        with con:
            con.executescript(_SCHEMA)
            if con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() != (VERSION,):
                for table in ("files", "records", "bands", "edges", "members"):  # (version 1 had bands)
                    con.execute(f"DROP TABLE IF EXISTS {table}")
                con.executescript(_SCHEMA)
                con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (VERSION,))
            kept = dict(con.execute("SELECT source, fingerprint FROM files"))
            stale = [s for s, f in kept.items() if states.get(s) != f]
            fresh = [s for s, f in states.items() if kept.get(s) != f]
            if not stale and not fresh and _is_current(con, index_dir, ix, corrections):
                report.stories, report.grouped = con.execute(
                    "SELECT count(DISTINCT story), count(*) FROM members"
                ).fetchone()
                return report  # nothing to do: 1.6 s saved at 100,000 records
            old_seq, touched = _forget(con, stale, report)
            new_ids = _hash_files(con, ix, fresh, old_seq, report)
            con.executemany("INSERT OR REPLACE INTO files VALUES (?, ?)", ((s, states[s]) for s in fresh))
            _link(con, new_ids + sorted(touched - set(new_ids)))
            _regroup(con, corrections, report)
            with ix.reader() as reader:
                generation = reader.generation()
                con.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation),))
                con.execute("INSERT OR REPLACE INTO meta VALUES ('corrections', ?)", (repr(corrections),))
                codes = _story_array(con, reader)
        _write_array(index_dir, generation, codes)
    finally:
        con.close()
    return report


def _is_current(con: sqlite3.Connection, index_dir: Path, ix, corrections: Corrections) -> bool:
    """Whether the table and the array were made from this generation of the index, with
    these corrections."""
    meta = dict(con.execute("SELECT key, value FROM meta"))
    generation = ix.latest_generation()
    return (
        meta.get("generation") == str(generation)
        and meta.get("corrections") == repr(corrections)
        and load_array(index_dir, generation) is not None
    )


def _forget(con: sqlite3.Connection, sources: list[str], report: Update) -> tuple[dict[str, int], set[str]]:
    """Remove the records of these files (their edges too); return their order of
    first indexing, which an updated record keeps, and the other members of their stories,
    which must be linked again (the edges kept link a story's members only as far as needed to
    connect them: one gone may part the others)."""
    seq: dict[str, int] = {}
    touched: set[str] = set()
    for source in sources:
        rows = dict(con.execute("SELECT id, seq FROM records WHERE source = ?", (source,)))
        seq.update(rows)
        ids = list(rows)
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            touched.update(
                row[0]
                for row in con.execute(
                    f"SELECT o.id FROM members m JOIN members o ON o.story = m.story WHERE m.id IN ({marks})",
                    chunk,
                )
            )
            con.execute(f"DELETE FROM edges WHERE a IN ({marks})", chunk)
            con.execute(f"DELETE FROM edges WHERE b IN ({marks})", chunk)
        con.execute("DELETE FROM records WHERE source = ?", (source,))
        con.execute("DELETE FROM files WHERE source = ?", (source,))
        report.removed += len(ids)
    return seq, touched - set(seq)


def _hash_files(con, ix, sources: list[str], old_seq: dict[str, int], report: Update) -> list[str]:
    """Sign the records of these files, read back from the index; return their ids."""
    next_seq = (con.execute("SELECT max(seq) FROM records").fetchone()[0] or 0) + 1
    new_ids = []
    with ix.searcher() as searcher:
        for source in sources:
            for stored in searcher.documents(source=source):
                record = stored.get("record", {})
                thash, own = sketch(stored.get("body", ""), record.get("date"))
                rid = stored["id"]
                seq = old_seq.get(rid)
                if seq is None:
                    seq, next_seq = next_seq, next_seq + 1
                con.execute(
                    "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        rid,
                        source,
                        record.get("date"),
                        record.get("outlet"),
                        stored.get("title", ""),
                        seq,
                        thash,
                        *((own.signature, own.words, own.numbers) if own else (None, None, None)),
                    ),
                )
                new_ids.append(rid)
                report.hashed += 1
    return new_ids


def group_in_memory(
    records: Iterable[tuple[str, str, str | None]], apart: list[tuple[str, str]] = ()
) -> dict[str, str]:
    """{record id: its story's first id} for (id, body, date) triples, grouped as the story
    table groups them (the same sketches, bands and rule), without an index: for benchmarks."""
    ids, sketches = [], []
    for rid, body, date in records:
        _, own = sketch(body, date)
        if own is not None:
            ids.append(rid)
            sketches.append(own)
    edges = [(score, ids[i], ids[j]) for score, i, j in story_edges(sketches, [True] * len(sketches))]
    stories = {}
    for members in group(ids, edges, list(apart)):
        first = min(members)
        stories.update(dict.fromkeys(members, first))
    return stories


def _link(con: sqlite3.Connection, new_ids: list[str]) -> None:
    """Edges from each new record to the records it is one story with (story_edges, most
    similar first): enough edges to connect each story, not every similar pair, so a story of
    thousands of copies keeps thousands of edges, not millions (the stories are the same:
    `group` only needs connections)."""
    if not new_ids:
        return
    waiting = set(new_ids)
    ids, sketches = [], []
    for rid, *row in con.execute(
        "SELECT id, signature, words, numbers, date FROM records WHERE signature IS NOT NULL ORDER BY seq"
    ):
        ids.append(rid)
        sketches.append(Sketch(*row))
    connected = _Components(con.execute("SELECT a, b FROM edges"))
    for score, i, j in story_edges(sketches, [rid in waiting for rid in ids]):
        if connected.find(ids[i]) != connected.find(ids[j]):
            con.execute("INSERT OR REPLACE INTO edges VALUES (?, ?, ?)", (*sorted((ids[i], ids[j])), score))
            connected.join(ids[i], ids[j])


class _Components:
    """Which records the edges connect (union-find)."""

    def __init__(self, edges: Iterable[tuple[str, str]] = ()) -> None:
        self.parent: dict[str, str] = {}
        for a, b in edges:
            self.join(a, b)

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def join(self, a: str, b: str) -> None:
        self.parent.setdefault(a, a)
        self.parent.setdefault(b, b)
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self) -> list[set[str]]:
        """The components of two records or more."""
        found: dict[str, set[str]] = {}
        for x in list(self.parent):
            found.setdefault(self.find(x), set()).add(x)
        return [c for c in found.values() if len(c) > 1]


def _regroup(con: sqlite3.Connection, corrections: Corrections, report: Update) -> None:
    """Stories anew from the edges and the corrections; the members table rewritten."""
    known = {row[0] for row in con.execute("SELECT id FROM records")}
    edges = [(s, a, b) for a, b, s in con.execute("SELECT a, b, similarity FROM edges")]
    edges += [(2.0, a, b) for a, b in corrections.join if a in known and b in known]  # first, whatever else
    groups = group(known, edges, [(a, b) for a, b in corrections.split if a in known and b in known])
    con.execute("DELETE FROM members")
    for ids in groups:
        rows = {
            r[0]: r
            for chunk in _chunks(sorted(ids), 500)
            for r in con.execute(
                f"SELECT id, date, seq, text_hash, signature FROM records WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        }
        by_date = sorted(rows.values(), key=lambda r: (r[1] is None, r[1] or "", r[2]))
        origin = by_date[0]
        for rank, (rid, _, _, thash, sig) in enumerate(by_date):  # read in this order: `rank`
            relation, score = relation_to(origin, thash, sig, rid)
            con.execute("INSERT INTO members VALUES (?, ?, ?, ?, ?)", (rid, origin[0], relation, score, rank))
        report.stories += 1
        report.grouped += len(ids)


def relation_to(origin: tuple, thash: str, sig: bytes | None, rid: str) -> tuple[str, float | None]:
    if rid == origin[0]:
        return ORIGIN, None
    if thash == origin[3]:
        return EXACT, 1.0
    if sig is not None and origin[4] is not None:
        return NEAR, round(similarity(sig, origin[4]), 3)
    return NEAR, None  # joined by a correction


def group(ids: Iterable[str], edges: list[tuple[float, str, str]], apart: list[tuple[str, str]]) -> list[set[str]]:
    """Connected components of the edges (most similar first), of two ids or more, never
    putting the two ids of a pair in `apart` together."""
    connected = _Components()
    for _, a, b in sorted(edges, key=lambda e: -e[0]):
        roots = {connected.find(a), connected.find(b)}
        if len(roots) == 1:
            continue
        if any(connected.find(x) in roots and connected.find(y) in roots for x, y in apart):
            continue  # this edge would bring together what the user kept apart
        connected.join(a, b)
    return connected.groups()


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---- per-document array, for searches -----------------------------------------------------


@dataclass
class StoryArray:
    """For each document number, the code of its story (0: a story of its own)."""

    generation: int
    codes: array
    stories: list[str] = field(default_factory=list)  # code -> story id (code 0 unused)
    version: str = ""  # of the story table it was made from

    def key(self, docnum: int) -> int:
        """Equal for the documents of one story, distinct for others."""
        code = self.codes[docnum] if docnum < len(self.codes) else 0
        return code if code else -docnum - 1


def _story_array(con: sqlite3.Connection, reader) -> StoryArray:
    codes = array("I", bytes(4 * reader.doc_count_all()))
    stories = [""]
    number: dict[str, int] = {}
    docnums = _docnums(reader)
    for rid, story in con.execute("SELECT id, story FROM members ORDER BY story"):
        docnum = docnums.get(rid)
        if docnum is None:
            continue
        if story not in number:
            number[story] = len(stories)
            stories.append(story)
        codes[docnum] = number[story]
    return StoryArray(reader.generation(), codes, stories, VERSION)


def _docnums(reader) -> dict[str, int]:
    """{record id: document number} of every live document, from one pass over each segment's
    ids in the order they are stored (a lookup per member of every story took seconds at
    100,000 records: each looks in every segment in turn)."""
    found: dict[str, int] = {}
    for leaf, base in reader.leaf_readers():
        for text, info in leaf.iter_field("id"):
            rid = text.decode("utf-8") if isinstance(text, bytes) else text
            if info.doc_frequency() == 1:
                docnum = info.min_id()
                if not leaf.is_deleted(docnum):
                    found.setdefault(rid, base + docnum)
            elif rid not in found:  # deleted copies not yet merged away: the live one
                docnum = docnum_of(leaf, rid)
                if docnum is not None:
                    found[rid] = base + docnum
    return found


def docnum_of(reader, rid: str) -> int | None:
    try:
        return reader.first_id("id", rid)
    except Exception:  # noqa: BLE001 - Whoosh raises TermNotFound for an id it lacks
        return None


def _write_array(index_dir: Path, generation: int, table: StoryArray) -> None:
    target = Path(index_dir) / ARRAY_FILE
    partial = target.with_name(ARRAY_FILE + ".partial")
    with partial.open("wb") as f:
        pickle.dump(table, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, target)


def load_array(index_dir: Path, generation: int) -> StoryArray | None:
    """The index's story array if it was built from this generation, else None."""
    from searcher.facets import load_for_generation

    table = load_for_generation(Path(index_dir) / ARRAY_FILE, StoryArray, generation)
    return table if table is not None and table.version == VERSION else None  # else: until `searcher index`


# ---- reading stories ----------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    id: str
    title: str
    outlet: str | None
    date: str | None
    relation: str  # origin, exact copy, near copy
    similarity: float | None


def connect(index_dir: Path) -> sqlite3.Connection | None:
    """A read-only connection to the index's story table, or None when it has none (or one
    of another version, which the next `searcher index` makes anew)."""
    from searcher.lexicon import connect_readonly

    con = connect_readonly(Path(index_dir) / FILE, "members")
    if con is not None and con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() != (VERSION,):
        con.close()
        return None
    return con


_MEMBERS = (
    "SELECT m.id, r.title, r.outlet, r.date, m.relation, m.similarity FROM members m"
    " JOIN records r ON r.id = m.id WHERE m.story = ?"
)
_BY_DATE = " ORDER BY m.rank"  # the origin, then by date and order of indexing (members_by_story)


def story_members(con: sqlite3.Connection | None, story: str, ids: Iterable[str] | None = None) -> list[Member]:
    """The members of a story (of `ids` only, when given: a few hundred at most), origin first,
    then by date and order of indexing."""
    if con is None:
        return []
    if ids is None:
        return list(iter_story_members(con, story))
    ids = list(ids)
    marks = ",".join("?" * len(ids))
    return [Member(*row) for row in con.execute(f"{_MEMBERS} AND m.id IN ({marks}){_BY_DATE}", (story, *ids))]


def iter_story_members(con: sqlite3.Connection, story: str) -> Iterator[Member]:
    """The members of a story, origin first, then by date and order of indexing, read as needed."""
    for row in con.execute(_MEMBERS + _BY_DATE, (story,)):
        yield Member(*row)


def story_origin(con: sqlite3.Connection | None, story: str) -> Member | None:
    if con is None:
        return None
    row = con.execute(f"{_MEMBERS} AND m.relation = ?", (story, ORIGIN)).fetchone()
    return Member(*row) if row else None


def story_of(con: sqlite3.Connection | None, record_id: str) -> str | None:
    if con is None:
        return None
    row = con.execute("SELECT story FROM members WHERE id = ?", (record_id,)).fetchone()
    return row[0] if row else None


def generation(con: sqlite3.Connection | None) -> int | None:
    if con is None:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row else None


# ---- collapsing search results --------------------------------------------------------------

DUPLICATES = ("collapse", "show")
COUNTS = ("stories", "articles")


def one_per_story(docnums: Iterable, table: StoryArray, key=lambda item: item) -> list:
    """The items in order, each story's first one only (`key` gives an item's docnum)."""
    seen: set[int] = set()
    kept = []
    for item in docnums:
        story = table.key(key(item))
        if story not in seen:
            seen.add(story)
            kept.append(item)
    return kept


def count_stories(docset: Iterable[int], table: StoryArray) -> int:
    return len({table.key(d) for d in docset})


def members_by_story(docset: Iterable[int], table: StoryArray) -> dict[int, list[int]]:
    """{story code: its documents among `docset`} for the stories of two members or more."""
    found: dict[int, list[int]] = {}
    codes = table.codes
    for d in docset:
        if d < len(codes) and codes[d]:
            found.setdefault(codes[d], []).append(d)
    return found


def stories_facets(docset: Iterable[int], table: StoryArray, count, facet_table=None) -> tuple:
    """Facet counts in stories: `count(docs)` (the article counter: a tuple of Counters of
    places, outlets, months, languages) for the records of no story, plus each story once per
    value any of its members has (from the facet table's codes when there is one)."""
    from collections import Counter

    grouped = members_by_story(docset, table)
    codes = table.codes
    alone = [d for d in docset if not (d < len(codes) and codes[d])]
    totals = list(count(alone))
    if facet_table is None or not len(facet_table.language_codes):
        for members in grouped.values():
            for total, counted in zip(totals, count(members), strict=True):
                total.update(Counter(dict.fromkeys(counted, 1)))
        return tuple(totals)
    f = facet_table
    offsets, place_codes = f.place_offsets, f.place_codes
    found: list[Counter] = [Counter(), Counter(), Counter(), Counter()]  # value code -> stories
    for members in grouped.values():  # each story once per value: a set of its members' codes
        found[0].update({c for d in members for c in place_codes[offsets[d] : offsets[d + 1]]})
        found[1].update({f.outlet_codes[d] for d in members})
        found[2].update({f.month_codes[d] for d in members})
        found[3].update({f.language_codes[d] for d in members})
    names = (f.places, f.outlets, f.months, f.languages)
    for total, counted, values in zip(totals, found, names, strict=True):
        total.update({values[c]: n for c, n in counted.items() if values[c]})  # no outlet, no language: not counted
    return tuple(totals)


def all_versions(index_dir: Path) -> dict[str, tuple[str, list[Member]]]:
    """{record id: (its story, the story's members, origin first)} for every record in a story."""
    con = connect(index_dir)
    if con is None:
        return {}
    try:
        rows = con.execute(
            "SELECT m.story, m.id, r.title, r.outlet, r.date, m.relation, m.similarity FROM members m"
            " JOIN records r ON r.id = m.id ORDER BY m.story, m.rank"
        ).fetchall()
    finally:
        con.close()
    stories: dict[str, list[Member]] = {}
    for story, *member in rows:
        stories.setdefault(story, []).append(Member(*member))
    return {m.id: (story, members) for story, members in stories.items() for m in members}
