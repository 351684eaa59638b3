"""The site at its real address (the host and path of site_url), where Material's instant navigation runs, as on
GitHub Pages: every tab and the network page navigate in place, with no console error.

A local preview at another address never turns instant navigation on, so the browser answers requests for
site_url from the built site itself (browser_support.route_site_url)."""

from __future__ import annotations

import pytest

from browser_support import launch_chromium, route_site_url, sync_playwright_or_skip

pytestmark = pytest.mark.browser


@pytest.fixture
def reader(built_small):
    """A desktop-sized page on the small site at its site_url: (page, problems, refused requests)."""
    config, _ = built_small
    sync_playwright = sync_playwright_or_skip()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        problems: list[str] = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        foreign = route_site_url(page, config.site_dir, config.site_url)
        yield page, problems, foreign
        browser.close()


def _stayed_on_one_document(page) -> bool:
    """True while no full page load happened since `_mark`: instant navigation swaps content in place."""
    return page.evaluate("window.__sameDocument === true")


def _mark(page) -> None:
    page.evaluate("window.__sameDocument = true")


def test_every_tab_and_the_network_navigate_in_place(built_small, reader):
    config, _ = built_small
    page, problems, foreign = reader
    page.goto(config.site_url)
    page.wait_for_selector(".md-tabs__link")
    _mark(page)
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert len(tabs) >= 8
    for tab in tabs:
        page.locator(".md-tabs__link", has_text=tab).first.click()
        page.wait_for_function("t => document.querySelector('.md-tabs__item--active .md-tabs__link')?.innerText.trim() === t",
                               arg=tab.strip())
        assert _stayed_on_one_document(page), f"{tab}: a full page load, not instant navigation"

    # The network from the Actors page: the page really changes (it used to keep the Actors page on screen).
    page.locator(".md-tabs__link", has_text="Actors").first.click()
    page.wait_for_url("**/actors/")
    page.locator(".md-nav--primary a.md-nav__link", has_text="Network").first.click()
    page.wait_for_url("**/network/")
    page.wait_for_selector("article .network-figure")
    # Its nodes stay links, named, reachable, and navigating in place too.
    node = page.locator("a.network-node").first
    name = node.inner_text()
    assert name and node.is_visible()
    node.click()
    page.wait_for_url("**/actors/**")
    page.wait_for_function("n => document.querySelector('article h1')?.innerText === n", arg=name)
    assert _stayed_on_one_document(page)

    assert problems == []
    assert foreign == []
