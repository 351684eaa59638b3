"""MkDocs hooks: a thin adapter between MkDocs and the pipeline, with no logic of its own.

- Under `mkdocs serve`, regenerate the staging docs before each rebuild, so an
  edit to the corpus, taxonomy or templates shows up on reload.
- Point each page's "edit" button at the file that really controls it (the
  `edit_source` in a generated page's front matter; docs/ for hand-written ones).
"""

from __future__ import annotations

from build_tools.config import load_config
from build_tools.errors import BuildFailed
from build_tools.pipeline import generate
from mkdocs.exceptions import PluginError

_command = "build"


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(*, config) -> None:
    if _command != "serve":
        return
    try:
        generate(load_config())
    except BuildFailed as error:
        raise PluginError(f"build_tools could not regenerate the site:\n{error}") from error


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    if config.repo_url and config.edit_uri:
        source = page.meta.get("edit_source") or f"docs/{page.file.src_uri}"
        page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/{source}"
    return markdown
