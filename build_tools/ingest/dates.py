"""Dates as researchers' scrapes write them: "July 15, 2021", "15.07.2021", "2021-07-15"…"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"

# Each form matches a whole date expression; `find_date` searches, `parse_date_line` anchors.
DATE_FORMS = (
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",                  # July 15, 2021 / Jul 15th 2021
    rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}",         # 15 July 2021 / 15th of July, 2021
    rf"{_YEAR}-(?P<nmonth>\d{{1,2}})-(?P<nday>\d{{1,2}})",  # 2021-07-15
    rf"{_YEAR}/(?P<nmonth>\d{{1,2}})/(?P<nday>\d{{1,2}})",  # 2021/07/15
    r"(?P<dday>\d{1,2})\.(?P<dmonth>\d{1,2})\.(?P<year>\d{4})",  # 15.07.2021 (European)
    r"(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<year>\d{4})",  # 07/15/2021 or 15/07/2021
)
_FORMS = tuple(re.compile(rf"(?<![\w.]){form}(?![\w])", re.IGNORECASE) for form in DATE_FORMS)
_LINE_FORMS = tuple(re.compile(rf"^{form}{_TIME}\.?$", re.IGNORECASE) for form in DATE_FORMS)
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in text; `date` is None when it names no real day."""

    text: str
    date: dt.date | None
    start: int
    end: int
    problem: str | None = None


def find_date(text: str, *, slash: str = "mdy") -> DateMatch | None:
    """The first date expression in `text`, earliest position first."""
    found = [m for m in (form.search(text) for form in _FORMS) if m]
    if not found:
        return None
    match = min(found, key=lambda m: (m.start(), -m.end()))
    return _to_date(match, slash)


def parse_date_line(text: str, prefixes: tuple[str, ...] = (), *, slash: str = "mdy") -> DateMatch | None:
    """The date when `text` is nothing but a date (with optional "Posted on", weekday, time)."""
    if len(text) > 80 or not _HAS_DIGIT.search(text):
        return None
    rest = text.strip().strip("|·•–—-").strip()
    for _ in range(3):
        for prefix in prefixes:
            stripped = re.sub(rf"^(?:{prefix})\s*", "", rest, flags=re.IGNORECASE)
            if stripped != rest:
                rest = stripped
    for form in _LINE_FORMS:
        match = form.match(rest)
        if match:
            return _to_date(match, slash)
    return None


def _to_date(match: re.Match[str], slash: str) -> DateMatch:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month"):
        month, day = MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"])
    elif groups.get("nmonth"):
        month, day = int(groups["nmonth"]), int(groups["nday"])
    elif groups.get("dmonth"):
        month, day = int(groups["dmonth"]), int(groups["dday"])
    else:
        a, b = int(groups["sa"]), int(groups["sb"])
        month, day = (a, b) if slash == "mdy" else (b, a)
        if month > 12 and day <= 12:  # 15/07/2021 can only be day-first
            month, day = day, month
    try:
        date = dt.date(year, month, day)
        problem = None if 1800 <= year <= 2100 else f"implausible year in date '{match.group(0)}'"
        if problem:
            date = None
    except ValueError:
        date, problem = None, f"no such date: '{match.group(0)}'"
    return DateMatch(match.group(0), date, match.start(), match.end(), problem)
