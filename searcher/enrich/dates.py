"""Publication dates from metadata values, file names and URLs, as ISO strings (YYYY-MM-DD)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

DATE_WORDS = Path(__file__).resolve().parents[1] / "data" / "date_words.tsv"
_APOSTROPHE_CLASS = "['’ʼ]"


def _date_words(kind: str) -> dict[str, int]:
    """Names of months or weekdays in every language of searcher/data/date_words.tsv -> number."""
    names: dict[str, int] = {}
    for line in DATE_WORDS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        what, number, words = line.split("\t")
        if what == kind:
            names.update({w: int(number) for w in words.split()})
    return names


def _alternatives(names: Iterable[str]) -> str:
    """A regex alternation of names, longest first, apostrophes matching any apostrophe."""
    return "|".join(re.escape(n).replace("'", _APOSTROPHE_CLASS) for n in sorted(names, key=len, reverse=True))


def _number(names: dict[str, int], written: str) -> int:
    return names[re.sub(_APOSTROPHE_CLASS, "'", written.lower())]


MONTHS = _date_words("month")
_MONTH = r"(?P<month>" + _alternatives(MONTHS) + r")\.?"

_ISO = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})(?!\d)")
_COMPACT = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)")
_DAY_MONTH_YEAR = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})", re.I)
_MONTH_DAY_YEAR = re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})", re.I)
_FILENAME = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_URL = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?!\d)")


def make_date(year: int | str, month: int | str, day: int | str) -> str | None:
    """ISO date string, or None when the parts are not a real date in 1900-2099."""
    try:
        date = dt.date(int(year), int(month), int(day))
    except (ValueError, TypeError):
        return None
    return date.isoformat() if 1900 <= date.year <= 2099 else None


def parse_date(value: object, day_first: bool | None = None) -> str | None:
    """Read a date written in metadata: ISO 8601, 2022/06/23, 4/5/2017, 'Wed 05 Apr 2017', RFC 2822...

    `day_first` decides 04/05/2017 (None: month first, as in US data, unless the day is > 12).
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    if not text:
        return None
    if m := _ISO.match(text):
        return make_date(m["y"], m["m"], m["d"])
    if m := _NUMERIC.match(text):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 or (day_first and b <= 12):
            a, b = b, a
        return make_date(m["y"], a, b)
    if m := _COMPACT.fullmatch(text):
        return make_date(m["y"], m["m"], m["d"])
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        if m := pattern.search(text):
            return make_date(m["y"], MONTHS[m["month"].lower()], m["d"])
    return None


def infer_day_first(values: Iterable[object]) -> bool | None:
    """Look at a column of numeric dates (a/b/yyyy) and decide whether the day comes first."""
    for value in values:
        m = _NUMERIC.match(str(value or "").strip())
        if m:
            if int(m["a"]) > 12:
                return True
            if int(m["b"]) > 12:
                return False
    return None


def date_from_filename(name: str) -> str | None:
    """A YYYY-MM-DD date in a file name ('2022-09-14.html', 'isw_2022-09-14_report.txt')."""
    m = _FILENAME.search(name)
    return make_date(m["y"], m["m"], m["d"]) if m else None


def date_from_url(url: str | None) -> str | None:
    """A date in a URL path: /2022/09/14/, -2022-08-11/, _2022_08_11."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    m = _URL.search(path)
    return make_date(m["y"], m["m"], m["d"]) if m else None


# Dates in article text: a dateline, a weekday that pins the year, the latest date reported.

_WEEKDAYS = _date_words("weekday")
_WEEKDAY = r"(?P<weekday>" + _alternatives(_WEEKDAYS) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_FOLLOWED_BY_YEAR = r"(?!,?\s+\d{4})"
_WEEKDAY_DATE = re.compile(
    rf"\b{_WEEKDAY},?\s+(?:the\s+)?(?:(?P<d1>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH.replace('month', 'm1')}"
    rf"|{_MONTH.replace('month', 'm2')}\s+(?P<d2>\d{{1,2}}){_ORDINAL})\b{_FOLLOWED_BY_YEAR}",
    re.I,
)
_TEXT_DATES = (
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORDINAL}\s+{_MONTH},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORDINAL},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
    re.compile(r"(?<![\d/-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d/-])"),
)
_DATELINE_NUMERIC = re.compile(r"^\W{0,3}(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d{2})\b")
_URL_IN_TEXT = re.compile(r"https?://[^\s\])>\"']+")
_DATELINE_PREFIX = re.compile(r"\W*(?:[A-ZА-ЯІЇЄҐЁ][\w'’-]*\.?,?\s+){0,2}")  # "KYIV, ", "МОСКВА, "
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d{2})(?!\d)")
_FULL_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")  # what a full date's year may be
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
DATELINE_CHARS = 120
HEADING_CHARS = 300
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORDINAL}\b(?!,?\s+\d{{4}})", re.I)


def date_from_text(text: str, today: dt.date | None = None) -> str | None:
    """The publication date an article's text gives evidence for, or None.

    In order: a dateline (a full date opening the text: 'Wed 05 Apr 2017 ...', '15-07-2016 ...');
    weekdays named with a month and day, which pin the year ('Tuesday, September 13' is 2022);
    else the latest full date the text reports or the URLs it cites carry, as a lower bound
    (which also gives the year of a month and day heading the text). Never after `today`.
    """
    today = today or dt.date.today()
    head = text[:DATELINE_CHARS]
    dateline = _dateline(head)
    if dateline and dateline <= today.isoformat():
        return dateline
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= today.year]
    weekday_dates = _matches_around(_WEEKDAY_DATE, text, _DAY_NUMBER, before=60, after=40)
    pinned = [d for d in (_pin_weekday_date(m, years, today) for m in weekday_dates) if d]
    if pinned:
        return max(pinned)
    reported = [d for d in _full_dates(text) if d <= today.isoformat()]
    if not reported:
        return None
    latest = max(reported)
    return _month_day_heading(text[:HEADING_CHARS], latest, today) or latest


def _month_day_heading(head: str, latest: str, today: dt.date) -> str | None:
    """A month and day heading the text without a year ('September 15, 9:30 pm ET'), dated
    by the latest date the text reports: the first such day on or after it, give or take a
    week (reports cite sources up to their own day)."""
    m = _MONTH_DAY.search(head)
    if not m:
        return None
    month, day = MONTHS[m["month"].lower()], int(m["d"])
    bound = dt.date.fromisoformat(latest)
    for year in (bound.year, bound.year + 1):
        date = make_date(year, month, day)
        if date and dt.date.fromisoformat(date) >= bound - dt.timedelta(days=7) and date <= today.isoformat():
            return date
    return None


def _dateline(head: str) -> str | None:
    m = _DATELINE_NUMERIC.match(head)
    if m:
        return make_date(m["y"], m["m"], m["d"])
    found = [m for pattern in _TEXT_DATES if (m := pattern.search(head))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    # Only a place or weekday may come before a dateline: "KYIV, Sept 14, 2022", "Wed 05 Apr 2017".
    if not _DATELINE_PREFIX.fullmatch(head[: first.start()]):
        return None
    return _match_date(first)


def _full_dates(text: str) -> list[str]:
    """Dates written in full in the text, and dates in the URLs it cites (sources cited by a
    report were published before it: 'https://www.reuters.com/world/...-2022-09-14/')."""
    written = [
        d
        for pattern in _TEXT_DATES
        for m in _matches_around(pattern, text, _FULL_YEAR, before=40, after=2)
        if (d := _match_date(m))
    ]
    cited = [d for url in _URL_IN_TEXT.findall(text) if (d := date_from_url(url))]
    return written + cited


def _matches_around(pattern: re.Pattern, text: str, anchor: re.Pattern, before: int, after: int) -> list[re.Match]:
    """The matches of `pattern` that contain a match of `anchor` (a year, a day's number),
    looked for only near those: the month and weekday alternations are slow to try at every
    word of a long text, and every date has a number in it. `before` and `after` bound how
    far a match reaches either side of its number (and what its look-ahead reads after it)."""
    found: dict[tuple[int, int], re.Match] = {}
    for a in anchor.finditer(text):
        start, end = a.span()
        for m in pattern.finditer(text, max(0, start - before), end + after):
            if m.start() <= start and end <= m.end():
                found.setdefault(m.span(), m)
    return [found[span] for span in sorted(found)]


def _match_date(m: re.Match) -> str | None:
    groups = m.groupdict()
    month = MONTHS[groups["month"].lower()] if groups.get("month") else groups.get("m")
    return make_date(groups["y"], month, groups["d"])


def _pin_weekday_date(m: re.Match, years: list[int], today: dt.date) -> str | None:
    """The date of 'Tuesday, September 13': the year in which that day is a Tuesday, nearest
    to the years the text mentions (or the latest one up to today)."""
    month_name = m["m1"] or m["m2"]
    month, day = MONTHS[month_name.lower()], int(m["d1"] or m["d2"])
    weekday = _number(_WEEKDAYS, m["weekday"])
    candidates = []
    for year in range(today.year, 1989, -1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date.weekday() == weekday and date <= today:
            candidates.append(date)
    if not candidates:
        return None
    if years:
        anchor = max(years)
        return min(candidates, key=lambda d: (abs(d.year - anchor), -d.year)).isoformat()
    return candidates[0].isoformat()
