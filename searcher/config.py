"""Settings with their defaults, layered: default < environment variable < command-line flag."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_INDEX_DIR = "index"
DEFAULT_CORPUS = "corpus"
INDEX_ENV = "SEARCHER_INDEX"


def resolve_index_dir(flag: str | os.PathLike | None) -> Path:
    """Where the index lives: --index-dir, else $SEARCHER_INDEX, else ./index."""
    return Path(flag or os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR)
