"""HTML through Jinja2: the repo's (and wheel's) templates, overridable by a folder of one's own.

Autoescape is on for every template: article text, titles, URLs and facet names are untrusted.
Links to outside pages pass `safe_url`, so a `javascript:` or `data:` URL is never a link.
"""

from __future__ import annotations

import functools
from pathlib import Path


def _templates_folder() -> Path:
    """The package's templates: the repo's top-level templates/, installed as searcher.templates."""
    import searcher.templates

    return Path(searcher.templates.__file__).resolve().parent


def environment(templates: Path | None = None):
    """A Jinja2 environment: templates from `templates` first, then the package's own."""
    import jinja2

    loaders = [jinja2.FileSystemLoader(str(templates))] if templates else []
    loaders.append(jinja2.FileSystemLoader(str(_templates_folder())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["plural"] = plural
    env.globals["css"] = functools.partial(_read, env, "site.css")
    return env


def _read(env, name: str):
    """A file of the templates folder as trusted markup (the stylesheet inlined in a page)."""
    import markupsafe

    source, _, _ = env.loader.get_source(env, name)
    return markupsafe.Markup(source)


def safe_url(url: object) -> str:
    """The URL if it is http(s) with a host, else '' (templates then show no link). Indexing
    already keeps only such URLs; pages check again, whatever the index holds."""
    from searcher.enrich import clean_url

    return clean_url(url)


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 article', '2 articles', '1,541 articles'."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def render(env, template: str, **context) -> str:
    return env.get_template(template).render(**context)
