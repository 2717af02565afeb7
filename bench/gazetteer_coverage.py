"""How much of what the shared corpora name as places the gazetteer knows (#11).

Counts capitalised names that follow "in", "near", "outside", "of" (Ukrainian «у», «в», «біля»,
Russian «в», «под», «у», «около») in the shared corpora and checks each against the gazetteer's
name keys: a Latin name is covered when it, or its first words, name an entity ("Kharkiv City");
a Cyrillic one, which the text inflects («у Маріуполі», «под Курском»), when some name key
starts with it less an ending of up to two letters. Prints counts of mentions and of distinct
names covered and missed, and the most frequent misses (many are not places: people,
institutions; the count is an upper bound of the gap).

    python bench/gazetteer_coverage.py [--gazetteer FILE.tsv.gz] [--top 40]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import gzip
import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from searcher.enrich.places import GAZETTEER_PATH, name_key  # noqa: E402

CORPORA = REPO.parent / "shared" / "corpora"
csv.field_size_limit(1 << 30)

_LATIN = re.compile(r"\b(?:in|near|outside|of)\s+((?:[A-Z][a-zA-Z’'\-]+)(?:\s+[A-Z][a-zA-Z’'\-]+){0,2})")
_UK = re.compile(r"(?:^|[\s(«\"])(?:у|в|біля|поблизу)\s+([А-ЯІЇЄҐ][а-яіїєґʼ'’\-]+(?:\s+[А-ЯІЇЄҐ][а-яіїєґʼ'’\-]+)?)")
_RU = re.compile(r"(?:^|[\s(«\"])(?:в|во|под|у|около)\s+([А-ЯЁ][а-яё'’\-]+(?:\s+[А-ЯЁ][а-яё'’\-]+)?)")
_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
# Capitalised words after "in"/"of" that are not places: calendar, titles, institutions.
_STOP = set(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The This That These Those A An
    Russian Russians Ukrainian Ukrainians Syrian Western American European British Kremlin Ministry
    Defense Defence General Staff Armed Forces Institute Study War President Putin Zelensky
    Telegram Twitter Facebook Parliament Congress Senate Council Court Army Navy Government
    Mr Mrs Ms Dr Prime Minister Secretary State Department Security National United Nations
    NATO Europe Asia Oblast Oblasts City Region Regions Southern Eastern Northern Central""".split()
)
_STOP |= {
    line.strip()
    for line in (REPO / "scripts" / "gazetteer" / "coverage_stop.tsv").read_text(encoding="utf-8").splitlines()[1:]
    if line.strip() and not line.startswith("#")
}
_UK_STOP = set("Україні Україна Україну України Росії Росія Росію Європі Європа Києві ЗСУ РФ США".split())


def texts():
    """(corpus, script, text) over the shared corpora."""
    for name in ("Guardians_Russia_Ukraine.csv", "NYT_Russia_Ukraine.csv"):
        with open(CORPORA / "nyt_guardian" / name, encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.DictReader(f):
                yield "nyt_guardian", "latin", f"{row.get('headlines', '')}\n{row.get('articles', '')}"
    for path in sorted((CORPORA / "isw").glob("*.html")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        yield "isw", "latin", re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", raw)))
    with open(CORPORA / "fakes" / "FA-KES-Dataset.csv", encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            yield "fakes", "latin", f"{row.get('article_title', '')}\n{row.get('article_content', '')}"
    for path, script in (("uk_resistinua/resistinua_uk.jsonl", "uk"), ("ru_telegram/ru_telegram_news.jsonl", "ru")):
        with open(CORPORA / path, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                yield path.split("/")[0], script, f"{record.get('title') or ''}\n{record.get('body') or ''}"


def _phrase(phrase: str) -> str | None:
    words = [re.sub(r"[’']s$", "", w) for w in phrase.split()]
    while words and ("-" in words[0] and words[0].split("-")[1][:1].islower() or words[0] in _STOP):
        words = words[1:]
    if not words or any(w.isupper() or w.endswith("-") for w in words):
        return None
    return " ".join(words)


def gazetteer_keys(path: Path) -> set[str]:
    keys = set()
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            for column in ("name", "names", "alternates", "former", "bases"):
                keys.update(name_key(n) for n in (row.get(column) or "").split("|") if n)
    keys.discard("")
    return keys


def covered_latin(phrase: str, keys: set[str]) -> bool:
    """The phrase or its first words name an entity; a possessive that lost its apostrophe
    ("Syrias", as FA-KES writes it) counts."""
    words = name_key(phrase).split()
    for i in range(len(words), 0, -1):
        first = " ".join(words[:i])
        if first in keys or (first.endswith("s") and first[:-1] in keys):
            return True
    return False


def covered_cyrillic(phrase: str, keys: set[str], ordered: list[str]) -> bool:
    key = name_key(phrase)
    if key in keys:
        return True
    for cut in (1, 2, 3):
        stem = key[:-cut]
        if len(stem) < 3:
            break
        # Ukrainian alternates і with о/е in inflected forms (Харків, у Харкові; Ірпінь, в Ірпені).
        alternated = [stem[:i] + "і" + stem[i + 1 :] for i in range(len(stem) - 3, len(stem)) if stem[i] in "ое"]
        for candidate in (stem, *alternated):
            at = bisect.bisect_left(ordered, candidate)
            if at < len(ordered) and ordered[at].startswith(candidate):
                return True
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gazetteer", type=Path, default=GAZETTEER_PATH)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    if not CORPORA.is_dir():
        raise SystemExit(f"Error: {CORPORA} not found; this measures the shared corpora")
    keys = gazetteer_keys(args.gazetteer)
    ordered = sorted(keys)
    found: dict[str, Counter] = {}
    missed: dict[str, Counter] = {}
    for corpus, script, text in texts():
        pattern = {"latin": _LATIN, "uk": _UK, "ru": _RU}[script]
        for m in pattern.finditer(text):
            if script == "latin":
                phrase = _phrase(m.group(1))
                ok = phrase is not None and covered_latin(phrase, keys)
            else:
                phrase = m.group(1).split()[0] if m.group(1).split()[0] not in _UK_STOP else None
                if phrase and len(m.group(1).split()) > 1 and covered_cyrillic(m.group(1), keys, ordered):
                    phrase = m.group(1)
                ok = phrase is not None and covered_cyrillic(phrase, keys, ordered)
            if phrase is None:
                continue
            (found if ok else missed).setdefault(corpus, Counter())[phrase] += 1
    print(f"gazetteer: {args.gazetteer} ({args.gazetteer.stat().st_size} bytes, {len(keys)} name keys)")
    for corpus in ("nyt_guardian", "isw", "fakes", "uk_resistinua", "ru_telegram"):
        f, m = found.get(corpus, Counter()), missed.get(corpus, Counter())
        print(
            f"{corpus}: covered {sum(f.values())} mentions ({len(f)} names); "
            f"missed {sum(m.values())} mentions ({len(m)} names)"
        )
        print("  top misses: " + "; ".join(f"{p} ({n})" for p, n in m.most_common(args.top)))


if __name__ == "__main__":
    main()
