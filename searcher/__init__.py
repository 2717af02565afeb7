"""searcher: full-text search over conflict reporting."""

__version__ = "0.1.0"
