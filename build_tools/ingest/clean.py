"""One segment of units -> a draft article: title, metadata, clean body, notes, dropped lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..errors import SourceError, warning
from ..models import Block, BlockKind, DroppedBlock
from .bylines import parse_authors, parse_credit
from .rules import IngestRules
from .split import Zone, normalise
from .units import CONTENT, Unit, UnitKind, is_title_case, word_count


@dataclass(frozen=True)
class PinnedAddress:
    """The page name a correction gives an article (`Correction.address`), and the entry that gives it."""

    name: str
    correction: str
    """`corrections file:line`, for errors."""


@dataclass(frozen=True)
class Draft:
    """An article before corrections, de-duplication and ids."""

    path: PurePosixPath
    start_line: int
    end_line: int
    title: str
    title_derived: bool
    authors: tuple[str, ...]
    date: dt.date | None
    publication: str | None
    blocks: tuple[Block, ...]
    notes: tuple[str, ...]
    dropped: tuple[DroppedBlock, ...]
    warnings: tuple[SourceError, ...] = ()
    evidence: tuple[str, ...] = ()
    address: PinnedAddress | None = None


@dataclass
class _Collect:
    """Mutable scratchpad while walking one segment; frozen into a `Draft` at the end."""

    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped: list[DroppedBlock] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    date_above: dt.date | None = None
    """A date found over the headline: the article's only when none is under it."""
    publications: list[str] = field(default_factory=list)


_DATELINE_AGENCY = re.compile(r"^[^(]{2,40}\((?P<agency>[A-Z][A-Za-z&. ]{1,30})\)\s*[–—:-]")
_TITLE_SITE = re.compile(r"^(?P<title>.*\S)\s+(?P<separator>[|–—-])\s+(?P<site>[^|–—\s][^|–—]{0,59}?)\s*$")
_TITLE_BYLINE = re.compile(r"^(?P<title>.*\S)\s+by\s+(?P<authors>(?:[A-Z][\w'’.-]*\s?){2,4})$")
FURNITURE_MAX_WORDS = 6
_INNER_PUNCTUATION = re.compile(r"[,.;] ")
_LISTS = {UnitKind.COMMENTS: "reader comments", UnitKind.RELATED: "related links list"}
_TEXT_KINDS = frozenset({UnitKind.PARAGRAPH, UnitKind.BULLET, UnitKind.NUMBERED})
_TAIL_KINDS = frozenset({UnitKind.BOILERPLATE, UnitKind.FOOTER, UnitKind.CAPTION, UnitKind.SEPARATOR,
                         UnitKind.FOOTNOTE, UnitKind.NOTE_HEADING, UnitKind.ADVERT})


def build_draft(units: list[Unit], zone: Zone, end: int, path: PurePosixPath, rules: IngestRules,
                *, forced_title: bool = False) -> Draft:
    """Turn units[zone.start:end] into a draft; `end` is exclusive."""
    c = _Collect()
    segment = units[zone.start:end]
    shown = str(path)
    title_index, repeats = _choose_title(units, zone, rules)
    title, derived = "", False
    if title_index is not None:
        title = _title_text(units[title_index].text)
    for k in range(zone.start, zone.end):
        unit = units[k]
        if k == title_index:
            continue
        if k in repeats:
            _drop(c, path, unit, "repeated headline")
        elif unit.kind is UnitKind.HEADLINE and _is_outlet_line(unit, k, title_index, units, zone):
            c.publications.append(unit.text)
            _drop(c, path, unit, "outlet line (recorded as publication)")
        elif (credit := _bare_credit(units, k, title_index, zone, rules)) is not None:
            authors, outlet = credit
            c.authors = c.authors or authors
            if outlet:
                c.publications.append(outlet)
            _drop(c, path, unit, "credit line without 'By' (recorded as authors and outlet)")
        else:
            _walk_unit(c, path, unit, rules, shown, in_zone=True)
            if title_index is not None and k < title_index and c.date_above is None:
                # A date over the headline may be the page's date of today: one under it is the article's.
                c.date_above, c.date = c.date, None
    tail = _tail_start(units, zone.end, end, rules)
    notes_mode, listed = False, None
    last_text = max((k for k in range(zone.end, end) if units[k].kind in _TEXT_KINDS), default=zone.end - 1)
    for k in range(zone.end, end):
        unit = units[k]
        listed = _LISTS.get(unit.kind, listed)
        if listed:
            _drop(c, path, unit, listed)  # reader comments, related links: to the article's end
            continue
        if k >= tail and unit.kind is UnitKind.PARAGRAPH and _bio_name(unit.text, rules) is not None:
            c.notes.append(unit.text)
            if not c.authors and not any(u.kind is UnitKind.BYLINE for u in segment):
                name = _bio_name(unit.text, rules)
                c.authors = parse_authors(name, rules) if name else ()
            continue
        if unit.kind in (UnitKind.NOTE_HEADING, UnitKind.FOOTNOTE):
            notes_mode = True
        if notes_mode and unit.kind in CONTENT | {UnitKind.FOOTNOTE}:
            c.notes.append(unit.text if unit.kind is not UnitKind.BULLET else f"• {unit.text}")
            continue
        if k > last_text and unit.kind is UnitKind.DATE and _next_is_headline(units, k):
            _drop(c, path, unit, "date of a listed story (after the article's text)")
            continue
        if k > last_text and unit.kind is UnitKind.HEADLINE:
            # No text under it: a headline-like line is page furniture or a link ("DMCA", "Scroll to Top");
            # one with sentences inside is the article's last sentence without its full stop
            # ("In 2023, attempts were made … on the part of the West. [ii]").
            if word_count(unit.text) <= FURNITURE_MAX_WORDS or not _INNER_PUNCTUATION.search(unit.text):
                _drop(c, path, unit, "heading with no text under it (page furniture after the article)")
            else:
                c.blocks.append(Block(BlockKind.PARAGRAPH, unit.text))
            continue
        _walk_unit(c, path, unit, rules, shown, in_zone=False)
    c.date = c.date or c.date_above
    lead = next((u for u in units[zone.end:end] if u.kind is UnitKind.PARAGRAPH), None)
    agency = _DATELINE_AGENCY.search(lead.text[:60]) if lead is not None and lead.dateline else None
    if agency and not c.publications:
        c.publications.append(agency.group("agency"))  # "ALMATY (Reuters) -"
    if title_index is None:
        title, derived = _derive_title(c.blocks), True
        if not forced_title:
            c.warnings.append(warning(shown, units[zone.start].line, "no headline found; title taken from the "
                                      "first sentence (set it in a correction)"))
    else:
        title, site = _split_site_name(title, rules)
        if site:
            c.publications.append(site)
    if not c.authors and not derived:
        found = _TITLE_BYLINE.match(title)
        if found and parse_authors(found.group("authors"), rules):
            title, c.authors = found.group("title"), parse_authors(found.group("authors"), rules)
    last = units[end - 1]
    return Draft(
        path=path, start_line=units[zone.start].line, end_line=last.end_line or last.line,
        title=title, title_derived=derived, authors=c.authors, date=c.date,
        publication=c.publications[0] if c.publications else None,
        blocks=tuple(c.blocks), notes=tuple(c.notes), dropped=tuple(c.dropped),
        warnings=tuple(c.warnings), evidence=zone.evidence,
    )


def _walk_unit(c: _Collect, path: PurePosixPath, unit: Unit, rules: IngestRules, shown: str,
               *, in_zone: bool) -> None:
    kind = unit.kind
    if kind is UnitKind.HEADLINE:
        c.blocks.append(Block(BlockKind.HEADING, unit.text))
    elif kind is UnitKind.PARAGRAPH:
        c.blocks.append(Block(BlockKind.PARAGRAPH, unit.text))
    elif kind is UnitKind.BULLET:
        c.blocks.append(Block(BlockKind.BULLET, unit.text))
    elif kind is UnitKind.NUMBERED:
        c.blocks.append(Block(BlockKind.NUMBERED, unit.text, unit.number))
    elif kind is UnitKind.DATE:
        if unit.date_problem:
            c.warnings.append(warning(shown, unit.line, f"{unit.date_problem}; date left empty"))
        if c.date is None and unit.date is not None:
            c.date = unit.date
        if unit.publication:
            c.publications.append(unit.publication)
        _drop(c, path, unit, unit.reason if in_zone or c.date == unit.date else "stray date line")
    elif kind is UnitKind.BYLINE:
        assert unit.byline is not None
        if unit.date_problem:
            c.warnings.append(warning(shown, unit.line, f"{unit.date_problem}; date left empty"))
        if not c.authors:
            c.authors = unit.byline.authors
        if c.date is None and unit.byline.date is not None:
            c.date = unit.byline.date
        if unit.byline.publication:
            c.publications.insert(0, unit.byline.publication)
        _drop(c, path, unit, unit.reason)
    elif kind is UnitKind.FOOTER:
        if unit.publication:
            c.publications.append(unit.publication)
        _drop(c, path, unit, unit.reason)
    else:
        _drop(c, path, unit, unit.reason or kind.value)


def _next_is_headline(units: list[Unit], k: int) -> bool:
    """Whether a headline comes next, in this article or as the next one's top (a list of dated links)."""
    following = next((u for u in units[k + 1:] if u.kind is not UnitKind.SEPARATOR), None)
    return following is not None and following.kind is UnitKind.HEADLINE


def _drop(c: _Collect, path: PurePosixPath, unit: Unit, reason: str) -> None:
    c.dropped.append(DroppedBlock(path, unit.line, unit.text, reason))


def _choose_title(units: list[Unit], zone: Zone, rules: IngestRules) -> tuple[int | None, set[int]]:
    """The headline to use and the indexes of its repeats (dropped as duplicates)."""
    heads = [k for k in range(zone.start, zone.end) if units[k].kind is UnitKind.HEADLINE]
    if not heads:
        return None, set()
    groups: dict[str, list[int]] = {}
    for k in heads:
        groups.setdefault(normalise(units[k].text), []).append(k)
    repeated = [group for group in groups.values() if len(group) > 1]
    if repeated:
        group = repeated[0]
        # Prefer the mixed-case copy: "GEO-ECONOMIC BATTLE" is a styled duplicate.
        best = min(group, key=lambda k: (units[k].text.isupper(), k))
        return best, set(group) - {best}
    # A byline or date line belongs to the headline right above it; earlier
    # headlines are a page or repost wrapper ("Weekly digest", a blog's own title).
    meta = next((k for k in range(zone.start, zone.end)
                 if units[k].kind in (UnitKind.BYLINE, UnitKind.DATE)), None)
    if meta is not None:
        above = [k for k in heads if k < meta and not _is_outlet_line(units[k], k, heads[0], units, zone)
                 and _bare_credit(units, k, heads[0], zone, rules) is None]
        if above:
            return above[-1], set()
    return heads[0], set()


def _is_outlet_line(unit: Unit, k: int, title_index: int | None, units: list[Unit], zone: Zone) -> bool:
    """A short Title Case line between the headline and the byline ("South Front")."""
    if title_index is None or k <= title_index or len(unit.text.split()) > 4 or not unit.text[:1].isupper():
        return False
    if unit.text.endswith(("?", "!", ":")) or not all(w[:1].isupper() for w in unit.text.split()):
        return False
    return any(units[j].kind is UnitKind.BYLINE for j in range(k + 1, zone.end))


def _bare_credit(units: list[Unit], k: int, title_index: int | None, zone: Zone,
                 rules: IngestRules) -> tuple[tuple[str, ...], str | None] | None:
    """(authors, outlet) of a credit line without "By" under the headline and right over a date line
    ("Ivan Petrov", "Olga Petrova, Reuters", "Asia Times"); None for any other line.

    Shorter than the headline: in "Weekly Digest / Putin Meets Xi / <date>" the names-like line is the title."""
    if title_index is None or not title_index < k < zone.end - 1 or units[k].kind is not UnitKind.HEADLINE:
        return None
    text = units[k].text
    if units[k + 1].kind is not UnitKind.DATE or word_count(text) >= word_count(units[title_index].text):
        return None
    return parse_credit(text, rules)


def _split_site_name(title: str, rules: IngestRules) -> tuple[str, str | None]:
    """(headline, site) of a page title that ends in its site's name: "... | Reuters", "... – The Diplomat".

    After a dash, only one outlet word, with or without "The" (`outlet_last_words`): "Energy – The Caspian
    Question" and "Kazakhstan – A New Power in Central Asia" are subtitles."""
    found = _TITLE_SITE.match(title)
    if not found:
        return title, None
    site = found.group("site")
    words = site.split()
    if len(words) > 5 or not is_title_case(site, minimum=1):
        return title, None
    named = words[-1].lower() in rules.outlet_last_words and words[:-1] in ([], ["The"])
    if found.group("separator") != "|" and not named:
        return title, None
    return found.group("title"), site


def _title_text(text: str) -> str:
    """ALL-CAPS headlines become Title Case; others are kept as written."""
    if text.upper() != text or not any(ch.isalpha() for ch in text):
        return text
    words = []
    for word in text.split():
        words.append(word[:1] + word[1:].lower() if len(word) > 1 else word)
    return " ".join(words)


_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?](?=\s+[A-Z“\"‘'])")
_LEADING_DATELINE = re.compile(r"^[A-Z][A-Z .,'’()-]{2,40}\s[–—-]\s+")


def _derive_title(blocks: list[Block]) -> str:
    """For a text without a headline: its first sentence, cut to twelve words."""
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            text = _LEADING_DATELINE.sub("", block.text)
            end = _SENTENCE_END.search(text)
            sentence = text[:end.start() + 1] if end else text
            words = sentence.split()
            return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return "Untitled"


def _tail_start(units: list[Unit], begin: int, end: int, rules: IngestRules) -> int:
    """First index of the article's tail: furniture, notes and bios after the last body paragraph."""
    k = end
    while k > begin:
        unit = units[k - 1]
        if unit.kind in _TAIL_KINDS or (unit.kind is UnitKind.PARAGRAPH and _bio_name(unit.text, rules) is not None):
            k -= 1
            continue
        break
    return k


_NOT_NAMES = frozenset("the this that these those it he she they we there here its his her our their a an".split())
_HONORIFICS = frozenset("Dr Prof Professor Ambassador Col Gen Mr Ms Mrs Sir".split())


def _bio_name(text: str, rules: IngestRules) -> str | None:
    if word_count(text) > 120:
        return None
    for pattern in rules.bios:
        found = pattern.match(text)
        if not found:
            continue
        name = found.groupdict().get("name")
        if name is None:
            return ""
        words = name.split()
        if len(words) >= 2 and words[0].lower() not in _NOT_NAMES:
            return " ".join(w for w in words if w.rstrip(".") not in _HONORIFICS)
    return None
