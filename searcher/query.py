"""Search the index: parse, filter, sort, page, highlight, count facets, suggest corrections."""

from __future__ import annotations

import calendar
import functools
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import qparser, query

from searcher.analysis import (
    STOP_MARK,
    STOP_WORDS,
    WORD_PATTERN,
    common_words,
    fold,
    index_term,
    is_stop_term,
    joined,
    key,
    name_context,
    place_key,
    terms,
    used_as_name,
    words_near,
)
from searcher.docsets import matching
from searcher.enrich.outlets import outlet_name
from searcher.errors import QueryError, SearcherError, UsageError
from searcher.schema import FIELD_SEPARATOR, open_index
from searcher.snippets import Snippet, lead_snippet, make_snippet
from searcher.stories import count_stories, one_per_story

SORTS = ("relevance", "newest", "oldest")
SEARCH_FIELDS = ("title", "body")
FACET_LIMIT = 20
QUERY_MAX = 2000


@dataclass(frozen=True)
class Filters:
    """Narrow a search: any of the places, any of the outlets, any of the languages, dates
    within [date_from, date_to]."""

    places: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    languages: tuple[str, ...] = ()  # ISO 639-1 codes ("uk") or names ("Ukrainian")

    def __bool__(self) -> bool:
        return bool(self.places or self.outlets or self.date_from or self.date_to or self.languages)


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    date: str | None
    date_source: str | None
    outlet: str | None
    outlet_source: str | None
    places: tuple[str, ...]
    url: str | None
    language: str | None
    source: str
    key: str
    score: float | None
    snippet: Snippet
    matched_words: int | None = None  # how many of the query's words it holds (ranked by any word)
    story: str | None = None  # the story's id (its origin's), None for a record of no story
    copies: tuple[dict, ...] = ()  # the story's other records among the matches (the first 20 by date)
    copies_total: int = 0  # how many other records of the story the search matched
    first: dict | None = None  # the story's origin: id, outlet, date

    def as_dict(self) -> dict:
        data = asdict(self)
        data["places"] = list(self.places)
        data["copies"] = [dict(c) for c in self.copies]
        data["snippet"] = self.snippet.text
        data["score"] = None if self.score is None else round(self.score, 4)
        return data


@dataclass(frozen=True)
class SearchResults:
    query: str
    filters: Filters
    sort: str
    total: int
    page: int
    pagelen: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    facet_sizes: dict[str, int] = field(default_factory=dict)  # how many values each facet has
    words: int = 0  # the query's words, when results are ranked by any of them
    fallback: bool = False  # no article held every word: ranked by the words they hold
    duplicates: str = "show"  # collapse: each story once (total counts stories)
    count: str = "articles"  # what the facet counts count: articles or stories
    articles: int = 0  # the articles matched (more than `total` when copies were collapsed)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.pagelen)) if self.pagelen else 1


def parse_period(value: str, end: bool = False) -> str:
    """'2022', '2022-09' or '2022-09-14' as the first (or, with `end`, last) day it covers."""
    value = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not m or (m.group(3) and not m.group(2)):
        raise UsageError(f"invalid date {value!r}", "use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-09")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        month_n = int(month) if month else (12 if end else 1)
        last = calendar.monthrange(year, month_n)[1]
        day_n = int(day) if day else (last if end else 1)
        if not 1 <= day_n <= last:
            raise ValueError
    except (ValueError, calendar.IllegalMonthError):
        raise UsageError(f"invalid date {value!r}", "use a real date as YYYY, YYYY-MM or YYYY-MM-DD") from None
    return f"{year:04d}-{month_n:02d}-{day_n:02d}"


def search(
    index_dir: Path,
    query_text: str = "",
    filters: Filters = Filters(),
    sort: str | None = None,
    limit: int = 10,
    page: int = 1,
    all_hits: bool = False,
    facet_limit: int = FACET_LIMIT,
    words: str = "auto",
    duplicates: str = "show",
    count: str = "articles",
) -> SearchResults:
    """Run a query (Whoosh query language) with filters; return one page of hits and facet counts.

    An empty query or "*" matches every article (narrowed by the filters). `sort` defaults to
    relevance for a query and to newest for a listing. `words`: "all" requires every word,
    "any" ranks the articles holding any of them by BM25 over those they hold, "auto" (the
    default) is "all" unless no article holds every word, then "any". `duplicates`: "collapse"
    shows each story (a record and its copies, see stories.py) once, as its best-ranked match,
    with its copies; "show" lists every record. `count`: facet counts in "stories" or "articles".
    (The command line collapses and counts stories by default; the library does as asked.)
    """
    from searcher.stories import COUNTS, DUPLICATES

    if duplicates not in DUPLICATES or count not in COUNTS:
        raise UsageError(
            f"unknown choice {duplicates!r} / {count!r}", "use --duplicates collapse|show, --count stories|articles"
        )
    if words not in WORD_MODES:
        raise UsageError(f"unknown word mode {words!r}", f"use one of: {', '.join(WORD_MODES)}")
    if len(query_text) > QUERY_MAX:
        raise UsageError(f"the query is {len(query_text):,} characters long", f"keep it under {QUERY_MAX:,}")
    listing = query_text.strip() in ("", "*")
    if listing and not filters and query_text.strip() != "*":
        raise UsageError("nothing to search for", "give a QUERY, '*' for everything, or a filter such as --place")
    sort = sort or ("newest" if listing else "relevance")
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}", f"use one of: {', '.join(SORTS)}")
    if limit < 1 or page < 1:
        raise UsageError("--limit and --page must be at least 1", "e.g. --limit 20 --page 2")
    attempts = 0
    while True:
        ix, searcher = _open_searcher(index_dir)
        try:
            return _search(
                index_dir,
                ix,
                searcher,
                query_text,
                listing,
                filters,
                sort,
                limit,
                page,
                all_hits,
                facet_limit,
                words,
                duplicates,
                count,
            )
        except SearcherError:
            raise
        except Exception:
            # An indexing run deletes the files of the segments it merged away, and Whoosh opens
            # column and stored-field files only when first read: a search that began before
            # the commit may find them gone. Search the new commit instead.
            attempts += 1
            if attempts == SEARCH_ATTEMPTS or not _committed_since(ix, searcher):
                raise


SEARCH_ATTEMPTS = 5
WORD_MODES = ("auto", "all", "any")


def _committed_since(ix, searcher) -> bool:
    try:
        return ix.latest_generation() != searcher.reader().generation()
    except Exception:  # noqa: BLE001 - the folder changed under us
        return True


def _search(
    index_dir,
    ix,
    searcher,
    query_text,
    listing,
    filters,
    sort,
    limit,
    page,
    all_hits,
    facet_limit,
    words="auto",
    duplicates="show",
    count="articles",
) -> SearchResults:
    reader = searcher.reader()
    resolve = value_resolver(index_dir, reader)
    text_q = query.Every() if listing else parse_query(query_text, ix.schema, resolve=resolve)
    table = facet_table(index_dir, reader)
    days = day_bounds(filters)
    # Dates filter fastest by the table's days (a range query expands into many terms per segment).
    filter_q = filter_query(filters, with_dates=table is None, reader=reader, resolve=resolve)
    narrow = None
    if filter_q is not None:
        narrow = matching(searcher, filter_q)
    if days and table is not None:
        narrow = table.dated_between(narrow if narrow is not None else live_docs(reader), *days)
    docset = _matches(searcher, text_q, narrow)
    word_qs: list[query.Query] = []
    word_sets: list[set[int]] = []
    fallback = False
    if not listing and words != "all" and (words == "any" or not docset):
        any_q, word_qs = any_word_query(query_text, text_q, ix.schema, resolve)
        if any_q is not None:
            fallback = words == "auto"
            text_q = any_q
            word_sets = [matching(searcher, q) for q in word_qs]
            if isinstance(any_q, query.Or):  # only words: their union, already read
                docset = set().union(*word_sets)
                docset = docset if narrow is None else docset & narrow
            else:
                docset = _matches(searcher, text_q, narrow)
    stories = story_array(index_dir, reader)
    collapse = duplicates == "collapse" and stories is not None
    total = len(docset) if not collapse else count_stories(docset, stories)
    pagelen = max(total, 1) if all_hits else limit
    page = 1 if all_hits else page
    first = (page - 1) * pagelen
    if sort == "relevance" and not listing:

        def rank(at: int, n: int) -> list:
            return _ranked(searcher, text_q, docset, at, n, bool(filters)) if at < len(docset) else []

        page_docs = _one_per_story_ranked(rank, first, pagelen, stories) if collapse else rank(first, pagelen)
    else:
        ordered = _by_date(reader, docset, table, sort != "oldest")
        if collapse:
            ordered = one_per_story(ordered, stories)
        page_docs = [(d, None) for d in ordered[first : first + pagelen]]
    matched = set() if listing else query_terms(text_q, reader)
    counts = {d: sum(d in ws for ws in word_sets) for d, _ in page_docs} if word_sets else {}
    hits = [_hit(searcher, docnum, score, matched, listing, counts.get(docnum), filters) for docnum, score in page_docs]
    if stories is not None:
        hits = with_copies(index_dir, reader, hits, [d for d, _ in page_docs], docset, stories)
    sizes: dict[str, int] = {}
    by_story = count == "stories" and stories is not None
    facets = count_facets(reader, docset, facet_limit, table, sizes, stories if by_story else None)
    suggestion = None
    if not listing and (fallback or total < SUGGEST_BELOW):
        # Against what every word finds: a suggestion that finds fewer is no help.
        suggestion = _better_suggestion(searcher, ix.schema, query_text, total, narrow, resolve, bool(word_qs))
    return SearchResults(
        query_text,
        filters,
        sort,
        total,
        page,
        pagelen,
        hits,
        facets,
        suggestion,
        sizes,
        len(word_qs),
        fallback,
        "collapse" if collapse else "show",
        "stories" if by_story else "articles",
        len(docset),
    )


def _one_per_story_ranked(rank, first: int, count: int, stories) -> list:
    """The page of a ranking (`rank(first, count)` gives (docnum, score) pairs) with each story
    once, as its best-ranked match: more of the ranking is asked for until the page is full."""
    wanted = first + count
    limit = wanted * 2
    while True:
        ranked = rank(0, limit)
        kept = one_per_story(ranked, stories, key=lambda item: item[0])
        if len(kept) >= wanted or len(ranked) < limit:
            return kept[first:wanted]
        limit *= 4


def story_array(index_dir: Path, reader):
    """The index's story array if it matches what this reader sees, else None (no stories)."""
    from searcher.stories import load_array

    return load_array(index_dir, reader.generation())


COPIES_LISTED = 20  # a story's other records listed with a hit (all are counted)


def with_copies(index_dir: Path, reader, hits: list, docnums: list[int], docset, stories) -> list:
    """The hits with their story, its origin and its other records among the matches (the
    first COPIES_LISTED by date; `copies_total` counts them all)."""
    from dataclasses import replace

    from searcher import stories as st

    con = st.connect(index_dir) if any(stories.key(d) >= 0 for d in docnums) else None
    if con is None:
        return hits
    grouped = st.members_by_story(docset, stories)
    try:
        out = []
        for hit, docnum in zip(hits, docnums, strict=True):
            code = stories.codes[docnum] if docnum < len(stories.codes) else 0
            if not code:
                out.append(hit)
                continue
            story = stories.stories[code]
            matching = set(grouped.get(code, ())) - {docnum}
            members = _listed_copies(con, reader, story, matching)
            copies = tuple(
                {k: getattr(m, k) for k in ("id", "title", "outlet", "date", "relation", "similarity")} for m in members
            )
            origin = st.story_origin(con, story)
            first = None if origin is None else {"id": origin.id, "outlet": origin.outlet, "date": origin.date}
            out.append(replace(hit, story=story, copies=copies, copies_total=len(matching), first=first))
        return out
    finally:
        con.close()


def _listed_copies(con, reader, story: str, matching: set[int]) -> list:
    """The first COPIES_LISTED members of a story among the matching documents, by date. Few
    matches: their ids are read from the index. Many (a story of thousands of reposts): the
    story's members are walked by date until enough of them match, so a search never looks up
    every member of a large story."""
    from searcher import stories as st

    if len(matching) <= COPIES_LISTED:
        ids = [reader.stored_fields(d)["id"] for d in matching]
        return st.story_members(con, story, ids)
    listed = []
    for member in st.iter_story_members(con, story):
        if st.docnum_of(reader, member.id) in matching:
            listed.append(member)
            if len(listed) == COPIES_LISTED:
                break
    return listed


def live_docs(reader) -> set[int]:
    from searcher.docsets import live

    return set(live(reader))


def _matches(searcher, q: query.Query, narrow: set[int] | None) -> set[int]:
    docs = matching(searcher, q)
    return docs if narrow is None else docs & narrow


def any_word_query(text: str, all_q: query.Query, schema, resolve=None) -> tuple[query.Query | None, list[query.Query]]:
    """The query that ranks articles by the words they hold: its words (and phrases) any of
    them, +words, field values and NOT clauses still required; and the list of its words. None
    when the query is not a list of words (one word, or operators that say what they want)."""
    parts = _and_parts(all_q)
    nots = [p.query for p in parts if isinstance(p, query.Not)]
    wanted = [p for p in parts if not isinstance(p, query.Not)]
    required = [p for p in wanted if not _is_text(p)]
    for chunk in _REQUIRED.findall(text):
        try:
            marked = parse_query(chunk, schema, resolve=resolve)
        except SearcherError:
            continue
        required += [p for p in wanted if p == marked and p not in required]
    optional = [p for p in wanted if p not in required]
    if len(optional) < 2:
        return None, []
    q: query.Query = query.Or(optional)
    if required:
        q = query.AndMaybe(query.And(required) if len(required) > 1 else required[0], q)
    if nots:
        q = query.AndNot(q, query.Or(nots) if len(nots) > 1 else nots[0])
    return q, [p for p in wanted if _is_text(p)]


def _and_parts(q: query.Query) -> list[query.Query]:
    """The clauses of a conjunction, nested ones ('a (b c)') flattened."""
    if not isinstance(q, query.And):
        return [q]
    return [part for sub in q.subqueries for part in _and_parts(sub)]


_REQUIRED = re.compile(r'(?:(?<=^)|(?<=[\s(]))\+("[^"]*"|[^\s()]+)')


def _is_text(q: query.Query) -> bool:
    """Whether a query looks only in titles and bodies (a word or phrase, not a filter)."""
    fields_ = {f for f, _ in q.iter_all_terms()} if not isinstance(q, query.NumericRange) else {q.fieldname}
    return bool(fields_ & set(SEARCH_FIELDS)) and fields_ <= {*SEARCH_FIELDS, "place"}  # a name: its places too


def _better_suggestion(searcher, schema, text, total, narrow, resolve, any_word=False) -> str | None:
    """'Did you mean', only when the corrected query finds at least as many articles as the
    query (counted the same way: every word, or any word when the results were ranked so)."""
    suggestion = suggest(searcher, text)
    if suggestion is None:
        return None
    try:
        q = parse_query(suggestion, schema, resolve=resolve)
        if any_word:
            q = any_word_query(suggestion, q, schema, resolve)[0] or q
        found = len(_matches(searcher, q, narrow))
    except SearcherError:
        return None
    return suggestion if found and found >= total else None


def _ranked(searcher, text_q, docset: set[int], first: int, count: int, filtered: bool) -> list[tuple[int, float]]:
    """(docnum, score) of the best-scored documents first+1..first+count, among `docset` (the
    query's matches, narrowed by the filters). Whoosh is not asked for the terms each hit
    matched (`terms=True` doubles the cost of a long query): snippets look for the query's
    terms in the text themselves."""
    scoring = _scoring_query(text_q)
    # Without a filter Whoosh skips blocks that cannot reach the top: filter only when the
    # scoring query matches more than the documents wanted (filters, phrases, NOT).
    narrowed = filtered or scoring != text_q
    results = searcher.search(scoring, limit=first + count, filter=docset if narrowed else None)
    return [(hit.docnum, hit.score) for hit in results[first : first + count]]


def _skip_blocks_with_progress() -> None:
    """Whoosh 2.7.4's union and and-maybe matchers skip low-scoring blocks in a loop that can
    spin forever: it tests `aq + bq <= minquality` while a part skips only blocks `<= minquality
    - bq`, and float rounding lets both hold (seen: a search spinning for 20 min over 1,200
    near-identical reports). Their loop here stops when a part moves no further; stopping early
    is safe, as skipping only saves work. Applied once, when this module loads."""
    from whoosh.matching import binary, mcore

    def union_skip(self, minquality):
        self._id = None
        if not (self.a.is_active() or self.b.is_active()):
            raise mcore.ReadTooFar
        if not self.a.is_active():
            return self.b.skip_to_quality(minquality)
        if not self.b.is_active():
            return self.a.skip_to_quality(minquality)
        return _skip_both(self.a, self.b, minquality)

    def and_maybe_skip(self, minquality):
        if not self.a.is_active():
            raise mcore.ReadTooFar
        if not self.b.is_active():
            return self.a.skip_to_quality(minquality)
        return _skip_both(self.a, self.b, minquality)

    binary.UnionMatcher.skip_to_quality = union_skip
    binary.AndMaybeMatcher.skip_to_quality = and_maybe_skip


def _skip_both(a, b, minquality: float) -> int:
    skipped = 0
    aq, bq = a.block_quality(), b.block_quality()
    while a.is_active() and b.is_active() and aq + bq <= minquality:
        moving, other = (a, bq) if aq < bq else (b, aq)
        before = moving.block_quality()
        step = moving.skip_to_quality(minquality - other) or 0
        skipped += step
        if moving.is_active() and not step and moving.block_quality() == before:
            break  # it would not move: the loop would spin forever
        aq, bq = a.block_quality(), b.block_quality()
    return skipped


_skip_blocks_with_progress()


def _scoring_query(q: query.Query) -> query.Query:
    """What ranks documents already known to match: phrases scored as their words (Whoosh's
    phrase matcher would check every document again), NOT clauses left out (they add no
    score, and the set of matches already excludes them)."""

    def simpler(node: query.Query) -> query.Query:
        if isinstance(node, query.Phrase):
            return query.And([query.Term(node.fieldname, w) for w in node.words], boost=node.boost)
        if isinstance(node, query.And):
            kept = [sub for sub in node.subqueries if not isinstance(sub, query.Not)]
            return query.And(kept, boost=node.boost) if kept else query.Every()
        if isinstance(node, query.AndNot):
            return node.a
        return node

    return q.accept(simpler)


def _by_date(reader, docset: set[int], table, newest_first: bool) -> list[int]:
    """The documents by date (newest or oldest first), undated ones last."""
    if table is not None:
        day = table.days.__getitem__
    else:
        column = reader.column_reader("day") if reader.has_column("day") else None
        undated = reader.column_reader("undated") if reader.has_column("undated") else None

        def day(d: int) -> int:
            return 0 if column is None or (undated is not None and undated[d]) else column[d]

    sign = -1 if newest_first else 1
    return sorted(docset, key=lambda d: (day(d) == 0, sign * day(d), d))


def query_terms(q: query.Query, reader) -> set[str]:
    """The title and body terms a query looks for (wildcards and fuzzy terms expanded), but
    not those it excludes (NOT)."""
    try:
        expanded = q.simplify(reader)
    except Exception:  # noqa: BLE001 - a query Whoosh cannot expand: its own terms will do
        expanded = q
    return {_text(text) for field, text in _wanted_terms(expanded) if field in SEARCH_FIELDS}


def _wanted_terms(q: query.Query):
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _wanted_terms(q.a)
    elif q.is_leaf():
        yield from q.iter_all_terms()
    else:
        for sub in q.children():
            yield from _wanted_terms(sub)


_OPEN: dict[Path, tuple[int, object, object]] = {}  # index folder -> (generation, index, searcher)


def _open_searcher(index_dir: Path):
    """The index and a searcher of it, kept open between searches in one process (a service,
    the site builder, the benchmark) and reopened only when the index has been committed
    since: opening the segments costs more than a search."""
    path = Path(index_dir).resolve()
    kept = _OPEN.get(path)
    if kept is not None:
        generation, ix, searcher = kept
        try:
            if ix.latest_generation() == generation:
                return ix, searcher
        except Exception:  # noqa: BLE001 - the folder changed under us: open it anew
            pass
        searcher.close()
    ix = open_for_search(index_dir)
    searcher = ix.searcher()
    _OPEN[path] = (searcher.reader().generation(), ix, searcher)  # (a commit may have come since)
    return ix, searcher


def open_for_search(index_dir: Path):
    """Open the index, and analyse queries with the lexicon it was built with (place names,
    people's names, stems): exactly as the articles were, without loading the gazetteer or NLTK."""
    from searcher import lexicon
    from searcher.analysis import use_stem_table
    from searcher.enrich.places import open_place_tables, use_gazetteer
    from searcher.people import LEXICON_KEY, use_people

    ix = open_index(index_dir)
    con = lexicon.connect(index_dir)
    use_gazetteer(open_place_tables(con) if con is not None else None)
    use_stem_table(lexicon.Table(con, "stems") if con is not None else None)
    use_people(lexicon.meta(con, LEXICON_KEY))
    return ix


FIELDS = ("title", "body", "place", "outlet", "date", "lang")  # what field:value may name


def parse_query(text: str, schema, group=qparser.AndGroup, resolve=None) -> query.Query:
    """Parse the query language over titles and bodies; field:value for other fields (FIELDS).
    Words are all required (`group` OrGroup: any of them, for measuring ranking); -word is
    NOT word, +word required; a '?' ending a word is punctuation. `resolve(field, value)`
    turns a place: or outlet: value into the terms it means (forgiving matching, see
    values.py); without it, values are looked up as typed."""
    check_fields(text)
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, group=group)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.remove_plugin_class(qparser.BoostPlugin)  # "^" in pasted text is not a boost
    try:
        parsed = parser.parse(prepare_query(web_syntax(text)))
    except SearcherError:
        raise
    except Exception as exc:  # noqa: BLE001 - the parser fails in many ways on odd input
        raise QueryError(f"cannot parse the query {text!r} ({exc})", "check quotes and parentheses") from None
    parsed = parsed.accept(lambda node: _fold_name_terms(node, resolve)).accept(_wildcard_words)
    if resolve is not None:
        parsed = _with_named_places(parsed, query_names(web_syntax(text)), schema, resolve)
    if parsed is query.NullQuery:
        raise QueryError(f"the query {text!r} has no words to search for", "use words or a quoted phrase")
    without_stops = parsed.accept(_drop_stop_words).normalize()
    if without_stops is query.NullQuery:
        raise QueryError(
            f"the query {text!r} has only common words ('the', 'of'...), which are not indexed",
            "add a word that says what you look for",
        )
    return without_stops


_FIELD_REF = re.compile(r"(?<![\w:/.])([A-Za-z_]\w*):(?=[^\s/])")
_QUOTED = re.compile(r'"[^"]*"?')


def check_fields(text: str) -> None:
    """A field:value naming an unknown field is an error that names the known ones (in quotes,
    or before '//' as in a URL, a colon is just text)."""
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    for m in _FIELD_REF.finditer(unquoted):
        if m.group(1) not in FIELDS:
            raise UsageError(
                f"unknown field {m.group(1) + ':'!r} in the query",
                "use one of: " + ", ".join(f + ":" for f in FIELDS) + ' (or quote the words: "..." )',
            )


_DATE_VALUE = re.compile(r'(?<![\w:])date:(\[[^\]]*\]|"[^"]*"|[^\s()]+)')
_MINUS_PLUS = re.compile(r'(?:(?<=^)|(?<=[\s(]))([-+])(?=[\w"(])')
_END_QUESTION = re.compile(r'(?<=\w)\?+(?=[\s)".,;:!]|$)|(?<![\w*?])\?+(?=\w)')  # 'retreat?', '?slip


def web_syntax(text: str, required_words: bool = False) -> str:
    """The query in Whoosh's own syntax: `-word` is NOT word and `+word` the word (every word is
    required already; with `required_words` it stays marked, for ranking by any word), a '?'
    ending a word is punctuation, and date:VALUE a range of publication days."""
    text = _DATE_VALUE.sub(lambda m: _day_range(m.group(1)), text)
    text = _END_QUESTION.sub("", text)
    return _MINUS_PLUS.sub(lambda m: "NOT " if m.group(1) == "-" else ("+" if required_words else ""), text)


def _day_range(value: str) -> str:
    """date:2022-09 or date:[2022-09 TO 2022-10] as day:[20220901 TO 20221031]."""
    inner = value.strip('"')
    if inner.startswith("["):
        parts = [p.strip() for p in re.split(r"\s+TO\s+", inner.strip("[]"), flags=re.I)]
        if len(parts) != 2:
            raise UsageError(f"invalid date range {value!r}", "write date:[2022-09 TO 2022-10]")
        first, last = parts
    else:
        first = last = inner
    start = parse_period(first) if first else "0001-01-01"
    end = parse_period(last, end=True) if last else "9999-12-31"
    if start > end:
        raise UsageError(f"the date range {value!r} ends before it starts", "swap its ends")
    return f"day:[{start.replace('-', '')} TO {end.replace('-', '')}]"


_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
_WORD = re.compile(WORD_PATTERN)
_CHUNK = re.compile(r'"[^"]*"?|[^\s"]+')  # what Whoosh's parser reads as one word, or a phrase


def prepare_query(text: str) -> str:
    """The query as Whoosh's parser should read it: each multi-word place name quoted, so that
    it is one unit ("Krivoy Rog" finds Kryvyi Rih, not every "rog"), and each capitalised
    common word that the query does not use as a place name lower-cased ("Genes" at its start
    stays a gene), since the parser hands the analyzer one word at a time, out of context.
    The same rules as index analysis (analysis.used_as_name, name_context, PlaceFilter's
    multi-word names), applied to the query's words in the query's context."""
    if re.fullmatch(r'\s*"[^"\s]+"\s*', text):
        text = text.strip().strip('"')  # a phrase of one word is that word
    words = [m for m in _WORD.finditer(text)]
    spans = name_spans(text, words)
    written, either = text, []
    if any(place_key(fold(m.group())) in common_words() for m in words):
        text = _lower_common_words(text, spans)
        whole = {(m.start(), m.end()) for m, starts, ends in _free_words(written, words) if starts and ends}
        if len(words) == 1:
            either = [m.span() for m in words if m.group() != text[m.start() : m.end()] and m.span() in whole]
    # A query of one capitalised word lower-cased above («Вугледар», "Genes") has no context
    # to tell a name from the word: it asks for both, "(Вугледар OR вугледар)".
    edits = [(start, end, f'"{text[start:end]}"') for start, end in spans]
    edits += [(start, end, f"({written[start:end]} OR {text[start:end]})") for start, end in either]
    out: list[str] = []
    pos = 0
    for start, end, replacement in sorted(edits):
        out += [text[pos:start], replacement]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def query_names(text: str) -> list[str]:
    """The place names among the query's words, as prepare_query reads them: its multi-word
    names (one unit), its whole words written as names (not a common word it lower-cases),
    and its quoted phrases that are one name ("Krivoy Rog")."""
    from searcher.enrich.places import active_gazetteer, name_key

    words = list(_WORD.finditer(text))
    spans = name_spans(text, words)
    lowered = _lower_common_words(text, spans)
    names = [text[start:end] for start, end in spans]
    for m, starts, ends in _free_words(text, words):
        in_span = any(start <= m.start() < end for start, end in spans)
        if starts and ends and not in_span and (len(words) == 1 or lowered[m.start() : m.end()] == m.group()):
            names.append(m.group())  # (a one-word query lower-cased asks for the name as well)
    gaz = active_gazetteer()
    for phrase in _QUOTED.finditer(text):
        inner = phrase.group().strip('"').strip()
        inner_key = name_key(inner)
        if (" " in inner_key or inner_key not in common_words()) and inner_key in gaz.names:
            names.append(inner)
    return names


def _with_named_places(q: query.Query, names: list[str], schema, resolve) -> query.Query:
    """The query with each place name among its words also looking for the articles filed
    under the populated places the index holds by that name (resolve('name', ...)): "Zhdanov"
    finds Mariupol's articles, whatever spelling they use; "Pokrovsk" those that still say
    Krasnoarmeisk. The text still counts: a name no article was filed under (a street, a
    person) is found where it is written."""
    analyzer = schema["body"].analyzer

    def analysed(text: str) -> tuple[tuple[str, ...], bool]:
        """The words as the index has them, and whether the analyzer read them as a place name
        (not "genes", "SAM": common words and acronyms it leaves as themselves)."""
        tokens = [(t.text, getattr(t, "place_name", False)) for t in analyzer(text, mode="query")]
        return tuple(w for w, _ in tokens), bool(tokens) and all(named for _, named in tokens)

    places: dict[tuple[str, ...], list[str]] = {}
    longer: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        words, is_name = analysed(name)
        if not is_name:
            continue
        places.setdefault(words, []).extend(resolve("name", name))  # (each once: see expand)
        if len(words) == 1:
            longer[words[0]] = [w for form in resolve("longer", name) if len(w := analysed(form)[0]) > 1]
    if not any(places.values()) and not any(longer.values()):
        return q

    def expand(node: query.Query) -> query.Query:
        found = _text_words(node)
        keys = [k for words in found for k in places.get(words, ())]
        if not keys and not any(longer.get(w[0]) for w in found if len(w) == 1):
            return node
        subs = [_outside_names(s, longer.get(s.text, [])) if isinstance(s, query.Term) else s for s in node.subqueries]
        return query.Or([*subs, *(query.Term("place", k, boost=node.boost) for k in dict.fromkeys(keys))])

    return q.accept(expand)


def _outside_names(term: query.Term, names: list[tuple[str, ...]]) -> query.Term:
    """The word where it is not part of one of these longer names ("Odesa" outside "Nova Odesa")."""
    return OutsideNames(term.fieldname, term.text, tuple(names), boost=term.boost) if names else term


class OutsideNames(query.Term):
    """A word that counts only where it stands outside the given names of several words (each
    a tuple of index terms): a document whose every "odesa" is the second word of "nova odesa"
    does not match "odesa". Still a Term to everything that reads the query (highlighting,
    suggestions); only its matcher leaves those documents out."""

    def __init__(self, fieldname: str, text: str, names: tuple[tuple[str, ...], ...], boost: float = 1.0):
        super().__init__(fieldname, text, boost=boost)
        self.names = names

    def __eq__(self, other):
        return super().__eq__(other) and self.names == getattr(other, "names", None)

    __hash__ = query.Term.__hash__

    def matcher(self, searcher, context=None):
        from whoosh.matching import FilterMatcher

        m = super().matcher(searcher, context)
        if not m.is_active():
            return m
        reader = searcher.reader()
        # A search matches, then ranks, with the same query: the positions are read once per segment.
        inside = self.__dict__.setdefault("_inside", {})
        if id(reader) not in inside:
            inside[id(reader)] = frozenset(only_inside_names(reader, self.fieldname, self.text, self.names))
        return FilterMatcher(m, inside[id(reader)], exclude=True) if inside[id(reader)] else m


def only_inside_names(reader, fieldname: str, word: str, names) -> set[int]:
    """The documents (of this reader) where every occurrence of `word` is inside one of `names`:
    only those holding all of a name's words are read, each posting list once, in order."""
    everywhere: dict[int, set[int]] = {}  # document -> positions of the word
    inside: dict[int, set[int]] = {}  # document -> positions of the word inside a name
    for words in names:
        distinct = sorted(set(words))
        if word not in distinct or any((fieldname, w) not in reader for w in distinct):
            continue
        matchers = {w: reader.postings(fieldname, w) for w in distinct}
        for doc in sorted(set.intersection(*(set(reader.postings(fieldname, w).all_ids()) for w in distinct))):
            at = {w: _positions_at(m, doc) for w, m in matchers.items()}
            everywhere[doc] = at[word]
            for start in at[words[0]]:
                if all(start + k in at[w] for k, w in enumerate(words)):
                    inside.setdefault(doc, set()).update(start + k for k, w in enumerate(words) if w == word)
    return {doc for doc, spots in inside.items() if everywhere[doc] <= spots}


def _positions_at(m, doc: int) -> set[int]:
    """The positions in `doc` of a posting list's term (its matcher moved forward to `doc`)."""
    m.skip_to(doc)
    return set(m.value_as("positions")) if m.is_active() and m.id() == doc else set()


def _text_words(node: query.Query) -> list[tuple[str, ...]]:
    """The words, or phrases, that an Or looks for in titles and bodies alike (the parser's
    Or of one Term, or Phrase, per field; "(Соледар OR соледар)" has two)."""
    if not isinstance(node, query.Or):
        return []
    fields_of: dict[tuple[str, ...], set[str]] = {}
    for sub in node.subqueries:
        if isinstance(sub, query.Term) and sub.fieldname in SEARCH_FIELDS:
            fields_of.setdefault((sub.text,), set()).add(sub.fieldname)
        elif isinstance(sub, query.Phrase) and sub.fieldname in SEARCH_FIELDS:
            fields_of.setdefault(tuple(sub.words), set()).add(sub.fieldname)
        else:
            return []
    return [words for words, fields_ in fields_of.items() if fields_ == set(SEARCH_FIELDS)]


def named_places(name: str, reader) -> list[str]:
    """The place-field keys of the populated places the index holds that `name` means, in any
    spelling or script (an inflected Cyrillic form by the name it is a form of): of those that
    bear it, those that bear it as their own name (else as another name, else as a former one),
    and of those the one that stands out by population, or those that tie ("Sloviansk" is not
    Nikopol, once called so; "Kakhovka" is not Nova Kakhovka; "Ordzhonikidze" is Yenakiieve and
    Pokrov alike)."""
    from searcher.enrich.places import active_gazetteer, inflected_fold, name_key
    from searcher.enrich.resolution import KIND_SCORE, leaders

    gaz = active_gazetteer()
    name_k = name_key(name)
    ids = gaz.names.get(name_k)
    if ids is None and not name_k.isascii():
        canonical = inflected_fold(name_k, gaz, name)
        name_k = " ".join(canonical) if canonical else name_k
        ids = gaz.names.get(name_k) if canonical else None
    held = [gaz.entities[i] for i in ids or () if _holds_place(reader, i)]
    # A place that bears the name as another or a former one only where the index filed an
    # article that writes the name under it: "Krasnoarmeisk" is Pokrovsk where the index
    # says so, but "Bilhorod-Dnistrovskyi" is not Belgorod, which GeoNames says was called so.
    held = [e for e in held if gaz.name_kind(name_k, e.id) == "own" or _filed_under(reader, name, e.id)]
    if not held:
        return []
    kind = {e.id: KIND_SCORE[gaz.name_kind(name_k, e.id)] for e in held}
    best = [e for e in held if kind[e.id] == max(kind.values())]
    return [key(e.id) for e in leaders(best, name_k, gaz)]


FILED_LOOKS = 50  # at most this many articles are read for evidence that a name was filed under a place


def _filed_under(reader, name: str, place_id: str) -> bool:
    """Whether the index filed an article under the place by this very name: of the articles
    that have the name's words and are filed under the place, one whose place was matched as
    written so ("Zhdanov" in an article that names Mariupol may be Oleh Zhdanov, an expert)."""
    from searcher.enrich.places import name_key

    words = set(terms(name))
    if not words or any(("body", w) not in reader for w in words):
        return False
    docs = set(reader.postings("place", key(place_id)).all_ids())
    for w in words:
        docs &= set(reader.postings("body", w).all_ids())
    wanted = name_key(name)
    for doc in sorted(docs)[:FILED_LOOKS]:
        places = (reader.stored_fields(doc).get("record") or {}).get("places", ())
        if any(p.get("id") == place_id and wanted in {name_key(m) for m in p.get("matched", ())} for p in places):
            return True
    return False


def longer_held_names(name: str, reader) -> list[str]:
    """The names of several words, of populated places the index holds, that a one-word name
    is part of ("nova odesa" for "Odessa", when the index names Nova Odesa)."""
    from searcher.enrich.places import active_gazetteer, longer_names, name_key

    gaz = active_gazetteer()
    name_k = name_key(name)
    folded = gaz.fold.get(name_k) or (name_k,)
    if len(folded) != 1:
        return []
    forms = longer_names(folded[0], gaz)
    return [form for form in forms if any(_holds_place(reader, i) for i in gaz.names.get(form, ()))]


def _holds_place(reader, entity_id: str) -> bool:
    """Whether the index files an article under this populated place (not a region or country)."""
    return entity_id.startswith("p:") and reader.doc_frequency("place", key(entity_id)) > 0


def _lower_common_words(text: str, names: list[tuple[int, int]]) -> str:
    """`text` with its capitalised common words that are not used as names here in lower case,
    but for the words of the multi-word place names at `names` ("Nova" of "Nova Kakhovka").
    Only same-length changes, so that the spans stay where they were."""
    pieces, pos, prev = [], 0, None
    for m in _WORD.finditer(text):
        word = m.group()
        in_name = any(start <= m.start() < end for start, end in names)
        if word[:1].isupper() and not in_name and word not in _OPERATORS and text[m.end() : m.end() + 1] != ":":
            context = prev is not None and name_context(text, m.start(), m.end(), prev.end(), prev.group())
            if not used_as_name(word, context) and len(word.lower()) == len(word):
                pieces += [text[pos : m.start()], word.lower()]
                pos = m.end()
        prev = m
    return "".join(pieces) + text[pos:]


def name_spans(text: str, words: list[re.Match] | None = None) -> list[tuple[int, int]]:
    """(start, end) of the multi-word place names and people's full names among the query's
    free words (not quoted, not a field's value, no operator or wildcard), longest first, each
    from the start of a parser word to the end of one."""
    from searcher.enrich.places import active_gazetteer
    from searcher.people import active_people

    gaz = active_gazetteer()
    if gaz.max_words < 2 and active_people().max_words < 2:
        return []
    free = _free_words(text, words if words is not None else list(_WORD.finditer(text)))
    spans, i = [], 0
    while i < len(free):
        n = _name_length(text, free, i, gaz)
        if n:
            spans.append((free[i][0].start(), free[i + n - 1][0].end()))
            i += n
        else:
            i += 1
    return spans


def _free_words(text: str, words: list[re.Match]) -> list[tuple[re.Match, bool, bool]]:
    """(word, starts a parser word, ends one) for the words a name may be made of."""
    chunks = []
    for c in _CHUNK.finditer(text):
        body = c.group()
        if body.startswith('"') or ":" in body or body in _OPERATORS or any(ch in body for ch in "*?~"):
            continue
        core_start = c.start() + len(body) - len(body.lstrip("("))
        core_end = c.end() - (len(body) - len(body.rstrip(")")))
        chunks.append((core_start, core_end))
    free = []
    for m in words:
        for start, end in chunks:
            if start <= m.start() and m.end() <= end:
                free.append((m, m.start() == start, m.end() == end))
                break
    return free


def _name_length(text: str, free, i: int, gaz) -> int:
    """The length in words of the longest multi-word name (a place's, a person's full name)
    starting at free[i] (0: none)."""
    from searcher.people import active_people

    if not free[i][1]:
        return 0
    people = active_people()
    keys = [place_key(fold(free[i][0].group()))]
    for j in range(i + 1, min(i + max(gaz.max_words, people.max_words), len(free))):
        if not joined(text, free[j - 1][0].end(), free[j][0].start()):
            break
        keys.append(place_key(fold(free[j][0].group())))
    n, _ = people.full_name([(k, free[i + x][0].group()) for x, k in enumerate(keys)])
    if n and free[i + n - 1][2]:
        return n
    for n in range(len(keys), 1, -1):
        if free[i + n - 1][2] and " ".join(keys[:n]) in gaz.names:
            return n
    return 0


def _drop_stop_words(node: query.Query) -> query.Query:
    """Stop words are not in the index: free ones go; in a phrase they become gaps, and the
    phrase keeps them as written, for checking each candidate's text ("battle of bakhmut" is
    not "battle for Bakhmut"). Only the words typed as stop words (the analyzer marks them),
    not those whose stem is one: "having" is searched for as "have"."""
    if isinstance(node, query.Term) and node.fieldname in SEARCH_FIELDS and is_stop_term(node.text):
        return query.NullQuery
    if isinstance(node, query.Phrase) and node.fieldname in SEARCH_FIELDS:
        kept = [(i, w) for i, w in enumerate(node.words) if not is_stop_term(w)]
        if len(kept) == len(node.words):
            return node
        if len(kept) < 2:
            return query.Term(node.fieldname, kept[0][1], boost=node.boost) if kept else query.NullQuery
        gaps = [b[0] - a[0] for a, b in zip(kept, kept[1:], strict=False)]
        written = tuple((w.removeprefix(STOP_MARK), is_stop_term(w)) for w in node.words)
        return GappedPhrase(node.fieldname, [w for _, w in kept], gaps, boost=node.boost, written=written)
    return node


class GappedPhrase(query.Phrase):
    """A phrase whose words stand at given distances from each other: 'battle of bakhmut' is
    'battl' and, two positions on, 'bakhmut' (the stop word left a gap in the index). The
    index finds the candidates; each candidate's stored text then says whether the gaps hold
    the stop words as written (`written`: every word of the phrase, (term, False) or
    (stop word, True))."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        gaps: list[int],
        boost: float = 1.0,
        written: tuple[tuple[str, bool], ...] = (),
    ):
        super().__init__(fieldname, words, slop=max(gaps), boost=boost)
        self.gaps = gaps
        self.written = written

    def __eq__(self, other):
        return super().__eq__(other) and self.gaps == other.gaps and self.written == getattr(other, "written", ())

    __hash__ = query.Phrase.__hash__

    def normalize(self):
        return self

    def holds(self, searcher, docnum: int) -> bool:
        """Whether the document's text has this phrase with its stop words as written."""
        return not self.written or holds_phrase(searcher.stored_fields(docnum).get(self.fieldname, ""), self.written)

    def matcher(self, searcher, context=None):
        from whoosh import matching

        reader = searcher.reader()
        if any((self.fieldname, w) not in reader for w in self.words):
            return matching.NullMatcher()
        matchers = [query.Term(self.fieldname, w).matcher(searcher, context) for w in self.words]
        check = _PhraseCheck(searcher, self.fieldname, self.written) if self.written else None
        return _GapMatcher(matchers, self.gaps, check)


class _PhraseCheck:
    """Whether a document's stored field holds a phrase with its stop words as written."""

    def __init__(self, searcher, fieldname: str, written: tuple[tuple[str, bool], ...]):
        self.searcher, self.fieldname, self.written = searcher, fieldname, written
        self.verdicts: dict[int, bool] = {}

    def __call__(self, docnum: int) -> bool:
        if docnum not in self.verdicts:
            text = self.searcher.stored_fields(docnum).get(self.fieldname, "")
            self.verdicts[docnum] = holds_phrase(text, self.written)
        return self.verdicts[docnum]


def holds_phrase(text: str, written: tuple[tuple[str, bool], ...]) -> bool:
    """Whether `text` has the phrase's words in a row: each stop word as itself (case aside),
    each other word by its index term (so "battles of Bakhmut" is "battle of bakhmut"). One
    regular expression finds where the stop words stand at the right distances; only the
    words in those places are analysed."""
    for m in _phrase_pattern(written).finditer(text):
        words = [g for g in m.groups() if g is not None]
        terms_ = [value for value, stop in written if not stop]
        if all(index_term(w) == t for w, t in zip(words, terms_, strict=True)):
            return True
    return False


_GAP = r"[^\w]+"  # what may stand between two words of a phrase: spaces, punctuation


@functools.lru_cache(maxsize=64)
def _phrase_pattern(written: tuple[tuple[str, bool], ...]) -> re.Pattern:
    parts = [re.escape(value) if stop else f"({_WORD.pattern})" for value, stop in written]
    return re.compile(r"(?<!\w)" + _GAP.join(parts) + r"(?!\w)", re.IGNORECASE)


class _GapMatcher(query.SpanNear2.SpanNear2Matcher):
    """Documents where each word is exactly its gap after the one before (and, with `check`,
    whose text holds the phrase as written)."""

    def __init__(self, matchers, gaps: list[int], check=None):
        self.gaps = gaps
        self.check = check
        super().__init__(matchers, slop=max(gaps), ordered=True, mindist=1)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms], self.gaps, self.check)

    def _get_spans(self):
        from whoosh.query.spans import Span

        positions = [{span.start for span in m.spans()} for m in self.ms]
        offsets = [sum(self.gaps[:i]) for i in range(len(self.ms))]
        starts = sorted(p for p in positions[0] if all(p + o in ps for o, ps in zip(offsets, positions, strict=True)))
        if starts and self.check is not None and not self.check(self.id()):
            return []
        return [Span(p, p + offsets[-1]) for p in starts]


WILDCARD_WORDS = 200  # at most this many words met by the index are added to a wildcard


def _wildcard_words(node: query.Query) -> query.Query:
    """A wildcard over titles and bodies also finds the words the index met that fit it, as
    their index terms: 'izy?m' fits 'izyum', indexed as Izium's term (the pattern alone is
    matched against the index's terms, where no 'izyum' is)."""
    import fnmatch

    from searcher.analysis import words_near

    if not isinstance(node, query.Wildcard) or node.fieldname not in SEARCH_FIELDS:
        return node
    pattern = node.text
    prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if len(prefix) < 2:
        return node
    fixed = len(pattern.replace("*", ""))
    near = words_near(prefix, fixed, 40 if "*" in pattern else len(pattern)) or []
    found = {index_term(word) for word, _ in near if fnmatch.fnmatchcase(word, pattern)}
    extra = sorted(t for t in found if t and not fnmatch.fnmatchcase(t, pattern))[:WILDCARD_WORDS]
    if not extra:
        return node
    return query.Or([node, *(query.Term(node.fieldname, t, boost=node.boost) for t in extra)])


def _fold_name_terms(node: query.Query, resolve=None) -> query.Query:
    # The parser hands quoted values of single-term fields (outlet:"The Guardian") over unanalysed.
    if isinstance(node, query.Term) and node.fieldname in ("outlet", "place") and resolve is not None:
        keys = resolve(node.fieldname, node.text)
        terms_ = [query.Term(node.fieldname, k, boost=node.boost) for k in keys]
        return terms_[0] if len(terms_) == 1 else query.Or(terms_)
    if isinstance(node, query.Term) and node.fieldname == "outlet":
        return query.Term("outlet", key(outlet_name(node.text)), boost=node.boost)
    if isinstance(node, query.Term) and node.fieldname == "place":
        return query.Term("place", key(node.text), boost=node.boost)
    if isinstance(node, query.Term) and node.fieldname == "lang":
        return query.Term("lang", language_key(node.text), boost=node.boost)
    return node


def language_key(value: str) -> str:
    """A --lang value or lang: term as the index keeps it: 'UK', 'uk-UA', 'Ukrainian' -> 'uk'."""
    from searcher.language import normalize_language

    return normalize_language(value) or value.strip().lower()


def day_bounds(filters: Filters) -> tuple[int, int] | None:
    """The date filter as (first day, last day), yyyymmdd, or None without one."""
    if not (filters.date_from or filters.date_to):
        return None
    start = int(filters.date_from.replace("-", "")) if filters.date_from else 1
    end = int(filters.date_to.replace("-", "")) if filters.date_to else 99999999
    if start > end:
        raise UsageError(f"--from {filters.date_from} is after --to {filters.date_to}", "swap them")
    return start, end


def filter_query(filters: Filters, with_dates: bool = True, reader=None, resolve=None) -> query.Query | None:
    """The filters as a Whoosh query (the date range left out unless `with_dates`). With
    `resolve` (see value_resolver), places and outlets are matched forgivingly to the values
    the index holds, and one that matches nothing is an error; with only the index's `reader`,
    a place name shared by several places means those the index holds."""
    parts: list[query.Query] = []
    if filters.places:
        if resolve is None:
            from searcher.enrich.places import place_ids  # the gazetteer: only when filtering by place

            present = (lambda i: reader.doc_frequency("place", key(i)) > 0) if reader is not None else None  # noqa: E731
            keys = [key(i) for p in filters.places for i in place_ids(p, present=present)]
        else:
            keys = [k for p in filters.places for k in resolve("place", p)]
        parts.append(query.Or([query.Term("place", k) for k in keys]))
    if filters.outlets:
        keys = [k for o in filters.outlets for k in (resolve("outlet", o) if resolve else [key(outlet_name(o))])]
        parts.append(query.Or([query.Term("outlet", k) for k in keys]))
    if filters.languages:
        parts.append(query.Or([query.Term("lang", language_key(v)) for v in filters.languages]))
    days = day_bounds(filters)
    if days and with_dates:
        parts.append(query.NumericRange("day", *days))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)


def value_resolver(index_dir: Path, reader):
    """resolve(field, value): the index terms a place or outlet value means, matched as
    values.match_value does (case, 'the', accents, prefix); an error listing the closest
    values when none fits."""

    def resolve(fieldname: str, value: str) -> list[str]:
        if fieldname == "name":  # a place name among the query's words: the places it names
            return named_places(value, reader)
        if fieldname == "longer":  # ... and the names of the index's places it is part of
            return longer_held_names(value, reader)
        if fieldname == "outlet":
            return [key(resolve_outlet(value, index_dir, reader))]
        return [key(i) for i in resolve_place(value, index_dir, reader)]

    return resolve


def resolve_outlet(value: str, index_dir: Path, reader) -> str:
    """The outlet of the index that `value` names: a code ('nna', 'NYT') or a loose name."""
    from searcher.values import match_value

    known = known_values(index_dir, reader, "outlet")
    expanded = outlet_name(value)
    if key(expanded) in {key(k) for k in known}:
        return expanded
    return match_value(value, known, "outlet")


def resolve_place(value: str, index_dir: Path, reader) -> list[str]:
    """The place ids `value` means (see enrich.places.place_ids) among those the index holds;
    an error (exit 1) listing the closest place names of the index when it holds none of them."""
    from searcher.enrich.places import place_ids
    from searcher.values import closest, match_value

    def present(place_id: str) -> bool:
        return reader.doc_frequency("place", key(place_id)) > 0

    ids = place_ids(value, present=present)
    if any(present(i) for i in ids):
        return ids
    names = known_values(index_dir, reader, "place")
    try:  # a loose or partial name of a place the index holds ('kharkiv obl')
        return place_ids(match_value(value, names, "place"), present=present)
    except SearcherError:
        pass
    near = closest(value, names)
    raise SearcherError(
        f"no article is about a place called {value!r}",
        ("closest: " + ", ".join(repr(n) for n in near)) if near else "see 'searcher facets place'",
    )


def known_values(index_dir: Path, reader, facet: str) -> list[str]:
    """The outlet names, or place names, that the index holds."""
    from searcher.facets import count_from_columns

    table = facet_table(index_dir, reader)
    if table is not None:
        values = table.outlets if facet == "outlet" else table.places
    else:
        places, outlets, _ = count_from_columns(reader, reader.all_doc_ids())
        values = list(outlets if facet == "outlet" else places)
    if facet == "place":
        values = [v.split(FIELD_SEPARATOR)[1] if FIELD_SEPARATOR in v else v for v in values]
    return [v for v in values if v]


def _hit(
    searcher,
    docnum: int,
    score: float | None,
    matched: set[str],
    listing: bool,
    matched_words: int | None = None,
    filters: Filters = Filters(),
) -> Hit:
    stored = searcher.stored_fields(docnum)
    record = stored.get("record", {})
    body = stored.get("body", "")
    if listing:
        snippet = _place_snippet(body, record, filters) or lead_snippet(body)
    else:
        snippet = make_snippet(body, matched)
    return Hit(
        id=stored["id"],
        title=stored.get("title", ""),
        date=record.get("date"),
        date_source=record.get("date_source"),
        outlet=record.get("outlet"),
        outlet_source=record.get("outlet_source"),
        places=tuple(p["name"] for p in record.get("places") or () if p.get("kind") != "unresolved"),
        url=record.get("url"),
        language=record.get("language"),
        source=stored.get("source", ""),
        key=record.get("key", ""),
        score=score,
        snippet=snippet,
        matched_words=matched_words,
    )


def _place_snippet(body: str, record: dict, filters: Filters) -> Snippet | None:
    """In a listing by place, the passage naming the place (as the article wrote it)."""
    if not filters.places:
        return None
    from searcher.analysis import fold as fold_
    from searcher.snippets import passage_with

    wanted = {fold_(p) for p in filters.places}
    written = [
        m
        for p in record.get("places") or ()
        if wanted & {fold_(p.get("name", "")), *(fold_(x) for x in p.get("matched") or ())}
        or fold_(p.get("region") or "") in wanted
        or fold_(p.get("country") or "") in wanted
        for m in p.get("matched") or ()
    ]
    return passage_with(body, written) if written else None


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def count_facets(
    reader, docset: list[int], limit: int = FACET_LIMIT, table=None, sizes: dict[str, int] | None = None, stories=None
) -> dict[str, dict[str, int]]:
    """Counts of places, outlets, months and languages over the matching documents, from the
    index's facet table when it is current, else from the columns (see facets.py).

    Places and outlets: the `limit` most frequent. Months: all of them, in order, "undated"
    last. Languages: all of them, most frequent first. `sizes` receives how many values each
    facet has in all. With `stories` (the index's story array), each story counts once per value.
    """
    from searcher.facets import count_from_columns, languages_from_columns, place_labels

    def articles(docs):
        docs = list(docs)
        counted = table.count(docs) if table is not None else count_from_columns(reader, docs)
        languages = table.count_languages(docs) if table is not None else languages_from_columns(reader, docs)
        return (*counted, languages)

    if stories is not None:
        from searcher.stories import stories_facets

        places, outlets, months, languages = stories_facets(docset, stories, articles, table)
    else:
        places, outlets, months, languages = articles(docset)
    ordered_months = sorted(months.items(), key=lambda kv: (kv[0] == "undated", kv[0]))
    labels = place_labels(places)
    if sizes is not None:
        sizes.update(place=len(labels), outlet=len(outlets), month=len(months), language=len(languages))
    return {
        "place": _top(labels, limit),
        "outlet": _top(outlets, limit),
        "month": dict(ordered_months),
        "language": _top(languages, limit),
    }


def facet_table(index_dir: Path, reader):
    """The index's facet table if it matches what this reader sees, else None."""
    from searcher.facets import load_table

    return load_table(index_dir, reader.generation())


def _top(counter: Counter, limit: int) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold()))[:limit])


SUGGEST_BELOW = 3  # "did you mean" only for a query with fewer hits than this
SUGGEST_WORDS = 4  # at most this many words are looked up in the index's terms


_FIELD_VALUE = re.compile(r'\w+:("[^"]*"?|\[[^\]]*\]?|[^\s()]+)')


def suggest(searcher, query_text: str) -> str | None:
    """'Did you mean': the query with each word that is in no title or body replaced by the
    closest indexed word, or None when every word is known (or nothing close is). Stop words,
    operators, field names and the words of multi-word place names are left as typed; at most
    SUGGEST_WORDS unknown words are looked up (each costs a walk of the index's terms)."""
    reader = searcher.reader()
    in_names = [(s, e) for s, e in name_spans(query_text)]
    in_names += [m.span(1) for m in _FIELD_VALUE.finditer(query_text)]  # field values stay as typed
    changed = False
    pieces: list[str] = []
    pos = 0
    looked_up = 0
    for m in _WORD.finditer(query_text):
        word = m.group()
        after = query_text[m.end() : m.end() + 1]
        before = query_text[m.start() - 1 : m.start()] if m.start() else ""
        mid_wildcard = after == "?" and query_text[m.end() + 1 : m.end() + 2].isalnum()
        if word in _OPERATORS or after in (":", "*", "~") or mid_wildcard or before in (":", "*", "?"):
            continue
        if fold(word) in STOP_WORDS or any(s <= m.start() < e for s, e in in_names):
            continue
        stems = terms(word)
        if not stems or any(reader.doc_frequency(f, stems[0]) for f in SEARCH_FIELDS):
            continue
        if looked_up == SUGGEST_WORDS:
            break
        looked_up += 1
        candidate = closest_word(reader, fold(word))
        if candidate:
            pieces.append(query_text[pos : m.start()] + candidate)
            pos = m.end()
            changed = True
    if not changed:
        return None
    return "".join(pieces) + query_text[pos:]


def closest_word(reader, word: str, maxdist: int = 2) -> str | None:
    """The indexed word nearest to `word` (fewest edits, then most documents), sharing its first
    two letters; at most one edit for words of four letters or fewer. Candidates are the words
    the index met (its lexicon), read as one range of its table, so that the cost is bounded
    by the words of that prefix and length (a few hundred), not by the size of the index:
    'ceasfire' -> 'ceasefire'. An index without a lexicon offers its stems near the word's."""
    if not word:
        return None
    maxdist = min(maxdist, 1) if len(word) <= 4 else maxdist
    candidates = words_near(word[:2], len(word) - maxdist, len(word) + maxdist)
    if candidates is None:  # an index without a lexicon: its stems near the word's
        own = terms(word)
        stems = reader.terms_within("body", own[0], maxdist, prefix=1) if own else []
        candidates = [(_text(stem), _text(stem)) for stem in stems]
    ranked = []
    for candidate, stem in candidates:
        distance = edit_distance(word, candidate, maxdist)
        if 0 < distance <= maxdist:
            documents = sum(reader.doc_frequency(f, stem) for f in SEARCH_FIELDS)
            if documents:
                ranked.append((distance, -documents, candidate))
    return min(ranked)[2] if ranked else None


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count as one edit); with `limit`,
    any distance above it may be reported as limit + 1 (the computation stops early)."""
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def get_article(index_dir: Path, article_id: str) -> dict:
    """All stored fields of one article, with its provenance."""
    from searcher.errors import NotFoundError

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        stored = searcher.document(id=article_id.strip())
        if stored is None:
            matches = [d for d in _ids_with_prefix(searcher, article_id.strip())]
            if len(matches) == 1:
                stored = searcher.document(id=matches[0])
    if stored is None:
        raise NotFoundError(f"no article with id {article_id!r}", "copy an id from 'searcher search' output")
    record = stored.get("record", {})
    return {
        "id": stored["id"],
        "title": stored.get("title", ""),
        "body": stored.get("body", ""),
        "source": stored.get("source", ""),
        **record,
        **story_of_article(index_dir, stored["id"]),
    }


def story_of_article(index_dir: Path, article_id: str) -> dict:
    """{story: its id, relation: this record's to the origin, similarity, versions: the other
    records (id, title, outlet, date, relation, similarity), origin first}, or {} for none."""
    from searcher import stories as st

    con = st.connect(index_dir)
    if con is None:
        return {}
    try:
        story = st.story_of(con, article_id)
        members = st.story_members(con, story) if story else []
    finally:
        con.close()
    if not members:
        return {}
    own = next((m for m in members if m.id == article_id), None)
    return {
        "story": story,
        "relation": own.relation if own else None,
        "similarity": own.similarity if own else None,
        "versions": [vars(m) for m in members if m.id != article_id],
    }


def _ids_with_prefix(searcher, prefix: str) -> list[str]:
    if len(prefix) < 4:
        return []
    return [t.decode() if isinstance(t, bytes) else t for t in searcher.reader().expand_prefix("id", prefix)][:2]


def index_stats(index_dir: Path) -> dict:
    """Size and coverage of the index: documents, date range, outlets, months, bytes on disk."""
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docset = list(reader.all_doc_ids())
        facets = count_facets(reader, docset, limit=10_000, table=facet_table(index_dir, reader))
        days = []
        if docset and reader.has_column("day"):
            day_col = reader.column_reader("day")
            undated_col = reader.column_reader("undated")
            days = [day_col[d] for d in docset if not undated_col[d]]
    dated = [m for m in facets["month"] if m != "undated"]
    return {
        "documents": len(docset),
        "first_date": _iso_day(min(days)) if days else None,
        "last_date": _iso_day(max(days)) if days else None,
        "undated": facets["month"].get("undated", 0),
        "months": len(dated),
        "outlets": facets["outlet"],
        "places": len(facets["place"]),
        "index_dir": str(index_dir),
        "index_bytes": sum(p.stat().st_size for p in Path(index_dir).iterdir() if p.is_file()),
    }


def _found(index_dir: Path, ix, searcher, query_text: str, filters: Filters) -> list[int]:
    """The documents a query (every word required; '' or '*': all) and filters find."""
    reader = searcher.reader()
    if query_text.strip() in ("", "*") and not filters:
        return list(reader.all_doc_ids())
    resolve = value_resolver(index_dir, reader)
    text_q = query.Every() if query_text.strip() in ("", "*") else parse_query(query_text, ix.schema, resolve=resolve)
    filter_q = filter_query(filters, reader=reader, resolve=resolve)
    docs = matching(searcher, text_q)
    if filter_q is not None:
        docs &= matching(searcher, filter_q)
    return sorted(docs)


def _iso_day(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


FACETS = ("place", "outlet", "month", "language")


def facet_values(index_dir: Path, facet: str, query_text: str = "", filters: Filters = Filters()) -> list[dict]:
    """Every value of a facet over the articles a query and filters find (by default the
    whole index) with its number of articles, most first (months in order). Places carry
    their region and country, and each region and country its own count of articles (an
    article counts once however many of its towns it names)."""
    if facet not in FACETS:
        raise UsageError(f"unknown facet {facet!r}", f"use one of: {', '.join(FACETS)}")
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docset = _found(index_dir, ix, searcher, query_text, filters)
        if facet != "place":
            counts = count_facets(reader, docset, limit=1_000_000, table=facet_table(index_dir, reader))[facet]
            return [{"value": value, "count": count} for value, count in counts.items()]
        from searcher.facets import places_per_document

        places: Counter = Counter()
        for values in places_per_document(reader, docset, facet_table(index_dir, reader)):
            places.update(values)
    # Every article's values hold its places and the regions and countries they lie in, once
    # each: a region's count is the articles naming it or any of its places (as --place finds).
    entries = [((value.split(FIELD_SEPARATOR) + ["", "", ""])[:4], count) for value, count in places.items()]
    regions = {(name, country): n for (i, name, _, country), n in entries if i.startswith("r:")}
    countries = {name: n for (i, name, _, _), n in entries if i.startswith("c:")}
    rows = []
    for (place_id, name, region, country), count in entries:
        kind = {"c": "country", "r": "region", "p": "place", "a": "area"}.get(place_id.split(":")[0], "name")
        rows.append(
            {
                "id": place_id,
                "value": name,
                "kind": kind,
                "region": region or None,
                "country": country or None,
                "count": count,
                "region_count": count if kind == "region" else regions.get((region, country)) if region else None,
                "country_count": countries.get(country) if country else None,
            }
        )
    return sorted(
        rows,
        key=lambda r: (
            -(r["country_count"] or 0),
            r["country"] or "~",
            -(r["region_count"] or 0),
            (r["value"] if r["kind"] == "region" else r["region"]) or "",
            r["kind"] != "region",
            -r["count"],
            r["value"],
        ),
    )
