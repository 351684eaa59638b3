"""Site: run MkDocs over the staging docs folder, into a temporary folder, then swap it into place.

A failed build raises before the swap, so the previous site/ and generated
pages stay intact.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from ..config import BuildConfig
from ..errors import BuildFailed, SourceError
from ..outputs import MARKER, is_marked, make_marked
from ..parallel import frozen_heap, usable_cores
from .session import SiteSession, using
from .shards import Shard, merge, shard_count

log = logging.getLogger(__name__)
SHARD_FILE = ".shard"
"""In a shard's site (`build --shard`): which shard of how many it is, as "I/N"."""
GITHUB_PAGES_LIMIT = 10**9
"""Bytes: GitHub Pages publishes sites of at most 1 GB
(https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits)."""
PAGES_WARNING_SHARE = 0.8
"""`build` warns from this share of the limit on, while there is room to act."""
_REMOVE = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, ignore_errors=True)"


class _WarningCollector(logging.Handler):
    """Keeps MkDocs' warnings so that a strict-mode failure says what they were."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config: BuildConfig, docs_dir: Path, site_dir: Path, *, strict: bool = True, dirty: bool = False,
               shards: int | None = None, **overrides) -> None:
    """MkDocs over `docs_dir` into `site_dir`, in `shards` processes (default: one per core, for large
    sites); `dirty` rebuilds only changed pages, in one process; `overrides` replace mkdocs.yml
    settings (the bench builds with `nav=[]`)."""
    count = 1 if dirty else shards or default_shards(docs_dir)
    if count == 1:
        _build(config, docs_dir, site_dir, Shard(0, 1), strict, dirty, overrides)
        return
    parts = [scratch_path(site_dir, f"shard{index}") for index in range(1, count)]
    jobs = [(config, docs_dir, part, Shard(index, count, config.docs_dir), strict, overrides)
            for index, part in enumerate([site_dir, *parts])]
    try:
        # Each shard in a fresh fork that ends with it (maxtasksperchild), so that what MkDocs held for one
        # shard is given back before the next starts; the first shard (the navigation) starts first and writes
        # the page order the merge sorts by.
        with (frozen_heap(),
              multiprocessing.get_context("fork").Pool(min(count, usable_cores()), maxtasksperchild=1) as pool):
            errors = [error for found in pool.starmap(_build_shard, jobs, chunksize=1) for error in found]
        if errors:
            raise BuildFailed(errors)
        merge(parts, site_dir)
    finally:
        for part in parts:
            shutil.rmtree(part, ignore_errors=True)


def build_one_shard(config: BuildConfig, docs_dir: Path, part_dir: Path, shard: Shard, *, strict: bool = True) -> None:
    """One shard of the MkDocs build of `docs_dir` into `part_dir` (`build --shard`), marked with its place
    (`SHARD_FILE`) for `merge_parts`, which may run on another machine."""
    _build(config, docs_dir, part_dir, shard, strict, False, {})
    (part_dir / SHARD_FILE).write_text(f"{shard.index + 1}/{shard.count}\n", encoding="utf-8")


def merge_parts(parts: list[Path], site_dir: Path) -> None:
    """The site of the shards that `build_one_shard` wrote into `parts`, one each, in any order: the same bytes
    as a one-process build (`build --merge`). The parts are copied, not moved, and left as they were."""
    places = {_shard_place(part): part for part in parts}
    count = next(iter(places))[1] if places else 0
    missing = [f"{index}/{count}" for index in range(1, count + 1) if (index, count) not in places]
    if len(places) != len(parts) or missing or len({total for _, total in places}) != 1:
        raise BuildFailed([f"--merge needs each shard of one build once, 1/N to N/N; given "
                           f"{', '.join(f'{i}/{n}' for i, n in sorted(places))}" + (
                               f" (missing {', '.join(missing)})" if missing else "")])
    ordered = [places[(index, count)] for index in range(1, count + 1)]
    shutil.copytree(ordered[0], site_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns(SHARD_FILE))
    copies = [scratch_path(site_dir, f"part{index}") for index in range(2, count + 1)]
    try:
        for part, copy in zip(ordered[1:], copies):
            shutil.copytree(part, copy, ignore=shutil.ignore_patterns(SHARD_FILE, MARKER))
        if count > 1:
            merge(copies, site_dir)
    finally:
        for copy in copies:
            shutil.rmtree(copy, ignore_errors=True)


def _shard_place(part: Path) -> tuple[int, int]:
    try:
        index, count = (part / SHARD_FILE).read_text(encoding="utf-8").strip().split("/")
        return int(index), int(count)
    except (OSError, ValueError):
        raise BuildFailed([f"{part}: not a shard's site (no {SHARD_FILE}); make one with build --shard I/N"]) from None


def default_shards(docs_dir: Path) -> int:
    """How many processes `build_site` splits a full build of `docs_dir` over, unless told."""
    return shard_count(sum(1 for _ in docs_dir.rglob("*.md")), usable_cores())


def _build_shard(config: BuildConfig, docs_dir: Path, site_dir: Path, shard: Shard, strict: bool,
                 overrides: dict) -> tuple[SourceError, ...]:
    """One shard's build: its errors, returned rather than raised (they cross a process boundary)."""
    try:
        _build(config, docs_dir, site_dir, shard, strict, False, overrides)
        return ()
    except BuildFailed as error:
        return error.problems


def _build(config: BuildConfig, docs_dir: Path, site_dir: Path, shard: Shard, strict: bool, dirty: bool,
           overrides: dict) -> None:
    """One MkDocs build of `shard` (the first shard's hooks write the page order into its folder)."""
    collector = _WarningCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    try:
        with using(SiteSession(config, shard=shard)):
            mkdocs_config = load_mkdocs_config(config_file=str(config.mkdocs_file), docs_dir=str(docs_dir),
                                               site_dir=str(site_dir), strict=strict, **overrides)
            mkdocs_config.plugins.on_startup(command="build", dirty=dirty)
            try:
                mkdocs_build(mkdocs_config, dirty=dirty)
            finally:
                mkdocs_config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as error:
        raise BuildFailed([f"mkdocs: {error}", *(f"mkdocs: {m}" for m in collector.messages)]) from error
    finally:
        mkdocs_log.removeHandler(collector)


class Trash:
    """Folders a build replaced, removed in the background while the next build reads and annotates.

    Removing a 10,000-article site and its docs (46,000 files) took 12.6-13.2 s at the end of a rebuild,
    mostly waiting on the disk. A build empties what the last one left here in another process (a thread
    would be running whenever the build forks its workers), and waits for it before it returns.
    The folder is marked as the build's own (`outputs.MARKER`): one without the mark is never emptied.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._emptying: subprocess.Popen | None = None

    def __enter__(self) -> Trash:
        if self.folder.exists() and not is_marked(self.folder):
            raise BuildFailed([f"{self.folder}: a build keeps the folders it replaced here, but no build made "
                               f"this folder (no {MARKER} in it); move it away"])
        leftovers = ([str(path) for path in sorted(self.folder.iterdir()) if path.name != MARKER]
                     if self.folder.is_dir() else [])
        if leftovers:
            self._emptying = subprocess.Popen([sys.executable, "-c", _REMOVE, *leftovers])
        return self

    def __exit__(self, *exception) -> None:
        if self._emptying is not None:
            self._emptying.wait()

    def take(self, path: Path) -> None:
        """Move `path` here (a rename); BuildFailed, with `path` left as it is, if it cannot be moved."""
        holder = Path(tempfile.mkdtemp(dir=make_marked(self.folder)))
        try:
            path.rename(holder / path.name)
        except OSError as error:
            holder.rmdir()
            raise BuildFailed([f"{path}: cannot move the folder this build replaces to {self.folder} "
                               f"({error.strerror or error}); it is left as it was"]) from None


def swap_into_place(new: Path, target: Path, trash: Trash) -> None:
    """Replace `target` by `new`, the old folder going to the `trash` first: two renames, so a reader never
    sees a half-written folder."""
    if target.exists():
        trash.take(target)
    new.rename(target)


def tree_bytes(path: Path) -> int:
    """The size of the files under `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def page_kind_bytes(site: Path) -> dict[str, tuple[int, int]]:
    """{page kind: (files, bytes)}, a kind being the site's top folder (articles, actors, pagefind...);
    the files at the top, such as sitemap.xml and the home page, count as "(top)". Largest first."""
    kinds: dict[str, list[int]] = {}
    for path in site.rglob("*"):
        if path.is_file():
            parts = path.relative_to(site).parts
            counts = kinds.setdefault(parts[0] if len(parts) > 1 else "(top)", [0, 0])
            counts[0] += 1
            counts[1] += path.stat().st_size
    return {kind: (files, size) for kind, (files, size) in
            sorted(kinds.items(), key=lambda item: (-item[1][1], item[0]))}


def pages_limit_warning(site_dir: Path, site_bytes: int) -> str | None:
    """What to tell a user whose site nears GitHub Pages' 1 GB (`PAGES_WARNING_SHARE` of it), or None."""
    if site_bytes <= PAGES_WARNING_SHARE * GITHUB_PAGES_LIMIT:
        return None
    heaviest = ", ".join(f"{kind}/ {size / 1e6:.0f} MB" for kind, (_, size) in
                         list(page_kind_bytes(site_dir).items())[:3])
    verdict = "is over" if site_bytes > GITHUB_PAGES_LIMIT else "nears"
    return (f"the site takes {site_bytes / 1e6:.1f} MB and {verdict} the {GITHUB_PAGES_LIMIT / 1e6:.0f} MB that "
            f"GitHub Pages publishes (heaviest: {heaviest}). Options: publish site/ to a static host without "
            "that cap (it is plain files); or split the corpus into collections, one site each "
            "(README.md, \"Scale\"); or list fewer articles on actor, topic, relation and outlet pages "
            "(index_page_items in corpus/config.yml). The data files are compressed already")


def scratch_path(target: Path, label: str) -> Path:
    """A sibling of `target` (same file system, so the swap is a rename), emptied."""
    return emptied(target.with_name(f".{target.name}.{label}"))


def emptied(path: Path) -> Path:
    """`path`, with whatever an earlier (failed or killed) build left there removed."""
    if path.exists():
        shutil.rmtree(path)
    return path
