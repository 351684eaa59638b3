"""Plain JSON-ready records of articles and annotations, for the CLI and the downloads."""

from __future__ import annotations

from pathlib import PurePosixPath
import re
from collections.abc import Iterable
from typing import Any

from ..models import AnnotatedArticle, Article, Cue, Taxonomy, TopicTerm


def published_file(path: PurePosixPath) -> str:
    """A raw file as the site names it: relative to the repository, or by its name alone when it lies outside
    (a --corpus or --raw elsewhere), so that no local absolute path is published."""
    return path.name if path.is_absolute() else path.as_posix()


def article_record(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "author": ", ".join(article.authors) or None,
        "authors": list(article.authors),
        "date": article.date.isoformat() if article.date else None,
        "publication": article.publication,
        "language": article.language,
        "source_file": published_file(article.source.path),
        "start_line": article.source.start_line,
        "end_line": article.source.end_line,
        "sources": [{"file": published_file(s.path), "start_line": s.start_line, "end_line": s.end_line}
                    for s in article.sources],
        "text": article.text,
        "notes": list(article.notes),
    }


def annotated_record(item: AnnotatedArticle, spans: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """`spans`: the article's `sentence_spans`, which the caller needs as well."""
    record = article_record(item.article)
    record["actors"] = list(item.actor_ids)
    record["topics"] = [{"topic": s.topic, "score": s.score, "fired": dict(s.fired)} for s in item.topics]
    record["mentions"] = [{"actor": m.actor, "start": m.start, "end": m.end, "surface": m.surface}
                          for m in item.mentions]
    record["relations"] = relation_records(item, spans)
    return record


def sentence_spans(item: AnnotatedArticle) -> dict[str, tuple[int, int]]:
    """Where each evidence sentence stands in the article's text, looked up once per sentence: a sentence naming
    k actors is the evidence of k(k-1)/2 pairs.

    Evidence comes in text order, so each search starts where the last sentence found ended: searching from
    the start for every sentence took 72 s for one 20 MB article. Evidence quotes a sentence with its
    whitespace folded to single spaces; where the text has other whitespace, any run of it matches a space."""
    spans: dict[str, tuple[int, int]] = {}
    text, cursor = item.article.text, 0
    for evidence in item.relations:
        sentence = evidence.sentence
        if sentence in spans:
            continue
        start = text.find(sentence, cursor)
        if start >= 0:
            spans[sentence] = (start, start + len(sentence))
        else:
            found = re.compile(r"\s+".join(map(re.escape, sentence.split()))).search(text, cursor)
            spans[sentence] = found.span() if found else (-1, -1)
        cursor = max(cursor, spans[sentence][1])
    return spans


def relation_records(item: AnnotatedArticle, spans: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
    """Evidence grouped by sentence: a sentence naming k actors is stored once, not k(k-1)/2 times."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for evidence in item.relations:
        grouped.setdefault(evidence.sentence, []).append(
            {"actors": list(evidence.actors), "reading": evidence.reading.value, "cue": evidence.cue,
             "joined": evidence.joined})
    return [{"sentence": sentence, "start": spans[sentence][0], "end": spans[sentence][1], "pairs": pairs}
            for sentence, pairs in grouped.items()]


def taxonomy_record(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "actors": [{
            "id": a.id, "name": a.name, "type": a.type.value, "description": a.description,
            "aliases": list(a.aliases), "abbreviations": list(a.abbreviations), "demonyms": list(a.demonyms),
            "metonyms": list(a.metonyms), "former_names": list(a.former_names), "wikidata": a.wikidata,
            "country": a.country,
        } for a in taxonomy.actors],
        "topics": [{
            "id": t.id, "name": t.name, "description": t.description, "terms": _by_language(t.terms),
            "negative_terms": _by_language(t.negative_terms), "exact": [term.text for term in t.terms + t.negative_terms
                                                                         if term.exact], "threshold": t.threshold,
        } for t in taxonomy.topics],
        "relation_cues": {group: _cues_by_language(getattr(taxonomy.relation_cues, group))
                          for group in ("cooperation", "conflict", "membership", "negators", "mutual")},
    }


def _cues_by_language(cues: Iterable[Cue]) -> dict[str, dict[str, int]]:
    grouped: dict[str, dict[str, int]] = {}
    for cue in cues:
        grouped.setdefault(cue.language, {})[cue.term] = cue.weight
    return grouped


def _by_language(terms: tuple[TopicTerm, ...]) -> dict[str, dict[str, int]]:
    """Topic terms as topics.yml groups them: language -> term -> weight."""
    grouped: dict[str, dict[str, int]] = {}
    for term in terms:
        grouped.setdefault(term.language, {})[term.text] = term.weight
    return grouped


def tag_record(item: AnnotatedArticle, taxonomy: Taxonomy) -> dict[str, Any]:
    """The `tag --json` output: actors with the surface forms found, topics with scores."""
    actors = []
    for actor_id in item.actor_ids:
        actor = taxonomy.actor(actor_id)
        surfaces = sorted({m.surface for m in item.mentions if m.actor == actor_id})
        count = sum(1 for m in item.mentions if m.actor == actor_id)
        actors.append({"name": actor.name, "type": actor.type.value, "aliases": surfaces, "mentions": count})
    topics = [{"name": taxonomy.topic(s.topic).name, "score": s.score} for s in item.topics]
    return {"actors": actors, "topics": topics}
