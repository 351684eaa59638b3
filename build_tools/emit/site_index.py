"""Cross-references derived once from the whole annotated corpus.

Index pages need the complete corpus (articles per actor, co-mentions, pairs
with evidence, outlets, authors), so this is computed after annotation and
before any page is rendered. Every list is sorted with an explicit key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain
from pathlib import PurePosixPath

import numpy as np
from scipy import sparse
from slugify import slugify

from ..models import (ActorId, AnnotatedArticle, ArticleId, Corpus, RelationEvidence, Story, StoryId, TopicId,
                      TopicScore)

PairKey = tuple[ActorId, ActorId]
LIST_PAGE_SLUG = "index"
"""Each kind's list page is <kind>/index.md; no page of a name may take that address."""
PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def newest_first(item: AnnotatedArticle) -> tuple:
    """Dated articles newest first, undated last, ties by title then id."""
    date = item.article.date
    return (date is None, -(date.toordinal() if date else 0), item.article.title.casefold(), item.article.id)


@dataclass(frozen=True)
class Named:
    """An outlet or an author: a display name and the slug of its page."""

    name: str
    slug: str


@cache  # a corpus names few outlets and authors, over and over: slugify took 0.35 s at 10,000 articles
def named(name: str) -> Named:
    return Named(name, clear_of_list_page(slugify(name) or "unnamed"))


def clear_of_list_page(slug: str) -> str:
    """`slug`, unless it is the address of its kind's list page (authors/index.md): then `index-page`.
    An author or outlet called "Index" is a real name, so its page moves rather than failing the build."""
    return f"{slug}-page" if slug == LIST_PAGE_SLUG else slug


def source_slugs(paths: Iterable[PurePosixPath]) -> dict[PurePosixPath, str]:
    """The address of each raw file's page (sources/<slug>.md): its name without extension where that is a
    plain, free address; otherwise a slug of it, made unique with -2, -3... A name with `#` or `?` would break
    links to it, `..txt` would make a hidden page MkDocs leaves out, `index.txt` would take the sources list's
    address, and `a.txt` beside `a.md` (or `A.txt` beside `a.txt`) would share one page."""
    ordered = sorted(paths, key=lambda path: (not _plain_stem(path.stem), path.as_posix()))
    slugs: dict[PurePosixPath, str] = {}
    taken: set[str] = set()
    for path in ordered:
        base = path.stem if _plain_stem(path.stem) else clear_of_list_page(slugify(path.stem) or "source")
        candidate, n = base, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.casefold())
        slugs[path] = candidate
    return slugs


def _plain_stem(stem: str) -> bool:
    return PLAIN_NAME.fullmatch(stem) is not None and stem.casefold() != LIST_PAGE_SLUG


class SiteIndex:
    def __init__(self, corpus: Corpus, relation_min_evidence: int):
        self.corpus = corpus
        self.taxonomy = corpus.taxonomy
        self.relation_min_evidence = relation_min_evidence
        self.articles = tuple(sorted(corpus.articles, key=newest_first))
        self.by_id: dict[ArticleId, AnnotatedArticle] = {a.article.id: a for a in self.articles}
        self.source_slugs = source_slugs(report.path for report in corpus.reports)
        """The page address of each raw file (`source_slugs`)."""

    # ------------------------------------------------------------------ actors

    @cached_property
    def articles_by_actor(self) -> dict[ActorId, tuple[AnnotatedArticle, ...]]:
        found: dict[ActorId, list[AnnotatedArticle]] = defaultdict(list)
        for item in self.articles:
            for actor in item.actor_ids:
                found[actor].append(item)
        return {actor: tuple(items) for actor, items in sorted(found.items())}

    @cached_property
    def mention_counts(self) -> Counter[ActorId]:
        totals = self._mentions_per_year.sum(axis=1).tolist()
        return Counter({actor: total for actor, total in zip(self._actor_column, totals) if total})

    @cached_property
    def mentioned_actors(self) -> tuple[ActorId, ...]:
        """Actors with at least one mention, most mentioned first."""
        counts = self.mention_counts
        return tuple(sorted(self.articles_by_actor, key=lambda a: (-counts[a], a)))

    def top_co_mentioned(self, actor: ActorId, limit: int) -> list[tuple[ActorId, int]]:
        """The actors most often mentioned in the same articles as `actor`, with how many articles."""
        return self._top_actors(self._co_mentions, self._actor_column.get(actor), limit, leave_out=actor)

    @cached_property
    def _actor_column(self) -> dict[ActorId, int]:
        return {actor: n for n, actor in enumerate(self.articles_by_actor)}

    @cached_property
    def _actor_incidence(self) -> sparse.csr_array:
        """Articles x actors (sorted): 1 where the article mentions the actor."""
        return incidence([[self._actor_column[a] for a in item.actor_ids] for item in self.articles],
                          len(self._actor_column))

    @cached_property
    def _co_mentions(self) -> sparse.csr_array:
        """Actors x actors: in how many articles both are mentioned. Counted per actor page over its
        articles, this took 2.5 s of a save at 10,000 articles; one sparse product takes 0.1 s."""
        return (self._actor_incidence.T @ self._actor_incidence).tocsr()

    def _top_actors(self, counts: sparse.csr_array, row: int | None, limit: int,
                    leave_out: ActorId | None = None) -> list[tuple[ActorId, int]]:
        """The `limit` largest entries of a row of an (anything x actors) table, ties by actor id."""
        if row is None:
            return []
        actors = tuple(self._actor_column)
        start, end = counts.indptr[row], counts.indptr[row + 1]
        found = [(actors[column], count) for column, count in
                 zip(counts.indices[start:end].tolist(), counts.data[start:end].tolist())]
        return sorted((kv for kv in found if kv[0] != leave_out), key=lambda kv: (-kv[1], kv[0]))[:limit]

    # --------------------------------------------------------------- relations

    @cached_property
    def evidence_by_pair(self) -> dict[PairKey, tuple[RelationEvidence, ...]]:
        found: dict[PairKey, list[RelationEvidence]] = defaultdict(list)
        for item in self.articles:
            for evidence in item.relations:
                found[evidence.actors].append(evidence)
        return {pair: tuple(items) for pair, items in sorted(found.items())
                if len(items) >= self.relation_min_evidence}

    def pair(self, a: ActorId, b: ActorId) -> PairKey | None:
        key = (a, b) if a <= b else (b, a)
        return key if key in self.evidence_by_pair else None

    # ------------------------------------------------------------------ topics

    @cached_property
    def articles_by_topic(self) -> dict[TopicId, tuple[AnnotatedArticle, ...]]:
        """Highest score first, then newest first."""
        found: dict[TopicId, list[tuple[int, AnnotatedArticle]]] = defaultdict(list)
        for item in self.articles:  # newest first, which the stable sort below keeps among equal scores
            for score in item.topics:
                found[score.topic].append((score.score, item))
        return {topic: tuple(item for _, item in sorted(scored, key=lambda pair: -pair[0]))
                for topic, scored in sorted(found.items())}

    @cached_property
    def topics_by_size(self) -> tuple[TopicId, ...]:
        found = self.articles_by_topic
        return tuple(sorted(found, key=lambda t: (-len(found[t]), t)))

    def topic_actors(self, topic: TopicId, limit: int) -> list[tuple[ActorId, int]]:
        """The actors mentioned in most of the topic's articles, with how many."""
        return self._top_actors(self._topic_actors, self._topic_row.get(topic), limit)

    @cached_property
    def _topic_row(self) -> dict[TopicId, int]:
        return {topic: n for n, topic in enumerate(self.articles_by_topic)}

    @cached_property
    def _topic_actors(self) -> sparse.csr_array:
        """Topics x actors: in how many of the topic's articles the actor is mentioned."""
        topics = incidence([[self._topic_row[s.topic] for s in item.topics] for item in self.articles],
                            len(self._topic_row))
        return (topics.T @ self._actor_incidence).tocsr()

    # -------------------------------------------------------- outlets, authors

    @cached_property
    def articles_by_outlet(self) -> dict[Named, tuple[AnnotatedArticle, ...]]:
        return self._group(lambda item: [item.article.publication] if item.article.publication else [])

    @cached_property
    def articles_by_author(self) -> dict[Named, tuple[AnnotatedArticle, ...]]:
        return self._group(lambda item: list(item.article.authors))

    def _group(self, keys) -> dict[Named, tuple[AnnotatedArticle, ...]]:
        found: dict[str, list[AnnotatedArticle]] = defaultdict(list)
        names: dict[str, str] = {}
        for item in self.articles:
            for name in keys(item):
                slug = named(name).slug
                names.setdefault(slug, name)  # first spelling in newest-first order names the page
                found[slug].append(item)
        return {Named(names[slug], slug): tuple(found[slug]) for slug in sorted(found)}

    # ----------------------------------------------------------------- stories

    @cached_property
    def _stories(self) -> dict[ArticleId, Story]:
        return {article_id: story for story in self.corpus.stories for article_id in story.articles}

    def story_id(self, article_id: ArticleId) -> StoryId:
        """The story an article belongs to; an article without copies is a story of its own, under its id."""
        story = self._stories.get(article_id)
        return story.id if story else StoryId(article_id)

    def copies(self, article_id: ArticleId) -> int:
        """How many articles tell the article's story, itself included."""
        story = self._stories.get(article_id)
        return len(story.articles) if story else 1

    def other_copies(self, article_id: ArticleId) -> tuple[AnnotatedArticle, ...]:
        """The story's other articles, first published first."""
        story = self._stories.get(article_id)
        return tuple(self.by_id[other] for other in story.articles if other != article_id) if story else ()

    def story_count(self, items: Iterable[AnnotatedArticle]) -> int:
        """How many stories `items` tell: copies of one text count once. (Every actor and topic page's input,
        on every save: a plain dictionary lookup per article, not `story_id`.)"""
        story_of = self._story_of
        return len({story_of.get(article_id, article_id) for article_id in (item.article.id for item in items)})

    @cached_property
    def _story_of(self) -> dict[ArticleId, str]:
        return {article_id: story.id for article_id, story in self._stories.items()}

    # ------------------------------------------------------------------ time

    @cached_property
    def by_year(self) -> dict[int | None, tuple[AnnotatedArticle, ...]]:
        """Each story once, as its first-published copy: a repost is not another event."""
        found: dict[int | None, list[AnnotatedArticle]] = defaultdict(list)
        for item in self.articles:
            if self.story_id(item.article.id) == item.article.id:
                found[self._year(item)].append(item)
        return {year: tuple(found[year]) for year in sorted(found, key=lambda y: (y is None, -(y or 0)))}

    @cached_property
    def _years(self) -> tuple[int | None, ...]:
        """The articles' years, oldest first, None (undated) last."""
        return tuple(sorted({self._year(item) for item in self.articles}, key=lambda y: (y is None, y or 0)))

    @staticmethod
    def _year(item: AnnotatedArticle) -> int | None:
        return item.article.date.year if item.article.date else None

    @cached_property
    def _mentions_per_year(self) -> np.ndarray:
        """Actors (as `_actor_column`) x `_years`: how many times each actor is mentioned in each year's articles.

        Counted by numpy from one flat array of the corpus's mentions: a Counter per actor, filled mention by
        mention, took 0.57 s of a save at 10,000 articles (841,000 mentions)."""
        column, year_column = self._actor_column, {year: n for n, year in enumerate(self._years)}
        actors = np.fromiter((column[m.actor] for item in self.articles for m in item.mentions), dtype=np.int64)
        years = np.repeat(np.fromiter((year_column[self._year(item)] for item in self.articles), dtype=np.int64,
                                      count=len(self.articles)),
                          [len(item.mentions) for item in self.articles])
        shape = (len(column), len(self._years))
        return np.bincount(actors * shape[1] + years, minlength=shape[0] * shape[1]).reshape(shape)

    def actor_mentions_by_year(self, actor: ActorId) -> list[tuple[int | None, int]]:
        """(year, mentions) for each year the actor is mentioned in, oldest first, undated last."""
        row = self._actor_column.get(actor)
        counts = self._mentions_per_year[row].tolist() if row is not None else []
        return [(year, count) for year, count in zip(self._years, counts) if count]


def articles_by_year(items: Iterable[AnnotatedArticle]) -> list[tuple[int | None, int]]:
    """(year, articles) for each year of `items`, oldest first, undated last."""
    counts = Counter(SiteIndex._year(item) for item in items)
    return sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))


def incidence(columns: list[list[int]], width: int) -> sparse.csr_array:
    """Rows x `width`: at each row's `columns`, how often the row lists it."""
    rows = np.repeat(np.arange(len(columns)), [len(row) for row in columns])
    flat = np.fromiter(chain.from_iterable(columns), dtype=np.int64, count=len(rows))
    return sparse.csr_array((np.ones(len(rows), dtype=np.int64), (rows, flat)), shape=(len(columns), width))


def topic_entry(item: AnnotatedArticle, topic: TopicId) -> TopicScore | None:
    """The article's score for `topic`, with the terms that fired, if the topic applies to it."""
    return next((s for s in item.topics if s.topic == topic), None)


def reading_counts(evidence: Iterable[RelationEvidence]) -> Counter[str]:
    """How many evidence sentences read as each reading ("cooperation", "conflict", "neutral")."""
    # Counted by member, named after: `.value` on each of 800,000 sentences was most of the relations overview.
    counts = Counter(e.reading for e in evidence)
    return Counter({reading.value: n for reading, n in counts.items()})


def pair_slug(pair: PairKey) -> str:
    return f"{pair[0]}--{pair[1]}"


def iso(date: dt.date | None) -> str:
    return date.isoformat() if date else "undated"


def long_date(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else "Undated"
