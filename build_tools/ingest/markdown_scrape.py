"""Markdown scrapes (raw files named *.md): their markup read as formatting, not as text.

Scrapers that save pages as Markdown mark headings with '#', emphasis with '*' and links as
[text](url). Each line keeps its number, so that reports and corrections point at the raw file:
- headings and block quotes lose their markers; a setext underline ('====') and a code fence
  become blank lines;
- emphasis, strike-through and inline code lose their delimiters; an escaped character ('\\*')
  loses its backslash and is never read as markup;
- a link keeps its text; an image alone on its line (linked or not) becomes 'Image: <alt text>',
  which ingest drops as a caption, and an image inside a line is removed.
Code blocks, tables and HTML stay as written: text, escaped on the page like any raw text. A raw
file named *.txt is never read so, whatever it contains.
"""

from __future__ import annotations

import re

MARKDOWN_SUFFIX = ".md"

# Every span is bounded (link text and addresses, emphasis) and excludes its own delimiter: a long line full
# of unclosed markers ("**a **a ...") would otherwise be searched to its end from every marker.
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_LONE_IMAGE = re.compile(r"^\s*(?P<link>\[)?!\[(?P<alt>[^\]]*)\]\([^)]*\)(?(link)\]\([^)]*\))\s*$")
_IMAGE = re.compile(r"!\[[^\[\]]{0,1000}\]\([^)]{0,2000}\)")
_LINK = re.compile(r"\[(?P<text>[^\[\]]{0,1000})\]\((?:[^()]|\([^()]{0,500}\)){0,2000}\)"
                   r"|\[(?P<ref>[^\[\]]{1,1000})\]\[[^\[\]]{0,100}\]")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto):[^>\s]{1,2000})>")
_STRONG = re.compile(r"\*\*(?=\S)(?P<text>[^*]{1,1000}?)(?<=\S)\*\*|__(?=\S)(?P<under>[^_]{1,1000}?)(?<=\S)__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(?P<text>[^*]+?)(?<=\S)\*(?![\w*])"
                       r"|(?<![\w_])_(?=\S)(?P<under>[^_]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(?P<text>[^~]{1,1000}?)(?<=\S)~~")
_CODE = re.compile(r"`(?P<text>[^`]+)`")
_ESCAPED = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!>|~])")
_SET_ASIDE = 0xE000
_SET_ASIDE_CHARS = re.compile("[\uE000-\uE07F]")


def plain_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The lines of a Markdown scrape as plain text, one for one."""
    plain: list[str] = []
    in_code = False
    for line in lines:
        if _FENCE.match(line):
            in_code = not in_code
            plain.append("")
        elif in_code:
            plain.append(line)
        elif _SETEXT.match(line) and plain and plain[-1].strip():
            plain.append("")  # the underline of the heading above; a '---' after a blank line is a rule
        else:
            plain.append(_plain_line(line))
    return tuple(plain)


def _plain_line(line: str) -> str:
    # An escaped character is set aside (as a private-use character) so that no rule below reads it as markup.
    line = _ESCAPED.sub(lambda m: chr(_SET_ASIDE + ord(m.group("char"))), line)
    lone_image = _LONE_IMAGE.match(line)
    if lone_image:
        return f"Image: {lone_image.group('alt').strip()}"
    heading = _HEADING.match(line)
    if heading:
        line = heading.group("text")
    line = _QUOTE.sub("", line)
    line = _IMAGE.sub("", line)
    line = _LINK.sub(lambda m: m.group("text") if m.group("text") is not None else m.group("ref"), line)
    line = _AUTOLINK.sub(r"\g<url>", line)
    line = _CODE.sub(r"\g<text>", line)
    line = _STRONG.sub(lambda m: m.group("text") or m.group("under"), line)
    line = _EMPHASIS.sub(lambda m: m.group("text") or m.group("under"), line)
    line = _STRIKE.sub(r"\g<text>", line)
    return _SET_ASIDE_CHARS.sub(lambda m: chr(ord(m.group(0)) - _SET_ASIDE), line)
