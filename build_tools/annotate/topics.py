"""TopicScorer: score = sum(weight x count) of a topic's terms minus its negative terms.

Terms match case-insensitively on word boundaries, on the same fold as actors.
Every occurrence counts, overlapping ones included ("nuclear" inside "nuclear
weapons" counts for both terms), so the score is what a contributor gets by
counting the listed terms by hand.
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

import ahocorasick

from ..models import Taxonomy, Topic, TopicScore
from .normalize import Folded, fold_text


class TopicScorer:
    def __init__(self, taxonomy: Taxonomy):
        self.topics = taxonomy.topics
        self._tables = [_tables(topic) for topic in self.topics]
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[tuple[int, str]]] = {}
        for index, topic in enumerate(self.topics):
            for term, _ in (*topic.terms, *topic.negative_terms):
                key = fold_key(term)
                if not key:
                    continue
                owners = by_key.setdefault(f" {key} ", [])
                # Spellings that fold alike ("rare earth", "rare-earth") count once, for the first.
                if all(owner != index for owner, _ in owners):
                    owners.append((index, term))
        self._owners: list[tuple[tuple[int, str], ...]] = []
        """Per automaton value: the (topic index, term) pairs that own the key."""
        for key, owners in sorted(by_key.items()):
            self._automaton.add_word(key, len(self._owners))
            self._owners.append(tuple(owners))
        if by_key:
            self._automaton.make_automaton()
        self._empty = not by_key

    def score(self, text: str, folded: Folded | None = None) -> tuple[TopicScore, ...]:
        """Topics whose score reaches their threshold, highest score first, then by id."""
        counts = self._count((folded or fold_text(text)).lowered)
        # A topic none of whose terms occur scores 0, which never fires: not scored at all.
        scores = ((self.topics[index], self._score(index, counts[index])) for index in sorted(counts))
        fired = [s for topic, s in scores if s.score >= topic.threshold and s.score > 0]
        return tuple(sorted(fired, key=lambda s: (-s.score, s.topic)))

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
        if not self._empty:
            # Count the matched keys first (in C), then hand each count to the key's owners.
            for key, hits in Counter(map(itemgetter(1), self._automaton.iter(f" {lowered} "))).items():
                for index, term in self._owners[key]:
                    counted = counts.get(index)
                    if counted is None:
                        counted = counts[index] = Counter()
                    counted[term] += hits
        return counts


def score_topic(topic: Topic, counts: Counter[str]) -> TopicScore:
    """The topic's score and the terms behind it: negative terms have a negative count."""
    # .get: a Counter's [] calls __missing__ for each of the many absent terms.
    fired = [(term, count) for term, _ in topic.terms if (count := counts.get(term))]
    fired += [(term, -count) for term, _ in topic.negative_terms if (count := counts.get(term))]
    weights = dict(topic.terms) | dict(topic.negative_terms)
    score = sum(weights[term] * count for term, count in fired)
    return TopicScore(topic.id, score, tuple(sorted(fired, key=_fired_order)))


def _fired_order(fired: tuple[str, int]) -> tuple[int, bool, str]:
    return -abs(fired[1]), fired[1] < 0, fired[0]


def _tables(topic: Topic) -> tuple[dict[str, int] | None, frozenset[str]]:
    """(weight per term, positive terms) for TopicScorer._score; (None, ...) if a term is
    listed twice (within or across terms and negative_terms), which it cannot handle."""
    positive = [term for term, _ in topic.terms]
    negative = [term for term, _ in topic.negative_terms]
    if len(set(positive) | set(negative)) != len(positive) + len(negative):
        return None, frozenset()
    return dict(topic.terms) | dict(topic.negative_terms), frozenset(positive)


def fold_key(term: str) -> str:
    return fold_text(term).lowered.strip()
