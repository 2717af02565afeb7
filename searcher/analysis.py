"""Text analysis: the same chain turns article text into index terms and query words into search terms.

    words -> fold (case, diacritics, apostrophes, dotted abbreviations) -> stop words out
          -> place names -> stem

Stop words are left out of the index (a quarter of all words: the index is smaller and faster
to write) but keep their places: "battle of Bakhmut" leaves a gap between "battle" and
"Bakhmut", and query.py turns a phrase with stop words into one that wants that gap, so
phrases stay exact ("Bakhmut. The battle" is not "battle of Bakhmut"). Queries keep them until
then: free-text stop words are dropped in query.py.

Whoosh pickles analyzers into the index, so every piece here is a module-level class or function.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping

from whoosh.analysis import CommaSeparatedTokenizer, Filter, IDTokenizer, RegexTokenizer, Token

# Abbreviations with dots ("U.S.", "U.N", "U.S-led"), numbers with separators ("53,650",
# "02:19") and words with inner apostrophes ("Ukraine's"); hyphenated words split in parts.
WORD_PATTERN = r"(?:[^\W\d_]\.)+[^\W\d_](?![^\W\d_])\.?|\d+(?:[.,:]\d+)+|\w+(?:['’]\w+)*"

# Our own list, kept short on purpose: Whoosh's default drops "us", "may", "will" and "can",
# which are countries, months and words users search for. "who" stays searchable (WHO).
STOP_WORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i in into is it its
    of on or she than that the their them then there these they this those to was were which
    with""".split()
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})


def fold(word: str) -> str:
    """Lower-case a word and strip its diacritics: 'Kyïv' -> 'kyiv', 'U.S.' -> 'us', 'Київ' -> 'киів'."""
    word = word.translate(_APOSTROPHES).casefold()
    if "." in word:
        word = word.replace(".", "") if not word[0].isdigit() else word
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in decomposed if not unicodedata.combining(c))
    return word


@functools.lru_cache(maxsize=1)
def _english_stemmer():
    # Imported on first use: NLTK costs ~0.3 s to import, which commands that never stem
    # (--help, stats, show) should not pay.
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english").stem


_stems: dict[str, str] = {}  # every stem this process used
_new_stems: dict[str, str] = {}  # those NLTK computed here, for the index's lexicon
_stem_table: Mapping[str, str] | None = None  # the index's stems, at search time


def stem(word: str) -> str:
    """Snowball (Porter2) English stem of a folded word; non-Latin words are left whole.

    Searching takes stems from the index's lexicon first: the same NLTK stems, without
    importing NLTK (a third of a second) for words the index has met."""
    found = _stems.get(word)
    if found is None:
        if not word.isascii() or not word[0].isalpha():
            found = word
        elif _stem_table is not None and word in _stem_table:
            found = _stem_table[word]
        else:
            found = _new_stems[word] = _english_stemmer()(word)
        _stems[word] = found
    return found


def use_stem_table(table: Mapping[str, str] | None) -> None:
    """Take stems from `table` (an index's lexicon) before computing them; None: compute."""
    global _stem_table
    _stem_table = table
    _stems.clear()


def words_with_stem(stem_: str, limit: int = 50) -> list[str]:
    """Words the index met that have this stem (from its lexicon; none while indexing)."""
    if _stem_table is None or not hasattr(_stem_table, "keys_for"):
        return []
    return _stem_table.keys_for(stem_, limit)


def learn_stems(text: str) -> None:
    """Stem every distinct word of a text as the analyzer would (place names folded first),
    for the index's lexicon: a third of the cost of analysing the text."""
    from searcher.enrich.places import active_gazetteer

    fold_table = active_gazetteer().fold
    for word in set(re.findall(WORD_PATTERN, text)):
        folded = fold(word)
        canonical = fold_table.get(folded.replace("'", ""))
        stem(canonical[0] if canonical and len(canonical) == 1 else folded)


def add_new_stems(stems: dict[str, str]) -> None:
    """Stems computed by another process, to be kept in the index's lexicon with this one's."""
    _new_stems.update(stems)
    _stems.update(stems)


def take_new_stems() -> dict[str, str]:
    """The stems computed since the last call, to be kept in the index's lexicon."""
    new = dict(_new_stems)
    _new_stems.clear()
    return new


class FoldFilter(Filter):
    """Applies `fold` to each token's text."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
            if t.text:
                yield t


class IndexStopFilter(Filter):
    """Leaves stop words out of the index, keeping the positions of the words after them;
    query analysis keeps them (query.py needs them to measure the gaps in phrases)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if t.mode != "index" or t.text not in STOP_WORDS:
                yield t


class PlaceFilter(Filter):
    """Folds every spelling and script of a place name to the gazetteer's own name, word by
    word ("izyum", "ізюм", "изюм" -> "izium"; "krivoy rog" -> "kryvyi rih"), so that a query
    in one spelling finds texts in another. Marked morphological: the spelling field keeps
    the words as written."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        from searcher.enrich.places import active_gazetteer

        gaz = active_gazetteer()
        fold, starts, longest = gaz.fold, gaz.fold_starts, gaz.max_words
        source = iter(tokens)
        ahead: list[Token] = []  # copies of the tokens read while trying a longer name
        while True:
            t = ahead.pop(0) if ahead else next(source, None)
            if t is None:
                return
            key = t.text.replace("'", "")
            if longest > 1 and key in starts:
                t = t.copy()
                ahead += [x.copy() for x in itertools.islice(source, longest - 1 - len(ahead))]
                n = _fold_longest(fold, t, ahead)
                if n:
                    span = [t, *ahead[: n - 1]]
                    del ahead[: n - 1]
                    yield from span
                    continue
            canonical = fold.get(key)
            if canonical and len(canonical) == 1:
                t.text = canonical[0]
            yield t


def _fold_longest(fold, first: Token, ahead: list[Token]) -> int:
    """Fold the longest name made of `first` and the tokens ahead, in place; return its length
    in words (0 when no multi-word name starts here)."""
    words = [first.text.replace("'", "")] + [x.text.replace("'", "") for x in ahead]
    for n in range(len(words), 1, -1):
        canonical = fold.get(" ".join(words[:n]))
        if canonical:
            for token, word in zip([first, *ahead[: n - 1]], canonical, strict=True):
                token.text = word
            return n
    return 0


class StemFilter(Filter):
    """Applies `stem`. Marked morphological so Whoosh's spelling field keeps the unstemmed words."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = stem(t.text)
            yield t


def text_analyzer():
    """The analyzer for titles and bodies (and for query words in those fields)."""
    return RegexTokenizer(WORD_PATTERN) | FoldFilter() | IndexStopFilter() | PlaceFilter() | StemFilter()


def key(name: str) -> str:
    """The filter key of a place or outlet name: folded, spaces collapsed, no commas (separators)."""
    return " ".join(fold(name).replace(",", " ").split())


class KeyFilter(Filter):
    """Applies `key` to each token: 'The  Guardian' and 'the guardian' are one outlet."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = key(t.text)
            if t.text:
                yield t


def keywords_analyzer():
    """For comma-separated name lists (places): each name is one term."""
    return CommaSeparatedTokenizer() | KeyFilter()


def name_analyzer():
    """For a single name (outlet): the whole value is one term."""
    return IDTokenizer() | KeyFilter()


@functools.lru_cache(maxsize=1)
def stop_terms() -> frozenset[str]:
    """The stop words as index terms (stemmed), to drop them from parsed queries."""
    return frozenset(STOP_WORDS | {stem(w) for w in STOP_WORDS})


def index_term(word: str) -> str | None:
    """The index term of one word on its own, as the analyzer makes it (place names folded,
    stemmed): what snippets compare with the terms a query matched. None for a word whose
    stem the index's lexicon lacks (a word met only inside a longer place name): it cannot
    have matched, and computing its stem would import NLTK for nothing."""
    from searcher.enrich.places import active_gazetteer

    folded = fold(word)
    canonical = active_gazetteer().fold.get(folded.replace("'", ""))
    word = canonical[0] if canonical and len(canonical) == 1 else folded
    if _stem_table is not None and word not in _stems and word.isascii() and word[:1].isalpha():
        return _stem_table.get(word)
    return stem(word)


def terms(text: str) -> list[str]:
    """The index terms of a text, in order: what a query for each word of it will look up."""
    return [t.text for t in text_analyzer()(text)]


def words(text: str) -> list[str]:
    """The folded words of a text, before stop words and stemming."""
    return [fold(m.group()) for m in re.finditer(WORD_PATTERN, text)]
