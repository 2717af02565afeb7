"""Do the forms of a word meet? Ukrainian and Russian nouns through searcher's analysis.

    .venv/bin/python bench/word_forms.py [CORPORA_DIR] [--write tests/data/noun_forms.tsv]

Takes the 300 most frequent common nouns of uk_resistinua (Ukrainian) and of ru_telegram
(Russian), lists every form of each from pymorphy3's dictionaries (its lexeme: all cases,
both numbers), and counts the nouns whose forms all get one index term (analysis.terms), and
the terms shared by several nouns. Prints a Markdown table and the first failures.

With --write, keeps 40 nouns a language whose forms meet and whose term no other listed noun
shares, as the test data of tests/test_word_forms.py (the test then checks them against a
plain scan, and this table says how representative they are).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
CORPUS = {"uk": "uk_resistinua/resistinua_uk.jsonl", "ru": "ru_telegram/ru_telegram_news.jsonl"}
NOUNS = 300
SKIP_TAGS = {"Name", "Surn", "Patr", "Geox", "Abbr", "Orgn", "Trad"}


def frequent_nouns(corpora: Path, lang: str, count: int = NOUNS) -> list[tuple[str, list[str]]]:
    """(lemma, its forms) of the most frequent common nouns of a corpus."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer(lang=lang)
    words: Counter = Counter()
    with (corpora / CORPUS[lang]).open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            record = json.loads(line)
            words.update(re.findall(r"[а-яіїєґё]+", f"{record['title']} {record['body']}".lower()))
            if i >= 4000:
                break
    seen, out = set(), []
    for word, _ in words.most_common():
        first = morph.parse(word)[0]  # nouns whose first reading is a common noun
        if first.tag.POS != "NOUN" or SKIP_TAGS & set(re.split("[ ,]", str(first.tag))):
            continue
        forms = sorted({f.word for f in first.lexeme})
        if first.normal_form in seen or len(first.normal_form) < 3 or len(forms) < 6:
            continue
        seen.add(first.normal_form)
        out.append((first.normal_form, forms))
        if len(out) == count:
            break
    return out


def main() -> None:
    args = sys.argv[1:]
    write = None
    if "--write" in args:
        write = Path(args[args.index("--write") + 1])
        del args[args.index("--write") : args.index("--write") + 2]
    corpora = Path(args[0]) if args else CORPORA
    from searcher.analysis import terms

    print(
        "| language | nouns | all forms meet | terms shared by several nouns | forms | ms per form (first analysis) |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    kept_rows = []
    failures = {}
    for lang in CORPUS:
        nouns = frequent_nouns(corpora, lang)
        started = time.perf_counter()
        term_sets = [(lemma, forms, {tuple(terms(f)) for f in forms}) for lemma, forms in nouns]
        seconds = time.perf_counter() - started
        owners = defaultdict(set)
        for lemma, _, ts in term_sets:
            for t in ts:
                owners[t].add(lemma)
        meet = [(lemma, forms, ts) for lemma, forms, ts in term_sets if len(ts) == 1 and len(next(iter(ts))) == 1]
        shared = sum(1 for v in owners.values() if len(v) > 1)
        n_forms = sum(len(f) for _, f, _ in term_sets)
        print(f"| {lang} | {len(nouns)} | {len(meet)} | {shared} | {n_forms} | {seconds * 1000 / n_forms:.2f} |")
        failures[lang] = [(lemma, sorted(" ".join(t) for t in ts)[:4]) for lemma, _, ts in term_sets if len(ts) > 1][:8]
        unique = [(lemma, forms) for lemma, forms, ts in meet if len(owners[next(iter(ts))]) == 1]
        kept_rows += [f"{lang}\t{lemma}\t{','.join(forms)}" for lemma, forms in unique[:40]]
    for lang, rows in failures.items():
        print(
            f"\n{lang}, first nouns whose forms do not all meet: "
            + "; ".join(f"{lemma} {terms}" for lemma, terms in rows)
        )
    if write:
        header = "# language\tlemma\tforms (from pymorphy3's lexeme; written by bench/word_forms.py --write)"
        write.write_text("\n".join([header, *kept_rows]) + "\n", encoding="utf-8")
        print(f"\nwrote {len(kept_rows)} nouns to {write}")


if __name__ == "__main__":
    main()
