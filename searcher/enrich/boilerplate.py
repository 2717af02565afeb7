"""Page chrome in scraped plain text: video-player labels, upload credits, footers and promos.

Scraped article text often keeps the page around the article ("Loading video...", "02:19",
"Buy video", "From the blog" and the blog teaser after it). Those lines must not become the
title, nor be indexed and shown in snippets as if they were the article.
"""

from __future__ import annotations

import re

# Whole lines that are never article text.
_CHROME_LINE = re.compile(
    r"""^(?:
        loading\ video(?:\.\.\.|…)?
      | \d{1,2}:\d{2}(?::\d{2})?                      # a video duration
      | buy\ video
      | content\ partner\ (?:cover|profile)\ image
      | uploaded\ by\ .{0,80}
      | view\ post
      | advertisement | skip\ advert(?:isement)?
      | share(?:\ this)?(?:\ (?:article|story|video))?
      | watch(?:\ now)?:?
      | play\ video | replay | close
      | want\ a\ quick\ and\ expert\ briefing\ on\ the\ biggest\ news\ stories.*
      | listen\ to\ our\ latest\ podcasts.*
      | sign\ up\ (?:to|for)\ .{0,80}newsletter.*
      | follow\ us\ on\ .{0,60}
    )$""",
    re.I | re.X,
)

# Chrome glued to the start of a real line: "Buy videoDramatic bodycam of ...".
_CHROME_PREFIX = re.compile(r"^(?:buy video|loading video(?:\.\.\.|…)?)(?=\w)", re.I)

# Lines after which the rest of the page is not the article.
_END_MARKER = re.compile(
    r"^(?:categories|tags|from\ the\ blog|related(?:\ (?:articles|stories|videos|content))?"
    r"|more\ from\ .{1,40}|read\ more|you\ may\ also\ like|most\ (?:read|popular)|recommended(?:\ for\ you)?)$",
    re.I | re.X,
)


def is_chrome(line: str) -> bool:
    return bool(_CHROME_LINE.match(line.strip()))


def strip_chrome(lines: list[str]) -> list[str]:
    """The article's lines: chrome lines dropped, glued chrome cut off, and the page after an
    end marker ("From the blog", "Tags"...) left out once the article has begun."""
    kept: list[str] = []
    for raw in lines:
        line = _CHROME_PREFIX.sub("", raw.strip()).strip()
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if kept and _END_MARKER.match(line):
            break
        if is_chrome(line) or (not kept and _END_MARKER.match(line)):
            continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept
