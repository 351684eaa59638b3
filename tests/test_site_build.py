"""End to end: raw text files in, built HTML out."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.site import shared_partials
from build_tools.config import BuildConfig
from build_tools.outputs import output_folders
from build_tools.pipeline import TRASH_DIR, build
from build_tools.search import load_fragments

from conftest import FIXTURES, config_for

pytestmark = pytest.mark.slow  # every test builds a whole site

ROOT = Path(__file__).resolve().parent.parent


def html_of(config: BuildConfig, url: str) -> str:
    return (config.site_dir / url / "index.html").read_text(encoding="utf-8")


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_site_has_article_actor_and_topic_pages(built_small):
    config, report = built_small
    assert (config.site_dir / "index.html").is_file()
    article = html_of(config, "articles/russia-holds-csto-drills-near-the-afghan-border")
    assert '<h1 lang="en">Russia holds CSTO drills near the Afghan border</h1>' in article
    assert (config.site_dir / "actors/russia/index.html").is_file()
    assert (config.site_dir / "topics/military-exercises/index.html").is_file()
    assert report.articles == 2 and report.actors >= 5


def test_article_actor_tags_link_to_actor_pages_that_link_back(built_small):
    config, _ = built_small
    slug = "russia-holds-csto-drills-near-the-afghan-border"
    article = html_of(config, f"articles/{slug}")
    tag_links = re.findall(r'<a class="md-tag" href="\.\./\.\./actors/([^/"]+)/"', article)
    assert {"russia", "tajikistan", "collective-security-treaty-organization"} <= set(tag_links)
    for actor in tag_links:
        actor_page = html_of(config, f"actors/{actor}")
        assert f"../../articles/{slug}/" in hrefs(actor_page), actor


def test_one_search_engine_holds_the_article_text_and_no_page_fetches_it_at_load(built_small):
    """Pagefind serves the header's box too: no theme search index, and no page has the form named "search" that
    makes the theme fetch its index on load."""
    config, _ = built_small
    urls = {record["url"] for record in load_fragments(config.site_dir / "pagefind")
            if "Syr Darya" in record["content"]}
    assert any("/articles/uzbekistan-and-kazakhstan-sign-water-deal/" in url for url in urls)
    assert not (config.site_dir / "search" / "search_index.json").exists()
    for page in ("index.html", "articles/uzbekistan-and-kazakhstan-sign-water-deal/index.html", "search/index.html"):
        html = (config.site_dir / page).read_text(encoding="utf-8")
        assert 'name="site-search"' in html and 'name="search"' not in html, page


def test_site_makes_no_third_party_requests(built_small):
    config, _ = built_small
    for page in Path(config.site_dir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # Links a reader may follow are fine; anything the browser fetches by itself is not.
        fetched = re.findall(r'<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc="(?:https?:)?//([^"/]+)', html)
        fetched += re.findall(r'<link\b(?=[^>]*\brel="(?:stylesheet|preconnect|icon|preload|modulepreload|dns-prefetch)")'
                              r'[^>]*\bhref="(?:https?:)?//([^"/]+)', html)
        assert not fetched, f"{page}: fetches from {fetched}"
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_hand_written_brief_is_listed_on_the_pages_it_names(built_small):
    config, _ = built_small
    brief_link = "../../briefs/csto-reading-guide/"
    for page in ("actors/collective-security-treaty-organization", "actors/russia", "topics/military-exercises"):
        assert brief_link in hrefs(html_of(config, page)), page
    assert brief_link not in hrefs(html_of(config, "actors/china"))
    assert "briefs/csto-reading-guide/" in hrefs(html_of(config, ""))


def citation_tags(html: str) -> list[tuple[str, str]]:
    """(name, value) of each citation meta tag, the value as the browser reads it."""
    return [(name, unescape(value)) for name, value in re.findall(r'<meta name="(citation_\w+)" content="([^"]*)">',
                                                                   html)]


def open_graph_tags(html: str) -> dict[str, str]:
    return {name: unescape(value) for name, value in re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', html)}


def test_every_page_says_what_a_shared_link_shows(built_small):
    """Open Graph: the title, a description, the address and whether it is an article."""
    config, _ = built_small
    article = open_graph_tags(html_of(config, "articles/uzbekistan-and-kazakhstan-sign-water-deal"))
    assert article["type"] == "article" and article["title"] == "Uzbekistan and Kazakhstan sign water deal"
    assert article["url"] == config.site_url + "articles/uzbekistan-and-kazakhstan-sign-water-deal/"
    assert article["description"].startswith("TASHKENT – Uzbekistan and Kazakhstan signed") and len(article["description"]) <= 201
    assert article["description"].endswith(" Cooperation…")  # cut between words
    home = open_graph_tags(html_of(config, ""))
    assert (home["type"], home["url"]) == ("website", config.site_url)
    assert home["site_name"] == home["title"] == "Central Asia Research Collection"


def test_pages_with_authors_or_a_date_carry_citation_meta_tags(built_small):
    """For reference managers (Zotero, Mendeley) and Google Scholar: articles, and hand-written pages that say
    who wrote them and when; not the index pages."""
    config, _ = built_small
    assert citation_tags(html_of(config, "articles/uzbekistan-and-kazakhstan-sign-water-deal")) == [
        ("citation_title", "Uzbekistan and Kazakhstan sign water deal"), ("citation_author", "Aigerim Sadykova"),
        ("citation_publication_date", "2021/03/03")]  # an outlet too: test_hostile.py
    assert citation_tags(html_of(config, "briefs/csto-reading-guide")) == [
        ("citation_title", "Reading guide: the CSTO in this collection"),
        ("citation_author", "The collection's editors"), ("citation_publication_date", "2026/11/26")]
    assert citation_tags(html_of(config, "")) == [] and citation_tags(html_of(config, "actors/russia")) == []


def test_no_heading_swallows_a_block(built_small):
    """Template whitespace control once glued a <div> onto the heading line before it."""
    config, _ = built_small
    for page in config.site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        swallowed = re.search(r"<h[1-6][^>]*>(?:(?!</h[1-6]>).)*<(?:div|p|table|ul|ol)\b", html, re.S)
        assert not swallowed, f"{page}: {swallowed.group(0)[:120]}"


def test_shared_navigation_html_is_what_each_page_would_render(corpus, tmp_path, monkeypatch):
    # build_tools.site.shared_partials: pages outside the navigation share its HTML per folder.
    folders: list[str | None] = []
    original = shared_partials.shared_folder

    def spy(context):
        folders.append(original(context))
        return folders[-1]

    monkeypatch.setattr(shared_partials, "shared_folder", spy)
    build(config_for(corpus, tmp_path / "shared"))
    assert {"articles", "actors", None} <= set(folders)  # pages in the navigation render their own
    monkeypatch.setattr(shared_partials, "shared_folder", lambda context: None)
    build(config_for(corpus, tmp_path / "unshared"))
    assert site_files(tmp_path / "shared" / "site") == site_files(tmp_path / "unshared" / "site")


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_a_rebuild_leaves_the_old_site_for_the_next_build_to_remove(corpus, tmp_path):
    """The old docs go to the build folder's trash, the old site to the trash beside it (its file system)."""
    config = config_for(corpus, tmp_path)
    trashes = (config.staging_dir.parent / TRASH_DIR, output_folders(config).site_work / TRASH_DIR)
    build(config)
    assert not any(trash.exists() for trash in trashes)
    first = (config.site_dir / "index.html").stat().st_ino
    build(config)
    held = {holder: sorted(p.name for p in holder.iterdir())
            for trash in trashes for holder in trash.iterdir() if holder.is_dir()}
    assert sorted(held.values()) == [["docs"], ["site"]]
    assert first in {(holder / "site" / "index.html").stat().st_ino for holder in held if held[holder] == ["site"]}
    build(config)
    holders = {holder for trash in trashes for holder in trash.iterdir() if holder.is_dir()}
    assert len(holders) == 2 and not set(held) & holders  # the older ones are gone


def test_any_folder_of_scrapes_builds_with_the_bundled_corpus(tmp_path, capsys):
    """The README's `build --raw that/folder`: the bundled corpus's corrections name its own raw files.
    A Markdown scrape among the text ones shows its text, not its markup, whatever the case of its suffix
    (`.MD`); a saved web page is named as not read."""
    raw = tmp_path / "scrapes"
    shutil.copytree(FIXTURES / "corpus_small" / "raw", raw)
    shutil.copy(FIXTURES / "ingest" / "raw" / "markdown_scrape.md", raw / "markdown_scrape.MD")
    (raw / "saved_page.html").write_text("<html><body><p>Russia and China</p></body></html>", encoding="utf-8")
    work = tmp_path / "work"
    args = ["build", "--raw", raw, "--build-dir", work / "build", "--out", work / "site"]
    assert cli.main([str(arg) for arg in args]) == 0
    err = capsys.readouterr().err
    bundled = sorted(path.name for path in (ROOT / "corpus" / "corrections").glob("*.yml"))
    assert bundled, "the bundled corpus is expected to have corrections"
    for name in bundled:
        assert f"corpus/corrections/{name}:?: warning: no raw file" in err
    assert f"{raw.as_posix()}/saved_page.html:?: warning: not read: raw files are plain text or Markdown" in err
    page = (work / "site" / "articles" / "russia-holds-csto-drills-near-the-afghan-border" / "index.html")
    assert "Collective Security Treaty Organization" in page.read_text(encoding="utf-8")
    page = (work / "site" / "articles" / "kazakhstan-raises-key-rate-to-curb-inflation" / "index.html")
    html = page.read_text(encoding="utf-8")
    body = html[html.index('class="article-content"'):html.index("</article>")]
    assert "Olga Petrova" in html and "raised its key rate on Monday" in body
    for markup in ("**", "](", "![", "&gt; &quot;", "example.com"):
        assert markup not in body, markup
