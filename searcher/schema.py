"""The Whoosh schema, declared once and versioned, and the opening of an index directory.

Bump SCHEMA_VERSION whenever a field or the analysis changes: an index of another version
then asks for `searcher index --rebuild` instead of failing in odd ways.
"""

from __future__ import annotations

import re
from pathlib import Path

from whoosh import columns, fields, index

from searcher.analysis import keywords_analyzer, name_analyzer, text_analyzer
from searcher.errors import IndexMissingError, IndexVersionError

SCHEMA_VERSION = 7  # 7: place names are not stemmed (Pokrovsk is not Pokrovske)
INDEX_NAME = f"searcher_v{SCHEMA_VERSION}"
LIST_SEPARATOR = "\x1f"  # joins multi-valued columns (places); never occurs in text we keep
FIELD_SEPARATOR = "\x1e"  # joins the parts of one value
REBUILD_HINT = "run 'searcher index --rebuild PATH...' to rebuild it"


def build_schema() -> fields.Schema:
    analyzer = text_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # No extra weight on titles (bench/ir_eval.py, nDCG@10 for weights 1, 1.5, 2 and 3):
        # Cranfield 0.379, 0.380, 0.376, 0.370 (3 significantly worse than 1); the shared
        # uk_resistinua items by their topic tags 0.452, 0.440, 0.440, 0.435. None helps.
        title=fields.TEXT(analyzer=analyzer, stored=True),
        # No spelling field: it doubled indexing time; suggestions use the index's lexicon.
        body=fields.TEXT(analyzer=analyzer, stored=True),
        # Filters and facets: lower-cased keys for matching, display values in columns.
        place=fields.KEYWORD(analyzer=keywords_analyzer()),
        outlet=fields.ID(analyzer=name_analyzer()),
        lang=fields.ID(sortable=True),  # ISO 639-1 code, "" when unknown: filter and facet
        day=fields.NUMERIC(int, bits=32, sortable=True),  # yyyymmdd; absent when undated
        undated=fields.NUMERIC(int, bits=8, sortable=True),  # 1 when undated: sorts them last
        month=fields.ID(sortable=True),  # YYYY-MM or "undated"
        outlet_name=fields.COLUMN(columns.VarBytesColumn()),
        place_names=fields.COLUMN(columns.VarBytesColumn()),
        # Provenance and incremental indexing.
        source=fields.ID(stored=True),
        file_state=fields.COLUMN(columns.VarBytesColumn()),  # "<fingerprint> <source>"
        record=fields.STORED(),  # everything else about the article, as a dict
    )


def index_exists(index_dir: Path) -> bool:
    """Whether the folder holds an index of this version (its table of contents), damaged or not."""
    return index_dir.is_dir() and any(index_dir.glob(f"_{INDEX_NAME}_*.toc"))


def other_version_present(index_dir: Path) -> bool:
    """True when the folder holds a searcher index of another schema version."""
    if not index_dir.is_dir():
        return False
    return any(
        re.fullmatch(r"_searcher_v\d+_\d+\.toc", p.name) and not p.name.startswith(f"_{INDEX_NAME}_")
        for p in index_dir.iterdir()
    )


def open_index(index_dir: Path) -> index.Index:
    """Open the index in `index_dir`, or explain why it cannot be opened."""
    if not index_exists(index_dir):
        if other_version_present(index_dir):
            raise IndexVersionError(
                f"the index at {index_dir} was written by another version of searcher", REBUILD_HINT
            )
        raise IndexMissingError(f"no index at {index_dir}", "run 'searcher index corpus/' first")
    try:
        return index.open_dir(str(index_dir), indexname=INDEX_NAME)  # reads the table of contents
    except Exception as exc:  # unpickling a schema whose classes moved, a truncated TOC...
        raise IndexVersionError(f"cannot open the index at {index_dir} ({exc})", REBUILD_HINT) from exc


def create_index(index_dir: Path) -> index.Index:
    index_dir.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(index_dir), build_schema(), indexname=INDEX_NAME)
