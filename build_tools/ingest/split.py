"""Where articles start: a headline whose neighbourhood looks like an article's top.

Each headline-like unit gets a score from the evidence around it (a repeated
headline, a byline or date line right after it, a news dateline in the first
paragraph, page furniture or reference notes right before it…). A score of at
least START_SCORE makes it an article start. In-article headings score low
because nothing of the sort surrounds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .units import CONTENT, Unit, UnitKind, word_count
from .rules import IngestRules

START_SCORE = 3.0
COMMENTS_EXTRA = 3.0
RELATED_EXTRA = 6.0
"""Under a related-links heading, headlines and dates abound: only a top with a byline, or a very strong
one, ends the list (a list of links gives no bylines)."""
ZONE_MAX = 8
"""How many units after a headline may still belong to the article's top."""

_ZONE_KINDS = frozenset({UnitKind.HEADLINE, UnitKind.DATE, UnitKind.BYLINE, UnitKind.CAPTION,
                         UnitKind.BOILERPLATE, UnitKind.SEPARATOR})
_BREAK_KINDS = frozenset({UnitKind.BOILERPLATE, UnitKind.CAPTION, UnitKind.ADVERT, UnitKind.FOOTER})
_NOTE_KINDS = frozenset({UnitKind.FOOTNOTE, UnitKind.NOTE_HEADING})
_NORMALISE = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Zone:
    """The top of a (possible) article: units from the headline up to the first body paragraph."""

    start: int
    end: int
    """Exclusive index of the first unit after the zone."""
    score: float
    evidence: tuple[str, ...]


def normalise(text: str) -> str:
    return _folded(text.casefold())


def _folded(casefolded: str) -> str:
    return _NORMALISE.sub(" ", casefolded).strip()


_FIRST_WORD = re.compile(r"[\W_]*([^\W_]*)")


def same_text(a: str, b: str) -> bool:
    """normalise(a) == normalise(b); two lines that differ in their first word are told apart by it alone (most
    neighbouring lines: folding whole paragraphs was a tenth of ingest)."""
    a, b = a.casefold(), b.casefold()
    if _FIRST_WORD.match(a).group(1) != _FIRST_WORD.match(b).group(1):
        return False
    return _folded(a) == _folded(b)


def find_zone(units: list[Unit], i: int) -> tuple[int, int]:
    """[i, end): the headline, its repeats, date/byline/caption lines and short decks."""
    end = i + 1
    while end < len(units) and end - i < ZONE_MAX:
        unit = units[end]
        if unit.kind in _ZONE_KINDS:
            end += 1
        elif unit.kind is UnitKind.PARAGRAPH and unit.text.startswith("[") and word_count(unit.text) <= 40:
            end += 1  # an editor's bracketed aside under a reposted headline
        elif unit.kind is UnitKind.PARAGRAPH and word_count(unit.text) <= 30 and unit.text[-1:] not in ".!?:\"”" \
                and end + 1 < len(units) and units[end + 1].kind in (UnitKind.BYLINE, UnitKind.DATE):
            end += 1  # a deck (standfirst) between headline and byline
        else:
            break
    # Trailing headlines belong to the body (they are its first section headings)
    # unless something article-top-like follows them inside the zone.
    while end - 1 > i and units[end - 1].kind in (UnitKind.HEADLINE, UnitKind.BOILERPLATE, UnitKind.SEPARATOR):
        if _repeated(units, i, end - 1):
            break
        end -= 1
    return i, end


def _repeated(units: list[Unit], i: int, j: int) -> bool:
    key = normalise(units[j].text)
    return any(normalise(units[k].text) == key for k in range(i, j) if units[k].kind is UnitKind.HEADLINE)


def score_start(units: list[Unit], i: int, rules: IngestRules) -> Zone:
    start, end = find_zone(units, i)
    score, evidence = 0.0, []

    def add(points: float, why: str) -> None:
        nonlocal score
        score += points
        evidence.append(why)

    heads = [normalise(u.text) for u in units[start:end] if u.kind is UnitKind.HEADLINE]
    if len(heads) != len(set(heads)):
        add(3, "repeated headline")
    kinds = {u.kind for u in units[start:end]}
    if UnitKind.BYLINE in kinds:
        add(3, "byline")
    if UnitKind.DATE in kinds:
        add(3, "date line")
    lead = next((u for u in units[end:end + 3] if u.kind is not UnitKind.HEADLINE), None)
    if lead is not None and lead.dateline:
        add(3, "dateline in first paragraph")
    if any(u.kind is UnitKind.SEPARATOR for u in units[i + 1:i + 5]):
        add(2, "separator under the headline")
    prev = _previous(units, i)
    if prev is None:
        add(3, "start of file")
    elif prev.kind in _NOTE_KINDS or _in_notes(units, i):
        add(3, "after reference notes")
    elif prev.kind in _BREAK_KINDS:
        add(2, f"after {prev.kind.value}")
    elif prev.kind is UnitKind.PARAGRAPH and any(p.match(prev.text) for p in rules.bios) \
            and word_count(prev.text) <= 120:
        add(2, "after an author bio")
    elif prev.kind is UnitKind.SEPARATOR:
        add(1, "after a separator")
    if units[i].gap_before >= 2:
        add(1, "after extra blank lines")
    if units[i].title_case:
        add(1, "title case")
    return Zone(start, end, score, tuple(evidence))


def _previous(units: list[Unit], i: int) -> Unit | None:
    return units[i - 1] if i > 0 else None


def _in_notes(units: list[Unit], i: int) -> bool:
    """Whether reference notes appear shortly before i with no body paragraph since."""
    for k in range(i - 1, max(-1, i - 12), -1):
        if units[k].kind in _NOTE_KINDS:
            return True
        if units[k].kind in CONTENT and units[k].kind is not UnitKind.BULLET and word_count(units[k].text) > 40:
            return False
    return False


def find_starts(units: list[Unit], rules: IngestRules) -> list[Zone]:
    """Article starts in a file, in order; the first content unit always starts one."""
    zones: list[Zone] = []
    i = 0
    first_content = next((k for k, u in enumerate(units) if u.kind in CONTENT), None)
    extra, in_related = 0.0, False
    while i < len(units):
        unit = units[i]
        if unit.kind is UnitKind.COMMENTS:
            extra = COMMENTS_EXTRA
        elif unit.kind is UnitKind.RELATED:
            extra, in_related = RELATED_EXTRA, True
        if unit.kind is UnitKind.HEADLINE or i == first_content:
            zone = score_start(units, i, rules)
            # Reader comments and related links are full of names, headlines and dates: only a strong top ends them.
            bylined = in_related and "byline" in zone.evidence and zone.score >= START_SCORE
            if i == first_content or bylined or zone.score >= START_SCORE + extra:
                extra, in_related = 0.0, False
                zone = _skip_related_link(units, zone, rules)
                zones.append(zone)
                i = _past_decks(units, max(zone.end, i + 1), rules)
                continue
        i += 1
    return zones


def _skip_related_link(units: list[Unit], zone: Zone, rules: IngestRules) -> Zone:
    """Under "More on the topic:" the first headline is a link of the previous article."""
    i = zone.start
    if i == 0 or units[i - 1].kind is not UnitKind.NOTE_HEADING:
        return zone
    if i + 1 < zone.end and units[i + 1].kind is UnitKind.HEADLINE:
        return Zone(i + 1, zone.end, zone.score, (*zone.evidence, "skipped a related link"))
    return zone


def _past_decks(units: list[Unit], i: int, rules: IngestRules) -> int:
    """Skip headlines right under an accepted start (decks) unless they have a top of their own.

    They share the accepted start's first paragraph, so its dateline is no
    evidence that they start another article.
    """
    while i < len(units) and units[i].kind is UnitKind.HEADLINE:
        zone = score_start(units, i, rules)
        own = zone.score - (3 if "dateline in first paragraph" in zone.evidence else 0)
        if own >= START_SCORE:
            break
        i += 1
    return i
