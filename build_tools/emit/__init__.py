"""Emit: the annotated corpus -> generated Markdown pages and data files (pure; `write` puts them on disk)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..config import BuildConfig
from ..models import Corpus, RenderedPage
from ..parallel import run_all
from .briefs import Brief
from .downloads import download_jobs
from .pages import PageRenderer, SiteLinks
from .site_index import page_path

__all__ = ["EmitJobs", "emit_jobs", "render", "render_site", "SiteLinks"]

Job = Callable[[], RenderedPage]


@dataclass(frozen=True)
class EmitJobs:
    """Every generated file as a job, in two groups.

    No Markdown link points at a data file (downloads/*, feed.xml), so a build can
    render them after MkDocs, while Pagefind indexes the site (`pipeline.build`).
    """

    data_files: list[Job]
    pages: list[Job]


def emit_jobs(corpus: Corpus, config: BuildConfig, links: SiteLinks, briefs: tuple[Brief, ...] = ()) -> EmitJobs:
    """`briefs` are the hand-written pages the actor and topic pages link to."""
    renderer = PageRenderer(corpus, config, links, briefs)

    def url_of(article_id: str) -> str:
        return renderer.absolute_url(page_path("articles", article_id))

    return EmitJobs(
        download_jobs(renderer.index, corpus, url_of, config.options.collection_name, links.site_url),
        renderer.page_jobs())


def render(jobs: Sequence[Job]) -> list[RenderedPage]:
    """Run the jobs on every core; the files sorted by path."""
    return sorted(run_all(jobs, label="emit"), key=lambda page: page.path)


def render_site(corpus: Corpus, config: BuildConfig, links: SiteLinks,
                briefs: tuple[Brief, ...] = ()) -> list[RenderedPage]:
    """Every generated file at once."""
    jobs = emit_jobs(corpus, config, links, briefs)
    # The data files first: the corpus file is the longest single job, best started early.
    return render([*jobs.data_files, *jobs.pages])
