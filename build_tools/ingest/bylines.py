"""Bylines: "By X", "by X posted with permission and first posted at Y",
"Submitted by X – source Y", "ALEX GORKA | 08.11.2017 | WORLD"…"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import find_date, parse_date_line
from .rules import IngestRules

_NAME_REST = re.compile(r"^[\w'’.-]*$")
_NAME_PARTICLES = frozenset("de da del der van von la le al el bin ibn dos du di".split())
_HANDLE = re.compile(r"^(?=.*[_\d]|[a-z])[\w.-]{3,30}$")


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...]
    publication: str | None = None
    date: dt.date | None = None
    date_problem: str | None = None


def parse_byline(text: str, rules: IngestRules) -> Byline | None:
    """The authors (and outlet, date) a byline line states, or None when it is not a byline."""
    text = " ".join(text.split())
    if len(text) > 200:
        return None
    if " | " in text:
        return _parse_pipe_byline(text, rules)
    match = rules.byline.match(text)
    if not match:
        return None
    rest, publication = match.group("rest"), None
    date = find_date(text[:match.start("rest")], rules.date_forms, slash=rules.slash_dates)  # "Posted on <date> by"
    for pattern in rules.byline_publication:
        found = pattern.search(rest)
        if found and found.group("publication")[:1].isupper() and found.start() > 0:
            publication = _clean_publication(found.group("publication"))
            rest = rest[:found.start()]
            break
    if date is None:
        date = find_date(rest, rules.date_forms, slash=rules.slash_dates)
        if date:
            rest = (rest[:date.start] + rest[date.end:]).strip(" ,–—-|")
    for cut in rules.byline_cut:
        rest = cut.sub("", rest)
    authors = parse_authors(rest, rules)
    if not authors and _HANDLE.match(rest.strip()) and not re.match(r"^by\b", text, re.IGNORECASE):
        authors = (rest.strip(),)  # "Posted by steppe_watcher": a blog handle
    if not authors and not _only_roles(rest, rules):
        return None  # "By Staff Writer" is a byline without a name; "By the river" is none
    return Byline(authors, publication, date.date if date else None, date.problem if date else None)


NAMES_AND_DATE_MAX = 90


def parse_names_and_date(text: str, rules: IngestRules) -> Byline | None:
    """A byline without "By": names, then a date that ends the line ("Murat Sadykov Sep 4, 2013",
    "Olga Petrova · 12.03.2021 14:05"); None for any other line."""
    if len(text) > NAMES_AND_DATE_MAX:
        return None
    found = find_date(text, rules.date_forms, slash=rules.slash_dates)
    if found is None or found.start == 0:
        return None
    rest = parse_date_line(text[found.start:], rules.date_forms, slash=rules.slash_dates)
    authors = parse_authors(text[:found.start].strip(" ,;|·•–—-"), rules)
    if rest is None or not authors:
        return None
    return Byline(authors, None, found.date, found.problem)


def parse_authors(text: str, rules: IngestRules) -> tuple[str, ...]:
    """Names separated by commas or `rules.author_joiners` ("and", "и"); empty when any part does not
    look like a name. Roles (`rules.author_roles`: "Staff Writer", "Корреспондент") are not names and
    are left out: "Olga Petrova, Staff Writer" is Olga Petrova."""
    text = text.strip(" .,;:–—-")
    if not text:
        return ()
    names = [part.strip(" .,") for part in rules.author_split.split(text) if part.strip(" .,")]
    names = [name for name in names if name.casefold() not in rules.author_roles]
    result = []
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5 or not all(map(_is_name_word, words)):
            return ()
        if len(words) == 1 and "." not in name:
            return ()  # one bare word ("Reuters", "staff") is an outlet or a role, not a name
        result.append(titlecase_name(name))
    return tuple(dict.fromkeys(result))


def parse_credit(text: str, rules: IngestRules) -> tuple[tuple[str, ...], str | None] | None:
    """(authors, outlet) a credit line states without "By": "Ivan Petrov", "Olga Petrova, Reuters" or
    "Asia Times" (an outlet by its last word, `rules.outlet_last_words`); None when it is not one."""
    names, _, outlet = text.rpartition(",")
    outlet = outlet.strip()
    words = outlet.split()
    named_outlet = 1 <= len(words) <= 5 and words[-1].lower() in rules.outlet_last_words
    if outlet[:1].isupper() and (named_outlet or (names and len(words) == 1)):  # "..., Reuters" (not a name)
        authors = parse_authors(names, rules) if names else ()
        return (authors, outlet) if authors or not names else None
    authors = parse_authors(text, rules)
    return (authors, None) if authors else None


def _is_name_word(word: str) -> bool:
    """A capitalised word in any script ("Petrov", "Émile", "Петров", "J."), or a particle ("de", "bin")."""
    return word in _NAME_PARTICLES or (word[:1].isupper() and bool(_NAME_REST.match(word[1:])))


def _only_roles(text: str, rules: IngestRules) -> bool:
    parts = [part.strip(" .,") for part in rules.author_split.split(text) if part.strip(" .,")]
    return bool(parts) and all(part.casefold() in rules.author_roles for part in parts)


_AFTER_APOSTROPHE = re.compile(r"(?<=\b\w['’])\w")
_MC = re.compile(r"\bMc(\w)")


def titlecase_name(name: str) -> str:
    """ALEX GORKA -> Alex Gorka, SEAN O'BRIEN -> Sean O'Brien, MARY MCDONALD -> Mary McDonald; names in
    mixed case are kept as written."""
    if name.upper() != name:
        return name
    words = (w if len(w.rstrip(".")) <= 1 else w[:1] + w[1:].lower() for w in name.split())
    titled = " ".join(words)
    titled = _AFTER_APOSTROPHE.sub(lambda m: m.group(0).upper(), titled)
    return _MC.sub(lambda m: "Mc" + m.group(1).upper(), titled)


def _parse_pipe_byline(text: str, rules: IngestRules) -> Byline | None:
    parts = [part.strip() for part in text.split("|") if part.strip()]
    if not 2 <= len(parts) <= 5:
        return None
    authors: tuple[str, ...] = ()
    date = None
    for part in parts:
        found = parse_date_line(part, rules.date_forms, rules.date_prefixes, slash=rules.slash_dates)
        if found and date is None:
            date = found
        elif not authors:
            authors = parse_authors(re.sub(r"^by\s+", "", part, flags=re.IGNORECASE), rules)
    if not authors or date is None:
        return None
    return Byline(authors, None, date.date, date.problem)


def _clean_publication(text: str) -> str:
    return text.strip(" .,;:–—-")
