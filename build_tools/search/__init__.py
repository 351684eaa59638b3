"""Search: the faceted search page's index (Pagefind) and the filter values article pages carry.

- `facets`: pure helpers that turn an annotated article into filter values.
- `pagefind`: runs the Pagefind binary over a built site (its only side effect: site/pagefind/).
"""

from __future__ import annotations

from .facets import FILTER_NAMES, SearchFacets, search_facets, theme_search_lead_only
from .pagefind import PagefindIndex, PagefindRun, index_site, load_fragments

__all__ = ["FILTER_NAMES", "SearchFacets", "search_facets", "theme_search_lead_only",
           "PagefindIndex", "PagefindRun", "index_site", "load_fragments"]
