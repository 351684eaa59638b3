"""escape_markdown: any text, rendered by Markdown with the site's extensions, is one plain paragraph."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.config import REPO_ROOT
from build_tools.emit.markdown import escape_markdown


def site_extensions() -> tuple[list, dict]:
    """The Markdown extensions mkdocs.yml enables, so the test follows the real configuration."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda *_: None)
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, opts = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        options[name] = opts or {}
    return names, options


EXTENSIONS, OPTIONS = site_extensions()


def render(text: str) -> str:
    return markdown.markdown(str(escape_markdown(text)), extensions=EXTENSIONS, extension_configs=OPTIONS)


def assert_plain_paragraph(text: str) -> None:
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", re.sub(r"\s+", " ", text))
    folded = visible.strip()
    out = render(text)
    if not folded:
        assert out == ""
        return
    assert out.startswith("<p>") and out.endswith("</p>"), out
    inner = out[3:-4]
    assert "<" not in inner, f"markup produced: {out}"
    assert html.unescape(inner).strip() == folded


@pytest.mark.parametrize("text", [
    "- a list?", "+ plus", "* star", "1. numbered", "12) paren", "# heading", "## C#", "> quote",
    "--- rule", "=== setext", "!!! note \"Title\"", "--8<-- \"file.md\"", "<script>alert(1)</script>",
    "[x](javascript:alert(1))", "![img](http://example.com/x.png)", "<!-- material/tags -->",
    "{{ config.site_name }} {% raw %}", "**bold** _em_ `code`", "word{ .class onclick=x }", "a | b | c",
    "[^1] footnote", "*[HTML]: abbr", "    four spaces", "&lt; literal entity &amp;", "Wow![Russia](x)",
    "back\\slash\\[", "~~~ fence", "``` fence", "<https://example.com>", "a  \n  b", "AT&T",
])
def test_escape_markdown_known_syntax_stays_text(text):
    assert_plain_paragraph(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_escape_markdown_any_text_stays_text(text):
    assert_plain_paragraph(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="-+=:#>*_`[]()!<&;\\{}|~^ .0123456789a\n\x02\x03", max_size=60))
def test_escape_markdown_dense_syntax_stays_text(text):
    assert_plain_paragraph(text)
