"""Split an article's blocks into text segments and actor links, ready for the template.

The first mention of each actor in a block links to the actor page; later ones
stay plain, so a paragraph naming Russia five times is still calm to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..models import BLOCK_SEPARATOR, ActorId, AnnotatedArticle, Article, Block, BlockKind, Mention
from .markdown import escape_markdown


@dataclass(frozen=True)
class Segment:
    text: str
    actor: ActorId | None = None


@dataclass(frozen=True)
class BodyBlock:
    block: Block
    segments: tuple[Segment, ...]
    anchor: str = ""
    """The paragraph's id on the page (`paragraph_anchor`), which quotations link to."""

    @property
    def kind(self) -> str:
        return self.block.kind.value


def body_blocks(item: AnnotatedArticle) -> tuple[BodyBlock, ...]:
    mentions = sorted(item.mentions, key=lambda m: (m.start, m.end))
    result, offset, cursor = [], 0, 0
    for number, block in enumerate(item.article.blocks, 1):
        end = offset + len(block.text)
        inside = []
        while cursor < len(mentions) and mentions[cursor].start < end:
            if mentions[cursor].start >= offset and mentions[cursor].end <= end:
                inside.append(mentions[cursor])
            cursor += 1
        result.append(BodyBlock(block, split_block(block.text, offset, inside), f"{PARAGRAPH_ANCHOR}{number}"))
        offset = end + len(BLOCK_SEPARATOR)
    return tuple(result)


PARAGRAPH_ANCHOR = "paragraph-"


def paragraph_anchor(article: Article, offset: int) -> str | None:
    """The id of the paragraph that holds `offset` of the article's text; None for a heading or list item,
    which Markdown renders without one."""
    start = 0
    for number, block in enumerate(article.blocks, 1):
        end = start + len(block.text)
        if offset < end + len(BLOCK_SEPARATOR):
            return f"{PARAGRAPH_ANCHOR}{number}" if block.kind == BlockKind.PARAGRAPH else None
        start = end + len(BLOCK_SEPARATOR)
    return None


def split_block(text: str, offset: int, mentions: list[Mention]) -> tuple[Segment, ...]:
    segments, position, linked = [], 0, set()
    for mention in mentions:
        start, end = mention.start - offset, mention.end - offset
        if mention.actor in linked or start < position:
            continue
        linked.add(mention.actor)
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], mention.actor))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)


def paragraph_html(block: BodyBlock, actor_url: Callable[[ActorId], str]) -> Markup:
    """A paragraph as escaped HTML with its first mentions linked.

    Built here rather than segment by segment in the template: paragraphs are
    most of an article page, and Jinja's per-value overhead was most of emit.
    A mention is a plain link: the stylesheet finds it by where it is (site.css), as 88 mentions an article
    (the bench's) with a class took 1.3 kB of each page.
    """
    parts = [f'<p id="{block.anchor}">' if block.anchor else "<p>"]
    for segment in block.segments:
        text = escape_markdown(segment.text)
        parts.append(f'<a href="{actor_url(segment.actor)}">{text}</a>' if segment.actor else text)
    parts.append("</p>")
    return Markup("".join(parts))


def keyword_in_context(item: AnnotatedArticle, actor: ActorId, width: int = 80) -> tuple[str, str, str]:
    """(before, mention, after) around the actor's first mention, cut at word boundaries."""
    text = item.article.text
    mention = next(m for m in item.mentions if m.actor == actor)
    before = text[max(0, mention.start - width):mention.start]
    after = text[mention.end:mention.end + width]
    if mention.start > width:
        before = "…" + before.split(" ", 1)[-1]
    if mention.end + width < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return before.replace("\n", " "), text[mention.start:mention.end], after.replace("\n", " ")
