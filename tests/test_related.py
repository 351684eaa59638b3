"""Related articles (emit/related.py): the sparse-matrix ranking against a plain dictionary reference."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import PurePosixPath

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.emit import related
from build_tools.emit.related import RelatedMemos, related_articles
from build_tools.models import (AnnotatedArticle, Article, ArticleId, Block, BlockKind, Mention, SourceRef,
                                TopicScore)


def annotated(article_id: str, text: str, actors: tuple[str, ...] = (),
              topics: tuple[str, ...] = ()) -> AnnotatedArticle:
    article = Article(id=ArticleId(article_id), title=article_id, authors=(), date=dt.date(2013, 1, 1),
                      publication=None, sources=(SourceRef(PurePosixPath("corpus/raw/x.txt"), 1, 2),),
                      blocks=(Block(BlockKind.PARAGRAPH, text),))
    return AnnotatedArticle(article, tuple(Mention(actor, 0, 1, actor) for actor in actors),
                            tuple(TopicScore(topic, 5, ()) for topic in topics), (), ())


def reference(items: list[AnnotatedArticle], limit: int) -> dict[str, tuple[str, ...]]:
    """The definition in the module docstring, with a dictionary per article."""
    features = {}
    for item in items:
        feats: Counter[str] = Counter()
        for mention in item.mentions:
            feats["actor:" + mention.actor] += 3
        for score in item.topics:
            feats["topic:" + score.topic] += 5
        words = Counter(w.casefold() for w in related._WORD.findall(item.article.text))
        feats.update({"word:" + w: min(c, 5) for w, c in words.items()})
        features[item.article.id] = feats
    frequency = Counter(f for feats in features.values() for f in feats)
    idf = {f: math.log(1 + len(items) / n) for f, n in frequency.items()}
    vectors = {}
    for aid, feats in features.items():
        weights = {f: math.log(1 + c) * idf[f] for f, c in feats.items()}
        words = sorted((f for f in weights if f.startswith("word:")), key=lambda f: (-weights[f], f))
        kept = {f: w for f, w in weights.items() if not f.startswith("word:") or f in words[:related._KEYWORDS]}
        norm = math.sqrt(sum(w * w for w in kept.values()))
        vectors[aid] = {f: w / norm for f, w in kept.items()}
    postings = defaultdict(list)
    for aid, vector in vectors.items():
        for f, w in vector.items():
            if frequency[f] <= max(2, len(items) * related._COMMON_SHARE):
                postings[f].append((-w, aid))
    postings = {f: sorted(entries)[:related._MAX_POSTINGS] for f, entries in postings.items()}
    nearest = {}
    for aid, vector in vectors.items():
        scores: Counter[str] = Counter()
        for f, w in vector.items():
            for other_weight, other in postings.get(f, ()):
                scores[other] += w * -other_weight
        scores.pop(aid, None)
        nearest[aid] = tuple(other for _, other in sorted((-s, other) for other, s in scores.items())[:limit])
    return nearest


def random_corpus(seed: int, size: int) -> list[AnnotatedArticle]:
    rng = random.Random(seed)
    vocabulary = [f"word{chr(97 + n % 26)}{chr(97 + n // 26)}" for n in range(60)] + ["Straße", "İstanbul"]
    return [annotated(f"a{n:03d}", " ".join(rng.choices(vocabulary, k=rng.randint(0, 40))),
                      tuple(rng.choices(["kz", "ru", "cn", "us"], k=rng.randint(0, 4))),
                      tuple(rng.sample(["energy", "security", "trade"], k=rng.randint(0, 2))))
            for n in range(size)]


@pytest.mark.parametrize("seed", range(6))
def test_the_matrix_ranking_equals_the_dictionary_reference(monkeypatch, seed):
    # Small limits, so that the keyword cut, the postings cut and the common-feature cut all apply.
    monkeypatch.setattr(related, "_KEYWORDS", 4)
    monkeypatch.setattr(related, "_MAX_POSTINGS", 3)
    monkeypatch.setattr(related, "_ROWS_PER_BLOCK", 7)
    items = random_corpus(seed, 40)
    assert related_articles(tuple(items), 3) == reference(items, 3)


def test_nearest_shares_rare_actors_and_words_and_never_the_article_itself():
    items = (annotated("dam", "Rogun dam water dispute upstream", ("tj", "uz")),
             annotated("water", "Water dispute over the Rogun reservoir", ("tj", "uz")),
             annotated("drills", "Military drills near the border", ("ru",), ("security",)),
             annotated("exercise", "Military exercise with border troops", ("ru",), ("security",)))
    found = related_articles(items, 1)
    assert found == {"dam": ("water",), "water": ("dam",), "drills": ("exercise",), "exercise": ("drills",)}


def test_ties_go_to_the_smaller_id_whatever_the_order_of_the_articles():
    # b and c each share one word with x, weighted alike: they tie for x.
    items = [annotated("x", "pipeline transit"), annotated("c", "transit"), annotated("b", "pipeline")]
    for order in (items, items[::-1]):
        assert related_articles(tuple(order), 5) == {"x": ("b", "c"), "c": ("x",), "b": ("x",)}


def test_no_article_and_one_article():
    assert related_articles((), 5) == {}
    assert related_articles((annotated("only", "Lonely text"),), 5) == {"only": ()}


def test_a_memo_counts_and_numbers_again_only_the_words_of_a_changed_text(monkeypatch):
    counted: list[str] = []
    original = related._Words.of
    monkeypatch.setattr(related._Words, "of", lambda item: counted.append(item.article.id) or original(item))
    numbered: list[str] = []
    original_numbered = related.WordNumbers._numbered
    monkeypatch.setattr(related.WordNumbers, "_numbered",
                        lambda self, words: numbered.append(words.joined) or original_numbered(self, words))
    items, memo = random_corpus(1, 12), RelatedMemos()
    related_articles(tuple(items), 3, memo)
    counted.clear()
    numbered.clear()
    # New words, and every word of the old text gone from this article (some from the corpus too); and an
    # article added, so that the memo ranks everything again (numbering the words) rather than this article alone.
    items[4] = annotated(items[4].article.id, "Another text altogether", ("kz",))
    items.append(annotated("a999", "Yet another text", ("kz",)))
    assert related_articles(tuple(items), 3, memo) == related_articles(tuple(items), 3)
    assert counted[:2] == [items[4].article.id, "a999"] and counted.count(items[4].article.id) == 2
    assert len(counted) == 2 + len(items)  # the second call has no memo
    assert numbered[:2] == ["another\ntext\naltogether", "another\ntext"]
    assert len(numbered) == 2 + len(items)


def test_the_single_key_sort_and_its_fallback_choose_alike():
    rng = np.random.default_rng(3)
    groups, rank, ties = np.sort(rng.integers(0, 50, 2000)), rng.integers(0, 20, 2000), rng.permutation(2000)
    fast = related._first_per_group(groups, rank, ties, 4)
    # Ties so large that one integer key would overflow: np.lexsort decides instead.
    slow = related._first_per_group(groups, rank, ties * 2 ** 50, 4)
    assert fast.tolist() == slow.tolist()
    assert fast.tolist() == [n for group in range(50) for n in sorted(np.flatnonzero(groups == group),
                                                                       key=lambda n: (rank[n], ties[n]))[:4]]


def test_a_memo_ranks_again_only_when_words_actors_or_topics_change(monkeypatch):
    ranked: list[int] = []
    original = related._nearest
    monkeypatch.setattr(related, "_nearest", lambda *args: ranked.append(1) or original(*args))
    items, memo = random_corpus(2, 12), RelatedMemos()
    related_articles(tuple(items), 3, memo)
    # A new title and date (a correction): the same words, actors and topics, so the same ranking.
    items[4] = replace(items[4], article=replace(items[4].article, title="Renamed", date=None))
    assert related_articles(tuple(items), 3, memo) == related_articles(tuple(items), 3)
    assert len(ranked) == 2  # the first call and the call without a memo; the second call with it reused it

    ranked.clear()
    related_articles(tuple(items), 4, memo)
    assert ranked == [1]  # another limit


def test_a_memo_reranks_an_edited_article_alone_against_the_last_weights(monkeypatch):
    """Under `make serve` an edit of an article's words, actors or topics re-ranks that article only (`_Weights`):
    an approximation, which a full ranking (another set of articles, many edits, no memo) replaces."""
    ranked: list[int] = []
    original = related._nearest
    monkeypatch.setattr(related, "_nearest", lambda *args: ranked.append(1) or original(*args))
    items, memo = random_corpus(2, 12), RelatedMemos()
    before = related_articles(tuple(items), 3, memo)
    for change in (lambda item: annotated(item.article.id, item.article.text, ("us",)),
                   lambda item: annotated(item.article.id, item.article.text, (), ("trade",)),
                   lambda item: annotated(item.article.id, item.article.text + " wordzz"),
                   lambda item: replace(items[3], article=replace(items[3].article, id=item.article.id))):
        items[7] = change(items[7])
        after = related_articles(tuple(items), 3, memo)
        assert {key: value for key, value in after.items() if key != "a007"} == {
            key: value for key, value in before.items() if key != "a007"}
    assert ranked == [1]  # the first call only
    assert after["a007"][0] == "a003"  # now its copy

    items[5] = annotated(items[5].article.id, items[5].article.text, ("cn",))
    for changed in (items[:-1], items, [*items, annotated("a999", "wordaa wordba", ("kz",))]):
        assert related_articles(tuple(changed), 3, memo) == related_articles(tuple(changed), 3)  # exactly
    monkeypatch.setattr(related, "_MAX_RERANKED", 1)
    many = [annotated(item.article.id, item.article.text + " wordzz") for item in items]
    assert related_articles(tuple(many), 3, memo) == related_articles(tuple(many), 3)


@given(st.lists(st.integers(min_value=0, max_value=60)))
def test_distinct_counts_are_what_numpy_unique_finds(counts):
    data = np.array(counts, dtype=np.int64)
    values, inverse = related._distinct(data)
    expected_values, expected_inverse = np.unique(data, return_inverse=True)
    assert values.tolist() == expected_values.tolist() and inverse.tolist() == expected_inverse.tolist()
