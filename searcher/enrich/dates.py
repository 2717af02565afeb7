"""Publication dates from metadata values, file names and URLs, as ISO strings (YYYY-MM-DD)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

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
