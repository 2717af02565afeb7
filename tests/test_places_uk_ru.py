"""Ukrainian and Russian place mentions judged by pymorphy3's dictionaries (searcher/enrich/
cyrillic_names.py, issue #12): sentences from ../shared/corpora/ru_telegram and uk_resistinua."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from searcher.enrich import cyrillic_names
from searcher.enrich.places import find_mentions, gazetteer, name_key

DATA = Path(__file__).parent / "data"


def found(text: str) -> dict[str, str]:
    """Surface -> the name of the entity it was resolved to ('' when unresolved)."""
    return {m.surface: (m.entity.name if m.entity else "") for m in find_mentions(text)}


# 1. Common words and first names that a loose form key gave to a place abroad or a village.
@pytest.mark.parametrize(
    "text, word",
    [
        ("По данным Минобороны, ПВО сбила беспилотники.", "По"),  # Pyay, Myanmar
        ("Там же находился склад.", "Там"),  # Tama, Japan
        ("Если забыли, в 2021-м мужчина купил Х7.", "Если"),  # Oslo
        ("Сколько стоит жильё в Москве?", "Сколько"),  # Skelky
        ("Следом за ним пришли другие.", "Следом"),  # Slidy
        ("План Кита провалился.", "План"),  # Plano, Texas
        ("Дамы надели меха.", "Дамы"),  # Dammam
        ("Скільки б часу в нас це не зайняло.", "Скільки"),  # Skelky
        ("Тому це – правда.", "Тому"),  # Tema, Ghana
        ("Без затягування.", "Без"),  # Baise, China
        ("Серед убитих окупантів – ще один генерал.", "Серед"),  # Seredy (a sentence's common word)
        ("Поправки, предусматривающие увеличение штрафов, приняты.", "Поправки"),  # Popravka
        ("Мер Харкова Терехов Ігор Олександрович", "Мер"),  # Miory, Belarus
        ("«правая рука» командира Виктора Москаленко", "Москаленко"),  # Moskalenky, after a first name
        ("Главное из заявлений. Украинский язык стал обязательным.", "Украинский"),  # Ukrainsk
        ("Верховна Рада ухвалила закон.", "Рада"),  # Radom
        ("Центры принятия решений в Киеве могут стать целью, заявил Владимир Путин.", "Владимир"),
    ],
)
def test_common_words_and_names_are_no_places(text, word):
    assert word not in found(text)


# 2. Forms the dictionaries confirm stay places.
@pytest.mark.parametrize(
    "text, surface, place",
    [
        ("В Киеве падение обломков на открытую территорию.", "Киеве", "Kyiv"),
        ("Взрывы во Львове и Киеве.", "Львове", "Lviv"),
        ("Удар по Новой Каховке.", "Новой Каховке", "Nova Kakhovka"),
        ("Про оборонну допомогу Україні.", "Україні", "Ukraine"),
        ("Звання Героя України присвоєно полковнику.", "України", "Ukraine"),  # a common noun before it
        ("Слава Україні!", "Україні", "Ukraine"),
        ("Россия и Китай. Торговля с Китаем выросла.", "Китаем", "China"),
        ("Чаплинка, Мелітополь, Токмак, Новотроїцьке.", "Чаплинка", "Chaplynka"),  # a list of places
        ("ВСУ отходят к н. п. Богатырь и Великая Новоселка.", "Богатырь", "Bahatyr"),
        ("ордер на арест премьера Израиля Биньямина Нетаньяху", "Израиля", "Israel"),  # a country, not a first name
    ],
)
def test_confirmed_forms_are_places(text, surface, place):
    assert found(text).get(surface) == place


def test_adjective_with_a_noun_is_no_town():
    """«на Донецком направлении»: the adjective of the axis, not Donetsk in the locative."""
    text = "Потери на Донецком направлении в 2023 году выросли."
    assert "Донецком" not in found(text)
    assert found("Взрывы в Донецком аэропорту и в Донецке.").get("Донецке") == "Donetsk"


def test_plural_form_is_no_village():
    """«Збройних Сил»: the genitive plural of «сили», no form of the village Сила."""
    assert not any(m.entity and m.entity.name == "Syla" for m in find_mentions("Завдяки діям Збройних Сил України."))


# 3. Abbreviations, as written.
@pytest.mark.parametrize(
    "text, surface, place",
    [
        ("Минобороны РФ и Генштаб подбирают цели.", "РФ", "Russia"),
        ("Это 63 университета США и два университета Канады.", "США", "United States"),
        ("Си Цзиньпин, председатель КНР, прибыл в Москву.", "КНР", "China"),
        ("Делегация ОАЭ провела переговоры.", "ОАЭ", "United Arab Emirates"),
    ],
)
def test_cyrillic_abbreviations(text, surface, place):
    assert found(text).get(surface) == place


def test_abbreviations_only_in_capitals():
    assert "рф" not in found("сайт госуслуги.рф не работал")


# 4. Region adjectives: with a region noun, in a list a region noun closes, hyphenated.
@pytest.mark.parametrize(
    "text, surface, place",
    [
        ("в ответ на удары по Брянской и Курской областям.", "Брянской", "Bryansk Oblast"),
        ("в ответ на удары по Брянской и Курской областям.", "Курской областям", "Kursk Oblast"),
        ("Найбільше в Київську, Харківську та Запорізьку області.", "Київську", "Kyiv Oblast"),
        ("Найбільше в Київську, Харківську та Запорізьку області.", "Харківську", "Kharkiv Oblast"),
        ("пенсій для Чернігівської та Луганської областей.", "Чернігівської", "Chernihiv Oblast"),
        ("Пожар в Красноярском крае потушили.", "Красноярском крае", "Krasnoyarsk Krai"),
        ("в Красноармейском районе Краснодарского края.", "Краснодарского края", "Krasnodar Krai"),
        (
            "на территориях Кабардино-Балкарской и Карачаево-Черкесской республик",
            "Кабардино-Балкарской",
            "Kabardino-Balkaria",
        ),
        ("в Карачаево-Черкесской республике прошли учения", "Карачаево-Черкесской республике", "Karachay-Cherkessia"),
    ],
)
def test_region_adjectives(text, surface, place):
    assert found(text).get(surface) == place


def test_region_adjective_of_an_organisation_is_no_town():
    """«Голова Харківської ОДА»: the oblast administration, not the village Kharkivske."""
    assert "Харківської" not in found("* Голова Харківської ОДА Синєгубов Олег Васильович")


# 5. Hand-added Kursk Oblast villages, in Russian and Ukrainian.
@pytest.mark.parametrize(
    "text, surface",
    [
        ("Бои идут в районе Погребков и Ольговки Курской области.", "Ольговки"),
        ("ВСУ пытались прорваться у Нижнего Клина Курской области.", "Нижнего Клина"),
        ("Освобождены Плёхово и Дарьино в Курской области.", "Дарьино"),
        ("Українські сили увійшли в Ольгівку на Курщині.", "Ольгівку"),
    ],
)
def test_kursk_villages(text, surface):
    entity = next(m.entity for m in find_mentions(text) if m.surface == surface)
    assert entity is not None and entity.region == "r:RU.41"


def test_villages_listed_in_hand_places_resolve():
    """Every Kursk row of hand_places.tsv is found by each of its names (an independent read of the table)."""
    table = Path(__file__).parent.parent / "scripts" / "gazetteer" / "hand_places.tsv"
    gaz = gazetteer()
    rows = [line.split("\t") for line in table.read_text("utf-8").splitlines() if "\tr:RU.41\t" in line]
    assert len(rows) >= 20
    for row in rows:
        for name in [row[1], *row[5].split("|")]:
            assert any(e.region == "r:RU.41" for e in gaz.resolve(name)), name


# The dictionaries' readings, and a plain scan of the label files.
def test_readings_tags():
    assert cyrillic_names.only_function_word("если") and cyrillic_names.only_function_word("без")
    assert not cyrillic_names.only_function_word("киев")
    assert cyrillic_names.first_name("владимир") and cyrillic_names.is_person_word("путин")
    assert cyrillic_names.region_adjective("брянской")[0] == "брянская область"
    assert cyrillic_names.opens_a_sentence("Конец. Там", 7)
    assert not cyrillic_names.opens_a_sentence("к н. п. Богатырь", 8)


def test_every_cyrillic_abbreviation_label_is_found():
    """Each labelled «РФ»/«США» of the uk/ru label files is found as its country: compared with a
    plain scan of the texts for the abbreviations table's entries."""
    table = cyrillic_names._abbreviation_table()
    gaz = gazetteer()
    for path in sorted(DATA.glob("place_mentions_[ru][uk]*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            passage = json.loads(line)
            text = passage["text"]
            scanned = {m.start() for m in re.finditer(r"(?<!\w)(" + "|".join(table) + r")(?!\w)", text)}
            mentions = {m.start: m for m in find_mentions(text, gaz)}
            for start in scanned:
                entity = mentions[start].entity
                assert entity is not None and entity.id == table[text[start : start + len(mentions[start].surface)]]
                assert name_key(entity.name)
