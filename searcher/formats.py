"""Search results, articles and index statistics as terminal text, JSON, JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import textwrap

from searcher.query import Hit, SearchResults
from searcher.snippets import Snippet

BOLD, MATCH, DIM, RESET = "\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[0m"
HIT_FIELDS = (
    "id",
    "title",
    "date",
    "date_source",
    "outlet",
    "outlet_source",
    "places",
    "url",
    "language",
    "source",
    "key",
    "score",
    "snippet",
    "matched_words",
    "story",
    "copies",
    "copies_total",
)
FORMATS = ("text", "json", "jsonl", "csv")
TEXT_FACETS = 8


def render_results(results: SearchResults, fmt: str, color: bool = False, width: int = 80) -> str:
    if fmt == "json":
        return results_json(results)
    if fmt == "jsonl":
        return "".join(json.dumps(h.as_dict(), ensure_ascii=False) + "\n" for h in results.hits)
    if fmt == "csv":
        return hits_csv(results.hits)
    return results_text(results, color, width)


def results_html(results: SearchResults, index_dir, templates=None) -> str:
    """One self-contained page of results (CSS inline, no scripts, no requests elsewhere, no
    local path: `index_dir` is accepted for callers but not shown)."""
    import datetime as dt

    from searcher.render import environment

    first = (results.page - 1) * results.pagelen + 1
    return (
        environment(templates)
        .get_template("results.html")
        .render(
            r=results,
            root=None,
            inline_css=True,
            site_title="searcher",
            # Never the index's path: it would publish the folder names of the researcher's machine.
            description=f"Search results for {results.query or 'all articles'}",
            searched_at=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            first=first,
            last=first + len(results.hits) - 1,
        )
    )


def results_json(results: SearchResults) -> str:
    data = {
        "query": results.query,
        "filters": {
            "place": list(results.filters.places),
            "outlet": list(results.filters.outlets),
            "language": list(results.filters.languages),
            "from": results.filters.date_from,
            "to": results.filters.date_to,
        },
        "sort": results.sort,
        "duplicates": results.duplicates,
        "count": results.count,
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "hits": [h.as_dict() for h in results.hits],
        "facets": results.facets,
        "suggestion": results.suggestion,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def hits_csv(hits: list[Hit]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HIT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for hit in hits:
        row = hit.as_dict()
        row["places"] = "; ".join(row["places"])
        row["copies"] = "; ".join(c["id"] for c in row["copies"])
        row.pop("first", None)
        writer.writerow(row)
    return out.getvalue()


def results_text(results: SearchResults, color: bool = False, width: int = 80) -> str:
    """Hits, a summary line and facet counts, wrapped to `width` columns."""
    lines: list[str] = []
    first = (results.page - 1) * results.pagelen
    if results.fallback and results.total:
        lines += [
            _wrap(
                f"No article has all {results.words} words; those with some, ranked by the words they hold (BM25).",
                width,
            ),
            "",
        ]
    for number, hit in enumerate(results.hits, start=first + 1):
        lines += _hit_lines(number, hit, color, width, results.words)
    lines.append(_wrap(_summary_line(results, first), width))
    facet_lines = _facet_lines(results.facets, color, results.facet_sizes)
    if facet_lines and _has_copies(results):
        facet_lines.insert(0, f"Counts are of {results.count}:")
    lines += [_wrap(line, width, "  ") for line in facet_lines]
    if results.suggestion:
        lines.append(f"Did you mean: {_style(results.suggestion, BOLD, color)}?")
    return "\n".join(lines) + "\n"


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 file', '2 files', '1,289 places'."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def _wrap(text: str, width: int, indent: str = "") -> str:
    return "\n".join(textwrap.wrap(text, width=width, subsequent_indent=indent, break_on_hyphens=False)) or text


def _hit_lines(number: int, hit: Hit, color: bool, width: int = 80, words: int = 0) -> list[str]:
    meta = [hit.date or "undated", hit.outlet or "unknown outlet"]
    if words and hit.matched_words is not None:
        meta.append(f"{hit.matched_words} of {words} words")
    if hit.places:
        meta.append(", ".join(hit.places[:6]) + (" …" if len(hit.places) > 6 else ""))
    title = f"{number}. {hit.title}  [{hit.id}]"
    title_lines = textwrap.wrap(title, width=width, subsequent_indent="   ", break_on_hyphens=False) or [title]
    if color:
        title_lines = [_style_title(line, hit, i == 0) for i, line in enumerate(title_lines)]
    meta_lines = textwrap.wrap(" · ".join(meta), width=width, initial_indent="   ", subsequent_indent="   ")
    story = textwrap.wrap(copies_line(hit), width=width, initial_indent="   ", subsequent_indent="   ")
    story = [_style(line, DIM, color) for line in story] if hit.copies else []
    return [*title_lines, *meta_lines, *_snippet_lines(hit.snippet, color, width - 3)[:4], *story, ""]


def _has_copies(results: SearchResults) -> bool:
    return results.articles > results.total or any(h.copies for h in results.hits)


def copies_line(hit: Hit, shown: int = 5) -> str:
    """'+3 similar: Mash, SHOT, Топор Live (first: РИА Новости, 2024-11-26)'."""
    outlets = [c["outlet"] or "unknown outlet" for c in hit.copies]
    total = hit.copies_total or len(outlets)
    listed = ", ".join(outlets[:shown]) + (f", … {total - shown} more" if total > shown else "")
    line = f"+{hit.copies_total or len(hit.copies)} similar: {listed}"
    if hit.first:
        line += f" (first: {hit.first['outlet'] or 'unknown outlet'}, {hit.first['date'] or 'undated'})"
    return line


def _style_title(line: str, hit: Hit, first: bool) -> str:
    tag = f"[{hit.id}]"
    body, has_tag = (line[: -len(tag)], True) if line.endswith(tag) else (line, False)
    return _style(body, BOLD, True) + (_style(tag, DIM, True) if has_tag else "")


def _snippet_lines(snippet: Snippet, color: bool, width: int) -> list[str]:
    """The snippet wrapped to `width` (measured without escape codes), each line indented."""
    lines = textwrap.wrap(snippet.text, width=width, break_on_hyphens=False)
    if not color:
        return ["   " + line for line in lines]
    # Colour the wrapped lines by the marks' offsets: textwrap must not count escape codes.
    out, pos = [], 0
    for line in lines:
        start = snippet.text.find(line, pos)
        end = start + len(line)
        pos = end
        pieces, cursor = [], start
        for s, e in snippet.marks:
            s, e = max(s, start), min(e, end)
            if s >= e:
                continue
            pieces += [snippet.text[cursor:s], _style(snippet.text[s:e], MATCH, True)]
            cursor = e
        pieces.append(snippet.text[cursor:end])
        out.append("   " + "".join(pieces))
    return out


def snippet_text(snippet: Snippet, color: bool) -> str:
    """The snippet with matches in bold on a terminal, as plain text otherwise."""
    if not color:
        return snippet.text
    return "".join(_style(piece, MATCH, True) if match else piece for piece, match in snippet.parts())


def _summary_line(results: SearchResults, first: int) -> str:
    what = f"for {results.query!r}" if results.query.strip() not in ("", "*") else ""
    narrowed = _filters_said(results.filters)
    what = " ".join(x for x in (what, narrowed) if x) or "(all articles)"
    if not results.total:
        return f"No results {what}."
    if not results.hits:
        return (
            f"Page {results.page} is past the end: {plural(results.total, 'result')} {what} "
            f"make {plural(results.pages, 'page')}; try --page {results.pages}."
        )
    last = first + len(results.hits)
    line = f"Results {first + 1:,}-{last:,} of {results.total:,} {what}, sorted by {results.sort}."
    if results.articles > results.total:  # copies were collapsed
        line += f" ({results.total:,} stories in {plural(results.articles, 'article')}: each story once.)"
    if last < results.total:
        line += f" Page {results.page} of {results.pages:,}; next: --page {results.page + 1}"
    return line


def _filters_said(filters) -> str:
    """'in Izium, from The Guardian, 2022-09-01 to 2022-09-30': the filters in words."""
    parts = []
    if filters.places:
        parts.append("about " + " or ".join(filters.places))
    if filters.outlets:
        parts.append("from " + " or ".join(filters.outlets))
    if getattr(filters, "languages", ()):
        parts.append("in " + " or ".join(filters.languages))
    if filters.date_from or filters.date_to:
        parts.append(f"dated {filters.date_from or '…'} to {filters.date_to or '…'}")
    return "(" + ", ".join(parts) + ")" if parts else ""


def _facet_lines(facets: dict[str, dict[str, int]], color: bool, sizes: dict[str, int] | None = None) -> list[str]:
    """One line a facet: how many values, and the top ones (months: the span and the busiest)."""
    lines = []
    sizes = sizes or {}
    for name, label in (("place", "Places"), ("outlet", "Outlets"), ("month", "Months"), ("language", "Languages")):
        counts = facets.get(name) or {}
        if not counts:
            continue
        size = sizes.get(name, len(counts))
        if name == "month":
            dated = [m for m in counts if m != "undated"]
            busiest = sorted(counts.items(), key=lambda kv: -kv[1])[:TEXT_FACETS]
            span = f"{dated[0]} to {dated[-1]}; " if len(dated) > 1 else ""
            shown = span + "most: " + ", ".join(f"{v} ({c:,})" for v, c in busiest)
        else:
            shown = ", ".join(f"{value} ({count:,})" for value, count in list(counts.items())[:TEXT_FACETS])
        head = f"{label} ({size:,}):" if size > TEXT_FACETS else f"{label}:"
        lines.append(f"{_style(head, BOLD, color)} {shown}")
    return lines


def _style(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color else text


def article_text(article: dict, width: int = 80) -> str:
    """The whole article with its metadata and where each value came from, wrapped to `width`."""
    rows = [
        ("id", article["id"]),
        ("date", _with_source(article.get("date") or "undated", article.get("date_source"))),
        ("outlet", _with_source(article.get("outlet") or "unknown", article.get("outlet_source"))),
        ("places", "; ".join(_place_line(p) for p in article.get("places") or []) or "none"),
        ("url", article.get("url") or "none"),
        ("author", article.get("author")),
        ("language", _with_source(article.get("language") or "", article.get("language_source"))),
        (
            "source",
            display_path(article.get("source", "")) + (f" ({_unbroken(article['key'])})" if article.get("key") else ""),
        ),
        ("sha256", article.get("sha256")),
    ]
    rows += [(k, v) for k, v in article.get("extra") or []]
    key_width = max(len(k) for k, _ in rows)
    title_lines = textwrap.wrap(article.get("title", ""), width=width) or [""]
    header = [*title_lines, "=" * min(max(len(t) for t in title_lines), width)]
    meta = [
        "\n".join(
            textwrap.wrap(
                str(v),
                width=width,
                initial_indent=f"{k.ljust(key_width)}  ",
                subsequent_indent=" " * (key_width + 2),
                break_on_hyphens=False,
                break_long_words=True,
            )
        )
        for k, v in rows
        if v
    ]
    body = "\n".join(
        "\n".join(textwrap.wrap(paragraph, width=width, break_on_hyphens=False)) if paragraph.strip() else ""
        for paragraph in article.get("body", "").split("\n")
    )
    return "\n".join(header + meta + ["", body, ""] + story_lines(article))


def _unbroken(text: str) -> str:
    """Text that wrapping keeps on one line ("(row 12)", not "(row" and "12)"): no-break spaces."""
    return text.replace(" ", "\u00a0")


def story_lines(article: dict) -> list[str]:
    """The other records of the article's story: id, outlet, date, relation, origin marked."""
    versions = article.get("versions") or []
    if not versions:
        return []
    lines = [f"Other versions of this story ({len(versions)}; * first published):"]
    for v in versions:
        mark = "*" if v["relation"] == "origin" else " "
        how = v["relation"] if v["similarity"] is None else f"{v['relation']}, similarity {v['similarity']:.2f}"
        lines.append(f" {mark} [{v['id']}] {v['outlet'] or 'unknown outlet'} · {v['date'] or 'undated'} · {how}")
        lines.append(f"     {v['title']}")
    return lines + [""]


def _place_line(place: dict) -> str:
    """'Izium (Kharkiv Oblast, Ukraine) from text: Izyum'; a name left unresolved with its
    candidates; "corrected by places.toml" where a correction decided it."""
    matched = ", ".join(place.get("matched") or ())
    if place.get("kind") == "unresolved":
        return f"{place['name']} unresolved ({_candidates(place)}) from {place.get('source')}: {matched}"
    where = ", ".join(x for x in (place.get("region"), place.get("country")) if x)
    return (
        f"{place['name']}"
        + (f" ({where})" if where else "")
        + f" from {place.get('source')}: {matched}"
        + _corrected(place)
    )


def _candidates(place: dict) -> str:
    candidates = place.get("candidates") or ()
    shown = "; ".join(candidates[:5]) + (f"; and {len(candidates) - 5} more" if len(candidates) > 5 else "")
    return f"may be {shown}" if candidates else "no candidate in the article's countries"


def _corrected(place: dict) -> str:
    return f" [corrected by {display_path(place['correction'])}]" if place.get("correction") else ""


SOURCE_WORDS = {
    "meta": "from the metadata",
    "html": "from the page",
    "url": "from the URL",
    "filename": "from the file name",
    "text": "from the text",
    "option": "from --outlet",
    "inferred": "inferred from the text",
    "detected": "detected from the text",
}


def _with_source(value: str, source: str | None) -> str:
    """'2022-09-14 (from the text)': a value and how it was decided."""
    return f"{value} ({SOURCE_WORDS.get(source, source)})" if source else value


def stats_text(stats: dict) -> str:
    span = f"{stats['first_date']} to {stats['last_date']}" if stats["first_date"] else "no dated articles"
    lines = [
        f"{stats['documents']} documents",
        f"dates: {span}" + (f"; {stats['undated']} undated" if stats["undated"] else ""),
        f"outlets: {len(stats['outlets'])}",
    ]
    lines += [f"  {name}: {count}" for name, count in stats["outlets"].items()]
    lines.append(f"index: {stats['index_dir']} ({human_bytes(stats['index_bytes'])})")
    return "\n".join(lines) + "\n"


def human_bytes(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def display_path(path: str) -> str:
    """A path relative to the working folder when it lies inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def _inspected_place(p: dict) -> str:
    if p.get("kind") == "unresolved":
        return f"{p['name']} unresolved ({_candidates(p)}) <- {', '.join(p['matched'])}"
    where = ", ".join(x for x in (p.get("region"), p.get("country")) if x)
    return f"{p['name']}" + (f" ({where})" if where else "") + f" <- {', '.join(p['matched'])}" + _corrected(p)


def inspection_text(records: list[dict]) -> str:
    """Each record of `searcher inspect`: values, and where each came from."""
    blocks = []
    for record in records:
        places = "; ".join(_inspected_place(p) for p in record["places"])
        rows = [
            ("title", record["title"]),
            ("key", record["key"]),
            ("date", _with_source(record["date"] or "none found", record["date_source"])),
            ("outlet", _with_source(record["outlet"] or "none found", record["outlet_source"])),
            ("url", record["url"]),
            ("language", _with_source(record["language"] or "unknown", record["language_source"])),
            ("places", places or "none found"),
            ("body", record["body_start"]),
        ]
        blocks.append("\n".join(f"{k:7} {v}" for k, v in rows if v))
    return "\n\n".join(blocks) + "\n" if blocks else "No records.\n"


def facet_text(facet: str, rows: list[dict], top: int = 30, width: int = 80) -> str:
    """`searcher facets`: how many values, then the `top` ones with counts (places under their
    country and region; months, every one, as a histogram in date order)."""
    if not rows:
        return "No values.\n"
    if facet == "month":
        return _month_histogram(rows, width)
    if facet != "place":
        shown = rows[:top]
        head = f"{plural(len(rows), facet)}" + (f"; the top {len(shown)}:" if len(shown) < len(rows) else ":")
        name_width = max(len(r["value"]) for r in shown)
        return head + "\n" + "".join(f"  {r['value']:{name_width}}  {r['count']:,}\n" for r in shown)
    towns = [r for r in rows if r["kind"] not in ("country", "region")]
    shown_towns = sorted(towns, key=lambda r: -r["count"])[:top]
    keep = {id(r) for r in shown_towns}
    lines = [
        f"{plural(len(towns), 'place')} in {plural(len({r['country'] for r in rows}), 'country', 'countries')}"
        + (f"; the {len(shown_towns)} named most, by country and region:" if len(shown_towns) < len(towns) else ":")
    ]
    country, region = object(), object()
    for row in rows:
        if row["kind"] in ("country", "region") or id(row) not in keep:
            continue
        if row["country"] != country:
            country, region = row["country"], object()
            lines.append(f"{country or 'Elsewhere'}" + (f" ({row['country_count']:,})" if row["country_count"] else ""))
        if row["region"] != region:
            region = row["region"]
            if region:
                lines.append(f"  {region} ({row['region_count']:,})")
        indent = "    " if region else "  "
        lines.append(f"{indent}{row['value']}  {row['count']:,}")
    return "\n".join(lines) + "\n"


def _month_histogram(rows: list[dict], width: int) -> str:
    """Every month from the first to the last (empty ones too: no gaps that read as none), a bar each."""
    counts = {r["value"]: r["count"] for r in rows}
    dated = sorted(m for m in counts if m != "undated")
    months = _month_range(dated[0], dated[-1]) if dated else []
    biggest = max(counts.values())
    bar_room = max(10, width - 8 - 2 - 8)
    lines = [
        f"{plural(len(dated), 'month')} with articles, {dated[0]} to {dated[-1]}:" if dated else "No dated articles."
    ]
    for month in months + (["undated"] if "undated" in counts else []):
        n = counts.get(month, 0)
        bar = "█" * max(1 if n else 0, round(n / biggest * bar_room))
        lines.append(f"{month:>8}  {n:>6,} {bar}")
    return "\n".join(lines) + "\n"


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
