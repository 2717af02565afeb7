"""The long fuzz run: real files mutated at random, fed to the readers; random queries to an index.

    .venv/bin/python bench/fuzz.py [--inputs 20000] [--queries 5000] [--seed 1]

Inputs start from the seeds and from slices of the real corpora (../shared/corpora when
present), then get bytes flipped, chunks cut, duplicated or shuffled, NULs and invalid UTF-8
inserted, encodings swapped, tags nested, structure broken; each goes to the reader of a
random file type. A reader may only return articles or skips with a reason, within its time
budget; anything else is a bug, printed with the input saved to bench/out/fuzz-failures/.
Queries mix operators, quotes, brackets, field names and random text. Prints a summary.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = REPO.parent / "shared" / "corpora"
FAILURES = HERE / "out" / "fuzz-failures"
EXTENSIONS = (".txt", ".md", ".html", ".csv", ".tsv", ".json", ".jsonl")


def seeds() -> list[bytes]:
    found = [p.read_bytes() for p in (REPO / "corpus").glob("*")]
    if CORPORA.is_dir():
        for path in sorted((CORPORA / "isw").glob("*.html"))[:20]:
            found.append(path.read_bytes())
        for path in sorted(CORPORA.rglob("*.csv")):
            data = path.read_bytes()
            found += [data[:20_000], data[len(data) // 2 : len(data) // 2 + 20_000]]
    found += [b'[{"title": "t", "text": "x"}]', b'{"title": "a", "body": "b"}\n' * 3, b"---\ntitle: x\n---\nbody\n"]
    return found


def mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        choice = rng.randrange(10)
        at = rng.randrange(len(data) + 1)
        if choice == 0 and data:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice == 1:  # cut
            end = min(len(data), at + rng.randint(1, 5000))
            del data[at:end]
        elif choice == 2:  # duplicate a chunk
            chunk = data[at : at + rng.randint(1, 2000)]
            data[at:at] = chunk * rng.randint(1, 20)
        elif choice == 3:
            data[at:at] = b"\x00" * rng.randint(1, 50)
        elif choice == 4:
            data[at:at] = bytes([0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82])  # invalid UTF-8, fake BOM bits
        elif choice == 5:
            data[at:at] = rng.choice([b"<div>" * 5000, b"[" * 3000, b'{"a":' * 2000, b'"', b"---\n", b"\r\r\n"])
        elif choice == 6:
            try:
                data = bytearray(
                    data.decode("utf-8", "replace").encode(
                        rng.choice(["cp1251", "utf-16", "koi8-r", "latin-1"]), "replace"
                    )
                )
            except (LookupError, UnicodeError):
                pass
        elif choice == 7:  # a very long line
            data[at:at] = b"x" * rng.randint(10_000, 1_000_000)
        elif choice == 8 and len(data) > 10:  # shuffle lines
            lines = bytes(data).split(b"\n")
            rng.shuffle(lines)
            data = bytearray(b"\n".join(lines))
        else:
            data[at:at] = rng.randbytes(rng.randint(1, 300))
    return bytes(data)


def fuzz_readers(count: int, rng: random.Random) -> tuple[int, int, int, list[str]]:
    from searcher.readers import ReadOptions, read_file
    from searcher.records import Article, Skipped

    base = seeds()
    articles = skipped = 0
    failures = []
    slowest = 0.0
    for i in range(count):
        data = mutate(rng.choice(base), rng)
        extension = rng.choice(EXTENSIONS)
        started = time.perf_counter()
        try:
            items = list(
                read_file(Path(f"/fuzz/{i}{extension}"), data, hashlib.sha256(data).hexdigest(), ReadOptions())
            )
            if not all(isinstance(x, (Article, Skipped)) and (isinstance(x, Article) or x.reason) for x in items):
                raise AssertionError(f"bad items: {items[:3]}")
        except Exception:  # noqa: BLE001 - a bug: keep the input
            failures.append(_save(data, extension, traceback.format_exc()))
            continue
        slowest = max(slowest, time.perf_counter() - started)
        articles += sum(isinstance(x, Article) for x in items)
        skipped += sum(isinstance(x, Skipped) for x in items)
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} inputs, {len(failures)} failures, slowest {slowest:.1f} s", file=sys.stderr, flush=True)
    return articles, skipped, len(failures), failures


def fuzz_queries(count: int, rng: random.Random, index_dir: Path) -> tuple[int, int, list[str]]:
    from searcher.errors import SearcherError
    from searcher.query import Filters, search

    pieces = [
        '"',
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "*",
        "?",
        "~",
        "^",
        ":",
        "title:",
        "place:",
        "outlet:",
        "body:",
        "[",
        "]",
        "{",
        "}",
        "TO",
        "izyum",
        "Київ",
        "bakhmut",
        "the",
        "\\",
        "'",
        "-",
        "+",
        "/",
        "\x00",
        " ",
    ]
    errors = 0
    failures = []
    for _ in range(count):
        text = "".join(
            rng.choice(pieces) if rng.random() < 0.7 else chr(rng.randrange(32, 0x3000))
            for _ in range(rng.randint(0, 30))
        )
        try:
            search(
                index_dir,
                text or "*",
                Filters(places=(rng.choice(["", "Kharkiv", "<x>", "?"]),) if rng.random() < 0.2 else ()),
            )
        except SearcherError:
            errors += 1
        except Exception:  # noqa: BLE001
            failures.append(_save(text.encode("utf-8", "surrogatepass"), ".query", traceback.format_exc()))
    return count - errors, errors, failures


def _save(data: bytes, extension: str, trace: str) -> str:
    FAILURES.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:12] + extension
    (FAILURES / name).write_bytes(data)
    (FAILURES / (name + ".trace")).write_text(trace, "utf-8")
    return f"{name}: {trace.strip().splitlines()[-1]}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    articles, skipped, failed, failures = fuzz_readers(args.inputs, rng)
    print(f"readers: {args.inputs} inputs -> {articles} articles, {skipped} skips with reasons, {failed} failures")
    import tempfile

    from searcher.indexer import build_index

    with tempfile.TemporaryDirectory() as tmp:
        build_index([REPO / "corpus"], Path(tmp) / "index", jobs=1)
        answered, refused, query_failures = fuzz_queries(args.queries, rng, Path(tmp) / "index")
    print(f"queries: {args.queries} -> {answered} answered, {refused} clear errors, {len(query_failures)} failures")
    for line in failures + query_failures:
        print("  FAIL", line)
    print(f"{time.perf_counter() - started:.0f} s")
    sys.exit(1 if failures or query_failures else 0)


if __name__ == "__main__":
    main()
