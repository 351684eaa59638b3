"""Python-Markdown extension: blocks of finished HTML that Markdown stores without parsing.

Emit writes an article's paragraphs and tag chips as HTML it has already
escaped (markdown.py). Markdown would still run every such block through its
HTML parser, only to find where the block ends: a third of MkDocs' time on an
article page. The lines between `<!-- prerendered -->` and `<!-- /prerendered -->`
go straight into Markdown's own HTML stash instead, as its raw-HTML
preprocessor would put them, and reach the page unchanged.

Only templates can write the markers: escaped source text never has a `<` at
the start of a line. Registered in mkdocs.yml as `build_tools.emit.prerendered`.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

OPEN = "<!-- prerendered -->"
CLOSE = "<!-- /prerendered -->"
_PRIORITY = 25
"""After whitespace normalisation (30), before the raw-HTML block parser (20)."""


class PrerenderedPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        kept: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None and line == OPEN:
                block = []
            elif block is None:
                kept.append(line)
            elif line == CLOSE:
                kept += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # no closing marker: leave the lines to Markdown
            kept += [OPEN, *block]
        return kept


class PrerenderedExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(PrerenderedPreprocessor(md), "prerendered", _PRIORITY)


def makeExtension(**kwargs) -> PrerenderedExtension:  # noqa: N802 - the name Python-Markdown looks for
    return PrerenderedExtension(**kwargs)
