"""The one place that turns ids into the paths of pages and the links between them.

A generated page lives in the docs folder at `<kind>/<slug>.md` (`page_path`); MkDocs
serves it at `<kind>/<slug>/` (`directory_url`). Markdown links go from page file to
page file (`relative_link`, MkDocs checks and rewrites them); raw HTML links go from
address to address (`relative_url`), as the browser resolves them.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath


def page_file(kind: str, slug: str) -> str:
    """`page_path` as a plain string, for the many links a page renders."""
    return f"{kind}/{slug}.md"


def page_path(kind: str, slug: str) -> PurePosixPath:
    """Where a generated page lives in the docs folder: `<kind>/<slug>.md`."""
    return PurePosixPath(page_file(kind, slug))


def timeline_path(year: int | None) -> PurePosixPath:
    """A year's timeline page; the undated articles have one too."""
    return page_path("timeline", str(year) if year is not None else "undated")


def relative_link(target: str | PurePosixPath, here: str | PurePosixPath) -> str:
    """A Markdown link target from page `here` to page `target`, both relative to the docs folder."""
    return posixpath.relpath(str(target), posixpath.dirname(str(here)) or ".")


def fast_relative_link(target: str, here_dir: str) -> str:
    """`relative_link` for plain docs-relative paths without posixpath.relpath's abspath calls."""
    if not (_plain(target) and (not here_dir or _plain(here_dir))):
        return relative_link(target, posixpath.join(here_dir, "index.md"))
    to, start = target.split("/"), here_dir.split("/") if here_dir else []
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def directory_url(path: PurePosixPath | str) -> str:
    """The site address of a Markdown page under MkDocs' directory URLs: a/b.md -> a/b/, a/index.md -> a/."""
    stem = str(path).removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return f"{stem}/" if stem else ""


def relative_url(target: str, here: str) -> str:
    """From one directory URL to another: the same path arithmetic as links between Markdown files."""
    relative = fast_relative_link(target.rstrip("/") or ".", here.rstrip("/"))
    return "./" if relative == "." else f"{relative}/"


def _plain(path: str) -> bool:
    return not path.startswith("/") and all(part not in ("", ".", "..") for part in path.split("/"))
