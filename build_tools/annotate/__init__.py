"""Annotate: articles + taxonomy -> actor mentions, topics, relations and name suggestions.

The stage is pure: `load_taxonomy` is its only reader, and it reads the taxonomy
files alone. Modules, one job each:
  taxonomy     load + validate corpus/taxonomy/*.yml against corpus/schemas/
  normalize    fold text for matching, keeping offsets into the original
  matcher      actor mentions (word boundaries, case rules, ambiguity rules)
  topics       weighted topic scores
  relations    sentences naming two actors, read as cooperation/conflict/neutral
  quotes       sentences in which an actor speaks, attributed by speech verbs and cues
  suggestions  recurring capitalised names no actor matches
  benchmark, evaluate   runnable checks of speed and accuracy
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from sys import intern

from ..models import (ActorId, AnnotatedArticle, Article, ArticleId, Corpus, IngestResult, Mention, Quote, QuoteKind,
                      Reading, RelationEvidence, Taxonomy, TopicScore)
from ..memo import Memo
from .matcher import ActorMatcher
from .normalize import fold_text
from .quotes import QuoteFinder
from .relations import RelationReader, block_sentences, new_evidence, split_sentences
from .suggestions import SuggestionMemos, suggest_names
from .taxonomy import load_taxonomy
from .topics import TopicScorer

Annotations = tuple[tuple[Mention, ...], tuple[TopicScore, ...], tuple[RelationEvidence, ...],
                    tuple[tuple[int, int], ...], tuple[Quote, ...]]

__all__ = ["Annotator", "annotate_corpus", "load_taxonomy", "suggest_names"]


class Annotator:
    """Compiled once per taxonomy; every method is pure."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.matcher = ActorMatcher(taxonomy)
        self.scorer = TopicScorer(taxonomy)
        self.reader = RelationReader(taxonomy)
        self.quote_finder = QuoteFinder(taxonomy)

    def mentions(self, text: str) -> tuple[Mention, ...]:
        """Actor mentions in text order; `text[m.start:m.end] == m.surface`."""
        return self.matcher.find_mentions(text)

    def topics(self, text: str) -> tuple[TopicScore, ...]:
        return self.scorer.score(text)

    def relations(self, article_id: ArticleId, text: str,
                  mentions: Sequence[Mention]) -> tuple[RelationEvidence, ...]:
        """For text alone; an article's blocks are split one by one (`annotations`)."""
        return self.reader.relations(article_id, text, mentions, split_sentences(text))

    def annotate(self, article: Article) -> AnnotatedArticle:
        return AnnotatedArticle(article, *self.annotations(article))

    def annotations(self, article: Article) -> Annotations:
        text = article.text
        folded = fold_text(text)  # shared by actors and topics: the text is folded once
        mentions = self.matcher.find_mentions(text, folded)
        sentences = block_sentences(article.blocks)
        return (mentions, self.scorer.score(text, folded, article.title),
                self.reader.relations(article.id, text, mentions, sentences),
                sentences, self.quote_finder.quotes(article.id, text, mentions, sentences))


def annotate_corpus(ingested: IngestResult, taxonomy: Taxonomy, memo: Memo | None = None,
                    suggestion_memos: SuggestionMemos | None = None, annotators: Memo | None = None) -> Corpus:
    """With a `memo` (`make serve`), an article annotated before with the same taxonomy is not annotated again;
    with `suggestion_memos`, its share of the name suggestions is not counted again; with `annotators`, the
    taxonomy is not compiled again (1.5 s of every save, whatever the corpus size)."""
    memo = memo or Memo()
    memo.begin(taxonomy)
    annotators = annotators or Memo()
    annotators.begin(taxonomy)
    with _without_cyclic_gc():
        annotator = annotators.reuse("annotator", None, lambda: Annotator(taxonomy))
        articles = tuple(memo.map(lambda article: _pack(annotator.annotations(article)), ingested.articles,
                                  key=lambda article: article.id, inputs=lambda article: article,
                                  finish=_unpack, label="annotate"))
        return Corpus(articles, taxonomy, ingested.reports, suggest_names(articles, memos=suggestion_memos))


_Packed = tuple[tuple[tuple[ActorId, int, int], ...], tuple[TopicScore, ...], tuple[str, ...],
                tuple[tuple[ActorId, ActorId, int, str, str, str], ...], tuple[tuple[int, int], ...],
                tuple[tuple[ActorId, str, int, int, str], ...]]
"""One article's annotations as plain tuples, each relation sentence once: what a worker sends back.

The parent unpickles every worker's results alone, and the dataclasses (some 85
mentions and 85 relation records per article, each repeating its sentence and
article id) are slow to unpickle: 5,000 bench articles on 2 cores took 8.3 s
that way, 7.1 s packed (9.7 s in one process).
"""
_READINGS = {reading.value: reading for reading in Reading}


def _pack(annotations: Annotations) -> _Packed:
    mentions, topics, relations, spans, quotes = annotations
    sentences = tuple(dict.fromkeys(evidence.sentence for evidence in relations))
    number = {sentence: i for i, sentence in enumerate(sentences)}
    return (tuple((m.actor, m.start, m.end) for m in mentions), topics, sentences,
            tuple((*e.actors, number[e.sentence], e.reading.value, e.cue, e.joined) for e in relations), spans,
            tuple((q.speaker, q.words, q.start, q.end, q.kind.value) for q in quotes))


def _unpack(article: Article, packed: _Packed) -> AnnotatedArticle:
    """The article's annotations as the corpus holds them until the build ends: each actor id, mention surface
    and relation cue one shared string (`sys.intern`), not one per mention or relation as unpickled or sliced."""
    mentions, topics, sentences, relations, spans, quotes = packed
    text = article.text
    return AnnotatedArticle(
        article, tuple(Mention(intern(actor), start, end, intern(text[start:end])) for actor, start, end in mentions),
        topics,
        tuple(new_evidence((intern(a), intern(b)), article.id, sentences[i], _READINGS[reading], intern(cue),
                           intern(joined))
              for a, b, i, reading, cue, joined in relations), spans,
        tuple(Quote(speaker, words, article.id, start, end, QuoteKind(kind)) for speaker, words, start, end, kind in quotes))


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

