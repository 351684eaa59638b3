"""`make serve`: MkDocs' live-reload server over the staging docs, with the pipeline run around each of its builds.

- Before each build, regenerate the staging docs, reusing what the last run computed from unchanged inputs
  (`pipeline.StageMemos`), so that an edit to the corpus, taxonomy, hand-written pages or templates shows
  up on reload.
- After it, in the background, write the data files into the served site and index the search documents
  the regeneration wrote with Pagefind, so that the downloads and the faceted search work there too. The
  page reloads without waiting for either: at 10,000 articles the data files take 3 s to join and compress
  (and MkDocs would copy them again), the index takes 5 s at 1,000 articles and about 40 s at
  10,000. A save that comes before the index is done stops it, since its documents are about to change,
  and the build after that save indexes again.
- MkDocs watches the sources (corpus, docs/, templates), not the staging docs: only the regeneration
  writes there, and a change it made would start a second, idle build after every save.
- A dirty build (`make serve`'s) renders only the pages whose Markdown is newer than their HTML, but still
  makes a `Page` (canonical and edit addresses) and checks the times of every page: 2 s at 10,000
  articles. The session leaves the others out of the build (`EXCLUDED`: links to them still resolve),
  except the navigation's pages, which every rendered page's sidebar needs.
- MkDocs' first serve build renders every page, in one process. Before it, `run` builds the site over
  every core into a scratch folder (`ServeSession.build_seed`, as `build` does), and that first build
  starts from it: a dirty build, it renders only what changed since. At 10,000 articles the site took
  46-55 s to build so, and the first build then 3 s.

MkDocs calls in through `build_tools/site/hooks.py`, which finds the `ServeSession` in the active
`session.SiteSession`: the one `start` made (or, under a plain `mkdocs serve`, one over the repository's layout).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.structure.files import Files, InclusionLevel

from ..config import BuildConfig
from ..emit.markdown import TEMPLATES
from ..errors import BuildFailed
from ..memo import Memo
from ..outputs import claimed_outputs
from ..pipeline import Regeneration, StageMemos, generate
from ..search import BUNDLE_DIR, PagefindRun
from .session import SiteSession, begin
from .session import current as current_site_session
from . import build_site, default_shards

log = logging.getLogger("mkdocs.plugins.build_tools")


class ServeSession:
    """What lasts from one build of a serve process to the next: the memos, and the background work under way."""

    def __init__(self, config: BuildConfig):
        self.config = config
        self.memos = StageMemos()
        self._served_data_files = Memo()
        """What the last builds wrote into the served site's data files (`write.update_files`)."""
        self.regenerated: Regeneration | None = None
        """The last build's regeneration: its report, and the data files it left."""
        self._background: tuple[PagefindRun, threading.Thread] | None = None
        self._seed: Path | None = None
        """The site `build_seed` built, until the first build starts from it."""

    def watched(self) -> list[Path]:
        """What a contributor edits: the corpus (raw files, corrections, rules, taxonomy, options), the
        hand-written pages and the page templates."""
        config = self.config
        outside = [] if config.raw_dir.is_relative_to(config.corpus_dir) else [config.raw_dir]
        return [path for path in (config.corpus_dir, *outside, config.docs_dir, TEMPLATES) if path.is_dir()]

    def build_seed(self, serve_url: str, shards: int | None = None) -> None:
        """Regenerate; then, if the site is large enough to split over the cores (or `shards` says how many
        processes), build it so into a scratch folder for the first build to start from (`before_build`).
        `serve_url` is the site's address under serve, which MkDocs writes into the pages."""
        self.regenerated = generate(self.config, self.memos, defer_data_files=True)
        count = shards or default_shards(self.config.staging_dir)
        if count < 2:
            return  # MkDocs' own first build is as fast
        seed = Path(tempfile.mkdtemp(prefix="mkdocs_seed_"))  # beside MkDocs' site: moving it there is renames
        try:
            build_site(self.config, self.config.staging_dir, seed, strict=False, shards=count, site_url=serve_url)
        except BaseException:
            shutil.rmtree(seed, ignore_errors=True)
            raise
        self._seed = seed

    def before_build(self, site_dir: Path | None = None) -> None:
        """Regenerate; before the first build, put the seed into MkDocs' `site_dir`."""
        self.stop_background()  # its documents are about to change
        self.regenerated = generate(self.config, self.memos, defer_data_files=True)
        if self._seed is not None and site_dir is not None:
            self._plant_seed(site_dir)

    def _plant_seed(self, site_dir: Path) -> None:
        for entry in sorted(self._seed.iterdir()):
            shutil.move(entry, site_dir / entry.name)
        self.remove_seed()

    def remove_seed(self) -> None:
        if self._seed is not None:
            shutil.rmtree(self._seed, ignore_errors=True)
            self._seed = None

    def after_build(self, site_dir: Path) -> None:
        """Start the background work on the served site: Pagefind, and beside it the data files. The facet
        summary is written as soon as Pagefind exits, so that the search page has it without waiting for
        the next save."""
        run = PagefindRun(self.config.search_dir, site_dir / BUNDLE_DIR, self.config.options.search_bundle_max_bytes)
        thread = threading.Thread(target=self._finish, args=(run, self.regenerated, site_dir), name="serve-after",
                                  daemon=True)
        self._background = run, thread
        thread.start()

    def wait_for_background(self) -> None:
        """Let the background work finish (tests, and anyone who needs the served site complete)."""
        if self._background is not None:
            self._background[1].join()
            self._background = None

    def stop_background(self) -> None:
        """Stop the Pagefind run under way, if any (the served index stays as it was until the next run), and
        let the data files finish."""
        if self._background is not None:
            self._background[0].stop()
            self.wait_for_background()

    def _finish(self, run: PagefindRun, regenerated: Regeneration | None, site_dir: Path) -> None:
        """The data files, then Pagefind's end; a failure is logged, not raised, and a stop is neither."""
        with run:
            try:
                if regenerated is not None:
                    regenerated.write_data_files(site_dir, self._served_data_files)
                run.wait()
            except BuildFailed as error:
                if not run.stopped:
                    log.warning("build_tools could not finish the served site (data files, search index):\n%s",
                                error)


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


def current() -> ServeSession:
    """The session `start` made; under a plain `mkdocs serve`, one over the repository's layout."""
    site_session = current_site_session()
    if site_session.serve is None:
        site_session.serve = ServeSession(site_session.config)
    return site_session.serve


def start(config: BuildConfig) -> ServeSession:
    """A new session over `config`, for the builds to come in this process."""
    return begin(SiteSession(config, serve=ServeSession(config))).serve


def run(config: BuildConfig, dev_addr: str) -> None:
    """Serve `config`'s site with live reload until interrupted."""
    from mkdocs.commands.serve import serve

    session = start(config)
    # The build folder is checked and held as a build's is (`outputs`); MkDocs serves from a temporary folder.
    with claimed_outputs(config, site=False):
        try:
            session.build_seed(serve_url(config, dev_addr))  # MkDocs refuses a missing docs_dir: this writes it
            serve(config_file=str(config.mkdocs_file), docs_dir=str(config.staging_dir), livereload=True,
                  build_type="dirty", watch=[str(path) for path in session.watched()], dev_addr=dev_addr)
        finally:
            session.remove_seed()


def serve_url(config: BuildConfig, dev_addr: str) -> str:
    """The site's address under `mkdocs serve --dev-addr dev_addr`, worked out as MkDocs does."""
    mkdocs_config = load_mkdocs_config(config_file=str(config.mkdocs_file), docs_dir=str(config.docs_dir),
                                       dev_addr=dev_addr)
    host, port = mkdocs_config.dev_addr
    # As MkDocs' LiveReloadServer.url: the seed's pages must carry the address exactly, and its own helper
    # is private (tests/test_engine_contract.py checks that the two agree).
    mount_path = ("/" + urlsplit(mkdocs_config.site_url or "/").path.lstrip("/")).rstrip("/") + "/"
    return f"http://{host}:{port}{mount_path}"
