"""Facet counts: how many matching articles per place, outlet and month.

Read per document from Whoosh's columns, counting costs a few microseconds a document: fine
for a thousand hits, a second for a hundred thousand. So after each indexing run the indexer
writes a facet table beside the index (facets.pickle): for every document number, small
integer codes of its month, outlet and places, in arrays a search loads in milliseconds and
counts in C (Counter over array slices). The table is tied to the index generation it was
built from; if the index was committed since (a run killed between its last commit and the
table), counting falls back to the columns: slower, never wrong.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from searcher.schema import FIELD_SEPARATOR, LIST_SEPARATOR

FILE = "facets.pickle"
UNDATED = "undated"


class FacetTable:
    """Codes per document number: month and outlet (one each), places (a slice each)."""

    def __init__(
        self,
        generation: int,
        months: list[str],
        month_codes: array,
        outlets: list[str],
        outlet_codes: array,
        places: list[str],
        place_offsets: array,
        place_codes: array,
        days: array,
        languages: list[str] | None = None,
        language_codes: array | None = None,
    ) -> None:
        self.generation = generation
        self.languages, self.language_codes = languages or [""], language_codes or array("I")
        self.days = days  # yyyymmdd, 0 when undated: for sorting by date
        self.months, self.month_codes = months, month_codes
        self.outlets, self.outlet_codes = outlets, outlet_codes
        self.places, self.place_offsets, self.place_codes = places, place_offsets, place_codes

    def dated_between(self, docset: Iterable[int], first: int, last: int) -> set[int]:
        """The documents dated from `first` to `last` (yyyymmdd, both included)."""
        days = self.days
        return {d for d in docset if first <= days[d] <= last}  # undated ones are 0

    def count(self, docset: Iterable[int]) -> tuple[Counter, Counter, Counter]:
        """(places, outlets, months) counted over the documents; keys are the column values."""
        docs = list(docset)
        months = Counter(map(self.month_codes.__getitem__, docs))
        outlets = Counter(map(self.outlet_codes.__getitem__, docs))
        offsets, codes = self.place_offsets, self.place_codes
        places = Counter(chain.from_iterable(codes[offsets[d] : offsets[d + 1]] for d in docs))
        return (
            Counter({self.places[c]: n for c, n in places.items()}),
            Counter({self.outlets[c]: n for c, n in outlets.items() if self.outlets[c]}),
            Counter({self.months[c]: n for c, n in months.items()}),
        )

    def count_languages(self, docset: Iterable[int]) -> Counter:
        """Documents per language code (those of unknown language left out)."""
        codes = self.language_codes
        counts = Counter(codes[d] for d in docset) if len(codes) else Counter()
        return Counter({self.languages[c]: n for c, n in counts.items() if self.languages[c]})


def languages_from_columns(reader, docset: Iterable[int]) -> Counter:
    """Documents per language read document by document from the `lang` column."""
    if not reader.has_column("lang"):
        return Counter()
    column = reader.column_reader("lang")
    return Counter(v for v in (column[d] for d in docset) if v)


def count_from_columns(reader, docset: Iterable[int]) -> tuple[Counter, Counter, Counter]:
    """The same counts read document by document from the columns."""
    places: Counter = Counter()
    outlets: Counter = Counter()
    months: Counter = Counter()
    if not reader.has_column("month"):
        return places, outlets, months
    place_col = reader.column_reader("place_names")
    outlet_col = reader.column_reader("outlet_name")
    month_col = reader.column_reader("month")
    for docnum in docset:
        names = place_col[docnum]
        if names:
            places.update(names.decode("utf-8").split(LIST_SEPARATOR))
        outlet = outlet_col[docnum]
        if outlet:
            outlets[outlet.decode("utf-8")] += 1
        months[month_col[docnum]] += 1
    return places, outlets, months


def places_per_document(reader, docset: Iterable[int], table: FacetTable | None):
    """The place values of each document, from the table when there is one."""
    if table is not None:
        offsets, codes, places = table.place_offsets, table.place_codes, table.places
        for d in docset:
            yield [places[c] for c in codes[offsets[d] : offsets[d + 1]]]
        return
    if not reader.has_column("place_names"):
        return
    column = reader.column_reader("place_names")
    for d in docset:
        yield [v for v in column[d].decode("utf-8").split(LIST_SEPARATOR) if v]


def build_table(reader, generation: int) -> FacetTable:
    """The table of an index reader (every live document; deleted ones get empty codes)."""
    size = reader.doc_count_all()
    months, outlets, places = [UNDATED], [""], []
    month_ids = {UNDATED: 0}
    outlet_ids = {"": 0}
    place_ids: dict[str, int] = {}
    month_codes = array("I", bytes(4 * size))
    days = array("I", bytes(4 * size))
    outlet_codes = array("I", bytes(4 * size))
    place_offsets = array("I", [0])
    place_codes = array("I")
    live = set(reader.all_doc_ids())
    has_columns = reader.has_column("month")
    place_col = reader.column_reader("place_names") if has_columns else None
    outlet_col = reader.column_reader("outlet_name") if has_columns else None
    month_col = reader.column_reader("month") if has_columns else None
    day_col = reader.column_reader("day") if reader.has_column("day") else None
    undated_col = reader.column_reader("undated") if reader.has_column("undated") else None
    languages, language_ids = [""], {"": 0}
    language_codes = array("I", bytes(4 * size))
    lang_col = reader.column_reader("lang") if reader.has_column("lang") else None
    for docnum in range(size):
        if docnum in live and lang_col is not None:
            language_codes[docnum] = _code(lang_col[docnum], language_ids, languages)
        if docnum in live and has_columns:
            month_codes[docnum] = _code(month_col[docnum], month_ids, months)
            if day_col is not None and not (undated_col is not None and undated_col[docnum]):
                days[docnum] = day_col[docnum]
            outlet_codes[docnum] = _code(outlet_col[docnum].decode("utf-8"), outlet_ids, outlets)
            names = place_col[docnum].decode("utf-8")
            place_codes.extend(_code(name, place_ids, places) for name in names.split(LIST_SEPARATOR) if name)
        place_offsets.append(len(place_codes))
    return FacetTable(
        generation,
        months,
        month_codes,
        outlets,
        outlet_codes,
        places,
        place_offsets,
        place_codes,
        days,
        languages,
        language_codes,
    )


def _code(value: str, ids: dict[str, int], values: list[str]) -> int:
    code = ids.get(value)
    if code is None:
        code = ids[value] = len(values)
        values.append(value)
    return code


def write_table(index_dir: Path, table: FacetTable) -> None:
    target = Path(index_dir) / FILE
    partial = target.with_name(FILE + ".partial")
    with partial.open("wb") as f:
        pickle.dump(table, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, target)


_LOADED: dict[Path, tuple[tuple[int, int], object]] = {}


def load_table(index_dir: Path, generation: int) -> FacetTable | None:
    """The index's facet table if it was built from this generation, else None (read once
    per process and version of the file)."""
    return load_for_generation(Path(index_dir) / FILE, FacetTable, generation)


def load_for_generation(path: Path, kind: type, generation: int):
    """The pickled `kind` at `path` (a table kept beside the index, carrying the `generation`
    of the index it was built from) if it is of this generation, else None; read once per
    process and version of the file."""
    path = path.resolve()
    try:
        stat = path.stat()
    except OSError:
        return None
    written = (stat.st_mtime_ns, stat.st_size)  # a run that changed no record may rewrite it
    kept_written, table = _LOADED.get(path, (None, None))
    if kept_written != written:
        try:
            with path.open("rb") as f:
                table = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return None
        if not isinstance(table, kind):
            return None
        _LOADED[path] = (written, table)
    return table if table.generation == generation else None


def place_labels(counts: Counter) -> Counter:
    """Place facet values ("id, name, region, country") as labels: the name, with the region
    when two places share a name ("Ivanivka (Donetsk Oblast)")."""
    parsed = [(value.split(FIELD_SEPARATOR) + ["", "", ""])[:4] + [count] for value, count in counts.items()]
    names = Counter(name for _, name, _, _, _ in parsed)
    labels: Counter = Counter()
    for _, name, region, country, count in parsed:
        label = f"{name} ({region or country})" if names[name] > 1 and (region or country) else name
        labels[label] += count
    return labels
