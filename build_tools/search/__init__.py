"""Search: the faceted search page's index (Pagefind) and the filter values article pages carry.

- `facets`: pure helpers that turn an annotated article into filter values.
- `pagefind`: runs the Pagefind binary over the article pages' search documents (its only side effect: the bundle).
"""

from __future__ import annotations

from .facets import FILTER_NAMES, SearchFacets, search_facets
from .pagefind import BUNDLE_DIR, PagefindIndex, PagefindRun, bundle_folders, index_documents, load_fragments

__all__ = ["FILTER_NAMES", "SearchFacets", "search_facets",
           "BUNDLE_DIR", "PagefindIndex", "PagefindRun", "bundle_folders", "index_documents", "load_fragments"]
