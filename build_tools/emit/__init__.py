"""Emit: the annotated corpus -> generated Markdown pages and data files (pure; `write` puts them on disk)."""

from __future__ import annotations

from ..config import BuildConfig
from ..models import Corpus, RenderedPage
from .downloads import render_downloads, render_feed
from .briefs import Brief
from .pages import PageRenderer, SiteLinks
from .site_index import page_path

__all__ = ["render_site", "SiteLinks"]


def render_site(corpus: Corpus, config: BuildConfig, links: SiteLinks,
                briefs: tuple[Brief, ...] = ()) -> list[RenderedPage]:
    """Every generated file; `briefs` are the hand-written pages the actor and topic pages link to."""
    renderer = PageRenderer(corpus, config, links, briefs)

    def url_of(article_id: str) -> str:
        return renderer.absolute_url(page_path("articles", article_id))

    name = config.options.collection_name
    pages = [*renderer.pages(), *render_downloads(renderer.index, corpus, url_of, name),
             render_feed(renderer.index, url_of, links.site_url, name)]
    return sorted(pages, key=lambda page: page.path)
