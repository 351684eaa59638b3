"""One story across outlets: articles that are reposts or near-copies of one text, grouped into stories.

Two kinds of copy, kept apart:
- **the same article** (the same body, or the same title and lead) is folded into one article at intake
  (`ingest.dedupe`): it was scraped twice, and one page is enough;
- **the same story** (another outlet's repost, trimmed, retitled, with a paragraph added or reworded) stays an
  article of its own, since its outlet, date and title are facts a reader needs; this module links them.

An article's text is normalised (Unicode NFKC, case folded, ё as е, punctuation dropped) into words of any
script, and its set of `SHINGLE_WORDS`-word shingles is sketched by MinHash (datasketch). Locality-sensitive
hashing (datasketch's MinHashLSH) proposes candidate pairs; a pair is a copy when the shorter text's shingles
are, by the sketches' estimate, at least `story_min_overlap` (corpus/config.yml) inside the longer one's, so that
a repost cut to its first half still counts. A story is an original (the first published) and the articles that
copy it (`stories_of`).

Deterministic: datasketch draws its permutations from numpy's RandomState with a fixed seed, and shingles are
hashed with CRC-32 (`shingles`), so every run and machine computes the same sketches; candidates are read in article-id order.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..memo import Memo
from ..models import Article, ArticleId, Story, StoryId

SHINGLE_WORDS = 4
"""Words per shingle: long enough that shared stock phrases ("the president of the") match rarely, short enough
that a reworded sentence still leaves most of its neighbours' shingles intact."""
PERMUTATIONS = 128
"""MinHash size: the overlap estimate's standard error is about 0.04 near the threshold."""
SEED = 1
SCHEME = "affine32"
"""datasketch 2's default permutation scheme, named so that a future default cannot change the sketches."""
CANDIDATE_JACCARD = 0.2
"""LSH proposes pairs from about this Jaccard similarity: a full copy of a text's first third (overlap 1.0,
Jaccard 0.33) is still proposed, and then checked by its overlap."""
MIN_SHINGLES = 20
"""Texts with fewer distinct shingles (about 25 words) are not compared: a caption or a one-line note shares
its few shingles with anything that quotes it."""

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The text's words (letters and digits of any script), normalised so that typography does not count."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _WORD.findall(folded)


def shingles(text: str) -> np.ndarray:
    """The distinct runs of `SHINGLE_WORDS` words, each as a 32-bit hash (a text shorter than that is one run).

    A run's hash is a polynomial of its words' CRC-32s, in numpy's wrapping uint32 arithmetic: the same on every
    machine, and a fifth of the time of joining and hashing each run as a string."""
    found = words(text)
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, found)), dtype=np.uint32, count=len(found))
    width = min(SHINGLE_WORDS, len(hashes))
    runs = np.zeros(len(hashes) - width + 1 if width else 0, dtype=np.uint32)
    for offset in range(width):
        runs = runs * _MULTIPLIER + hashes[offset:len(hashes) - width + 1 + offset]
    return np.unique(runs)


_MULTIPLIER = np.uint32(0x9E3779B1)
"""An odd constant (2^32 over the golden ratio) that spreads each word's hash over the run's."""

Sketch = tuple[np.ndarray, int]
"""An article's MinHash values and its number of distinct shingles."""


def sketch(text: str) -> Sketch:
    found = shingles(text)
    minhash = MinHash(seed=SEED, hashfunc=int, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch(found.tolist())  # the shingles are hashed already; datasketch mixes them before permuting
    return minhash.hashvalues, len(found)


@cache
def _permutations() -> np.ndarray:
    """datasketch's permutations for `SEED`, drawn once per process (they took a third of each sketch's time)."""
    return MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME).permutations


def overlap(a: Sketch, b: Sketch) -> float:
    """The estimated share of the smaller shingle set found in the larger: |A ∩ B| / min(|A|, |B|)."""
    return float(overlaps(a, b[0][np.newaxis], np.array([b[1]]))[0])


def overlaps(a: Sketch, values: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """`overlap` of `a` with each of several sketches (their values as rows, and their sizes) at once.

    From the sketches' Jaccard estimate J and the sets' sizes, |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    jaccard = np.count_nonzero(values == a[0], axis=1) / PERMUTATIONS
    shared = jaccard * (a[1] + sizes) / (1 + jaccard)
    return np.minimum(1.0, shared / np.minimum(a[1], sizes))


@dataclass
class StoryMemos:
    """What `find_stories` keeps between regenerations under `make serve`."""

    sketches: Memo = field(default_factory=Memo)
    """Each article's sketch, while its text is equal."""
    copies: CopyIndex | None = None
    """The LSH index and the copy pairs of the last run: a save queries it for the changed articles only, where
    rebuilding and querying it for every article took most of the stage (1.9 of 2.1 s at 1,000 articles)."""


def find_stories(articles: Sequence[Article], min_overlap: float, memos: StoryMemos | None = None) -> tuple[Story, ...]:
    """The stories of two or more articles, ordered by id. With `memos` (`make serve`), an article whose text
    did not change is not sketched again, and only the changed articles' pairs are looked for again."""
    ordered = sorted(articles, key=lambda article: article.id)
    keep = memos is not None
    memos = memos or StoryMemos()
    memos.sketches.begin(None)
    sketches = memos.sketches.map(_sketch_article, ordered, key=lambda article: article.id if keep else None,
                                  inputs=lambda article: article.text, label="stories")
    if memos.copies is None or memos.copies.min_overlap != min_overlap:
        memos.copies = CopyIndex(min_overlap)
    pairs = memos.copies.update(dict(zip((article.id for article in ordered), sketches)))
    return stories_of(pairs, {article.id: article for article in ordered})


def _sketch_article(article: Article) -> Sketch:
    return sketch(article.text)


def copy_pairs(ids: Sequence[ArticleId], sketches: Sequence[Sketch],
               min_overlap: float) -> list[tuple[ArticleId, ArticleId]]:
    """(a, b) with a < b for each pair of articles whose texts overlap by `min_overlap` or more."""
    return CopyIndex(min_overlap).update(dict(zip(ids, sketches, strict=True)))


class CopyIndex:
    """The articles' sketches in an LSH index, and the pairs that copy each other, updated article by article.

    A pair depends on its two sketches alone (`overlap` is symmetric), so an update removes the pairs of the
    articles whose sketch changed or went, and looks for theirs again: the pairs come out as a fresh index would
    give them."""

    def __init__(self, min_overlap: float):
        self.min_overlap = min_overlap
        self._index = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=PERMUTATIONS)
        self._sketches: dict[ArticleId, Sketch] = {}
        self._partners: dict[ArticleId, set[ArticleId]] = {}

    def update(self, sketches: dict[ArticleId, Sketch]) -> list[tuple[ArticleId, ArticleId]]:
        """The pairs among `sketches` (each article's), (a, b) with a < b, sorted."""
        gone = [article_id for article_id, found in self._sketches.items() if sketches.get(article_id) is not found]
        for article_id in gone:
            self._remove(article_id)
        added = [article_id for article_id, found in sketches.items()
                 if article_id not in self._sketches and found[1] >= MIN_SHINGLES]
        for article_id in added:
            self._index.insert(article_id, _minhash(sketches[article_id][0]), check_duplication=False)
        self._sketches = dict(sketches)
        for article_id in added:
            self._pair(article_id)
        return sorted((a, b) for a, partners in self._partners.items() for b in partners if a < b)

    def _remove(self, article_id: ArticleId) -> None:
        if self._sketches.pop(article_id)[1] >= MIN_SHINGLES:
            self._index.remove(article_id)
        for other in self._partners.pop(article_id, ()):
            self._partners[other].discard(article_id)

    def _pair(self, article_id: ArticleId) -> None:
        """Link `article_id` with each indexed article that overlaps it enough."""
        others = sorted(other for other in self._index.query(_minhash(self._sketches[article_id][0]))
                        if other != article_id)
        if not others:
            return
        values = np.stack([self._sketches[other][0] for other in others])
        sizes = np.array([self._sketches[other][1] for other in others])
        shares = overlaps(self._sketches[article_id], values, sizes)
        for other, share in zip(others, shares):
            if share >= self.min_overlap:
                self._partners.setdefault(article_id, set()).add(other)
                self._partners.setdefault(other, set()).add(article_id)


def _minhash(values: np.ndarray) -> LeanMinHash:
    """A sketch for the LSH index: LeanMinHash holds the values without drawing the permutations again."""
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def stories_of(pairs: Sequence[tuple[ArticleId, ArticleId]], articles: dict[ArticleId, Article]) -> tuple[Story, ...]:
    """Stories around an original: in first-published order, an article joins the story of the earliest original
    it copies, or else is the original of a new one.

    Not connected components: those chain articles that share different parts (a digest quoting two reports
    joins both, and then everything either is copied into); here every copy copies its story's original."""
    partners: dict[ArticleId, set[ArticleId]] = {}
    for a, b in pairs:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    members: dict[ArticleId, list[ArticleId]] = {}
    for article_id in sorted(partners, key=lambda article_id: first_published(articles[article_id])):
        originals = [other for other in partners[article_id] if other in members]
        original = min(originals, key=lambda other: first_published(articles[other]), default=article_id)
        members.setdefault(original, []).append(article_id)
    return tuple(Story(StoryId(original), tuple(group)) for original, group in sorted(members.items())
                 if len(group) > 1)


def first_published(article: Article) -> tuple:
    """Dated before undated, oldest first, then by id: the first is the story's original as far as dates tell."""
    return article.date is None, article.date.toordinal() if article.date else 0, article.id
