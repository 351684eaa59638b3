"""The data-driven part of ingest: phrases and patterns loaded from YAML.

`rules_default.yml` (shipped with the code) holds the general rules;
`corpus/rules/ingest.yml` extends its lists so that a contributor can teach
ingest a new boilerplate phrase or byline form without touching Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names

from ..errors import SourceError
from ..yamlsource import YamlSource, load_schema, load_yaml, require_mapping, validate_against_schema
from .dates import DateForms, DateWords, compile_date_forms

DEFAULT_RULES_FILE = Path(__file__).with_name("rules_default.yml")


@dataclass(frozen=True)
class Labelled:
    """A compiled pattern and the reason shown in the report when it drops a line."""

    pattern: re.Pattern[str]
    reason: str


@dataclass(frozen=True)
class IngestRules:
    boilerplate: tuple[Labelled, ...]
    boilerplate_prefixes: tuple[str, ...]
    footers: tuple[re.Pattern[str], ...]
    captions: tuple[re.Pattern[str], ...]
    adverts: tuple[re.Pattern[str], ...]
    note_headings: tuple[re.Pattern[str], ...]
    comment_headings: tuple[re.Pattern[str], ...]
    related_headings: tuple[re.Pattern[str], ...]
    footnotes: tuple[re.Pattern[str], ...]
    byline_prefixes: tuple[str, ...]
    byline_publication: tuple[re.Pattern[str], ...]
    byline_cut: tuple[re.Pattern[str], ...]
    outlet_last_words: frozenset[str]
    author_joiners: tuple[str, ...]
    author_roles: frozenset[str]
    """Roles that bylines print where or beside a name ("Staff Writer"), case-folded."""
    bios: tuple[re.Pattern[str], ...]
    dateline: re.Pattern[str]
    dateline_exclude: frozenset[str]
    date_prefixes: tuple[str, ...]
    months: tuple[tuple[str, int], ...]
    """Month names with their numbers, as dates spell them ("july", "jul"); see `date_forms`."""
    date_words: DateWords
    slash_dates: str
    headline_max_words: int
    headline_max_chars: int
    headline_bad_last_words: frozenset[str]
    stop_words: frozenset[str]
    """Function words of each language, case-folded: a line with none of them is no sentence."""

    @cached_property
    def date_forms(self) -> DateForms:
        """The date expressions `months` and `date_words` allow, compiled on first use."""
        return compile_date_forms(self.months, self.date_words)

    @cached_property
    def author_split(self) -> re.Pattern[str]:
        """Between two authors: a comma, ";", "&" or a joiner word ("and", "и") in any case."""
        joiners = "".join(rf"|\b{re.escape(word)}\b" for word in self.author_joiners)
        return re.compile(rf"\s*(?:,|;|&{joiners})\s*", re.IGNORECASE)

    @cached_property
    def byline(self) -> re.Pattern[str]:
        """`By Name ...` with any of the configured prefixes."""
        alternatives = "|".join(f"(?:{p})" for p in self.byline_prefixes)
        return re.compile(rf"^(?:{alternatives})\s+(?P<rest>\S.*)$", re.IGNORECASE)


RULES_SCHEMA = "ingest_rules"
"""corpus/schemas/ingest_rules.schema.json: every rule key, its type, and what it is for."""
_LIST_KEYS = frozenset(key for key, rule in load_schema(RULES_SCHEMA)["properties"].items() if rule.get("type") == "array")
"""Rules whose contributor list extends the built-in one; any other key's value replaces it."""


def load_rules(extra: Path | None = None, shown: PurePosixPath | None = None) -> IngestRules:
    """The built-in rules, extended by `extra` (corpus/rules/ingest.yml) when it exists."""
    _, data = _read_rules(DEFAULT_RULES_FILE, PurePosixPath("build_tools/ingest/rules_default.yml"))
    if extra is not None and extra.exists():
        shown = shown or PurePosixPath(extra.as_posix())
        _, more = _read_rules(extra, shown)
        for key, value in more.items():
            if key in _LIST_KEYS:
                data[key] = [*data.get(key, []), *value]
            else:
                data[key] = value
        return _compile(data, shown)
    return _compile(data, PurePosixPath("build_tools/ingest/rules_default.yml"))


def _read_rules(path: Path, shown: PurePosixPath) -> tuple[YamlSource, dict]:
    """A rules file, read and checked against its schema; its first problem is raised."""
    source = load_yaml(path, shown)
    data = require_mapping(source, "a mapping of rule names to lists")
    errors = validate_against_schema(source, RULES_SCHEMA)
    if errors:
        raise errors[0]
    return source, data


def _compile(data: dict, shown: PurePosixPath) -> IngestRules:
    def rx(pattern: object, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        try:
            return re.compile(str(pattern), flags)
        except re.error as error:
            raise SourceError(shown, None, f"bad pattern {pattern!r}: {error}") from None

    def many(key: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
        return tuple(rx(p, flags) for p in data.get(key, []))

    boilerplate = []
    for item in data.get("boilerplate", []):
        if isinstance(item, str):
            item = {"pattern": item, "reason": "boilerplate"}
        if not isinstance(item, dict) or "pattern" not in item:
            raise SourceError(shown, None, f"boilerplate entry needs a 'pattern': {item!r}")
        boilerplate.append(Labelled(rx(item["pattern"]), str(item.get("reason", "boilerplate"))))
    slash = str(data.get("slash_dates", "mdy"))  # mdy or dmy (the schema)
    return IngestRules(
        boilerplate=tuple(boilerplate),
        boilerplate_prefixes=tuple(str(p) for p in data.get("boilerplate_prefixes", [])),
        footers=many("footers"),
        captions=many("captions"),
        adverts=many("adverts"),
        note_headings=many("note_headings"),
        comment_headings=many("comment_headings"),
        related_headings=many("related_headings"),
        footnotes=many("footnotes"),
        byline_prefixes=tuple(str(p) for p in data.get("byline_prefixes", [])),
        byline_publication=many("byline_publication"),
        byline_cut=many("byline_cut"),
        outlet_last_words=frozenset(str(w).lower() for w in data.get("outlet_last_words", [])),
        author_joiners=tuple(str(w) for w in data.get("author_joiners", [])),
        author_roles=frozenset(str(w).casefold() for w in data.get("author_roles", [])),
        bios=many("bios", 0),
        dateline=rx(data.get("dateline", r"^\b$"), 0),
        dateline_exclude=frozenset(str(w).upper() for w in data.get("dateline_exclude", [])),
        date_prefixes=tuple(str(p) for p in data.get("date_prefixes", [])),
        months=_months(data.get("months", []), shown) + _locale_months(data.get("month_locales", []), shown),
        date_words=DateWords(*(tuple(str(word) for word in data.get(key, []))
                               for key in ("day_suffixes", "date_connectors", "year_suffixes", "year_first"))),
        slash_dates=slash,
        headline_max_words=int(data.get("headline_max_words", 16)),
        headline_max_chars=int(data.get("headline_max_chars", 160)),
        headline_bad_last_words=frozenset(str(w).lower() for w in data.get("headline_bad_last_words", [])),
        stop_words=frozenset(str(w).casefold() for w in data.get("stop_words", [])),
    )


def _months(entries: list, shown: PurePosixPath) -> tuple[tuple[str, int], ...]:
    """`months`: mappings of a month number to its names ({3: [march, mar]}), as (name, number) pairs."""
    pairs = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise SourceError(shown, None, f"months entry must map month numbers to names: {entry!r}")
        for number, names in entry.items():
            names = [names] if isinstance(names, str) else names
            if number not in range(1, 13) or not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise SourceError(shown, None, f"months: {number!r} must be a month number (1-12) with a list of names")
            pairs += [(name.lower(), number) for name in names]
    return tuple(pairs)


def _locale_months(locales: list, shown: PurePosixPath) -> tuple[tuple[str, int], ...]:
    """`month_locales`: the month names CLDR (via babel) gives each locale, in the forms dates use
    ("24 июля", "18 маусым", "11-sentabr") and as named alone ("июль"), full and abbreviated."""
    pairs = []
    for name in locales:
        try:
            locale = Locale.parse(str(name))
        except (UnknownLocaleError, ValueError):
            raise SourceError(shown, None, f"month_locales: unknown locale {name!r} (use CLDR names: ru, kk, uz_Cyrl)") from None
        for width, context in (("wide", "format"), ("abbreviated", "format"), ("wide", "stand-alone")):
            pairs += [(month.lower().rstrip("."), number)
                      for number, month in get_month_names(width, context, locale).items()]
    return tuple(dict.fromkeys(pairs))
