"""The whole pipeline: ingest -> annotate -> emit -> write (the pages, then the data files) -> MkDocs -> Pagefind.

Like Pelican, it reads and annotates everything before rendering, because the
index pages need the complete corpus. Input errors surface before anything is
written. The articles' search documents are written first; MkDocs and Pagefind,
which read files alone, run once the corpus is freed.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .annotate import annotate_corpus, load_taxonomy
from .annotate.relation_corrections import correct_readings, load_relation_corrections
from .annotate.stories import StoryMemos, find_stories
from .annotate.suggestions import SuggestionMemos
from .config import BuildConfig
from .emit import PageMemos, SiteLinks, emit_jobs, iter_render, render
from .emit.briefs import Brief, collect_briefs
from .emit.downloads import DATA_FILES, DataFiles
from .emit.front_matter import stage_hand_written
from .emit.minify import minify_assets
from .emit.related import RelatedMemos
from .emit.search_documents import iter_search_documents, render_search_documents
from .errors import BuildFailed, SourceError, raise_if_any
from .ingest import read_corpus
from .inputs import refused_inputs
from .memo import Memo, file_state
from .models import Corpus, RenderedPage, Taxonomy
from .outlets import load_outlets
from .outputs import OutputFolders, claimed_outputs, make_marked
from .parallel import frozen_heap, release_memory
from .search import BUNDLE_DIR, PagefindIndex, PagefindRun
from .site.shards import Shard
from .site import (Trash, build_one_shard, build_site, emptied, merge_parts, scratch_path, swap_into_place,
                   tree_bytes)
from .write import (collect_hand_written, copy_tree_linked, link_files, plan_files, update_files, write_files,
                    write_side_by_side, write_stream)

log = logging.getLogger(__name__)
T = TypeVar("T")
TRASH_DIR = ".trash"
"""Beside the staging docs (build/.trash) and in the site's work folder (.site.work/.trash): the folders the
last build replaced, until the next one removes them."""


@dataclass
class BuildReport:
    """Seconds per stage and what was produced, for the CLI and the benchmark."""

    seconds: dict[str, float] = field(default_factory=dict)
    articles: int = 0
    actors: int = 0
    topics: int = 0
    pages: int = 0
    written: int = 0
    removed: int = 0
    warnings: tuple[SourceError, ...] = ()
    """Problems the build worked around (an empty raw file, an impossible date), as `path:line: message`."""
    search_pages: int = 0
    """Article pages in the faceted search (Pagefind) index."""
    site_bytes: int = 0
    """The built site's size (`build` only)."""
    spans: list[tuple[str, float, float]] = field(default_factory=list)
    """(stage, start, end) in time.time() seconds: when each stage ran, for the bench's memory samples."""

    def timed(self, stage: str, work: Callable[[], T]) -> T:
        start, wall = time.perf_counter(), time.time()
        try:
            return work()
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start
            self.spans.append((stage, wall, time.time()))

    def add_writes(self, counts: tuple[int, int]) -> None:
        """Count what one `write.write_files` call did: (files written, files removed)."""
        self.written += counts[0]
        self.removed += counts[1]


@dataclass
class StageMemos:
    """What each stage may reuse between regenerations (`generate` under `make serve`, `memo.Memo`)."""

    ingest: Memo = field(default_factory=Memo)
    taxonomy: Memo = field(default_factory=Memo)
    annotate: Memo = field(default_factory=Memo)
    annotator: Memo = field(default_factory=Memo)
    """The taxonomy compiled for matching (`annotate.Annotator`), while it is equal."""
    suggestions: SuggestionMemos = field(default_factory=SuggestionMemos)
    stories: StoryMemos = field(default_factory=StoryMemos)
    related: RelatedMemos = field(default_factory=RelatedMemos)
    pages: PageMemos = field(default_factory=PageMemos)
    data: Memo = field(default_factory=Memo)
    search: Memo = field(default_factory=Memo)
    staging_files: Memo = field(default_factory=Memo)
    """What the last run wrote into the staging docs (`write.update_files`); `search_files`, into the search folder."""
    search_files: Memo = field(default_factory=Memo)


def make_corpus(config: BuildConfig, report: BuildReport, memos: StageMemos | None = None) -> Corpus:
    raise_if_any(refused_inputs(config))  # before any stage reads what a link points at
    ingested = report.timed("ingest", lambda: read_corpus(config, memos and memos.ingest))
    taxonomy = report.timed("taxonomy", lambda: read_taxonomy(config, memos and memos.taxonomy))
    corpus = report.timed("annotate", lambda: annotate_corpus(ingested, taxonomy, memos and memos.annotate,
                                                                memos and memos.suggestions,
                                                                memos and memos.annotator))
    corrections = load_relation_corrections(config.corrections_dir, config.root, taxonomy)
    if config.reads_own_raw_files:  # a reading correction quotes the corpus's own articles, not another folder's
        corpus = report.timed("annotate", lambda: correct_readings(corpus, corrections))
    corpus = report.timed("stories", lambda: replace(corpus, stories=find_stories(
        ingested.articles, config.options.story_min_overlap, memos and memos.stories)))
    corpus = replace(corpus, outlets=load_outlets(config.corpus_dir / "outlets.yml", config.root))
    report.articles = len(corpus.articles)
    report.actors = len({m.actor for item in corpus.articles for m in item.mentions})
    report.topics = len({s.topic for item in corpus.articles for s in item.topics})
    report.warnings = (*ingested.warnings, *(w for ingest_report in corpus.reports for w in ingest_report.warnings))
    return corpus


def read_taxonomy(config: BuildConfig, memo: Memo | None = None) -> Taxonomy:
    """With a `memo` (`make serve`), the taxonomy is read and checked again only if one of its files changed."""
    files = sorted(config.taxonomy_dir.rglob("*.yml"))
    memo = memo or Memo()
    memo.begin(None)
    return memo.map(lambda _: load_taxonomy(config.taxonomy_dir, config.root), [config.taxonomy_dir],
                    key=lambda _: "taxonomy", inputs=lambda _: [(path, file_state(path)) for path in files])[0]


@dataclass
class DocsPlan:
    """The staging docs folder's files, and the data files if they are still to render (`emit.EmitJobs`)."""

    files: dict[PurePosixPath, bytes]
    hand_written: dict[PurePosixPath, bytes]
    data_files: Callable[..., DataFiles] | None

    def joined(self, data_files: DataFiles) -> dict[PurePosixPath, bytes]:
        """The data files' bytes by path; fails on a hand-written file of the same name."""
        rendered = data_files.files()
        planned = plan_files(rendered, self.hand_written)
        return {page.path: planned[page.path] for page in rendered}


def plan_docs(config: BuildConfig, report: BuildReport, corpus: Corpus, *, defer_data_files: bool = False,
              memos: StageMemos | None = None) -> DocsPlan:
    hand_written, briefs = read_hand_written(config)
    with frozen_heap():  # the corpus is read-only from here on
        jobs = report.timed("emit", lambda: emit_jobs(corpus, config, config_links(config), briefs,
                                                      memos and memos.related))
        pages = report.timed("emit", lambda: render(jobs, memos and memos.pages))
        if not defer_data_files:
            pages = [*pages, *report.timed("emit", lambda: jobs.data_files(memos and memos.data).files())]
    report.pages = sum(1 for page in pages if page.path.suffix == ".md")
    return DocsPlan(plan_files(pages, hand_written), hand_written, jobs.data_files if defer_data_files else None)


def write_docs(config: BuildConfig, report: BuildReport, corpus: Corpus, target: Path) -> DocsPlan:
    """Render the Markdown pages and write each into `target` as it comes, beside the hand-written files, so
    that the build never holds every page at once; the data files are left to render (`DocsPlan.data_files`)."""
    hand_written, briefs = read_hand_written(config)
    with frozen_heap():  # the corpus is read-only from here on
        jobs = report.timed("emit", lambda: emit_jobs(corpus, config, config_links(config), briefs))
        written, removed, paths = report.timed("emit", lambda: write_stream(iter_render(jobs), hand_written, target))
    report.add_writes((written, removed))
    report.pages = sum(1 for path in paths if path.suffix == ".md")
    return DocsPlan({}, hand_written, jobs.data_files)


def read_hand_written(config: BuildConfig) -> tuple[dict[PurePosixPath, bytes], tuple[Brief, ...]]:
    """docs/'s files as the staging docs hold them, and the briefs among them (`emit.briefs`)."""
    written = collect_hand_written(config.docs_dir)
    return (minify_assets(stage_hand_written(written, PurePosixPath(config.relative(config.docs_dir).as_posix()))),
            collect_briefs(written))


def config_links(config: BuildConfig) -> SiteLinks:
    return SiteLinks(config.site_url, config.repo_url, config.edit_uri)


def write_search_documents(config: BuildConfig, report: BuildReport, corpus: Corpus,
                           memos: StageMemos | None = None) -> None:
    """The articles' search documents (`emit.search_documents`) into their folder, rewriting only changed ones."""
    documents = report.timed("emit", lambda: render_search_documents(corpus, memos and memos.search))
    report.add_writes(report.timed("write", lambda: write_files(documents, config.search_dir,
                                                                memos and memos.search_files)))


@dataclass
class Regeneration:
    """What `generate` did, and the data files it left to join and write (`defer_data_files`)."""

    report: BuildReport
    plan: DocsPlan
    data_files: DataFiles | None

    def write_data_files(self, target: Path, memo: Memo | None = None) -> int:
        """Join the data files left and write those that changed into `target`; returns how many were written."""
        assert self.data_files is not None, "generate(defer_data_files=True) leaves the data files"
        return update_files(self.plan.joined(self.data_files), target, memo=memo)


def generate(config: BuildConfig, memos: StageMemos | None = None, *, defer_data_files: bool = False) -> Regeneration:
    """Regenerate the staging docs and search documents in place, rewriting only changed files (for `serve`).

    `serve` passes the same `memos` to every run, so a run reuses what the last one computed from unchanged inputs.
    With `defer_data_files`, the data files' parts are rendered but left out of the staging docs, for the caller
    to join and write elsewhere (`Regeneration.write_data_files`): `serve` writes them into the served site
    after MkDocs' build."""
    report = BuildReport()
    # Frozen: the memos hold the last run's whole corpus and pages, which every full collection would walk.
    with frozen_heap():
        corpus = make_corpus(config, report, memos)
        write_search_documents(config, report, corpus, memos)
        plan = plan_docs(config, report, corpus, defer_data_files=defer_data_files, memos=memos)
        data_files = (report.timed("emit", lambda: plan.data_files(memos and memos.data))
                      if plan.data_files is not None else None)
    report.add_writes(report.timed("write", lambda: write_files(plan.files, config.staging_dir,
                                                                memos and memos.staging_files)))
    return Regeneration(report, plan, data_files)


def build(config: BuildConfig, *, strict: bool = True, parts: list[Path] | None = None) -> BuildReport:
    """Generate pages and build the site; on any failure the previous docs and site stay as they were.
    Output folders that are not safe to write (`outputs.check_outputs`) fail it before anything is touched.
    With `parts` (`build --merge`), MkDocs does not run: the site's pages are the shards' that
    `build_shard` wrote into those folders, merged."""
    with (claimed_outputs(config) as folders, Trash(folders.build / TRASH_DIR) as trash,
          Trash(folders.site_work / TRASH_DIR) as site_trash):
        return _build(config, folders, strict, trash, site_trash, parts)


def build_shard(config: BuildConfig, shard: Shard, *, strict: bool = True) -> BuildReport:
    """Generate pages and build one shard of the MkDocs site into the site folder (`build --shard I/N`):
    its share of the pages, for `build(parts=...)` to merge, on this machine or another. No search index
    and no data files: the merging build makes those."""
    with (claimed_outputs(config) as folders, Trash(folders.build / TRASH_DIR) as trash,
          Trash(folders.site_work / TRASH_DIR) as site_trash):
        report = BuildReport()
        corpus = make_corpus(config, report)
        require_articles(config, report)
        next_docs = scratch_path(config.staging_dir, "next")
        next_site = make_marked(emptied(folders.site_work / "next"))
        try:
            copy_tree_linked(config.staging_dir, next_docs, skip=DATA_FILES)
            write_docs(config, report, corpus, next_docs)
            # Hand-written pages stay in the first shard (`shards`), as in a one-machine build.
            report.timed("mkdocs", lambda: build_one_shard(config, next_docs, next_site,
                                                           replace(shard, hand_written=config.docs_dir),
                                                           strict=strict))
            report.site_bytes = tree_bytes(next_site)
        except BaseException:
            for scratch in (next_docs, next_site):
                shutil.rmtree(scratch, ignore_errors=True)
            raise
        swap_into_place(next_docs, config.staging_dir, trash)
        swap_into_place(next_site, config.site_dir, site_trash)
        return report


def _build(config: BuildConfig, folders: OutputFolders, strict: bool, trash: Trash, site_trash: Trash,
           parts: list[Path] | None) -> BuildReport:
    report = BuildReport()
    corpus = make_corpus(config, report)
    require_articles(config, report)
    # partial, not lambda: a closure over `corpus` would make the `del` below an error for the linter.
    written, removed, _ = report.timed("write", partial(write_stream, iter_search_documents(corpus), {},
                                                        config.search_dir))
    report.add_writes((written, removed))
    next_docs = scratch_path(config.staging_dir, "next")
    next_site = make_marked(emptied(folders.site_work / "next"))  # MkDocs keeps hidden files such as the mark
    next_data = scratch_path(config.staging_dir, "data")
    bundle = emptied(folders.site_work / BUNDLE_DIR)
    try:
        # Without the data files, which MkDocs need not see: they are written beside it, linked from the
        # last build where unchanged (so that only changed files count as written), and linked in after it.
        copy_tree_linked(config.staging_dir, next_docs, skip=DATA_FILES)
        plan = write_docs(config, report, corpus, next_docs)
        report.written += report.timed("downloads", partial(add_data_files, plan, next_data, config.staging_dir))
        # MkDocs and Pagefind read files, not the corpus: both run once it and the pages' plan are freed
        # (gc + malloc_trim), so that MkDocs' shards and Pagefind's index do not have to fit beside them.
        del corpus, plan
        release_memory()
        if parts is None:
            report.timed("mkdocs", lambda: build_site(config, next_docs, next_site, strict=strict))
        else:
            report.timed("mkdocs", lambda: merge_parts(parts, next_site))
        for target in (next_docs, next_site):
            link_files(DATA_FILES, next_data, target)
        shutil.rmtree(next_data)
        # Pagefind holds a whole bundle's index at once (about 2 GiB for 48 MB of documents, `PagefindRun`).
        with PagefindRun(config.search_dir, bundle, config.options.search_bundle_max_bytes) as indexing:
            report.search_pages = report.timed("pagefind", lambda: checked_page_count(indexing.wait(),
                                                                                      report.articles))
        bundle.rename(next_site / BUNDLE_DIR)
        report.site_bytes = tree_bytes(next_site)
    except BaseException:
        for scratch in (next_docs, next_site, next_data, bundle):
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    swap_into_place(next_docs, config.staging_dir, trash)
    swap_into_place(next_site, config.site_dir, site_trash)
    return report


def require_articles(config: BuildConfig, report: BuildReport) -> None:
    """A site needs an article: with none, say so and why (each raw file's warnings), before Pagefind fails on an
    empty folder in its own words."""
    if report.articles == 0:
        raise BuildFailed([f"{config.relative(config.raw_dir).as_posix()}: no article in any raw file, so "
                           "there is no site to build; what each file gave:", *dict.fromkeys(report.warnings)])


def add_data_files(plan: DocsPlan, data_dir: Path, previous_docs: Path) -> int:
    """Render the deferred data files into `data_dir`, each share written as it comes; returns how many were
    written (those the `previous_docs` hold unchanged are linked from there)."""
    assert plan.data_files is not None, "plan_docs(defer_data_files=True) leaves the data files to render"
    plan_files([RenderedPage(path, b"") for path in DATA_FILES], plan.hand_written)  # fails on a name taken
    with frozen_heap():
        return write_side_by_side(*plan.data_files(None, streamed=True).interleaved(), data_dir,
                                  unchanged_from=previous_docs)


def checked_page_count(indexed: PagefindIndex, articles: int) -> int:
    """Pagefind's page count; fewer pages than articles means the markup broke."""
    if indexed.pages < articles:
        raise BuildFailed([f"pagefind: indexed {indexed.pages} of {articles} article pages "
                           "(is data-pagefind-body still in search_document.html.j2?)"])
    return indexed.pages
