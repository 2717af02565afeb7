"""The language of each record: from metadata when given, else detected; filter and facet."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from conftest import corpora_or_skip, index_files

from searcher.cli import cli
from searcher.language import (
    decide_language,
    detect_language,
    normalize_language,
    text_direction,
    ukrainian_or_russian_by_letters,
)
from searcher.query import Filters, facet_values, get_article, search

SENTENCES = {
    "uk": "Російські війська знову обстріляли Харків уночі, повідомив голова обласної адміністрації.",
    "ru": "Российские войска снова обстреляли Харьков ночью, сообщил глава областной администрации.",
    "ar": "قصفت الطائرات الحربية مدينة حلب ليلة أمس وقتل عدد من المدنيين حسب المرصد.",
    "en": "Russian forces shelled Kharkiv again overnight, the head of the regional administration said.",
}


@pytest.mark.parametrize(
    "value, code",
    [("uk", "uk"), ("UK-ua", "uk"), ("ru_RU", "ru"), ("Arabic", "ar"), ("English", "en"), ("", None), ("??", None)],
)
def test_metadata_values_become_codes(value, code):
    assert normalize_language(value) == code


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_one_sentence_is_enough_to_tell_the_four_apart(lang):
    assert detect_language(SENTENCES[lang]) == lang


@pytest.mark.parametrize(
    "text, decided",
    [
        (SENTENCES["uk"], "uk"),  # і, ї, є: Ukrainian only
        ("Российские войска были выбиты из села, это подтвердили в штабе.", "ru"),  # ы, э: Russian only
        (SENTENCES["ru"], None),  # only letters both have: the model decides
        ("Я був у Харкові, а потом уехал в Москву, это было быстро.", None),  # і and ы: mixed
        ("Беларусь: ўрад абвясціў, што сёння будзе дождж.", None),  # ў is Belarusian
        ("Съм в България и днес ще видя стария град.", None),  # ъ alone says nothing
        ("Kharkiv was shelled again, the mayor said. Харків.", None),  # mostly Latin
        (SENTENCES["en"], None),
    ],
)
def test_letters_settle_ukrainian_and_russian_only_when_unambiguous(text, decided):
    assert ukrainian_or_russian_by_letters(text) == decided
    if decided:
        assert detect_language(text) == decided


def test_metadata_wins_over_detection_and_says_so():
    assert decide_language("ru", "", SENTENCES["uk"]) == ("ru", "meta")
    assert decide_language(None, "", SENTENCES["uk"]) == ("uk", "detected")
    assert decide_language("", "", "12:30 — 2022") == (None, None)


def test_direction():
    assert [text_direction(x) for x in ("ar", "uk", None)] == ["rtl", "ltr", "ltr"]


def _records():
    rows = [
        {"id": "uk1", "title": "Обстріл", "body": SENTENCES["uk"], "language": "uk"},
        {"id": "ru1", "title": "Обстрел", "body": SENTENCES["ru"]},
        {"id": "ar1", "title": "حلب", "body": SENTENCES["ar"]},
        {"id": "en1", "title": "Shelling", "body": SENTENCES["en"], "language": "en-GB"},
        {"id": "en2", "title": "Kharkiv again", "body": "Kharkiv was shelled again; the mayor spoke of damage."},
    ]
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"


@pytest.fixture
def lang_index(tmp_path):
    return index_files(tmp_path, {"items.jsonl": _records()})


def _titles(results):
    return sorted(h.title for h in results.hits)


def test_language_filter_facet_and_provenance(lang_index):
    every = search(lang_index, "*", all_hits=True)
    assert every.facets["language"] == {"en": 2, "ar": 1, "ru": 1, "uk": 1}
    by_lang = {h.title: h.language for h in every.hits}
    assert by_lang == {"Обстріл": "uk", "Обстрел": "ru", "حلب": "ar", "Shelling": "en", "Kharkiv again": "en"}
    assert _titles(search(lang_index, "*", Filters(languages=("uk", "Russian")), all_hits=True)) == [
        "Обстрел",
        "Обстріл",
    ]
    assert _titles(search(lang_index, "lang:EN", all_hits=True)) == ["Kharkiv again", "Shelling"]
    assert {r["value"]: r["count"] for r in facet_values(lang_index, "language")} == {
        "en": 2,
        "ar": 1,
        "ru": 1,
        "uk": 1,
    }
    sources = {}
    for hit in every.hits:
        article = get_article(lang_index, hit.id)
        sources[hit.title] = article["language_source"]
    assert sources == {
        "Обстріл": "meta",
        "Обстрел": "detected",
        "حلب": "detected",
        "Shelling": "meta",
        "Kharkiv again": "detected",
    }


def test_cli_lang_option_json_and_facets(lang_index):
    runner = CliRunner()
    out = runner.invoke(cli, ["search", "*", "--lang", "ar", "--index-dir", str(lang_index), "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["filters"]["language"] == ["ar"]
    assert [h["language"] for h in data["hits"]] == ["ar"]
    assert data["facets"]["language"] == {"ar": 1}
    text = runner.invoke(cli, ["search", "*", "--index-dir", str(lang_index)]).output
    assert "Languages: en (2), ar (1), ru (1), uk (1)" in text
    facets = runner.invoke(cli, ["facets", "language", "--index-dir", str(lang_index)])
    assert facets.exit_code == 0 and facets.output.split() == [
        "4",
        "languages:",
        "en",
        "2",
        "ar",
        "1",
        "ru",
        "1",
        "uk",
        "1",
    ]


def test_inspect_and_show_say_how_the_language_was_decided(tmp_path, lang_index):
    path = tmp_path / "corpus" / "items.jsonl"
    out = CliRunner().invoke(cli, ["inspect", str(path), "-f", "json"])
    assert [(r["language"], r["language_source"]) for r in json.loads(out.output)] == [
        ("uk", "meta"),
        ("ru", "detected"),
        ("ar", "detected"),
        ("en", "meta"),
        ("en", "detected"),
    ]
    text = CliRunner().invoke(cli, ["inspect", str(path)]).output
    assert "language ru (detected from the text)" in text
    hit = search(lang_index, "*", Filters(languages=("ar",))).hits[0]
    shown = CliRunner().invoke(cli, ["show", hit.id, "--index-dir", str(lang_index)]).output
    assert "language  ar (detected from the text)" in shown


@pytest.mark.acceptance
def test_detection_on_the_shared_corpora_is_right_for_98_percent():
    """The first 300 records of each tagged corpus: detected against their `language` field."""
    from searcher.readers import ReadOptions, read_file

    files = [
        corpora_or_skip("uk_resistinua", "resistinua_uk.jsonl"),
        corpora_or_skip("uk_resistinua", "resistinua_en.jsonl"),
        corpora_or_skip("ru_telegram", "ru_telegram_news.jsonl"),
        corpora_or_skip("ar_unifiedfc", "unifiedfc_ar_docs.jsonl"),
    ]
    right, total = Counter(), Counter()
    for file in files:
        lines = file.read_bytes().split(b"\n")[:300]
        data = b"\n".join(lines)
        for article in read_file(file, data, "x", ReadOptions()):
            truth = json.loads(lines[int(article.key.split()[1]) - 1])["language"]
            total[truth] += 1
            right[truth] += detect_language(f"{article.title}\n{article.body}") == truth
    assert set(total) == {"uk", "en", "ru", "ar"}
    for lang in total:
        assert right[lang] / total[lang] >= 0.98, (lang, right[lang], total[lang])
