"""The theme's chrome around each page, without the indentation its templates leave.

Material's templates indent deeply and leave runs of blank lines: 14% of an
article page's bytes at 1,000 articles (5.4 of 39 kB), repeated on every page
of a site that GitHub Pages caps at 1 GB. Outside the page's own content
(`<article>`) and outside `pre`, `textarea`, `script` and `style`, a run of
whitespace that holds a line break becomes one line break: still whitespace,
so the page renders the same.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1>|<article\b.*?</article>", re.DOTALL | re.IGNORECASE)
_BREAKS = re.compile(r"[ \t]*\n\s*")


def compact_chrome(page: str) -> str:
    """`page` with each whitespace run that holds a line break, outside the kept elements, as one line break."""
    parts, start = [], 0
    for kept in _KEPT.finditer(page):
        parts += [_BREAKS.sub("\n", page[start:kept.start()]), kept.group()]
        start = kept.end()
    parts.append(_BREAKS.sub("\n", page[start:]))
    return "".join(parts)
