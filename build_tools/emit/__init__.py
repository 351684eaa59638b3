"""Emit: the annotated corpus -> generated Markdown pages and data files (pure; `write` puts them on disk)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial

from ..config import BuildConfig
from ..memo import Memo
from ..models import Corpus, RenderedPage
from .briefs import Brief
from .downloads import DataFiles, render_data_files
from .pages import PageJob, PageRenderer, SiteLinks
from .related import RelatedMemos
from .site_index import page_path

__all__ = ["EmitJobs", "PageJob", "emit_jobs", "render", "render_site", "SiteLinks"]


@dataclass(frozen=True)
class EmitJobs:
    """A job per Markdown page, the scope every page shares (`PageRenderer.scope`), and the data files.

    No Markdown link points at a data file (downloads/*, feed.xml), so a build can
    render them after MkDocs (`pipeline.build`).
    """

    pages: list[PageJob]
    scope: Hashable
    data_files: Callable[[Memo | None], DataFiles]
    """Renders them, with a memo of each article's share (`downloads.ArticleData`) under `make serve`."""


def emit_jobs(corpus: Corpus, config: BuildConfig, links: SiteLinks, briefs: tuple[Brief, ...] = (),
              related_memos: RelatedMemos | None = None) -> EmitJobs:
    """`briefs` are the hand-written pages the actor and topic pages link to; `related_memos`, under `make serve`,
    what the last run computed for related articles."""
    renderer = PageRenderer(corpus, config, links, briefs, related_memos)

    def url_of(article_id: str) -> str:
        return renderer.absolute_url(page_path("articles", article_id))

    return EmitJobs(renderer.page_jobs(), renderer.scope(), partial(
        render_data_files, renderer.index, corpus, url_of, config.options.collection_name, links.site_url))


def render(jobs: Sequence[PageJob], memo: Memo | None = None, scope: Hashable = None) -> list[RenderedPage]:
    """Run the jobs on every core; the files sorted by path.

    With a `memo` (`make serve`), a page rendered before from equal inputs in an equal scope is reused."""
    memo = memo or Memo()
    memo.begin(scope)
    pages = memo.map(_run, jobs, key=lambda job: job.key, inputs=lambda job: job.inputs, label="emit")
    return sorted(pages, key=lambda page: page.path)


def _run(job: PageJob) -> RenderedPage:
    return job.render()


def render_site(corpus: Corpus, config: BuildConfig, links: SiteLinks,
                briefs: tuple[Brief, ...] = ()) -> list[RenderedPage]:
    """Every generated file at once."""
    jobs = emit_jobs(corpus, config, links, briefs)
    return sorted([*render(jobs.pages), *jobs.data_files(None).files()], key=lambda page: page.path)
