"""Safe Markdown output: source text is data, never markup.

Every value a template prints is escaped for Markdown *and* HTML by the
environment's `finalize` hook, unless the code marked it as trusted markup with
`markupsafe.Markup`. Escaping turns every character that Markdown, its
extensions or HTML could read as syntax into a numeric character reference, so
`<script>`, `[x](javascript:...)`, `!!!`, `--8<--`, `{{ }}`, `---` and
`<!-- material/tags -->` reach the page as the literal text.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"

_SYNTAX = "\\`*_{}[]()#+-.!|~^=:$%@\"'"
_ESCAPES = {ord(char): f"&#{ord(char)};" for char in _SYNTAX}
_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
_SPACE = re.compile(r"\s+")


def escape_markdown(text: str) -> Markup:
    """Inline-safe text: whitespace folded to single spaces, syntax characters as references."""
    return Markup(_SPACE.sub(" ", text).translate(_ESCAPES))


def escape_html(text: str) -> str:
    """For values the theme prints as HTML (front matter title and description)."""
    return html.escape(_SPACE.sub(" ", text).strip(), quote=True)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or value is None:
        return "" if value is None else value
    if isinstance(value, (int, float)):
        return value
    return escape_markdown(str(value))


def render_front_matter(meta: dict[str, Any]) -> Markup:
    """YAML front matter; string values are HTML-escaped because the theme prints them raw."""
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return escape_html(value)
        if isinstance(value, (list, tuple)):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value
    body = yaml.safe_dump(clean(meta), allow_unicode=True, sort_keys=False, width=10_000)
    return Markup(f"---\n{body}---\n")


def relative_link(target: str | PurePosixPath, here: str | PurePosixPath) -> str:
    """A Markdown link target from page `here` to page `target`, both relative to the docs folder."""
    return posixpath.relpath(str(target), posixpath.dirname(str(here)) or ".")


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        finalize=_finalize,
        # `finalize` escapes for Markdown; autoescape then keeps macro and block output as markup.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["front_matter"] = render_front_matter
    env.filters["html"] = lambda text: Markup(escape_html(str(text)))
    env.filters["verbatim"] = lambda text: Markup(html.escape(str(text)))
    return env
