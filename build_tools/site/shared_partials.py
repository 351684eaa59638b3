"""The theme's navigation and tabs, rendered once per folder for pages outside the navigation.

Material renders its navigation sidebar and its tabs on every page: 14% of MkDocs'
time at 1,000 articles (profiled), nearly all of it on generated pages (articles,
actors...) that the navigation does not list. For such a page both depend only on
the folder it is in: their links are relative, and no entry is active. So the first
page of a folder renders them, and the others reuse that HTML.

`build_tools/site/theme/partials/nav.html` and `tabs.html` override the theme's with a
call to `shared_partial`, which renders the template they hide (the theme's own).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from pathlib import Path

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup


def shared_partial_function(env: Environment, theme_dirs: Sequence[str]) -> Callable[..., Markup]:
    """`shared_partial(name)` for the templates of one MkDocs build (its navigation is fixed for the build).

    `theme_dirs` are the theme's template folders in the order MkDocs looks in them."""
    hidden: dict[str, Template] = {}
    rendered: dict[tuple[str, str], Markup] = {}

    def original(name: str) -> Template:
        if name not in hidden:
            # The second folder holding `name`: the first is this project's override.
            _, path, *_ = (Path(folder, name) for folder in theme_dirs if Path(folder, name).is_file())
            hidden[name] = env.from_string(path.read_text(encoding="utf-8"))
        return hidden[name]

    @pass_context
    def shared_partial(context: Context, name: str) -> Markup:
        folder = shared_folder(context)
        if folder is None:
            return Markup(original(name).render(context.get_all()))
        if (name, folder) not in rendered:
            rendered[name, folder] = Markup(original(name).render(context.get_all()))
        return rendered[name, folder]

    return shared_partial


def shared_folder(context: Context) -> str | None:
    """The folder of a page the navigation does not list, whose pages can share its HTML; None for others."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or any(listed is page for listed in nav.pages):
        return None
    return posixpath.dirname(page.url.rstrip("/"))
