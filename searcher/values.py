"""Forgiving filter values: an outlet or place as a user types it, matched to the values an index
holds, without case, a leading "the", accents or punctuation, and by unambiguous prefix
("Guardian" is The Guardian, "new york times" is The New York Times, "Al Manar" is Al-Manar).
A value that matches nothing, or several, is an error that lists the closest ones: never a
silent empty result."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from searcher.analysis import fold
from searcher.errors import SearcherError, UsageError

_NON_WORD = re.compile(r"[\W_]+")
CLOSEST = 5


def loose(value: str) -> str:
    """How values are compared: folded (case, accents), punctuation as spaces, no leading 'the'."""
    words = _NON_WORD.sub(" ", fold(value)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def match_value(value: str, known: Iterable[str], what: str) -> str:
    """The one value of `known` that `value` means: equal when compared loosely, else the only one
    it begins (word by word: 'New York' begins 'The New York Times'). Raises SearcherError
    (exit 1) naming the candidates when several fit, or the closest values when none does."""
    known = list(dict.fromkeys(known))
    wanted = loose(value)
    if not wanted:
        raise UsageError(f"empty {what} name", f"give a {what}, e.g. {_examples(known)}")
    by_loose: dict[str, list[str]] = {}
    for k in known:
        by_loose.setdefault(loose(k), []).append(k)
    if wanted in by_loose:
        return by_loose[wanted][0]
    prefixed = [k for lk, ks in by_loose.items() if (lk + " ").startswith(wanted + " ") for k in ks]
    if not prefixed:  # 'Guard' for The Guardian: a prefix of the first word
        prefixed = [k for lk, ks in by_loose.items() if lk.startswith(wanted) for k in ks]
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise SearcherError(
            f"{what} {value!r} could be {len(prefixed)} {what}s", "say which: " + _quoted(sorted(prefixed)[:8])
        )
    raise SearcherError(f"no {what} called {value!r} in the index", _closest_hint(wanted, by_loose, known))


def closest(value: str, known: Iterable[str], n: int = CLOSEST) -> list[str]:
    """The values of `known` that look most like `value` (compared loosely)."""
    by_loose: dict[str, str] = {}
    for k in known:
        by_loose.setdefault(loose(k), k)
    return [by_loose[c] for c in _near(loose(value), list(by_loose), n)]


def _near(wanted: str, candidates: list[str], n: int = CLOSEST) -> list[str]:
    """The loose values nearest `wanted`: those sharing a whole word with it first ("times" is
    near "the new york times"), then those spelled alike."""
    words = set(wanted.split())
    sharing = [c for c in candidates if words & set(c.split())]
    alike = difflib.get_close_matches(wanted, candidates, n=n, cutoff=0.6)
    return list(dict.fromkeys(sorted(sharing, key=len) + alike))[:n]


def _closest_hint(wanted: str, by_loose: dict[str, list[str]], known: list[str]) -> str:
    near = _near(wanted, list(by_loose))
    if near:
        return "closest: " + _quoted([by_loose[n][0] for n in near])
    return f"the index holds e.g. {_examples(known)}"


def _examples(known: list[str]) -> str:
    return _quoted(sorted(known, key=str.casefold)[:CLOSEST]) if known else "none (the index is empty)"


def _quoted(values: list[str]) -> str:
    return ", ".join(repr(v) for v in values)
