"""Follow: every actor, topic and relation page has an Atom feed of its newest articles beside it, linked from
the page's head and body, and each parses cleanly in feedparser."""

from __future__ import annotations

import re

import feedparser
import pytest


def _pages_with_feeds(site_dir):
    return sorted(path.parent for kind in ("actors", "topics", "relations")
                  for path in (site_dir / kind).glob("*/index.html"))


def test_every_actor_topic_and_relation_page_has_a_feed(built_small):
    config, _ = built_small
    pages = _pages_with_feeds(config.site_dir)
    assert {page.parent.name for page in pages} == {"actors", "topics", "relations"}
    for page in pages:
        assert (page / "feed.xml").is_file(), page


def test_page_feeds_parse_and_name_their_own_address(built_small):
    config, _ = built_small
    for page in _pages_with_feeds(config.site_dir):
        feed = feedparser.parse((page / "feed.xml").read_bytes())
        assert not feed.bozo, (page, feed.get("bozo_exception"))
        here = page.relative_to(config.site_dir).as_posix()
        self_links = [link["href"] for link in feed.feed.links if link.get("rel") == "self"]
        assert len(self_links) == 1 and self_links[0].endswith(f"/{here}/feed.xml"), self_links
        assert 0 < len(feed.entries) <= 20
        assert all(re.search(r"/articles/[^/]+/$", entry.link) for entry in feed.entries), page


def test_page_head_and_body_link_the_feed(built_small):
    config, _ = built_small
    for page in _pages_with_feeds(config.site_dir):
        html = (page / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]*" href="feed\.xml">', html), page
        assert '<a href="feed.xml" type="application/atom+xml">Follow</a>' in html, page


@pytest.mark.parametrize("kind", ["actors", "topics", "relations"])
def test_feeds_are_newest_first(built_small, kind):
    config, _ = built_small
    for path in (config.site_dir / kind).glob("*/feed.xml"):
        dates = [entry.updated for entry in feedparser.parse(path.read_bytes()).entries]
        assert dates == sorted(dates, reverse=True), path
