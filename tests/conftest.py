"""Shared fixtures: tiny corpora written by the tests, and the real corpora when present."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Resolved: the index keeps resolved paths, and ../shared may be a symbolic link.
CORPORA = Path(os.environ.get("SEARCHER_CORPORA", REPO.parent / "shared" / "corpora")).resolve()


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files under `root` (bytes as given, text as UTF-8); return `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def index_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` under root/corpus, index them into root/index; return the index folder."""
    from searcher.indexer import build_index

    build_index([write_files(root / "corpus", files)], root / "index")
    return root / "index"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    path = tmp_path / "corpus"
    path.mkdir()
    return path


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


def corpora_or_skip(*parts: str) -> Path:
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real corpora not found at {path} (set SEARCHER_CORPORA or put ../shared beside the repo)")
    return path


def scan_words(text: str) -> set[str]:
    """The words of a text by a plain reading, independent of searcher's analyzer: letters only,
    case and accents folded (but й and ї kept), dotted abbreviations joined ("U.S." is "us")."""
    # й and ї are letters of their own (Cyrillic), not и and і with a mark: kept.
    flat = unicodedata.normalize("NFC", text.casefold()).replace("й", "\0y").replace("ї", "\0i")
    flat = "".join(c for c in unicodedata.normalize("NFKD", flat) if not unicodedata.combining(c))
    flat = flat.replace("\0y", "й").replace("\0i", "ї")
    return {w.replace(".", "") for w in re.findall(r"(?:[^\W\d_]\.)+[^\W\d_]|[^\W\d_]+", flat)}
