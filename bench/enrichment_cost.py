"""What enrichment (places, dates from text, outlet inference) costs when indexing.

    .venv/bin/python bench/enrichment_cost.py [CORPORA_DIR]
    .venv/bin/python bench/enrichment_cost.py [CORPORA_DIR] --languages


Indexes the real corpora (ISW pages, Guardian, NYT and FA-KES CSVs) into a fresh index twice,
each in its own process: with everything, and with enrichment switched off (no place
extraction or folding, no dates from text, no outlet inference; reading, parsing and
indexing unchanged). Then times the enrichment calls alone per article. Prints a Markdown
table; compare the ratios, not the seconds (machines here are shared and noisy).

--languages: CPU time per word of indexing 150,000 words of English, Ukrainian, Russian and
Arabic reporting, each the least of three interleaved rounds, against English as it comes
(long articles) and against the same English cut into records of Telegram's length ("in
posts"): ru_telegram's posts are ten times shorter than the English articles, and a record
costs its postings, its sketch and its fields whatever its language.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
RUNS = (
    ("nyt_guardian/Guardians_Russia_Ukraine.csv", "The Guardian"),
    ("nyt_guardian/NYT_Russia_Ukraine.csv", "The New York Times"),
    ("fakes/FA-KES-Dataset.csv", None),
    ("isw", "Institute for the Study of War"),
)


def index_all(corpora: Path, enrich: bool) -> dict:
    """Index every corpus into a new index; return seconds and records."""
    import searcher.enrich as enrich_module
    from searcher import analysis
    from searcher.enrich import places
    from searcher.enrich.places import gazetteer
    from searcher.indexer import build_index
    from searcher.readers import ReadOptions

    if not enrich:
        places.extract_places = lambda text, *args: []
        places.resolve_given = lambda names, *args: []
        enrich_module.date_from_text = lambda text: None
        enrich_module.outlet_from_text = lambda *texts: None
        analysis.PlaceFilter.__call__ = lambda self, tokens: tokens
    gazetteer()  # loaded once per run, not per article: not what is compared
    with tempfile.TemporaryDirectory() as tmp:
        # CPU time of one process (jobs=1: reading, enrichment, analysis and writing all happen
        # here), not wall time: the machines here are shared, and other work stretches the clock.
        started = time.process_time()
        total = 0
        for path, outlet in RUNS:
            report = build_index([corpora / path], Path(tmp) / "index", ReadOptions(outlet=outlet), jobs=1)
            total = report.total
        return {"seconds": time.process_time() - started, "records": total}


def enrichment_alone(corpora: Path) -> dict:
    """Milliseconds per article spent in place extraction, text dates and outlet cues."""
    import hashlib

    from searcher.enrich import decide_places, outlet_from_text
    from searcher.enrich.dates import date_from_text
    from searcher.enrich.places import gazetteer
    from searcher.readers import ReadOptions, find_files, read_file

    started = time.perf_counter()
    gazetteer()
    load = time.perf_counter() - started
    articles = []
    for path, outlet in RUNS:
        files, _ = find_files([corpora / path])
        for file in files:
            data = file.read_bytes()
            articles += [
                a
                for a in read_file(file, data, hashlib.sha256(data).hexdigest(), ReadOptions(outlet=outlet))
                if hasattr(a, "body")
            ]
    started = time.process_time()  # CPU time, as above
    for a in articles:
        decide_places([], a.title, a.body)
        date_from_text(f"{a.body}\n{a.title}")
        outlet_from_text(a.body[:2000], a.body[-2000:])
    seconds = time.process_time() - started
    return {
        "articles": len(articles),
        "ms_per_article": 1000 * seconds / len(articles),
        "gazetteer_load_s": load,
        "words": sum(len(a.body.split()) for a in articles),
    }


# --languages: indexing cost per word of English, Ukrainian, Russian and Arabic text (#12).
LANGUAGE_SAMPLES = (
    ("en", "nyt_guardian/Guardians_Russia_Ukraine.csv"),
    ("uk", "uk_resistinua/resistinua_uk.jsonl"),
    ("ru", "ru_telegram/ru_telegram_news.jsonl"),
    ("ar", "ar_unifiedfc/unifiedfc_ar_docs.jsonl"),
)
SAMPLE_WORDS = 150_000
# "en, in posts": the English sample cut into records of the length of ru_telegram's posts (69
# words on average), which tells the cost of a language from the cost of short records.
POST_WORDS = 70
ROUNDS = 3


def language_sample(corpora: Path, path: str, folder: Path, cut: bool = False) -> tuple[Path, int]:
    """The first records of a corpus, up to SAMPLE_WORDS words, as a JSONL file (language
    fields dropped: detection is part of the cost); (file, words). `cut`: each body cut into
    records of POST_WORDS words."""
    import hashlib
    import re

    from searcher.readers import ReadOptions, read_file

    source = corpora / path
    if source.suffix == ".jsonl":  # raw records: reading all of a big file would enrich it all
        with source.open(encoding="utf-8") as f:
            records = (json.loads(line) for line in f)
            items = [(r.get("title") or "", r.get("body") or "", r.get("date"), r.get("outlet")) for r in records]
    else:
        data = source.read_bytes()
        read = read_file(source, data, hashlib.sha256(data).hexdigest(), ReadOptions())
        items = [(a.title, a.body, a.date, a.outlet) for a in read if hasattr(a, "body")]
    if cut:  # the same English text as records of Telegram's length: what short records cost
        items = [
            (title if n == 0 else "", " ".join(chunk[n : n + POST_WORDS]), date, outlet)
            for title, body, date, outlet in items
            for chunk in [body.split()]
            for n in range(0, len(chunk), POST_WORDS)
        ]
    rows, words = [], 0
    for title, body, date, outlet in items:
        if words >= SAMPLE_WORDS:
            break
        rows.append(json.dumps({"title": title, "body": body, "date": date, "outlet": outlet}))
        words += len(re.findall(r"\w+", f"{title} {body}"))
    target = folder / f"{source.stem}.jsonl"
    target.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return target, words


def index_language(corpora: Path, lang: str) -> dict:
    """Seconds to index one language's sample in one process, the libraries loaded first (their
    load times are reported apart: once per run, not per word)."""
    from searcher import analysis, language, morph
    from searcher.enrich.places import _form_index, gazetteer
    from searcher.indexer import build_index

    path = dict(LANGUAGE_SAMPLES)[lang.removesuffix("-posts")]
    with tempfile.TemporaryDirectory() as tmp:
        sample, words = language_sample(corpora, path, Path(tmp), cut=lang.endswith("-posts"))
        started = time.perf_counter()
        _form_index(gazetteer())
        analysis._english_stemmer()
        morph._dictionaries(), morph._russian_snowball(), morph._arabic_snowball()
        language.detect_language("warm up")
        load = time.perf_counter() - started
        # CPU time of this process (one job: reading, analysis and writing all happen here), not
        # wall time: the machines here are shared, and other work stretches the wall clock.
        started = time.process_time()
        report = build_index([sample], Path(tmp) / "index", jobs=1)
        seconds = time.process_time() - started
    return {"lang": lang, "records": report.total, "words": words, "seconds": seconds, "load_s": load}


def languages_table(corpora: Path, only: list[str] | None = None) -> None:
    # Each language is measured ROUNDS times, the rounds interleaved, and its least time kept:
    # another job on a shared machine only ever adds time, and it would otherwise land on
    # whichever language happened to run beside it.
    langs = [lang for lang, _ in LANGUAGE_SAMPLES if not only or lang in only or lang == "en"] + ["en-posts"]
    best: dict[str, dict] = {}
    for _ in range(ROUNDS):
        for lang in langs:
            out = subprocess.run(
                [sys.executable, __file__, str(corpora), f"lang:{lang}"], capture_output=True, text=True, check=True
            ).stdout
            result = json.loads(out)
            if lang not in best or result["seconds"] < best[lang]["seconds"]:
                best[lang] = result
    results = [best[lang] for lang in langs]
    english = results[0]["seconds"] / results[0]["words"]
    posts = results[-1]["seconds"] / results[-1]["words"]
    print(f"Least CPU time of {ROUNDS} interleaved rounds.\n")
    print(
        "| language | records | words | CPU seconds | µs per word | × English | × English in posts "
        "| libraries loaded first, s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        per_word = r["seconds"] / r["words"]
        print(
            f"| {r['lang']} | {r['records']} | {r['words']} | {r['seconds']:.1f} | {per_word * 1e6:.0f} | "
            f"{per_word / english:.2f} | {per_word / posts:.2f} | {r['load_s']:.1f} |"
        )


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else CORPORA
    if "--languages" in sys.argv:  # --languages [uk,ru,ar]
        after = sys.argv[sys.argv.index("--languages") + 1 :]
        languages_table(corpora, after[0].split(",") if after else None)
        return
    if len(sys.argv) > 2:  # child process: one measurement
        mode = sys.argv[2]
        if mode.startswith("lang:"):
            print(json.dumps(index_language(corpora, mode[5:])))
            return
        result = enrichment_alone(corpora) if mode == "alone" else index_all(corpora, enrich=mode == "full")
        print(json.dumps(result))
        return
    run = lambda mode: json.loads(  # noqa: E731
        subprocess.run(
            [sys.executable, __file__, str(corpora), mode], capture_output=True, text=True, check=True
        ).stdout
    )
    full, plain, alone = run("full"), run("plain"), run("alone")
    print("| indexing the real corpora | records | seconds | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| without enrichment | {plain['records']} | {plain['seconds']:.1f} | 1.00 |")
    print(
        f"| with places, text dates, outlet cues | {full['records']} | {full['seconds']:.1f} | "
        f"{full['seconds'] / plain['seconds']:.2f} |"
    )
    print()
    print(
        f"Enrichment alone: {alone['ms_per_article']:.1f} ms per article over {alone['articles']} articles "
        f"({alone['words'] / alone['articles']:.0f} words on average); loading the gazetteer: "
        f"{alone['gazetteer_load_s']:.2f} s once per run."
    )


if __name__ == "__main__":
    main()
