"""Annotate: articles + taxonomy -> mentions, topics and relations.

PLACEHOLDER: naive matching; the real matcher replaces this module.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import yaml
from slugify import slugify

from ..models import (Actor, ActorId, ActorType, AnnotatedArticle, Article, Corpus, IngestResult,
                      Mention, RelationCues, Taxonomy, Topic, TopicId, TopicScore)


def load_taxonomy(taxonomy_dir: Path, root: Path) -> Taxonomy:
    actors = []
    for path in sorted((taxonomy_dir / "actors").glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            actors.append(Actor(id=ActorId(slugify(entry["name"])), name=entry["name"],
                                type=ActorType(entry["type"]), description=entry.get("description", ""),
                                aliases=tuple(entry.get("aliases", ())),
                                abbreviations=tuple(entry.get("abbreviations", ())),
                                source=PurePosixPath(path.relative_to(root).as_posix())))
    topics = []
    topics_file = taxonomy_dir / "topics.yml"
    for entry in yaml.safe_load(topics_file.read_text(encoding="utf-8")) or []:
        topics.append(Topic(id=TopicId(slugify(entry["name"])), name=entry["name"],
                            description=entry["description"], terms=tuple(entry["terms"].items()),
                            threshold=entry["threshold"],
                            source=PurePosixPath(topics_file.relative_to(root).as_posix())))
    return Taxonomy(tuple(actors), tuple(topics), RelationCues((), ()))


class Annotator:
    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy

    def mentions(self, text: str) -> tuple[Mention, ...]:
        found = []
        for actor in self.taxonomy.actors:
            for term in actor.terms:
                for match in re.finditer(rf"\b{re.escape(term)}\b", text):
                    found.append(Mention(actor.id, match.start(), match.end(), match.group()))
        return tuple(sorted(found, key=lambda m: (m.start, m.end, m.actor)))

    def topics(self, text: str) -> tuple[TopicScore, ...]:
        scores = []
        for topic in self.taxonomy.topics:
            fired = [(term, len(re.findall(rf"\b{re.escape(term)}\b", text, re.I))) for term, _ in topic.terms]
            fired = [(term, count) for term, count in fired if count]
            score = sum(count * dict(topic.terms)[term] for term, count in fired)
            if score >= topic.threshold:
                scores.append(TopicScore(topic.id, score, tuple(fired)))
        return tuple(sorted(scores, key=lambda s: (-s.score, s.topic)))

    def annotate(self, article: Article) -> AnnotatedArticle:
        text = article.text
        return AnnotatedArticle(article, self.mentions(text), self.topics(text), ())


def annotate_corpus(ingested: IngestResult, taxonomy: Taxonomy) -> Corpus:
    annotator = Annotator(taxonomy)
    return Corpus(tuple(annotator.annotate(a) for a in ingested.articles), taxonomy, ingested.reports)
