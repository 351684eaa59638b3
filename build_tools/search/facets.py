"""What an article page tells Pagefind: the filter values and sort key of the faceted search page.

Pure: an annotated article and the taxonomy in, a `SearchFacets` out; the
article template writes them into the page as a hidden block of
`data-pagefind-filter` elements (`emit.facets.render_facets_html`).
The names here are the filter names the search page's URL uses
(`?actor=...&quoted=...&topic=...&outlet=...&outlet_kind=...&year=...&language=...`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ingest.language import language_name
from ..models import AnnotatedArticle, Taxonomy

FILTER_NAMES = ("actor", "quoted", "topic", "outlet", "outlet_kind", "year", "language")
"""The facets, in the order the search page shows them."""

SORT_NAMES = ("date",)

EVERY_ARTICLE = "zzzeveryarticle"
"""A word every article page carries as Pagefind metadata (`scope`), so that the search page can list
the articles matching filters alone by searching for it. Pagefind 1.5.2 answers a search without words
(`search(null, {filters})`) by downloading every index chunk (23 MB at 10,000 articles); a search for
this word downloads one chunk. Metadata is searchable but not shown, and a result that matches only
metadata gets the start of the article as its excerpt. docs/assets/faceted-search.js (`EVERY_ARTICLE`)
must use the same word."""


@dataclass(frozen=True)
class SearchFacets:
    """Filter values of one article page, each list sorted so that output is deterministic."""

    actors: tuple[str, ...]
    """Canonical names of every actor mentioned (multi-valued filter)."""
    topics: tuple[str, ...]
    """Names of every topic the article scores for (multi-valued filter)."""
    outlet: str | None
    year: str | None
    date: str | None
    """ISO date, the sort key ("date") and shown with each result; None when undated."""
    language: str = "English"
    """The English name of the article's language (its search document's `lang` holds the code)."""
    quoted: tuple[str, ...] = ()
    """Canonical names of the actors quoted in the article (multi-valued filter)."""
    outlet_kind: str | None = None
    """The kind of its outlet (corpus/outlets.yml), None when the outlet has no profile or no kind."""


def search_facets(item: AnnotatedArticle, taxonomy: Taxonomy, outlet_kind: str = "") -> SearchFacets:
    article = item.article
    actors = sorted({taxonomy.actor(actor_id).name for actor_id in item.actor_ids}, key=str.casefold)
    quoted = sorted({taxonomy.actor(quote.speaker).name for quote in item.quotes}, key=str.casefold)
    topics = sorted({taxonomy.topic(score.topic).name for score in item.topics}, key=str.casefold)
    return SearchFacets(
        actors=tuple(actors),
        topics=tuple(topics),
        outlet=article.publication or None,
        year=str(article.date.year) if article.date else None,
        date=article.date.isoformat() if article.date else None,
        language=language_name(article.language),
        quoted=tuple(quoted),
        outlet_kind=outlet_kind or None,
    )
