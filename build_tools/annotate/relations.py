"""Actor relations: each sentence naming two actors is evidence, read per pair from the cues that join them.

Cues (relations.yml) are matched on word stems in the sentence's language (Cyrillic
script reads as Russian, other text as English). A cue counts for a pair only when it
joins the two, by position in the sentence's clause (split at ; ( ), spaced dashes and a comma
before a new subject: ", it", ", but", ", но"):
  - "cooperation between Russia and Kazakhstan", "сотрудничеству России и Казахстана":
    a cue followed by "between"/"of" (or, in Russian, directly) and a phrase naming
    several actors joins those actors with each other;
  - "Russia and Kazakhstan signed", "Russian-Kazakh ties": a phrase naming several
    actors right before a cue that has no actor after it joins them with each other;
  - "the US imposed sanctions on Russia": otherwise a cue joins the nearest actors
    before and after it (each phrase naming actors counts as one side). An actor that
    was the object of an earlier cue is not the subject of a later one ("sanctions on
    Russia and aid to Ukraine" joins the subject, not Russia, to Ukraine);
  - membership cues ("includes", "входят") also join the members listed with each other;
  - a conflict cue's target follows within three words, and an actor named as a place
    ("the war in Afghanistan") is not its target.
A cue that joins no pair by position still joins the only two sides of its clause ("Лидеры обсудили сотрудничество и
визит Токаева в Москву"; a person sides with their country; the source of reported speech, "Reuters reported",
is no side), for pairs no other cue joins; a conflict cue must then stand between the two sides. A bracketed
remark is a clause of its own and does not split the one around it.
A cue inside an actor's name or another proper name ("Shanghai Cooperation Organisation",
"Dialogue of Civilizations Research Institute"), hyphenated to another word
("NATO-member", "post-war") or within five words after a negator ("not", "avoid",
"ended", "не") counts for no pair. A pair's reading is the side whose joining cues weigh
more, neutral on a tie or when none joins them; the evidence keeps the deciding cue and
the words that join the pair. A person and their own country in one sentence ("Russian
President Vladimir Putin") is a title, not a relation, and is skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..models import (BLOCK_SEPARATOR, ActorId, ArticleId, Block, Cue, Mention, Reading, RelationEvidence,
                      Taxonomy)
from .stemming import stemmer_for

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr st gen col lt sgt capt maj prof sen rep gov pres jr sr inc co corp ltd no vs
jan feb mar apr jun jul aug sep sept oct nov dec adm cmdr brig ft mt
""".split())
# Equivalent to r"[.!?]+[\"'\u201d\u2019)\]]*(?:\s+|$)|\n\s*\n", written to open with one
# character set so that the regex engine skips ahead to candidates (about 2x faster).
_END = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'\u201d\u2019)\]]*(?:\s+|$)|(?<=\n)\s*\n)")
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_new = object.__new__


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


NEGATION_WINDOW = 5
"""Words before a cue in which a negator cancels it."""
SUBJECT_WINDOW, OBJECT_WINDOW = 12, 8
"""Most words between a cue and the actors before (after) it that it joins."""
CONFLICT_OBJECT_WINDOW = 3
"""A conflict cue's target follows it closely ("sanctions on Russia", "accused Tajikistan"); one further on is
seldom its target ("Afghanistan's war comes to the Tajik border")."""
RECIPROCAL_WINDOW = 6
"""Most words between a phrase naming several actors and the cue that joins them ("X and Y have signed a deal")."""
JOINT_WEIGHT = 1
"""Weight of cooperation between fellow subjects of one act ("the US and the EU imposed sanctions on Russia")."""
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Clause boundaries: a cue joins actors of its own clause only. A spaced dash between two
# actors ("China — Kyrgyzstan — Uzbekistan railway") names one phrase and is not one.
# A comma before a new subject ("…, it would", "…, but", "…, но") ends one as well.
_CLAUSE_END = re.compile(r";|\(|\)|\s[\u2013\u2014-]{1,2}\s|,\s+(?=(?:it|they|he|she|we|but|while|whereas|although|though|"
                         r"он|она|оно|они|мы|но|однако|хотя)\b)", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\(\s*\w{1,12}\s*\)")
"""A short name in brackets, "(EU)", "(EEU)": part of the phrase before it, not a clause."""
# What may stand between the actors of one phrase: "Russia, Belarus and Armenia", "Russian-Kazakh",
# "the European Union (EU)", "России и Казахстана".
_PHRASE_GAP = re.compile(r"(?:[\s,/&()\u2013\u2014'\u2019-]|\b(?:and|or|the|both|as well as|s|president|prime minister|"
                         r"premier|foreign minister|leader|counterparts?|и|или|а также|президент\w*|премьер\w*|лидер\w*|коллег\w*)\b)*",
                         re.IGNORECASE)


@dataclass(frozen=True)
class _Words:
    """Function words (as stems) that shape which actors a cue joins, per language."""

    between: frozenset[str]
    """After a cue, put the actors named next on both sides of it ("talks between X and Y")."""
    agents: frozenset[str]
    """After a cooperation cue, name its partners ("financed by X and Y", "the summit of X, Y and Z"); after a
    conflict cue, they name one side ("attacks by FARC and ELN")."""
    one_side: frozenset[str]
    """In Russian, between a cue and the actors after it, make them one side ("переговоры с Китаем и Индией",
    "санкции против России и Ирана"); without one, the genitive names both ("сотрудничество России и Китая")."""
    on_behalf: frozenset[str]
    """Right after a conflict cue, make the actor next an ally, not the opponent ("fighting for the Islamic State")."""
    target: frozenset[str]
    """Between the agent right after a cue and its target ("вторжение России на Украину")."""
    places: frozenset[str]
    """Before an actor, make it a place, not the subject of a cue ("militants in Afghanistan threaten")."""
    list_tail: frozenset[str]
    """End a list with its own modifier ("the US, the EU and other allied nations")."""
    reciprocal: frozenset[str]
    """Make the actors of one phrase both sides of the cue after it ("accused each other")."""
    source_before: frozenset[str]
    """Right before an actor, make it the source of reported speech ("according to Reuters", "со ссылкой на ТАСС")."""
    source_after: frozenset[str]
    """Right after an actor, make it the source of reported speech ("RIA Novosti reported", "ТАСС сообщает")."""


_WORDS = {
    "en": _Words(frozenset({"between", "among", "amongst"}), frozenset({"of", "by"}), frozenset(),
                 frozenset({"for", "alongside"}),
                 frozenset({"against", "with", "on", "over", "toward", "towards"}),
                 frozenset({"in", "across", "inside", "within", "throughout", "near"}),
                 frozenset({"and", "other", "the", "its", "their", "fellow"}),
                 frozenset({"each", "mutual", "mutually", "reciprocal"}),
                 frozenset({"according", "citing", "cited", "quoted", "told", "via"}),
                 frozenset({"reported", "reports", "reporting", "cited", "quoted", "writes", "wrote"})),
    "ru": _Words(frozenset({"между", "среди"}), frozenset(), frozenset({"с", "со", "против", "к"}), frozenset({"за"}),
                 frozenset({"на", "против", "с", "со", "в", "по"}),
                 frozenset({"в", "во", "на", "по", "из"}),
                 frozenset({"и", "другие", "их"}),
                 frozenset({"друг", "взаимные", "взаимных", "взаимно"}),
                 frozenset({"ссылкой", "данным", "сообщает", "сообщил", "сообщило", "передает", "пишет", "приводит"}),
                 frozenset({"сообщает", "сообщил", "сообщило", "сообщили", "передает", "пишет", "цитирует"})),
}
_NAME_LINKS = frozenset({"of", "for", "and", "the", "on", "de"})
"""Lower-case words inside proper names ("Dialogue of Civilizations Research Institute")."""
_Pair = tuple[ActorId, ActorId]


@dataclass(frozen=True)
class _CueSpec:
    stems: tuple[str, ...]
    reading: Reading
    weight: int
    membership: bool = False
    mutual: bool = False
    """A conflict that needs no object ("war"): it sets the actors of a phrase before it against each other."""


@dataclass(frozen=True)
class _Found:
    """A cue occurrence: tokens [first, last] of the sentence."""

    first: int
    last: int
    spec: _CueSpec


@dataclass(frozen=True)
class _Phrase:
    """Consecutive mentions naming one or more actors as one phrase; token and character extent."""

    mentions: tuple[Mention, ...]
    first: int
    last: int
    clause: int

    @property
    def actors(self) -> frozenset[ActorId]:
        return frozenset(m.actor for m in self.mentions)


@dataclass(frozen=True)
class PairReading:
    """A pair's reading in one sentence and why: the deciding cue and the words that join the pair."""

    reading: Reading
    cue: str = ""
    joined: str = ""


NEUTRAL = PairReading(Reading.NEUTRAL)


class RelationReader:
    def __init__(self, taxonomy: Taxonomy):
        self._country = {actor.id: actor.country for actor in taxonomy.actors if actor.country}
        self._stems: dict[tuple[str, str], str] = {}
        self._readings: dict[tuple, dict[_Pair, PairReading]] = {}
        self._pair_cache: dict[frozenset[ActorId], list[_Pair]] = {}
        cues = taxonomy.relation_cues
        self._cues: dict[str, dict[str, list[_CueSpec]]] = {}
        mutual = {(cue.language, self._phrase_stems(cue)) for cue in cues.mutual}
        for reading, group, membership in ((Reading.COOPERATION, cues.cooperation, False),
                                           (Reading.CONFLICT, cues.conflict, False),
                                           (Reading.COOPERATION, cues.membership, True)):
            for cue in group:
                # Snowball reads some nouns as verbs ("визит" -> "виз") but not their other forms ("визитом" ->
                # "визит"), so a cue also matches words whose stems are its words as written.
                written = tuple(word.lower().replace("ё", "е") for word in _WORD.findall(cue.term))
                for stems in dict.fromkeys((self._phrase_stems(cue), written)):
                    if stems:
                        self._cues.setdefault(cue.language, {}).setdefault(stems[0], []).append(
                            _CueSpec(stems, reading, cue.weight, membership,
                                     (cue.language, self._phrase_stems(cue)) in mutual))
        for by_first in self._cues.values():
            for specs in by_first.values():
                specs.sort(key=lambda spec: -len(spec.stems))  # the longest cue at a word wins
        self._negators = {(cue.language, stem) for cue in cues.negators for stem in self._phrase_stems(cue)[:1]}
        # Snowball changes only a word's ending, so a word whose first letters begin no cue or negator stem is
        # neither, and is not stemmed (stemming is most of the reading's cost on new text).
        self._openings = {stem[:3] for by_first in self._cues.values() for specs in by_first.values()
                          for spec in specs for stem in spec.stems} | {stem[:3] for _, stem in self._negators}

    def relations(self, article_id: ArticleId, text: str, mentions: Iterable[Mention],
                  spans: Sequence[tuple[int, int]]) -> tuple[RelationEvidence, ...]:
        """The evidence in each of the sentences `spans` of `text`."""
        starts = [start for start, _ in spans]
        by_sentence: dict[int, list[Mention]] = {}
        for mention in mentions:
            index = bisect.bisect_right(starts, mention.start) - 1
            if index >= 0 and mention.end <= spans[index][1]:
                by_sentence.setdefault(index, []).append(mention)
        evidence: list[RelationEvidence] = []
        for index, sentence_mentions in sorted(by_sentence.items()):
            pairs = self._pairs({mention.actor for mention in sentence_mentions})
            if not pairs:
                continue
            start, end = spans[index]
            sentence, readings = self._read_once(text[start:end], tuple(
                (m.actor, m.start - start, m.end - start) for m in sentence_mentions))
            for pair in pairs:
                read = readings.get(pair, NEUTRAL)
                evidence.append(new_evidence(pair, article_id, sentence, read.reading, read.cue, read.joined))
        return tuple(evidence)

    def _read_once(self, raw: str, mentions: tuple[tuple[ActorId, int, int], ...]) -> tuple[str, dict[_Pair, PairReading]]:
        """`read`, remembered per sentence and mentions: wire copies and boilerplate repeat across
        articles. Returns the sentence with its whitespace collapsed, as the evidence shows it."""
        key = (raw, mentions)
        readings = self._readings.get(key)
        if readings is None:
            readings = self._readings[key] = self.read(raw, [Mention(actor, start, end, raw[start:end])
                                                             for actor, start, end in mentions])
        return " ".join(raw.split()), readings

    def read(self, sentence: str, mentions: Sequence[Mention]) -> dict[_Pair, PairReading]:
        """The reading of each pair a cue joins in `sentence` (mention offsets index it); other pairs are neutral."""
        language = "ru" if _CYRILLIC.search(sentence) and \
            len(_CYRILLIC.findall(sentence)) * 2 > len(re.findall(r"[^\W\d_]", sentence)) else "en"
        cues = self._cues.get(language)
        if not cues:
            return {}
        tokens = [match.span() for match in _WORD.finditer(sentence)]
        starts = [start for start, _ in tokens]
        inside = [False] * len(tokens)
        for mention in mentions:
            for index in range(bisect.bisect_left(starts, mention.start), bisect.bisect_left(starts, mention.end)):
                inside[index] = True
        lowered = [sentence[s:e].lower().replace("ё", "е") for s, e in tokens]
        openings = self._openings
        stems = [self._stem(word, language) if word[:3] in openings or word[:2] in openings or word[:1] in openings
                 else "" for word in lowered]
        found = list(self._find_cues(sentence, tokens, stems, inside, cues, language))
        if not found:
            return {}
        clause_of = _clause_finder(sentence, _clause_ends(sentence, mentions))
        phrases = _phrases(sentence, mentions, starts, clause_of)
        votes: dict[_Pair, dict[Reading, list[tuple[int, _Found, Mention, Mention]]]] = {}
        side_votes: dict[_Pair, dict[Reading, list[tuple[int, _Found, Mention, Mention]]]] = {}
        objects: set[int] = set()
        for cue in found:
            clause = clause_of(tokens[cue.first][0])
            if self._negated(stems, tokens, cue.first, clause, clause_of, language):
                continue
            in_clause = [p for p in phrases if p.clause == clause]
            # A person and their own country ("President of Kazakhstan Tokayev") is a title, not a pair a cue joins.
            joined = [(a, b, own) for a, b, own in _joined(cue, in_clause, lowered, language, objects)
                      if not self._same_side(a.actor, b.actor)]
            _vote(votes if joined else side_votes, cue, joined or self._between_two_sides(cue, in_clause, lowered, language))
        # A pair that a cue joins by position is read from those cues alone.
        votes.update((pair, by_reading) for pair, by_reading in side_votes.items() if pair not in votes)
        return {pair: _decide(sentence, tokens, by_reading) for pair, by_reading in votes.items()}

    def _between_two_sides(self, cue: _Found, phrases: list[_Phrase], lowered: list[str],
                           language: str) -> list[tuple[Mention, Mention, bool]]:
        """A cue that joins no pair by position still joins the two sides of a clause that names only two
        ("Лидеры обсудили сотрудничество и визит Токаева в Москву"): a person counts with their country, and a
        source of reported speech ("according to Reuters", "сообщает РИА Новости") is no side. A conflict cue,
        a costlier mistake, must stand between the sides, and leaves out an actor named as a place ("the war in
        Afghanistan")."""
        words = _WORDS.get(language, _WORDS["en"])
        conflict = cue.spec.reading is Reading.CONFLICT
        sides: list[list[tuple[Mention, int]]] = []
        for phrase in phrases:
            if conflict and _in_place(phrase, lowered, words):
                continue
            for mention in _unattributed(phrase, lowered, words):
                side = next((side for side in sides if any(self._same_side(mention.actor, m.actor) for m, _ in side)),
                            None)
                if side is None:
                    sides.append([(mention, phrase.first)])
                else:
                    side.append((mention, phrase.first))
        if len(sides) != 2:
            return []
        one, other = ([token for _, token in side] for side in sides)
        if conflict and not (min(one) < cue.first < max(other) or min(other) < cue.first < max(one)):
            return []
        return [(a, b, True) for a, _ in sides[0] for b, _ in sides[1]]

    def _same_side(self, one: ActorId, other: ActorId) -> bool:
        country = self._country.get(one)
        return one == other or country == other or self._country.get(other) in (one, country or "")

    def _find_cues(self, sentence, tokens, stems, inside, cues, language) -> Iterable[_Found]:
        index = 0
        while index < len(tokens):
            match = None
            if not inside[index] and not _in_proper_name(sentence, tokens, inside, index, language):
                for spec in cues.get(stems[index], ()):
                    last = index + len(spec.stems) - 1
                    if (tuple(stems[index:last + 1]) == spec.stems and not any(inside[index:last + 1])
                            and not _hyphenated(sentence, tokens, index, last)
                            # "including Turkey" gives examples, "includes Turkey" members
                            and not (spec.membership and language == "en" and sentence[slice(*tokens[last])].endswith("ing"))):
                        match = _Found(index, last, spec)
                        break
            if match:
                yield match
                index = match.last + 1
            else:
                index += 1

    def _negated(self, stems, tokens, first, clause, clause_of, language) -> bool:
        before = range(max(0, first - NEGATION_WINDOW), first)
        return any((language, stems[i]) in self._negators and clause_of(tokens[i][0]) == clause for i in before)

    def _stem(self, word: str, language: str) -> str:
        key = (word, language)
        stem = self._stems.get(key)
        if stem is None:
            lowered = word.lower().replace("ё", "е")
            stemmer = stemmer_for(language)
            stem = self._stems[key] = stemmer(lowered) if stemmer else lowered
        return stem

    def _phrase_stems(self, cue: Cue) -> tuple[str, ...]:
        return tuple(self._stem(word, cue.language) for word in _WORD.findall(cue.term))

    def _pairs(self, actors: set[ActorId]) -> list[_Pair]:
        key = frozenset(actors)
        pairs = self._pair_cache.get(key)
        if pairs is None:
            ordered = sorted(actors)
            pairs = self._pair_cache[key] = [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]
                                             if self._country.get(a) != b and self._country.get(b) != a]
        return pairs


def _clause_ends(sentence: str, mentions: Sequence[Mention]) -> list[int]:
    """Where clauses end, except a dash or bracket that joins two mentions into one phrase ("China — Kyrgyzstan",
    "the European Union (EU)"): then a mention ends right before it, and another starts right after or it closes."""
    mention_ends, mention_starts = {m.end for m in mentions}, {m.start for m in mentions}
    brackets = {i for match in _ABBREVIATION.finditer(sentence) for i in (match.start(), match.end() - 1)}
    ends = []
    for match in _CLAUSE_END.finditer(sentence):
        if match.start() in brackets:
            continue
        before = len(sentence[:match.start()].rstrip())
        after = len(sentence) - len(sentence[match.end():].lstrip())
        if not (before in mention_ends and (after in mention_starts or match.group() == ")")):
            ends.append(match.start())
    return ends


def _clause_finder(sentence: str, ends: list[int]) -> Callable[[int], int]:
    """The clause of a character offset, given where clauses end: the words on both sides of a bracketed remark
    are one clause ("Талибы (запрещены в РФ) подошли к границам Таджикистана"), the remark another."""
    clause_ids, enclosing, current = [0], [], 0
    for number, end in enumerate(ends, 1):
        if sentence[end] == "(":
            enclosing.append(current)
        current = enclosing.pop() if sentence[end] == ")" and enclosing else number
        clause_ids.append(current)
    return lambda offset: clause_ids[bisect.bisect_right(ends, offset)]


def _phrases(sentence: str, mentions: Sequence[Mention], starts: list[int], clause_of) -> list[_Phrase]:
    phrases: list[list[Mention]] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        last = phrases[-1][-1] if phrases else None
        if last and mention.start < last.end:
            continue  # nested in the mention before
        if (last and clause_of(last.start) == clause_of(mention.start)
                and _PHRASE_GAP.fullmatch(sentence, last.end, mention.start)):
            phrases[-1].append(mention)
        else:
            phrases.append([mention])
    return [_Phrase(tuple(group), bisect.bisect_left(starts, group[0].start),
                    bisect.bisect_left(starts, group[-1].end) - 1, clause_of(group[0].start)) for group in phrases]


def _joined(cue: _Found, phrases: list[_Phrase], lowered: list[str], language: str,
            objects: set[int]) -> list[tuple[Mention, Mention, bool]]:
    """The mention pairs `cue` joins among its clause's `phrases`, each with whether it is the cue's own reading
    (False: fellow subjects of one act, read as joint action); marks the phrase it takes as object."""
    words = _WORDS.get(language, _WORDS["en"])
    conflict = cue.spec.reading is Reading.CONFLICT
    if conflict and cue.last + 1 < len(lowered) and lowered[cue.last + 1] in words.on_behalf:
        return []  # "fighting for the Islamic State"
    before = [p for p in phrases if p.last < cue.first and not _in_place(p, lowered, words)]
    # A conflict in a place is not against it ("the war in Afghanistan", "an airstrike on oil fields in Kazakhstan").
    # (Not in Russian, where "в"/"на" also mark a target: "вторжение на Украину".)
    after = [p for p in phrases if p.first > cue.last and not (conflict and language == "en" and _in_place(p, lowered, words))]
    subject = before[-1] if before and cue.first - before[-1].last <= SUBJECT_WINDOW else None
    obj = after[0] if after and after[0].first - cue.last <= (CONFLICT_OBJECT_WINDOW if conflict else OBJECT_WINDOW) \
        else None
    near_subject = subject if subject and cue.first - subject.last <= RECIPROCAL_WINDOW else None
    gap_after = [lowered[i] for i in range(cue.last + 1, obj.first)] if obj else []
    both_sides = words.between if conflict else words.between | words.agents
    if obj and len(obj.actors) > 1 and (any(word in both_sides for word in gap_after) or (
            language == "ru" and obj.first - cue.last <= 3 and not words.one_side.intersection(gap_after))):
        # "talks between X and Y", "сотрудничеству России и Казахстана", "financed by X and Y"
        return _within(obj)
    if obj and obj.first - cue.last <= 3 and not cue.spec.membership:
        target = next((p for p in after[1:] if p.first - obj.last <= 3), None)
        if target and all(lowered[i] in words.target for i in range(obj.last + 1, target.first)):
            objects.add(id(target))
            return _across(obj, target)  # "вторжения России на Украину", "talks of Putin with Tokayev"
    if cue.spec.membership:
        if near_subject and obj and obj.first - cue.last <= 6:
            objects.add(id(obj))
            return _across(near_subject, obj) + _within(obj)  # "the CSTO includes Armenia, Belarus, ..."
        if near_subject or (obj and not subject):
            return _within(near_subject or obj)  # "X, Y and Z are signatories", "founded by X, Y and Z"
        return []
    if near_subject and len(near_subject.actors) > 1 and (
            not obj or all(lowered[i] in words.list_tail for i in range(near_subject.last + 1, cue.first))) and (
            cue.spec.reading is Reading.COOPERATION or cue.first - near_subject.last <= 2
            or any(word in words.reciprocal for word in lowered[near_subject.last + 1:]) or (cue.spec.mutual and not obj)):
        # "Russia and Kazakhstan signed", "Russian-Kazakh ties", "X, Y and other allies"; conflict only when
        # written as one phrase ("the Armenia-Azerbaijan war"), reciprocal ("accused each other") or mutual with
        # no object ("Kyrgyzstan and Tajikistan fought a brief war"), not "the US and the EU imposed sanctions"
        return _within(near_subject)
    if subject and obj:
        if id(subject) in objects:  # "sanctions on Russia and aid to Ukraine": the clause's subject gives the aid
            first = next((p for p in phrases if p in before), None)
            subject = first if first is not subject and first and id(first) not in objects else None
        objects.add(id(obj))
        if subject:
            return _across(subject, obj) + [(a, b, False) for a, b, _ in _within(subject)]
    if near_subject and not obj and language == "en" and lowered[near_subject.last + 1:near_subject.last + 2] == ["s"]:
        # "Russia remains Astana's largest partner": the owner and the phrase before it
        owner = before.index(near_subject)
        if owner and near_subject.first - before[owner - 1].last <= 3:
            return _across(before[owner - 1], near_subject)
    return []


def _vote(votes: dict[_Pair, dict[Reading, list[tuple[int, _Found, Mention, Mention]]]], cue: _Found,
          joined: list[tuple[Mention, Mention, bool]]) -> None:
    for a, b, own in joined:
        pair = (a.actor, b.actor) if a.actor < b.actor else (b.actor, a.actor)
        reading, weight = (cue.spec.reading, cue.spec.weight) if own else (Reading.COOPERATION, JOINT_WEIGHT)
        if a.actor != b.actor:
            votes.setdefault(pair, {}).setdefault(reading, []).append((weight, cue, a, b))


def _unattributed(phrase: _Phrase, lowered: list[str], words: _Words) -> tuple[Mention, ...]:
    """The phrase's mentions but the source of reported speech: "according to Reuters", "Kazakhstan, Reuters
    reported", "сообщает РИА Новости"."""
    mentions = phrase.mentions
    if words.source_before.intersection(lowered[max(0, phrase.first - 2):phrase.first]):
        mentions = mentions[1:]
    if words.source_after.intersection(lowered[phrase.last + 1:phrase.last + 3]):
        mentions = mentions[:-1]
    return mentions


def _in_place(phrase: _Phrase, lowered: list[str], words: _Words) -> bool:
    """Named as a place: right after "in", or two words after it ("in northern Afghanistan", "на севере Афганистана")."""
    return bool(words.places.intersection(lowered[max(0, phrase.first - 2):phrase.first]))


def _within(phrase: _Phrase) -> list[tuple[Mention, Mention, bool]]:
    return [(a, b, True) for i, a in enumerate(phrase.mentions) for b in phrase.mentions[i + 1:]]


def _across(one: _Phrase, other: _Phrase) -> list[tuple[Mention, Mention, bool]]:
    return [(a, b, True) for a in one.mentions for b in other.mentions]


def _decide(sentence: str, tokens: list[tuple[int, int]],
            by_reading: dict[Reading, list[tuple[int, _Found, Mention, Mention]]]) -> PairReading:
    weights = {reading: sum(vote[0] for vote in votes) for reading, votes in by_reading.items()}
    cooperation, conflict = weights.get(Reading.COOPERATION, 0), weights.get(Reading.CONFLICT, 0)
    if cooperation == conflict:
        return NEUTRAL
    reading = Reading.COOPERATION if cooperation > conflict else Reading.CONFLICT
    _, cue, a, b = max(by_reading[reading], key=lambda vote: vote[0])
    cue_start, cue_end = tokens[cue.first][0], tokens[cue.last][1]
    start, end = min(a.start, b.start, cue_start), max(a.end, b.end, cue_end)
    return PairReading(reading, sentence[cue_start:cue_end], " ".join(sentence[start:end].split()))


def _in_proper_name(sentence: str, tokens: list[tuple[int, int]], inside: list[bool], index: int,
                    language: str) -> bool:
    """A capitalised word (not the first) next to another capitalised word that names no actor."""
    start, end = tokens[index]
    if index == 0 or not sentence[start].isupper() or language != "en":
        return False
    for step in (-1, 1):
        neighbour = index + step
        while 0 <= neighbour < len(tokens) and sentence[slice(*tokens[neighbour])] in _NAME_LINKS:
            neighbour += step
        if 0 < neighbour < len(tokens) and not inside[neighbour] and sentence[tokens[neighbour][0]].isupper():
            return True
    return False


def _hyphenated(sentence: str, tokens: list[tuple[int, int]], first: int, last: int) -> bool:
    """Joined by a hyphen to a word outside the cue: "NATO-member", "post-war", "war-torn"."""
    start, end = tokens[first][0], tokens[last][1]
    return (start > 1 and sentence[start - 1] == "-" and sentence[start - 2].isalnum()) or \
        (end + 1 < len(sentence) and sentence[end] == "-" and sentence[end + 1].isalnum())


def new_evidence(actors: tuple[ActorId, ActorId], article: ArticleId, sentence: str, reading: Reading,
                 cue: str = "", joined: str = "") -> RelationEvidence:
    """RelationEvidence(...) without the frozen dataclass's seven object.__setattr__ calls
    (a sentence naming k actors yields k(k-1)/2 of them). Equality and hash are unchanged."""
    evidence = _new(RelationEvidence)
    _SET_ACTORS(evidence, actors)
    _SET_ARTICLE(evidence, article)
    _SET_SENTENCE(evidence, sentence)
    _SET_READING(evidence, reading)
    _SET_CUE(evidence, cue)
    _SET_JOINED(evidence, joined)
    _SET_CORRECTION(evidence, None)
    return evidence


# RelationEvidence's slots, set directly (`new_evidence`).
_SET_ACTORS, _SET_ARTICLE, _SET_SENTENCE, _SET_READING, _SET_CUE, _SET_JOINED, _SET_CORRECTION = (
    getattr(RelationEvidence, name).__set__
    for name in ("actors", "article", "sentence", "reading", "cue", "joined", "correction"))
