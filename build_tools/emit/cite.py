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
    """author-year-word, then the whole article id: ids are unique, so keys are too (a cut id was not)."""
    author = slugify(article.authors[0].split()[-1]) if article.authors else "anon"
    year = str(article.date.year) if article.date else "nd"
    word = next((w for w in slugify(article.title).split("-") if len(w) > 3), "article")
    return f"{author}{year}{word}-{article.id}".replace("-", "_")


def bibtex(article: Article, collection: str, url: str) -> str:
    fields = [
        ("title", _protect_capitals(_bibtex_escape(article.title))),
        ("author", " and ".join(map(_bibtex_escape, article.authors)) or "Anonymous"),
        ("journal", _bibtex_escape(article.publication or collection)),
        ("year", str(article.date.year) if article.date else ""),
        ("date", article.date.isoformat() if article.date else ""),
        ("url", _bibtex_url(url)),
        ("note", _bibtex_escape(f"Collected in {collection}")),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{bibtex_key(article)},\n{body}\n}}"


# BibTeX counts braces even behind a backslash, so a literal brace is written as a command whose own
# braces balance; the other LaTeX specials are escaped as LaTeX reads them.
_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "%": r"\%", "&": r"\&",
                    "$": r"\$", "#": r"\#", "_": r"\_"}
_BIBTEX_SPECIAL = re.compile("|".join(map(re.escape, _BIBTEX_SPECIALS)))
# A whole word, not part of a LaTeX command ("\\textbackslash") written by the escaping above.
_WORD = re.compile(r"(?<![\\\w{])\w+")


def _bibtex_escape(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda special: _BIBTEX_SPECIALS[special.group()], value)


def _protect_capitals(escaped: str) -> str:
    """Brace every word holding a capital letter, as reference managers do, so that a style that sets
    titles in sentence case keeps "NATO" and "Russia" as written."""
    return _WORD.sub(lambda word: "{" + word.group() + "}" if word.group() != word.group().lower()
                     else word.group(), escaped)


def _bibtex_url(url: str) -> str:
    """A URL as biblatex's `url` field takes it (verbatim); only what would unbalance the entry is encoded."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
