"""Citations for an article: a ready-to-paste reference, a BibTeX entry, and the fields of its citation meta tags."""

from __future__ import annotations

import re

from slugify import slugify

from ..models import Article
from .site_index import long_date

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def citation(article: Article, collection: str, url: str) -> str:
    authors = "; ".join(article.authors) or "Anonymous"
    date = long_date(article.date) if article.date else "n.d"
    outlet = f" {article.publication}," if article.publication else ""
    return f"{authors}. “{article.title}.”{outlet} {date}. In {collection}. {url}"


def citation_fields(article: Article) -> dict[str, object]:
    """The front matter from which the theme writes the page's citation meta tags (`theme/main.html`), those
    that reference managers and Google Scholar read: the article's authors, date and outlet, when known."""
    fields: dict[str, object] = {"authors": list(article.authors),
                                 "date": article.date.isoformat() if article.date else None,
                                 "publication": article.publication}
    return {name: value for name, value in fields.items() if value}


def bibtex_key(article: Article) -> str:
    author = slugify(article.authors[0].split()[-1]) if article.authors else "anon"
    year = str(article.date.year) if article.date else "nd"
    word = next((w for w in slugify(article.title).split("-") if len(w) > 3), "article")
    return f"{author}{year}{word}-{article.id[:40]}".replace("-", "_")


def bibtex(article: Article, collection: str, url: str) -> str:
    fields = [
        ("title", article.title),
        ("author", " and ".join(article.authors) or "Anonymous"),
        ("journal", article.publication or collection),
        ("year", str(article.date.year) if article.date else ""),
        ("date", article.date.isoformat() if article.date else ""),
        ("url", url),
        ("note", f"Collected in {collection}"),
    ]
    body = ",\n".join(f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields if value)
    return f"@article{{{bibtex_key(article)},\n{body}\n}}"


def _bibtex_escape(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", value)
