"""Which place a name means in an article: its candidates weighed by evidence.

The evidence, strongest first:
1. a qualifier right after the name: "Brest, Belarus", "Lyman (Donetsk Oblast)", "Nikopol in
   Dnipropetrovsk";
2. places and regions named near it (thirty words either side) and, weaker, anywhere in the
   article: its countries and regions, counted from the names that are not ambiguous, and the
   distance to the other places it names when the gazetteer has coordinates;
3. the kind of name: a place's own name before another place's alternate or historic one
   (Voronezh the Russian city, not Voronizh in Sumy Oblast, which Russian also calls Voronezh);
4. population, last, and only past a fourfold difference.

Each step decides only between the candidates the steps before it left level; when the last
leaves two the name stays unresolved (a tie is never broken arbitrarily); so does a small place abroad that only an alternate name, and no
evidence in the article, points to (Elenovka is Olenivka in Ukraine, not Sevan in Armenia,
which once bore the name, even where the gazetteer lacks Olenivka's Russian name).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from searcher.enrich.place_rules import Rules

LOCAL_WORDS = 30
EVIDENCE_STEP = 0.25  # evidence closer than this does not separate two candidates
TIE_RATIO = 4  # population decides only past a fourfold difference
ABROAD_POPULATION = 100_000
UNKNOWN_POPULATION = 1_000_000  # regions, countries and areas carry none: they count as large
NEAR_KM = 300.0
_QUALIFIER = re.compile(r"\s*(?:,|\(|in(?: the)?)\s*", re.IGNORECASE)
_OWN, _ALTERNATE, _HISTORIC = "own", "alternate", "historic"
KIND_RANK = {_OWN: 2, _ALTERNATE: 1, _HISTORIC: 0}


def resolve_matches(text: str, words, matches, gaz, rules: Rules) -> list[tuple]:
    """(entity or None, correction) for each match, in order."""
    fixes = fixed_places(rules, gaz)
    context = _Context(matches, gaz)
    out = []
    for index, match in enumerate(matches):
        if match.key in fixes:
            out.append((fixes[match.key], rules.corrections))
            continue
        out.append((_decide(text, words, matches, index, context, gaz), ""))
    return out


class _Context:
    """The article's countries and regions, counted from names that are not ambiguous in that
    respect (all candidates in one country, or one region), and its unambiguous places."""

    def __init__(self, matches, gaz) -> None:
        self.countries: Counter = Counter()
        self.regions: Counter = Counter()
        self.own: list[tuple[Counter, Counter]] = []  # what each match added
        self.anchors: list[tuple[int, object]] = []  # (word index, entity) of unambiguous names
        for match in matches:
            countries, regions = Counter(), Counter()
            values = {e.country for e in match.candidates}
            if len(values) == 1:
                countries[values.pop()] += 1
            values = {e.id if e.kind == "region" else e.region for e in match.candidates}
            if len(values) == 1 and (value := values.pop()):
                regions[value] += 1
            if len(match.candidates) == 1:
                entity = match.candidates[0]
                self.anchors.append((match.start, entity))
                if entity.kind in ("country", "region"):
                    (countries if entity.kind == "country" else regions)[
                        entity.country if entity.kind == "country" else entity.id
                    ] += 2
            self.countries.update(countries)
            self.regions.update(regions)
            self.own.append((countries, regions))
        self.top_country = max(self.countries.values(), default=0)
        self.top_region = max(self.regions.values(), default=0)


def _decide(text: str, words, matches, index: int, context: _Context, gaz):
    match = matches[index]
    if len(match.candidates) == 1:
        best = match.candidates[0]
        evidence, countries = _evidence(text, words, matches, index, context, gaz, [best])[0]
        return None if _abroad_without_evidence(best, match.key, evidence, countries, context) else best
    scored = _evidence(text, words, matches, index, context, gaz, match.candidates)
    ranked = sorted(zip(scored, match.candidates, strict=True), key=lambda s: -s[0][0])
    top = ranked[0][0][0]
    # Evidence first; among the candidates it does not separate, the kind of name; then population.
    close = [entity for (e, c), entity in ranked if top - e < EVIDENCE_STEP]
    kinds = [KIND_RANK[name_kind(e, match.key)] for e in close]
    close = [e for e, k in zip(close, kinds, strict=True) if k == max(kinds)]
    close.sort(key=lambda e: -_population(e))
    if len(close) > 1 and _population(close[0]) < TIE_RATIO * _population(close[1]):
        return None
    best = close[0]
    evidence, countries = scored[match.candidates.index(best)]
    if _abroad_without_evidence(best, match.key, evidence, countries, context):
        return None
    return best


def _evidence(text: str, words, matches, index: int, context: _Context, gaz, candidates) -> list[tuple[float, int]]:
    """(evidence, mentions of its country elsewhere in the article) for each candidate."""
    match = matches[index]
    qualifiers = _qualifiers(text, words, matches, index, gaz)
    local_regions, local_countries = _local(matches, index, context, gaz)
    own_countries, own_regions = context.own[index]
    out = []
    for entity in candidates:
        evidence = 0.0
        if entity.region in qualifiers or entity.id in qualifiers or f"c:{entity.country}" in qualifiers:
            evidence += 3.0
        if entity.region in local_regions or entity.id in local_regions:
            evidence += 1.0
        if entity.country in local_countries:
            evidence += 0.3
        countries = context.countries[entity.country] - own_countries[entity.country]
        region = entity.id if entity.kind == "region" else entity.region
        regions = context.regions[region] - own_regions[region] if region else 0
        # A country the article names half as often as its main one is as much its country.
        if context.top_country:
            evidence += min(1.0, 2 * countries / context.top_country)
        if context.top_region:
            evidence += 0.2 * min(1.0, 2 * regions / context.top_region)
        evidence += _nearness(entity, match, context)
        out.append((evidence, countries))
    return out


def _abroad_without_evidence(entity, key: str, evidence: float, countries: int, context: _Context) -> bool:
    """A small place (or a region) in a country the article gives no other sign of, reached by a
    name that is not its own: the article most likely means a place the gazetteer lacks."""
    if countries > 0 or evidence > 0 or not context.top_country:
        return False
    if entity.kind == "country":
        return False
    if entity.kind == "region":
        return True
    return name_kind(entity, key) != _OWN and _population(entity) < ABROAD_POPULATION


def name_kind(entity, key: str) -> str:
    """Whether `key` is the entity's own name, an alternate or a historic one."""
    from searcher.enrich.places import name_key

    kinds = getattr(entity, "name_kinds", None)
    if kinds:
        kind = kinds.get(key) if hasattr(kinds, "get") else None
        if kind in KIND_RANK:
            return kind
    return _OWN if name_key(entity.name) == key else _ALTERNATE


def _population(entity) -> int:
    if entity.kind != "place" and not entity.population:
        return UNKNOWN_POPULATION
    return max(entity.population, 1)


def _qualifiers(text: str, words, matches, index: int, gaz) -> set[str]:
    """Region and country ids written right after the name: "X, Belarus", "X (Donetsk Oblast)",
    "X in Dnipropetrovsk"."""
    if index + 1 >= len(matches):
        return set()
    match, nxt = matches[index], matches[index + 1]
    if nxt.start - match.end > 2:
        return set()
    between = text[words[match.end - 1][1] : words[nxt.start][0]]
    if not _QUALIFIER.fullmatch(between):
        return set()
    return _areas(nxt, gaz)


def _areas(match, gaz) -> set[str]:
    """The regions and countries a match may name: its regions and countries, and the regions
    whose base it is ("Dnipropetrovsk" alone is the oblast's base as well as Dnipro's old name)."""
    ids = {e.id for e in match.candidates if e.kind == "region"}
    ids |= {f"c:{e.country}" for e in match.candidates if e.kind == "country"}
    ids |= set(gaz.bases.get(match.key, ()))
    return ids


def _local(matches, index: int, context: _Context, gaz) -> tuple[set[str], set[str]]:
    """(region ids, country codes) of the unambiguous names within LOCAL_WORDS of the match."""
    here = matches[index]
    regions: set[str] = set()
    countries: set[str] = set()
    for other in matches[max(0, index - 12) : index + 13]:
        if other is here or other.key == here.key or abs(other.start - here.start) > LOCAL_WORDS:
            continue
        regions |= {i for i in _areas(other, gaz) if i.startswith("r:")}
        if len(other.candidates) == 1:
            entity = other.candidates[0]
            if entity.region:
                regions.add(entity.region)
            countries.add(entity.country)
    return regions, countries


def _nearness(entity, match, context: _Context) -> float:
    """Up to 0.5 for an unambiguous place of the article within NEAR_KM of the candidate."""
    lat, lon = getattr(entity, "lat", None), getattr(entity, "lon", None)
    if lat is None or lon is None:
        return 0.0
    nearest = None
    for _, other in context.anchors:
        olat, olon = getattr(other, "lat", None), getattr(other, "lon", None)
        if olat is None or olon is None or other.id == entity.id or other.kind != "place":
            continue
        d = _km(lat, lon, olat, olon)
        nearest = d if nearest is None else min(nearest, d)
    return 0.5 * max(0.0, 1.0 - nearest / NEAR_KM) if nearest is not None else 0.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


def choose_given(candidates: list, countries: Counter, key: str):
    """A place named by the data (a location column): the one in the countries of the places in
    the text, then the one whose own name it is, then the best-known."""
    return max(candidates, key=lambda e: (countries[e.country], name_kind(e, key) == _OWN, -candidates.index(e)))


def fixed_places(rules: Rules, gaz) -> dict:
    """{name key: entity} of a corrections file's [[fix]] entries."""
    if not rules.fixes:
        return {}
    cached = rules.cache.get(("fixes", id(gaz)))
    if cached is None:
        cached = rules.cache[("fixes", id(gaz))] = {f.name: resolve_label(f.place, gaz, rules) for f in rules.fixes}
    return cached


def resolve_label(label: str, gaz, rules: Rules | None = None):
    """The entity 'Lyman, Donetsk Oblast' (or 'Brest, Belarus', or a plain name) means, or a
    SearcherError saying what it could mean."""
    from searcher.errors import SearcherError

    candidates = label_candidates(label, gaz)
    where = f" in {rules.corrections}" if rules and rules.corrections else ""
    if not candidates:
        raise SearcherError(f"no place is called {label!r}{where}", "check the spelling, or [[add]] it")
    if len(candidates) > 1:
        from searcher.enrich.places import place_label

        raise SearcherError(
            f"{label!r}{where} names {len(candidates)} places",
            "say which: " + ", ".join(repr(place_label(c, gaz)) for c in candidates[:6]),
        )
    return candidates[0]


def label_candidates(label: str, gaz) -> list:
    """The entities a name with an optional qualifier means: 'Pervomaiske, Donetsk Oblast'."""
    from searcher.enrich.places import name_key

    name, _, where = label.partition(",")
    candidates = gaz.resolve(name)
    if where.strip():
        areas = {e.id for e in gaz.resolve(where)} | {f"c:{e.country}" for e in gaz.resolve(where) if e.kind == "country"}
        candidates = [c for c in candidates if c.region in areas or f"c:{c.country}" in areas]
    own = [c for c in candidates if name_key(c.name) == name_key(name)]
    return own or candidates
