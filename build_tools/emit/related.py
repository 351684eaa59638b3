"""Related articles, ranked by shared actors, shared topics and shared vocabulary.

Each article becomes a sparse vector of features (its actors, its topics and its
`_KEYWORDS` most distinctive words) weighted by inverse document frequency and
L2-normalised. Scores come from an inverted index that keeps, for each feature,
only the articles it weighs most in (at most `_MAX_POSTINGS`): walking every
article's full postings made the stage quadratic (68 s at 5,000 articles).

Only the words are counted and numbered article by article (and kept under `make
serve`, `RelatedMemos`); the weighting, the postings and the scores are sparse-matrix
arithmetic (scipy), done again only when some article's words, actors or topics change:
at 10,000 articles 7.4 s in all, against 15.5 s with a dictionary per article, for
the same ranking. Rows are the articles in id order, so that ties go to the
smaller id. Logarithms come from `math.log` and sums from scipy's sequential
loops, not numpy's CPU-dependent vector code, so every machine ranks alike.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from scipy import sparse

from ..memo import Memo
from ..models import AnnotatedArticle, ArticleId
from .site_index import incidence

_WORD = re.compile(r"[^\W\d_]{4,}")
_COMMON_SHARE = 0.2
_MAX_POSTINGS = 30
_KEYWORDS = 25
_ROWS_PER_BLOCK = 2000
"""Articles scored at once: bounds the memory of the score matrix whatever the corpus size."""


@dataclass
class RelatedMemos:
    """What `related_articles` keeps between regenerations under `make serve`."""

    words: Memo = field(default_factory=Memo)
    """Each article's words, while its text is equal."""
    numbers: WordNumbers = field(default_factory=lambda: WordNumbers())  # a lambda: the class comes below
    ranking: Memo = field(default_factory=Memo)
    """The whole ranking, while every article keeps its words, actors and topics, as when a
    correction gives an article another title, date or outlet."""


def related_articles(items: tuple[AnnotatedArticle, ...], limit: int,
                     memos: RelatedMemos | None = None) -> dict[ArticleId, tuple[ArticleId, ...]]:
    """The `limit` nearest articles of each, nearest first. With `memos`, only what an edit changed is
    computed again, but for the weights and the neighbours once an article's words, actors or topics did."""
    by_id = sorted(items, key=lambda item: item.article.id)
    keep = memos is not None  # without memos, no key: the inputs are never built
    memos = memos or RelatedMemos()
    memos.words.begin(None)
    memos.ranking.begin(None)
    words = memos.words.map(_Words.of, by_id, key=lambda item: item.article.id if keep else None,
                            inputs=lambda item: item.article.text, label="related")

    def rank() -> dict[ArticleId, tuple[ArticleId, ...]]:
        return _nearest(by_id, words, memos.numbers.of([item.article.id for item in by_id], words), memos.numbers,
                        limit)
    nearest = (memos.ranking.reuse("ranking", (limit, tuple(words), tuple(map(_features, by_id))), rank) if keep
               else rank())
    return {item.article.id: nearest[item.article.id] for item in items}


def _features(item: AnnotatedArticle) -> tuple:
    """What the ranking reads of an article besides its words, and a little more: the mentions' places and the
    topics' scores too, since comparing the tuples the annotate memo kept is cheaper than rebuilding them."""
    return item.article.id, item.mentions, item.topics


def _nearest(by_id: list[AnnotatedArticle], words: list[_Words], numbers: list[np.ndarray], numbering: WordNumbers,
             limit: int) -> dict[ArticleId, tuple[ArticleId, ...]]:
    """Each article's `limit` nearest, from the articles in id order, their words, and those words' numbers."""
    ids = [item.article.id for item in by_id]
    vectors, document_frequency = _vectors(_entity_counts(by_id), _word_counts(words, numbers, numbering))
    postings = _postings(vectors, document_frequency)
    nearest = {}
    for start in range(0, len(ids), _ROWS_PER_BLOCK):
        scores = vectors[start:start + _ROWS_PER_BLOCK] @ postings
        for row, columns in _best_per_row(scores, limit, first_row=start):
            nearest[ids[row]] = tuple(ids[column] for column in columns)
    return nearest


@dataclass(frozen=True)
class _Words:
    """An article's distinct words (casefolded) and how often each occurs, capped at 5.

    As one string and one bytes object, since a worker sends them back: pickling a Counter per
    article cost more than counting."""

    joined: str
    """The words, one per line."""
    counts: bytes

    @classmethod
    def of(cls, item: AnnotatedArticle) -> _Words:
        counts = Counter(map(str.casefold, _WORD.findall(item.article.text)))
        return cls("\n".join(counts), bytes(min(count, 5) for count in counts.values()))


def _entity_counts(items: list[AnnotatedArticle]) -> sparse.csr_array:
    """Articles x (actors, then topics, each sorted): a mention counts 3, a topic 5."""
    actors = sorted({mention.actor for item in items for mention in item.mentions})
    topics = sorted({score.topic for item in items for score in item.topics})
    column = {name: n for n, name in enumerate(chain(actors, topics))}
    return (3 * incidence([[column[mention.actor] for mention in item.mentions] for item in items], len(column))
            + 5 * incidence([[column[score.topic] for score in item.topics] for item in items], len(column)))


class WordNumbers:
    """Every word seen, numbered in order of first sight, and each article's words as those numbers.

    Kept across saves under `make serve`, so that a save numbers only a changed article's
    words: numbering every article's words took 1.1 s of each save at 10,000 articles."""

    def __init__(self) -> None:
        self._number: dict[str, int] = {}
        self._words: list[str] = []
        self._articles: dict[ArticleId, tuple[_Words, np.ndarray]] = {}

    def of(self, ids: list[ArticleId], words: list[_Words]) -> list[np.ndarray]:
        """Each article's words as numbers, in their order in `_Words.joined`."""
        known, self._articles = self._articles, {}  # forget the articles no longer there
        for article_id, counted in zip(ids, words):
            found = known.get(article_id)
            self._articles[article_id] = (found if found is not None and found[0] == counted
                                          else (counted, self._numbered(counted)))
        return [self._articles[article_id][1] for article_id in ids]

    def _numbered(self, counted: _Words) -> np.ndarray:
        lines = counted.joined.splitlines()
        for word in [word for word in lines if word not in self._number]:  # an article's words are distinct
            self._number[word] = len(self._words)
            self._words.append(word)
        return np.fromiter(map(self._number.__getitem__, lines), dtype=np.int64, count=len(lines))

    def columns(self, numbers: np.ndarray) -> tuple[np.ndarray, int]:
        """The column of each number among the words that `numbers` hold, sorted; and how many those are."""
        present = np.flatnonzero(np.bincount(numbers, minlength=len(self._words)))
        column = np.zeros(len(self._words), dtype=np.int64)
        column[sorted(present.tolist(), key=self._words.__getitem__)] = np.arange(len(present))
        return column[numbers], len(present)


def _word_counts(articles: list[_Words], numbers: list[np.ndarray], numbering: WordNumbers) -> sparse.csr_array:
    """Articles x words, the words sorted."""
    indices, width = numbering.columns(np.concatenate([np.zeros(0, dtype=np.int64), *numbers]))
    counts = np.frombuffer(b"".join(article.counts for article in articles), dtype=np.uint8)
    indptr = np.concatenate(([0], np.cumsum([len(row) for row in numbers], dtype=np.int64)))
    return sparse.csr_array((counts, indices, indptr), shape=(len(articles), width))


def _vectors(entities: sparse.csr_array, words: sparse.csr_array) -> tuple[sparse.csr_array, np.ndarray]:
    """Articles x features (entities, then words): log(1 + count) x idf, with every entity and the
    `_KEYWORDS` heaviest words of each article (ties by word), L2-normalised; and the number of articles
    each feature occurs in."""
    document_frequency = np.bincount(np.concatenate((entities.indices, entities.shape[1] + words.indices)),
                                     minlength=entities.shape[1] + words.shape[1])
    (entities, _), (words, ranks) = _weighted(entities), _weighted(words)
    rows = np.repeat(np.arange(words.shape[0]), np.diff(words.indptr))
    kept = _first_per_group(rows, ranks, words.indices, _KEYWORDS)
    words = sparse.csr_array((words.data[kept], (rows[kept], words.indices[kept])), shape=words.shape)
    vectors = sparse.hstack([entities, words], format="csr")
    norms = np.sqrt(vectors.multiply(vectors) @ np.ones(vectors.shape[1]))
    vectors.data /= np.repeat(norms, np.diff(vectors.indptr))
    return vectors, document_frequency


def _weighted(counts: sparse.csr_array) -> tuple[sparse.csr_array, np.ndarray]:
    """log(1 + count) x idf, and the rank of each weight, 0 for the heaviest (equal weights alike).

    A weight is one of a few counts' log times one feature's idf: ranking that small table, not
    millions of entries, saved most of the sorting."""
    idf = _logs(1 + counts.shape[0] / np.bincount(counts.indices, minlength=counts.shape[1]))
    values, inverse = _distinct(counts.data)
    table = np.outer(_logs(1 + values), idf).ravel()
    pairs = inverse * counts.shape[1] + counts.indices
    return (sparse.csr_array((table[pairs], counts.indices, counts.indptr), shape=counts.shape),
            _descending_ranks(table)[pairs])


def _postings(vectors: sparse.csr_array, document_frequency: np.ndarray) -> sparse.csr_array:
    """Features x articles: for each feature in no more than a fifth of the corpus (or 2 articles, if that
    is more), the `_MAX_POSTINGS` articles it weighs most in, ties by id. Bounded work per article, whatever the
    corpus size."""
    articles = vectors.shape[0]
    by_feature = vectors.T.tocsr()
    features = np.repeat(np.arange(by_feature.shape[0]), np.diff(by_feature.indptr))
    chosen = _first_per_group(features, _descending_ranks(by_feature.data), by_feature.indices, _MAX_POSTINGS)
    chosen = chosen[document_frequency[features[chosen]] <= max(2, articles * _COMMON_SHARE)]
    return sparse.csr_array((by_feature.data[chosen], (features[chosen], by_feature.indices[chosen])),
                            shape=by_feature.shape)


def _best_per_row(scores: sparse.csr_array, limit: int, first_row: int) -> Iterator[tuple[int, list[int]]]:
    """(row, the `limit` highest-scoring columns other than the row itself, ties by column) per row."""
    rows = first_row + np.repeat(np.arange(scores.shape[0]), np.diff(scores.indptr))
    others = scores.indices != rows
    rows, columns, values = rows[others], scores.indices[others], scores.data[others]
    chosen = _first_per_group(rows, _descending_ranks(values), columns, limit)
    rows, columns = rows[chosen].tolist(), columns[chosen].tolist()
    ends = np.searchsorted(rows, np.arange(first_row, first_row + scores.shape[0]), side="right").tolist()
    start = 0
    for row, end in enumerate(ends, first_row):
        yield row, columns[start:end]
        start = end


def _first_per_group(groups: np.ndarray, rank: np.ndarray, tie_break: np.ndarray, count: int) -> np.ndarray:
    """Positions of the first `count` entries of each group by (`rank`, `tie_break`), sorted by group then
    that order. All three are arrays of non-negative integers."""
    ranks, ties = int(rank.max(initial=0)) + 1, int(tie_break.max(initial=0)) + 1
    if (int(groups.max(initial=0)) + 1) * ranks * ties < 2 ** 63:
        # One integer key: 3-4x faster than np.lexsort over the three arrays.
        ordered = np.argsort((groups * ranks + rank) * ties + tie_break, kind="stable")
    else:
        ordered = np.lexsort((tie_break, rank, groups))
    sorted_groups = groups[ordered]
    # Each entry's place in its group: its position minus where the group starts (one pass, where
    # searching each entry's group start took a tenth of the stage at 10,000 articles).
    starts = np.flatnonzero(np.concatenate(([True], sorted_groups[1:] != sorted_groups[:-1])))
    place = np.arange(len(ordered)) - np.repeat(starts, np.diff(np.append(starts, len(ordered))))
    return ordered[place < count]


def _distinct(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(counts, return_inverse=True) for small counts, found by counting rather than sorting millions."""
    values = np.flatnonzero(np.bincount(counts))
    position = np.zeros(len(values) and values[-1] + 1, dtype=np.int64)
    position[values] = np.arange(len(values))
    return values, position[counts]


def _descending_ranks(values: np.ndarray) -> np.ndarray:
    """0 for the largest value, 1 for the next..., equal values ranked alike."""
    return np.unique(-values, return_inverse=True)[1]


def _logs(values: np.ndarray) -> np.ndarray:
    # math.log: numpy's own log picks vector code by CPU, and may differ in the last bit between machines.
    return np.fromiter(map(math.log, values.tolist()), dtype=np.float64, count=len(values))
