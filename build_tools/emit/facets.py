"""The hidden block of an article page that Pagefind reads the article's filters, sort key and metadata from."""

from __future__ import annotations

from ..search.facets import EVERY_ARTICLE, SearchFacets
from .markdown import escape_html


def render_facets_html(facets: SearchFacets, title: str) -> str:
    """Pre-rendered HTML (the article template writes it between `prerendered` markers), values escaped."""
    def span(kind: str, name: str, value: str) -> str:
        return f'<span data-pagefind-{kind}="{name}">{escape_html(value)}</span>'

    spans = [span("meta", "title", title), span("meta", "scope", EVERY_ARTICLE)]
    if facets.date:
        spans += [span("meta", "date", facets.date), span("sort", "date", facets.date)]
    if facets.outlet:
        spans += [span("meta", "outlet", facets.outlet), span("filter", "outlet", facets.outlet)]
    if facets.year:
        spans.append(span("filter", "year", facets.year))
    spans += [span("meta", "language", facets.language), span("filter", "language", facets.language)]
    spans += [span("filter", "actor", name) for name in facets.actors]
    spans += [span("filter", "topic", name) for name in facets.topics]
    spans += [span("filter", "quoted", name) for name in facets.quoted]
    if facets.outlet_kind:
        spans.append(span("filter", "outlet_kind", facets.outlet_kind))
    return '<div class="search-facets" hidden data-pagefind-ignore>' + "".join(spans) + "</div>"
