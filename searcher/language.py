"""The language of a record: from its metadata when it has one, else detected from its text.

Detection uses py3langid (langid.py's model, shipped inside the package: nothing downloads),
after a test of letters that settles most Ukrainian and Russian text without it.
Measured on the shared corpora (bench/language_accuracy.py): 0.998 of 14,641 records right,
0.22 ms a record (0.35 without the test of letters); lingua-language-detector got 0.993 at
1.6 ms and a 6 s load. The model loads on first use (1.5 s with numpy), so records that carry
their language never pay it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

# Names and three-letter codes seen in metadata, as ISO 639-1 codes.
_NAMES = {
    "english": "en",
    "eng": "en",
    "ukrainian": "uk",
    "ukr": "uk",
    "ua": "uk",  # the country code, often written for the language
    "russian": "ru",
    "rus": "ru",
    "arabic": "ar",
    "ara": "ar",
    "french": "fr",
    "fra": "fr",
    "german": "de",
    "deu": "de",
    "spanish": "es",
    "spa": "es",
}
SAMPLE_CHARS = 2000  # the start of a text says its language as well as all of it, faster
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi"})


def normalize_language(value: object) -> str | None:
    """A metadata value as a language code: 'uk-UA' -> 'uk', 'Russian' -> 'ru'; None when empty
    or not a language tag."""
    text = str(value or "").strip().lower().replace("_", "-")
    if not text:
        return None
    text = _NAMES.get(text, text)
    code = text.split("-", 1)[0]
    code = _NAMES.get(code, code)
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def detect_language(text: str) -> str | None:
    """The language of a text (ISO 639-1), or None for text with no letters."""
    sample = text[:SAMPLE_CHARS]
    if not any(c.isalpha() for c in sample):
        return None
    return ukrainian_or_russian_by_letters(sample) or _identifier().classify(sample)[0]


# Letters that one of Ukrainian and Russian has and the other lacks (ъ is left out: Bulgarian
# has it too), and the Cyrillic letters of neither (Belarusian ў, Serbian ј, Kazakh ә...).
_UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")
_RUSSIAN_ONLY = frozenset("ыэёЫЭЁ")
_BOTH = "абвгдежзийклмнопрстуфхцчшщьюяъ"
_RUSSIAN_OR_UKRAINIAN = frozenset(_BOTH + _BOTH.upper()) | _UKRAINIAN_ONLY | _RUSSIAN_ONLY
MIN_CYRILLIC_SHARE = 0.9


def ukrainian_or_russian_by_letters(sample: str) -> str | None:
    """'uk' or 'ru' for a text written in Cyrillic (nine letters in ten) with letters of one of
    the two languages and none of the other or of any other Cyrillic alphabet; else None (the
    model decides). Letters settle it: a Russian text never has і, ї, є or ґ, nor a Ukrainian
    one ы, э or ё; and counting letters costs a fraction of the model's scoring."""
    letters = [c for c in sample if c.isalpha()]
    cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    if len(cyrillic) < MIN_CYRILLIC_SHARE * len(letters):
        return None
    found = set(cyrillic)
    if not found <= _RUSSIAN_OR_UKRAINIAN:
        return None
    ukrainian, russian = bool(found & _UKRAINIAN_ONLY), bool(found & _RUSSIAN_ONLY)
    if ukrainian != russian:
        return "uk" if ukrainian else "ru"
    return None


@functools.lru_cache(maxsize=1)
def _identifier():
    """py3langid's model, from a pickled copy once it has been read (its lzma file takes
    0.5 s to decompress: most of indexing one small file)."""
    import py3langid.langid
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from searcher.cache import load_or_build

    model = Path(py3langid.langid.__file__).parent / MODEL_FILE
    stat = model.stat()
    key = f"{model} {stat.st_size} {stat.st_mtime_ns}".encode()
    return load_or_build("langid", key, lambda: LanguageIdentifier.from_model_file(model))


def decide_language(meta_value: object, title: str, body: str) -> tuple[str | None, str | None]:
    """(language, how it was decided: "meta" or "detected"), or (None, None) for no text."""
    code = normalize_language(meta_value)
    if code:
        return code, "meta"
    code = detect_language(f"{title}\n{body}")
    return (code, "detected") if code else (None, None)


def text_direction(language: str | None) -> str:
    """'rtl' for languages written right to left, else 'ltr'."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"
