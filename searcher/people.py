"""People's names in their spellings: a query for one finds the others (#12).

A curated table (searcher/data/people.tsv), not a transliteration key: a key that turned every
Cyrillic word into Latin letters would fold «Шойгу» into "shoigu", but also every other Cyrillic
word into some Latin word ("мир" -> "mir", a Latin word of its own), and the press spells names
by no one system ("Zelenskiy" is Reuters', "Zelensky" the AP's, "Zelenskyy" the official one),
so a key would still miss most spellings while merging words that are not names. The table
lists each person's spellings as the press writes them; the analyzer folds every spelling,
and every case form of a Cyrillic one («Зеленського», «Путиным»), into the person's term.

A surname that names several people of the news (the Klitschko brothers, Bashar and Hafez
al-Assad) or is the same in every script has a row of full names: those fold only as a whole
("Kyrylo Budanov", «Кирила Буданова»), never a first name or surname alone. A first name is
never a row of its own.

The index keeps the table it was built with (lexicon meta `people`), so a search folds as its
index did, whatever the package's table says since.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from searcher.morph import _ARABIC_LETTERS, normalize_arabic, script

PEOPLE_PATH = Path(__file__).resolve().parent / "data" / "people.tsv"
LEXICON_KEY = "people"  # the lexicon's meta key for the table an index was built with


# Case endings of Ukrainian and Russian surnames and first names, by the ending of the
# nominative (both languages' endings for either: a form of one language never occurs in the
# other's spelling). Feminine forms of masculine surnames are not generated: «Зеленська» is
# Olena Zelenska, «Захарова» Maria Zakharova, not Zakharov's genitive; and Zakharova's «Захарову»
# is also Zakharov's dative, so it is left out.
_ADJECTIVAL = ("ськ", "цьк", "зьк", "ск", "цк", "зк", "н")  # Зеленський, Залужный: adjective endings
_ADJECTIVE_ENDINGS = ("ого", "ому", "им", "ім", "ым", "ом")
_SOFT_NOUN_ENDINGS = ("я", "ю", "єм", "ем", "ї", "и", "єві", "еві", "е")  # Віталій, Дмитрий, Хаменей
_POSSESSIVE = ("ов", "ев", "єв", "ин", "ін", "ын")  # Путін, Буданов: instrumental -им/-ым
_CONSONANT_ENDINGS = ("а", "у", "ові", "е", "і")
_FEMININE_ENDINGS = ("ой", "ою", "ої", "ій")  # Захарова -> Захаровой, Захарової
_HARD_A_ENDINGS = ("и", "ы", "і", "е", "у", "ою", "ой")  # Кулеба, Насралла
_SOFT_A_ENDINGS = ("и", "і", "ї", "е", "ю", "ею", "ей", "єю")  # Хания, Яхья
_O_ENDINGS = ("а", "у", "ом", "ові", "і")  # Порошенко, Кирило, Петро (Ukrainian declines them)
_SOFT_SIGN_ENDINGS = ("я", "ю", "ем", "еві", "і", "е")  # Шмигаль
_SIBILANTS = "чшщжц"


def cyrillic_forms(word: str) -> set[str]:
    """The case forms (singular, of the nominative's gender) of a folded Cyrillic name in the
    nominative, besides the nominative; none for a name that does not decline (Шойгу, Гросси)."""
    if len(word) < 3:
        return set()
    if word.endswith(("ий", "ій", "ый", "ой")):
        stem = word[:-2]
        if stem.endswith(_ADJECTIVAL):
            return {stem + e for e in _ADJECTIVE_ENDINGS}
        return {word[:-1] + e for e in _SOFT_NOUN_ENDINGS}
    if word.endswith(("ова", "ева", "єва", "іна", "ина", "ына")):
        return {word[:-1] + e for e in _FEMININE_ENDINGS}
    last = word[-1]
    if last == "а":
        return {word[:-1] + e for e in _HARD_A_ENDINGS}
    if last == "я":
        return {word[:-1] + e for e in _SOFT_A_ENDINGS}
    if last == "о":
        return {word[:-1] + e for e in _O_ENDINGS}
    if last == "ь":
        return {word[:-1] + e for e in _SOFT_SIGN_ENDINGS}
    if last == "й":
        return {word[:-1] + e for e in _SOFT_NOUN_ENDINGS}
    if last in "аеєиіїоуюяыэё":
        return set()
    endings = set(_CONSONANT_ENDINGS)
    endings |= {"им", "ым"} if word.endswith(_POSSESSIVE) else {"ом"}
    if last in _SIBILANTS:
        endings.add("ем")
    return {word + e for e in endings}


@dataclass
class People:
    """A people table, ready for lookups. `words`: folded one-word spelling or form -> (term,
    inflected); `parts`: a form of a word of a full name -> that word's nominative; `names`:
    the nominatives of a full name's words, space-joined -> term; `starts`: the nominatives
    that begin a full name."""

    text: str
    words: dict[str, tuple[str, bool]] = field(default_factory=dict)
    parts: dict[str, tuple[str, bool]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    starts: set[str] = field(default_factory=set)
    max_words: int = 1
    spellings: dict[str, list[str]] = field(default_factory=dict)  # term -> its spellings as written
    # For the analyzer's fast path (most words name nobody): the forms of the first words of
    # full names, and the last two letters of the Arabic spellings, normalised.
    first_forms: set[str] = field(default_factory=set)
    arabic_tails: set[str] = field(default_factory=set)

    def may_name(self, key: str) -> bool:
        """False for a word that is surely no spelling or first word of a full name; cheap."""
        if key in self.words or key in self.first_forms:
            return True
        return "\u0600" <= key[:1] <= "\u06ff" and key[-2:].translate(_ARABIC_LETTERS) in self.arabic_tails

    def __hash__(self) -> int:
        return hash(self.text)

    @property
    def digest(self) -> str:
        return hashlib.sha1(self.text.encode()).hexdigest()[:12]

    def terms(self) -> list[str]:
        return list(self.spellings)

    def full_name_terms(self) -> set[str]:
        return set(self.names.values())

    def word_term(self, key: str, surface: str | None = None) -> str | None:
        """The term of the person a one-word spelling names (`key`: folded, without "'s"), or
        None. A case form other than the nominative counts only where written capitalised
        («путина» is a fishing season, «Путина» Putin's genitive)."""
        found = self.lookup(key, surface)
        return None if found is None else found[0]

    def lookup(self, key: str, surface: str | None = None) -> tuple[str, bool] | None:
        """(term, whether a case form other than the nominative) of a one-word spelling: see word_term."""
        found = _find(self.words, key, True)
        if found is None or (found[1] and surface is not None and not surface[:1].isupper()):
            return None
        return found

    def part(self, key: str, surface: str | None, first: bool) -> str | None:
        """The nominative of a word of a full name that this word is a form of, or None."""
        found = _find(self.parts, key, first)
        if found is None:
            return None
        nominative, inflected = found
        if inflected and surface is not None and not surface[:1].isupper():
            return None
        return nominative

    def full_name(self, keys: list[tuple[str, str | None]]) -> tuple[int, str | None]:
        """(words, term) of the longest full name the words (key, surface) begin; (0, None): none."""
        nominatives: list[str] = []
        for i, (key, surface) in enumerate(keys[: self.max_words]):
            nominative = self.part(key, surface, i == 0)
            if nominative is None:
                break
            nominatives.append(nominative)
        for n in range(len(nominatives), 1, -1):
            term = self.names.get(" ".join(nominatives[:n]))
            if term:
                return n, term
        return 0, None


def _find(table: dict[str, tuple[str, bool]], key: str, clitics: bool) -> tuple[str, bool] | None:
    """table's entry for a folded word; an Arabic word normalised, and with `clitics` also
    without a conjunction or preposition in front (وبوتين, لبوتين; بشار keeps its ب)."""
    if script(key) != "arabic":
        return table.get(key)
    key = normalize_arabic(key)
    found = table.get(key)
    if found is None and clitics:
        for shorter in _without_clitics(key):
            found = table.get(shorter)
            if found is not None:
                break
    return found


def _without_clitics(word: str) -> list[str]:
    """The word without its conjunction (و ف), then also without a preposition (ب ل ك)."""
    out = []
    if word.startswith(("و", "ف")) and len(word) > 3:
        word = word[1:]
        out.append(word)
    if word.startswith(("ب", "ل", "ك")) and len(word) > 3:
        out.append(word[1:])
    return out


def _split_words(spelling: str) -> list[str]:
    from searcher.analysis import WORD_PATTERN, fold

    return [fold(w) for w in re.findall(WORD_PATTERN, spelling)]


def parse_people(text: str) -> People:
    """A People from the text of a people table (see searcher/data/people.tsv)."""
    people = People(text)
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for line in lines[1:]:  # the first is the header
        term, names = line.split("\t")[:2]
        people.spellings[term] = names.split("|")
        for spelling in names.split("|"):
            words = _split_words(spelling)
            if len(words) == 1:
                _add_forms(people.words, words[0], term)
            elif words:
                for w in words:
                    _add_forms(people.parts, w, w)
                people.names[" ".join(words)] = term
                people.starts.add(words[0])
                people.max_words = max(people.max_words, len(words))
    people.first_forms = {form for form, (nominative, _) in people.parts.items() if nominative in people.starts}
    people.arabic_tails = {k[-2:] for k in [*people.words, *people.parts] if script(k) == "arabic"}
    return people


def _add_forms(table: dict[str, tuple[str, bool]], word: str, value: str) -> None:
    """The word (nominative) and its case forms, each meaning `value`; the nominative wins
    where a form of another name is written the same."""
    kind = script(word)
    if kind == "arabic":
        table[normalize_arabic(word)] = (value, False)
        return
    table[word] = (value, False)
    if kind == "cyrillic":
        for form in cyrillic_forms(word):
            table.setdefault(form, (value, True))


@functools.lru_cache(maxsize=1)
def package_people_text(path: Path = PEOPLE_PATH) -> str:
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=4)
def _parsed(text: str) -> People:
    return parse_people(text)


_active_text: str | None = None


def use_people(text: str | None) -> None:
    """Fold names with the people table of this text (an index's, at search time); None: the package's."""
    global _active_text
    _active_text = text


def active_people() -> People:
    return _parsed(_active_text if _active_text is not None else package_people_text())


def people_digest() -> str:
    """Changes whenever the package's people table does (then files are analysed again)."""
    return _parsed(package_people_text()).digest


def all_spelling_words(people: People, terms: Iterable[str]) -> set[str]:
    """The folded words of every spelling of the people whose terms these are."""
    return {w for t in terms for s in people.spellings.get(t, ()) for w in _split_words(s)}
