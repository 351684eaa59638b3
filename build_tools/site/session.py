"""The session: what one MkDocs build (or one serve process) shares with the hooks MkDocs calls.

MkDocs loads `hooks.py` as a module and calls its functions, so the hooks cannot be
handed an object: whoever runs MkDocs (`site`, `serve`) makes a `SiteSession` and
makes it the active one for as long as MkDocs runs (`using`, `begin`); the hooks
read and record everything through `current()`. The active session is the one
handle kept at module level; everything a build shares lives in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import BuildConfig, load_config
from .shards import Shard

if TYPE_CHECKING:
    from .serve import ServeSession


@dataclass
class SiteSession:
    config: BuildConfig
    shard: Shard | None = None
    """The part of the site this process renders (None: everything)."""
    serve: ServeSession | None = None
    """The pipeline around each build of a serve process: made by `serve.start`, or under a plain `mkdocs serve`
    by its first build."""
    serving: bool = False
    """Whether MkDocs runs as `serve` (set by the `on_startup` hook): only then does `serve` run around builds."""
    dirty: bool = False
    """Whether MkDocs renders only changed pages (set by the `on_startup` hook)."""


_active: SiteSession | None = None


def current() -> SiteSession:
    """The active session; under a plain `mkdocs build` or `mkdocs serve`, one over the repository's layout."""
    return _active or begin(SiteSession(load_config()))


def begin(session: SiteSession) -> SiteSession:
    """Make `session` the active one, for the builds to come in this process."""
    global _active
    _active = session
    return session


@contextmanager
def using(session: SiteSession) -> Iterator[SiteSession]:
    """`session` active for one build; the one before (a serve process's, around its seed build) after it."""
    global _active
    before, _active = _active, session
    try:
        yield session
    finally:
        _active = before
