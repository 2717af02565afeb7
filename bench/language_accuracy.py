"""How well language detection tells the languages of the shared corpora apart.

    .venv/bin/python bench/language_accuracy.py [CORPORA_DIR]

Reads every record of the real corpora as indexing does (searcher's readers), and compares
the language detected from its title and body (searcher.language.detect_language, py3langid)
with the truth: the `language` field of uk_resistinua, ru_telegram and ar_unifiedfc, and
English for the NYT/Guardian, FA-KES and ISW corpora. When lingua-language-detector is
installed it is measured on the same texts, for comparison. Prints a Markdown table.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
# (path under the corpora folder, the language when the records carry none)
SOURCES = (
    ("uk_resistinua/resistinua_uk.jsonl", None),
    ("uk_resistinua/resistinua_en.jsonl", None),
    ("ru_telegram/ru_telegram_news.jsonl", None),
    ("ar_unifiedfc/unifiedfc_ar_docs.jsonl", None),
    ("nyt_guardian/Guardians_Russia_Ukraine.csv", "en"),
    ("nyt_guardian/NYT_Russia_Ukraine.csv", "en"),
    ("fakes/FA-KES-Dataset.csv", "en"),
    ("isw", "en"),
)


def labelled_texts(corpora: Path) -> list[tuple[str, str]]:
    """(true language, title and body) of every record."""
    from searcher.readers import ReadOptions, find_files, read_file

    out = []
    for path, language in SOURCES:
        files, _ = find_files([corpora / path])
        for file in files:
            data = file.read_bytes()
            for a in read_file(file, data, hashlib.sha256(data).hexdigest(), ReadOptions()):
                if hasattr(a, "body"):
                    truth = language or (a.language if a.language_source == "meta" else None)
                    if truth:
                        out.append((truth, f"{a.title}\n{a.body}"))
    return out


def measure(name: str, detect, texts: list[tuple[str, str]], load_seconds: float) -> str:
    right, total, wrong = Counter(), Counter(), Counter()
    started = time.perf_counter()
    for truth, text in texts:
        got = detect(text)
        total[truth] += 1
        if got == truth:
            right[truth] += 1
        else:
            wrong[f"{truth}->{got}"] += 1
    ms = (time.perf_counter() - started) * 1000 / len(texts)
    per_language = ", ".join(f"{lang} {right[lang]}/{total[lang]}" for lang in sorted(total))
    errors = ", ".join(f"{k} {n}" for k, n in wrong.most_common(5)) or "none"
    accuracy = sum(right.values()) / len(texts)
    return f"| {name} | {accuracy:.4f} | {per_language} | {ms:.2f} | {load_seconds:.1f} | {errors} |"


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPORA
    if not corpora.is_dir():
        sys.exit(f"no corpora at {corpora}")
    from searcher import language

    started = time.perf_counter()
    language.detect_language("warm up")  # loads the model (reading detects untagged records)
    load = time.perf_counter() - started
    texts = labelled_texts(corpora)
    print(f"{len(texts)} records\n")
    print("| detector | accuracy | right per language | ms per record | load s | most frequent errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(measure("py3langid (searcher)", language.detect_language, texts, load))
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return
    started = time.perf_counter()
    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
    load = time.perf_counter() - started

    def lingua_detect(text: str) -> str | None:
        found = detector.detect_language_of(text[: language.SAMPLE_CHARS])
        return found.iso_code_639_1.name.lower() if found else None

    print(measure("lingua-language-detector", lingua_detect, texts, load))


if __name__ == "__main__":
    main()
