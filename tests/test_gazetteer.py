"""The gazetteer file and its loader: name kinds, coordinates, regions, spellings (#11)."""

from __future__ import annotations

import csv
import gzip

import pytest

from searcher.enrich import places
from searcher.enrich.places import gazetteer, name_key


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def _all_names():
    with gzip.open(places.GAZETTEER_PATH, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            for column in ("name", "names", "alternates", "former", "bases"):
                yield from (n for n in (row.get(column) or "").split("|") if n)


def test_loader_folds_every_name_as_name_key():
    """The loader's fast folding must give name_key's answer for every name in the file, and
    for the hard cases: decomposed letters, stress marks, apostrophes, ligatures."""
    samples = ["Київ", "Дзержи́нск", "Kam'ianske", "Kam’ianske", "Ｋyiv", "Straße", "ﬁ", "Ḩannā", "Deir ez-Zor"]
    samples.append("Київ".replace("ї", "і\u0308"))
    for name in [*samples, *_all_names()]:
        assert places._loader_key(name) == name_key(name), name


def test_places_carry_coordinates(gaz):
    izium = gaz.lookup("Izium")[0]
    assert izium.lat == pytest.approx(49.21, abs=0.05) and izium.lon == pytest.approx(37.26, abs=0.05)
    assert gaz.lookup("Ukraine")[0].lat is None
