"""Snippets: the passages of an article around the words that matched a query, marked.

Cheaper than re-analysing whole articles: only words that could become a matched term are
analysed (same first two letters: a stem; capitalised: also a place name in another
spelling), so a 40 KB report costs a regex scan and a few hundred dictionary lookups.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from searcher.analysis import COMBINING_MARKS, WORD_PATTERN, common_words, fold, index_term, name_context, place_key

_WORD = re.compile(WORD_PATTERN)
LEAD_CHARS = 240


@dataclass(frozen=True)
class Snippet:
    """Text around the matches; `marks` are (start, end) offsets of matched words in `text`."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def parts(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, is_match) pairs, for renderers."""
        out, pos = [], 0
        for start, end in self.marks:
            if start > pos:
                out.append((self.text[pos:start], False))
            out.append((self.text[start:end], True))
            pos = end
        if pos < len(self.text):
            out.append((self.text[pos:], False))
        return out


def make_snippet(text: str, matched_terms: set[str], width: int = 260, fragments: int = 2) -> Snippet:
    """Up to `fragments` passages of about `width` characters holding the most matched terms;
    the start of the text when nothing matches."""
    matches = find_matches(text, matched_terms)
    if not matches:
        return lead_snippet(text)
    windows = _best_windows(matches, width, fragments)
    pieces = []
    for start, end in windows:
        start, end = _word_bounds(text, start, end)
        spans = [(s - start, e - start, term) for s, e, term in matches if s >= start and e <= end]
        pieces.append((start > 0, text[start:end], spans, end < len(text)))
    return _join(pieces)


def find_matches(text: str, matched_terms: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of `text` whose index term is in `matched_terms`.

    Only the words that could have such a term are analysed: those beginning as a term does
    (a stem shares its word's first letters) and the other spellings of the places the query
    names ("Kiev", "Київ" for kyiv). A regular expression finds the words that may be either,
    so that a 40 KB report is not walked word by word in Python."""
    if not matched_terms:
        return []
    heads = {t[:2] for t in matched_terms} | {t for t in matched_terms if len(t) == 1}
    from searcher.enrich.places import active_gazetteer

    spellings = _other_spellings(active_gazetteer(), frozenset(matched_terms))
    people_words, full_names = _people_matched(frozenset(matched_terms))
    heads |= {w[:2] for w in people_words}
    spellings |= people_words
    candidates = _candidate_words(frozenset(heads), other_starts=bool(spellings))
    common = common_words()
    terms_of: dict[tuple[str, bool], str | None] = {}  # words repeat: analyse each once
    found = []
    for m in candidates.finditer(text):
        word = m.group()
        folded = fold(word)
        if folded[:2] not in heads and folded[:1] not in heads and place_key(folded) not in spellings:
            # An inflected Cyrillic or Arabic name («Харкові», بحلب) may fold into the place too.
            if not (spellings and not folded.isascii() and not word[:1].islower()):
                continue
        # A common word is a place's name only in a place's context, as when indexing.
        in_context = word[0].isupper() and place_key(folded) in common and _in_name_context(text, m)
        term = terms_of.get((word, in_context), "")
        if term == "":
            term = terms_of[word, in_context] = index_term(word, in_context)
        if term in matched_terms:
            found.append((m.start(), m.end(), term))
    if full_names:
        found = _with_full_names(text, found, full_names)
    return found


def _people_matched(matched_terms: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(the folded words of the spellings of the people among the terms, the terms among them
    of people named by full names): a word of those may fold into the person."""
    from searcher.analysis import stem
    from searcher.people import active_people, all_spelling_words

    people = active_people()
    terms = [t for t in people.terms() if stem(t) in matched_terms]
    full = people.full_name_terms()
    return frozenset(all_spelling_words(people, terms)), frozenset(stem(t) for t in terms if t in full)


def _with_full_names(text: str, found: list[tuple[int, int, str]], terms: frozenset[str]) -> list[tuple[int, int, str]]:
    """`found` with the full names of people whose (stemmed) terms are `terms` ("Kyrylo
    Budanov", «Кирила Буданова»): each one match, the words inside it none of their own."""
    from searcher.analysis import joined, stem
    from searcher.people import active_people

    people = active_people()
    words = list(_WORD.finditer(text))
    names = []
    i = 0
    while i < len(words):
        keys = [(place_key(fold(words[i].group())), words[i].group())]
        if people.part(keys[0][0], keys[0][1], True) in people.starts:
            for j in range(i + 1, min(i + people.max_words, len(words))):
                if not joined(text, words[j - 1].end(), words[j].start()):
                    break
                keys.append((place_key(fold(words[j].group())), words[j].group()))
            n, term = people.full_name(keys)
            if n and stem(term) in terms:
                names.append((words[i].start(), words[i + n - 1].end(), stem(term)))
                i += n
                continue
        i += 1
    inside = lambda s: any(a <= s < b for a, b, _ in names)  # noqa: E731
    return sorted([m for m in found if not inside(m[0])] + names)


@functools.lru_cache(maxsize=256)
def _candidate_words(heads: frozenset[str], other_starts: bool) -> re.Pattern:
    """Words that begin as one of `heads` (any case), or, with `other_starts`, any capitalised
    or non-ASCII word (it may fold into a place)."""
    starts = [f"(?i:{'|'.join(re.escape(h) for h in sorted(heads, key=len, reverse=True))})"]
    if other_starts:
        starts += [r"[^\x00-\x7f]", "[A-Z]"]
    return re.compile(rf"(?<![\w{COMBINING_MARKS}'’])(?=(?:{'|'.join(starts)}))(?:{WORD_PATTERN})")


@functools.lru_cache(maxsize=256)
def _other_spellings(gaz, matched_terms: frozenset[str]) -> frozenset[str]:
    """The fold keys of the other names of the places among the terms ("kiev", "київ" for
    kyiv) in the gazetteer `gaz`: one read of its fold table per place."""
    found: set[str] = set()
    for term in matched_terms:
        if term in gaz.names:
            if hasattr(gaz.fold, "keys_for"):
                found.update(gaz.fold.keys_for(term))
            else:
                found.update(k for k, v in gaz.fold.items() if v == (term,))
    return frozenset(found)


_WORD_BEFORE = re.compile(rf"({WORD_PATTERN})[^\w]*$")


def _in_name_context(text: str, m: re.Match) -> bool:
    prev = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
    return prev is not None and name_context(text, m.start(), m.end(), prev.end(1), prev.group(1))


def _best_windows(matches, width: int, count: int) -> list[tuple[int, int]]:
    """Windows starting a little before a match, ranked by distinct terms then matches inside."""
    ends = [m[1] for m in matches]  # in order, as the matches are
    scored = []
    for i, (start, _, _) in enumerate(matches):
        left = max(0, start - width // 4)
        inside = matches[i : bisect.bisect_right(ends, left + width, lo=i)]
        scored.append((len({m[2] for m in inside}), len(inside), -start, left))
    scored.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for *_, left in scored:
        if all(left + width <= a or left >= b for a, b in chosen):
            chosen.append((left, left + width))
        if len(chosen) == count:
            break
    return sorted(chosen)


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's edges inwards to the nearest space, so that no word is cut."""
    if start > 0:
        space = text.find(" ", start, start + 40)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, end - 40), end)
        end = space if space != -1 else end
    return start, min(end, len(text))


def _join(pieces) -> Snippet:
    """One line of text from the fragments, "…" wherever text was left out."""
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    for cut_before, fragment, spans, _ in pieces:
        if cut_before:
            _append(out, " … " if out else "… ")
        pos = 0
        for s, e, _ in spans:
            _append(out, fragment[pos:s])
            begin = len(out)
            _append(out, fragment[s:e])
            marks.append((begin, len(out)))
            pos = e
        _append(out, fragment[pos:])
    if pieces and pieces[-1][3]:
        _append(out, " …")
    return Snippet("".join(out).rstrip(), tuple(marks))


def _append(out: list[str], piece: str) -> None:
    """Append characters, collapsing runs of whitespace (newlines too) into one space."""
    for ch in piece:
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(ch)


def lead_snippet(text: str, chars: int = LEAD_CHARS) -> Snippet:
    """The start of the text, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) > chars:
        flat = flat[:chars].rsplit(" ", 1)[0] + " …"
    return Snippet(flat)


def passage_with(text: str, written: list[str], width: int = 260) -> Snippet | None:
    """The passage of `text` that names the most of `written` (names as the text spells them:
    a place's matched forms), marked; None when the text names none of them."""
    names = sorted({w for w in written if w.strip()}, key=len, reverse=True)
    if not names:
        return None
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
    matches = [(m.start(), m.end(), m.group().casefold()) for m in pattern.finditer(text)]
    if not matches:
        return None
    pieces = []
    for start, end in _best_windows(matches, width, 1):
        start, end = _word_bounds(text, start, end)
        spans = [(s - start, e - start, t) for s, e, t in matches if s >= start and e <= end]
        pieces.append((start > 0, text[start:end], spans, end < len(text)))
    return _join(pieces)
