"""What an article page tells Pagefind: the filter values and sort key of the faceted search page.

Pure: an annotated article and the taxonomy in, a `SearchFacets` out. The
article template prints these into a hidden block of `data-pagefind-filter`
elements; the names here are the filter names the search page's URL uses
(`?actor=...&topic=...&outlet=...&year=...`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import AnnotatedArticle, Taxonomy

FILTER_NAMES = ("actor", "topic", "outlet", "year")
"""The facets, in the order the search page shows them."""

SORT_NAMES = ("date",)


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


def search_facets(item: AnnotatedArticle, taxonomy: Taxonomy) -> SearchFacets:
    article = item.article
    actors = sorted({taxonomy.actor(actor_id).name for actor_id in item.actor_ids}, key=str.casefold)
    topics = sorted({taxonomy.topic(score.topic).name for score in item.topics}, key=str.casefold)
    return SearchFacets(
        actors=tuple(actors),
        topics=tuple(topics),
        outlet=article.publication or None,
        year=str(article.date.year) if article.date else None,
        date=article.date.isoformat() if article.date else None,
    )


def theme_search_lead_only(article_count: int, full_text_limit: int) -> bool:
    """Above the limit the theme's (lunr) index keeps titles and leads only; Pagefind keeps full text."""
    return article_count > full_text_limit
