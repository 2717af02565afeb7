"""Reproducible benchmark corpora made of real reporting, resampled.

    .venv/bin/python bench/make_corpus.py N OUTDIR [--seed 1]

Paragraphs (and FA-KES sentences, which have no paragraphs) of the real corpora in
../shared/corpora are drawn into new articles of about 400 words; titles, dates and outlets
are drawn from the real records' distributions, and the place names come with the real
text. Written as JSON Lines files of 250 articles (one file is one unit of parallel work),
fields: title, text, date, outlet. The same N and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
CACHE = Path(__file__).resolve().parent / "out" / "material.json"
PER_FILE = 250
WORDS = 400


def material(corpora: Path = CORPORA) -> dict:
    """Paragraphs, titles, dates and outlets of the real corpora (cached in bench/out/)."""
    if CACHE.is_file():
        return json.loads(CACHE.read_text("utf-8"))
    paragraphs, titles, dates, outlets = [], [], [], []
    for name, (title, body, date, outlet) in {
        "nyt_guardian/Guardians_Russia_Ukraine.csv": ("headlines", "articles", "published", "The Guardian"),
        "nyt_guardian/NYT_Russia_Ukraine.csv": ("headlines", "articles", "published", "The New York Times"),
        "fakes/FA-KES-Dataset.csv": ("article_title", "article_content", "date", None),
    }.items():
        with (corpora / name).open(encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.DictReader(f):
                titles.append(row[title])
                dates.append(row[date])
                outlets.append(outlet or row["source"])
                text = row[body]
                parts = text.split("\n\n") if "\n\n" in text else _sentence_groups(text)
                paragraphs += [p.strip() for p in parts if len(p.split()) >= 12]
    import trafilatura

    for page in sorted((corpora / "isw").glob("*.html")):
        text = trafilatura.extract(page.read_text("utf-8", errors="replace")) or ""
        titles.append(f"Russian Offensive Campaign Assessment, {page.stem}")
        dates.append(page.stem)
        outlets.append("Institute for the Study of War")
        paragraphs += [p.strip() for p in text.split("\n") if len(p.split()) >= 12 and not p.startswith("[")]
    data = {"paragraphs": paragraphs, "titles": titles, "dates": dates, "outlets": outlets}
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps(data), "utf-8")
    return data


def _sentence_groups(text: str, size: int = 3) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]


def articles(n: int, seed: int, data: dict):
    rng = random.Random(seed)
    paragraphs, titles, dates, outlets = data["paragraphs"], data["titles"], data["dates"], data["outlets"]
    for i in range(n):
        body, words = [], 0
        while words < WORDS:
            p = rng.choice(paragraphs)
            body.append(p)
            words += len(p.split())
        k = rng.randrange(len(titles))  # a real record's title, date and outlet together
        yield {"title": f"{titles[k]} ({i})", "text": "\n\n".join(body), "date": dates[k], "outlet": outlets[k]}


def write_corpus(n: int, outdir: Path, seed: int = 1) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    data = material()
    batch, number = [], 0
    for article in articles(n, seed, data):
        batch.append(json.dumps(article, ensure_ascii=False))
        if len(batch) == PER_FILE:
            (outdir / f"part-{number:05d}.jsonl").write_text("\n".join(batch) + "\n", "utf-8")
            batch, number = [], number + 1
    if batch:
        (outdir / f"part-{number:05d}.jsonl").write_text("\n".join(batch) + "\n", "utf-8")
    return outdir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.n, args.outdir, args.seed)


if __name__ == "__main__":
    main()
