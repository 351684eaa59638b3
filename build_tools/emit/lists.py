"""Lists of articles (index pages, related articles) and of relation evidence as finished HTML.

An actor, outlet or source page lists up to a hundred articles and the
timeline lists them all. Written as Markdown, every item was a link and a
byline that Python-Markdown parsed character by character, and Jinja rendered
value by value; as one pre-rendered block (prerendered.py) MkDocs copies it.
Text is escaped like every other value (markdown.escape_markdown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from markupsafe import Markup

from ..models import Article, ArticleId, AnnotatedArticle, RelationEvidence
from .markdown import escape_markdown
from .prerendered import CLOSE, OPEN
from .site_index import iso

Snippet = tuple[str, str, str]
"""(before, mention, after): keyword in context."""


def byline(article: Article) -> str:
    """Authors · outlet · ISO date, as shown under a title in a list."""
    parts = [", ".join(article.authors)] if article.authors else []
    if article.publication:
        parts.append(article.publication)
    return " · ".join([*parts, iso(article.date)])


def listed(item: AnnotatedArticle) -> tuple:
    """What `article_list_html` shows of an article (without a snippet): the inputs of a page that lists it."""
    article = item.article
    return article.id, article.title, article.authors, article.publication, article.date


def article_list_html(items: Iterable[AnnotatedArticle], url: Callable[[ArticleId], str],
                      snippets: Mapping[ArticleId, Snippet] | None = None) -> Markup:
    """A `<ul>` of title links and bylines, each with its snippet when `snippets` has one.

    Kept out of the theme's search index: titles and snippets repeat the articles' own pages.
    """
    rows = []
    for item in items:
        article = item.article
        row = (f'<li><a href="{url(article.id)}">{escape_markdown(article.title)}</a>'
               f" — {escape_markdown(byline(article))}")
        if snippets is not None:
            before, hit, after = (escape_markdown(part) for part in snippets[article.id])
            row += f'<br>\n<span class="kwic">{before}<strong>{hit}</strong>{after}</span>'
        rows.append(row + "</li>")
    return Markup("\n".join([OPEN, '<ul class="article-list" data-search-exclude>', *rows, "</ul>", CLOSE]))


def evidence_table_html(evidence: Iterable[RelationEvidence], titles: Mapping[ArticleId, str],
                        url: Callable[[ArticleId], str]) -> Markup:
    """A relation page's table: reading, sentence, article; a row per evidence sentence.

    Some 46,000 rows at 1,000 articles. A sentence naming k actors is a row on
    k(k-1)/2 pages and an article on many more, so each row is escaped once.
    """
    rows = [_evidence_row(e.reading.value, e.sentence, url(e.article), titles[e.article]) for e in evidence]
    return Markup("\n".join([OPEN, '<table class="evidence">',
                             "<thead><tr><th>Reading</th><th>Evidence</th><th>Article</th></tr></thead>",
                             "<tbody>", *rows, "</tbody>", "</table>", CLOSE]))


@lru_cache(maxsize=1 << 16)
def _evidence_row(reading: str, sentence: str, url: str, title: str) -> str:
    return (f'<tr class="{reading}"><td>{reading}</td><td>{escape_markdown(sentence)}</td>'
            f'<td><a href="{url}">{escape_markdown(title)}</a></td></tr>')
