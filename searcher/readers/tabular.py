"""Data exports: CSV/TSV (one record per row), JSON Lines (one per line), JSON (one per object)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator

from searcher.enrich.dates import infer_day_first
from searcher.readers.decode import ReadError, decode_bytes
from searcher.readers.fields import map_columns, value_list, value_text

CSV_EXTENSIONS = (".csv", ".tsv")
JSON_EXTENSIONS = (".json", ".jsonl", ".ndjson")

# Keys under which JSON exports commonly keep their list of articles.
_LIST_KEYS = ("articles", "items", "data", "records", "results", "documents", "docs", "posts", "entries")

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv(data: bytes, overrides: dict[str, str], delimiter: str | None = None) -> Iterator[dict]:
    text, _ = decode_bytes(data)
    dialect_delimiter = delimiter or _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect_delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ReadError("empty file: no header row") from None
    except csv.Error as exc:
        raise ReadError(f"malformed CSV header ({exc})") from None
    rows = _rows(reader)
    yield from _records(header, rows, overrides, "row")


def _sniff_delimiter(text: str) -> str:
    first_line = text[:4096].split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _rows(reader) -> Iterator[tuple[int, dict | Exception]]:
    """(row number, values or the error) for each data row; blank rows are not records."""
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield number, ReadError(f"malformed CSV ({exc})")
            continue
        if not any(v.strip() for v in values):
            continue
        number += 1
        yield number, values


def read_jsonl(data: bytes, overrides: dict[str, str]) -> Iterator[dict]:
    text, _ = decode_bytes(data)
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            items.append((number, ReadError(f"invalid JSON ({exc.msg} at column {exc.colno})")))
    yield from _object_records(items, overrides, "line")


def read_json(data: bytes, overrides: dict[str, str]) -> Iterator[dict]:
    text, _ = decode_bytes(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if _looks_like_json_lines(text):
            yield from read_jsonl(data, overrides)
            return
        raise ReadError(f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ReadError("JSON nested too deeply") from None
    items = _json_items(document)
    yield from _object_records(list(enumerate(items, start=1)), overrides, "item")


def _looks_like_json_lines(text: str) -> bool:
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    try:
        return len(lines) > 1 and all(isinstance(json.loads(line), dict) for line in lines)
    except json.JSONDecodeError:
        return False


def _json_items(document: object) -> list:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
        lists = [v for v in document.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            return lists[0]
        return [document]
    raise ReadError("JSON holds neither an object nor a list of objects")


def _object_records(items: list[tuple[int, object]], overrides: dict[str, str], unit: str) -> Iterator[dict]:
    """Records from JSON objects. Objects in one file may use different keys ("headline" here,
    "title" there), so each object's keys are mapped on their own."""
    keys: dict[str, None] = {}
    for _, item in items:
        if isinstance(item, dict):
            keys.update(dict.fromkeys(item))
    mapping, missing = map_columns(keys, overrides)
    _check_mapping(list(keys), mapping, missing)
    mappings = {}
    for _, item in items:
        if isinstance(item, dict) and tuple(item) not in mappings:
            present = {f: c for f, c in overrides.items() if c in item}
            mappings[tuple(item)] = map_columns(item.keys(), present)[0]
    day_first = infer_day_first(
        item.get(mappings[tuple(item)].get("date")) for _, item in items if isinstance(item, dict)
    )
    for number, item in items:
        key = f"{unit} {number}"
        if isinstance(item, Exception):
            yield {"key": key, "error": str(item)}
        elif not isinstance(item, dict):
            yield {"key": key, "error": f"not an object but {type(item).__name__}"}
        else:
            yield _record(key, item, mappings[tuple(item)], day_first)


def _record(key: str, item: dict, mapping: dict[str, str], day_first: bool | None) -> dict:
    record = {"key": key, "day_first": day_first}
    for field, column in mapping.items():
        value = item.get(column)
        record[field] = value_list(value) if field == "places" else value_text(value).strip()
    mapped = set(mapping.values())
    record["extra"] = {str(k): value_text(v) for k, v in item.items() if k not in mapped and v not in (None, "")}
    return record


def _check_mapping(header: list, mapping: dict[str, str], missing: list[str]) -> None:
    if missing:
        raise ReadError(f"no column named {', '.join(missing)} (columns: {', '.join(map(str, header))})")
    if "body" not in mapping and "title" not in mapping:
        raise ReadError(
            f"no text column found (columns: {', '.join(map(str, header))}); name it with --field body=COLUMN"
        )


def _records(
    header: list[str], rows: Iterable[tuple[int, list | Exception]], overrides: dict[str, str], unit: str
) -> Iterator[dict]:
    """Records from rows of a table with one header."""
    mapping, missing = map_columns(header, overrides)
    _check_mapping(header, mapping, missing)
    rows = [(n, r if isinstance(r, Exception) else dict(zip(header, r, strict=False))) for n, r in rows]
    day_first = None
    if "date" in mapping:
        day_first = infer_day_first(r.get(mapping["date"]) for _, r in rows if not isinstance(r, Exception))
    for number, row in rows:
        key = f"{unit} {number}"
        if isinstance(row, Exception):
            yield {"key": key, "error": str(row)}
        else:
            yield _record(key, row, mapping, day_first)
