"""Quotations: sentences in which an actor of the taxonomy speaks, and what they said.

A speech verb or cue (corpus/taxonomy/speech.yml) is attributed to the actor mention in the *speaker's
phrase*: the run of words right next to it that can name a speaker - actor mentions, capitalised names,
office words ("foreign minister", "МИД") and fillers ("also", "on Tuesday"). The phrase stands before the
verb ("Russian Foreign Minister Sergei Lavrov said"), or after it when the verb follows a quotation, a comma,
a dash or an inverting cue ("…,” said Lavrov", "— заявил Лавров", "как отметил Лавров"), or after a speaker
cue ("according to", "по словам"). Its last person or organisation speaks; a country speaks when its
government does ("Kazakh officials said", "МИД России") or when it is the whole phrase ("Russia said").

A pronoun ("He added", "Он подчеркнул", "по его словам") speaks for the person quoted in the sentence or two
before, when that sentence named no other person and no other person is named since.

Anything else abstains, by design: a phrase broken by another word ("a Russian journalist said"), a negated or hypothetical verb ("did not say", "if Lavrov says"), a possessive person
("Tokayev's spokesman said"), and, in languages with cases, a name not in the nominative next to a verb
("сообщил Лаврову": told to Lavrov). Precision matters more than recall here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..models import (ActorId, ActorType, ArticleId, Mention, Quote, QuoteKind, SpeechRules, Taxonomy)

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"['’]s\b|\w+(?:-\w+)*(?:['’](?!s\b)\w+)?|[^\w\s]")
_OPENING_QUOTES, _CLOSING_QUOTES = frozenset("“«„"), frozenset("”»")
_INVERSION_PUNCTUATION = frozenset(",”»\"—–-:")
MIN_QUOTED_WORDS = 3
"""Fewer words in a pair of quotation marks are a term or a title ("so-called “terrorists”"), not direct speech."""
MAX_CUE_WORDS = 3
PRONOUN_REACH = 2
"""A pronoun speaks for the person quoted at most this many sentences before."""


def parse_speech_rules(entries: Iterable[dict]) -> tuple[SpeechRules, ...]:
    """speech.yml's languages (already schema-checked) as `SpeechRules`, every word lower-cased."""
    def words(entry: dict, key: str) -> frozenset[str]:
        return frozenset(word.lower() for word in entry.get(key, ()))
    return tuple(SpeechRules(entry["language"], *(words(entry, key) for key in (
        "verbs", "inverting_verbs", "speaker_cues", "inverting_cues", "office_words", "head_titles", "filler_words",
        "hypothetical_words", "prepositions", "closing_words")), entry.get("speaker_in_base_form", False),
        words(entry, "pronouns"), words(entry, "pronoun_cues"), words(entry, "person_titles")) for entry in entries)


@dataclass(frozen=True)
class _Item:
    """A word, a punctuation mark or an actor mention (all its words as one item) in a sentence."""

    text: str
    start: int
    end: int
    mention: Mention | None = None

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.mention is None and (self.text[0].isalnum() or self.text[0] in "'’")


class QuoteFinder:
    """Compiled once per taxonomy; `quotes` is pure."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.cues: dict[tuple[str, ...], tuple[str, SpeechRules]] = {}
        for rules in taxonomy.speech:
            for role, phrases in (("verb", rules.verbs), ("inverting", rules.inverting_verbs),
                                  ("cue", rules.speaker_cues), ("pronoun", rules.pronoun_cues)):
                for phrase in phrases:
                    self.cues[tuple(_TOKEN.findall(phrase))] = (role, rules)
        # Most sentences name an actor but hold no cue: a look at their words skips them before they are
        # tokenised (quotes took 70% of annotate's time on the bundled corpus without it).
        self.first_words = frozenset(words[0] for words in self.cues)
        self.base_forms = {actor.id: frozenset(form.casefold() for form in
                                               (*actor.terms, *(f for _, forms in actor.names for f in forms)))
                           for actor in taxonomy.actors}

    def quotes(self, article_id: ArticleId, text: str, mentions: Sequence[Mention],
               sentences: Sequence[tuple[int, int]]) -> tuple[Quote, ...]:
        """Every attributed sentence once per speaker, in text order; `mentions` in text order."""
        if not self.cues:
            return ()
        starts = [mention.start for mention in mentions]
        found: list[Quote] = []
        previous: ActorId | None = None  # the person a pronoun ("He added") may stand for
        since = 0  # sentences since that person spoke
        for start, end in sentences:
            inside = mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
            people = {m.actor for m in inside if self.taxonomy.actor(m.actor).type == ActorType.PERSON}
            since += 1
            if previous and (since > PRONOUN_REACH or people - {previous}):
                previous = None  # too far back, or another person named since: whom "he" means is unclear
            if not inside and not previous:
                continue
            speakers = self.sentence_speakers(text, start, end, inside, previous)
            found += [self.quote(article_id, text, start, end, speaker) for speaker in speakers]
            if speakers:
                alone = len(speakers) == 1 and people <= {speakers[0]}
                is_person = self.taxonomy.actor(speakers[0]).type == ActorType.PERSON
                previous, since = (speakers[0] if alone and is_person else None), 0
        return tuple(found)

    def sentence_speakers(self, text: str, start: int, end: int, mentions: Sequence[Mention],
                          previous: ActorId | None) -> list[ActorId]:
        sentence = text[start:end]
        if self.first_words.isdisjoint(_WORD.findall(sentence.lower())):
            return []
        quoted = _quoted_spans(sentence)
        items = _items(sentence, start, mentions)
        speakers: list[ActorId] = []
        for index, length, role, rules in self._cues(items):
            if any(a <= items[index].start - start < b for a, b in quoted):
                continue  # a verb inside the quotation is the speaker's own
            speaker = self.speaker(items, index, length, role, rules, previous)
            if speaker and speaker not in speakers:
                speakers.append(speaker)
        return speakers

    @staticmethod
    def quote(article_id: ArticleId, text: str, start: int, end: int, speaker: ActorId) -> Quote:
        sentence = text[start:end]
        words = [sentence[a:b].strip().strip('“”«»„"').rstrip(" ,—–-").strip() for a, b in _quoted_spans(sentence)]
        words = [w for w in words if len(w.split()) >= MIN_QUOTED_WORDS]
        kind, said = (QuoteKind.DIRECT, " … ".join(words)) if words else (QuoteKind.REPORTED, sentence)
        return Quote(speaker, said, article_id, start, end, kind)

    def _cues(self, items: list[_Item]) -> Iterable[tuple[int, int, str, SpeechRules]]:
        """(first item, number of items, role, rules) of each speech cue, longest phrase first at a position."""
        for index in (i for i, item in enumerate(items) if item.lower in self.first_words):
            for length in range(MAX_CUE_WORDS, 0, -1):
                words = tuple(item.lower for item in items[index:index + length])
                if len(words) == length and words in self.cues:
                    yield index, length, *self.cues[words]
                    break

    def speaker(self, items: list[_Item], index: int, length: int, role: str,
                rules: SpeechRules, previous: ActorId | None) -> ActorId | None:
        after = index + length
        if role == "pronoun" or (role != "cue" and _pronoun_subject(items, index, rules)):
            return previous
        if role == "cue":
            return self.choose(self.phrase_after(items, after, rules), rules, base_form=False)
        before = _phrase_before(items, index, rules)
        if before is None:
            return None  # negated or hypothetical
        if self.describes(before, rules, previous):
            return previous
        if any(item.mention for item in before):
            return self.choose(before, rules, rules.speaker_in_base_form)
        word_before = items[index - 1] if index else None
        inverted = word_before is not None and (word_before.text in _INVERSION_PUNCTUATION
                                                or word_before.lower in rules.inverting_cues)
        if role == "inverting" and inverted and not before:
            after_phrase = self.phrase_after(items, after, rules)
            if self.describes(after_phrase, rules, previous):
                return previous
            return self.choose(after_phrase, rules, rules.speaker_in_base_form)
        return None

    def describes(self, phrase: list[_Item], rules: SpeechRules, previous: ActorId | None) -> bool:
        """Whether the phrase describes the person quoted just before without naming anyone ("the minister",
        "российский министр"): only title, office and filler words, and a country only if it is theirs."""
        if previous is None or not any(item.lower in rules.person_titles for item in phrase):
            return False
        known = rules.person_titles | rules.office_words | rules.head_titles | rules.filler_words
        if any(item.is_word and item.lower not in known for item in phrase):
            return False  # a name the taxonomy does not know: someone else
        countries = {item.mention.actor for item in phrase if item.mention}
        return countries <= {self.taxonomy.actor(previous).country}

    def phrase_after(self, items: list[_Item], position: int, rules: SpeechRules) -> list[_Item]:
        """The speaker's phrase from `position` on; empty when a word that is none of the phrase's ends it
        ("said a Russian journalist": the journalist speaks, not Russia)."""
        phrase = []
        for item in items[position:]:
            if item.lower in rules.closing_words or not _in_phrase(item, rules):
                if item.is_word and item.lower not in rules.closing_words:
                    return []
                break
            phrase.append(item)
        return phrase

    def choose(self, phrase: list[_Item], rules: SpeechRules, base_form: bool) -> ActorId | None:
        """The phrase's speaker: its last person or organisation, else its country when the country's
        government speaks or the country is the whole phrase."""
        mentioned = [(i, item.mention) for i, item in enumerate(phrase) if item.mention]
        if not mentioned:
            return None
        actors = [(i, m, self.taxonomy.actor(m.actor)) for i, m in mentioned]
        speakers = [(i, m, a) for i, m, a in actors if a.type != ActorType.COUNTRY]
        if speakers:
            i, mention, actor = speakers[-1]
            follower = phrase[i + 1].lower if i + 1 < len(phrase) else ""
            if actor.type == ActorType.PERSON and follower in ("'s", "’s"):
                return None  # "Tokayev's spokesman said": the spokesman speaks
            if base_form and mention.surface.casefold() not in self.base_forms[actor.id]:
                return None
            return actor.id
        i, mention, country = actors[-1]
        words = {item.lower for item in phrase if item.is_word}
        if words & rules.head_titles:
            return None  # "the Tajik president said": a person the phrase does not name
        if words & rules.office_words:
            return country.id
        names = [item for item in phrase if item.is_word and item.lower not in rules.filler_words]
        demonym = mention.surface.casefold() in {d.casefold() for d in country.demonyms}
        if names or demonym or (base_form and mention.surface.casefold() not in self.base_forms[country.id]):
            return None
        return country.id


def _phrase_before(items: list[_Item], index: int, rules: SpeechRules) -> list[_Item] | None:
    """The speaker's phrase ending right before the verb at `index`, in text order; None when the word before
    it makes the speech negated or hypothetical ("did not say", "If Lavrov says"), empty when a preposition
    stands before it."""
    position = index - 1
    while position >= 0 and _in_phrase(items[position], rules):
        position -= 1
    phrase = items[position + 1:index]
    if position >= 0 and items[position].lower in rules.prepositions:
        return []  # "the embassy in Tashkent said": the actor is not the subject
    if position >= 0 and items[position].lower in rules.hypothetical_words:
        return None
    if any(item.lower in rules.hypothetical_words for item in phrase if item.is_word):
        return None
    return phrase


def _pronoun_subject(items: list[_Item], index: int, rules: SpeechRules) -> bool:
    """Whether the verb at `index` has a pronoun for its subject, fillers aside, at the start of a clause
    ("He added", "“…,” he said", "При этом он подчеркнул"); not "if he says", "did he say"."""
    position = index - 1
    while position >= 0 and items[position].lower in rules.filler_words:
        position -= 1
    if position < 0 or items[position].lower not in rules.pronouns:
        return False
    before = items[position - 1] if position else None
    return (before is None or not before.is_word or before.lower in rules.inverting_cues
            or before.lower in rules.closing_words)


def _in_phrase(item: _Item, rules: SpeechRules) -> bool:
    if item.mention:
        return True
    if not item.is_word:
        return False
    lower = item.lower
    if lower in rules.filler_words or lower in rules.office_words or lower in rules.head_titles \
            or lower in rules.person_titles:
        return True
    return item.text[0].isupper() and lower not in rules.hypothetical_words and lower not in rules.inverting_cues


def _items(sentence: str, offset: int, mentions: Sequence[Mention]) -> list[_Item]:
    """The sentence's tokens, each mention's tokens as one item; offsets into the article text."""
    items: list[_Item] = []
    spans = iter(mentions)
    mention = next(spans, None)
    for token in _TOKEN.finditer(sentence):
        start, end = offset + token.start(), offset + token.end()
        while mention is not None and mention.end <= start:
            mention = next(spans, None)
        if mention is not None and mention.start < end:
            if not (items and items[-1].mention is mention):
                items.append(_Item(mention.surface, mention.start, mention.end, mention))
            continue
        items.append(_Item(token.group(), start, end))
    return items


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation in the sentence, marks included.

    A quotation of several sentences is split with them: a closing mark with no opening one closes a quotation
    that began before the sentence, and an opening mark with no closing one runs to its end. A straight quote
    opens after a space or the sentence's start and closes elsewhere."""
    spans, opened = [], None
    for position, mark in enumerate(sentence):
        if mark == '"':
            mark = "“" if position == 0 or sentence[position - 1].isspace() or sentence[position - 1] in "([" else "”"
        if mark in _OPENING_QUOTES and opened is None:
            opened = position
        elif mark in _CLOSING_QUOTES:
            spans.append((0 if opened is None else opened, position + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(sentence)))
    return spans
