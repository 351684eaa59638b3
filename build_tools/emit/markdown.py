"""Safe Markdown output: source text is data, never markup.

Every value a template prints is escaped for Markdown *and* HTML by the
environment's `finalize` hook, unless the code marked it as trusted markup with
`markupsafe.Markup`. Escaping turns every character that Markdown, the enabled
extensions (mkdocs.yml) or HTML could read as syntax into a numeric character
reference, so `<script>`, `[x](javascript:...)`, `!!!`, `--8<--`, `{{ }}`,
`---` and `<!-- material/tags -->` reach the page as the literal text.

Characters that are syntax anywhere in a line are always escaped; those that
are syntax only at the start of a line (list markers, headings, rules) only
there. Escaping common prose punctuation too would turn every full stop and
hyphen into an inline token and triple Markdown's work on a large corpus.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from .records import published_file

TEMPLATES = Path(__file__).parent / "templates"
# libyaml's emitter when PyYAML has it (its wheels do): the pure-Python one took a tenth of emit.
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_INLINE_SYNTAX = "\\`*_{}[]#!|~^"
_ESCAPES = {ord(char): f"&#{ord(char)};" for char in _INLINE_SYNTAX}
_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
# Control characters cannot appear in HTML, and STX/ETX delimit Markdown's own placeholders.
_ESCAPES.update({code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)})
_SPACE = re.compile(r"\s+")
# A list marker, heading, quote, rule or setext underline where a line begins.
_LINE_START_SYNTAX = re.compile(r"^(\s*)(?:([-+=:])|(\d+)([.)]))")


@functools.lru_cache(maxsize=1 << 16)
def escape_markdown(text: str) -> Markup:
    """Inline-safe text: whitespace folded to single spaces, syntax characters as references.

    A value may open a line (a paragraph, a table cell, a list item), so a
    leading "-", "+", "=", ":" or "12." is escaped as well.

    Cached: an article page escapes some 190 values, nearly all names, dates and titles
    it shares with other pages; rendering 1,000 article pages took 3.6-4.2 s, 2.0-2.8 s cached.
    """
    escaped = _SPACE.sub(" ", text).translate(_ESCAPES)
    return Markup(_LINE_START_SYNTAX.sub(_escape_line_start, escaped, count=1))


def _escape_line_start(match: re.Match) -> str:
    space, marker, digits, period = match.groups()
    if marker:
        return f"{space}&#{ord(marker)};"
    return f"{space}{digits}&#{ord(period)};"


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
    body = yaml.dump(clean(meta), Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    return Markup(f"---\n{body}---\n")


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
    env.filters["counted"] = counted
    env.filters["published_file"] = published_file
    return env


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """"1 article", "3 articles": a count with its noun (a regular plural unless `plural` is given)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
