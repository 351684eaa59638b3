"""One raw file's lines -> draft articles and the blocks dropped around them.

Order of work: classify units, find article starts, apply the human split
corrections (forced starts, merges, drops), build drafts, drop segments that
are not articles, then apply the human metadata corrections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from ..errors import SourceError
from ..models import DroppedBlock
from .chrome import mark_chrome
from .clean import Draft, PinnedAddress, build_draft
from .corrections import Correction
from .language import detect_language
from .rules import IngestRules
from .split import Zone, find_starts, find_zone
from .units import CONTENT, Unit, UnitKind, split_units

ADVERT_WINDOW = 5
"""A promotion marker this close to a segment's top makes the whole segment an advert."""


@dataclass(frozen=True)
class FileResult:
    drafts: tuple[Draft, ...]
    dropped: tuple[DroppedBlock, ...]
    warnings: tuple[SourceError, ...]
    languages: tuple[str, ...] = ()
    """Each draft's language: its correction's, or detected (`language.detect_language`)."""


def parse_raw_lines(lines: tuple[str, ...], path: PurePosixPath, rules: IngestRules,
                    corrections: tuple[Correction, ...] = ()) -> FileResult:
    rules = replace(rules, slash_dates=slash_order(lines, rules.slash_dates))
    units = mark_chrome(split_units(lines, rules), rules)
    zones = _with_metadata_above(units, find_starts(units, rules))
    zones = _apply_split_corrections(units, zones, corrections, path)
    dropped: list[DroppedBlock] = []
    warnings: list[SourceError] = []
    first = zones[0].start if zones else len(units)
    for unit in units[:first]:
        dropped.append(DroppedBlock(path, unit.line, unit.text, unit.reason or "before the first article"))
    drafts: list[Draft] = []
    languages: list[str] = []
    by_start = {units[z.start].line: c for c in corrections for z in zones if units[z.start].line == c.line}
    for index, zone in enumerate(zones):
        end = zones[index + 1].start if index + 1 < len(zones) else len(units)
        zone = replace(zone, end=min(zone.end, end))
        segment = units[zone.start:end]
        correction = _correction_for(units[zone.start].line, segment, corrections, by_start)
        if correction is not None and correction.drop:
            reason = f"dropped by correction ({correction.source}:{correction.source_line}): {correction.drop}"
            dropped.extend(DroppedBlock(path, u.line, u.text, reason) for u in segment)
            continue
        forced_title = correction is not None and correction.title is not None
        draft = build_draft(units, zone, end, path, rules, forced_title=forced_title)
        not_article = None if correction is not None else _not_an_article(segment, draft)
        if not_article:
            dropped.extend(DroppedBlock(path, u.line, u.text, not_article) for u in segment)
            continue
        if correction is not None and correction.changes_metadata:
            draft = apply_metadata(draft, correction)
        drafts.append(draft)
        languages.append(correction.language if correction is not None and correction.language else
                         detect_language(draft.title, (block.text for block in draft.blocks)))
        dropped.extend(draft.dropped)
        warnings.extend(draft.warnings)
    return FileResult(tuple(drafts), tuple(dropped), tuple(warnings), tuple(languages))


_ABOVE_THE_HEADLINE = frozenset({UnitKind.DATE, UnitKind.BYLINE, UnitKind.BOILERPLATE, UnitKind.CAPTION,
                                 UnitKind.SEPARATOR})


def _with_metadata_above(units: list[Unit], zones: list[Zone]) -> list[Zone]:
    """The first article's top taken up to the date or byline a page prints over its headline
    ("13:09 / 16.08.2021", a section label, then the headline), across the page's furniture."""
    if not zones:
        return zones
    first = zones[0]
    k = first.start
    while k > 0 and units[k - 1].kind in _ABOVE_THE_HEADLINE:
        k -= 1
    metadata = [j for j in range(k, first.start) if units[j].kind in (UnitKind.DATE, UnitKind.BYLINE)]
    if not metadata:
        return zones
    return [replace(first, start=metadata[0], evidence=(*first.evidence, "date or byline over the headline")),
            *zones[1:]]


_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{4}\b")


def slash_order(lines: tuple[str, ...], default: str) -> str:
    """Read 12/04/2021 as the file's unambiguous slash dates do (19/04/2021 means day first)."""
    for line in lines:
        if "/" not in line:
            continue
        for first, second in _SLASH_DATE.findall(line):
            if int(first) > 12 >= int(second):
                return "dmy"
            if int(second) > 12 >= int(first):
                return "mdy"
    return default


def _correction_for(start_line: int, segment: list[Unit], corrections: tuple[Correction, ...],
                    by_start: dict[int, Correction]) -> Correction | None:
    if start_line in by_start:
        return _merged(c for c in corrections if c.line == start_line)
    lines = {u.line for u in segment} | {line for u in segment for line in range(u.line, u.end_line + 1)}
    found = [c for c in corrections if c.line in lines and not c.start and not c.merge]
    return _merged(iter(found)) if found else None


def _merged(found) -> Correction | None:
    """Several entries for one article act as one (the later key wins)."""
    result = None
    for c in found:
        if result is None:
            result = c
            continue
        changes = {k: getattr(c, k) for k in ("drop", "title", "date", "authors", "publication", "language")
                   if getattr(c, k) is not None}
        result = replace(result, **changes, clear_date=result.clear_date or c.clear_date,
                         clear_publication=result.clear_publication or c.clear_publication)
    return result


def _apply_split_corrections(units: list[Unit], zones: list[Zone], corrections: tuple[Correction, ...],
                             path: PurePosixPath) -> list[Zone]:
    index_of_line = {}
    for k, unit in enumerate(units):
        for line in range(unit.line, max(unit.line, unit.end_line) + 1):
            index_of_line.setdefault(line, k)
    starts = {z.start: z for z in zones}
    for c in corrections:
        if not c.start:
            continue
        k = index_of_line.get(c.line)
        if k is None or units[k].line != c.line:
            raise SourceError(c.source, c.source_line,
                              f"'start' at raw line {c.line} of {path}: that line is blank, inside a "
                              f"paragraph or past the end of the file")
        if k not in starts:
            begin, end = find_zone(units, k) if units[k].kind is UnitKind.HEADLINE else (k, k)
            starts[k] = Zone(begin, end if units[k].kind is UnitKind.HEADLINE else k, 0.0,
                             ("start forced by correction",))
    ordered = [starts[k] for k in sorted(starts)]
    for c in corrections:
        if not c.merge:
            continue
        position = _zone_at(units, ordered, c.line)
        if position is None:
            raise SourceError(c.source, c.source_line, _nothing_at(c.line, path, units, ordered))
        if position == 0:
            raise SourceError(c.source, c.source_line,
                              f"'merge' at raw line {c.line}: the first article of {path} has nothing to merge into")
        del ordered[position]
    known = {units[z.start].line for z in ordered}
    for c in corrections:
        if c.start or c.merge or c.line in known:
            continue
        if _zone_at(units, ordered, c.line) is None:
            raise SourceError(c.source, c.source_line, _nothing_at(c.line, path, units, ordered))
    return ordered


def _zone_at(units: list[Unit], zones: list[Zone], line: int) -> int | None:
    """The position of the article whose start is `line`, or that contains it."""
    for position, zone in enumerate(zones):
        if units[zone.start].line == line:
            return position
    for position, zone in enumerate(zones):
        end = zones[position + 1].start if position + 1 < len(zones) else len(units)
        last = units[end - 1]
        if units[zone.start].line <= line <= max(last.line, last.end_line):
            return position
    return None


def _nothing_at(line: int, path: PurePosixPath, units: list[Unit], zones: list[Zone]) -> str:
    starts = ", ".join(str(units[z.start].line) for z in zones) or "none"
    return f"no article at raw line {line} of {path} (articles start at lines {starts})"


def _not_an_article(segment: list[Unit], draft: Draft) -> str | None:
    """Why a segment is dropped whole: a promotion, or a headline with no body."""
    for unit in segment[:ADVERT_WINDOW + 1]:
        if unit.kind is UnitKind.ADVERT:
            return f"not an article: promotion ({unit.reason})"
    if not draft.blocks and not draft.title_derived:
        return "not an article: headline without body (a link or an orphan title)"
    if not draft.blocks:
        return "not an article: no body text"
    if not any(u.kind in CONTENT for u in segment):
        return "not an article: no body text"
    return None


def apply_metadata(draft: Draft, correction: Correction) -> Draft:
    changes: dict[str, object] = {}
    if correction.title is not None:
        changes.update(title=correction.title, title_derived=False)
    if correction.address is not None:
        changes["address"] = PinnedAddress(correction.address, f"{correction.source}:{correction.source_line}")
    if correction.date is not None or correction.clear_date:
        changes["date"] = correction.date
    if correction.authors is not None:
        changes["authors"] = correction.authors
    if correction.publication is not None or correction.clear_publication:
        changes["publication"] = correction.publication
    return replace(draft, **changes)
