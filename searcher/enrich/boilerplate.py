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


def strip_chrome(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the article's lines, the chrome lines removed). Chrome lines are dropped, chrome glued
    to a line is cut off, and the page after an end marker ("From the blog", "Tags"...) is left
    out once the article has begun. The removed lines still tell who published the page."""
    kept: list[str] = []
    removed: list[str] = []
    for number, raw in enumerate(lines):
        line = raw.strip()
        unglued = _CHROME_PREFIX.sub("", line).strip()
        if unglued != line:
            removed.append(line[: len(line) - len(unglued)].strip())
            line = unglued
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if kept and _END_MARKER.match(line):
            removed.extend(x.strip() for x in lines[number:] if x.strip())
            break
        if is_chrome(line) or (not kept and _END_MARKER.match(line)):
            removed.append(line)
            continue
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept, removed


# Live-blog timestamps inside the text (Guardian): "Updated at 00.05 BST" and the "23 Jul 2022
# 22.17" that opens each entry. Page chrome, not the story: they fill snippets with numbers.
_INLINE_CHROME = re.compile(
    r"\bUpdated at \d{1,2}[.:]\d{2}(?:\s*(?:BST|GMT|CET|CEST|EET|EEST|UTC))?\b\.?"
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{1,2}\.\d{2}\b"
)


def strip_inline_chrome(text: str) -> str:
    """The text without live-blog timestamps (each leaves one space)."""
    if "Updated at" not in text and not re.search(r"\d{4} \d{1,2}\.\d{2}", text):
        return text
    return re.sub(r"[ \t]{2,}", " ", _INLINE_CHROME.sub(" ", text))
