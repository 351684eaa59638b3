"""Related articles, ranked by shared actors, shared topics and shared vocabulary.

Each article becomes a sparse vector of features weighted by inverse document
frequency. Candidates and scores come from an inverted index that keeps, for each
feature, only the articles it weighs most in (at most `_MAX_POSTINGS`):
walking every article's full postings made the stage quadratic (68 s at 5,000
articles). The work is now bounded per article, so linear in the corpus.
Under `make serve`, each step (features, vector, neighbours) is memoised per article
(`RelatedMemos`): a save at 10,000 articles recomputed all of it, 16 s.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..memo import Memo
from ..models import AnnotatedArticle, ArticleId

_WORD = re.compile(r"[^\W\d_]{4,}")
_COMMON_SHARE = 0.2
_MAX_POSTINGS = 30
_KEYWORDS = 25
_Postings = list[tuple[ArticleId, float]]
"""The articles a feature weighs most in, with its weight in each."""


@dataclass
class RelatedMemos:
    """Each step's per-article results, kept between regenerations under `make serve` (`memo.Memo`).

    An edit changes the idf weight of a few features and the postings of a few more,
    so most articles keep their vector and their neighbours."""

    features: Memo = field(default_factory=Memo)
    vectors: Memo = field(default_factory=Memo)
    nearest: Memo = field(default_factory=Memo)
    postings: dict[str, _Postings] = field(default_factory=dict)

    def reuse_postings(self, postings: dict[str, _Postings]) -> dict[str, _Postings]:
        """`postings`, each list equal to the last run's replaced by that very list, so that the
        neighbourhoods of most articles compare equal by identity, not entry by entry."""
        self.postings = {feature: old if (old := self.postings.get(feature)) == entries else entries
                         for feature, entries in postings.items()}
        return self.postings


def related_articles(items: tuple[AnnotatedArticle, ...], limit: int,
                     memos: RelatedMemos | None = None) -> dict[ArticleId, tuple[ArticleId, ...]]:
    """The `limit` nearest articles of each. With `memos`, each step reuses what it computed from equal inputs."""
    ids = [item.article.id for item in items]
    # Without memos, no key: nothing to look up, and the inputs are never built.
    keep = memos is not None
    key = (lambda n: ids[n]) if keep else (lambda n: None)
    memos = memos or RelatedMemos()
    for memo in (memos.features, memos.vectors, memos.nearest):
        memo.begin(limit)
    numbers = range(len(items))
    features = memos.features.map(lambda n: _features(items[n]), numbers, key=key, inputs=lambda n: items[n])
    document_frequency: Counter[str] = Counter()
    for feats in features:
        document_frequency.update(feats.keys())
    total = max(len(items), 1)
    idf = {f: math.log(1 + total / df) for f, df in document_frequency.items()}

    def weights(n: int) -> tuple:
        """What article n's vector is drawn from: the article (hence its features, in order) and their idf."""
        return items[n], tuple(map(idf.__getitem__, features[n]))

    vectors = memos.vectors.map(lambda n: _top_weighted(features[n], idf), numbers, key=key, inputs=weights)
    postings = _postings(dict(zip(ids, vectors)), document_frequency, total)
    if keep:
        postings = memos.reuse_postings(postings)

    def nearest(n: int) -> tuple[ArticleId, ...]:
        scores: defaultdict[ArticleId, float] = defaultdict(float)
        for feature, weight in vectors[n].items():
            for other, other_weight in postings.get(feature, ()):
                scores[other] += weight * other_weight
        scores.pop(ids[n], None)
        return tuple(other for _, other in heapq.nsmallest(limit, [(-score, other) for other, score in scores.items()]))

    def neighbourhood(n: int) -> tuple:
        """What article n's neighbours are drawn from: its vector, in the article's order, and its postings."""
        return items[n], vectors[n], tuple(map(postings.get, vectors[n]))

    return dict(zip(ids, memos.nearest.map(nearest, numbers, key=key, inputs=neighbourhood)))


def _postings(vectors: dict[ArticleId, dict[str, float]], document_frequency: Counter[str],
              total: int) -> dict[str, _Postings]:
    """For each feature not in more than a fifth of the corpus, the articles it weighs most in with that
    weight (at most `_MAX_POSTINGS`, heaviest first, ties by id): bounded work per article whatever the
    corpus size."""
    common = max(2, total * _COMMON_SHARE)
    weighted: dict[str, list[tuple[float, ArticleId]]] = defaultdict(list)
    for aid, vector in vectors.items():
        for feature, weight in vector.items():
            if document_frequency[feature] <= common:
                weighted[feature].append((-weight, aid))
    return {feature: [(aid, -weight) for weight, aid in heapq.nsmallest(_MAX_POSTINGS, entries)]
            for feature, entries in weighted.items()}


def _features(item: AnnotatedArticle) -> Counter[str]:
    feats: Counter[str] = Counter()
    for mention in item.mentions:
        feats[f"actor:{mention.actor}"] += 3
    for score in item.topics:
        feats[f"topic:{score.topic}"] += 5
    words = Counter(map(str.casefold, _WORD.findall(item.article.text)))
    feats.update({f"word:{w}": min(c, 5) for w, c in words.items()})
    return feats


def _top_weighted(feats: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """Keep the actor and topic features and the most distinctive words, L2-normalised."""
    weighted = {f: math.log(1 + c) * idf[f] for f, c in feats.items()}
    words = sorted((f for f in weighted if f.startswith("word:")), key=lambda f: (-weighted[f], f))
    kept = {f: w for f, w in weighted.items() if not f.startswith("word:")}
    kept.update({f: weighted[f] for f in words[:_KEYWORDS]})
    norm = math.sqrt(sum(w * w for w in kept.values())) or 1.0
    return {f: w / norm for f, w in kept.items()}
