"""The Markdown extension that passes finished HTML blocks through unparsed (build_tools/emit/prerendered.py)."""

from __future__ import annotations

import markdown

from build_tools.emit.prerendered import CLOSE, OPEN

EXTENSIONS = ["build_tools.emit.prerendered", "md_in_html", "attr_list", "toc"]


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_a_block_reaches_the_page_unchanged_inside_markdown_around_it():
    page = convert(f"# Title\n\n<div markdown>\n\n{OPEN}\n<p>*not emphasis* [not](a-link)</p>\n{CLOSE}\n\n"
                   f"## Heading\n\n</div>\n\nafter *emphasis*\n")
    assert "<p>*not emphasis* [not](a-link)</p>" in page
    assert '<h2 id="heading">Heading</h2>' in page
    assert "<p>after <em>emphasis</em></p>" in page
    assert OPEN not in page and CLOSE not in page


def test_blank_lines_inside_a_block_do_not_end_it():
    page = convert(f"{OPEN}\n<table>\n\n<tr><td>*a*</td></tr>\n</table>\n{CLOSE}\n")
    assert "<tr><td>*a*</td></tr>" in page


def test_a_block_without_its_closing_marker_is_left_to_markdown():
    page = convert(f"{OPEN}\n\nplain *emphasis*\n")
    assert "<em>emphasis</em>" in page


def test_markers_only_count_on_a_line_of_their_own():
    page = convert(f"text {OPEN} more *emphasis*\n")
    assert "<em>emphasis</em>" in page
