"""Errors a user can act on. Each carries a message and a hint; cli.py prints them as one line."""


class SearcherError(Exception):
    """Base class: `message` says what happened, `hint` what to do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message

    def __reduce__(self):
        # Whole across processes (a reading process raises, the indexing one reports).
        return type(self), (self.message, self.hint)


class UsageError(SearcherError):
    """A bad option value (a malformed date, an unknown field name...)."""

    exit_code = 2


class CorpusError(SearcherError):
    """A path to index does not exist or cannot be read."""


class SetupError(SearcherError):
    """The installation lacks something a run needs (a module, the Pagefind binary): no file
    can be read or built until it is fixed, so the run stops at once."""


class Interrupted(SearcherError):
    """The user stopped the run (Ctrl-C); what it committed stays. cli.py says "Interrupted: "."""

    exit_code = 130


class IndexMissingError(SearcherError):
    """There is no index where one was expected."""


class IndexVersionError(SearcherError):
    """The index was written by another schema version."""


class IndexLockedError(SearcherError):
    """Another process is writing to the index."""


class QueryError(SearcherError):
    """The query parser rejected the query."""


class NotFoundError(SearcherError):
    """No record with the given id."""
