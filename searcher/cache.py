"""Copies of loaded data that only save time: a pickled object per (name, key), in the cache folder.

A missing, stale or unreadable copy is rebuilt; a folder that cannot be written costs only time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_folder() -> Path | None:
    """Where searcher keeps copies that only save time: $SEARCHER_CACHE, else
    $XDG_CACHE_HOME/searcher, else ~/.cache/searcher."""
    if os.environ.get("SEARCHER_CACHE"):
        return Path(os.environ["SEARCHER_CACHE"])
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "searcher"
    except RuntimeError:  # no home folder
        return None


def source_digest(*modules: str) -> str:
    """A short hash of the source files of `modules` (their `__file__`s): copies made by other
    code are never taken for this code's."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:12]


def load_or_build(name: str, key: bytes, build: Callable[[], T]) -> T:
    """The object kept as `name` for `key` (say, a hash of the files it was made from), or
    `build()`'s result, then kept for the next run in place of older copies of `name`."""
    root = cache_folder()
    if root is None:
        return build()
    path = root / f"{name}-{hashlib.sha256(key).hexdigest()[:20]}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # none yet, or unreadable: build it
    value = build()
    try:
        root.mkdir(parents=True, exist_ok=True)
        for old in root.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=root, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
