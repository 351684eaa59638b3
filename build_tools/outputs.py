"""The folders a build writes into: checked before anything is written, marked as the build's own, and
held by one build at a time.

A build replaces its output folders whole and removes what an earlier build left in them, so a folder
it did not make must never become one: `build --out .` once moved the repository into the trash and
deleted it. Each folder the build makes carries a marker file (`MARKER`), and a folder named on the
command line must be new, empty or marked, and must stay clear of the repository, the inputs
(corpus, raw files, docs/), `/` and the home folder. The site's scratch folders, and the old site until
the next build removes it, live in one marked folder beside the site (`OutputFolders.site_work`), on the
site's file system, so that every swap is a rename.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from .config import BuildConfig
from .errors import BuildFailed

MARKER = ".build_tools-output"
"""The file that says "a build made this folder, and may empty or replace it"."""
MARKER_TEXT = "Made by `python -m build_tools build`; builds replace this folder and everything in it.\n"
LOCK = ".build_tools-lock"
"""In the build folder and the site's work folder: held (flock) while a build or `serve` writes there."""


@dataclass(frozen=True)
class OutputFolders:
    """Where a build writes, outside the staging docs' own subfolders."""

    build: Path
    """--build-dir: the staging docs, search documents and their trash."""
    site: Path | None
    """--out; None for `serve`, which builds into MkDocs' own temporary folder."""

    @property
    def site_work(self) -> Path | None:
        """Beside the site: its next version, the Pagefind bundle and the old site until the next build."""
        return self.site.with_name(f".{self.site.name}.work") if self.site is not None else None


def output_folders(config: BuildConfig, *, site: bool = True) -> OutputFolders:
    return OutputFolders(config.staging_dir.parent, config.site_dir if site else None)


@contextmanager
def claimed_outputs(config: BuildConfig, *, site: bool = True) -> Iterator[OutputFolders]:
    """Check the output folders (BuildFailed, with nothing touched, if one is unsafe), mark them and hold
    their locks until the block ends."""
    folders = output_folders(config, site=site)
    check_outputs(config, folders)
    with ExitStack() as locks:
        for folder in (folders.build, folders.site_work):
            if folder is not None:
                make_marked(folder)
                locks.enter_context(_locked(folder / LOCK, config))
        if folders.site is not None and folders.site.is_dir():
            mark(folders.site)  # an empty or repository-default site becomes the build's own
        yield folders


def check_outputs(config: BuildConfig, folders: OutputFolders) -> None:
    """BuildFailed listing every reason the output folders are unsafe to write, as `path: message`."""
    named = [(folders.build, "--build-dir", config.root / "build")]
    if folders.site is not None:
        named.append((folders.site, "--out", config.root / "site"))
    problems = [f"{_shown(config, folder)}: {problem}" for folder, option, default in named
                for problem in _folder_problems(config, folder, option, default)]
    if folders.site is not None and _overlap(folders.site, folders.build):
        problems.append(f"{_shown(config, folders.site)}: --out and --build-dir must be two separate folders, "
                        "neither inside the other")
    if problems:  # before the site's work folder, which `/` has none of
        raise BuildFailed(problems)
    if folders.site_work is not None and folders.site_work.exists() and not _ours(folders.site_work):
        raise BuildFailed([f"{_shown(config, folders.site_work)}: the build keeps the site's scratch folders "
                           f"here, but it holds something else (no {MARKER}); move it away or choose another --out"])


def _folder_problems(config: BuildConfig, folder: Path, option: str, default: Path) -> list[str]:
    """Why the build must not write into `folder` (given as `option`), if it must not."""
    home = Path.home().resolve()
    inputs = (("the corpus", config.corpus_dir), ("the raw files' folder", config.raw_dir),
              ("docs/", config.docs_dir))
    if folder == Path(folder.anchor) or home.is_relative_to(folder):
        return [f"{option} may not be / or the home folder, or hold it: the build replaces its output folder"]
    if config.root.is_relative_to(folder):
        return [f"{option} may not be or hold the repository: the build replaces its output folder"]
    problems = [f"{option} may not hold or lie inside {label} ({_shown(config, path)}): the build replaces "
                "its output folder" for label, path in inputs if _overlap(folder, path)]
    if folder.exists() and not folder.is_dir():
        problems.append(f"{option} is a file, not a folder")
    elif not problems and folder.is_dir() and not _ours(folder) and folder != default:
        # The repository's own site/ and build/ (ignored by git) predate the marker: they are adopted.
        problems.append(f"{option} holds files that no build made (no {MARKER} in it); the build replaces its "
                        "output folder, so name a new or empty folder, or one an earlier build made")
    return problems


def _overlap(one: Path, other: Path) -> bool:
    return one.is_relative_to(other) or other.is_relative_to(one)


def _ours(folder: Path) -> bool:
    """A folder the build may empty: marked, or empty."""
    return folder.is_dir() and (is_marked(folder) or not any(folder.iterdir()))


def is_marked(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def mark(folder: Path) -> None:
    marker = folder / MARKER
    if not marker.is_file():
        marker.write_text(MARKER_TEXT, encoding="utf-8")


def make_marked(folder: Path) -> Path:
    """Create `folder` (and its parents) if need be, marked as the build's own; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    mark(folder)
    return folder


@contextmanager
def _locked(path: Path, config: BuildConfig) -> Iterator[None]:
    """Hold an exclusive lock on `path` (left in place: removing a lock file races with its next holder)."""
    with open(path, "a+", encoding="utf-8") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "unknown"
            raise BuildFailed([f"{_shown(config, path.parent)}: another build (process {holder}) is writing here; "
                               "wait for it to finish, or give this one another --out and --build-dir"]) from None
        file.truncate(0)
        file.write(f"{os.getpid()}\n")
        file.flush()
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def _shown(config: BuildConfig, path: Path) -> str:
    return config.relative(path).as_posix()
