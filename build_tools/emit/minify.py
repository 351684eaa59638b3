"""The project's own scripts and stylesheets (docs/assets/), minified as MkDocs gets them.

Pure: the staged hand-written files in, the same files out with each `.js` and `.css` minified by rjsmin and
rcssmin, which only drop comments and whitespace (deterministic, no renaming) and keep `/*! ... */` notices.
The sources in docs/ stay readable; only the staging docs and the site carry the minified copies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import PurePosixPath

import rcssmin
import rjsmin

MINIFIERS: dict[str, Callable[[str], str]] = {
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
}


def minify_assets(files: Mapping[PurePosixPath, bytes]) -> dict[PurePosixPath, bytes]:
    """`files` with every script and stylesheet minified; other files as they were."""
    return {path: _minified(path, data) for path, data in files.items()}


def _minified(path: PurePosixPath, data: bytes) -> bytes:
    minify = MINIFIERS.get(path.suffix)
    return minify(data.decode("utf-8")).encode("utf-8") if minify else data
