"""Data files for researchers: the annotated corpus as JSON and CSV, the taxonomy, BibTeX, an Atom feed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath
from xml.sax.saxutils import escape as xml_escape

from ..models import AnnotatedArticle, Corpus, RenderedPage
from .cite import bibtex
from .records import annotated_record, sentence_spans, taxonomy_record
from .site_index import SiteIndex

DOWNLOADS = PurePosixPath("downloads")


def download_jobs(index: SiteIndex, corpus: Corpus, url_of: Callable[[str], str], collection: str,
                  site_url: str) -> list[Callable[[], RenderedPage]]:
    """One job per data file and the feed, run alongside the pages; `url_of(article_id)` is an article's address."""
    items = index.articles
    return [
        lambda: _file("corpus.json", _json({"articles": [annotated_record(i) for i in items]})),
        lambda: _file("taxonomy.json", _json(taxonomy_record(corpus.taxonomy))),
        lambda: _file("articles.csv", _csv(
            ["id", "title", "authors", "date", "publication", "source_file", "start_line", "actors", "topics"],
            ([i.article.id, i.article.title, "; ".join(i.article.authors),
              i.article.date.isoformat() if i.article.date else "", i.article.publication or "",
              i.article.source.path.as_posix(), i.article.source.start_line, " ".join(i.actor_ids),
              " ".join(s.topic for s in i.topics)] for i in items))),
        lambda: _file("mentions.csv", _csv(
            ["article", "actor", "start", "end", "surface"],
            ([i.article.id, m.actor, m.start, m.end, m.surface] for i in items for m in i.mentions))),
        lambda: _file("topics.csv", _csv(
            ["article", "topic", "score", "fired_terms"],
            ([i.article.id, s.topic, s.score, "; ".join(f"{t}×{c}" for t, c in s.fired)]
             for i in items for s in i.topics))),
        lambda: _file("relations.csv", _csv(
            ["actor_a", "actor_b", "reading", "article", "sentence_start", "sentence_end"],
            _relation_rows(items))),
        lambda: _file("articles.bib", "\n\n".join(
            bibtex(i.article, collection, url_of(i.article.id)) for i in items) + "\n"),
        lambda: render_feed(index, url_of, site_url, collection),
    ]


def render_feed(index: SiteIndex, url_of: Callable[[str], str], site_url: str, collection: str,
                limit: int = 50) -> RenderedPage:
    """An Atom feed of the newest dated articles; `updated` is the newest article date, never the build time."""
    dated = [i for i in index.articles if i.article.date][:limit]
    updated = f"{dated[0].article.date.isoformat()}T00:00:00Z" if dated else "1970-01-01T00:00:00Z"
    entries = []
    for item in dated:
        article, url = item.article, xml_escape(url_of(item.article.id))
        authors = "".join(f"<author><name>{xml_escape(a)}</name></author>" for a in article.authors)
        entries.append(
            f"<entry><title>{xml_escape(article.title)}</title><id>{url}</id>"
            f'<link href="{url}"/><updated>{article.date.isoformat()}T00:00:00Z</updated>{authors}'
            f"<summary>{xml_escape(article.text[:400])}</summary></entry>")
    site = xml_escape(site_url or "/")
    feed = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{xml_escape(collection)}</title><id>{site}</id><link href=\"{site}\"/>"
            f"<updated>{updated}</updated><author><name>{xml_escape(collection)}</name></author>"
            + "".join(entries) + "</feed>\n")
    return RenderedPage(PurePosixPath("feed.xml"), feed)


def _relation_rows(items: Iterable[AnnotatedArticle]) -> Iterator[list]:
    for item in items:
        spans = sentence_spans(item)
        for e in item.relations:
            yield [*e.actors, e.reading.value, e.article, *spans[e.sentence]]


def _file(name: str, content: str) -> RenderedPage:
    return RenderedPage(DOWNLOADS / name, content)


def _json(data: object) -> str:
    # Compact: indenting would make the corpus file a third larger and forces the slow pure-Python encoder.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _csv(header: list[str], rows: Iterable[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
