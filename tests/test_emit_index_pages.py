"""Index pages stay bounded: topic pages list their strongest matches and link to the search for the rest."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from build_tools import pipeline
from build_tools.config import REPO_ROOT
from build_tools.emit import SiteLinks, render_site
from build_tools.emit.markdown import counted
from build_tools.emit.site_index import SiteIndex

from conftest import config_for


def rendered(corpus, tmp_path, **options) -> dict[str, str]:
    config = config_for(corpus, tmp_path)
    config = replace(config, options=replace(config.options, **options))
    built = pipeline.make_corpus(config, pipeline.BuildReport())
    pages = render_site(built, config, SiteLinks(config.site_url, config.repo_url, config.edit_uri))
    return {str(page.path): page.content.decode("utf-8") for page in pages if page.path.suffix == ".md"}


def test_a_long_topic_page_lists_the_strongest_articles_and_links_to_the_rest(tmp_path):
    bundled = REPO_ROOT / "corpus"
    full = rendered(bundled, tmp_path / "full", index_page_items=100)
    capped = rendered(bundled, tmp_path / "capped", index_page_items=1)
    listed = {path: text.count("](../articles/") for path, text in full.items()
              if path.startswith("topics/") and path != "topics/index.md"}
    assert any(count >= 2 for count in listed.values()), "the bundled corpus has topics shared by articles"
    for path, count in listed.items():
        assert capped[path].count("](../articles/") == min(count, 1), path
        if count >= 2:
            assert f"highest-scoring of {count} articles" in capped[path]
            assert "](../search.md?topic=" in capped[path]


def test_relations_overview_counts_each_reading(corpus, tmp_path):
    pages = rendered(corpus, tmp_path)
    rows = [line for line in pages["relations/index.md"].splitlines() if line.startswith("| [")]
    assert rows
    for row in rows:
        sentences, cooperation, conflict = (int(cell) for cell in row.strip("| ").split(" | ")[1:4])
        assert cooperation + conflict <= sentences


def test_co_mentions_and_topic_actors_count_articles_like_a_plain_count(tmp_path):
    config = config_for(REPO_ROOT / "corpus", tmp_path)
    index = SiteIndex(pipeline.make_corpus(config, pipeline.BuildReport()), 2)

    def expected(items, leave_out=None):
        counts = Counter(actor for item in items for actor in item.actor_ids if actor != leave_out)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]

    assert any(len(index.top_co_mentioned(actor, 15)) == 15 for actor in index.articles_by_actor)
    for actor, items in index.articles_by_actor.items():
        assert index.top_co_mentioned(actor, 15) == expected(items, leave_out=actor), actor
    for topic, items in index.articles_by_topic.items():
        assert index.topic_actors(topic, 15) == expected(items), topic
    assert index.top_co_mentioned("nobody", 15) == index.topic_actors("nothing", 15) == []


def test_mentions_per_actor_and_year_are_a_plain_count(tmp_path):
    config = config_for(REPO_ROOT / "corpus", tmp_path)
    corpus = pipeline.make_corpus(config, pipeline.BuildReport())
    undated = corpus.articles[0]
    corpus = replace(corpus, articles=(replace(undated, article=replace(undated.article, date=None)),
                                       *corpus.articles[1:]))
    index = SiteIndex(corpus, 2)
    per_year: dict[str, Counter] = {}
    for item in corpus.articles:
        for mention in item.mentions:
            year = item.article.date.year if item.article.date else None
            per_year.setdefault(mention.actor, Counter())[year] += 1
    assert index.mention_counts == Counter({actor: sum(years.values()) for actor, years in per_year.items()})
    for actor, years in per_year.items():
        assert index.actor_mentions_by_year(actor) == sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    assert any(year is None for years in per_year.values() for year in years)
    assert index.actor_mentions_by_year("nobody") == []


def test_the_timeline_lists_each_years_newest_and_each_year_page_lists_all_by_month(tmp_path):
    config = config_for(REPO_ROOT / "corpus", tmp_path)
    index = SiteIndex(pipeline.make_corpus(config, pipeline.BuildReport()), 2)
    pages = rendered(REPO_ROOT / "corpus", tmp_path / "capped", timeline_per_year=1)
    timeline = pages["timeline.md"]
    assert sum(len(items) >= 2 for items in index.by_year.values()) >= 2, "years with several articles"
    dated = [year for year in index.by_year if year is not None]
    for year, items in index.by_year.items():
        slug = year if year is not None else "undated"
        listing = timeline.partition(f"\n## {year if year is not None else 'Undated'}\n")[2].partition("\n## ")[0]
        assert listing.count("](../articles/") == 0 and listing.count('<li><a href="../articles/') == 1, year
        assert f"](timeline/{slug}.md)" in listing
        if len(items) >= 2:
            assert f"{len(items)} stories, the newest 1 below · [all {len(items)}" in listing

        page = pages[f"timeline/{slug}.md"]
        urls = [f'href="../../articles/{item.article.id}/"' for item in items]  # newest first, each once
        assert [page.count(url) for url in urls] == [1] * len(items)
        assert sorted(urls, key=page.index) == urls
        assert page.count('<li><a href="../../articles/') == len(items)
        if year is not None:
            months = [f"## {item.article.date:%B}" for item in items]
            assert sorted(set(months), key=page.index) == list(dict.fromkeys(months))  # newest month first
            assert page.count("\n## ") == len(set(months))
            at = dated.index(year)
            newer, older = dated[at - 1] if at else None, dated[at + 1] if at + 1 < len(dated) else None
            assert ("Newer: [" in page) == (newer is not None) and ("Older: [" in page) == (older is not None)
            assert all(f"{label}: [{other}]({other}.md)" in page
                       for label, other in (("Newer", newer), ("Older", older)) if other is not None)
            assert f"](../search.md?year={year}&sort=newest)" in page


def test_a_long_outlet_page_lists_the_newest_and_searches_every_spelling_of_the_outlet(corpus, tmp_path):
    (corpus / "corrections").mkdir()
    for raw, outlet in (("border_watch", "Steppe Post"), ("steppe_post", "STEPPE POST")):  # one outlet page
        (corpus / "corrections" / f"{raw}.yml").write_text(
            f"articles:\n  - line: 1\n    publication: {outlet}\n    comment: test\n", encoding="utf-8")
    full = rendered(corpus, tmp_path / "full")["outlets/steppe-post.md"]
    capped = rendered(corpus, tmp_path / "capped", index_page_items=1)["outlets/steppe-post.md"]
    newest, older = "../../articles/russia-holds-csto-drills-near-the-afghan-border/", "../../articles/uzbekistan-"
    assert newest in full and older in full and "in the search" not in full
    assert "Outlet of 2 articles in the collection." in full
    assert newest in capped and older not in capped
    assert "The newest 1 below. [All 2 in the search](../search.md?outlet=STEPPE+POST&outlet=Steppe+Post)" in capped


@pytest.mark.parametrize(("number", "noun", "text"), [(0, "article", "0 articles"), (1, "article", "1 article"),
                                                      (2, "time", "2 times")])
def test_counts_name_their_noun_in_the_singular_or_plural(number, noun, text):
    assert counted(number, noun) == text


def test_no_page_counts_one_thing_in_the_plural(corpus, tmp_path):
    """The small corpus has actors, topics and outlets of one article each, and one-sentence evidence."""
    one_in_plural = re.compile(r"(?<![\d.,])1 (articles|mentions|times|sentences)\b")
    pages = rendered(corpus, tmp_path, timeline_per_year=1, relation_min_evidence=1)
    found = {path: match.group(0) for path, text in pages.items() for match in one_in_plural.finditer(text)}
    assert found == {}
    assert any(" — 1 article\n" in text for text in pages.values())
