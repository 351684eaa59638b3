"""Emit: the annotated corpus -> generated Markdown pages and data files (pure; `write` puts them on disk)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from ..config import BuildConfig
from ..memo import Memo
from ..models import Corpus, RenderedPage
from ..parallel import parallel_iter
from .briefs import Brief
from .downloads import DataFiles, render_data_files
from .pages import PageJob, PageRenderer, SiteLinks
from .related import RelatedMemos
from .urls import page_path

__all__ = ["EmitJobs", "PageJob", "PageMemos", "emit_jobs", "iter_render", "render", "render_site", "SiteLinks"]


@dataclass(frozen=True)
class EmitJobs:
    """What the pages and the data files are rendered from: the corpus, the scope every page shares
    (`PageRenderer.scope`), a job per Markdown page (built on demand) and the data files.

    No Markdown link points at a data file (downloads/*, feed.xml), so a build can
    render them after MkDocs (`pipeline.build`).
    """

    corpus: Corpus
    scope: Hashable
    page_jobs: Callable[[], list[PageJob]]
    """Builds the jobs and what each page draws on: 1.2 s at 10,000 articles."""
    data_files: Callable[..., DataFiles]
    """Renders them (`downloads.render_data_files`): with a memo of each article's share (`downloads.ArticleData`)
    under `make serve`, or `streamed=True` in a build."""


@dataclass
class PageMemos:
    """What `render` keeps between regenerations under `make serve`."""

    pages: Memo = field(default_factory=Memo)
    """Each page, while what it draws on is equal."""
    site: Memo = field(default_factory=Memo)
    """All of them, while the corpus is equal: a save of a hand-written page builds no page's inputs."""


def emit_jobs(corpus: Corpus, config: BuildConfig, links: SiteLinks, briefs: tuple[Brief, ...] = (),
              related_memos: RelatedMemos | None = None) -> EmitJobs:
    """`briefs` are the hand-written pages the actor and topic pages link to; `related_memos`, under `make serve`,
    what the last run computed for related articles."""
    renderer = PageRenderer(corpus, config, links, briefs, related_memos)

    def url_of(article_id: str) -> str:
        return renderer.absolute_url(page_path("articles", article_id))

    return EmitJobs(corpus, renderer.scope(), renderer.page_jobs, partial(
        render_data_files, renderer.index, corpus, url_of, config.options.collection_name, links.site_url))


def render(jobs: EmitJobs, memos: PageMemos | None = None) -> list[RenderedPage]:
    """Every Markdown page, rendered on every core; the files sorted by path.

    With `memos` (`make serve`), a page rendered before from equal inputs in an equal scope is reused."""
    if memos is None:
        return _render(jobs.page_jobs(), Memo(), jobs.scope)
    memos.site.begin(jobs.scope)
    return memos.site.reuse("pages", jobs.corpus, lambda: _render(jobs.page_jobs(), memos.pages, jobs.scope))


def iter_render(jobs: EmitJobs) -> Iterator[RenderedPage]:
    """Every Markdown page, rendered on every core, yielded in the jobs' order as they come: for a build,
    which writes each page away rather than holding them all."""
    return parallel_iter(_run, jobs.page_jobs(), label="emit")


def _render(jobs: Sequence[PageJob], memo: Memo, scope: Hashable) -> list[RenderedPage]:
    memo.begin(scope)
    pages = memo.map(_run, jobs, key=lambda job: job.key, inputs=lambda job: job.inputs, label="emit")
    return sorted(pages, key=lambda page: page.path)


def _run(job: PageJob) -> RenderedPage:
    return job.render()


def render_site(corpus: Corpus, config: BuildConfig, links: SiteLinks,
                briefs: tuple[Brief, ...] = ()) -> list[RenderedPage]:
    """Every generated file at once."""
    jobs = emit_jobs(corpus, config, links, briefs)
    return sorted([*render(jobs), *jobs.data_files(None).files()], key=lambda page: page.path)
