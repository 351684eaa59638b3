"""Every download loads in its field's own parser: BibTeX in pybtex, the Atom feed in feedparser."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import feedparser
import pytest
from pybtex.database import parse_string

from build_tools.emit.cite import bibtex
from build_tools.models import Article, ArticleId, Block, BlockKind, SourceRef

from conftest import download_text

HOSTILE_TITLES = [
    "A {brace in the title",
    "Closing} brace and \\ backslash",
    "Tilde ~ caret ^ percent % dollar $ hash # underscore _ ampersand &",
    "NATO and the CSTO: Russia's \"multi-vector\" partners",
    "Россия и ОДКБ: {итоги} года",
]


def _article(title: str, article_id: str, authors: tuple[str, ...] = ("Sean O'Brien", "Mary McDonald")) -> Article:
    return Article(id=ArticleId(article_id), title=title, authors=authors, date=dt.date(2021, 7, 15),
                   publication="Eurasia {Daily} & Co", sources=(SourceRef(PurePosixPath("corpus/raw/x.txt"), 1, 2),),
                   blocks=(Block(BlockKind.PARAGRAPH, "Text."),))


def _entries(titles: list[str], ids: list[str]) -> str:
    return "\n\n".join(bibtex(_article(title, article_id), "Collection_1 {x}", "https://example.org/a/{b}/")
                       for title, article_id in zip(titles, ids))


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_bibtex_entry_with_specials_parses_and_keeps_the_title(title):
    entries = parse_string(_entries([title], ["an-article"]), "bibtex").entries
    assert len(entries) == 1
    (entry,) = entries.values()
    assert [str(person) for person in entry.persons["author"]] == ["O'Brien, Sean", "McDonald, Mary"]
    # pybtex returns the field as written: LaTeX commands for the specials, braces around capitalised words.
    plain = entry.fields["title"]
    for word in ("NATO", "CSTO", "Russia", "Россия", "ОДКБ"):
        if word in title:
            assert "{" + word + "}" in plain, f"{word} is protected from a style's lower-casing"
    assert plain.count("{") == plain.count("}")


def test_bibtex_keys_are_whole_and_unique_for_long_ids_that_share_a_prefix():
    prefix = "the-same-forty-characters-long-prefix-of-an-article-id"
    ids = [f"{prefix}-again", f"{prefix}-again-2"]
    entries = parse_string(_entries(["Same title", "Same title"], ids), "bibtex").entries
    assert len(entries) == 2, "two articles, two keys"


def test_articles_bib_of_a_built_site_parses_with_one_entry_per_article(built_small):
    config, report = built_small
    entries = parse_string(download_text(config.site_dir, "articles.bib"), "bibtex").entries
    assert len(entries) == report.articles


def test_feed_parses_cleanly_and_names_its_own_address(built_small):
    config, _ = built_small
    feed = feedparser.parse((config.site_dir / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries
    self_links = [link["href"] for link in feed.feed.links if link.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].endswith("/feed.xml")
