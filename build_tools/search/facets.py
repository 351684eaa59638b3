"""What an article page tells Pagefind: the filter values and sort key of the faceted search page.

Pure: an annotated article and the taxonomy in, a `SearchFacets` out. The
article template stores them in the page's front matter (`facets`), and the
MkDocs hook appends them to the rendered page as a hidden block of
`data-pagefind-filter` elements (`render_facets_html`): written into the
Markdown, three dozen tags per page cost Markdown more than the article itself.
The names here are the filter names the search page's URL uses
(`?actor=...&topic=...&outlet=...&year=...`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import AnnotatedArticle, Taxonomy

FILTER_NAMES = ("actor", "topic", "outlet", "year")
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


def facets_front_matter(facets: SearchFacets, title: str) -> dict[str, object]:
    """The `facets` entry of an article's front matter (strings are HTML-escaped by the front matter writer)."""
    meta: dict[str, object] = {"title": title, "actor": list(facets.actors), "topic": list(facets.topics)}
    for name, value in (("outlet", facets.outlet), ("year", facets.year), ("date", facets.date)):
        if value:
            meta[name] = value
    return meta


def render_facets_html(meta: dict) -> str:
    """The hidden filter block Pagefind reads. Values come from front matter, already HTML-escaped."""
    spans = [f'<span data-pagefind-meta="title">{meta["title"]}</span>',
             f'<span data-pagefind-meta="scope">{EVERY_ARTICLE}</span>']
    if meta.get("date"):
        spans += [f'<span data-pagefind-meta="date">{meta["date"]}</span>',
                  f'<span data-pagefind-sort="date">{meta["date"]}</span>']
    if meta.get("outlet"):
        spans += [f'<span data-pagefind-meta="outlet">{meta["outlet"]}</span>',
                  f'<span data-pagefind-filter="outlet">{meta["outlet"]}</span>']
    if meta.get("year"):
        spans.append(f'<span data-pagefind-filter="year">{meta["year"]}</span>')
    spans += [f'<span data-pagefind-filter="actor">{name}</span>' for name in meta.get("actor", ())]
    spans += [f'<span data-pagefind-filter="topic">{name}</span>' for name in meta.get("topic", ())]
    return ('\n<div class="search-facets" hidden data-pagefind-ignore data-search-exclude>'
            + "".join(spans) + "</div>\n")
