"""Ukrainian and Russian word forms meet: a query for any form of a noun finds exactly the
records that hold some form of it, as a plain scan of the records finds them.

The nouns and their forms (every case, both numbers) are listed in tests/data/noun_forms.tsv:
32 Ukrainian and 40 Russian nouns among the most frequent of uk_resistinua and ru_telegram
(bench/word_forms.py wrote them from pymorphy3's dictionaries and says how many of the 300
most frequent nouns meet wholly: 246 of each language, at the time of writing).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import index_files

from searcher.query import search

DATA = Path(__file__).parent / "data" / "noun_forms.tsv"


def _nouns() -> dict[str, list[tuple[str, list[str]]]]:
    nouns: dict[str, list[tuple[str, list[str]]]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lang, lemma, forms = line.split("\t")
        nouns.setdefault(lang, []).append((lemma, forms.split(",")))
    return nouns


NOUNS = _nouns()


def test_the_list_is_big_enough():
    assert len(NOUNS["uk"]) >= 30 and len(NOUNS["ru"]) >= 30
    assert all(len(forms) >= 6 for lang in NOUNS for _, forms in NOUNS[lang])


def _records(lang: str) -> list[str]:
    """Every form of every noun once, three forms of different nouns to a record, shuffled."""
    forms = [form for _, fs in NOUNS[lang] for form in fs]
    random.Random(12).shuffle(forms)
    return [" ".join(forms[i : i + 3]) for i in range(0, len(forms), 3)]


@pytest.fixture(scope="module", params=["uk", "ru"])
def forms_index(request, tmp_path_factory):
    lang = request.param
    records = _records(lang)
    files = {f"{i:04d}.txt": f"---\ntitle: r{i}\nlanguage: {lang}\n---\n{text}\n" for i, text in enumerate(records)}
    return lang, records, index_files(tmp_path_factory.mktemp(lang), files)


def test_any_form_finds_the_records_of_every_form(forms_index):
    lang, records, index = forms_index
    wrong = []
    for lemma, forms in NOUNS[lang]:
        wanted = {f"r{i}" for i, text in enumerate(records) if set(text.split()) & set(forms)}
        for form in forms:
            found = {h.title for h in search(index, form, all_hits=True).hits}
            if found != wanted:
                wrong.append((lemma, form, sorted(found ^ wanted)[:3]))
    assert not wrong, wrong[:10]


def test_capitalised_forms_too(forms_index):
    lang, records, index = forms_index
    lemma, forms = NOUNS[lang][0]
    wanted = {f"r{i}" for i, text in enumerate(records) if set(text.split()) & set(forms)}
    assert {h.title for h in search(index, forms[-1].capitalize(), all_hits=True).hits} == wanted
