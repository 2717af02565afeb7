"""All the documents a query matches, as a set, fast.

Whoosh finds matching documents one call per document in Python: a second for a word in
most of 100,000 articles. Facet counts and date sorting need all of them, so this module
reads the posting blocks of the query's terms whole (arrays of document numbers) and combines
them with set operations, for the shapes queries take (words, AND, OR, NOT, expanded
wildcards, prefixes, fuzzy terms, numeric ranges, and phrases, whose positions are read only
for the documents holding all their words). Anything else goes through Whoosh's own matcher.
Deleted documents are taken out at the end.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from itertools import accumulate, islice

from whoosh import formats, query
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.system import _INT_SIZE


def matching(searcher, q: query.Query) -> set[int]:
    """The numbers of the live documents matching `q`."""
    reader = searcher.reader()
    docs = _docs(searcher, reader, q)
    if reader.has_deletions():
        docs &= live(reader)
    return docs


def live(reader) -> set[int]:
    cached = getattr(reader, "_searcher_live", None)
    if cached is None:
        cached = set(reader.all_doc_ids())
        reader._searcher_live = cached
    return cached


def _docs(searcher, reader, q: query.Query) -> set[int]:
    if isinstance(q, query.Term):
        return term_docs(reader, q.fieldname, q.text)
    if isinstance(q, query.Every):
        return set(live(reader))
    if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
        return set()
    if isinstance(q, query.And):
        return _and(searcher, reader, q.subqueries)
    if isinstance(q, query.Or) and not getattr(q, "minmatch", 0):
        return set().union(*(_docs(searcher, reader, sub) for sub in q.subqueries))
    if isinstance(q, query.Not):
        return set(live(reader)) - _docs(searcher, reader, q.query)
    if isinstance(q, query.AndNot):
        return _docs(searcher, reader, q.a) - _docs(searcher, reader, q.b)
    if isinstance(q, query.AndMaybe):
        return _docs(searcher, reader, q.a)
    if isinstance(q, query.Phrase) and (q.slop == 1 or hasattr(q, "gaps")):
        docs = phrase_docs(reader, q.fieldname, q.words, getattr(q, "gaps", [1] * (len(q.words) - 1)))
        holds = getattr(q, "holds", None)  # a phrase with stop words checks each candidate's text
        return {d for d in docs if holds(searcher, d)} if holds is not None and docs else docs
    if isinstance(q, (query.Prefix, query.Wildcard, query.FuzzyTerm, query.Regex, query.TermRange, query.NumericRange)):
        try:
            expanded = q.simplify(reader)
        except (TypeError, ValueError):  # Whoosh 2.7.4's FuzzyTerm cannot expand itself
            expanded = q
        if expanded is not q:
            return _docs(searcher, reader, expanded)
    return set(searcher.docs_for_query(q))  # anything else: Whoosh's matcher


def _and(searcher, reader, subqueries) -> set[int]:
    positive = [s for s in subqueries if not isinstance(s, query.Not)]
    negative = [s.query for s in subqueries if isinstance(s, query.Not)]
    if positive:
        sets = sorted((_docs(searcher, reader, s) for s in positive), key=len)
        docs = sets[0].intersection(*sets[1:])
    else:
        docs = set(live(reader))
    for sub in negative:
        if not docs:
            break
        docs -= _docs(searcher, reader, sub)
    return docs


def term_docs(reader, fieldname: str, text) -> set[int]:
    """Every document (deleted ones too) whose field holds the term."""
    if fieldname not in reader.schema:
        return set()
    field = reader.schema[fieldname]
    try:
        btext = text if isinstance(text, bytes) else field.to_bytes(text)
    except (ValueError, TypeError):
        return set()
    docs: set[int] = set()
    for leaf, offset in reader.leaf_readers():
        if (fieldname, btext) not in leaf:
            continue
        ids = _posting_ids(leaf.postings(fieldname, btext))
        docs.update(ids if not offset else (d + offset for d in ids))
    return docs


def phrase_docs(reader, fieldname: str, words: list[str], gaps: list[int]) -> set[int]:
    """Documents where each word stands its gap after the one before (1: the next word).
    Positions are read only for the documents that hold every word."""
    if not words:
        return set()
    candidates = set.intersection(*(term_docs(reader, fieldname, w) for w in words))
    if not candidates or len(words) == 1:
        return candidates
    # Each word's positions minus its offset in the phrase: where the phrase would start.
    offsets = [sum(gaps[:i]) for i in range(len(words))]
    starts = [_positions(reader, fieldname, w, candidates, o) for w, o in zip(words, offsets, strict=True)]
    empty: set[int] = set()
    first, rest = starts[0], starts[1:]
    return {doc for doc in candidates if first.get(doc, empty).intersection(*(s.get(doc, empty) for s in rest))}


def _positions(reader, fieldname: str, word: str, docs: set[int], shift: int = 0) -> dict[int, set[int]]:
    """{document: positions of the word, minus `shift`} for the given documents."""
    field = reader.schema[fieldname]
    btext = word if isinstance(word, bytes) else field.to_bytes(word)
    found: dict[int, set[int]] = {}
    for leaf, offset in reader.leaf_readers():
        if (fieldname, btext) not in leaf:
            continue
        matcher = leaf.postings(fieldname, btext)
        if not isinstance(matcher, W3LeafMatcher):
            while matcher.is_active():
                if matcher.id() + offset in docs:
                    found[matcher.id() + offset] = {p - shift for p in matcher.value_as("positions")}
                matcher.next()
            continue
        decode = _positions_decoder(matcher.format, shift)
        while not matcher._atend:
            if matcher._ids is None:
                matcher._read_ids()
            wanted = [i for i, d in enumerate(matcher._ids) if d + offset in docs]
            if wanted:
                matcher._read_values()
                values = matcher._values
                for i, positions in zip(wanted, decode([values[i] for i in wanted]), strict=True):
                    found[matcher._ids[i] + offset] = positions
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
    return found


def _positions_decoder(fmt, shift: int) -> Callable[[list[bytes]], list[set[int]]]:
    """Decode postings' positions (minus `shift`) into sets.

    Whoosh's Positions format keeps a count, then the gaps between positions as a pickled list
    (read, as Whoosh reads it, with or without its final STOP). A block's lists are joined into
    one pickle of a list of lists and read by one C call, instead of a Python loop per posting."""
    if type(fmt) is not formats.Positions:
        return lambda values: [{p - shift for p in fmt.decode_positions(v)} for v in values]

    def decode(values: list[bytes]) -> list[set[int]]:
        pickles = b"".join(v[_INT_SIZE:-1] if v.endswith(b".") else v[_INT_SIZE:] for v in values)
        lists = pickle.loads(b"\x80\x02](" + pickles + b"e.")  # EMPTY_LIST MARK ... APPENDS STOP
        return [set(islice(accumulate(gaps, initial=-shift), 1, None)) for gaps in lists]

    return decode


def _posting_ids(matcher) -> list[int]:
    """Document numbers of a posting list, read a block (an array) at a time."""
    if not isinstance(matcher, W3LeafMatcher):
        return list(matcher.all_ids())
    ids: list[int] = []
    while not matcher._atend:
        if matcher._ids is None:
            matcher._read_ids()
        ids.extend(matcher._ids)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return ids
