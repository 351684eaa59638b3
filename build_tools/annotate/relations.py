"""Actor relations: each sentence naming two actors is evidence, read from cue terms.

A sentence reads as cooperation or conflict by whichever side's cues (relations.yml,
weight x count, case-insensitive on word boundaries) weigh more; a tie, or no cue,
is neutral. A cue within three words after a negator ("not", "without", "reneging
on future cooperation") counts for neither side. A person and their own country in one sentence ("Russian President
Vladimir Putin") is a title, not a relation, and is skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

import ahocorasick

from ..models import BLOCK_SEPARATOR, ActorId, ArticleId, Block, Mention, Reading, RelationEvidence, Taxonomy
from .normalize import fold_text

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr st gen col lt sgt capt maj prof sen rep gov pres jr sr inc co corp ltd no vs
jan feb mar apr jun jul aug sep sept oct nov dec adm cmdr brig ft mt
""".split())
# A cue right after one of these words ("not", "reneging on future cooperation") is
# negated and counts for neither side.
NEGATORS = frozenset("""
not no never without nor neither refuse refuses refused refusing reject rejects rejected rejecting
renege reneges reneged reneging cancel cancels cancelled suspended suspend halted abandon abandoned
""".split())
NEGATION_WINDOW = 3
"""Words before a cue in which a negator negates it."""
# Equivalent to r"[.!?]+[\"'\u201d\u2019)\]]*(?:\s+|$)|\n\s*\n", written to open with one
# character set so that the regex engine skips ahead to candidates (about 2x faster).
_END = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'\u201d\u2019)\]]*(?:\s+|$)|(?<=\n)\s*\n)")
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_new, _set = object.__new__, object.__setattr__


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, blank lines always ending one; whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end_match in _END.finditer(text):
        if _ends_sentence(text, end_match):
            end = end_match.end()
            _add_trimmed(text, start, end, spans)
            start = end
    _add_trimmed(text, start, len(text), spans)
    return spans


def block_sentences(blocks: Iterable[Block]) -> tuple[tuple[int, int], ...]:
    """`split_sentences` of each block, as offsets into the article text (the blocks joined by BLOCK_SEPARATOR)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for block in blocks:
        spans += ((offset + start, offset + end) for start, end in split_sentences(block.text))
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    return tuple(spans)


def _ends_sentence(text: str, end_match: re.Match[str]) -> bool:
    stop, end = end_match.span()
    group = end_match.group()
    if "\n" in group and "\n\n" in group.replace(" ", ""):
        return True
    following = text[end:end + 2].lstrip("\"'\u201c\u2018(")
    if following and not (following[0].isupper() or following[0].isdigit()):
        return False
    before = text[max(0, stop - 20):stop + 1].split()
    word = before[-1] if before else ""
    if word[:-1].lower().strip("(\"'") in ABBREVIATIONS:
        return False
    # "U.S." and "G. W." rarely end a sentence; only a word ending in "." can be initials.
    return not (word.endswith(".") and _INITIALS.search(word))


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _negated(padded: str, start: int) -> bool:
    before = padded[max(0, start - 60):start].split()[-NEGATION_WINDOW:]
    return any(word in NEGATORS or word == "t" for word in before)  # "don't" folds to "don t"


class RelationReader:
    def __init__(self, taxonomy: Taxonomy):
        self._country = {actor.id: actor.country for actor in taxonomy.actors if actor.country}
        self._readings: dict[str, tuple[str, Reading]] = {}
        self._pair_cache: dict[frozenset[ActorId], list[tuple[ActorId, ActorId]]] = {}
        self._automaton = ahocorasick.Automaton()
        cues: dict[str, list[tuple[Reading, int]]] = {}
        for reading, weights in ((Reading.COOPERATION, taxonomy.relation_cues.cooperation),
                                 (Reading.CONFLICT, taxonomy.relation_cues.conflict)):
            for cue, weight in weights:
                key = fold_text(cue).lowered.strip()
                if key:
                    cues.setdefault(f" {key} ", []).append((reading, weight))
        for key, readings in sorted(cues.items()):
            self._automaton.add_word(key, (len(key), tuple(readings)))
        if cues:
            self._automaton.make_automaton()
        self._empty = not cues

    def relations(self, article_id: ArticleId, text: str, mentions: Iterable[Mention],
                  spans: Sequence[tuple[int, int]]) -> tuple[RelationEvidence, ...]:
        """The evidence in each of the sentences `spans` of `text`."""
        starts = [start for start, _ in spans]
        actors_by_sentence: dict[int, set[ActorId]] = {}
        for mention in mentions:
            index = bisect.bisect_right(starts, mention.start) - 1
            if index >= 0 and mention.end <= spans[index][1]:
                actors_by_sentence.setdefault(index, set()).add(mention.actor)
        evidence: list[RelationEvidence] = []
        for index, actors in sorted(actors_by_sentence.items()):
            pairs = self._pairs(actors)
            if not pairs:
                continue
            sentence, reading = self._read_once(" ".join(text[spans[index][0]:spans[index][1]].split()))
            evidence += [new_evidence(pair, article_id, sentence, reading) for pair in pairs]
        return tuple(evidence)

    def _read_once(self, sentence: str) -> tuple[str, Reading]:
        """`read`, remembered per sentence text: wire copies and boilerplate repeat across
        articles. Returns the first equal sentence string too, so that repeats share one."""
        known = self._readings.get(sentence)
        if known is None:
            known = self._readings[sentence] = (sentence, self.read(sentence))
        return known

    def read(self, sentence: str) -> Reading:
        weights = {Reading.COOPERATION: 0, Reading.CONFLICT: 0}
        if not self._empty:
            padded = f" {fold_text(sentence).lowered} "
            for last, (length, readings) in self._automaton.iter(padded):
                if _negated(padded, last - length + 1):
                    continue
                for reading, weight in readings:
                    weights[reading] += weight
        if weights[Reading.COOPERATION] == weights[Reading.CONFLICT]:
            return Reading.NEUTRAL
        return max(weights, key=weights.__getitem__)

    def _pairs(self, actors: set[ActorId]) -> list[tuple[ActorId, ActorId]]:
        key = frozenset(actors)
        pairs = self._pair_cache.get(key)
        if pairs is None:
            ordered = sorted(actors)
            pairs = self._pair_cache[key] = [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]
                                             if self._country.get(a) != b and self._country.get(b) != a]
        return pairs


def new_evidence(actors: tuple[ActorId, ActorId], article: ArticleId, sentence: str,
              reading: Reading) -> RelationEvidence:
    """RelationEvidence(...) without the frozen dataclass's four object.__setattr__ calls
    (a sentence naming k actors yields k(k-1)/2 of them). Equality and hash are unchanged."""
    evidence = _new(RelationEvidence)
    _set(evidence, "__dict__", {"actors": actors, "article": article, "sentence": sentence, "reading": reading})
    return evidence
