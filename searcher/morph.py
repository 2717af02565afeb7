"""Word forms of Ukrainian, Russian and Arabic: the stems that make a word's forms meet.

analysis.stem sends every folded non-Latin word here (`stem_word`); the index's lexicon keeps
the stems it computed, so a search looks them up and loads none of the libraries below for
words the index met. Whoosh pickles analyzers: everything here is a module-level function.

Cyrillic. A word's language is decided by its letters, the same way at index and at query
time (the analyzer never sees the record, and a query has no language):
  - ы э ъ ё: Russian -> the Snowball Russian stem (PyStemmer);
  - і ї є ґ or an apostrophe, or a word the Ukrainian dictionary knows and the Russian one
    does not: Ukrainian -> its lemma from pymorphy3's Ukrainian dictionary (pymorphy3-dicts-uk),
    written in Russian letters and stemmed by the same Snowball Russian: so the forms of a
    Ukrainian noun that carry no Ukrainian letter («Харкова», «року», «водою»), which take the
    Russian road, land on the same stem as those that do («Харкові», «рік», «воді»);
  - anything else: Snowball Russian.
The vowel of a lemma's last syllable is folded (і -> о, ї -> є) before stemming, as Ukrainian
alternates it between the nominative and the other cases («рік»/«року», «Київ»/«Києва»).
Measured on the 300 most frequent nouns of each corpus, all their dictionary forms
(bench/word_forms.py): 270 Ukrainian and 252 Russian paradigms meet wholly; the rest are
suppletive («людина»/«люди», «год»/«лет»), fleeting vowels («день»/«дня») or homographs.

Arabic. Normalised (alef with hamza or madda -> bare alef, taa marbuta -> haa, alef maqsura
-> yaa, no diacritics or tatweel), then the conjunctions و ف, the prepositions ب ل ك and the
article ال come off the front, leaving at least three letters (two after the article), then
Snowball Arabic takes the suffixes.
"""

from __future__ import annotations

import functools
import unicodedata

UKRAINIAN_LETTERS = frozenset("іїєґ'")
RUSSIAN_LETTERS = frozenset("ыэъё")
_TO_RUSSIAN = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": ""})
_VOWELS = frozenset("аеиоуыэюяіїє")
# Letters with a mark that are letters of their own, kept by `strip_marks` (й is not и).
_KEEP = {"й": "\ue000", "ї": "\ue001", "Й": "\ue002", "Ї": "\ue003"}
_KEEP_BACK = str.maketrans({v: k for k, v in _KEEP.items()})
_KEEP_OUT = str.maketrans(_KEEP)


@functools.lru_cache(maxsize=200_000)  # words repeat (Zipf): fold calls this for each non-ASCII one
def strip_marks(text: str) -> str:
    """Text without accents and combining marks ('Kyïv' -> 'Kyiv', 'Дзержи́нск' -> 'Дзержинск',
    Arabic short vowels dropped, 'أ' -> 'ا'), but with й and ї kept: letters, not marks."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).translate(_KEEP_OUT))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).translate(_KEEP_BACK)


def script(word: str) -> str:
    """'cyrillic', 'arabic', 'latin' or 'other', by the word's first letter."""
    c = word[:1]
    if "\u0400" <= c <= "\u04ff":
        return "cyrillic"
    if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f":
        return "arabic"
    if c.isascii() or "\u00c0" <= c <= "\u024f":
        return "latin"
    return "other"


def stem_word(word: str) -> str:
    """The stem of a folded word of Cyrillic or Arabic script; other words are left whole."""
    kind = script(word)
    if kind == "cyrillic":
        return cyrillic_stem(word)
    if kind == "arabic":
        return arabic_stem(word)
    return word


# Cyrillic


@functools.lru_cache(maxsize=1)
def _russian_snowball():
    # PyStemmer: the Snowball algorithm in C, 15 times NLTK's speed (which gives the same stems
    # but one in 11,000 words), and it imports in a millisecond where NLTK takes 0.3 s.
    import Stemmer

    return Stemmer.Stemmer("russian").stemWord


@functools.lru_cache(maxsize=1)
def _dictionaries():
    """pymorphy3's Ukrainian and Russian dictionaries, looked up without its guessing units
    (a word it does not know is stemmed, not guessed: three times faster)."""
    import pymorphy3
    from pymorphy3.units import DictionaryAnalyzer

    uk = pymorphy3.MorphAnalyzer(lang="uk", units=[DictionaryAnalyzer()])
    ru = pymorphy3.MorphAnalyzer(lang="ru", units=[DictionaryAnalyzer()])
    return uk, ru


def is_ukrainian(word: str) -> bool:
    """Whether a Cyrillic word is taken for Ukrainian (see the module's notes)."""
    letters = set(word)
    if letters & RUSSIAN_LETTERS:
        return False
    if letters & UKRAINIAN_LETTERS:
        return True
    uk, ru = _dictionaries()
    return uk.word_is_known(word) and not ru.word_is_known(word)


def cyrillic_stem(word: str) -> str:
    """Snowball Russian stem of the word, or for a Ukrainian word of its lemma; words of one or
    two letters (і, в, на, до) are left whole."""
    if len(word) < 3:
        return word
    if is_ukrainian(word):
        word = fold_last_vowel(ukrainian_lemma(word))
    return _russian_snowball()(word.translate(_TO_RUSSIAN))


def ukrainian_lemma(word: str) -> str:
    """The dictionary form of a Ukrainian word: of its noun readings, the lemma most of them
    share (a form is often several cases of one noun); the word itself when unknown."""
    uk, _ = _dictionaries()
    parses = uk.parse(word)
    if not parses:
        return word
    nouns = [p for p in parses if p.tag.POS == "NOUN"] or parses
    counts: dict[str, int] = {}
    for p in nouns:
        counts[p.normal_form] = counts.get(p.normal_form, 0) + 1
    return max(counts, key=counts.__getitem__)  # the first of the most frequent


def fold_last_vowel(word: str) -> str:
    """і -> о and ї -> є in the last syllable: the Ukrainian alternation («рік» -> «рок», as in
    «року»; «Київ» -> «Києв», as in «Києва»)."""
    for i in range(len(word) - 1, -1, -1):
        c = word[i]
        if c in _VOWELS:
            if c == "і":
                return word[:i] + "о" + word[i + 1 :]
            if c == "ї":
                return word[:i] + "є" + word[i + 1 :]
            return word
    return word


# Arabic

_ARABIC_MARKS = frozenset(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, 0x0640])  # harakat, dagger alef, tatweel
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ة": "ه", "ى": "ي"})
_CONJUNCTIONS = ("و", "ف")
_ARTICLES = ("بال", "كال", "لل", "ال")
_PREPOSITIONS = ("ب", "ل", "ك")


def normalize_arabic(word: str) -> str:
    """Alef forms -> ا, ؤ -> و, ئ -> ي, taa marbuta -> ه, alef maqsura -> ي; no diacritics or tatweel."""
    return "".join(c for c in word if c not in _ARABIC_MARKS).translate(_ARABIC_LETTERS)


def strip_arabic_prefixes(word: str) -> str:
    """Without its conjunction, preposition and article: وبالرقه -> رقه, بحلب -> حلب."""
    if word.startswith(_CONJUNCTIONS) and len(word) > 3:
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    # One preposition only: a word may begin with ب or ل of its own (لبنان, بلاد). Place names
    # do not depend on this: they are folded before stemming (text_form_key).
    if word.startswith(_PREPOSITIONS) and len(word) > 3:
        word = word[1:]
    return word


@functools.lru_cache(maxsize=1)
def _arabic_snowball():
    import Stemmer

    return Stemmer.Stemmer("arabic").stemWord


def arabic_stem(word: str) -> str:
    """Normalised, without clitics in front, and Snowball Arabic's suffixes off."""
    word = strip_arabic_prefixes(normalize_arabic(word))
    if len(word) <= 3:
        return word
    return _arabic_suffixes(word)


def _arabic_suffixes(word: str) -> str:
    """Snowball Arabic's stem, kept only when it is a beginning of the word (its own prefix
    rules took nothing more off the front) and at least two letters long."""
    stemmed = normalize_arabic(_arabic_snowball()(word))
    if len(stemmed) >= 2 and word.startswith(stemmed):
        return stemmed
    return word


# Place names in their inflected forms

# Case endings of Ukrainian and Russian nouns and adjectives, longest first. Not -ів/-ов/-ев:
# they end nominatives (Харків, Харьков), and the genitive plural is rare in names. The й of
# -ай nouns goes as their endings do («Китай», «Китая», «Китаем»; «край», «крае», «края»);
# -его, -ему are the soft adjectives' («Нижнего Клина», «Верхнему»).
_NAME_ENDINGS = sorted(
    """ого ому его ему ими ыми ую юю ая яя ою ею єю ої ій ий ый ой ей ім им ым их ых ом ем єм ам ям ах ях ами ями ью
    а я у ю е є о и ы і ї ь й""".split(),
    key=len,
    reverse=True,
)
_NAME_LETTERS = str.maketrans({"і": "и", "ї": "е", "є": "е", "ы": "и", "э": "е", "ё": "е", "ґ": "г", "ь": "", "'": ""})


@functools.lru_cache(maxsize=100_000)
def name_form_key(key: str) -> str:
    """The key of a gazetteer name's word forms, word by word, so that inflected forms meet
    the nominative the gazetteer holds: «Києві», «Києва», «Київ», «Киеве» -> 'киов'; «Харківської
    області», «Харьковской области» -> 'харковск област'; «Харківщині» -> 'харкивщин'. Arabic
    names are normalised only (إدلب -> ادلب); Latin words are left as they are."""
    return " ".join(_word_form_key(w) for w in key.split())


@functools.lru_cache(maxsize=100_000)
def text_form_key(key: str) -> str | None:
    """name_form_key of words of a text, whose Arabic words come with clitics: بحلب, وحلب,
    لحلب -> 'حلب'; والرقة, بالرقة -> 'الرقه'. None when the first word is Arabic and has none
    (إلى, أو: the exact name was looked up already, and a normalised common word would be
    taken for a place)."""
    words = key.split()
    if script(words[0]) == "arabic":
        first = strip_arabic_clitics(normalize_arabic(words[0]))
        if first == normalize_arabic(words[0]):
            return None
        return " ".join([first, *(_word_form_key(w) for w in words[1:])])
    return name_form_key(key)


def strip_arabic_clitics(word: str) -> str:
    """Without its conjunction and preposition, its article kept: وبحلب -> حلب, بالرقه -> الرقه,
    للاذقيه -> اللاذقيه. At least three letters stay."""
    if word.startswith(_CONJUNCTIONS) and len(word) > 3:
        word = word[1:]
    if word.startswith("لل") and len(word) > 4:
        return "ا" + word[1:]  # ل + ال: the article's alef is not written
    if word.startswith(_PREPOSITIONS) and len(word) > 3:
        word = word[1:]
    return word


def _word_form_key(word: str) -> str:
    kind = script(word)
    if kind == "arabic":
        return normalize_arabic(word)
    if kind != "cyrillic":
        return word
    for ending in _NAME_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return _neutral_last_vowel(word).translate(_NAME_LETTERS)


def _neutral_last_vowel(word: str) -> str:
    """The last vowel, if і, ї, е, є or о, as о: Ukrainian alternates it between the nominative
    and the other cases (Харків/Харкова, Київ/Києва, Ірпінь/Ірпеня), Russian writes е for є."""
    for i in range(len(word) - 1, -1, -1):
        if word[i] in _VOWELS:
            return word[:i] + "о" + word[i + 1 :] if word[i] in "іїеєо" else word
    return word
