"""Places: a gazetteer from GeoNames, and the places an article names, in any spelling or script.

The gazetteer (searcher/data/gazetteer.tsv.gz, made by scripts/build_gazetteer.py) lists
countries, first-level regions and populated places with all the names a text may use. An
article's places are found by dictionary lookups of word sequences (no scans of the list),
kept only where the text writes them as names (capitalised, not part of a person's name), and
resolved by context where a name is ambiguous (Pokrovsk in Ukraine, not the Russian town that
once bore the name, when the article is about Ukraine).
"""

from __future__ import annotations

import csv
import functools
import gzip
import pickle
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from searcher.cache import cache_folder
from searcher.enrich import cyrillic_names, place_rules
from searcher.enrich.place_rules import Rules, package_rules
from searcher.enrich.resolution import distinct
from searcher.errors import UsageError
from searcher.morph import name_form_key, strip_marks, text_form_key
from searcher.records import PlaceRef

GAZETTEER_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.tsv.gz"

MAX_WORDS = 5  # longer names ("Ciudad de la Santisima Trinidad...") are not how news names places
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_APOSTROPHES = re.compile(r"['’ʼ`]")
_POSSESSIVE = re.compile(r"['’ʼ][sS]$")
# Words that make a preceding name a region: "Kharkiv Oblast", "the Kharkiv region".
REGION_NOUNS = frozenset(
    "oblast oblasts region regions province provinces governorate governorates krai область области".split()
)
PLURAL_REGION_NOUNS = frozenset("oblasts regions provinces governorates".split())
# Capitalised words that may stand before a place without making it part of a longer name.
_LEADING_WORDS = frozenset(
    """in at from near to of and or but the a an on by for into via toward towards across around
    outside inside between north south east west northern southern eastern western central
    northeast northwest southeast southwest northeastern northwestern southeastern southwestern
    occupied liberated besieged city town village settlement oblast region governorate province
    as while when after before since if during per with without against over under beyond
    yesterday today tonight overnight meanwhile however also then later earlier now still
    both all most many some several other only even""".split()
)
# Capitalised words that may follow a place: "Kharkiv City", "Izyum axis" (lower case anyway).
_ARABIC_PARTICLES = frozenset("al el ad ar as ash at az an ed es ez".split())


@dataclass(frozen=True)
class Entity:
    id: str  # c:UA, r:UA.07, p:707292
    kind: str  # country, region, place
    name: str
    region: str  # region id of a place
    country: str  # ISO 3166-1 alpha-2
    population: int
    lat: float | None = None  # degrees; None for countries, regions and places without coordinates
    lon: float | None = None


# The kind of a name for an entity (gazetteer columns `names`, `alternates`, `former`): the
# entity's own name in one of its spellings (Kyiv, Київ, Kiev: its current name, official or as
# the press writes it), an alternate (another language's name, a rarer spelling: Kijów,
# Киев... as GeoNames lists them), or a former name (Artemivsk for Bakhmut, Sverdlovsk for
# Yekaterinburg). A place's own name outranks another place's alternate or former one.
OWN, ALTERNATE, FORMER = "own", "alternate", "former"
_NAME_KIND_CODES = {"o": OWN, "a": ALTERNATE, "f": FORMER}
_NAME_KIND_ORDER = {OWN: 0, ALTERNATE: 1, FORMER: 2}


def name_key(text: str) -> str:
    """How names are compared: case, accents and apostrophes folded, words split on anything
    else: 'Deir ez-Zor' and 'DEIR EZ ZOR' are 'deir ez zor'; "Artemivs'k" is 'artemivsk'."""
    text = strip_marks(_APOSTROPHES.sub("", text.casefold()))  # as analysis.fold: й and ї stay
    return " ".join(_WORD.findall(text))


class Gazetteer:
    """Entities by id; the ids each name key (and region base) may refer to, best first; and the
    fold table: name key -> the words of its entity's own name, where they differ ("izyum" ->
    ("izium",)), which the analyzer uses so that every spelling finds every other.

    The mappings are dicts when read from the package's data (indexing, inspect) and views of
    the index's lexicon at search time (opening it costs a millisecond, not a second).
    """

    def __init__(
        self,
        entities: Mapping[str, Entity],
        names: Mapping[str, tuple[str, ...]],
        bases: Mapping[str, tuple[str, ...]],
        fold: Mapping[str, tuple[str, ...]],
        max_words: int,
        fold_starts: Container[str] | None = None,
        name_kinds: Mapping[str, str] | None = None,
    ) -> None:
        self.entities = entities
        self.names = names
        self.bases = bases
        self.fold = fold
        self.max_words = max_words
        # name key -> one letter per id of `names[key]`, in its order (o own, a alternate,
        # f former); keys whose ids all bear it as their own name are left out.
        self.name_kinds = name_kinds if name_kinds is not None else {}
        # First words of the multi-word keys of `fold`: only those make the analyzer look ahead.
        self.fold_starts = fold_starts if fold_starts is not None else {k.split(" ", 1)[0] for k in fold if " " in k}
        # First words of multi-word names and region bases: only those make extraction look ahead.
        self.name_starts = (
            fold_starts
            if fold_starts is not None
            else {k.split(" ", 1)[0] for mapping in (names, bases) for k in mapping if " " in k}
        )

    def lookup(self, name: str) -> list[Entity]:
        """Entities with this name (any spelling or script), best-known first."""
        return [self.entities[i] for i in self.names.get(name_key(name), ())]

    def name_kind(self, key: str, entity_id: str) -> str:
        """OWN, ALTERNATE or FORMER: what the name key is to the entity ('artemivsk' is a
        former name of Bakhmut); OWN for a pair the gazetteer does not hold."""
        codes = self.name_kinds.get(key)
        if not codes:
            return OWN
        ids = self.names.get(key, ())
        return _NAME_KIND_CODES[codes[ids.index(entity_id)]] if entity_id in ids else OWN

    def region_of(self, entity: Entity) -> Entity | None:
        return self.entities.get(entity.region) if entity.region else None

    def country_of(self, entity: Entity) -> Entity | None:
        return self.entities.get(f"c:{entity.country}")

    def resolve(self, name: str) -> list[Entity]:
        """What a user or a data set means by a place name: 'Izyum', 'Kharkiv Oblast',
        'the Kharkiv region', 'Харків'. Regions are recognised by their nouns."""
        key = name_key(name)
        words = key.split()
        if words and words[0] == "the":
            words = words[1:]
        if len(words) > 1 and words[-1] in REGION_NOUNS:
            regions = self.bases.get(" ".join(words[:-1]), ())
            if regions:
                return [self.entities[i] for i in regions]
        return [self.entities[i] for i in self.names.get(" ".join(words), ())]


@functools.lru_cache(maxsize=1)
def gazetteer(path: Path = GAZETTEER_PATH) -> Gazetteer:
    """The package's gazetteer, read once per process: from a pickled copy of the loaded
    tables when one matches the file and this loader (a few tenths of a second), else from
    the file (seconds), then kept as such a copy for the next run."""
    cache = _cache_path(path)
    if cache is not None:
        try:
            with cache.open("rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            pass  # none yet, or unreadable: read the file
    gaz = read_gazetteer(path)
    if cache is not None:
        _form_index(gaz)  # built once, kept in the copy: seconds saved on every later run
        _write_cache(cache, gaz)
    return gaz


def _cache_path(path: Path) -> Path | None:
    """Where the loaded gazetteer is kept: a name from the hashes of the file and of this module's
    source (a new file, or a new loader, makes a new copy); None when neither can be read."""
    import hashlib

    import searcher.morph

    try:
        digest = hashlib.sha256(path.read_bytes())
        # The copy holds what this loader and morph's name forms made of the file.
        for module in (__file__, searcher.morph.__file__):
            digest.update(Path(module).read_bytes())
    except OSError:
        return None
    root = cache_folder()
    return None if root is None else root / f"gazetteer-{digest.hexdigest()[:20]}.pickle"


def _write_cache(cache: Path, gaz: Gazetteer) -> None:
    """Write the copy atomically; a folder that cannot be written only costs the next run time."""
    import os
    import tempfile

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("gazetteer-*.pickle"):
            old.unlink(missing_ok=True)  # copies of other files or loaders
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass


def read_gazetteer(path: Path = GAZETTEER_PATH) -> Gazetteer:
    """The gazetteer read from its data file (about a second and more)."""
    entities: dict[str, Entity] = {}
    # name key -> the ids bearing it, by the kind of name it is for them (own, alternate, former)
    by_kind: tuple[dict[str, list[str]], ...] = ({}, {}, {})
    bases: dict[str, list[str]] = {}
    key = _loader_key
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        column = {c: n for n, c in enumerate(next(reader))}
        c_id, c_kind, c_name, c_region, c_country = (column[x] for x in ("id", "kind", "name", "region", "country"))
        c_pop, c_bases = column["population"], column["bases"]
        c_lat, c_lon = column.get("lat"), column.get("lon")
        # Older files have one `names` column: every name counts as the entity's own.
        name_columns = [(column[c], by_kind[n]) for n, c in enumerate(("names", "alternates", "former")) if c in column]
        for row in reader:
            lat = row[c_lat] if c_lat is not None else ""
            lon = row[c_lon] if c_lon is not None else ""
            eid, name = row[c_id], row[c_name]
            entities[eid] = Entity(
                eid,
                row[c_kind],
                name,
                row[c_region],
                row[c_country],
                int(row[c_pop] or 0),
                float(lat) if lat else None,
                float(lon) if lon else None,
            )
            own_field = row[name_columns[0][0]]
            if not (own_field == name or own_field.startswith(name + "|")):  # the file puts it first
                own_field = f"{name}|{own_field}" if own_field else name
            # The file holds each name key once per entity (the build deduplicates).
            for number, (index, table) in enumerate(name_columns):
                field = own_field if number == 0 else row[index]
                if not field:
                    continue
                for n in field.split("|"):
                    k = key(n)
                    if k and (" " not in k or k.count(" ") < MAX_WORDS):
                        if k in table:
                            table[k].append(eid)
                        else:
                            table[k] = [eid]
            if row[c_bases]:
                for base in {key(b) for b in row[c_bases].split("|") if b}:
                    bases.setdefault(base, []).append(eid)
    own = {i: key(e.name) for i, e in entities.items()}
    rank = functools.partial(_rank, entities, own)
    ranked: dict[str, tuple[str, ...]] = {}
    name_kinds: dict[str, str] = {}
    own_names, alternate_names, former_names = by_kind
    for k, group in own_names.items():  # most keys: one entity's own name
        ranked[k] = tuple(sorted(group, key=lambda i: rank(i, k))) if len(group) > 1 else (group[0],)
    for k in {**alternate_names, **former_names}:
        ids, codes = list(ranked.get(k, ())), "o" * len(ranked.get(k, ()))
        for table, code in ((alternate_names, "a"), (former_names, "f")):
            group = table.get(k)
            if group:
                ids += sorted(group, key=lambda i: rank(i, k)) if len(group) > 1 else group
                codes += code * len(group)
        ranked[k] = tuple(ids)
        name_kinds[k] = codes
    return Gazetteer(
        entities,
        ranked,
        {k: tuple(sorted(v, key=lambda i: rank(i, k))) for k, v in bases.items()},
        _fold_table(entities, ranked, own),
        max((k.count(" ") + 1 for k in ranked), default=1),
        name_kinds=name_kinds,
    )


class _FoldChars(dict):
    """Code point -> what name_key makes of its character before splitting words (case folded, apostrophes
    dropped, decomposed, combining marks dropped): each character on its own, so a name is
    folded with one str.translate. Filled as characters are met."""

    def __missing__(self, code: int) -> str:
        # As name_key (morph.strip_marks: й and ї stay), one character at a time.
        value = self[code] = strip_marks(_APOSTROPHES.sub("", chr(code).casefold()))
        return value


_FOLD_CHARS = _FoldChars()


def _loader_key(text: str) -> str:
    """name_key(text), faster (the loader folds some 300,000 names): the same steps, character
    by character, which gives the same result (tests/test_gazetteer.py checks every name)."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # "і" + U+0308 is ї, a letter strip_marks keeps
    folded = text.translate(_FOLD_CHARS)
    if folded.isalnum():  # one word of letters (most names): what _WORD would find
        return folded
    return " ".join(_WORD.findall(folded))


def _fold_table(
    entities: Mapping[str, Entity], names: Mapping[str, tuple[str, ...]], own: Mapping[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Name key -> the words of the best-known entity's own name, for keys that differ from it
    and have as many words (so that each word keeps its position for phrase queries). A name
    of several words whose own words would be folded one by one into other places' names is
    kept as it is, as one unit ('bilhorod dnistrovskyi' stays, and 'bilhorod', the Ukrainian
    name of Belgorod, is not folded inside it)."""
    own = own if own is not None else {i: name_key(e.name) for i, e in entities.items()}
    table = {}
    for key, ids in names.items():
        canonical = own[ids[0]]
        if canonical != key and canonical.count(" ") == key.count(" "):
            table[key] = tuple(canonical.split())
    for key, ids in names.items():
        if " " in key and key not in table and own[ids[0]] == key:
            if any(w in table for w in key.split()):
                table[key] = tuple(key.split())
    return table


def _rank(entities: Mapping[str, Entity], own: Mapping[str, str], entity_id: str, key: str) -> tuple:
    """Best-known first among the entities that bear a name as the same kind of name (the
    loader puts those whose own name it is, in any spelling, before those that have it as an
    alternate, before those that once bore it): countries, then towns, then regions ('New
    York' is the city); then by population ('Odessa' is Odesa, Ukraine, before Odessa, Texas;
    'Pokrovsk' is Pokrovsk, Ukraine); then the one named exactly so; then by id (no tie is
    left to the order of the file)."""
    entity = entities[entity_id]
    kind_order = {"country": 0, "place": 1, "region": 2}.get(entity.kind, 3)
    return (kind_order, -entity.population, own[entity_id] != key, entity_id)


class _Keys:
    """The name keys of a text's words, computed only for the words looked at."""

    def __init__(self, words) -> None:
        self.words = words

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_word_key(w) for _, _, w in self.words[index]]
        return _word_key(self.words[index][2])

    def name(self, i: int, n: int) -> str:
        """The key of words i..i+n as a name: its last word without a possessive ("Lviv’s" is
        Lviv; "Luhansk People’s Republic" keeps its inner one)."""
        last = self.words[i + n - 1][2]
        if _POSSESSIVE.search(last):
            last_key = _word_key(_POSSESSIVE.sub("", last))
            return " ".join([*self[i : i + n - 1], last_key]) if n > 1 else last_key
        return self[i] if n == 1 else " ".join(self[i : i + n])


_word_key = functools.lru_cache(maxsize=300_000)(name_key)


@dataclass
class _Match:
    start: int  # word index
    end: int  # word index, exclusive
    surface: str
    candidates: list[Entity]
    key: str = ""  # the name key that matched


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets in the text
    end: int
    surface: str
    entity: Entity | None  # None: unresolved (several candidates and no evidence to choose)
    candidates: tuple[Entity, ...] = ()
    correction: str = ""  # the corrections file that decided it, if one did


def find_mentions(text: str, gaz: Gazetteer | None = None, rules: Rules | None = None) -> list[Mention]:
    """Every place name in a text, with its offsets and the entity it was resolved to (None
    when the evidence does not decide between its candidates)."""
    from searcher.enrich.resolution import resolve_matches

    gaz = gaz or gazetteer()
    rules = rules or package_rules()
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    matches = _find_matches(text, words, _Keys(words), gaz, rules)
    mentions = []
    for m, (entity, correction) in zip(matches, resolve_matches(text, words, matches, gaz, rules), strict=True):
        possessive = _POSSESSIVE.search(m.surface)
        surface = m.surface[: possessive.start()] if possessive else m.surface
        start = words[m.start][0]
        mentions.append(Mention(start, start + len(surface), surface, entity, tuple(m.candidates), correction))
    return mentions


def extract_places(text: str, gaz: Gazetteer | None = None, rules: Rules | None = None) -> list[PlaceRef]:
    """The places a text names, in order of first mention, each with the words that named it;
    names left unresolved come as kind "unresolved", with their candidates."""
    gaz = gaz or gazetteer()
    found: dict[str, tuple[Mention, list[str]]] = {}
    for mention in find_mentions(text, gaz, rules):
        key = mention.entity.id if mention.entity else f"u:{name_key(mention.surface)}"
        surfaces = found.setdefault(key, (mention, []))[1]
        if mention.surface not in surfaces:
            surfaces.append(mention.surface)
    refs = []
    for key, (mention, surfaces) in found.items():
        if mention.entity is None:
            refs.append(unresolved_ref(key, mention, gaz, tuple(surfaces)))
        else:
            refs.append(place_ref(mention.entity, gaz, tuple(surfaces), "text", mention.correction))
    return refs


def unresolved_ref(key: str, mention: Mention, gaz: Gazetteer, matched: tuple[str, ...]) -> PlaceRef:
    return PlaceRef(
        id=key,
        name=mention.surface,
        kind="unresolved",
        matched=matched,
        source="text",
        candidates=tuple(dict.fromkeys(place_label(e, gaz) for e in mention.candidates)),
    )


def place_label(entity: Entity, gaz: Gazetteer) -> str:
    """'Pervomaiske, Donetsk Oblast': a place with its region (or country), as users write it."""
    where = gaz.region_of(entity) or (gaz.country_of(entity) if entity.kind != "country" else None)
    return f"{entity.name}, {where.name}" if where else entity.name


def _find_matches(text: str, words, keys: _Keys, gaz: Gazetteer, rules: Rules) -> list[_Match]:
    matches: list[_Match] = []
    abbreviations = _abbreviations(text, words, gaz)
    seen = _Seen(text, words)
    i = 0
    while i < len(words):
        first = words[i][2][0]
        if (first.islower() or first.isdigit()) and i not in abbreviations:  # most words: no name
            i += 1
            continue
        if i > 0 and _after_a_first_name(text, words, keys, i, rules):
            seen.persons.add(keys[i])  # a surname: "Mayor Dmytro Orlov" ... "Orlov reported"
        match = abbreviations.get(i) or _match_at(text, words, keys, i, gaz)
        if match is None:
            i += 1
            continue
        skip = _not_a_place(text, words, keys, match, gaz, rules, seen) if i not in abbreviations else None
        if skip is not None:
            i = max(skip, i + 1)
            continue
        matches.append(match)
        i = match.end
    # A name seen as an organisation's ("Levada Center") or as a person's surname is that
    # organisation or person everywhere in the text.
    return [m for m in matches if m.key not in seen.organisations and m.key not in seen.persons]


def _after_a_first_name(text: str, words, keys: _Keys, i: int, rules: Rules) -> bool:
    """Whether word i follows a first name ("Dmytro Orlov") or an initial ("Frederick W. Kagan",
    "Vladimir V. Putin"): then it is a surname."""
    start, prev = words[i][0], words[i - 1]
    between = text[prev[1] : start]
    if between == " ":
        return keys[i - 1] in rules.first_names and _looks_like_a_name(prev[2])
    initial = len(prev[2]) == 1 and prev[2].isupper() and between == ". "
    return initial and (i < 2 or text[words[i - 2][1] : prev[0]] == " ")


class _Seen:
    """What the rules learn about a text as they go: names used as organisations' or as
    surnames, and which words it also writes in lower case."""

    def __init__(self, text: str, words) -> None:
        self.text, self.words = text, words
        self.organisations: set[str] = set()
        self.persons: set[str] = set()
        self._lower: dict[str, bool] = {}

    def writes_lower(self, word: str) -> bool:
        """Whether the text also writes the word in lower case, between spaces or punctuation
        (not inside a URL)."""
        found = self._lower.get(word)
        if found is None:
            pattern = r"(?:^|[\s\"'“(])" + re.escape(word.lower()) + r"(?=[\s,.;:!?)\"'”]|$)"
            found = self._lower[word] = re.search(pattern, self.text) is not None
        return found


def _not_a_place(text: str, words, keys: _Keys, match: _Match, gaz: Gazetteer, rules: Rules, seen: _Seen) -> int | None:
    """Where to go on (a word index) when the match is not a place but part of something else;
    None when it stands as a place. See searcher/data/not_places.toml for the lists."""
    i, end = match.start, match.end
    if _part_of_a_compound(text, words, keys, end, match.candidates, gaz):
        return end + 1
    skip = cyrillic_names.not_a_place(text, words, i, end, match.candidates, gaz, name_key)
    if skip is not None:
        return skip
    names = {match.key, *(_word_key(e.name) for e in match.candidates)}
    block = place_rules.blocked(rules, names, keys, i, end)
    if block is not None:
        return end + (len(block.next[0].split()) if block.next else 0)
    if match.key in seen.persons:
        return end
    if end - i == 1 and match.key in rules.name_prefixes and end < len(words):
        if text[words[end - 1][1] : words[end][0]] == " " and _looks_like_a_name(words[end][2]):
            return end + 1  # "Nova Khakovka": the first word of a longer name, misspelt or unknown
    if i > 0:
        before = text[words[i - 1][1] : words[i][0]]
        if before == " " and keys[i - 1] in rules.name_prefixes:
            return end  # "Bila Hora": the second word of a name the gazetteer lacks
        if before == "-" and keys[i - 1] in rules.hyphen_prefixes:
            return end  # "pro-Russia"
    nxt_key = keys[end] if end < len(words) else ""
    between = text[words[end - 1][1] : words[end][0]] if end < len(words) else ""
    possessive = _POSSESSIVE.search(words[end - 1][2])
    if nxt_key and not possessive and between == " ":
        nxt = words[end][2]
        if nxt_key in rules.street and not _latin_headline(text, words[i]):
            return end + 1
        if _looks_like_a_name(nxt) and nxt_key in rules.after:
            if nxt_key in rules.organisation:
                seen.organisations.add(match.key)
            return end + 1
        if (
            end - i == 1
            and match.key in rules.first_names
            and _looks_like_a_name(nxt)
            and not any(e.kind == "country" for e in match.candidates)
            and nxt_key not in _LEADING_WORDS
            and nxt_key not in REGION_NOUNS
        ):
            return _end_of_a_persons_name(text, words, end)
    if end - i == 1 and _capitalised_by_position(text, words, i) and seen.writes_lower(words[i][2]):
        return end  # "Cars" opening a sentence in a text that writes "cars"
    return None


def _end_of_a_persons_name(text: str, words, j: int) -> int:
    """After a first name: the surname, and a middle initial or second surname ("Frederick W. Kagan")."""
    last = j
    while last < len(words) and last - j < 3 and _looks_like_a_name(words[last][2]):
        last += 1
        if last < len(words) and text[words[last - 1][1] : words[last][0]] not in (" ", ". ", "-"):
            break
    return last


def _capitalised_by_position(text: str, words, i: int) -> bool:
    """Whether a word may be capitalised for where it stands rather than as a name: the start of
    the text, of a line or a sentence, or a word of a line in Title Case."""
    start = words[i][0]
    return _sentence_start(text, start) or _title_case_line(text, start)


@functools.lru_cache(maxsize=4096)
def _title_case(line: str) -> bool:
    long_words = [w for w in _WORD.findall(line) if len(w) > 3]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


_SENTENCE_END = re.compile(r"[.!?](?=\s)")


def _title_case_line(text: str, start: int) -> bool:
    """Whether the line around `start` is in Title Case (a headline), judged once per line; in a
    long line, the sentence around `start` (exports that run the headline into the body:
    "Rebels Dead in Fighting for Key Aleppo Road. At least 29 ...")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if len(line) < 400 and _title_case(line):  # a headline is short; a paragraph is not one
        return True
    offset = start - line_start
    before = [m.end() for m in _SENTENCE_END.finditer(line, max(0, offset - 300), offset)]
    after = _SENTENCE_END.search(line, offset)
    sentence = line[before[-1] if before else 0 : after.end() if after else len(line)]
    return len(sentence) < 300 and _title_case(sentence)


# Country abbreviations, matched as written: "US" and "U.S." are the United States, "us" is not.
_ABBREVIATIONS = re.compile(r"(?<![\w.])(?:(U\.S\.?|US)|(U\.K\.?|UK)|(U\.A\.E\.?|UAE))(?!\w)")
_ABBREVIATED = ("c:US", "c:GB", "c:AE")


def _abbreviations(text: str, words, gaz: Gazetteer) -> dict[int, _Match]:
    """{word index: match} for the country abbreviations in the text («США», «РФ» as well)."""
    found = {
        n: _Match(n, n + 1, words[n][2], [gaz.entities[x]])
        for n, x in cyrillic_names.abbreviations(words)
        if x in gaz.entities
    }
    if not _ABBREVIATIONS.search(text):
        return found
    index_at = {start: i for i, (start, _, _) in enumerate(words)}
    for m in _ABBREVIATIONS.finditer(text):
        entity = gaz.entities.get(_ABBREVIATED[m.lastindex - 1])
        first = index_at.get(m.start())
        if entity is None or first is None:
            continue
        last = first
        while last + 1 < len(words) and words[last + 1][1] <= m.end():
            last += 1
        found[first] = _Match(first, last + 1, m.group().rstrip("."), [entity])
    return found


def _match_at(text: str, words, keys: _Keys, i: int, gaz: Gazetteer) -> _Match | None:
    if not _looks_like_a_name(words[i][2]):
        return None
    listed = cyrillic_names.region_in_a_list(text, words, i, gaz, name_key) if not keys[i].isascii() else None
    if listed is not None:
        end, ids = listed
        return _Match(i, end, text[words[i][0] : words[end - 1][1]], [gaz.entities[x] for x in ids], keys[i])
    starts = keys[i] in gaz.name_starts or inflected_start(keys[i], gaz)
    longest = min(gaz.max_words, len(words) - i) if starts else 1
    parts = keys[i : i + longest] if longest > 1 else [keys[i]]
    for n in range(longest, 0, -1):
        key = parts[0] if n == 1 else " ".join(parts[:n])
        last = words[i + n - 1][2]
        if last[-1] in "sS" and last[-2:-1] in ("'", "’", "ʼ") and not name_ids(key, gaz):
            key = keys.name(i, n)  # "Lviv’s" is Lviv; "Luhansk People’s Republic" keeps its own
        region = _region_after(text, words, keys, i, n, key, gaz) or _region_before(words, keys, i, n, key, gaz)
        if region is not None:
            end, ids = region
            return _Match(i, end, text[words[i][0] : words[end - 1][1]], [gaz.entities[x] for x in ids], key)
        ids = name_ids(key, gaz) if n > 1 else _acronym_safe(text, words[i], _place_word(key, gaz))
        if not ids or not (_looks_like_a_name(words[i + n - 1][2]) or (n > 1 and _region_noun_form(keys[i + n - 1]))):
            continue
        if _part_of_a_longer_name(text, words, i, n, gaz):
            return None
        return _Match(i, i + n, text[words[i][0] : words[i + n - 1][1]], distinct(_with_region(key, ids, gaz)), key)
    return None


def name_ids(key: str, gaz: Gazetteer) -> tuple[str, ...] | None:
    """The entities a name key may mean, best-known first. The one place names are looked up
    (extraction, --place, corrections), so other lookups (inflected forms) can hook in here."""
    if key.isascii():
        return gaz.names.get(key)
    return _other_script_name_ids(key, gaz)


# A gazetteer never changes once built (corrections make a new one), so its answers can be kept;
# Cyrillic words need dictionary parses to be looked up, and they repeat from record to record.
@functools.lru_cache(maxsize=100_000)
def _other_script_name_ids(key: str, gaz: Gazetteer) -> tuple[str, ...] | None:
    ids = gaz.names.get(key)
    # The dictionary's place lemma (parsed only for words that meet some name: parsing costs)
    # comes before the loose form key («Китая» is China, not Quito), and competes with an exact
    # name of small places only: «Львове» is Lviv (Львов) as well as the village Lvove.
    if ids is None:
        inflected = inflected_name_ids(key, gaz)
        return (cyrillic_names.place_lemma_ids(key, gaz) if inflected else None) or inflected
    if all(cyrillic_names.small_town(gaz.entities[x]) for x in ids):
        lemma_ids = cyrillic_names.place_lemma_ids(key, gaz)
        if lemma_ids:
            ids = tuple(dict.fromkeys(ids + lemma_ids))
    return ids


# Inflected Cyrillic and Arabic names («у Києві», «Харківської області», بحلب): looked up by
# the key of their word forms (morph.name_form_key) among the gazetteer's names of those scripts.


def inflected_name_ids(key: str, gaz: Gazetteer) -> tuple[str, ...] | None:
    """The entities of the gazetteer names whose word forms this key's forms are, best first."""
    forms = _form_index(gaz)
    form = text_form_key(key) if forms else None
    keys = forms[0].get(form) if form else None
    if not keys:
        return None
    return tuple(dict.fromkeys(i for k in keys for i in gaz.names[k]))


_REGION_NOUN_FORMS = frozenset(
    name_form_key(w) for w in ("область", "край", "губернія", "губерния", "мухафаза", "республика", "республіка")
)


def _region_noun_form(key: str) -> bool:
    """A Cyrillic region noun in any case, written in lower case inside a name («Харківській області»)."""
    return not key.isascii() and name_form_key(key) in _REGION_NOUN_FORMS


def inflected_fold(key: str, gaz: Gazetteer, surface: str = "") -> tuple[str, ...] | None:
    """What the analyzer folds a capitalised inflected one-word name into: the words of its
    best-known entity's own name («Харкові» -> ('kharkiv',)), or None. From the package's
    gazetteer while indexing, from the lexicon's `fold_forms` table at search time."""
    if surface[:1].islower() or key.isascii() or " " in key:
        return None
    return _inflected_fold(key, gaz)


@functools.lru_cache(maxsize=100_000)  # see _other_script_name_ids
def _inflected_fold(key: str, gaz: Gazetteer) -> tuple[str, ...] | None:
    table = getattr(gaz, "fold_forms", None)
    if table is not None:
        form = text_form_key(key)
        return table.get(form) if form else None
    ids = inflected_name_ids(key, gaz)
    if not ids:
        return None
    own = name_key(gaz.entities[ids[0]].name).split()
    return tuple(own) if len(own) == 1 else None


def _fold_forms(gaz: Gazetteer):
    """(form key, own name) of every one-word Cyrillic or Arabic name, for the lexicon."""
    forms = _form_index(gaz)
    for form, keys in (forms[0] if forms else {}).items():
        if " " not in form:
            own = name_key(gaz.entities[gaz.names[keys[0]][0]].name).split()
            if len(own) == 1:
                yield form, own[0]


def name_parts(gaz: Gazetteer) -> dict[str, set[str]]:
    """{word: the names of several words that populated places bear and that hold it} ("odesa":
    "nova odesa"; "khmelnytskyi": "pereiaslav khmelnytskyi"), each as the text is indexed (the
    words its spellings fold into), so that a search for a place can pass over the names of
    other places its name is part of. Read from the lexicon's `name_parts` at search time."""
    parts: dict[str, set[str]] = {}
    for key, ids in gaz.names.items():
        if " " in key and any(gaz.entities[i].kind == "place" for i in ids):
            form = " ".join(gaz.fold.get(key) or key.split())
            for word in form.split():
                parts.setdefault(word, set()).add(form)
    return parts


def longer_names(word: str, gaz: Gazetteer) -> tuple[str, ...]:
    """The names of several words that hold `word` (as name_parts keeps them)."""
    table = getattr(gaz, "name_parts", None)
    if table is None:
        table = gaz.name_parts = {w: tuple(sorted(forms)) for w, forms in name_parts(gaz).items()}
    return tuple(table.get(word, ()))


def inflected_start(key: str, gaz: Gazetteer) -> bool:
    """Whether a word may start an inflected name of several words («Харківської області»)."""
    forms = _form_index(gaz)
    return bool(forms) and not key.isascii() and text_form_key(key) in forms[1]


def _form_index(gaz: Gazetteer) -> tuple[dict[str, list[str]], set[str]] | None:
    """_build_form_index(gaz), kept on the gazetteer (and in its pickled copy: see gazetteer())."""
    kept = getattr(gaz, "_form_cache", None)
    if kept is None:
        kept = gaz._form_cache = (_build_form_index(gaz),)
    return kept[0]


def _build_form_index(gaz: Gazetteer) -> tuple[dict[str, list[str]], set[str]] | None:
    """(form key -> the name keys of its forms, largest place first; first words of those of
    several words), built once per gazetteer read from the package (not for the lexicon's
    views at search time, which would read every name)."""
    if not isinstance(gaz.names, dict):
        return None
    index: dict[str, list[str]] = {}
    for key in gaz.names:
        if not key.isascii():
            index.setdefault(name_form_key(key), []).append(key)

    def size(name: str) -> int:
        return -max((gaz.entities[i].population for i in gaz.names[name][:1]), default=0)

    for keys in index.values():
        keys.sort(key=size)
    return index, {k.split(" ", 1)[0] for k in index if " " in k}


def _acronym_safe(text: str, word, ids: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A short word in capitals is an acronym (SANA, the Syrian news agency, is not Sana'a; EST
    is a time zone), unless it names an area by its acronym (DNR, LNR), or is a dateline
    ("KYIV, Ukraine —", "SUMY (Reuters) -") or a word of a line in capitals."""
    start, end, w = word
    if ids and len(w) <= 4 and w.isupper():
        if _dateline(text, start, end) or _shouted_line(text, start):
            return ids
        return tuple(i for i in ids if i.startswith("a:")) or None
    return ids


_DATELINE_AFTER = re.compile(r"\s*(?:[,(—–:]|-\s)")


def _dateline(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and bool(_DATELINE_AFTER.match(text, end))


def _shouted_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    letters = [c for c in text[line_start : line_end if line_end >= 0 else len(text)] if c.isalpha()]
    return len(letters) >= 12 and all(c.isupper() for c in letters)


def _part_of_a_compound(text: str, words, keys: _Keys, j: int, candidates: list[Entity], gaz: Gazetteer) -> bool:
    """Whether the name is the first half of a hyphenated name the gazetteer lacks
    ("Rai-Oleksandrivka", not Rai). A route between two places ("Bakhmut-Lysychansk road",
    "Russia-Ukraine") is two names: both halves are places, and the first a country, region
    or town of ROUTE_TOWN people or more (Rai, Ternopil Oblast, has 726)."""
    if j >= len(words) or text[words[j - 1][1] : words[j][0]] != "-" or not _looks_like_a_name(words[j][2]):
        return False
    if not name_ids(keys[j], gaz):
        return True
    return not any(e.kind != "place" or e.population >= ROUTE_TOWN for e in candidates)


ROUTE_TOWN = 2_000  # the smallest town a route is named after ("Novoaidar-Severodonetsk": 7,800)


def _with_region(key: str, ids: tuple[str, ...], gaz: Gazetteer) -> list[Entity]:
    """The candidates of a name; with the region it is the base of when the places bear it only
    as a former name ("Dnipropetrovsk" alone: Dnipro's former name, and the oblast's)."""
    from searcher.enrich.resolution import name_kind

    candidates = [gaz.entities[x] for x in ids]
    regions = gaz.bases.get(key)
    if regions and not any(name_key(e.name) == key or name_kind(e, key, gaz) != "former" for e in candidates):
        candidates += [gaz.entities[r] for r in regions if r not in ids]
    return candidates


def _place_word(key: str, gaz: Gazetteer) -> tuple[str, ...] | None:
    """The entities a single word names. A possessive counts: name keys drop apostrophes, so
    "Ukraine's" is "ukraines"; a country's name is also taken without its "s" where data lost
    the apostrophe ("Syrias"), a town's is not ("thousands of Buchas")."""
    ids = name_ids(key, gaz)
    if ids is None and len(key) > 4 and key.endswith("s"):
        ids = tuple(i for i in name_ids(key[:-1], gaz) or () if i.startswith("c:")) or None
    return ids


def _region_after(text: str, words, keys: _Keys, i: int, n: int, key: str, gaz: Gazetteer):
    """(end word index, region ids) when the name is followed by a region noun, directly
    ('Kharkiv Oblast'), after a list ('Voronezh, Kursk, and Rostov oblasts'), in a pair
    ('the Kherson-Mykolaiv Oblast border'), or by a governor's title ('Homs Governor Talal
    Barazi')."""
    ids = gaz.bases.get(key)
    if not ids or i + n >= len(keys):
        return None
    if keys[i + n] in REGION_NOUNS:
        return i + n + 1, ids
    if keys[i + n] in _GOVERNORS:
        return i + n, ids
    paired = False
    for j in range(i + n, min(i + n + 12, len(keys))):
        paired = paired or text[words[j - 1][1] : words[j][0]] == "-"
        if keys[j] in PLURAL_REGION_NOUNS or (paired and keys[j] in REGION_NOUNS):
            return i + n, ids
        if keys[j] not in _LEADING_WORDS and not _looks_like_a_name(words[j][2]):
            return None
    return None


# Words after a name that make it the region's without being part of its name: "Homs Governor
# Talal Barazi", "the Aleppo countryside".
_GOVERNORS = frozenset(("governor", "governors", "governorship", "countryside"))


def _region_before(words, keys: _Keys, i: int, n: int, key: str, gaz: Gazetteer):
    """(end word index, region ids) for 'the province of Idlib', 'Oblast of Kharkiv', 'the
    governorates of Rif Dimashq, Daraa and Quneitra'."""
    ids = gaz.bases.get(key)
    if not ids or i < 2:
        return None
    if (keys[i - 1] == "of" and keys[i - 2] in REGION_NOUNS) or keys[i - 1] == "rural":  # "rural Idlib"
        return i + n, ids
    for j in range(i - 1, max(1, i - 10), -1):  # back through a list to "governorates of"
        if keys[j] == "of":
            return (i + n, ids) if keys[j - 1] in PLURAL_REGION_NOUNS else None
        if keys[j] in REGION_NOUNS or not (keys[j] == "and" or _looks_like_a_name(words[j][2])):
            return None
    return None


def _looks_like_a_name(word: str) -> bool:
    # Latin and Cyrillic names are capitalised; scripts without case (Arabic) always qualify.
    return not word[0].islower() and not word[0].isdigit()


def _part_of_a_longer_name(text: str, words, i: int, n: int, gaz: Gazetteer) -> bool:
    """Whether this name is part of a longer one that is not about the place: a person's
    ('Geraint Vincent', 'Hanna Malyar': a capitalised word before it, other than a function
    word or another place; in Ukrainian and Russian, a common word other than an adjective that
    goes with it: «Героя України», «Слава Україні», not «Збройних Сил») or a longer Arabic name
    ('Bab al-Nairab'). The names that a word after makes another thing's ("Kyiv Independent",
    "Oskil River") are in not_places.toml."""
    if i > 0:
        _, end, prev = words[i - 1]
        between = text[end : words[i][0]]
        # A line break parts names: a Title Case title, then a body that starts with a place.
        # (A cased word only: in Arabic, which has no capitals, every word would qualify.)
        # In a Title Case headline every word is capitalised: a capital before is no evidence.
        if prev[:1].isupper() and between.strip(" ") in ("", "-") and not prev.isupper():
            key = _word_key(prev)
            if key not in _LEADING_WORDS and not _place_word(key, gaz) and not _latin_headline(text, words[i]):
                return not cyrillic_names.not_a_name_part(prev, words[i][2])
    if i + n < len(words) and not _POSSESSIVE.search(words[i + n - 1][2]):
        start, end, nxt = words[i + n]
        between = text[words[i + n - 1][1] : start]
        if between == " " and _word_key(nxt) in _ARABIC_PARTICLES and text[end : end + 1] == "-":
            return True
    return False


def _latin_headline(text: str, word) -> bool:
    # Ukrainian, Russian and Arabic headlines are not in Title Case; lists of names may look so.
    return word[2].isascii() and _title_case_line(text, word[0])


def _sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 20) : position].rstrip(" \t\"'“‘(")
    return (not before and position < 20) or (bool(before) and before[-1] in ".!?:\n")


def place_ref(entity: Entity, gaz: Gazetteer, matched: tuple[str, ...], source: str, correction: str = "") -> PlaceRef:
    region = gaz.region_of(entity)
    country = gaz.country_of(entity)
    return PlaceRef(
        id=entity.id,
        name=entity.name,
        kind=entity.kind,
        region=region.name if region else None,
        country=country.name if country and entity.kind != "country" else None,
        matched=matched,
        source=source,
        ancestors=tuple(x for x in (entity.region, f"c:{entity.country}" if entity.kind != "country" else "") if x),
        correction=correction,
    )


def resolve_given(
    names: Iterable[str], in_text: list[PlaceRef] = (), gaz: Gazetteer | None = None, rules: Rules | None = None
) -> list[PlaceRef]:
    """Places named by the data (front matter, a location column): through the gazetteer when it
    knows the name (ambiguity settled by the countries of the places in the text, or by a
    correction), else kept as given."""
    from searcher.enrich.resolution import choose_given, fixed_places

    gaz = gaz or gazetteer()
    fixes = fixed_places(rules, gaz) if rules else {}
    context = Counter(gaz.entities[p.id].country for p in in_text if p.id in gaz.entities)
    refs = []
    for name in names:
        key = name_key(name)
        if key in fixes:
            refs.append(place_ref(fixes[key], gaz, (name,), "meta", rules.corrections))
            continue
        candidates = gaz.resolve(name)
        if candidates:
            refs.append(place_ref(choose_given(candidates, context, key, gaz), gaz, (name,), "meta"))
        else:
            refs.append(PlaceRef(id=f"n:{key}", name=name, kind="name", matched=(name,), source="meta"))
    return refs


def place_ids(name: str, gaz: Gazetteer | None = None, present: Callable[[str], bool] | None = None) -> list[str]:
    """The index terms a --place filter looks for: the places (or region, or country) the name
    means, and the name itself for places the gazetteer lacks. When some candidates bear the
    name as their own, those are meant ('Pokrovsk' is not Engels, once called Pokrovsk); when
    several do and none stands out (by population, as in resolution), a UsageError lists them:
    'Pervomaiske, Donetsk Oblast' (a name and its region or country) says which. `present`
    tells which ids the index holds: only those count ('Odessa' is Odesa in an index of war
    reporting that never names Odessa, Texas; 'Pokrov' the Ukrainian town where the index names
    no Russian one)."""
    from searcher.enrich.resolution import label_candidates, standout

    gaz = gaz or active_gazetteer()
    qualified = "," in name
    candidates = label_candidates(name, gaz) if qualified else gaz.resolve(name)
    if qualified and not candidates:
        raise UsageError(f"no place is called {name!r}", "check the spelling, or leave out what follows the comma")
    own = [c for c in candidates if name_key(c.name) == name_key(name)]
    meant = own or candidates
    if present is not None and len(candidates) > 1:
        # The index names none of the places that bear the name as their own: the one it
        # names under another name is meant; else the ones it names come first.
        held = [c for c in candidates if present(c.id)]
        if not any(c in held for c in own):
            meant = held or meant
        else:
            meant = [c for c in meant if c in held]  # 'Pokrov': the Ukrainian one the index names
    meant = distinct(meant)
    if len(meant) > 1 and not qualified:
        best = standout(meant, name_key(name), gaz)
        if best is None:
            by_size = sorted(meant, key=lambda c: -c.population)  # the best known first
            labels = list(dict.fromkeys(place_label(c, gaz) for c in by_size))
            raise UsageError(
                f"{name!r} names {len(meant)} places", "say which: " + ", ".join(repr(x) for x in labels[:12])
            )
        meant = [best]
    return [c.id for c in meant] + ([] if qualified else [f"n:{name_key(name)}"])


# The gazetteer inside an index folder (its lexicon), for searching without reading the data file.

_TABLES = ("entities", "names", "bases", "fold", "name_kinds")


def write_place_tables(index_dir: Path, gaz: Gazetteer, digest: str | None = None) -> None:
    """Keep the gazetteer the index is analysed with (`digest` says which) in the index's lexicon."""
    from searcher import lexicon

    joined = lambda mapping: ((k, "|".join(v)) for k, v in mapping.items())  # noqa: E731
    lexicon.update(
        index_dir,
        replace={
            "entities": ((i, _encode_entity(e)) for i, e in gaz.entities.items()),
            "names": joined(gaz.names),
            "bases": joined(gaz.bases),
            "fold": joined(gaz.fold),
            "name_kinds": ((k, v) for k, v in gaz.name_kinds.items()),
            "fold_forms": _fold_forms(gaz),
            "name_parts": ((w, "|".join(sorted(forms))) for w, forms in name_parts(gaz).items()),
        },
        meta={"max_words": str(gaz.max_words), "gazetteer": digest or gazetteer_digest()},
    )


@functools.lru_cache(maxsize=1)
def gazetteer_digest(path: Path = GAZETTEER_PATH) -> str:
    """Changes whenever the package's gazetteer does (then files are analysed again)."""
    import hashlib

    return hashlib.sha1(path.read_bytes()).hexdigest()[:12]


def open_place_tables(con) -> Gazetteer | None:
    """The gazetteer kept in an index's lexicon (a connection from lexicon.connect), or None."""
    from searcher import lexicon

    max_words = lexicon.meta(con, "max_words")
    if max_words is None:
        return None
    gaz = Gazetteer(
        lexicon.Table(con, "entities", _decode_entity),
        lexicon.Table(con, "names", _split),
        lexicon.Table(con, "bases", _split),
        lexicon.Table(con, "fold", _split),
        int(max_words),
        fold_starts=_AnyWord(),
        name_kinds=lexicon.Table(con, "name_kinds"),
    )
    gaz.fold_forms = lexicon.Table(con, "fold_forms", _split)  # see inflected_fold
    gaz.name_parts = lexicon.Table(con, "name_parts", _split)  # see name_parts
    return gaz


def _split(key: str, value: str) -> tuple[str, ...]:
    return tuple(value.split("|"))


class _AnyWord:
    """Any word may start a name: at search time there are few words, so each is looked up."""

    def __contains__(self, word: object) -> bool:
        return True


def _encode_entity(e: Entity) -> str:
    coords = ("" if e.lat is None else f"{e.lat:.4f}", "" if e.lon is None else f"{e.lon:.4f}")
    return "\t".join((e.kind, e.name, e.region, e.country, str(e.population), *coords))


def _decode_entity(key: str, value: str) -> Entity:
    kind, name, region, country, population, *coords = value.split("\t")
    lat, lon = (float(x) if x else None for x in coords) if len(coords) == 2 else (None, None)
    return Entity(key, kind, name, region, country, int(population), lat, lon)


# Which gazetteer the analyzer folds with: the package's (indexing) or an index's (searching).

_active: Gazetteer | None = None


def use_gazetteer(gaz: Gazetteer | None) -> None:
    """Make the analyzer fold place names with `gaz` (None: the package's gazetteer)."""
    global _active
    _active = gaz


def active_gazetteer() -> Gazetteer:
    return _active if _active is not None else gazetteer()


def names_of(ids: Iterable[str], limit: int = 30, path: Path = GAZETTEER_PATH) -> dict[str, list[str]]:
    """Other names of these gazetteer entities, as written (Kharkov, Харків, Харьков for
    Kharkiv): Latin, Cyrillic and Arabic scripts only, at most `limit` each."""
    wanted = set(ids)
    found: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["id"] in wanted:
                own = name_key(row["name"])
                written = "|".join(row.get(c) or "" for c in ("names", "alternates", "former"))
                names = [n for n in written.split("|") if n and name_key(n) != own]
                found[row["id"]] = list(dict.fromkeys(names))[:limit]
    return found


# A user's corrections (places.toml, see place_rules.py): places added to the gazetteer.


def corrected_gazetteer(rules: Rules, base: Gazetteer | None = None) -> Gazetteer:
    """The gazetteer with the places a corrections file adds (the package's when it adds none).
    An added place comes first for its names, and its spellings fold to its name."""
    from collections import ChainMap

    from searcher.errors import SearcherError

    base = base or gazetteer()
    if not rules.additions:
        return base
    cached = rules.cache.get(("gazetteer", id(base)))
    if cached is not None:
        return cached
    entities: dict[str, Entity] = {}
    names: dict[str, list[str]] = {}
    own_keys: dict[str, str] = {}
    for addition in rules.additions:
        country = _country_code(addition.country, base)
        if country is None:
            raise SearcherError(
                f"{rules.corrections}: unknown country {addition.country!r}", "give its name or ISO code (UA)"
            )
        region = ""
        if addition.region:
            regions = [e for e in base.resolve(addition.region) if e.kind == "region" and e.country == country]
            if not regions:
                raise SearcherError(
                    f"{rules.corrections}: no region {addition.region!r} in {country}",
                    "write it as the gazetteer does (Donetsk Oblast)",
                )
            region = regions[0].id
        entity_id = f"p:u-{name_key(addition.name).replace(' ', '-')}-{country.lower()}"
        entities[entity_id] = Entity(entity_id, "place", addition.name, region, country, 0, addition.lat, addition.lon)
        own_keys[entity_id] = name_key(addition.name)
        for spelling in (addition.name, *addition.spellings):
            key = name_key(spelling)
            if key and entity_id not in names.setdefault(key, []):
                names[key].append(entity_id)
    merged_names = {k: tuple(v) + tuple(i for i in base.names.get(k, ()) if i not in v) for k, v in names.items()}
    kinds = {}
    for key, ids in merged_names.items():
        added = "".join("o" if own_keys[i] == key else "a" for i in ids if i in entities)
        rest = base.name_kinds.get(key) or "o" * (len(ids) - len(added))
        if added + rest != "o" * len(ids):
            kinds[key] = added + rest
    fold = {}
    for key, ids in names.items():
        own = tuple(own_keys[ids[0]].split())
        if own != tuple(key.split()) and len(own) == len(key.split()):
            fold[key] = own
    gaz = Gazetteer(
        ChainMap(entities, base.entities),
        ChainMap(merged_names, base.names),
        base.bases,
        ChainMap(fold, base.fold),
        max(base.max_words, *(k.count(" ") + 1 for k in merged_names)),
        fold_starts=set(base.fold_starts) | {k.split(" ", 1)[0] for k in fold if " " in k},
        name_kinds=ChainMap(kinds, base.name_kinds),
    )
    gaz.name_starts = set(base.name_starts) | {k.split(" ", 1)[0] for k in merged_names if " " in k}
    rules.cache[("gazetteer", id(base))] = gaz
    return gaz


def _country_code(name: str, gaz: Gazetteer) -> str | None:
    if len(name) == 2 and f"c:{name.upper()}" in gaz.entities:
        return name.upper()
    countries = [e for e in gaz.resolve(name) if e.kind == "country"]
    return countries[0].country if countries else None


def corrections_of(options) -> tuple[Rules, Gazetteer]:
    """The rules and gazetteer to read with: the package's, with the corrections file of the
    reading options on top (`ReadOptions.places`)."""
    from searcher.enrich.resolution import fixed_places

    rules = place_rules.load_rules(getattr(options, "places", None))
    gaz = corrected_gazetteer(rules)
    fixed_places(rules, gaz)  # a fix that names no place, or several, is an error now, not per file
    return rules, gaz
