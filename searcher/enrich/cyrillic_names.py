"""When a capitalised Ukrainian or Russian word is a place: what the dictionaries say of it.

The gazetteer meets inflected Cyrillic names through a loose key of their word forms
(morph.name_form_key: «Києві», «Киеве» -> 'киов'), loose enough that common words meet names
too: «Если» the Oslo of 'осло', «Кита» Quito, «Тому» Tema, «Брянской» the city of Bryansk.
pymorphy3's Russian and Ukrainian dictionaries (the ones morph.py stems with) tell them apart:
a word read as an inflected name must be a form of that name by the dictionary, that is,
one of its readings has the name for its lemma («Каховки» -> «каховка», «Львове» -> «львов»),
or the dictionary does not know the word at all (most villages: then nothing changes). The
dictionaries also tag first names, surnames and patronymics («Владимир Путин», «Кім Віталій
Олександрович»), and adjectives, which name a region when a region noun follows them or a
list of them («Брянской и Курской областям», «Київську, Харківську та Запорізьку області»).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from searcher.morph import _dictionaries, script

# Parts of speech that never name a place: prepositions, conjunctions, particles, pronouns,
# predicatives, interjections, numerals, verbs, participles, gerunds and short adjectives.
FUNCTION_POS = frozenset("PREP CONJ PRCL NPRO PRED INTJ NUMR VERB INFN PRTF PRTS GRND ADJS COMP ADVB".split())
PERSON_TAGS = frozenset(("Name", "Surn", "Patr"))
# Region nouns and the gender of the adjective that goes with each (Брянская область, Красноярский
# край, Кабардино-Балкарская Республика, Харківська область, Донецька народна республіка).
REGION_NOUNS = {"область": "femn", "края": "masc", "край": "masc", "республика": "femn", "республіка": "femn"}
_REGION_NOUN_LEMMAS = frozenset(("область", "край", "республика", "республіка"))
_AND = frozenset(("и", "і", "й", "та", "а"))
_REGION_NOUN_NEAR = re.compile(r"(?<!\w)(?:област|обласл|кра[йяюе]|республик|республік)", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    pos: str  # NOUN, ADJF, PREP... ('' when unknown)
    lemma: str  # the dictionary form
    tags: frozenset[str]  # grammemes: Geox, Name, Surn, Patr, gent, femn, plur...
    parse: object = None  # pymorphy3's Parse, for `nominative`

    @property
    def nominative(self) -> str:
        """The word in the nominative of its own gender and number ('' if none): computed only
        when asked, since inflecting costs more than parsing."""
        return _nominative(self.parse) if self.pos in ("NOUN", "ADJF") else ""


@functools.lru_cache(maxsize=50_000)
def _nominative(parse) -> str:
    inflected = parse.inflect({"nomn"})
    return inflected.word if inflected else ""


@functools.lru_cache(maxsize=100_000)
def readings(word: str) -> tuple[Reading, ...]:
    """What pymorphy3's Russian and Ukrainian dictionaries (no guessing) make of a word, in lower
    case; () when neither knows it."""
    word = word.lower().replace("’", "'").replace("ʼ", "'")
    found = []
    for analyzer in _dictionaries():
        for parse in analyzer.parse(word):
            tags = frozenset(str(parse.tag).replace(" ", ",").split(","))
            found.append(Reading(parse.tag.POS or "", parse.normal_form, tags, parse))
    return tuple(found)


def is_cyrillic(word: str) -> bool:
    return script(word) == "cyrillic"


def confirms_inflection(word: str, ids: tuple[str, ...], gaz, key) -> bool:
    """Whether a word taken for an inflected form of one of these entities' names may be one: the
    dictionaries do not know it, or one of its readings is a form of such a name (its lemma, or
    its nominative, is the name). `key` is the name key function."""
    found = readings(word)
    if not found:
        return True
    wanted = set(ids)

    def names(form: str) -> bool:
        return bool(wanted.intersection(gaz.names.get(key(form), ())))

    content = [r for r in found if r.pos not in FUNCTION_POS]
    # A plural form is of a plural name only («Сил», of «сили», is no form of the village Сила).
    singular = [r for r in content if "plur" not in r.tags or "Pltm" in r.tags]
    if any(names(r.lemma) for r in singular):  # the lemma first: inflecting costs more
        return True
    return any(r.nominative and names(r.nominative) for r in content)


def place_lemma_ids(key: str, gaz) -> tuple[str, ...] | None:
    """The entities of the place name the Russian dictionary gives as a word's lemma (a reading
    tagged Geox): «Китая», «Китаем» -> «китай», which the form key of the ending alone misses
    («Китая» loses -ая: 'кит'). As for the name itself, the regions it is the base of come too
    where the places bear it only as a former name («Алтае»: Altai Krai, and Jinshanlu, once
    Altay). One word of Cyrillic only; None otherwise."""
    if " " in key or not is_cyrillic(key):
        return None
    for reading in readings(key):
        lemma = reading.lemma.replace("ё", "е")
        if "Geox" in reading.tags and lemma != key:
            ids = tuple(gaz.names.get(lemma, ()))
            if not ids or set(gaz.name_kinds.get(lemma) or "o") == {"f"}:
                ids += tuple(gaz.bases.get(lemma, ()))
            if ids:
                return tuple(dict.fromkeys(ids))
    return None


def only_function_word(word: str) -> bool:
    """Whether every reading of a known word is a function word («По», «Там», «Без», «Если»)."""
    found = readings(word)
    return bool(found) and all(r.pos in FUNCTION_POS for r in found)


def is_person_word(word: str) -> bool:
    """A first name, surname or patronymic by some reading, and not a place by any."""
    found = readings(word)
    return any(PERSON_TAGS & r.tags for r in found) and not any("Geox" in r.tags for r in found)


def first_name(word: str) -> bool:
    return any("Name" in r.tags for r in readings(word))


def names_a_person(prev: str, nxt: str) -> bool:
    """Whether a first name sits next to another part of a person's name: «Владимир Путин»,
    «Кім Віталій Олександрович», «Синєгубов Олег» (official lists put the surname first)."""
    return any(w and w[:1].isupper() and is_person_word(w) for w in (prev, nxt))


def region_adjective(word: str, before: str = "") -> tuple[str, ...]:
    """The nominative region names an adjective may stand for: «Брянской» -> ('брянская
    область', 'брянский край', ...); with the word before a hyphen, «Кабардино-Балкарской» ->
    ('кабардино-балкарская республика', ...); () when it is no adjective."""
    names = []
    prefix = f"{before.lower()}-" if before else ""
    for analyzer in _dictionaries():
        for parse in analyzer.parse(word.lower()):
            if parse.tag.POS != "ADJF":
                continue
            for noun, gender in REGION_NOUNS.items():
                inflected = parse.inflect({gender, "nomn"})
                if inflected and noun != "края":
                    names.append(f"{prefix}{inflected.word} {noun}")
    return tuple(dict.fromkeys(names))


def is_region_noun(word: str) -> bool:
    """A region noun in any case and number («областям», «областей», «краю», «республик»)."""
    return any(r.pos == "NOUN" and r.lemma in _REGION_NOUN_LEMMAS for r in readings(word))


def list_of_regions_follows(words, end: int, text: str) -> bool:
    """Whether the adjective ending at word `end` opens or continues a list of adjectives that a
    plural region noun closes: «Брянской и Курской областям», «Київську, Харківську та
    Запорізьку області»."""
    j = end
    while j < len(words) and j - end < 12:
        word = words[j][2]
        between = text[words[j - 1][1] : words[j][0]]
        if between.strip(" ,-–") and between.strip() not in ("-",):
            return False
        if is_region_noun(word):
            return j > end  # a noun right after is the plain name ("Брянской области"): looked up as such
        # Capitalised adjectives, and a lower-case one before the noun: «та інших областях».
        adjective = any(r.pos in ("ADJF", "NPRO") for r in readings(word))
        hyphened = word[:1].isupper() and (between == "-" or text[words[j][1] : words[j][1] + 1] == "-")
        if word.lower() in _AND or adjective or hyphened:  # «Карачаево-Черкесской»
            j += 1
            continue
        return False
    return False


def modifies_next_noun(words, end: int, text: str) -> bool:
    """Whether the word before `end` is an adjective agreeing with a noun right after it: «на
    Донецком направлении», «Терновскую дамбу» (then it is no town, though a town of that form
    exists: Донецк, in the locative «Донецком»), or the first word of a longer name the
    gazetteer lacks («Северной Кореи», not the village Severnyy)."""
    if end >= len(words) or text[words[end - 1][1] : words[end][0]] != " ":
        return False
    nxt = words[end][2]
    if is_region_noun(nxt) or (nxt[:1].isupper() and any(PERSON_TAGS & r.tags for r in readings(nxt))):
        return False  # «Мер Миколаєва Сєнкевич»: a surname after, not a longer name
    return agrees_as_adjective(words[end - 1][2], nxt)


def region_in_a_list(text: str, words, i: int, gaz, key) -> tuple[int, tuple[str, ...]] | None:
    """(end word index, region ids) when word i (or words i and i+1 joined by a hyphen:
    «Кабардино-Балкарской») is a region's adjective in a list that a region noun closes."""
    word = words[i][2]
    if not is_cyrillic(word) or not word[:1].isupper() or word.isupper():
        return None
    if not _REGION_NOUN_NEAR.search(text, words[i][1], words[min(i + 13, len(words) - 1)][1]):
        return None  # most words: no region noun near, so no list of regions (a cheap test first)
    end, before = i + 1, ""
    if end < len(words) and text[words[i][1] : words[end][0]] == "-" and words[end][2][:1].isupper():
        word, before, end = words[end][2], word, end + 1
    if not any(r.pos == "ADJF" for r in readings(word)) or not list_of_regions_follows(words, end, text):
        return None
    for name in region_adjective(word, before):
        ids = tuple(x for x in gaz.names.get(key(name), ()) if x.startswith("r:"))
        if ids:
            return end, ids
    return None


def not_a_place(text: str, words, start: int, end: int, candidates, gaz, key) -> int | None:
    """Where to go on (a word index) when a one-word Cyrillic name is not a place by what the
    dictionaries say of it; None when it may be one. See the module's notes."""
    word = words[start][2]
    if end - start != 1 or not is_cyrillic(word) or word.isupper() or all(e.kind == "region" for e in candidates):
        return None  # a region here came through a region noun or a list of them
    prev = words[start - 1][2] if start > 0 and text[words[start - 1][1] : words[start][0]] == " " else ""
    nxt = words[end][2] if end < len(words) and text[words[end - 1][1] : words[end][0]] == " " else ""
    # The exact name of a country, region or town (Россия, Москва, Киев: most matches) is only
    # checked for a person's name, and only beside a capitalised word: parsing costs.
    settled = key(word) in gaz.names and not all(small_town(e) for e in candidates)
    if settled and not (prev[:1].isupper() or nxt[:1].isupper()):
        return None
    if not settled:
        if only_function_word(word):
            return end
        ids = tuple(e.id for e in candidates)
        if key(word) not in gaz.names and not confirms_inflection(word, ids, gaz, key):
            return end
    if first_name(word) and not any(e.kind == "country" for e in candidates):  # «Израиля Биньямина»
        if names_a_person(prev, nxt):
            return end + 1 if nxt and is_person_word(nxt) else end
    if prev[:1].isupper() and first_name(prev) and any("Surn" in r.tags for r in readings(word)):
        return end  # «Виктора Москаленко», «Льва Толстого»
    if settled:
        return None
    if (
        opens_a_sentence(text, words[start][0])
        and common_word(word)
        and all(small_town(e) for e in candidates)
        and not _a_place_follows_in_a_list(text, words, end, gaz, key)
    ):
        return end  # «Поправки, предусматривающие...», «Серед убитих...», «Мер Харкова»
    if modifies_next_noun(words, end, text):
        return end
    return None


# The smallest town a common word opening a sentence is taken for («Буча», «Лиман» are towns
# of 20,000 and more; «Поправки», «Серед», «Голова» meet villages of a few hundred).
SENTENCE_START_TOWN = 10_000


def small_town(entity) -> bool:
    return entity.kind == "place" and entity.population < SENTENCE_START_TOWN


def common_word(word: str) -> bool:
    """Whether the dictionaries read a word as a common word (perhaps also as a name: «Голова» is
    a surname too), and never as a place."""
    found = readings(word)
    return any(not r.tags & PERSON_TAGS for r in found) and not any("Geox" in r.tags for r in found)


_SENTENCE_END = frozenset(".!?:;…\n")


def opens_a_sentence(text: str, start: int) -> bool:
    """Whether a word opens the text, a line, a sentence or a list item: before it, past spaces,
    quotes, brackets, bullets, dashes and emoji, is the start or a sentence's end."""
    j = start - 1
    while j >= 0 and not (text[j].isalnum() or text[j] in _SENTENCE_END or text[j] == "\n"):
        j -= 1
    if j > 0 and text[j] == "." and _ABBREVIATED_WORD.search(text, max(0, j - 4), j):
        return False  # «н. п. Богатырь», «с. Погребки», «м. Київ»: a settlement's abbreviation
    return j < 0 or text[j] in _SENTENCE_END or text[j] == "\n"


_ABBREVIATED_WORD = re.compile(r"(?<!\w)[а-яіїєґ]{1,3}$")


def _a_place_follows_in_a_list(text: str, words, end: int, gaz, key) -> bool:
    """Whether a comma and a name the gazetteer holds follow: «Чаплинка, Мелітополь, Токмак»."""
    if end >= len(words) or text[words[end - 1][1] : words[end][0]] != ", ":
        return False
    nxt = words[end][2]
    return nxt[:1].isupper() and key(nxt) in gaz.names


def not_a_name_part(word: str, name: str) -> bool:
    """Whether a capitalised Cyrillic word before a name leaves it a place: a word the dictionaries
    know, with a reading that is no part of a person's name, and no adjective agreeing with the
    name («Героя України», «Слава Україні», «За Україну»; not «Збройних Сил», «Верховна Рада»)."""
    common = [r for r in readings(word) if r.pos not in _NAME_PARTS and not PERSON_TAGS & r.tags]
    return is_cyrillic(word) and bool(common) and not agrees_as_adjective(word, name)


# Readings that leave a word before a name possibly part of it: a short adjective is more
# likely a foreign name's syllable («Юн Сок Ёль», not «юн», young).
_NAME_PARTS = frozenset(("ADJS", ""))


_CASES = frozenset("nomn gent datv accs ablt loct voct".split())
_GENDER_NUMBER = frozenset("masc femn neut plur".split())


def agrees_as_adjective(adjective: str, noun: str) -> bool:
    """Whether some reading of the first word is an adjective (not a pronoun: «Наш Маріуполь»)
    in the case, and the gender or number, of a noun reading of the second."""
    adjectives = [r.tags for r in readings(adjective) if r.pos == "ADJF" and "Apro" not in r.tags]
    nouns = [r.tags for r in readings(noun) if r.pos == "NOUN"]
    return any(a & n & _CASES and a & n & _GENDER_NUMBER for a in adjectives for n in nouns)


@functools.lru_cache(maxsize=1)
def _abbreviation_table() -> dict[str, str]:
    """Abbreviation as written -> entity id, from searcher/data/place_abbreviations.tsv."""
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "place_abbreviations.tsv"
    table = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, entity_id, *_ = line.split("\t")
            if written != "abbreviation":
                table[written] = entity_id
    return table


def abbreviations(words) -> list[tuple[int, str]]:
    """(word index, entity id) of the Cyrillic country abbreviations among the words, matched as
    written: «США», «РФ», «КНР» (in capitals only: «рф» in a URL is not Russia)."""
    table = _abbreviation_table()
    return [(n, table[w]) for n, (_, _, w) in enumerate(words) if w in table]
