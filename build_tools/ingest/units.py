"""Raw lines -> classified units: one paragraph-sized piece of a raw file each.

A unit is one non-blank raw line (scrapes put one paragraph per line), or a
hard-wrapped paragraph joined back together. Classification looks at the unit
alone; deciding where articles start (split) and what the body is (clean) uses
the neighbours.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from .bylines import Byline, parse_byline, parse_names_and_date
from .dates import date_at_start, find_date, parse_date_line
from .rules import IngestRules


class UnitKind(StrEnum):
    HEADLINE = "headline"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    NUMBERED = "numbered"
    DATE = "date"
    BYLINE = "byline"
    BOILERPLATE = "boilerplate"
    FOOTER = "footer"
    CAPTION = "caption"
    ADVERT = "advert"
    SEPARATOR = "separator"
    NOTE_HEADING = "note heading"
    FOOTNOTE = "footnote"
    COMMENTS = "comments heading"
    RELATED = "related links heading"


CONTENT = frozenset({UnitKind.HEADLINE, UnitKind.PARAGRAPH, UnitKind.BULLET, UnitKind.NUMBERED})


@dataclass(frozen=True)
class Unit:
    line: int
    """1-based raw line number of the unit's first line."""
    text: str
    kind: UnitKind
    reason: str = ""
    """Why the unit is not body text (for the report)."""
    gap_before: int = 1
    """Blank (or whitespace-only) lines between this unit and the previous one."""
    number: int | None = None
    date: dt.date | None = None
    date_problem: str | None = None
    byline: Byline | None = None
    publication: str | None = None
    dateline: bool = False
    """A paragraph opening with "CITY, Country –": a news article's first paragraph."""
    title_case: bool = False
    end_line: int = 0


_BULLET = re.compile(r"^(?:[•●▪◦·‣∙○■□➢➤►▶✓✔*+]|[-–—](?=\s))\s*(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_SEPARATOR = re.compile(r"^[\W_]{1,12}$")
_LETTER = re.compile(r"[^\W\d_]")
_URL = re.compile(r"https?://|www\.\w", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or per the to vs via with".split())
_INNER_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bSt)[.!?]\s+[A-Z“\"‘']")
_OPENERS = "\"'“‘«(¿¡"
_DATE_HEADLINE_SEPARATORS = " |–—-:·•"


def split_units(lines: tuple[str, ...], rules: IngestRules) -> list[Unit]:
    """Classify every non-blank line (or hard-wrapped paragraph) of a raw file."""
    units: list[Unit] = []
    classifier = _classifier(rules)
    for first, texts, gap in _paragraphs(lines):
        for offset, text in _glued_prefix(texts, rules):
            units.append(_unit(text, first + offset, classifier, gap=gap if offset == 0 else 0,
                               end_line=first + len(texts) - 1))
    return units


def _paragraphs(lines: tuple[str, ...]):
    """(first line number, lines, blank lines before) per unit; hard-wrapped groups joined."""
    gap, group, start = 0, [], 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not group:
                start = number
            group.append(line.strip())
            continue
        if group:
            yield from _ungroup(start, group, gap)
            group, gap = [], 0
        gap += 1
    if group:
        yield from _ungroup(start, group, gap)


def _ungroup(start: int, group: list[str], gap: int):
    if _hard_wrapped(group):
        yield start, [" ".join(group)], gap
        return
    for offset, text in enumerate(group):
        yield start + offset, [text], gap if offset == 0 else 0


def _hard_wrapped(group: list[str]) -> bool:
    """Lines of a similar width (<= 100 chars) that continue one another: one paragraph."""
    if len(group) < 2 or len(set(group)) < len(group):
        return False  # a wrapped paragraph does not repeat a line; a caption and its alt text do
    widths = [len(line) for line in group[:-1]]
    if max(widths) > 100 or min(widths) < 0.6 * max(widths) or max(widths) < 40:
        return False
    return not any(_BULLET.match(line) or _NUMBERED.match(line) for line in group[1:])


def _glued_prefix(texts: list[str], rules: IngestRules):
    """Split "Leave a ReplyKazakhstan And…" into the boilerplate and the headline, and "01.05.2020 President
    Tokayev gives an interview" (a listing's date before its headline) into the date and the headline."""
    text = texts[0]
    dated = date_at_start(text, rules.date_forms, slash=rules.slash_dates)
    if dated is not None and text[dated.end:dated.end + 1] in _DATE_HEADLINE_SEPARATORS:
        rest = text[dated.end:].lstrip(_DATE_HEADLINE_SEPARATORS)
        if is_headline(rest, rules) and parse_date_line(rest, rules.date_forms) is None:
            return [(0, text[:dated.end]), (0, rest)]
    lowered = text.lower()  # once per unit, not once per prefix: this runs for every unit
    for prefix, lowered_prefix in _lowered(rules.boilerplate_prefixes):
        if lowered.startswith(lowered_prefix) and len(text) > len(prefix) \
                and text[len(prefix)].isupper():
            return [(0, text[:len(prefix)]), (0, text[len(prefix):].strip())]
    return [(0, text)]


@functools.lru_cache(maxsize=8)
def _lowered(prefixes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((prefix, prefix.lower()) for prefix in prefixes)


def classify(text: str, line: int, rules: IngestRules, *, gap: int = 1, end_line: int = 0) -> Unit:
    return _unit(text, line, _classifier(rules), gap=gap, end_line=end_line)


def _unit(text: str, line: int, classifier, *, gap: int, end_line: int) -> Unit:
    text = " ".join(text.split())
    kind, reason, changes = classifier(text)
    fields = {"text": text, **changes}
    return Unit(line, kind=kind, reason=reason, gap_before=gap, end_line=end_line or line, **fields)


CACHED_LINES = 1 << 16
"""Distinct lines whose classification is remembered per rule set: furniture repeats across files."""


@functools.lru_cache(maxsize=8)
def _classifier(rules: IngestRules):
    """`classify_text` for these rules, memoised on the line text (it depends on nothing else).

    Keyed by the rules' value, not identity: `segment` makes a copy per file (its own
    slash_dates), and files with equal rules should share what was learnt.
    """
    return functools.lru_cache(maxsize=CACHED_LINES)(functools.partial(classify_text, rules=rules))


def classify_text(text: str, *, rules: IngestRules) -> tuple[UnitKind, str, dict]:
    """(kind, reason, other `Unit` fields) of one normalised line; pure, so `classify` caches it.

    Callers must not mutate the returned dict: it is shared by every unit with the same text.
    """
    if not _LETTER.search(text) and not any(ch.isdigit() for ch in text):
        return UnitKind.SEPARATOR, "separator", {}
    short = len(text) <= 400
    if short:
        for pattern in rules.footers:
            found = pattern.search(text)
            if found:
                publication = found.groupdict().get("publication")
                publication = publication.strip(" .,") if publication and publication[:1].isupper() else None
                return (UnitKind.FOOTER, "footer (outlet recorded)" if publication else "footer",
                        {"publication": publication})
        for pattern in rules.comment_headings:
            if pattern.search(text):
                return UnitKind.COMMENTS, "reader comments", {}
        for pattern in rules.related_headings:
            if pattern.search(text):
                return UnitKind.RELATED, "related links list", {}
        for labelled in rules.boilerplate:
            if labelled.pattern.search(text):
                return UnitKind.BOILERPLATE, labelled.reason, {}
        if word_count(text) <= 70:
            for pattern in rules.captions:
                if pattern.search(text):
                    return UnitKind.CAPTION, "photo caption or credit", {}
        for pattern in rules.adverts:
            found = pattern.search(text)
            if found:
                return UnitKind.ADVERT, f"advert ('{found.group(0)}')", {}
        for pattern in rules.note_headings:
            if pattern.search(text):
                return UnitKind.NOTE_HEADING, "notes heading", {}
    for pattern in rules.footnotes:
        if pattern.search(text):
            return UnitKind.FOOTNOTE, "reference note", {}
    date = parse_date_line(text, rules.date_forms, rules.date_prefixes, slash=rules.slash_dates)
    if date:
        return (UnitKind.DATE, "date line (recorded as the date)",
                {"date": date.date, "date_problem": date.problem})
    outlet_date = _outlet_and_date(text, rules)
    if outlet_date:
        return outlet_date
    byline = (parse_byline(text, rules) or parse_names_and_date(text, rules)) if short else None
    if byline:
        return (UnitKind.BYLINE, "byline (recorded as authors)",
                {"byline": byline, "date": byline.date, "date_problem": byline.date_problem,
                 "publication": byline.publication})
    bullet = _BULLET.match(text)
    if _is_figures(bullet.group("text") if bullet else text):
        return UnitKind.BOILERPLATE, FIGURES_REASON, {}
    if _is_keyword_list(text, rules):
        return UnitKind.BOILERPLATE, "tag or keyword list (no sentence, no function word)", {}
    if bullet:
        return UnitKind.BULLET, "", {"text": bullet.group("text")}
    numbered = _NUMBERED.match(text)
    if numbered:
        return UnitKind.NUMBERED, "", {"text": numbered.group("text"), "number": int(numbered.group("number"))}
    # Past DATE_LINE_MAX only a date that starts the line matters (below): no search through a paragraph.
    dated = (find_date if len(text) <= DATE_LINE_MAX else date_at_start)(text, rules.date_forms,
                                                                         slash=rules.slash_dates)
    if dated is not None and _date_with_furniture(text, dated):
        return (UnitKind.DATE, "date line with a section or counter (recorded as the date)",
                {"date": dated.date, "date_problem": dated.problem})
    if dated is not None and dated.start == 0:
        # "27-Ноябрь, 2024-жыл, шаршемби, Бишкек убактысы 11:53": no headline, and maybe the page's clock.
        return UnitKind.BOILERPLATE, "date with other words (not a headline; date not taken)", {}
    if is_headline(text, rules):
        return UnitKind.HEADLINE, "", {"title_case": is_title_case(text)}
    dateline = rules.dateline.match(text)
    if dateline and dateline.group("city").upper().rstrip(".") not in rules.dateline_exclude:
        return UnitKind.PARAGRAPH, "", {"dateline": True}
    return UnitKind.PARAGRAPH, "", {}


FIGURES_MAX_WORDS = 4
DATE_LINE_MAX = 60
FIGURES_REASON = "ticker or counter (figures, no words)"
ABBREVIATION_MAX_LETTERS = 4
KEYWORD_LIST_MIN_WORDS = 10
_NOT_SENTENCE = re.compile(r"[,;:!?…«»“”\"]")


def _date_with_furniture(text: str, dated) -> bool:
    """A date with at most one word and some figures around it: "Билік 2 Noyabr 2023 3970" (section,
    date, views), "O‘zbekiston 26.08.2022 10922"."""
    rest = (text[:dated.start] + " " + text[dated.end:]).split()
    return len(text) <= DATE_LINE_MAX and sum(bool(_LETTER.search(word)) for word in rest) <= 1 \
        and not _NOT_SENTENCE.search(text)


def _is_figures(text: str) -> bool:
    """A short line more figures and signs than letters: a currency ticker ("USD 100.68"), a view counter."""
    if word_count(text) > FIGURES_MAX_WORDS:
        return False
    characters = "".join(text.split())
    return 2 * len(_LETTER.findall(characters)) < len(characters)


def _is_keyword_list(text: str, rules: IngestRules) -> bool:
    """A long line of words without sentence punctuation and without one function word of any language
    (`rules.stop_words`), with lower-case tags or a repeated one: a page's tags or keywords ("Касым-Жомарт
    Токаев Никол Пашинян Армения … происшествия общество"). A Title Case headline may lack function words."""
    words = text.split()
    if len(words) < KEYWORD_LIST_MIN_WORDS or _NOT_SENTENCE.search(text) or text.endswith("."):
        return False
    if any(word.endswith(".") and len(word) > ABBREVIATION_MAX_LETTERS + 1 for word in words):
        return False  # a sentence ends inside; "обл." is an abbreviation
    if any(word.strip(".()'’").casefold() in rules.stop_words for word in words):
        return False
    return not is_title_case(text) or len(set(words)) < len(words)


_OUTLET_DATE = re.compile(r"^(?P<publication>[A-Z][\w&'’‘ʻ. -]{1,50}?)\s*[,|–—-]\s*(?P<rest>.+)$")


def _outlet_and_date(text: str, rules: IngestRules):
    """"Global Research, August 21, 2020": an outlet and a date on one line."""
    if len(text) > 90:
        return None
    match = _OUTLET_DATE.match(text)
    if not match:
        return None
    date = parse_date_line(match.group("rest"), rules.date_forms, rules.date_prefixes, slash=rules.slash_dates)
    if not date or not is_title_case(match.group("publication"), minimum=1) or rules.byline.match(text):
        return None  # "By Olga Petrova | March 3, 2019" is a byline
    publication = match.group("publication").strip()
    return (UnitKind.DATE, "outlet and date line (recorded)",
            {"date": date.date, "date_problem": date.problem, "publication": publication})


def is_headline(text: str, rules: IngestRules) -> bool:
    """A short line without a final period that starts like a title."""
    words = _WORD.findall(text)
    if not words or len(words) > rules.headline_max_words or len(text) > rules.headline_max_chars:
        return False
    if text[-1] in ".,;…" or text.endswith("...") or _URL.search(text):
        return False
    if text.endswith(":") and len(words) > 2:
        return False
    if _INNER_SENTENCE_END.search(text):
        return False  # "Great summary, thanks. What about…" is two sentences, not a title
    first = text.lstrip(_OPENERS)[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    last = words[-1].strip("\"'“”‘’»).!?").lower()
    return last not in rules.headline_bad_last_words


def is_title_case(text: str, *, minimum: int = 3) -> bool:
    """Every significant word capitalised ("Russian-Central Asian Security Relations")."""
    words = [w.strip(_OPENERS + "\"'”’»):,") for w in text.split()]
    words = [w for w in words if w and _LETTER.search(w)]
    if len(words) < minimum:
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    return all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def word_count(text: str) -> int:
    return len(text.split())  # the runs of non-space that _WORD finds (both use Python's Unicode whitespace), in C


def first_date_in(text: str, rules: IngestRules):
    return find_date(text, rules.date_forms, slash=rules.slash_dates)
