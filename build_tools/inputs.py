"""The files a build reads: regular files under the corpus, the raw folder and docs/, never what a link
points at.

A symbolic link committed as `corpus/raw/x.txt` published the file it pointed to (a CI checkout's
`.git/config`, say), and one to /dev/zero read until memory ran out. So every link and every file that
is not a regular one (a FIFO, a device) under those folders is refused before anything is read
(`refused_inputs`), and each raw file is opened without following a link, checked to be a regular file
within the size limit, and read no further than that (`read_regular`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .config import BuildConfig
from .errors import SourceError


class Unreadable(Exception):
    """Why a file is not read, to be said after its path."""


def refused_inputs(config: BuildConfig) -> list[SourceError]:
    """Every symbolic link and non-regular file under the corpus, the raw folder and docs/, and those folders
    themselves if the repository holds them as links."""
    folders = [config.corpus_dir, config.docs_dir]
    if not config.raw_dir.is_relative_to(config.corpus_dir):
        folders.append(config.raw_dir)
    linked = [folder for folder in (config.root / "corpus", config.root / "docs", config.corpus_dir / "raw")
              if folder.is_symlink()]
    refused = [(folder, "is a symbolic link") for folder in linked]
    for folder in folders:
        refused += _refused_under(folder)
    return [SourceError(config.relative(path).as_posix(), None, f"cannot read {_kind(config, path)}: {reason}; "
                                                                 "the build reads only regular files, no links")
            for path, reason in sorted(set(refused))]


def _refused_under(folder: Path) -> list[tuple[Path, str]]:
    refused = []
    # os.walk does not enter a linked folder (followlinks=False): it is listed, and refused, here.
    for current, folders, files in os.walk(folder):
        for name in (*folders, *files):
            path = Path(current, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                refused.append((path, "is a symbolic link"))
            elif not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                refused.append((path, "is not a regular file (a FIFO, socket or device)"))
    return refused


def _kind(config: BuildConfig, path: Path) -> str:
    return "raw file" if path.is_relative_to(config.raw_dir) and path != config.raw_dir else "file"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, not through a link, and at most `limit` of them; `Unreadable`
    says why not."""
    try:
        # Non-blocking: opening a FIFO would otherwise wait for a writer before the check below could refuse it.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if os.path.islink(path):
            raise Unreadable("is a symbolic link; the build reads only regular files, no links") from None
        raise Unreadable(error.strerror or str(error)) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise Unreadable("is not a regular file" + (" (a folder)" if stat.S_ISDIR(mode) else ""))
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(limit + 1)  # a file that grows while it is read is still cut at the limit
    if len(data) > limit:
        raise Unreadable(f"larger than {limit / 1e6:g} MB")
    return data
