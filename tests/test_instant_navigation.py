"""The site at its real address (the host and path of site_url), as on GitHub Pages: every tab, the network page
and a search navigate under the theme's instant navigation (the page swapped in place, no full reload) with no
console error, both search boxes still work after such a swap, nothing fetches a search index before the reader
searches, and the search page holds still as it loads.

Instant navigation is on while the site is small (SiteOptions.instant_navigation_max_pages): it fetches the whole
sitemap on every page. It only runs at site_url, so the browser answers requests for site_url from the built site
itself (browser_support.route_site_url), as a reader's browser would be answered."""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from browser_support import launch_chromium, route_site_url, sync_playwright_or_skip
from build_tools.site import build_site

pytestmark = pytest.mark.browser

LAYOUT_SHIFT = """new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 1500);
})"""
MARK_WINDOW = "window.notReloaded = true"
NOT_RELOADED = "window.notReloaded === true"
"""A mark on the window survives an instant navigation, and no full reload."""


def search_box_closed(page) -> None:
    """Wait until the theme has closed the header's search box, as it does 125 ms after each navigation (its
    bundle.ts): a box opened sooner closes under the reader's keys, the reader could not type that fast."""
    page.wait_for_timeout(250)
    page.wait_for_function("() => !document.getElementById('__search').checked")


def theme_features(html: str) -> list[str]:
    """The features in the theme's configuration of a built page."""
    start = html.index('<script id="__config" type="application/json">')
    return json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])["features"]


@pytest.fixture
def reader(built_small):
    """A desktop-sized page on the small site at its site_url: (page, problems, refused requests, requests)."""
    config, _ = built_small
    with reader_at(config.site_dir, config.site_url) as found:
        yield found


@contextmanager
def reader_at(site_dir: Path, site_url: str):
    sync_playwright = sync_playwright_or_skip()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        problems: list[str] = []
        requests: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        foreign = route_site_url(page, site_dir, site_url)
        yield page, problems, foreign, requests
        browser.close()


def test_every_tab_and_the_network_navigate_instantly(built_small, reader):
    config, _ = built_small
    assert "navigation.instant" in theme_features((config.site_dir / "index.html").read_text(encoding="utf-8"))
    page, problems, foreign, requests = reader
    page.goto(config.site_url)
    page.wait_for_selector(".md-tabs__link")
    page.evaluate(MARK_WINDOW)
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert len(tabs) >= 8
    for tab in tabs:
        page.locator(".md-tabs__link", has_text=tab).first.click()
        page.wait_for_function("t => document.querySelector('.md-tabs__item--active .md-tabs__link')?.innerText.trim() === t",
                               arg=tab.strip())
        page.wait_for_load_state("networkidle")
        assert page.evaluate(NOT_RELOADED), tab

    page.locator(".md-tabs__link", has_text="Actors").first.click()
    page.wait_for_url("**/actors/")
    page.locator(".md-nav--primary a.md-nav__link", has_text="Network").first.click()
    page.wait_for_url("**/network/")
    page.wait_for_selector("article .network-figure")
    # Its nodes stay links, named and reachable.
    node = page.locator("a.network-node").first
    name = node.inner_text()
    assert name and node.is_visible()
    node.click()
    page.wait_for_url("**/actors/**")
    page.wait_for_function("n => document.querySelector('article h1')?.innerText === n", arg=name)
    assert page.evaluate(NOT_RELOADED)

    assert problems == []
    assert foreign == []
    assert not [url for url in requests if url.endswith("/search_index.json") or "/pagefind/" in url
                and not url.endswith("/pagefind/facets.json")], "a search index fetched before any search"


def test_both_search_boxes_answer_after_an_instant_navigation(built_small, reader):
    """The search page reached by a click starts its search (faceted-search.js runs again on the theme's
    document$), and the header's box, which the swap leaves in place, answers on the new page."""
    config, _ = built_small
    page, problems, foreign, _ = reader
    page.goto(config.site_url)
    page.wait_for_selector(".md-tabs__link")
    page.evaluate(MARK_WINDOW)
    page.locator(".md-tabs__link", has_text="Search").first.click()
    page.wait_for_url("**/search/")
    page.wait_for_selector("#faceted-search .fs-options label")
    page.locator("#fs-query").fill("Kazakhstan")
    page.wait_for_selector("#faceted-search .fs-results li .fs-title")
    page.wait_for_function("() => location.search.includes('query=Kazakhstan')")
    found = page.locator("#faceted-search .fs-results li .fs-title a").first
    found_title = found.inner_text()
    found.click()
    page.wait_for_url("**/articles/**")
    page.wait_for_function("t => document.querySelector('article h1')?.innerText === t", arg=found_title)
    search_box_closed(page)
    page.keyboard.press("/")
    page.keyboard.type("Kazakhstan")
    first = page.locator(".site-search .md-search-result__item a").first
    first.wait_for()
    href = first.get_attribute("href")
    title = first.locator("h1").inner_text()
    first.click()
    page.wait_for_url(f"**{href}")
    page.wait_for_function("t => document.querySelector('article h1')?.innerText === t", arg=title)
    search_box_closed(page)
    assert page.evaluate(NOT_RELOADED), "each click swapped the page in place"
    assert problems == [] and foreign == []


def test_above_the_page_limit_instant_navigation_is_off(built_small, tmp_path):
    """A site over instant_navigation_max_pages fetches no sitemap: its links load pages in full."""
    config, _ = built_small
    over = replace(config, options=replace(config.options, instant_navigation_max_pages=1))
    site = tmp_path / "site"
    build_site(over, config.staging_dir, site, shards=1)
    assert "navigation.instant" not in theme_features((site / "index.html").read_text(encoding="utf-8"))
    with reader_at(site, config.site_url) as (page, problems, foreign, requests):
        page.goto(config.site_url)
        page.wait_for_load_state("networkidle")
        assert not [url for url in requests if url.endswith("sitemap.xml")]
        page.evaluate(MARK_WINDOW)
        page.locator(".md-tabs__link", has_text="Actors").first.click()
        page.wait_for_url("**/actors/")
        page.wait_for_load_state("networkidle")
        assert not page.evaluate(NOT_RELOADED), "a full page load"
        assert problems == [] and foreign == []


def test_the_header_search_box_answers_by_keyboard(built_small, reader):
    """/ opens the box; results come as the reader types, with excerpts; the arrows reach them and Enter follows."""
    config, _ = built_small
    page, problems, foreign, requests = reader
    page.goto(config.site_url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "/pagefind/" in url]
    page.keyboard.press("/")
    page.keyboard.type("Kazakhstan")
    first = page.locator(".site-search .md-search-result__item").first
    first.wait_for()
    assert first.locator("mark").count() >= 1, "an excerpt with the word marked"
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert "/articles/" in href
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    search_box_closed(page)
    page.keyboard.press("/")
    page.keyboard.type("zzqqxxnothing")
    page.wait_for_function("document.querySelector('.site-search .md-search-result__meta').innerText.startsWith('No ')")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert problems == [] and foreign == []


def test_the_search_page_holds_still_as_it_loads(built_small, reader):
    """Its facets are filled in, and its results come, without moving what is on screen (layout shift < 0.05)."""
    config, _ = built_small
    page, problems, foreign, _ = reader
    for query in ("", "?query=Kazakhstan&sort=newest", "?actor=Russia"):
        page.goto(config.site_url + "search/" + query)
        page.wait_for_selector("#faceted-search .fs-options label")
        if query:
            page.wait_for_selector("#faceted-search .fs-results li .fs-title")
        page.wait_for_load_state("networkidle")
        shift = page.evaluate(LAYOUT_SHIFT)
        assert shift < 0.05, (query, shift)
        if query:
            assert query.partition("&")[0].lstrip("?") in page.url  # the query and filters stay in the URL
    assert problems == [] and foreign == []
