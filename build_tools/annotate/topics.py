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
        scores = ((self.topics[index], score_topic(self.topics[index], counts[index])) for index in sorted(counts))
        fired = [s for topic, s in scores if s.score >= topic.threshold and s.score > 0]
        return tuple(sorted(fired, key=lambda s: (-s.score, s.topic)))

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
    return TopicScore(topic.id, score, tuple(sorted(fired, key=lambda f: (-abs(f[1]), f[1] < 0, f[0]))))


def fold_key(term: str) -> str:
    return fold_text(term).lowered.strip()
