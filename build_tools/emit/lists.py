"""Lists of articles (index pages, related articles) and of relation evidence as finished HTML.

An actor, outlet or source page lists up to a hundred articles and the
timeline lists them all. Written as Markdown, every item was a link and a
byline that Python-Markdown parsed character by character, and Jinja rendered
value by value; as one pre-rendered block (prerendered.py) MkDocs copies it.
Text is escaped like every other value (markdown.escape_markdown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from markupsafe import Markup

from ..models import Article, ArticleId, AnnotatedArticle, Reading, RelationEvidence
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
                      snippets: Mapping[ArticleId, Snippet] | None = None,
                      copies: Callable[[ArticleId], int] | None = None) -> Markup:
    """A `<ul>` of title links and bylines, each with its snippet when `snippets` has one, and with `copies`, the
    number of articles that tell its story where there are more than one (a list that shows each story once).

    Kept out of the theme's search index: titles and snippets repeat the articles' own pages.
    """
    rows = []
    for item in items:
        article = item.article
        row = (f'<li><a href="{url(article.id)}">{escape_markdown(article.title)}</a>'
               f" — {escape_markdown(byline(article))}")
        if copies is not None and (count := copies(article.id)) > 1:
            row += f' · <span class="story-copies">{count} copies</span>'
        if snippets is not None:
            before, hit, after = (escape_markdown(part) for part in snippets[article.id])
            row += f'<br>\n<span class="kwic">{before}<strong>{hit}</strong>{after}</span>'
        rows.append(row + "</li>")
    return Markup("\n".join([OPEN, '<ul class="article-list">', *rows, "</ul>", CLOSE]))


def evidence_table_html(evidence: Sequence[RelationEvidence], titles: Mapping[ArticleId, str],
                        url: Callable[[ArticleId], str]) -> Markup:
    """A relation page's table: reading, sentence, why, article; a row per evidence sentence, after a control
    that shows one reading only.

    The control is a group of radio buttons; the stylesheet (site.css) hides the other readings' rows, so it
    needs no script. Some 46,000 rows at 1,000 articles. A sentence naming k actors is a row on
    k(k-1)/2 pages and an article on many more, so each row is escaped once.
    """
    counts = {reading: 0 for reading in Reading}
    for item in evidence:
        counts[item.reading] += 1
    choices = [("all", f"All ({len(evidence)})")] + [(reading.value, f"{reading.value.capitalize()} ({n})")
                                                     for reading, n in counts.items()]
    control = ['<fieldset class="reading-filter"><legend>Show readings</legend>'] + [
        f'<label><input type="radio" name="reading" value="{value}"{" checked" if value == "all" else ""}> '
        f'{label}</label>' for value, label in choices] + ["</fieldset>"]
    rows = [_evidence_row(e.reading.value, e.sentence, e.cue, e.joined, e.correction, url(e.article),
                          titles[e.article]) for e in evidence]
    return Markup("\n".join([OPEN, *control, '<table class="evidence">',
                             "<thead><tr><th>Reading</th><th>Evidence</th><th>Why</th><th>Article</th></tr></thead>",
                             "<tbody>", *rows, "</tbody>", "</table>", CLOSE]))


@lru_cache(maxsize=1 << 16)
def _evidence_row(reading: str, sentence: str, cue: str, joined: str, correction: str | None, url: str,
                  title: str) -> str:
    return (f'<tr class="{reading}"><td>{reading}</td><td>{escape_markdown(sentence)}</td>'
            f"<td>{_why(cue, joined, correction)}</td>"
            f'<td><a href="{url}">{escape_markdown(title)}</a></td></tr>')


def _why(cue: str, joined: str, correction: str | None) -> str:
    """What decided the reading: a contributor's correction, or the cue and the words that join the pair."""
    if correction is not None:
        return "corrected by a contributor" + (f": {escape_markdown(correction)}" if correction else "")
    if not cue:
        return "no cue joins the two"
    return f"<strong>{escape_markdown(cue)}</strong> in “{escape_markdown(joined)}”"
