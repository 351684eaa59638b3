"""Emit: the annotated corpus -> generated Markdown pages and data files (pure; `write` puts them on disk)."""

from __future__ import annotations

from ..config import BuildConfig
from ..models import Corpus, RenderedPage
from ..parallel import run_all
from .downloads import download_jobs
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

    # The data files first: the corpus file is the longest single job, best started early.
    jobs = [*download_jobs(renderer.index, corpus, url_of, config.options.collection_name, links.site_url),
            *renderer.page_jobs()]
    return sorted(run_all(jobs, label="emit"), key=lambda page: page.path)
