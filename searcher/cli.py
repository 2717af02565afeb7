"""The `searcher` command: a thin click layer over the library. The only module that imports click.

Library modules are imported inside the commands, so `searcher --help` stays fast.
"""

from __future__ import annotations

import os
import sys
import warnings

try:
    import click

    from searcher import __version__
    from searcher.config import DEFAULT_CORPUS, INDEX_ENV, resolve_index_dir
    from searcher.errors import Interrupted, SearcherError
except KeyboardInterrupt:  # Ctrl-C as the command starts: nothing done yet, no traceback
    sys.stderr.write("Interrupted: nothing was done\n")
    raise SystemExit(130) from None

# Whoosh 2.7.4 has `is 0` comparisons that warn on newer Pythons: not the user's concern.
warnings.filterwarnings("ignore", category=SyntaxWarning)
warnings.filterwarnings("ignore", category=DeprecationWarning, module="whoosh")

index_dir_option = click.option(
    "--index-dir",
    metavar="DIR",
    help=f"Index folder (default: ${INDEX_ENV}, else ./index).",
)


# What a bug report needs, by package name (read from the installed metadata: no imports).
VERSIONED = (("Whoosh", "whoosh"), ("NLTK", "nltk"), ("trafilatura", "trafilatura"), ("lxml", "lxml"))


def version_lines() -> list[str]:
    """searcher's version and those of Python and the libraries that decide what it finds."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    def installed(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "not installed"

    system = f"{platform.python_implementation()}, {platform.system()} {platform.machine()}"
    lines = [f"searcher {__version__}", f"Python {platform.python_version()} ({system})"]
    lines += [f"{name} {installed(package)}" for name, package in VERSIONED]
    lines.append(f"Pagefind {installed('pagefind')} (binary: pagefind-bin {installed('pagefind-bin')})")
    return lines


def _print_version(ctx: click.Context, param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo("\n".join(version_lines()))
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the versions of searcher, Python and the libraries it uses, and exit.",
)
def cli() -> None:
    """Full-text search over conflict reporting.

    \b
    Index a folder of articles (text, Markdown, web pages, CSV, JSON),
    then search it by keyword, place, outlet and date:

    \b
      searcher index corpus/
      searcher search izyum
      searcher search "air strike" --place Aleppo --from 2016 --to 2016-12
    """


def _stories_file(given: str | None, targets):
    """The stories.toml to apply: the one given (it must exist), else one in or beside the targets."""
    from pathlib import Path

    from searcher.stories import find_corrections

    if given:
        if not Path(given).is_file():
            raise SearcherError(f"no stories file at {given}", "give the path of a stories.toml")
        return Path(given).resolve()
    return find_corrections(targets) or True


def _corrections_file(given: str | None, targets) -> str | None:
    """The places.toml to apply: the one given (it must exist), else one in or beside the targets."""
    from pathlib import Path

    from searcher.enrich.place_rules import find_corrections

    if given:
        if not Path(given).is_file():
            raise SearcherError(f"no corrections file at {given}", "give the path of a places.toml")
        return str(Path(given).resolve())
    found = find_corrections(targets)
    return str(found) if found else None


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@index_dir_option
@click.option("--outlet", metavar="NAME", help="Outlet for records that name none (e.g. 'The Guardian').")
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=COLUMN",
    help="Read a field from a named column or key; repeatable. NAME is one of "
    "title, body, date, outlet, url, places, author, language.",
)
@click.option(
    "--places",
    "places_file",
    type=click.Path(path_type=str),
    metavar="FILE",
    help="Corrections to place names (default: a places.toml in or beside the indexed folder).",
)
@click.option(
    "--stories",
    "stories_file",
    type=click.Path(path_type=str),
    metavar="FILE",
    help="Corrections to stories: records to join or keep apart "
    "(default: a stories.toml in or beside the indexed folder).",
)
@click.option("--rebuild", is_flag=True, help="Start over: drop everything in the index first.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any file or record was skipped.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N", help="Processes to use (default: one per core).")
@click.option(
    "--commit-every",
    type=click.IntRange(min=1),
    metavar="N",
    help="Commit after every N records: a run that is killed loses at most that many "
    "(default: 5,000 per process writing the index).",
)
def index_command(
    paths, index_dir, outlet, fields, places_file, stories_file, rebuild, strict, jobs, commit_every
) -> None:
    """Index files and folders (default: corpus/).

    Re-running is incremental: new files are added, changed files re-read (by content
    hash), records of files gone from the given paths removed; other paths are untouched.
    A YYYY-MM-DD date in a file name dates records that have none. Place names are
    corrected by a places.toml (added places, blocked names, fixed meanings; see the README):
    changing it re-reads the files on the next run.

    An article's id comes from its file's path within the folder given and its place in the
    file: a corpus moved or copied elsewhere keeps its ids.

    Commits come in batches, each file whole: if the run is killed (or Ctrl-C), the index
    keeps its last commit, and running again goes on from there. Searching while indexing sees the last
    commit; a second indexing run of the same index is refused.

    \b
    Examples:
      searcher index corpus/
      searcher index reports/isw --outlet "Institute for the Study of War"
      searcher index export.csv --field body=story_text --field date=day
      searcher index --rebuild corpus/
      searcher index big-export.csv --jobs 2
      searcher index reports/ --places my-places.toml
    """
    from pathlib import Path

    try:
        from searcher.indexer import build_index
        from searcher.readers import ReadOptions
        from searcher.readers.fields import parse_field_overrides
    except KeyboardInterrupt:  # Ctrl-C as it starts (build_index reports its own)
        raise Interrupted("0 records committed", "run the same command again to go on") from None

    targets = [Path(p) for p in paths] or [Path(DEFAULT_CORPUS)]
    options = ReadOptions(
        outlet=outlet or None, fields=parse_field_overrides(fields), places=_corrections_file(places_file, targets)
    )
    with _progress_bar() as progress:
        report = build_index(
            targets,
            resolve_index_dir(index_dir),
            options,
            rebuild=rebuild,
            progress=progress,
            batch_records=commit_every,
            jobs=jobs,
            stories=_stories_file(stories_file, targets),
        )
    for skipped in report.skipped[:50]:
        click.echo(f"skipped: {_display(skipped.where())}: {skipped.reason}", err=True)
    if len(report.skipped) > 50:
        click.echo(f"skipped: ... and {len(report.skipped) - 50} more", err=True)
    for line in report.widespread_failures():
        click.echo(f"Warning: {line}", err=True)
    click.echo(f"Indexed: {report.summary()}")
    if not report.files_read and not report.files_unchanged:
        where = ", ".join(_display(str(t)) for t in targets)
        click.echo(f"Warning: no file of a supported type (txt, md, html, csv, json, jsonl) in {where}", err=True)
        if strict:
            raise SearcherError("nothing to index", "give a folder or file of articles (--strict)")
    if strict and report.skipped:
        raise SearcherError(f"{len(report.skipped)} skipped", "fix or remove the files listed above (--strict)")


QUERY_WORD = "\u2063"  # marks an argument such as '-izyum' as a query word, not an option


class _QueryCommand(click.Command):
    """A command whose QUERY may be several words, unquoted, some starting with '-' or '+' as on
    the web ('searcher search izyum -kharkiv'): an argument that starts with '-' and is none
    of the command's options (nor the value of one) is a query word."""

    def parse_args(self, ctx, args):
        takes_value, flags = set(), set()
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                (flags if param.is_flag or param.count else takes_value).update(param.opts + param.secondary_opts)
        marked, expect_value = [], False
        for arg in args:
            if expect_value:
                marked.append(arg)
                expect_value = False
            elif arg in takes_value:
                marked.append(arg)
                expect_value = True
            elif not arg.startswith("-") or arg.startswith("--") or len(arg) == 1:  # '--bogus' stays an error
                marked.append(arg)
            elif arg in flags or arg.split("=", 1)[0] in takes_value or _short_with_value(arg, takes_value):
                marked.append(arg)
            else:
                marked.append(QUERY_WORD + arg)
        return super().parse_args(ctx, marked)


def _short_with_value(arg: str, takes_value: set[str]) -> bool:
    """'-n5': a short option with its value attached."""
    return len(arg) > 2 and arg[1] != "-" and arg[:2] in takes_value and arg[2:].isdigit()


def _query_text(words: tuple[str, ...]) -> str:
    return " ".join(w.removeprefix(QUERY_WORD) for w in words)


def filter_options(command):
    """--place, --outlet, --lang, --from and --to: the same filters for search and facets."""
    for option in reversed(
        [
            click.option(
                "--place",
                "places",
                multiple=True,
                metavar="NAME",
                help="Only articles about this place; repeatable (any of).",
            ),
            click.option(
                "--outlet",
                "outlets",
                multiple=True,
                metavar="NAME",
                help="Only articles from this outlet; repeatable (any of).",
            ),
            click.option(
                "--lang",
                "languages",
                multiple=True,
                metavar="CODE",
                help="Only articles in this language (uk, ru, ar, en); repeatable.",
            ),
            click.option(
                "--from", "date_from", metavar="DATE", help="Published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."
            ),
            click.option(
                "--to",
                "date_to",
                metavar="DATE",
                help="Published on or before DATE (inclusive: --to 2022-09 ends Sept. 30).",
            ),
        ]
    ):
        command = option(command)
    return command


def _filters(places, outlets, languages, date_from, date_to):
    from searcher.query import Filters, parse_period

    return Filters(
        places=tuple(places),
        outlets=tuple(outlets),
        languages=tuple(languages),
        date_from=parse_period(date_from) if date_from else None,
        date_to=parse_period(date_to, end=True) if date_to else None,
    )


@cli.command("search", cls=_QueryCommand)
@click.argument("query", nargs=-1)
@index_dir_option
@filter_options
@click.option(
    "--all-words",
    "words",
    flag_value="all",
    help="Only articles holding every word (default: those, else the best by any).",
)
@click.option(
    "--any-word", "words", flag_value="any", help="Rank articles holding any of the words by the words they hold."
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    help="Order (default: relevance; newest when listing).",
)
@click.option("--limit", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="Results per page.")
@click.option("--page", "-p", type=click.IntRange(min=1), default=1, show_default=True, help="Page of results.")
@click.option("--all", "all_hits", is_flag=True, help="All results, no paging.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json", "jsonl", "csv", "html"]),
    default="text",
    show_default=True,
    help="Output format (html: one self-contained page).",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=str), help="Write to FILE instead of the terminal."
)
@click.option(
    "--templates",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=str),
    help="Your own templates first (html).",
)
@click.option(
    "--duplicates",
    type=click.Choice(["collapse", "show"]),
    default="collapse",
    show_default=True,
    help="collapse: each story (a report and its reposts and copies) once, as its best match; show: every copy.",
)
@click.option(
    "--count",
    "count",
    type=click.Choice(["stories", "articles"]),
    default="stories",
    show_default=True,
    help="What the facet counts count: stories (a report and its copies once) or articles.",
)
def search_command(
    query,
    index_dir,
    places,
    outlets,
    languages,
    date_from,
    date_to,
    words,
    sort,
    limit,
    page,
    all_hits,
    fmt,
    output,
    templates,
    duplicates,
    count,
) -> None:
    """Search the index. QUERY is one or more words, as on the web (quotes only for phrases):

    \b
      izyum                     a word (stemmed: strike finds strikes, striking)
      shelling bakhmut          both words (all words are required)
      kyiv OR kiev              either word
      izyum -kharkiv            the first without the second (also: izyum NOT kharkiv)
      "battle of bakhmut"       the exact phrase, small words too
      (kyiv OR kiev) AND drone  grouping
      title:ceasefire           in the title only (fields: title, body, place, outlet, date, lang)
      outlet:"The Guardian"     a quoted value
      place:aleppo              articles about a place
      date:2022-09              published in a month (or date:[2022-09 TO 2022-10])
      lang:uk                   in one language (ISO 639-1 code)
      strik*  izy?m             wildcards (a '?' ending a word is punctuation)
      izyum~  izyum~2           fuzzy: within 1 (or 2) edits
      *                         every article (with filters: every match)

    When no article holds every word (a pasted question), the articles holding some are
    ranked by the words they hold (BM25), and each says how many; --all-words and
    --any-word choose.

    \b
    Examples:
      searcher search izyum
      searcher search shelling bakhmut -kharkiv
      searcher search "air strike" --place Aleppo --from 2016 --to 2016-12
      searcher search '*' --outlet Guardian --from 2022-03 --to 2022-03 --sort oldest
      searcher search bakhmut --format json --limit 5
      searcher search What happened to civilians in Izium after the Russian retreat?
      searcher search Харків --lang uk --lang ru
      searcher search ceasefire --all --format csv > ceasefire.csv
      searcher search "mass grave" --place Izium --format html -o izium.html
      searcher search Орешник --duplicates show --count articles
    """
    from pathlib import Path

    from searcher.formats import render_results
    from searcher.query import search

    filters = _filters(places, outlets, languages, date_from, date_to)
    index = resolve_index_dir(index_dir)
    results = search(
        index,
        _query_text(query),
        filters,
        sort,
        limit,
        page,
        all_hits,
        words=words or "auto",
        duplicates=duplicates,
        count=count,
    )
    if fmt == "html":
        from searcher.formats import results_html

        text = results_html(results, index, Path(templates) if templates else None)
    else:
        text = render_results(results, fmt, color=fmt == "text" and _is_terminal() and not output, width=_width(output))
    if output:
        _write_output(Path(output), text)
        click.echo(f"Wrote {results.total if all_hits else len(results.hits)} results to {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command("show")
@click.argument("article_id")
@index_dir_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show_command(article_id, index_dir, fmt) -> None:
    """Show one article in full, with its metadata and provenance.

    \b
    Examples:
      searcher show 6093339c2ee0
      searcher show 6093339c2ee0 --format json
    """
    import json

    from searcher.formats import article_text
    from searcher.query import get_article

    article = get_article(resolve_index_dir(index_dir), article_id)
    click.echo(json.dumps(article, ensure_ascii=False, indent=2) if fmt == "json" else article_text(article, _width()))


@cli.command("stats")
@index_dir_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats_command(index_dir, fmt) -> None:
    """Count documents, dates, outlets and the index size.

    \b
    Examples:
      searcher stats
      searcher stats --format json
    """
    import json

    from searcher.formats import stats_text
    from searcher.query import index_stats

    stats = index_stats(resolve_index_dir(index_dir))
    click.echo(
        json.dumps(stats, ensure_ascii=False, indent=2) if fmt == "json" else stats_text(stats), nl=fmt == "json"
    )


@cli.command("inspect")
@click.argument("file", type=click.Path(path_type=str))
@click.option("--outlet", metavar="NAME", help="Outlet for records that name none, as for 'searcher index'.")
@click.option(
    "--field", "fields", multiple=True, metavar="NAME=COLUMN", help="Column of a field, as for 'searcher index'."
)
@click.option(
    "--places",
    "places_file",
    type=click.Path(path_type=str),
    metavar="FILE",
    help="Corrections to place names, as for 'searcher index' (default: a places.toml beside FILE).",
)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def inspect_command(file, outlet, fields, places_file, fmt) -> None:
    """Show what searcher makes of a file, without indexing it: the title, the start of the
    body, the date, outlet and places of each record, and how each was decided.

    \b
    Examples:
      searcher inspect corpus/000_ef368cae0ffc7abe.txt
      searcher inspect export.csv --format json
    """
    import json
    from pathlib import Path

    from searcher.formats import inspection_text
    from searcher.readers import ReadOptions, inspect_file
    from searcher.readers.fields import parse_field_overrides

    options = ReadOptions(
        outlet=outlet or None, fields=parse_field_overrides(fields), places=_corrections_file(places_file, [Path(file)])
    )
    records, skipped = inspect_file(Path(file), options)
    for item in skipped:
        click.echo(f"skipped: {_display(item.where())}: {item.reason}", err=True)
    click.echo(
        json.dumps(records, ensure_ascii=False, indent=2) if fmt == "json" else inspection_text(records),
        nl=fmt == "json",
    )


@cli.command("facets", cls=_QueryCommand)
@click.argument("facet", type=click.Choice(["place", "outlet", "month", "language"]))
@click.argument("query", nargs=-1)
@index_dir_option
@filter_options
@click.option("--top", type=click.IntRange(min=1), default=30, show_default=True, help="Values shown as text.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def facets_command(facet, query, index_dir, places, outlets, languages, date_from, date_to, top, fmt) -> None:
    """List the values of a facet with their numbers of articles, over the whole index or
    the articles a QUERY and the filters of 'searcher search' find. Places are grouped by
    country and region; months are a histogram in date order.

    \b
    Examples:
      searcher facets place
      searcher facets place counteroffensive --from 2022-09 --to 2022-09
      searcher facets outlet --format json
      searcher facets month bakhmut --outlet Guardian
    """
    import json

    from searcher.formats import facet_text
    from searcher.query import facet_values

    filters = _filters(places, outlets, languages, date_from, date_to)
    rows = facet_values(resolve_index_dir(index_dir), facet, _query_text(query), filters)
    click.echo(
        json.dumps(rows, ensure_ascii=False, indent=2) if fmt == "json" else facet_text(facet, rows, top, _width()),
        nl=fmt == "json",
    )


@cli.command("site")
@click.argument("outdir", type=click.Path(path_type=str))
@index_dir_option
@click.option("--title", default="Conflict reporting archive", show_default=True, help="The site's name.")
@click.option(
    "--templates", metavar="DIR", type=click.Path(file_okay=False, path_type=str), help="Your own templates first."
)
@click.option("--no-search", is_flag=True, help="Leave out the in-browser search (no Pagefind bundle).")
@click.option("--query", "subset_query", default="", metavar="QUERY", help="Only the articles QUERY finds (as search).")
@filter_options
@click.option(
    "--excerpts-only", is_flag=True, help="Publish a short excerpt and a link to the original, not the full texts."
)
@click.option(
    "--excerpts-only-outlet",
    "excerpt_outlets",
    multiple=True,
    metavar="NAME",
    help="Excerpts only for this outlet's articles (e.g. copyrighted ones); repeatable.",
)
@click.option("--base-url", metavar="URL", help="The site's public address (https://...): writes sitemap.xml.")
@click.option("--no-crawl", is_flag=True, help="robots.txt asks search engines and other crawlers to stay away.")
def site_command(
    outdir,
    index_dir,
    title,
    templates,
    no_search,
    subset_query,
    places,
    outlets,
    languages,
    date_from,
    date_to,
    excerpts_only,
    excerpt_outlets,
    base_url,
    no_crawl,
) -> None:
    """Build a static site of the index in OUTDIR: a page per article, pages by place,
    month and outlet, a timeline, and full-text search in the browser (Pagefind). It works
    from any static host or sub-path and asks nothing of any other host.

    Re-running updates the site, writing only the files that changed. OUTDIR must be new,
    empty or a site built by searcher: nothing else is ever overwritten. --query, --place,
    --outlet, --lang, --from and --to make a site of the articles that search finds.

    \b
    Examples:
      searcher site public/
      searcher site public/ --title "Kharkiv Oblast 2022" --place "Kharkiv Oblast" --from 2022 --to 2022
      searcher site public/ --excerpts-only-outlet "The Guardian" --base-url https://example.org/archive/
      searcher site public/ --excerpts-only --no-crawl --templates my-templates/
      searcher serve public/
    """
    import re
    from pathlib import Path

    from searcher.errors import UsageError
    from searcher.site import Publish, build_site

    if base_url and not re.match(r"https?://[^/\s]+", base_url):
        raise UsageError(f"--base-url {base_url!r} is not an http(s) address", "give one such as https://example.org/")
    filters = _filters(places, outlets, languages, date_from, date_to)
    publish = Publish(
        excerpts_only=excerpts_only,
        excerpts_only_outlets=tuple(excerpt_outlets),
        base_url=base_url or "",
        no_crawl=no_crawl,
    )
    report = build_site(
        resolve_index_dir(index_dir),
        Path(outdir),
        Path(templates) if templates else None,
        title,
        search=not no_search,
        publish=publish,
        subset=filters,
        subset_query=subset_query,
    )
    click.echo(f"Site: {report.summary()}")
    click.echo(
        f"Preview it with: searcher serve {outdir} (opened from disk, {Path(outdir) / 'index.html'} browses"
        " but cannot search: browsers block the search's files there)"
    )


@cli.command("serve")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=str))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
def serve_command(outdir, port) -> None:
    """Preview a site on this machine (http://127.0.0.1:PORT/), until Ctrl-C.

    \b
    Examples:
      searcher serve public/
      searcher serve public/ --port 8080
    """
    from pathlib import Path

    from searcher.site import serve

    server = serve(Path(outdir), port)
    click.echo(f"Serving {outdir} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()


def _write_output(path, text: str) -> None:
    from searcher.errors import SearcherError

    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SearcherError(
            f"cannot write {path}: {exc.strerror or exc}", "check the folder exists and is writable"
        ) from None


def _width(output=None) -> int:
    """Columns to wrap text to: the terminal's (80 at least), 80 when piped or written to a file."""
    import shutil

    if output or not sys.stdout.isatty():
        return 80
    return max(80, shutil.get_terminal_size((80, 24)).columns)


def _is_terminal() -> bool:
    return sys.stdout.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def _display(path: str) -> str:
    from searcher.formats import display_path

    return display_path(path)


class _progress_bar:
    """A progress bar on stderr when it is a terminal; a no-op callback otherwise."""

    def __enter__(self):
        self._bar = None
        if not sys.stderr.isatty():
            return None
        return self._update

    def _update(self, done: int, total: int, path: str) -> None:
        from searcher.indexer import STAGE

        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Indexing", file=sys.stderr, show_pos=True)
            self._bar.__enter__()
        if path.startswith(STAGE):  # reading is done: say what the run is doing now
            self._bar.label = f"Indexing ({path.removeprefix(STAGE)})"
            self._bar.render_progress()
        self._bar.update(done - self._bar.pos)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def run() -> None:
    """The console script."""
    sys.exit(main())


def main(argv: list[str] | None = None) -> int:
    """Run a command; turn every error into one line on stderr and return the exit status."""
    debug = bool(os.environ.get("SEARCHER_DEBUG"))
    try:
        code = cli.main(argv, prog_name="searcher", standalone_mode=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # Ctrl-C before a command began its work
            click.echo("Interrupted: nothing was done", err=True)
            code = 130
        else:
            click.echo("Error: aborted", err=True)
            code = 1
    except click.ClickException as exc:  # usage errors: exit 2 with click's message
        exc.show()
        code = exc.exit_code
    except Interrupted as exc:  # Ctrl-C during `searcher index`: not an error
        click.echo(f"Interrupted: {exc}", err=True)
        code = exc.exit_code
    except SearcherError as exc:
        click.echo(f"Error: {exc}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("Error: interrupted; the index keeps its last committed state", err=True)
        code = 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
        if debug:
            raise
        click.echo(
            f"Error: unexpected {type(exc).__name__}: {exc}; "
            "run again with SEARCHER_DEBUG=1 to see where, and report it",
            err=True,
        )
        code = 1
    return code or 0
