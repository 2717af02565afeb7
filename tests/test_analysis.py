from __future__ import annotations

import pickle

from searcher.analysis import STOP_MARK, STOP_WORDS, fold, stem, terms, text_analyzer, words


def test_stemming_joins_inflections():
    assert terms("strike strikes striking struck")[:3] == ["strike"] * 3
    assert len(set(terms("negotiation negotiations negotiating"))) == 1
    assert terms("Ukraine's") == terms("Ukraine") == ["ukraine"]  # a place name: not stemmed


def test_us_may_will_are_searchable_not_stop_words():
    assert terms("US") == ["us"]
    assert terms("U.S.") == terms("U.S") == ["us"]
    assert terms("U.S-led coalition") == ["us", "led", "coalit"]
    assert terms("Plan B.The end") == ["plan", "b", "the", "end"]
    assert terms("may") == ["may"] and terms("May") == ["may"]
    assert {"us", "may", "will", "can", "who"}.isdisjoint(STOP_WORDS)
    assert terms("the WHO said") == ["the", "who", "said"]


def test_case_diacritics_and_apostrophes_fold():
    assert fold("Kyïv") == "kyiv"
    assert fold("ZAPORIZHZHIA") == "zaporizhzhia"
    assert fold("Ukraine’s") == fold("Ukraine's") == "ukraine's"
    assert terms("Café") == terms("cafe")


def test_cyrillic_is_tokenized_folded_and_stemmed_by_its_forms():
    # Ukrainian: the lemma's stem (і of the last syllable folded, as «рік»/«року»); Russian: Snowball.
    assert terms("Обстріл міста, ЗНОВУ") == ["обстрол", "мист", "знов"]
    assert terms("обстріли обстрілами") == ["обстрол", "обстрол"]
    assert stem("обстрелами") == stem("обстрелы") == "обстрел"
    assert fold("Київ") == "київ" and fold("ВОЙНОЙ") == "войной"  # й and ї are letters


def test_place_names_fold_to_one_spelling_in_any_script():
    assert terms("Ізюм, Харків і Київ") == ["izium", "kharkiv", "і", "kyiv"]
    assert terms("Izyum Izium ИЗЮМ изюм") == ["izium"] * 4
    assert terms("Kiev Kharkov Artemivsk Avdeevka") == ["kyiv", "kharkiv", "bakhmut", "avdiivka"]
    # A multi-word name folds word by word, so phrases and single words still match.
    assert terms("Krivoy Rog") == terms("Kryvyi Rih") == ["kryvyi", "rih"]
    assert terms("rog") == ["rog"]  # only inside the name


def test_numbers_and_hyphenated_words():
    assert terms("53,650 personnel") == ["53,650", "personnel"]
    assert terms("north-eastern") == ["north", "eastern"]
    assert words("Loading video... 02:19") == ["loading", "video", "02:19"]


def test_stop_words_leave_gaps_in_the_index_and_stay_in_queries():
    # Whoosh reuses one Token object: read each as it comes.
    indexed = [(t.text, t.pos) for t in text_analyzer()("the battle of Bakhmut", positions=True, mode="index")]
    assert indexed == [("battl", 1), ("bakhmut", 3)]
    queried = [(t.text, t.pos) for t in text_analyzer()("the battle of Bakhmut", positions=True, mode="query")]
    # Marked as stop words, unstemmed: query.py drops them, or turns them into gaps.
    assert queried == [(STOP_MARK + "the", 0), ("battl", 1), (STOP_MARK + "of", 2), ("bakhmut", 3)]
    # A word whose stem is a stop word is not one: "having" is searched for as "have".
    assert [t.text for t in text_analyzer()("having being", mode="query")] == ["have", "be"]


def test_analyzer_pickles_with_its_stem_function():
    analyzer = text_analyzer()
    copy = pickle.loads(pickle.dumps(analyzer))
    assert [t.text for t in copy("Strikes hit Kharkiv")] == ["strike", "hit", "kharkiv"]


def test_place_names_are_not_stemmed_into_each_other():
    # An English stemmer drops the final "e": Pokrovske (villages) would be Pokrovsk (the city).
    assert terms("Pokrovske") == ["pokrovske"] and terms("Pokrovsk") == ["pokrovsk"]
    assert terms("Chornomorske Chornomorsk") == ["chornomorske", "chornomorsk"]
    assert terms("strikes on Pokrovske")[0] == "strike"  # other words still are
