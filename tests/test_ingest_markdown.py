"""Markdown scrapes (*.md raw files): markup read as formatting, one plain line per raw line."""

from __future__ import annotations

import pytest

from build_tools.ingest.markdown_scrape import plain_lines


@pytest.mark.parametrize(("line", "plain"), [
    ("# Kazakhstan raises key rate", "Kazakhstan raises key rate"),
    ("## Outlook ##", "Outlook"),
    ("> > Quoted twice", "Quoted twice"),
    ("**By Olga Petrova** | March 3, 2019", "By Olga Petrova | March 3, 2019"),
    ("A [central bank](https://example.com/a_(b)) and [a reference][1].", "A central bank and a reference."),
    ("See <https://example.com/x>.", "See https://example.com/x."),
    ("![The bank](https://example.com/bank.jpg)", "Image: The bank"),
    ("[![The bank](bank.jpg)](https://example.com/)", "Image: The bank"),
    ("Text ![icon](i.png) goes on.", "Text  goes on."),
    ("_Nigora Usmonova_ and *em* and ~~old~~ and `code`", "Nigora Usmonova and em and old and code"),
    # Not markup: handles, arithmetic, escapes and HTML stay as written
    ("Posted by steppe_watcher on 2*3*4", "Posted by steppe_watcher on 2*3*4"),
    (r"\*Not emphasis\* and \# not a heading", "*Not emphasis* and # not a heading"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
])
def test_markdown_line_becomes_plain_text(line, plain):
    assert plain_lines((line,)) == (plain,)


def test_markdown_keeps_one_line_per_raw_line():
    lines = ("Heading", "=======", "", "---", "```", "**kept** as written", "```", "After")
    assert plain_lines(lines) == ("Heading", "", "", "---", "", "**kept** as written", "", "After")
