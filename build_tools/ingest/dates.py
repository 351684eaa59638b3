"""Dates as researchers' scrapes write them: "July 15, 2021", "15.07.2021", "2021-07-15"…"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

_YEAR = r"(?P<year>\d{4})"
_ISO_TIME = r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"  # 2021-07-15T10:00Z
_TIME = (r"(?:,{0,2}\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"
         rf"|{_ISO_TIME})?")
_TIME_FIRST = r"(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[/|,·•–—-]\s*)?)?"  # "08:12 05.01.2026", "20:37 / 11.09.2022"
_DAY_MONTH = r"(?:\s+|-)"  # "15 July", "15-Jul-2021", "11-sentabr"
_NUMERIC_FORMS = (
    rf"{_YEAR}-(?P<nmonth>\d{{1,2}})-(?P<nday>\d{{1,2}})",  # 2021-07-15
    rf"{_YEAR}/(?P<nmonth>\d{{1,2}})/(?P<nday>\d{{1,2}})",  # 2021/07/15
    r"(?P<dday>\d{1,2})\.(?P<dmonth>\d{1,2})\.(?P<year>\d{4})",  # 15.07.2021 (European)
    r"(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<year>\d{4})",  # 07/15/2021 or 15/07/2021
)
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateWords:
    """What a language writes dates with besides its month names and digits (`IngestRules`)."""

    day_suffixes: tuple[str, ...]
    """After the day: "15th", "1er", "12." (German)."""
    connectors: tuple[str, ...]
    """Between the day and the month, or the month and the year: "15th of July", "12 de marzo de 2021"."""
    year_suffixes: tuple[str, ...]
    """After the year: "12 марта 2021 г."."""
    year_first: tuple[str, ...] = ()
    """After the year in dates that start with it: "2025 жылғы 18 маусым", "2022-yil 11-sentabr"."""


@dataclass(frozen=True)
class DateForms:
    """The date expressions that one set of month names and date words allows, compiled once."""

    months: dict[str, int]
    """Month names, lower case, by month number."""
    anywhere: tuple[re.Pattern[str], ...]
    """Each form as a whole date expression inside a text (`find_date`)."""
    whole_line: tuple[re.Pattern[str], ...]
    """Each form as a whole line, with an optional time after it (`parse_date_line`)."""


def compile_date_forms(months: Iterable[tuple[str, int]], words: DateWords) -> DateForms:
    """The forms for these (name, number) month names: "July 15, 2021", "15 July 2021" and, with
    `year_first` words, "2025 жылғы 18 маусым", with each name; and the numeric forms ("2021-07-15",
    "15.07.2021", "07/15/2021"); each with the `words` allowed. A whole date line may have its time
    before the date or after it."""
    names = {name.lower(): number for name, number in months}
    month = _one_of(names, "(?P<month>{})") + r"\.?"
    day = r"(?P<day>\d{1,2})" + _one_of(words.day_suffixes, "(?:{})?")
    connector = _one_of(words.connectors, r"(?:\s+(?:{}))?")
    named = [rf"{month}\s+{day},?\s+{_YEAR}",                                      # July 15, 2021 / Jul 15th 2021
             rf"{day}{connector}{_DAY_MONTH}{month},?{connector}{_DAY_MONTH}{_YEAR}"]  # 15 July 2021 / 15-Jul-2021
    if words.year_first:
        named.append(rf"{_YEAR}[\s-]*{_one_of(words.year_first, '(?:{})')}\s+{day}{_DAY_MONTH}{month}")
    year_suffix = _one_of(words.year_suffixes, r"(?:\s*(?:{}))?")
    forms = [form + year_suffix for form in ((*named, *_NUMERIC_FORMS) if names else _NUMERIC_FORMS)]
    return DateForms(
        names,
        # Not inside a word or number, but "2021-07-15T10:00Z" is a date.
        tuple(re.compile(rf"(?<![\w.]){form}(?!(?!T\d)\w)", re.IGNORECASE) for form in forms),
        tuple(re.compile(rf"^{_TIME_FIRST}{form}{_TIME}\.?$", re.IGNORECASE) for form in forms),
    )


def _one_of(words: Iterable[str], template: str) -> str:
    """`template` around a regex alternation of `words`, longest first; "" for no words."""
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return template.format(alternatives) if alternatives else ""


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in text; `date` is None when it names no real day."""

    text: str
    date: dt.date | None
    start: int
    end: int
    problem: str | None = None


def find_date(text: str, forms: DateForms, *, slash: str = "mdy") -> DateMatch | None:
    """The first date expression in `text`, earliest position first."""
    found = [m for m in (form.search(text) for form in forms.anywhere) if m]
    if not found:
        return None
    match = min(found, key=lambda m: (m.start(), -m.end()))
    return _to_date(match, forms, slash)


def date_at_start(text: str, forms: DateForms, *, slash: str = "mdy") -> DateMatch | None:
    """The date expression `text` starts with, the longest if several do: what `find_date` finds when its
    date starts the text, without searching the rest of a long paragraph for one."""
    found = [m for m in (form.match(text) for form in forms.anywhere) if m]
    if not found:
        return None
    return _to_date(max(found, key=lambda m: m.end()), forms, slash)


def parse_date_line(text: str, forms: DateForms, prefixes: tuple[str, ...] = (), *,
                    slash: str = "mdy") -> DateMatch | None:
    """The date when `text` is nothing but a date (with optional "Posted on", weekday, time)."""
    if len(text) > 80 or not _HAS_DIGIT.search(text):
        return None
    rest = text.strip().strip("|·•–—-").strip()
    for _ in range(3):
        for prefix in prefixes:
            stripped = re.sub(rf"^(?:{prefix})\s*", "", rest, flags=re.IGNORECASE)
            if stripped != rest:
                rest = stripped
    for form in forms.whole_line:
        match = form.match(rest)
        if match:
            return _to_date(match, forms, slash)
    return None


def _to_date(match: re.Match[str], forms: DateForms, slash: str) -> DateMatch:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month"):
        month, day = forms.months[groups["month"].lower().rstrip(".")], int(groups["day"])
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
