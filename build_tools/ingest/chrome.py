"""Page chrome recognised by its shape and its neighbours: menus, tickers, section labels, printed-twice
captions. Runs after `units` (which knows each line alone) and before `split` (which finds article tops),
so that neither a menu item nor a section label can become a headline.

The signs are those of boilerplate removal in the spirit of jusText: page furniture comes in runs of
short lines without sentence punctuation, while article text comes in longer lines that end sentences.
Per-line signs (figures without words, keyword lists without function words) are in `units`.
"""

from __future__ import annotations

from dataclasses import replace

from .bylines import Byline, parse_authors
from .rules import IngestRules
from .split import normalise, same_text
from .units import FIGURES_REASON, Unit, UnitKind, word_count

MENU_ITEM_WORDS = 4
"""A menu, ticker or link-list item has at most this many words."""
MENU_RUN = 3
"""This many short lines in a row are a menu (or a ticker, or a list of links)."""
BULLET_MENU_RUN = 8
"""A list of short bullet items alone is a menu only this long: shorter, it may be the article's list."""
SECTION_LABEL_WORDS = 3
TEXT_WORDS = 10
"""A paragraph this long is article text."""
_SENTENCE_END = tuple(".!?…:;,\"”»)")
_SKIPPED = frozenset({UnitKind.SEPARATOR, UnitKind.BOILERPLATE, UnitKind.CAPTION})
_MENU_KINDS = frozenset({UnitKind.HEADLINE, UnitKind.PARAGRAPH, UnitKind.BULLET})


def mark_chrome(units: list[Unit], rules: IngestRules) -> list[Unit]:
    """The units with page chrome turned into boilerplate or captions, each with the reason the report shows."""
    units = _mark_menus(units)
    units = _mark_section_labels(units)
    units = _mark_name_and_place(units, rules)
    return _mark_printed_twice(units, rules)


def _chrome(unit: Unit, reason: str, kind: UnitKind = UnitKind.BOILERPLATE) -> Unit:
    return replace(unit, kind=kind, reason=reason)


def _menu_item(unit: Unit) -> bool:
    """A short line without a sentence's end, or a ticker's figures."""
    return unit.reason == FIGURES_REASON or (unit.kind in _MENU_KINDS and word_count(unit.text) <= MENU_ITEM_WORDS
                                             and not unit.text.endswith(_SENTENCE_END))


def _mark_menus(units: list[Unit]) -> list[Unit]:
    """Runs of short lines without sentence punctuation (`MENU_RUN` or more): menus, tickers, tag clouds.
    Lines already known as furniture (a ticker's figures) neither count nor break a run."""
    result = list(units)
    run: list[int] = []
    for k, unit in enumerate([*units, None]):
        if unit is not None and (_menu_item(unit) or unit.kind in _SKIPPED):
            run.append(k)
            continue
        items = [j for j in run if _menu_item(units[j])]
        bullets_only = all(units[j].kind is UnitKind.BULLET for j in items)
        if len(items) >= (BULLET_MENU_RUN if bullets_only else MENU_RUN) and not _inside_text(units, run):
            for j in items:
                if units[j].kind in _MENU_KINDS:
                    result[j] = _chrome(units[j], "menu or link list (a run of short lines)")
        run = []
    return result


def _inside_text(units: list[Unit], run: list[int]) -> bool:
    """Whether long paragraphs stand right before and right after the run: then it is the article's own
    short lines (a small table, a list of names), not the page's."""
    before = units[run[0] - 1] if run[0] > 0 else None
    after = units[run[-1] + 1] if run[-1] + 1 < len(units) else None
    return all(u is not None and u.kind is UnitKind.PARAGRAPH and word_count(u.text) >= TEXT_WORDS
               for u in (before, after))


def _mark_section_labels(units: list[Unit]) -> list[Unit]:
    """A short headline-like line right over a longer headline (a date may sit between) is the
    section's label ("Politics", "Жаңалықтар"), not the article's title."""
    result = list(units)
    for k, unit in enumerate(units):
        if unit.kind is not UnitKind.HEADLINE or word_count(unit.text) > SECTION_LABEL_WORDS:
            continue
        after = next((u for u in units[k + 1:] if u.kind not in _SKIPPED | {UnitKind.DATE}), None)
        if after is not None and after.kind is UnitKind.HEADLINE and word_count(after.text) > word_count(unit.text) \
                and normalise(after.text) != normalise(unit.text):
            result[k] = _chrome(unit, "section label over the headline")
    return result


def _mark_name_and_place(units: list[Unit], rules: IngestRules) -> list[Unit]:
    """"Marc Bennetts, Dushanbe": a reporter's name and where they file from, a byline without "By". Over a
    date line it is left to the credit-line reading (`clean`), which also knows outlets ("Olga Petrova, Reuters")."""
    result = list(units)
    for k, unit in enumerate(units):
        names, comma, place = unit.text.rpartition(",")
        if unit.kind is not UnitKind.HEADLINE or not comma or len(place.split()) != 1 or not place.strip()[:1].isupper():
            continue
        following = units[k + 1] if k + 1 < len(units) else None
        if place.strip().casefold() in rules.outlet_last_words or (following and following.kind is UnitKind.DATE):
            continue
        authors = parse_authors(names, rules)
        if authors:
            result[k] = replace(unit, kind=UnitKind.BYLINE, reason="byline: a name and a place (recorded as authors)",
                                byline=Byline(authors))
    return result


def _mark_printed_twice(units: list[Unit], rules: IngestRules) -> list[Unit]:
    """A line printed twice in a row: a caption and its alt text. A repeated name line ("Qiyomiddin
    Fakhriddinov") is a photo credit, not a repeated headline (which would start an article)."""
    result = list(units)
    for k in range(1, len(units)):
        unit, before = units[k], units[k - 1]
        if unit.kind is not before.kind or not same_text(unit.text, before.text):
            continue
        if unit.kind is UnitKind.PARAGRAPH and not unit.text.endswith(_SENTENCE_END):
            result[k - 1] = _chrome(before, "caption printed twice (with its alt text)", UnitKind.CAPTION)
            result[k] = _chrome(unit, "caption printed twice (with its alt text)", UnitKind.CAPTION)
        elif unit.kind is UnitKind.PARAGRAPH and unit.gap_before == 0:
            # Sentences printed twice without a blank line between: a lead under its summary, or a caption
            # under its alt text. One copy stays; a sentence repeated as its own paragraph is the author's.
            result[k] = _chrome(unit, "line printed twice")
        elif unit.kind is UnitKind.HEADLINE and parse_authors(unit.text, rules):
            following = units[k + 1] if k + 1 < len(units) else None
            if following is None or following.kind not in (UnitKind.DATE, UnitKind.BYLINE):
                result[k - 1] = _chrome(before, "photo credit printed twice", UnitKind.CAPTION)
                result[k] = _chrome(unit, "photo credit printed twice", UnitKind.CAPTION)
    return result
