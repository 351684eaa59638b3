"""`make serve`: MkDocs' live-reload server over the staging docs, with the pipeline run around each of its builds.

- Before each build, regenerate the staging docs, reusing what the last run computed from unchanged inputs
  (`pipeline.StageMemos`), so that an edit to the corpus, taxonomy, hand-written pages or templates shows
  up on reload.
- After it, index the search documents the regeneration wrote with Pagefind, in the background, into the
  served site, so that the faceted search works there too. The page reloads without waiting for the
  index (5 s at 1,000 articles, about 40 s at 10,000); a save that comes before the index is done stops
  it, since its documents are about to change, and the build after that save indexes again.
- MkDocs watches the sources (corpus, docs/, templates), not the staging docs: only the regeneration
  writes there, and a change it made would start a second, idle build after every save.
- A dirty build (`make serve`'s) renders only the pages whose Markdown is newer than their HTML, but still
  makes a `Page` (canonical and edit addresses) and checks the times of every page: 2 s at 10,000
  articles. The session leaves the others out of the build (`EXCLUDED`: links to them still resolve),
  except the navigation's pages, which every rendered page's sidebar needs.

MkDocs calls in through `build_tools/hooks.py`; `current()` is the session `run` started (or, under a plain
`mkdocs serve`, one over the repository's layout).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from mkdocs.structure.files import Files, InclusionLevel

from .config import BuildConfig, load_config
from .errors import BuildFailed
from .pipeline import StageMemos, generate
from .search import BUNDLE_DIR, PagefindRun

log = logging.getLogger("mkdocs.plugins.build_tools")
TEMPLATES_DIR = Path(__file__).parent / "emit" / "templates"


class ServeSession:
    """What lasts from one build of a serve process to the next: the memos and the Pagefind run under way."""

    def __init__(self, config: BuildConfig):
        self.config = config
        self.memos = StageMemos()
        self._indexing: tuple[PagefindRun, threading.Thread] | None = None

    def watched(self) -> list[Path]:
        """What a contributor edits: the corpus (raw files, corrections, rules, taxonomy, options), the
        hand-written pages and the page templates."""
        config = self.config
        outside = [] if config.raw_dir.is_relative_to(config.corpus_dir) else [config.raw_dir]
        return [path for path in (config.corpus_dir, *outside, config.docs_dir, TEMPLATES_DIR) if path.is_dir()]

    def before_build(self) -> None:
        self.stop_indexing()  # its documents are about to change
        generate(self.config, self.memos)

    def after_build(self, site_dir: Path) -> None:
        """Start indexing the search documents into the served site; a thread writes the facet summary as
        soon as Pagefind exits, so that the search page has it without waiting for the next save."""
        run = PagefindRun(self.config.search_dir, site_dir / BUNDLE_DIR)
        thread = threading.Thread(target=_finish, args=(run,), name="pagefind", daemon=True)
        self._indexing = run, thread
        thread.start()

    def wait_for_index(self) -> None:
        """Let the Pagefind run under way finish (tests, and anyone who needs the served index complete)."""
        if self._indexing is not None:
            self._indexing[1].join()
            self._indexing = None

    def stop_indexing(self) -> None:
        """Stop the Pagefind run under way, if any; the served index stays as it was until the next run."""
        if self._indexing is not None:
            self._indexing[0].stop()
            self.wait_for_index()


def leave_out_unchanged_pages(files: Files, nav: Iterable) -> None:
    """Mark EXCLUDED each documentation page outside the `nav` config whose HTML is as new as its Markdown."""
    kept = set(nav_pages(nav))
    for file in files.documentation_pages():
        if file.src_uri not in kept and not file.is_modified():
            file.inclusion = InclusionLevel.EXCLUDED


def nav_pages(nav: object) -> Iterable[str]:
    """The page paths a `nav` config (mkdocs.yml) names, at any depth."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_pages(item)


def _finish(run: PagefindRun) -> None:
    """Wait for Pagefind and write the facet summary; a failure is logged, not raised, and a stop is neither."""
    with run:
        try:
            run.wait()
        except BuildFailed as error:
            if not run.stopped:
                log.warning("build_tools could not index the site for search:\n%s", error)


_session: ServeSession | None = None


def current() -> ServeSession:
    """The session `run` started; under a plain `mkdocs serve`, one over the repository's layout."""
    global _session
    if _session is None:
        _session = ServeSession(load_config())
    return _session


def run(config: BuildConfig, dev_addr: str) -> None:
    """Serve `config`'s site with live reload until interrupted."""
    from mkdocs.commands.serve import serve

    global _session
    _session = ServeSession(config)
    if not config.staging_dir.is_dir():
        generate(config)  # MkDocs refuses a missing docs_dir; after that the session regenerates before each build
    serve(config_file=str(config.mkdocs_file), docs_dir=str(config.staging_dir), livereload=True,
          build_type="dirty", watch=[str(path) for path in _session.watched()], dev_addr=dev_addr)
