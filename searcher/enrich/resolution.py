"""Which place a name means in an article: its candidates weighed by evidence.

The evidence, strongest first:
1. a qualifier right after the name: "Brest, Belarus", "Lyman (Donetsk Oblast)", "Nikopol in
   Dnipropetrovsk";
2. places and regions named near it (thirty words either side) and, weaker, anywhere in the
   article: its countries and regions, counted from the names that are not ambiguous, and the
   distance to the other places it names when the gazetteer has coordinates;
3. the kind of name: a place's own name before another place's alternate or historic one
   (Voronezh the Russian city, not Voronizh in Sumy Oblast, which Russian also calls Voronezh);
4. population, last, on a log scale (a city of 240,000 is Rivne where the article names the
   oblast of a village Rivne of 1,500 only by naming its capital nearby).

The evidence is summed with weights that keep this order (a qualifier outweighs everything;
the kind of name is worth a third of a tenfold of population). When the two best candidates
score within TIE the name stays unresolved (a tie is never broken arbitrarily); so does a
small place abroad that only an alternate name, and no evidence in the article, points to
(Elenovka is Olenivka in Ukraine, not Sevan in Armenia, which once bore the name, even where
the gazetteer lacks Olenivka's Russian name).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from searcher.enrich.place_rules import Rules

LOCAL_WORDS = 30
OTHER_SENTENCE = 0.2  # what a name near it but in another sentence counts, against one in its own
TIE = 0.25  # scores closer than this are a tie: population alone decides past a threefold difference
POPULATION_WEIGHT = 0.5  # per tenfold
ABROAD_POPULATION = 100_000
UNKNOWN_POPULATION = 1_000_000  # regions, countries and areas carry none: they count as large
NEAR_KM = 300.0
_QUALIFIER = re.compile(r"\s*(?:,|\(|in(?: the)?)\s*", re.IGNORECASE)
_OWN, _ALTERNATE, _FORMER = "own", "alternate", "former"
KIND_SCORE = {_OWN: 0.3, _ALTERNATE: 0.15, _FORMER: 0.0}


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
        self.total_countries = sum(self.countries.values())
        self.anchor_ids = Counter(e.id for _, e in self.anchors)
        # Each unambiguous place with coordinates once, for distances; nearness per candidate.
        self.points = {e.id: (e.lat, e.lon) for _, e in self.anchors if e.kind == "place" and e.lat is not None}
        self.near: dict[str, float] = {}


def distinct(candidates: list) -> list:
    """The candidates without the entries that repeat another's name, region and country with
    nothing to tell them apart (no coordinates, no population): one village listed twice by
    the gazetteer's sources is one candidate, not a tie."""
    groups: dict[tuple, list] = {}
    for entity in candidates:
        groups.setdefault((entity.name, entity.region, entity.country, entity.kind), []).append(entity)
    keep = set()
    for group in groups.values():
        known = [e for e in group if e.lat is not None or e.population]
        keep.update(id(e) for e in (known or group[:1]))
    return [e for e in candidates if id(e) in keep]


def _decide(text: str, words, matches, index: int, context: _Context, gaz):
    match = matches[index]
    others = context.total_countries - sum(context.own[index][0].values())
    if len(match.candidates) == 1:
        # Most names: one candidate, whose country the article names elsewhere or that is not
        # abroad at all; only the others need their evidence weighed.
        best = match.candidates[0]
        if not others or context.countries[best.country] > context.own[index][0][best.country]:
            return best
    scored = sorted(
        zip(_evidence(text, words, matches, index, context, gaz), match.candidates, strict=True),
        key=lambda s: -_score(s[0][0], s[1], match.key, gaz),
    )
    (evidence, countries), best = scored[0]
    if (
        len(scored) > 1
        and _score(evidence, best, match.key, gaz) - _score(scored[1][0][0], scored[1][1], match.key, gaz) < TIE
    ):
        return None
    if others and _abroad_without_evidence(best, match.key, evidence, countries, gaz):
        return None
    return best


def _score(evidence: float, entity, key: str, gaz) -> float:
    return evidence + KIND_SCORE[name_kind(entity, key, gaz)] + POPULATION_WEIGHT * math.log10(_population(entity))


def _evidence(text: str, words, matches, index: int, context: _Context, gaz) -> list[tuple[float, int]]:
    """(evidence, mentions of its country elsewhere in the article) for each candidate."""
    match = matches[index]
    qualifiers = _qualifiers(text, words, matches, index, gaz)
    named_regions, nearby_regions, nearby_countries = _local(text, words, matches, index, gaz)
    this = match.candidates[0].id if len(match.candidates) == 1 else None
    own_countries, own_regions = context.own[index]
    out = []
    for entity in match.candidates:
        evidence = 0.0
        if entity.region in qualifiers or entity.id in qualifiers or f"c:{entity.country}" in qualifiers:
            evidence += 3.0
        if context.anchor_ids[entity.id] > (entity.id == this):  # "Chechnya" and the Chechen Republic
            evidence += 1.5
        region = entity.id if entity.kind == "region" else entity.region
        # Its region named near it, and each place of its region near it (up to 1), up to 1.5.
        evidence += min(1.5, named_regions.get(region, 0.0) + min(1.0, 0.4 * nearby_regions.get(region, 0.0)))
        if entity.country in nearby_countries:
            evidence += 0.3
        countries = context.countries[entity.country] - own_countries[entity.country]
        region = entity.id if entity.kind == "region" else entity.region
        regions = context.regions[region] - own_regions[region] if region else 0
        # A country the article names half as often as its main one is as much its country.
        if context.top_country:
            evidence += min(1.0, 2 * countries / context.top_country)
        if context.top_region:
            evidence += 0.1 * min(1.0, 2 * regions / context.top_region)
        evidence += _nearness(entity, match, context)
        out.append((evidence, countries))
    return out


def _abroad_without_evidence(entity, key: str, evidence: float, countries: int, gaz) -> bool:
    """A small place (or a region) in a country the article gives no other sign of (when it
    names other countries), reached by a name that is not its own: the article most likely
    means a place the gazetteer lacks."""
    if countries > 0 or evidence > 0:
        return False
    if entity.kind == "country":
        return False
    if entity.kind == "region":  # "Chechnya" in an article that names only Ukraine and Belarus
        return name_kind(entity, key, gaz) != _OWN
    return name_kind(entity, key, gaz) != _OWN and _population(entity) < ABROAD_POPULATION


def name_kind(entity, key: str, gaz=None) -> str:
    """Whether `key` is the entity's own name, an alternate or a former one (by the gazetteer's
    name kinds; without them, own when it is the entity's display name)."""
    if gaz is not None and getattr(gaz, "name_kinds", None):  # (a gazetteer built without kinds has none)
        kind = gaz.name_kind(key, entity.id)
        if kind in KIND_SCORE:
            return kind
    from searcher.enrich.places import name_key

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


def _local(text: str, words, matches, index: int, gaz) -> tuple[dict[str, float], dict[str, float], set[str]]:
    """({region id: weight} of the regions named, {region id: summed weight} of the regions of
    the places named, countries of places named) within LOCAL_WORDS of the match, from names
    not ambiguous in that respect; weight 1 in the same sentence, OTHER_SENTENCE beyond it."""
    here = matches[index]
    named: dict[str, float] = {}
    regions: dict[str, float] = {}
    countries: set[str] = set()
    for other in matches[max(0, index - 12) : index + 13]:
        if other is here or other.key == here.key or abs(other.start - here.start) > LOCAL_WORDS:
            continue
        weight = 1.0 if _same_sentence(text, words, here, other) else OTHER_SENTENCE
        for i in _areas(other, gaz):
            if i.startswith("r:"):
                named[i] = max(named.get(i, 0.0), weight)
        if len({e.region for e in other.candidates}) == 1 and other.candidates[0].region:
            region = other.candidates[0].region
            regions[region] = regions.get(region, 0.0) + weight
        if len({e.country for e in other.candidates}) == 1:
            countries.add(other.candidates[0].country)
    return named, regions, countries


_SENTENCE_END = re.compile(r"[.!?;\n]\s")


def _same_sentence(text: str, words, a, b) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return not _SENTENCE_END.search(text, words[first.end - 1][1], words[second.start][0])


def _nearness(entity, match, context: _Context) -> float:
    """Up to 0.5 for an unambiguous place of the article within NEAR_KM of the candidate."""
    if entity.lat is None or entity.lon is None:
        return 0.0
    near = context.near.get(entity.id)
    if near is None:
        distances = [_km(entity.lat, entity.lon, *p) for i, p in context.points.items() if i != entity.id]
        near = context.near[entity.id] = 0.5 * max(0.0, 1.0 - min(distances) / NEAR_KM) if distances else 0.0
    return near


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


def choose_given(candidates: list, countries: Counter, key: str, gaz=None):
    """A place named by the data (a location column): the one in the countries of the places in
    the text, then the one whose own name it is, then the best-known."""
    return max(candidates, key=lambda e: (countries[e.country], name_kind(e, key, gaz) == _OWN, -candidates.index(e)))


def standout(candidates: list, key: str, gaz):
    """The candidate a name means with no context at all (by the kind of name, then population),
    or None when two are within TIE (as in an article that says nothing more)."""
    lead = leaders(candidates, key, gaz)
    return lead[0] if len(lead) == 1 else None


def leaders(candidates: list, key: str, gaz) -> list:
    """The candidates a name may mean with no context at all: the best by the kind of name,
    then population, and those within TIE of it."""
    scored = sorted(((_score(0.0, e, key, gaz), e) for e in candidates), key=lambda s: -s[0])
    return [e for score, e in scored if scored[0][0] - score < TIE]


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

    if label in gaz.entities:  # an id: "p:704204"
        return gaz.entities[label]
    candidates = label_candidates(label, gaz)
    where = f" in {rules.corrections}" if rules and rules.corrections else ""
    if not candidates:
        raise SearcherError(f"no place is called {label!r}{where}", "check the spelling, or [[add]] it")
    if len(candidates) > 1:
        from searcher.enrich.places import place_label

        raise SearcherError(
            f"{label!r}{where} names {len(candidates)} places",
            "say which by its id: " + ", ".join(f"{c.id} ({place_label(c, gaz)})" for c in candidates[:6]),
        )
    return candidates[0]


def label_candidates(label: str, gaz) -> list:
    """The entities a name with an optional qualifier means: 'Pervomaiske, Donetsk Oblast'."""
    from searcher.enrich.places import name_key

    name, _, where = label.partition(",")
    candidates = gaz.resolve(name)
    if where.strip():
        areas = {e.id for e in gaz.resolve(where)} | {
            f"c:{e.country}" for e in gaz.resolve(where) if e.kind == "country"
        }
        candidates = [c for c in candidates if c.region in areas or f"c:{c.country}" in areas]
    own = [c for c in candidates if name_key(c.name) == name_key(name)]
    return distinct(own or candidates)
