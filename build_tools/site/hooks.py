"""MkDocs hooks: a thin adapter between MkDocs and the pipeline, with no logic of its own.

- Under `mkdocs serve`, run the pipeline around each build (`build_tools.site.serve`):
  regenerate the staging docs before it, write the data files and index the search
  documents with Pagefind after it, watch the sources rather than the staging docs,
  leave unchanged pages out of dirty builds.
- Render the theme's navigation and tabs once per folder for pages outside the
  navigation (`build_tools.site.shared_partials`), and compile the theme's templates
  once per process, not once per build (`build_tools.site.template_cache`).
- Write each page without the blank runs the theme's templates leave (`build_tools.site.page_chrome`).
- Leave out the pages another MkDocs process renders, when the build is split
  over the cores (`build_tools.site.shards`).
- What the hooks share from one event to the next lives in the active
  `build_tools.site.session.SiteSession`, never in this module.
- Turn on the theme's instant navigation while the site is small enough for the
  sitemap it fetches on every page (`theme_features`).
- Point each page's "edit" button at the file that really controls it (the
  `edit_source` in a generated page's front matter; docs/ for hand-written ones),
  never at generated Markdown. `edit_url` decides how; see CONTRIBUTING.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from build_tools.site import serve
from build_tools.config import EditPaths, SiteOptions
from build_tools.errors import BuildFailed
from build_tools.site.page_chrome import compact_chrome
from build_tools.site.session import current
from build_tools.site.shards import exclude_other_shards
from build_tools.site.shared_partials import shared_partial_function
from build_tools.site.template_cache import COMPILED_TEMPLATES
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


def on_startup(*, command: str, dirty: bool) -> None:
    session = current()
    session.serving, session.dirty = command == "serve", dirty
    if session.serving and session.serve is None:  # a plain `mkdocs serve`
        session.serve = serve.ServeSession(session.config)


def _serving() -> serve.ServeSession | None:
    """Under `serve`, what runs the pipeline around each build; None under `build`."""
    session = current()
    return session.serve if session.serving else None


def on_serve(server, *, config, builder):
    # Only the regeneration writes to the staging docs: a change there would start another, idle build.
    server.unwatch(config.docs_dir)
    return server


def on_pre_build(*, config) -> None:
    serving = _serving()
    if serving is None:
        return
    try:
        serving.before_build(Path(config.site_dir))
    except BuildFailed as error:
        raise PluginError(f"build_tools could not regenerate the site:\n{error}") from error


def on_post_build(*, config) -> None:
    serving = _serving()
    if serving is not None:
        serving.after_build(Path(config.site_dir))


def on_shutdown() -> None:
    serving = _serving()
    if serving is not None:
        serving.stop_background()  # MkDocs removes the served site next


def on_env(env, *, config, files):
    env.globals["shared_partial"] = shared_partial_function(env, config.theme.dirs)
    env.bytecode_cache = COMPILED_TEMPLATES
    return env


def on_files(files, *, config):
    # Every page, before a dirty build or a shard leaves some out: the sitemap lists them all.
    config.theme["features"] = theme_features(config.theme["features"], len(files.documentation_pages()),
                                              current().config.options.instant_navigation_max_pages)
    if _serving() is not None and current().dirty and config.nav:  # without a nav, the sidebar lists every page
        serve.leave_out_unchanged_pages(files, config.nav)
    return files


def on_nav(nav, *, config, files):
    exclude_other_shards(files, nav, config.site_url, config.site_dir, current().shard)
    return nav


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    if config.repo_url and config.edit_uri:
        build_config = current().config
        page.edit_url = edit_url(config.repo_url, config.edit_uri, page.meta, page.file.src_uri,
                                 build_config.edit_paths, exists=lambda source: (build_config.root / source).exists(),
                                 is_dir=lambda source: (build_config.root / source).is_dir())
    return markdown


def theme_features(features: list[str], pages: int, instant_navigation_max_pages: int) -> list[str]:
    """mkdocs.yml's theme features, with instant navigation while the site has at most
    `instant_navigation_max_pages` pages: it fetches the whole sitemap on every page (SiteOptions)."""
    if pages > instant_navigation_max_pages or "navigation.instant" in features:
        return features
    return [*features, "navigation.instant"]


def edit_url(repo_url: str, edit_uri: str, meta: Mapping[str, Any], src_uri: str, paths: EditPaths, *,
             exists: Callable[[str], bool], is_dir: Callable[[str], bool]) -> str | None:
    """Where a page's "edit" button goes; None hides it.

    - A hand-written page (no `edit_source` key): GitHub's editor on docs/<page> (`paths.docs`).
    - A generated page: GitHub's editor on its `edit_source` (a correction file, a
      taxonomy file...). GitHub's editor ignores `#L12`, so no line is added; the
      page's "generated" notice names the line instead.
    - A source file that does not exist yet (an article's correction file,
      corpus/config.yml): GitHub's "new file" form, named, and pre-filled with a
      correction entry for the article's raw line (`edit_line`) or the options.
    - A folder (the actor list, the raw files): GitHub's folder view.
    - A generated page with `edit_source: null` (no single source): no button.
    """
    if "edit_source" in meta and not meta["edit_source"]:
        return None
    if "edit_source" not in meta and paths.docs is None:
        return None
    source = str(meta.get("edit_source") or f"{paths.docs}/{src_uri}").strip("/")
    repo, uri = repo_url.rstrip("/"), edit_uri.strip("/")
    action, _, branch = uri.partition("/")
    branch = branch or "main"
    if action not in ("edit", "blob"):  # an unusual edit_uri: use it as written
        return f"{repo}/{uri}/{quote(source)}"
    if is_dir(source):
        return f"{repo}/tree/{quote(branch)}/{quote(source)}"
    if not exists(source):
        folder, _, name = source.rpartition("/")
        value = (new_correction(name, meta.get("edit_line")) if folder == paths.corrections
                 else new_site_options() if source == paths.options else "")
        query = urlencode({"filename": name, **({"value": value} if value else {})})
        return f"{repo}/new/{quote(branch)}/{quote(folder)}?{query}"
    return f"{repo}/{uri}/{quote(source)}"


def new_site_options() -> str:
    """The starting text of corpus/config.yml: every option, commented out, at its default."""
    defaults = SiteOptions()
    lines = ["# Site options (build_tools/config.py, SiteOptions). Uncomment to change."]
    lines += [f"# {item.name}: {json.dumps(getattr(defaults, item.name), ensure_ascii=False)}"
              for item in fields(SiteOptions)]
    return "\n".join(lines) + "\n"


def new_correction(name: str, line: Any) -> str:
    """The starting text of a new corrections file (format: corpus/corrections/README.md)."""
    where = line if isinstance(line, int) and not isinstance(line, bool) else 1
    return (f"# Corrections for the raw file {Path(name).stem} in corpus/raw/; format: corpus/corrections/README.md\n"
            f"articles:\n"
            f"  - line: {where}  # the raw line where the article starts\n"
            f"    # title: The right title\n"
            f"    # date: 2021-07-15\n"
            f"    # authors: [First Author]\n"
            f"    # publication: The outlet\n"
            f"    comment: why this is right (for the reviewer)\n")


@event_priority(-100)  # after any other plugin has seen the page as the theme rendered it
def on_post_page(output: str, *, page, config) -> str:
    return compact_chrome(output)
