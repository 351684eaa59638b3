"""Emit: the annotated corpus -> generated Markdown pages and data files (pure; `write` puts them on disk)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from ..config import BuildConfig
from ..memo import Memo
from ..models import Corpus, RenderedPage
from ..parallel import run_all
from .briefs import Brief
from .downloads import download_jobs
from .pages import PageJob, PageRenderer, SiteLinks
from .site_index import page_path

__all__ = ["EmitJobs", "PageJob", "emit_jobs", "render", "render_site", "SiteLinks"]


@dataclass(frozen=True)
class EmitJobs:
    """Every generated file as a job, in two groups, and the scope every page shares (`PageRenderer.scope`).

    No Markdown link points at a data file (downloads/*, feed.xml), so a build can
    render them after MkDocs, while Pagefind indexes the site (`pipeline.build`).
    """

    data_files: list[PageJob]
    pages: list[PageJob]
    scope: Hashable


def emit_jobs(corpus: Corpus, config: BuildConfig, links: SiteLinks, briefs: tuple[Brief, ...] = ()) -> EmitJobs:
    """`briefs` are the hand-written pages the actor and topic pages link to."""
    renderer = PageRenderer(corpus, config, links, briefs)

    def url_of(article_id: str) -> str:
        return renderer.absolute_url(page_path("articles", article_id))

    data_files = download_jobs(renderer.index, corpus, url_of, config.options.collection_name, links.site_url)
    return EmitJobs([PageJob(job) for job in data_files], renderer.page_jobs(), renderer.scope())


def render(jobs: Sequence[PageJob], memo: Memo | None = None, scope: Hashable = None) -> list[RenderedPage]:
    """Run the jobs on every core; the files sorted by path.

    With a `memo` (`make serve`), a page rendered before from equal inputs in an equal scope is reused."""
    memo = memo or Memo()
    memo.begin(scope)
    pages, to_render = [], []
    for job in jobs:
        page = memo.get(job.key, job.inputs) if job.key is not None else None
        if page is None:
            to_render.append(job)
        else:
            pages.append(page)
    for job, page in zip(to_render, run_all([job.render for job in to_render], label="emit")):
        if job.key is not None:
            memo.put(job.key, job.inputs, page)
        pages.append(page)
    return sorted(pages, key=lambda page: page.path)


def render_site(corpus: Corpus, config: BuildConfig, links: SiteLinks,
                briefs: tuple[Brief, ...] = ()) -> list[RenderedPage]:
    """Every generated file at once."""
    jobs = emit_jobs(corpus, config, links, briefs)
    # The data files first: the corpus file is the longest single job, best started early.
    return render([*jobs.data_files, *jobs.pages])
