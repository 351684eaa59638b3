"""TopicScorer: score = sum(weight x count) of a topic's terms minus its negative terms.

Terms match on word stems (Snowball, see stemming.py), so a term listed once in its base
form ("sanction", "санкция") also counts "sanctions", "sanctioned", "санкций"; a multi-word
term matches when each word's stem matches, in order ("great power rivalry" counts
"great-power rivalries"). Case, hyphens and other punctuation do not matter. A word's stem
depends on the word alone: Cyrillic words get the Russian stemmer, all others the English
one, for terms and text alike, so a term always meets the text under the same stemmer
whatever language the article is in. Terms flagged `exact` match as written instead, for
words whose stem unrelated words share ("extremism" and "extremely" both stem to "extrem").

Every occurrence counts, overlapping ones included ("nuclear" inside "nuclear weapons"
counts for both terms), so the score is what a contributor gets by counting by hand.
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
from .normalize import Folded, fold_text
from .stemming import SNOWBALL_ALGORITHMS, stemmer_for

STEM_SEPARATOR = "\x1f"
"""Joins the stems of the text's words. Folded text has no control characters, so a stemmed
key (wrapped in this separator) only matches the stems and an exact key (wrapped in spaces)
only matches the folded text that follows them."""
CYRILLIC = re.compile("[\u0400-\u04ff]")
STEM_CACHE_SIZE = 1 << 17
"""Distinct words whose stems a scorer keeps: a corpus's vocabulary, not its length."""


def stem_word(word: str) -> str:
    """A lower-cased word's stem: Russian Snowball for Cyrillic words, English for the rest."""
    cyrillic = not word.isascii() and CYRILLIC.search(word)
    return stemmer_for("ru" if cyrillic else "en")(word)  # type: ignore[misc]  # both have a stemmer


def cached_stem_word() -> Callable[[str], str]:
    """`stem_word` with a cache of its own, for a scorer that stems every word of many texts.
    PyStemmer's own cache costs more per new word (1.4 µs) than stemming it (0.5 µs): it is
    turned off on these stemmers, and one LRU cache serves both languages."""
    english, russian = (snowballstemmer.stemmer(SNOWBALL_ALGORITHMS[language]) for language in ("en", "ru"))
    english.maxCacheSize = russian.maxCacheSize = 0

    @lru_cache(maxsize=STEM_CACHE_SIZE)
    def stem(word: str) -> str:
        return (russian if not word.isascii() and CYRILLIC.search(word) else english).stemWord(word)

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
        self._stem = cached_stem_word()
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

    def score(self, text: str, folded: Folded | None = None) -> tuple[TopicScore, ...]:
        """Topics whose score reaches their threshold, highest score first, then by id."""
        counts = self._count((folded or fold_text(text)).lowered)
        # A topic none of whose terms occur scores 0, which never fires: not scored at all; nor is one
        # whose positive terms alone fall short of its threshold (most of those that occur).
        reachable = (index for index in sorted(counts)
                     if self._positive_sum(index, counts[index]) >= self.topics[index].threshold)
        scores = ((self.topics[index], self._score(index, counts[index])) for index in reachable)
        fired = [s for topic, s in scores if s.score >= topic.threshold and s.score > 0]
        return tuple(sorted(fired, key=lambda s: (-s.score, s.topic)))

    def _positive_sum(self, index: int, counts: Counter[str]) -> int:
        """The score before negative terms: an upper bound of the topic's score."""
        weights = self._positive_weights[index]
        return sum(weights.get(term, 0) * count for term, count in counts.items())

    def _score(self, index: int, counts: Counter[str]) -> TopicScore:
        """score_topic(topics[index], counts) for counts from `_count`, walking the counted
        terms rather than all of the topic's terms."""
        topic, weights, positive = self.topics[index], *self._tables[index]
        if weights is None:  # a term listed twice: the general path keeps its duplicates
            return score_topic(topic, counts)
        fired = [(term, count if term in positive else -count) for term, count in counts.items()]
        score = sum(weights[term] * count for term, count in fired)  # int weights: any order
        return TopicScore(topic.id, score, tuple(sorted(fired, key=_fired_order)))

    def count_terms(self, lowered: str) -> list[Counter[str]]:
        """Occurrences of each listed term, per topic (index into `topics`)."""
        counts = self._count(lowered)
        return [counts.get(index, Counter()) for index in range(len(self.topics))]

    def _count(self, lowered: str) -> dict[int, Counter[str]]:
        """`count_terms` for the topics with at least one occurrence, by index."""
        counts: dict[int, Counter[str]] = {}
        if self._empty:
            return counts
        haystack = STEM_SEPARATOR + STEM_SEPARATOR.join(map(self._stem, lowered.split())) + STEM_SEPARATOR
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


def score_topic(topic: Topic, counts: Counter[str]) -> TopicScore:
    """The topic's score and the terms behind it: negative terms have a negative count."""
    # .get: a Counter's [] calls __missing__ for each of the many absent terms.
    fired = [(term.text, count) for term in topic.terms if (count := counts.get(term.text))]
    fired += [(term.text, -count) for term in topic.negative_terms if (count := counts.get(term.text))]
    weights = _weights(topic.terms) | _weights(topic.negative_terms)
    score = sum(weights[term] * count for term, count in fired)
    return TopicScore(topic.id, score, tuple(sorted(fired, key=_fired_order)))


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
