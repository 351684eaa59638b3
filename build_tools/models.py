"""The data passed between pipeline stages: plain, frozen dataclasses.

ingest produces `Article`s, annotate produces `AnnotatedArticle`s (and the
`Corpus` that holds them with the taxonomy), emit turns those into
`RenderedPage`s. No stage passes dicts to another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import PurePosixPath
from typing import NewType

from .errors import SourceError

ArticleId = NewType("ArticleId", str)
"""A stable slug for an article, unique in the corpus; the page lives at articles/<id>/."""

ActorId = NewType("ActorId", str)
"""Slug of an actor's canonical name."""

TopicId = NewType("TopicId", str)
"""Slug of a topic's name."""

StoryId = NewType("StoryId", str)
"""A story's id: the id of its first-published article, which a later copy does not change."""


# --------------------------------------------------------------------------- ingest


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    BULLET = "bullet"
    NUMBERED = "numbered"


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of an article's clean body: a paragraph, an in-article heading or one list item."""

    kind: BlockKind
    text: str
    number: int | None = None
    """The item's number, for NUMBERED blocks ("3." in the source)."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an article came from: a raw file (relative to the repository) and its line span."""

    path: PurePosixPath
    start_line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class DroppedBlock:
    """Text removed from a raw file during ingest, kept so that a reviewer can audit it."""

    path: PurePosixPath
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    id: ArticleId
    title: str
    authors: tuple[str, ...]
    date: dt.date | None
    publication: str | None
    sources: tuple[SourceRef, ...]
    """First is the primary source; more when the same article was found more than once."""
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()
    """Reference notes and URL lists found at the end of the article, kept apart from the body."""
    language: str = "en"
    """ISO 639-1 code of the article's language (ISO 639-3 where there is none), detected or corrected
    in ingest (`ingest.language`)."""

    @cached_property
    def text(self) -> str:
        """The clean body as one string: blocks joined by blank lines. Mention spans index into it."""
        return BLOCK_SEPARATOR.join(block.text for block in self.blocks)

    @property
    def source(self) -> SourceRef:
        return self.sources[0]


BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class IngestReport:
    """What ingest did to one raw file: the articles it found and every block it dropped."""

    path: PurePosixPath
    article_ids: tuple[ArticleId, ...]
    dropped: tuple[DroppedBlock, ...]
    warnings: tuple[SourceError, ...] = ()


@dataclass(frozen=True)
class IngestResult:
    articles: tuple[Article, ...]
    reports: tuple[IngestReport, ...]
    warnings: tuple[SourceError, ...] = ()
    """Problems that belong to no raw file (a file in the raw folder not read, a corrections file naming
    none)."""


# --------------------------------------------------------------------------- taxonomy


class ActorType(StrEnum):
    COUNTRY = "country"
    ORGANISATION = "organisation"
    GROUP = "group"
    PERSON = "person"
    COMPANY = "company"
    OTHER = "other"


@dataclass(frozen=True)
class Ambiguity:
    """Contributor-stated rules for terms that can mean something other than the actor."""

    not_in: tuple[str, ...] = ()
    """Longer phrases containing a term that do not refer to the actor ("Washington Post")."""
    veto_near: tuple[str, ...] = ()
    """Words that, within `window` words of a mention, mean the mention is not the actor."""
    terms: tuple[str, ...] = ()
    """The terms `veto_near` applies to; empty means all of the actor's terms."""
    window: int = 12


@dataclass(frozen=True)
class Actor:
    id: ActorId
    name: str
    type: ActorType
    description: str
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    wikidata: str | None = None
    country: ActorId | None = None
    ambiguity: Ambiguity = field(default_factory=Ambiguity)
    names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(ISO 639-1 language, base forms) for other languages, sorted by language: the forms
    written in the taxonomy first, then those from CLDR locale data (countries with `iso`)."""
    iso: str | None = None
    """ISO 3166-1 alpha-2 code of a country, which brings its CLDR names."""
    source: PurePosixPath = PurePosixPath()
    """The taxonomy file that defines the actor, for error messages and edit links."""
    line: int = 0

    @property
    def terms(self) -> tuple[str, ...]:
        """Every surface form that names the actor, the canonical name first."""
        return (self.name, *self.aliases, *self.abbreviations, *self.demonyms,
                *self.metonyms, *self.former_names)


@dataclass(frozen=True)
class TopicTerm:
    """A topic term as listed: its words match the text's words on their stems, unless `exact`."""

    text: str
    weight: int
    language: str
    """ISO 639-1 code of the group that lists it (en, ru, ...)."""
    exact: bool = False
    """Matched as written (any case), not on stems: for words whose stem unrelated words share."""


@dataclass(frozen=True)
class Topic:
    id: TopicId
    name: str
    description: str
    terms: tuple[TopicTerm, ...]
    negative_terms: tuple[TopicTerm, ...] = ()
    threshold: int = 1
    source: PurePosixPath = PurePosixPath()
    line: int = 0


class Reading(StrEnum):
    COOPERATION = "cooperation"
    CONFLICT = "conflict"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Cue:
    """A relation cue as a contributor wrote it: in its base form, matched on word stems in its language."""

    term: str
    weight: int
    language: str = "en"
    """ISO 639-1 code: the language whose stemmer (annotate/stemming.py) matches the term's inflections."""


@dataclass(frozen=True)
class RelationCues:
    cooperation: tuple[Cue, ...]
    conflict: tuple[Cue, ...]
    membership: tuple[Cue, ...] = ()
    """Words that list an organisation's members ("includes", "входят"): cooperation between the organisation
    and each member, and among the members."""
    negators: tuple[Cue, ...] = ()
    """Words after which a cue (in the next five words) counts for neither side: negation, avoidance, a relation undone ("not", "avoid",
    "ended", "не")."""
    mutual: tuple[Cue, ...] = ()
    """Conflict cues that need no object ("war", "clash", "война"): after a phrase naming several actors with no actor
    after them, they set those actors against each other ("Kyrgyzstan and Tajikistan fought a brief war")."""


@dataclass(frozen=True)
class LanguageRules:
    """How actor names in one language inflect (build_tools.annotate.inflection reads them)."""

    language: str
    cldr_locales: tuple[str, ...] = ()
    declensions: tuple[tuple[str, frozenset[str]], ...] = ()
    """(base-form ending, endings that replace it), longest base ending first; "" is a final consonant."""
    indeclinable_after: frozenset[str] = frozenset()
    endings: frozenset[str] = frozenset()
    """Suffixes added to a base form (agglutinative languages)."""
    max_endings: int = 1
    common_words: frozenset[str] = frozenset()
    plural_endings: frozenset[str] = frozenset()
    """Endings a person's name never takes: they mark a plural, or make another surname (Асад -> Асадов)."""
    voiced_finals: tuple[tuple[str, str], ...] = ()
    """(voiceless, voiced) final consonants of a base that voice before a suffix starting with one of
    `vowels` (Kazakh "қауіпсіздік" -> "қауіпсіздігі"); topic terms use them."""
    vowels: frozenset[str] = frozenset()
    borrows_from: tuple[str, ...] = ()
    """Languages whose topic terms this one also takes suffixes on: Kazakh and Uzbek texts write
    Russian loanwords with their own suffixes ("санкциялар", "энергетикасы")."""


@dataclass(frozen=True)
class SpeechRules:
    """The speech cues of one language (corpus/taxonomy/speech.yml; build_tools.annotate.quotes reads them).

    Every word and phrase is lower-case; the schema describes each group."""

    language: str
    verbs: frozenset[str] = frozenset()
    inverting_verbs: frozenset[str] = frozenset()
    speaker_cues: frozenset[str] = frozenset()
    inverting_cues: frozenset[str] = frozenset()
    office_words: frozenset[str] = frozenset()
    head_titles: frozenset[str] = frozenset()
    filler_words: frozenset[str] = frozenset()
    hypothetical_words: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    closing_words: frozenset[str] = frozenset()
    speaker_in_base_form: bool = False
    pronouns: frozenset[str] = frozenset()
    pronoun_cues: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Taxonomy:
    actors: tuple[Actor, ...]
    topics: tuple[Topic, ...]
    relation_cues: RelationCues
    inflection: tuple[LanguageRules, ...] = ()
    """How names in other languages inflect (corpus/taxonomy/inflection.yml), one entry per language."""
    speech: tuple[SpeechRules, ...] = ()
    """Speech cues for quotations (corpus/taxonomy/speech.yml), one entry per language."""

    def actor(self, actor_id: ActorId) -> Actor:
        return self._actors_by_id[actor_id]

    def topic(self, topic_id: TopicId) -> Topic:
        return self._topics_by_id[topic_id]

    @cached_property
    def _actors_by_id(self) -> dict[ActorId, Actor]:
        return {actor.id: actor for actor in self.actors}

    @cached_property
    def _topics_by_id(self) -> dict[TopicId, Topic]:
        return {topic.id: topic for topic in self.topics}


# --------------------------------------------------------------------------- annotate


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an actor in an article's text; `start:end` indexes `Article.text`."""

    actor: ActorId
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic: TopicId
    score: int
    fired: tuple[tuple[str, int], ...]
    """(term, count) for every term that contributed, most frequent first."""


@dataclass(frozen=True, slots=True)
class RelationEvidence:
    """A sentence that mentions two actors, with the reading of the cue that joins them (neutral when none does)."""

    actors: tuple[ActorId, ActorId]
    """Sorted, so that a pair has one key whatever the order in the text."""
    article: ArticleId
    sentence: str
    reading: Reading
    cue: str = ""
    """The cue that decided the reading, as written in the sentence; empty when neutral or corrected."""
    joined: str = ""
    """The words of the sentence that join the pair to the cue ("Russia and Kazakhstan signed"); empty when none."""
    correction: str | None = None
    """Set when a contributor corrected the reading (corpus/corrections/relations/): their note, or ""."""


class QuoteKind(StrEnum):
    DIRECT = "direct"
    """The words are in quotation marks."""
    REPORTED = "reported"
    """Indirect speech ("X said that ..."): the words are the sentence's."""


@dataclass(frozen=True, slots=True)
class Quote:
    """Something an actor said: a sentence whose speech verb or cue has the actor as its speaker."""

    speaker: ActorId
    words: str
    """The quoted words (direct speech) or the whole sentence (reported speech)."""
    article: ArticleId
    start: int
    end: int
    """The sentence's span in `Article.text`."""
    kind: QuoteKind


@dataclass(frozen=True)
class AnnotatedArticle:
    article: Article
    mentions: tuple[Mention, ...]
    topics: tuple[TopicScore, ...]
    relations: tuple[RelationEvidence, ...]
    sentences: tuple[tuple[int, int], ...]
    """(start, end) of each sentence in `article.text`, block by block: split once, read by relations and
    name suggestions."""
    quotes: tuple[Quote, ...] = ()
    """Attributed speech, in text order (build_tools.annotate.quotes)."""

    @cached_property
    def actor_ids(self) -> tuple[ActorId, ...]:
        """Actors mentioned, most mentioned first, then by id."""
        counts: dict[ActorId, int] = {}
        for mention in self.mentions:
            counts[mention.actor] = counts.get(mention.actor, 0) + 1
        return tuple(sorted(counts, key=lambda actor: (-counts[actor], actor)))

    @cached_property
    def surfaces(self) -> dict[ActorId, frozenset[str]]:
        """Each actor's distinct surface forms here. Kept with the article across `make serve`'s saves, so that an
        actor page re-rendered for one edit does not read every mention of every article listed on it."""
        found: dict[ActorId, set[str]] = {}
        for mention in self.mentions:
            found.setdefault(mention.actor, set()).add(mention.surface)
        return {actor: frozenset(forms) for actor, forms in found.items()}


@dataclass(frozen=True)
class NameSuggestion:
    """A recurring capitalised name that matches no actor: a candidate for the taxonomy."""

    name: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class OutletNote:
    """A fact about an outlet and the page it is taken from."""

    text: str
    reference: str


@dataclass(frozen=True)
class OutletProfile:
    """An outlet's profile (corpus/outlets.yml); an empty field is unknown, not guessed."""

    name: str
    line: int
    """Its entry's line in corpus/outlets.yml."""
    aliases: tuple[str, ...] = ()
    country: str = ""
    languages: tuple[str, ...] = ()
    owner: str = ""
    kind: str = ""
    """One of `build_tools.outlets.OUTLET_KINDS`, or empty."""
    references: tuple[str, ...] = ()
    """Pages the country, owner and kind are taken from."""
    notes: tuple[OutletNote, ...] = ()


@dataclass(frozen=True)
class Story:
    """Articles that are one text: reposts and near-copies in other outlets (`annotate.stories`)."""

    id: StoryId
    articles: tuple[ArticleId, ...]
    """Two or more, the first published first (undated last, ties by id)."""


@dataclass(frozen=True)
class Corpus:
    """Everything the emit stage needs: the annotated articles and the taxonomy."""

    articles: tuple[AnnotatedArticle, ...]
    taxonomy: Taxonomy
    reports: tuple[IngestReport, ...] = ()
    suggestions: tuple[NameSuggestion, ...] = ()
    stories: tuple[Story, ...] = ()
    """Stories of two or more articles, by id; an article in none is a story of its own."""
    outlets: tuple[OutletProfile, ...] = ()
    """The outlet profiles (corpus/outlets.yml), whether or not an article names them."""


# --------------------------------------------------------------------------- emit


@dataclass(frozen=True)
class RenderedPage:
    """A generated file, relative to the docs folder, and the source file a contributor edits."""

    path: PurePosixPath
    content: bytes
    """UTF-8 text, encoded where it is rendered: in the workers, and once for a page `make serve` reuses."""
    edit_source: PurePosixPath | None = None
