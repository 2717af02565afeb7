"""The gazetteer file and its loader: name kinds, coordinates, regions, spellings (#11)."""

from __future__ import annotations

import csv
import gzip

import pytest

from searcher.enrich import places
from searcher.enrich.places import ALTERNATE, FORMER, OWN, gazetteer, name_key


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


def _first(gaz, name):
    found = gaz.lookup(name)
    assert found, f"{name!r} names nothing"
    return found[0]


def _region(gaz, entity):
    region = gaz.region_of(entity)
    return region.name if region else None


def test_name_kinds_own_alternate_former(gaz):
    bakhmut = _first(gaz, "Bakhmut")
    assert bakhmut.country == "UA"
    assert gaz.name_kind("bakhmut", bakhmut.id) == OWN
    assert gaz.name_kind("artemivsk", bakhmut.id) == FORMER
    assert gaz.name_kind("бахмут", bakhmut.id) == OWN
    sloviansk = _first(gaz, "Sloviansk")
    assert gaz.name_kind(name_key("Славянск"), sloviansk.id) == ALTERNATE
    for spelling in ("Bakhmut", "Artemivsk", "Artemovsk", "Артемовск", "Бахмут"):
        assert _first(gaz, spelling) == bakhmut, spelling


# Item 5 of #11: regions right.


def test_regions_of_the_front_line_towns(gaz):
    nikopol = _first(gaz, "Nikopol")
    assert (nikopol.name, _region(gaz, nikopol), nikopol.country) == ("Nikopol", "Dnipropetrovsk Oblast", "UA")
    lyman = _first(gaz, "Lyman")
    assert (lyman.name, _region(gaz, lyman)) == ("Lyman", "Donetsk Oblast")
    assert lyman.population > 15_000  # the town, not one of the villages called Lyman
    voronezh = _first(gaz, "Voronezh")
    assert (voronezh.country, _region(gaz, voronezh)) == ("RU", "Voronezh Oblast")
    assert _first(gaz, "Воронеж").id == voronezh.id


def test_chechnya_is_the_russian_republic(gaz):
    chechnya = _first(gaz, "Chechnya")
    assert (chechnya.id, chechnya.kind, chechnya.name) == ("r:RU.12", "region", "Chechen Republic")


def test_brest_is_in_belarus(gaz):
    brest = _first(gaz, "Brest")
    assert (brest.country, _region(gaz, brest)) == ("BY", "Brest Region")


def test_odesa_in_every_spelling_is_the_ukrainian_city(gaz):
    odesa = _first(gaz, "Odesa")
    assert (odesa.country, _region(gaz, odesa)) == ("UA", "Odesa Oblast")
    for spelling in ("Odessa", "Одеса", "Одесса", "ODESSA"):
        assert _first(gaz, spelling).id == odesa.id, spelling
    assert gaz.fold.get("odessa") == ("odesa",)


def test_sloviansk_in_every_spelling_is_sloviansk_not_nikopol(gaz):
    sloviansk = _first(gaz, "Sloviansk")
    assert (sloviansk.name, _region(gaz, sloviansk)) == ("Sloviansk", "Donetsk Oblast")
    for spelling in ("Slovyansk", "Слов'янськ", "Слов’янськ", "Славянск", "Slavyansk"):
        assert _first(gaz, spelling).id == sloviansk.id, spelling
    nikopol = _first(gaz, "Nikopol")
    assert gaz.name_kind("slovyansk", nikopol.id) == FORMER  # Nikopol's name in 1780-1782


def test_chornobyl(gaz):
    chornobyl = _first(gaz, "Чорнобиль")
    assert (chornobyl.name, _region(gaz, chornobyl)) == ("Chornobyl", "Kyiv Oblast")
    for spelling in ("Chornobyl", "Chernobyl", "Чернобыль"):
        assert _first(gaz, spelling).id == chornobyl.id, spelling


def test_sverdlovsk_of_luhansk_oblast_is_not_yekaterinburg(gaz):
    """Both once bore the name: Dovzhansk (Luhansk Oblast, renamed in 2016) and Yekaterinburg;
    two entities, each with Sverdlovsk as a former name (context chooses between them)."""
    found = {(e.name, _region(gaz, e)) for e in gaz.lookup("Sverdlovsk")}
    assert {("Dovzhansk", "Luhansk Oblast"), ("Yekaterinburg", "Sverdlovsk Oblast")} <= found
    for entity in gaz.lookup("Sverdlovsk"):
        if entity.name in ("Dovzhansk", "Yekaterinburg"):
            assert gaz.name_kind("sverdlovsk", entity.id) == FORMER
    assert _first(gaz, "Довжанськ").name == "Dovzhansk"
    assert [e.id for e in gaz.resolve("Sverdlovsk Oblast")] == ["r:RU.71"]


def test_bilhorod_dnistrovskyi_is_one_name(gaz):
    """The name is one unit: its words are not folded one by one (Bilhorod, alone, is the
    Ukrainian name of Belgorod)."""
    city = _first(gaz, "Bilhorod-Dnistrovskyi")
    assert (city.name, _region(gaz, city)) == ("Bilhorod-Dnistrovskyi", "Odesa Oblast")
    for spelling in (
        "Білгород-Дністровський",
        "Belgorod-Dnestrovsky",
        "Belgorod-Dnestrovskiy",
        "Белгород-Днестровский",
    ):
        assert _first(gaz, spelling).id == city.id, spelling
        assert gaz.fold.get(name_key(spelling), tuple(name_key(spelling).split())) == ("bilhorod", "dnistrovskyi")
    assert gaz.fold["bilhorod dnistrovskyi"] == ("bilhorod", "dnistrovskyi")
    assert gaz.fold["kamianets podilskyi"] == ("kamianets", "podilskyi")


# Item 3 of #11: the war zones' places, their former names and the press spellings.

KNOWN_GAPS = {
    # spelling: (display name, region)
    "Robotyne": ("Robotyne", "Zaporizhzhia Oblast"),
    "Rabotino": ("Robotyne", "Zaporizhzhia Oblast"),
    "Роботине": ("Robotyne", "Zaporizhzhia Oblast"),
    "Kadiivka": ("Kadiivka", "Luhansk Oblast"),
    "Stakhanov": ("Kadiivka", "Luhansk Oblast"),
    "Chornobaivka": ("Chornobaivka", "Kherson Oblast"),
    "Shchastia": ("Shchastia", "Luhansk Oblast"),
    "Schastye": ("Shchastia", "Luhansk Oblast"),
    "Volodymyr": ("Volodymyr", "Volyn Oblast"),
    "Volodymyr-Volynskyi": ("Volodymyr", "Volyn Oblast"),
    "Chop": ("Chop", "Zakarpattia Oblast"),
    "Kropyvnytskyi": ("Kropyvnytskyi", "Kirovohrad Oblast"),
    "Kropivnitsky": ("Kropyvnytskyi", "Kirovohrad Oblast"),
    "Kirovohrad": ("Kropyvnytskyi", "Kirovohrad Oblast"),
    "Kirovograd": ("Kropyvnytskyi", "Kirovohrad Oblast"),
    "Khmelnytskyi": ("Khmelnytskyi", "Khmelnytskyi Oblast"),
    "Khmelnitsky": ("Khmelnytskyi", "Khmelnytskyi Oblast"),
    "Proskurov": ("Khmelnytskyi", "Khmelnytskyi Oblast"),
    "Huliaipole": ("Huliaipole", "Zaporizhzhia Oblast"),
    "Gulyaypole": ("Huliaipole", "Zaporizhzhia Oblast"),
    "Severskodonetsk": ("Sievierodonetsk", "Luhansk Oblast"),
    "Severodonetsk": ("Sievierodonetsk", "Luhansk Oblast"),
    "Zaporozhie": ("Zaporizhzhia", "Zaporizhzhia Oblast"),
    "Zaporozhye": ("Zaporizhzhia", "Zaporizhzhia Oblast"),
    "Samar": ("Samar", "Dnipropetrovsk Oblast"),
    "Olenivka": ("Olenivka", "Donetsk Oblast"),
    "Elenovka": ("Olenivka", "Donetsk Oblast"),
    "Еленовка": ("Olenivka", "Donetsk Oblast"),
    "Оленівка": ("Olenivka", "Donetsk Oblast"),
    "Krivoy Rog": ("Kryvyi Rih", "Dnipropetrovsk Oblast"),
    "Dnipropetrovsk": ("Dnipro", "Dnipropetrovsk Oblast"),
    "Krasnoarmiisk": ("Pokrovsk", "Donetsk Oblast"),
    "Dzerzhynsk": ("Toretsk", "Donetsk Oblast"),
    "Kamianske": ("Kamianske", "Dnipropetrovsk Oblast"),
    "Dniprodzerzhynsk": ("Kamianske", "Dnipropetrovsk Oblast"),
}


@pytest.mark.parametrize("spelling", sorted(KNOWN_GAPS))
def test_known_gaps_are_filled(gaz, spelling):
    entity = _first(gaz, spelling)
    assert (entity.name, _region(gaz, entity)) == KNOWN_GAPS[spelling], spelling


def test_novomoskovsk_is_samar_s_former_name(gaz):
    """Renamed Samar in 2024; Novomoskovsk is also a city of Tula Oblast, whose own name it is."""
    samar = _first(gaz, "Samar")
    assert samar.id in [e.id for e in gaz.lookup("Novomoskovsk")]
    assert gaz.name_kind("novomoskovsk", samar.id) == FORMER
    assert _first(gaz, "Novomoskovsk").country == "RU"


def test_prypiat_of_the_chornobyl_zone_is_known(gaz):
    assert ("Prypiat", "Kyiv Oblast") in {(e.name, _region(gaz, e)) for e in gaz.lookup("Prypiat")}
    assert ("Prypiat", "Kyiv Oblast") in {(e.name, _region(gaz, e)) for e in gaz.lookup("Pripyat")}


def test_every_settlement_of_the_codifier_is_a_place(gaz):
    """KATOTTG lists about 29,700 settlements; GeoNames cities500 about 5,500 of them."""
    ukraine = [e for e in gaz.entities.values() if e.kind == "place" and e.country == "UA"]
    assert len(ukraine) > 29_000
    assert all(e.region.startswith("r:UA.") for e in ukraine if e.id.startswith("p:k-"))


# The gazetteer side of "What was seen": names that are words or people's, not places.


@pytest.mark.parametrize(
    "word",
    [
        "cars",
        "Cars",
        "tunes",
        "mare",
        "Paul",
        "Kuzma",
        "Nord",
        "Serhii",
        "Levada",
        "Svoboda",
        "Druzhba",
        "Maidan",
        "Перемога",
    ],
)
def test_words_and_first_names_name_no_place(gaz, word):
    assert gaz.lookup(word) == [], [(e.id, e.name) for e in gaz.lookup(word)]


def test_rai_oleksandrivka_is_one_name(gaz):
    place = _first(gaz, "Rai-Oleksandrivka")
    assert (place.name, _region(gaz, place)) == ("Rai-Oleksandrivka", "Donetsk Oblast")
    assert gaz.lookup("Rai") == [] or all(e.name != "Rai-Oleksandrivka" for e in gaz.lookup("Rai"))


def test_pervomaiske_names_many_places(gaz):
    """Several villages bear the name (others lost it in 2016); each is an entity of its own."""
    found = gaz.lookup("Pervomaiske")
    regions = {_region(gaz, e) for e in found}
    assert len({e.id for e in found}) >= 5
    assert {"Donetsk Oblast", "Mykolaiv Oblast", "Autonomous Republic of Crimea"} <= regions
    assert {e.id for e in gaz.lookup("Первомайське")} == {e.id for e in found}


def test_the_index_keeps_coordinates_and_name_kinds(gaz, tmp_path):
    """The lexicon's copy of the gazetteer answers as the package's does."""
    from searcher import lexicon

    places.write_place_tables(tmp_path, gaz)
    tables = places.open_place_tables(lexicon.connect(tmp_path))
    izium = tables.lookup("Izyum")[0]
    assert (izium.id, izium.lat, izium.lon) == (
        gaz.lookup("Izyum")[0].id,
        gaz.lookup("Izyum")[0].lat,
        gaz.lookup("Izyum")[0].lon,
    )
    bakhmut = gaz.lookup("Bakhmut")[0]
    assert tables.name_kind("artemivsk", bakhmut.id) == FORMER
    assert tables.name_kind("bakhmut", bakhmut.id) == OWN
    assert tables.lookup("Odessa")[0].country == "UA"


def test_the_analyzer_keeps_multi_word_names_whole_and_folds_press_spellings():
    """Through the analyzer: Bilhorod-Dnistrovskyi's words are not folded into Belgorod nor
    Kamianets-Podilskyi's into Podilsk; Odessa and Slovyansk meet Odesa and Sloviansk."""
    from searcher import analysis

    def words(text):
        return [t.text for t in analysis.text_analyzer()(text)]

    assert "belgorod" not in words("Shelling of Bilhorod-Dnistrovskyi")
    assert words("Belgorod-Dnestrovsky") == words("Bilhorod-Dnistrovskyi")
    assert "podilsk" not in words("Kamianets-Podilskyi")
    assert words("Odessa") == words("Odesa") == words("Одеса") == words("Одесса")
    assert words("Slovyansk") == words("Sloviansk") == words("Слов'янськ") == words("Славянск")
