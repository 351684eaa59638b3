"""Annotate: articles + taxonomy -> actor mentions, topics, relations and name suggestions.

The stage is pure: `load_taxonomy` is its only reader, and it reads the taxonomy
files alone. Modules, one job each:
  taxonomy     load + validate corpus/taxonomy/*.yml against corpus/schemas/
  normalize    fold text for matching, keeping offsets into the original
  matcher      actor mentions (word boundaries, case rules, ambiguity rules)
  topics       weighted topic scores
  relations    sentences naming two actors, read as cooperation/conflict/neutral
  suggestions  recurring capitalised names no actor matches
  benchmark, evaluate   runnable checks of speed and accuracy
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ..models import (AnnotatedArticle, Article, ArticleId, Corpus, IngestResult, Mention,
                      RelationEvidence, Taxonomy, TopicScore)
from ..parallel import parallel_map
from .matcher import ActorMatcher
from .normalize import fold_text
from .relations import RelationReader
from .suggestions import suggest_names
from .taxonomy import load_taxonomy
from .topics import TopicScorer

Annotations = tuple[tuple[Mention, ...], tuple[TopicScore, ...], tuple[RelationEvidence, ...]]

__all__ = ["Annotator", "annotate_corpus", "load_taxonomy", "suggest_names"]


class Annotator:
    """Compiled once per taxonomy; every method is pure."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.matcher = ActorMatcher(taxonomy)
        self.scorer = TopicScorer(taxonomy)
        self.reader = RelationReader(taxonomy)

    def mentions(self, text: str) -> tuple[Mention, ...]:
        """Actor mentions in text order; `text[m.start:m.end] == m.surface`."""
        return self.matcher.find_mentions(text)

    def topics(self, text: str) -> tuple[TopicScore, ...]:
        return self.scorer.score(text)

    def relations(self, article_id: ArticleId, text: str,
                  mentions: Sequence[Mention]) -> tuple[RelationEvidence, ...]:
        return self.reader.relations(article_id, text, mentions)

    def annotate(self, article: Article) -> AnnotatedArticle:
        return AnnotatedArticle(article, *self.annotations(article))

    def annotations(self, article: Article) -> Annotations:
        text = article.text
        folded = fold_text(text)  # shared by actors and topics: the text is folded once
        mentions = self.matcher.find_mentions(text, folded)
        return mentions, self.scorer.score(text, folded), self.relations(article.id, text, mentions)


def annotate_corpus(ingested: IngestResult, taxonomy: Taxonomy) -> Corpus:
    with _without_cyclic_gc():
        annotator = Annotator(taxonomy)
        # Workers send back only the annotations; the articles themselves stay here.
        found = parallel_map(annotator.annotations, ingested.articles, label="annotate")
        articles = tuple(AnnotatedArticle(article, *annotations)
                         for article, annotations in zip(ingested.articles, found))
        return Corpus(articles, taxonomy, ingested.reports, suggest_names(articles))


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the pass.

    Annotating allocates hundreds of thousands of small objects that form no cycles
    (mentions, relation evidence, spans); each allocation burst triggers a collector
    pass that also walks the whole ingested corpus, which cost 15-20% of the stage at
    1,000 articles. Reference counting still frees everything; the collector resumes
    (if it was on) when the pass ends, and any cycle is collected then.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

