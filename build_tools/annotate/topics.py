"""TopicScorer: score = sum(weight x count) of a topic's terms minus its negative terms, tagged
when it reaches the topic's threshold scaled to the text's length (see `length_scale`).

Terms match on word stems (Snowball, see stemming.py), so a term listed once in its base
form ("sanction", "санкция") also counts "sanctions", "sanctioned", "санкций"; a multi-word
term matches when each word's stem matches, in order ("great power rivalry" counts
"great-power rivalries"). Case, hyphens and other punctuation do not matter. A word's stem
depends on the word alone: Cyrillic words get the Russian stemmer, all others the English
one, for terms and text alike, so a term always meets the text under the same stemmer
whatever language the article is in. Russian nouns that drop a vowel when declined
("участок", "участка"; "беженец", "беженцы") meet on one stem (`close_fleeting_vowel`).
Kazakh and Uzbek have no Snowball stemmer but add suffixes to a base word: a text word that
is a kk or uz term's word plus a chain of that language's endings (inflection.yml, the rules
the actor matcher uses) counts as that word ("sanksiyalarni" as "sanksiya").
Terms flagged `exact` match as written instead, for words whose stem unrelated words share
("extremism" and "extremely" both stem to "extrem").

Every occurrence counts, overlapping ones included ("nuclear" inside "nuclear weapons"
counts for both terms), so the score is what a contributor gets by counting by hand, plus
the weights of the strong terms (LEAD_MIN_WEIGHT) in the title and the first LEAD_WORDS
words, which count twice.
Matching is one pass of one Aho-Corasick automaton over the text's words stemmed once each
(a cache keeps the stem of each distinct word), followed by the folded text itself for the
exact terms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter

import ahocorasick
import snowballstemmer

from ..models import Taxonomy, Topic, TopicScore, TopicTerm
from .inflection import SuffixedBases, suffixed_base, suffixed_bases
from .normalize import Folded, fold_text
from .stemming import SNOWBALL_ALGORITHMS, stemmer_for

STEM_SEPARATOR = "\x1f"
"""Joins the stems of the text's words. Folded text has no control characters, so a stemmed
key (wrapped in this separator) only matches the stems and an exact key (wrapped in spaces)
only matches the folded text that follows them."""
CYRILLIC = re.compile("[\u0400-\u04ff]")
RUSSIAN_VOWELS = frozenset("аеёиоуыэюя")
STEM_CACHE_SIZE = 1 << 17
"""Distinct words whose stems a scorer keeps: a corpus's vocabulary, not its length."""
REFERENCE_WORDS = 200
"""The length, in words, of a text whose threshold is the topic's `threshold` as written."""
LEAD_WORDS = 30
"""How many of a text's first words, after its title, make its lead."""
LEAD_MIN_WEIGHT = 2
"""The lowest weight of a term that counts twice in the lead: a weak, generic hint (weight 1,
"meeting", "gas") stays weak wherever it stands."""
LENGTH_SCALE_RANGE = (0.85, 2.0)
"""Bounds of `length_scale`: texts under 145 words all count as 145 words long, so that a few
words never tag a topic on one or two weak terms, and texts of 800 words or more need twice the
written threshold, no more: a long analysis treats several topics at length, each in a section
of its own, whose terms do not recur through the whole text."""


def length_scale(words: int) -> float:
    """What a topic's threshold is multiplied by for a text of `words` words: the square root of
    its length relative to REFERENCE_WORDS, within LENGTH_SCALE_RANGE.

    Why: a raw count favours long texts, where passing mentions add up to a threshold, and
    misses short news items, where the topic is named two or three times. Terms of a text's
    main topic recur in proportion to its length, passing mentions far less; the square root
    sits between a raw count (no scaling) and term density (linear scaling), which would make
    a long text lose the topics it treats at length in one section.
    """
    low, high = LENGTH_SCALE_RANGE
    return min(high, max(low, (words / REFERENCE_WORDS) ** 0.5))


def close_fleeting_vowel(stem: str) -> str:
    """A Russian stem ending in consonant + о/е/ё + к/ц, without that vowel. Russian Snowball
    keeps the vowel of "участок" and "беженец" but the declined forms have none ("участке" ->
    "участк", "беженцы" -> "беженц"); dropping it from every such stem, of terms and text alike,
    lets a term in the base form match them all ("восток" and "востока" both become "востк")."""
    if len(stem) > 3 and stem[-1] in "кц" and stem[-2] in "оеё" and stem[-3] not in RUSSIAN_VOWELS:
        return stem[:-2] + stem[-1]
    return stem


def stem_word(word: str) -> str:
    """A lower-cased word's stem: Russian Snowball for Cyrillic words, English for the rest."""
    if not word.isascii() and CYRILLIC.search(word):
        return close_fleeting_vowel(stemmer_for("ru")(word))  # type: ignore[misc]  # it has a stemmer
    return stemmer_for("en")(word)  # type: ignore[misc]


def cached_stem_word(bases: SuffixedBases | None = None) -> Callable[[str], str]:
    """`stem_word` with a cache of its own, for a scorer that stems every word of many texts;
    a word that inflects one of the Kazakh or Uzbek `bases` gets that base's stem.
    PyStemmer's own cache costs more per new word (1.4 µs) than stemming it (0.5 µs): it is
    turned off on these stemmers, and one LRU cache serves both languages."""
    english, russian = (snowballstemmer.stemmer(SNOWBALL_ALGORITHMS[language]) for language in ("en", "ru"))
    english.maxCacheSize = russian.maxCacheSize = 0

    @lru_cache(maxsize=STEM_CACHE_SIZE)
    def stem(word: str) -> str:
        if bases:
            word = suffixed_base(word, bases) or word
        if not word.isascii() and CYRILLIC.search(word):
            return close_fleeting_vowel(russian.stemWord(word))
        return english.stemWord(word)

    return stem


def term_key(term: str, exact: bool = False, stem: Callable[[str], str] = stem_word) -> str:
    """What the automaton looks for: the term's stems (or, if exact, its folded words), wrapped."""
    words = fold_text(term).lowered.split()
    if not words:
        return ""
    if exact:
        return f" {' '.join(words)} "
    return STEM_SEPARATOR + STEM_SEPARATOR.join(map(stem, words)) + STEM_SEPARATOR


class TopicScorer:
    def __init__(self, taxonomy: Taxonomy):
        self.topics = taxonomy.topics
        self._stem = cached_stem_word(_term_bases(taxonomy))
        self._tables = [_tables(topic) for topic in self.topics]
        self._positive_weights = [_weights(topic.terms) for topic in self.topics]
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[tuple[int, str]]] = {}
        for index, topic in enumerate(self.topics):
            for term in (*topic.terms, *topic.negative_terms):
                key = term_key(term.text, term.exact, self._stem)
                if not key:
                    continue
                owners = by_key.setdefault(key, [])
                # Terms with one key ("sanction", "sanctions") count once, for the first.
                if all(owner != index for owner, _ in owners):
                    owners.append((index, term.text))
        self._owners: list[tuple[tuple[int, str], ...]] = []
        """Per automaton value: the (topic index, term) pairs that own the key."""
        for key, owners in sorted(by_key.items()):
            self._automaton.add_word(key, len(self._owners))
            self._owners.append(tuple(owners))
        if by_key:
            self._automaton.make_automaton()
        self._empty = not by_key
        self._any_exact = any(key.startswith(" ") for key in by_key)

    def score(self, text: str, folded: Folded | None = None, title: str = "") -> tuple[TopicScore, ...]:
        """Topics whose score reaches their threshold scaled to the text's length, highest score
        first, then by id. Terms in the lead (`title` and the text's first LEAD_WORDS words) count
        twice: a news item names its subject there, a passing mention rarely stands in it."""
        lowered = (folded or fold_text(text)).lowered
        words = lowered.split()
        counts = self._count(lowered, words)
        lead_words = fold_text(title).lowered.split() + words[:LEAD_WORDS] if title else words[:LEAD_WORDS]
        lead = self._count(" ".join(lead_words), lead_words)
        scale = length_scale(len(words))
        no_counts: Counter[str] = Counter()
        # A topic none of whose terms occur scores 0, which never fires: not scored at all; nor is one
        # whose positive terms alone fall short of its threshold (most of those that occur).
        reachable = (index for index in sorted(counts.keys() | lead.keys())
                     if self._positive_sum(index, counts.get(index, no_counts) + lead.get(index, no_counts))
                     >= self.topics[index].threshold * scale)
        scores = ((self.topics[index], self._score(index, counts.get(index, no_counts), lead.get(index, no_counts)))
                  for index in reachable)
        fired = [s for topic, s in scores if s.score >= topic.threshold * scale and s.score > 0]
        return tuple(sorted(fired, key=lambda s: (-s.score, s.topic)))

    def _positive_sum(self, index: int, counts: Counter[str]) -> int:
        """The score before negative terms: an upper bound of the topic's score."""
        weights = self._positive_weights[index]
        return sum(weights.get(term, 0) * count for term, count in counts.items())

    def _score(self, index: int, counts: Counter[str], lead: Counter[str] | None = None) -> TopicScore:
        """score_topic(topics[index], counts, lead) for counts from `_count`, walking the counted
        terms rather than all of the topic's terms."""
        topic, weights, positive = self.topics[index], *self._tables[index]
        if weights is None:  # a term listed twice: the general path keeps its duplicates
            return score_topic(topic, counts, lead)
        fired = [(term, count if term in positive else -count) for term, count in counts.items()]
        score = sum(weights[term] * count for term, count in fired)  # int weights: any order
        score += sum(weights[term] * (count if term in positive else -count) for term, count in (lead or {}).items()
                     if weights[term] >= LEAD_MIN_WEIGHT)
        return TopicScore(topic.id, score, tuple(sorted(fired, key=_fired_order)))

    def count_terms(self, lowered: str) -> list[Counter[str]]:
        """Occurrences of each listed term, per topic (index into `topics`)."""
        counts = self._count(lowered, lowered.split())
        return [counts.get(index, Counter()) for index in range(len(self.topics))]

    def _count(self, lowered: str, words: list[str]) -> dict[int, Counter[str]]:
        """`count_terms` for the topics with at least one occurrence, by index; `words` is
        `lowered.split()`."""
        counts: dict[int, Counter[str]] = {}
        if self._empty:
            return counts
        haystack = STEM_SEPARATOR + STEM_SEPARATOR.join(map(self._stem, words)) + STEM_SEPARATOR
        if self._any_exact:
            haystack += f" {lowered} "
        # Count the matched keys first (in C), then hand each count to the key's owners.
        for key, hits in Counter(map(itemgetter(1), self._automaton.iter(haystack))).items():
            for index, term in self._owners[key]:
                counted = counts.get(index)
                if counted is None:
                    counted = counts[index] = Counter()
                counted[term] += hits
        return counts


def _term_bases(taxonomy: Taxonomy) -> SuffixedBases:
    """The words of the stemmed Kazakh and Uzbek terms (and of the languages they borrow from), as
    bases that take those languages' suffixes."""
    words = ((term.language, word) for topic in taxonomy.topics for term in (*topic.terms, *topic.negative_terms)
             if not term.exact for word in fold_text(term.text).lowered.split())
    return suffixed_bases(words, taxonomy.inflection)


def score_topic(topic: Topic, counts: Counter[str], lead: Counter[str] | None = None) -> TopicScore:
    """The topic's score and the terms behind it (their occurrences in the text; negative terms
    have a negative count). Occurrences in the `lead` of terms weighing LEAD_MIN_WEIGHT or more
    add their weight once more."""
    fired = _signed_counts(topic, counts)
    weights = _weights(topic.terms) | _weights(topic.negative_terms)
    lead_fired = [(term, count) for term, count in _signed_counts(topic, lead or Counter())
                  if weights[term] >= LEAD_MIN_WEIGHT]
    score = sum(weights[term] * count for term, count in (*fired, *lead_fired))
    return TopicScore(topic.id, score, tuple(sorted(fired, key=_fired_order)))


def _signed_counts(topic: Topic, counts: Counter[str]) -> list[tuple[str, int]]:
    # .get: a Counter's [] calls __missing__ for each of the many absent terms.
    signed = [(term.text, count) for term in topic.terms if (count := counts.get(term.text))]
    return signed + [(term.text, -count) for term in topic.negative_terms if (count := counts.get(term.text))]


def _fired_order(fired: tuple[str, int]) -> tuple[int, bool, str]:
    return -abs(fired[1]), fired[1] < 0, fired[0]


def _weights(terms: tuple[TopicTerm, ...]) -> dict[str, int]:
    return {term.text: term.weight for term in terms}


def _tables(topic: Topic) -> tuple[dict[str, int] | None, frozenset[str]]:
    """(weight per term, positive terms) for TopicScorer._score; (None, ...) if a term is
    listed twice (within or across terms and negative_terms), which it cannot handle."""
    positive = [term.text for term in topic.terms]
    negative = [term.text for term in topic.negative_terms]
    if len(set(positive) | set(negative)) != len(positive) + len(negative):
        return None, frozenset()
    return _weights(topic.terms) | _weights(topic.negative_terms), frozenset(positive)
