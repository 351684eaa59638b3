"""The site at its real address (the host and path of site_url), as on GitHub Pages: every tab and the network
page navigate with no console error, a search from the header's box works by keyboard, nothing fetches a search
index or the sitemap before the reader searches, and the search page holds still as it loads.

The theme's instant navigation is off (mkdocs.yml: it fetches the whole sitemap on every page), but it only
ever ran at site_url, so the browser still answers requests for site_url from the built site itself
(browser_support.route_site_url), as a reader's browser would be answered."""

from __future__ import annotations

import pytest

from browser_support import launch_chromium, route_site_url, sync_playwright_or_skip

pytestmark = pytest.mark.browser

LAYOUT_SHIFT = """new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 1500);
})"""


@pytest.fixture
def reader(built_small):
    """A desktop-sized page on the small site at its site_url: (page, problems, refused requests, requests)."""
    config, _ = built_small
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
        foreign = route_site_url(page, config.site_dir, config.site_url)
        yield page, problems, foreign, requests
        browser.close()


def test_every_tab_and_the_network_navigate(built_small, reader):
    config, _ = built_small
    page, problems, foreign, requests = reader
    page.goto(config.site_url)
    page.wait_for_selector(".md-tabs__link")
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert len(tabs) >= 8
    for tab in tabs:
        page.locator(".md-tabs__link", has_text=tab).first.click()
        page.wait_for_function("t => document.querySelector('.md-tabs__item--active .md-tabs__link')?.innerText.trim() === t",
                               arg=tab.strip())
        page.wait_for_load_state("networkidle")

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

    assert problems == []
    assert foreign == []
    assert not [url for url in requests if url.endswith(("/search_index.json", "/sitemap.xml")) or "/pagefind/" in url
                and not url.endswith("/pagefind/facets.json")], "a search index fetched before any search"


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
