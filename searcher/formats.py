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
    "story",
    "copies",
)
FORMATS = ("text", "json", "jsonl", "csv")
TEXT_FACETS = 8


def render_results(results: SearchResults, fmt: str, color: bool = False) -> str:
    if fmt == "json":
        return results_json(results)
    if fmt == "jsonl":
        return "".join(json.dumps(h.as_dict(), ensure_ascii=False) + "\n" for h in results.hits)
    if fmt == "csv":
        return hits_csv(results.hits)
    return results_text(results, color)


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


def results_text(results: SearchResults, color: bool = False) -> str:
    lines: list[str] = []
    first = (results.page - 1) * results.pagelen
    for number, hit in enumerate(results.hits, start=first + 1):
        lines += _hit_lines(number, hit, color)
    lines.append(_summary_line(results, first))
    lines += _facet_lines(results.facets, color, results.count)
    if results.suggestion:
        lines.append(f"Did you mean: {_style(results.suggestion, BOLD, color)} ?")
    return "\n".join(lines) + "\n"


def _hit_lines(number: int, hit: Hit, color: bool) -> list[str]:
    meta = [hit.date or "undated", hit.outlet or "unknown outlet"]
    if hit.places:
        meta.append(", ".join(hit.places[:6]) + (" …" if len(hit.places) > 6 else ""))
    snippet = textwrap.wrap(snippet_text(hit.snippet, color), width=100, break_on_hyphens=False)
    return [
        f"{number}. {_style(hit.title, BOLD, color)}  {_style('[' + hit.id + ']', DIM, color)}",
        "   " + " · ".join(meta),
        *("   " + line for line in snippet[:4]),
        *(["   " + _style(copies_line(hit), DIM, color)] if hit.copies else []),
        "",
    ]


def copies_line(hit: Hit, shown: int = 5) -> str:
    """'+3 similar: Mash, SHOT, Топор Live (first: РИА Новости, 2024-11-26)'."""
    outlets = [c["outlet"] or "unknown outlet" for c in hit.copies]
    listed = ", ".join(outlets[:shown]) + (f", … {len(outlets) - shown} more" if len(outlets) > shown else "")
    line = f"+{len(hit.copies)} similar: {listed}"
    if hit.first:
        line += f" (first: {hit.first['outlet'] or 'unknown outlet'}, {hit.first['date'] or 'undated'})"
    return line


def snippet_text(snippet: Snippet, color: bool) -> str:
    """The snippet with matches in bold on a terminal, as plain text otherwise."""
    if not color:
        return snippet.text
    # textwrap counts escape codes as characters: lines with matches wrap a little early.
    return "".join(_style(piece, MATCH, True) if match else piece for piece, match in snippet.parts())


def _summary_line(results: SearchResults, first: int) -> str:
    what = f"for {results.query!r}" if results.query.strip() not in ("", "*") else "(all articles)"
    if not results.total:
        return f"No results {what}."
    last = first + len(results.hits)
    unit = " stories" if results.duplicates == "collapse" else ""
    line = f"Results {first + 1}-{last} of {results.total}{unit} {what}, sorted by {results.sort}."
    if last < results.total:
        line += f" Next page: --page {results.page + 1}"
    return line


def _facet_lines(facets: dict[str, dict[str, int]], color: bool, count: str = "articles") -> list[str]:
    lines = [f"Counts are of {count}:"] if any(facets.values()) else []
    for name, label in (("place", "Places"), ("outlet", "Outlets"), ("month", "Months"), ("language", "Languages")):
        counts = facets.get(name) or {}
        if not counts:
            continue
        if name == "month":
            top = sorted(counts.items(), key=lambda kv: -kv[1])[:TEXT_FACETS]
            top.sort(key=lambda kv: (kv[0] == "undated", kv[0]))
        else:
            top = list(counts.items())[:TEXT_FACETS]
        shown = ", ".join(f"{value} ({count})" for value, count in top)
        more = len(counts) - len(top)
        lines.append(f"{_style(label + ':', BOLD, color)} {shown}" + (f", … {more} more" if more > 0 else ""))
    return lines


def _style(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color else text


def article_text(article: dict) -> str:
    """The whole article with its metadata and where each value came from."""
    rows = [
        ("id", article["id"]),
        ("date", _with_source(article.get("date") or "undated", article.get("date_source"))),
        ("outlet", _with_source(article.get("outlet") or "unknown", article.get("outlet_source"))),
        ("places", "; ".join(_place_line(p) for p in article.get("places") or []) or "none"),
        ("url", article.get("url") or "none"),
        ("author", article.get("author")),
        ("language", _with_source(article.get("language") or "", article.get("language_source"))),
        ("source", display_path(article.get("source", "")) + (f" ({article['key']})" if article.get("key") else "")),
        ("sha256", article.get("sha256")),
    ]
    rows += [(k, v) for k, v in article.get("extra") or []]
    width = max(len(k) for k, _ in rows)
    header = [article.get("title", ""), "=" * min(len(article.get("title", "")), 100)]
    meta = [f"{k.ljust(width)}  {v}" for k, v in rows if v]
    return "\n".join(header + meta + ["", article.get("body", ""), ""] + story_lines(article))


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


def facet_text(facet: str, rows: list[dict]) -> str:
    """`searcher facets`: values with counts; places under their country and region."""
    if not rows:
        return "No values.\n"
    if facet != "place":
        width = max(len(r["value"]) for r in rows)
        return "".join(f"{r['value']:{width}}  {r['count']}\n" for r in rows)
    lines, country, region = [], object(), object()
    for row in rows:
        if row["country"] != country:
            country, region = row["country"], object()
            lines.append(f"{country or 'Elsewhere'}" + (f" ({row['country_count']})" if row["country_count"] else ""))
        if row["kind"] == "country":
            continue
        group = row["value"] if row["kind"] == "region" else row["region"]
        if group != region:
            region = group
            if region:
                lines.append(f"  {region} ({row['region_count']})")
        if row["kind"] == "region":
            continue  # its header says it: the articles naming it or any of its places
        indent = "    " if region else "  "
        lines.append(f"{indent}{row['value']}  {row['count']}")
    return "\n".join(lines) + "\n"
