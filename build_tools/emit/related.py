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
_MAX_RERANKED = 20
"""Under `make serve`, a save that changes more articles' words, actors or topics (a taxonomy edit) ranks them
all again, exactly, rather than one by one against the last weights (`_Weights`)."""


@dataclass
class RelatedMemos:
    """What `related_articles` keeps between regenerations under `make serve`."""

    words: Memo = field(default_factory=Memo)
    """Each article's words, while its text is equal."""
    numbers: WordNumbers = field(default_factory=lambda: WordNumbers())  # a lambda: the class comes below
    ranking: Memo = field(default_factory=Memo)
    """The whole ranking, while every article keeps its words, actors and topics, as when a
    correction gives an article another title, date or outlet."""
    weights: _Weights | None = None
    """The weights of the last full ranking, against which a save re-ranks only the articles it changed
    (`_Weights.rerank`)."""


def related_articles(items: tuple[AnnotatedArticle, ...], limit: int,
                     memos: RelatedMemos | None = None) -> dict[ArticleId, tuple[ArticleId, ...]]:
    """The `limit` nearest articles of each, nearest first. With `memos` (`make serve`), only what an edit
    changed is computed again; and while the articles stay the same ones, an edit of an article's words, actors or
    topics re-ranks that article alone, against the last full ranking's weights (`_Weights.rerank`): ranking
    the whole corpus again, since any word moves the weights, took 2-3.3 s of every save at 10,000 articles."""
    by_id = sorted(items, key=lambda item: item.article.id)
    keep = memos is not None  # without memos, no key: the inputs are never built
    memos = memos or RelatedMemos()
    memos.words.begin(None)
    memos.ranking.begin(None)
    words = memos.words.map(_Words.of, by_id, key=lambda item: item.article.id if keep else None,
                            inputs=lambda item: item.article.text, label="related")
    if not keep:
        nearest, _ = _nearest(by_id, words, memos.numbers.of([item.article.id for item in by_id], words),
                              memos.numbers, limit)
        return {item.article.id: nearest[item.article.id] for item in items}
    inputs = (limit, tuple(words), tuple(map(_features, by_id)))
    nearest = memos.ranking.get("ranking", inputs)
    if nearest is None:
        weights = memos.weights
        changed = weights.changed(by_id, words, limit) if weights is not None else None
        if changed is not None and len(changed) <= _MAX_RERANKED:
            nearest = weights.rerank(by_id, words, changed)
        else:
            nearest, memos.weights = _nearest(by_id, words, memos.numbers.of([item.article.id for item in by_id],
                                                                             words), memos.numbers, limit)
        memos.ranking.put("ranking", inputs, nearest)
    return {item.article.id: nearest[item.article.id] for item in items}


def _features(item: AnnotatedArticle) -> tuple:
    """What the ranking reads of an article besides its words, and a little more: the mentions' places and the
    topics' scores too, since comparing the tuples the annotate memo kept is cheaper than rebuilding them."""
    return item.article.id, item.mentions, item.topics


def _nearest(by_id: list[AnnotatedArticle], words: list[_Words], numbers: list[np.ndarray], numbering: WordNumbers,
             limit: int) -> tuple[dict[ArticleId, tuple[ArticleId, ...]], _Weights]:
    """Each article's `limit` nearest, from the articles in id order, their words, and those words' numbers; and
    the weights they were ranked with."""
    ids = [item.article.id for item in by_id]
    entities, entity_columns = _entity_counts(by_id)
    word_counts, word_columns = _word_counts(words, numbers, numbering)
    vectors, document_frequency, idf = _vectors(entities, word_counts)
    postings = _postings(vectors, document_frequency)
    nearest = {}
    for start in range(0, len(ids), _ROWS_PER_BLOCK):
        scores = vectors[start:start + _ROWS_PER_BLOCK] @ postings
        for row, columns in _best_per_row(scores, limit, first_row=start):
            nearest[ids[row]] = tuple(ids[column] for column in columns)
    inputs = {item.article.id: (counted, _features(item)) for item, counted in zip(by_id, words)}
    return nearest, _Weights(ids, inputs, limit, entity_columns, word_columns, idf, postings, dict(nearest))


@dataclass
class _Weights:
    """What a full ranking weighed the articles with (the features' columns and idf, the postings), and what it
    found, for `make serve` to re-rank an edited article alone.

    An approximation, said in the README: the edited article's vector is weighed with the idf of the last full
    ranking (a word new to the corpus counts for nothing until then) and scored against the postings of then;
    the other articles keep their lists, even where the edit would move the article into or out of them. A full
    ranking (`build`, serve's start, and any save that adds or removes an article) is exact."""

    ids: list[ArticleId]
    inputs: dict[ArticleId, tuple[_Words, tuple]]
    """Each article's words and features (`_features`) as last ranked."""
    limit: int
    entity_columns: dict[str, int]
    word_columns: dict[str, int]
    idf: tuple[np.ndarray, np.ndarray]
    """Of the entities' columns, then of the words'."""
    postings: sparse.csr_array
    nearest: dict[ArticleId, tuple[ArticleId, ...]]

    def changed(self, by_id: list[AnnotatedArticle], words: list[_Words], limit: int) -> list[int] | None:
        """The rows of `by_id` whose words or features changed since, if these weights may re-rank them: the same
        articles, for the same number of neighbours. None if not."""
        if limit != self.limit or len(by_id) != len(self.ids) or any(
                item.article.id != article_id for item, article_id in zip(by_id, self.ids)):
            return None
        return [row for row, (item, counted) in enumerate(zip(by_id, words))
                if self.inputs[item.article.id] != (counted, _features(item))]

    def rerank(self, by_id: list[AnnotatedArticle], words: list[_Words],
               rows: list[int]) -> dict[ArticleId, tuple[ArticleId, ...]]:
        """The nearest of each article: ranked again for those at `rows` (`changed`), kept for the rest."""
        for row in rows:
            item, counted = by_id[row], words[row]
            self.inputs[item.article.id] = (counted, _features(item))
            self.nearest[item.article.id] = self._ranked(row, item, counted)
        return dict(self.nearest)

    def _ranked(self, row: int, item: AnnotatedArticle, counted: _Words) -> tuple[ArticleId, ...]:
        entities, _ = _entity_counts([item], self.entity_columns)
        known = [(self.word_columns[word], count) for word, count in zip(counted.joined.splitlines(), counted.counts)
                 if word in self.word_columns]
        known.sort()
        word_counts = sparse.csr_array((np.array([count for _, count in known], dtype=np.uint8),
                                        np.array([column for column, _ in known], dtype=np.int64),
                                        np.array([0, len(known)])), shape=(1, len(self.word_columns)))
        vector, _, _ = _vectors(entities, word_counts, self.idf)
        scores = vector @ self.postings
        return next((tuple(self.ids[column] for column in columns)
                     for _, columns in _best_per_row(scores, self.limit, first_row=row)), ())


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


def _entity_counts(items: list[AnnotatedArticle],
                   column: dict[str, int] | None = None) -> tuple[sparse.csr_array, dict[str, int]]:
    """Articles x (actors, then topics, each sorted): a mention counts 3, a topic 5; and each one's column. With
    `column` (`_Weights`), those columns, leaving out an actor or topic without one."""
    if column is None:
        actors = sorted({mention.actor for item in items for mention in item.mentions})
        topics = sorted({score.topic for item in items for score in item.topics})
        column = {name: n for n, name in enumerate(chain(actors, topics))}
    counts = (3 * incidence([[column[m.actor] for m in item.mentions if m.actor in column] for item in items],
                            len(column))
              + 5 * incidence([[column[s.topic] for s in item.topics if s.topic in column] for item in items],
                              len(column)))
    return counts, column


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

    def columns(self, numbers: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """The column of each number among the words that `numbers` hold, sorted; and those words."""
        present = np.flatnonzero(np.bincount(numbers, minlength=len(self._words)))
        words = sorted(map(self._words.__getitem__, present.tolist()))
        column = np.zeros(len(self._words), dtype=np.int64)
        column[[self._number[word] for word in words]] = np.arange(len(words))
        return column[numbers], words


def _word_counts(articles: list[_Words], numbers: list[np.ndarray],
                 numbering: WordNumbers) -> tuple[sparse.csr_array, dict[str, int]]:
    """Articles x words, the words sorted; and each word's column."""
    indices, words = numbering.columns(np.concatenate([np.zeros(0, dtype=np.int64), *numbers]))
    counts = np.frombuffer(b"".join(article.counts for article in articles), dtype=np.uint8)
    indptr = np.concatenate(([0], np.cumsum([len(row) for row in numbers], dtype=np.int64)))
    return (sparse.csr_array((counts, indices, indptr), shape=(len(articles), len(words))),
            {word: n for n, word in enumerate(words)})


def _vectors(entities: sparse.csr_array, words: sparse.csr_array, idf: tuple[np.ndarray, np.ndarray] | None = None
             ) -> tuple[sparse.csr_array, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Articles x features (entities, then words): log(1 + count) x idf, with every entity and the
    `_KEYWORDS` heaviest words of each article (ties by word), L2-normalised; the number of articles
    each feature occurs in; and the idf of the entities and of the words, these articles' own unless given."""
    document_frequency = np.bincount(np.concatenate((entities.indices, entities.shape[1] + words.indices)),
                                     minlength=entities.shape[1] + words.shape[1])
    idf = idf or (_idf(entities), _idf(words))
    (entities, _), (words, ranks) = _weighted(entities, idf[0]), _weighted(words, idf[1])
    rows = np.repeat(np.arange(words.shape[0]), np.diff(words.indptr))
    kept = _first_per_group(rows, ranks, words.indices, _KEYWORDS)
    words = sparse.csr_array((words.data[kept], (rows[kept], words.indices[kept])), shape=words.shape)
    vectors = sparse.hstack([entities, words], format="csr")
    norms = np.sqrt(vectors.multiply(vectors) @ np.ones(vectors.shape[1]))
    vectors.data /= np.repeat(norms, np.diff(vectors.indptr))
    return vectors, document_frequency, idf


def _idf(counts: sparse.csr_array) -> np.ndarray:
    return _logs(1 + counts.shape[0] / np.bincount(counts.indices, minlength=counts.shape[1]))


def _weighted(counts: sparse.csr_array, idf: np.ndarray) -> tuple[sparse.csr_array, np.ndarray]:
    """log(1 + count) x idf, and the rank of each weight, 0 for the heaviest (equal weights alike).

    A weight is one of a few counts' log times one feature's idf: ranking that small table, not
    millions of entries, saved most of the sorting."""
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
