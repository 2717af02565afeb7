"""The words and names an index was analysed with, kept beside it in index_dir/lexicon.sqlite.

A search must analyse its query exactly as indexing analysed the articles, and two things the
analyzer uses are slow to load: the gazetteer (a second to read) and NLTK's stemmer (0.3 s to
import). The index keeps what it used in one SQLite file: the gazetteer's tables and the stem
of every word it met. A search opens it in a millisecond and reads the few rows it needs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

FILE = "lexicon.sqlite"


def connect(index_dir: Path) -> sqlite3.Connection | None:
    """A read-only connection to the index's lexicon, or None when it has none."""
    return connect_readonly(Path(index_dir) / FILE, "meta")


def connect_readonly(path: Path, table: str) -> sqlite3.Connection | None:
    """A read-only connection to the SQLite file at `path`, or None when it is missing,
    damaged or lacks `table` (a file of another kind)."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        con.execute(f"SELECT count(*) FROM {table}").fetchone()
    except sqlite3.DatabaseError:
        return None
    return con


def update(
    index_dir: Path,
    replace: Mapping[str, Iterable[tuple[str, str]]] = {},
    add: Mapping[str, Iterable[tuple[str, str]]] = {},
    meta: Mapping[str, str] = {},
) -> None:
    """In one transaction: fill the `replace` tables anew, add rows missing from the `add`
    tables, set `meta` values. A killed run leaves the lexicon as it was."""
    con = sqlite3.connect(Path(index_dir) / FILE, timeout=30)
    try:
        with con:
            con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            for table in [*replace, *add]:
                con.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
            for table, rows in replace.items():
                con.execute(f"DELETE FROM {table}")
                con.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
            for table, rows in add.items():
                con.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", rows)
            con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
    finally:
        con.close()


def meta(con: sqlite3.Connection | None, key: str) -> str | None:
    if con is None:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


class Table(Mapping):
    """A read-only mapping over one (key, value) table: each lookup a query, memoised (misses
    too, since analysis asks for the same words again and again)."""

    def __init__(self, con: sqlite3.Connection, table: str, decode: Callable[[str, str], object] = lambda k, v: v):
        self._con, self._table, self._decode = con, table, decode
        self._cache: dict = {}

    def __getitem__(self, key: str):
        if key not in self._cache:
            try:
                row = self._con.execute(f"SELECT value FROM {self._table} WHERE key = ?", (key,)).fetchone()
            except sqlite3.OperationalError:  # no such table: an index that has none of it
                row = None
            self._cache[key] = None if row is None else self._decode(key, row[0])
        value = self._cache[key]
        if value is None:
            raise KeyError(key)
        return value

    def keys_for(self, value: str) -> list[str]:
        """The keys that map to `value` (a scan of the table: for small tables or rare calls)."""
        try:
            return [row[0] for row in self._con.execute(f"SELECT key FROM {self._table} WHERE value = ?", (value,))]
        except sqlite3.OperationalError:
            return []

    def items_with_prefix(self, prefix: str, min_len: int, max_len: int, limit: int = 20_000) -> list[tuple[str, str]]:
        """(key, value) of the keys that start with `prefix` and have min_len..max_len
        characters: a range of the table's primary key, read without a scan."""
        if not prefix:
            return []
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        try:
            rows = self._con.execute(
                f"SELECT key, value FROM {self._table} WHERE key >= ? AND key < ?"
                " AND length(key) BETWEEN ? AND ? LIMIT ?",
                (prefix, end, min_len, max_len, limit),
            )
            return [(row[0], row[1]) for row in rows]
        except sqlite3.OperationalError:
            return []

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._con.execute(f"SELECT key FROM {self._table}"))

    def __len__(self) -> int:
        return self._con.execute(f"SELECT count(*) FROM {self._table}").fetchone()[0]
