"""The faceted search page in a real browser: filters from the URL, URL from the filters, reached from its tab.

Served by a local http.server at the sub-path of mkdocs.yml's site_url, and the browser resolves
the site_url's host to that server, as on GitHub Pages.
Skipped when chromium or Playwright is missing, unless CI=true (then it fails).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import serve_at_site_url

DRILLS = "Russia holds CSTO drills near the Afghan border"
WATER = "Uzbekistan and Kazakhstan sign water deal"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(built_small, tmp_path_factory):
    """(site_url over plain http, local port) for the fixture site, served under the site_url's path."""
    config, _ = built_small
    with serve_at_site_url(config.site_dir, config.site_url, tmp_path_factory.mktemp("www")) as served:
        yield served


@pytest.fixture
def served(server):
    return server[0]


def result_titles(page) -> list[str]:
    return page.locator("#faceted-search .fs-results .fs-title").all_inner_texts()


def test_search_page_restores_query_and_filters_from_the_url(page, served):
    page.goto(served + "search/?query=drills&actor=Tajikistan&actor=Russia")
    page.wait_for_selector("#faceted-search .fs-results li")
    assert result_titles(page) == [DRILLS]
    assert page.input_value("#fs-query") == "drills"
    assert page.is_checked('[data-facet="actor"] input[value="Tajikistan"]')
    assert page.is_checked('[data-facet="actor"] input[value="Russia"]')
    link = page.locator("#faceted-search .fs-results a").first.get_attribute("href")
    assert link == urlsplit(served).path + "articles/russia-holds-csto-drills-near-the-afghan-border/"
    assert page.errors == []



def test_search_page_reads_filters_written_as_slugs(page, served):
    page.goto(served + "search/?actor=tajikistan&actor=RUSSIA&query=drills")
    page.wait_for_selector("#faceted-search .fs-results li")
    assert result_titles(page) == [DRILLS]
    assert page.is_checked('[data-facet="actor"] input[value="Tajikistan"]')
    assert parse_qs(urlsplit(page.url).query) == {"query": ["drills"], "actor": ["Tajikistan", "Russia"]}
    assert page.errors == []


def test_search_page_folds_the_filters_on_a_narrow_screen(page, served):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served + "search/?actor=China")
    page.wait_for_selector("#faceted-search .fs-results li")
    button = page.locator("#faceted-search .fs-show-filters")
    assert button.inner_text() == "Filters (1)"
    assert page.is_hidden('[data-facet="actor"]')
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    page.check('[data-facet="topic"] input[value="Water"]')
    page.wait_for_function("document.querySelectorAll('#faceted-search .fs-results li').length === 1")
    assert button.inner_text() == "Filters (2)"
    page.set_viewport_size({"width": 1280, "height": 844})
    assert page.is_hidden("#faceted-search .fs-show-filters")
    assert page.is_visible('[data-facet="actor"]')
    assert page.errors == []

def test_search_page_writes_filters_to_the_url(page, served):
    page.goto(served + "search/?actor=China")
    page.wait_for_selector("#faceted-search .fs-results li")
    assert sorted(result_titles(page)) == sorted([DRILLS, WATER])
    page.check('[data-facet="topic"] input[value="Water"]')
    page.wait_for_function("new URLSearchParams(location.search).getAll('topic').length === 1")
    page.wait_for_function("document.querySelectorAll('#faceted-search .fs-results li').length === 1")
    assert result_titles(page) == [WATER]
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"actor": ["China"], "topic": ["Water"]}
    page.fill("#fs-query", "Syr Darya")
    page.wait_for_function("new URLSearchParams(location.search).get('query') === 'Syr Darya'")
    page.wait_for_selector("#faceted-search .fs-excerpt mark")
    assert result_titles(page) == [WATER]
    assert page.errors == []


def test_search_page_works_after_following_its_tab(page, served):
    page.goto(served)
    page.wait_for_selector(".md-tabs__link")
    page.click('.md-tabs a.md-tabs__link:text-is("Search")')
    page.wait_for_url("**/search/")
    page.fill("#fs-query", "Syr Darya")
    page.wait_for_selector("#faceted-search .fs-results li")
    assert result_titles(page) == [WATER]
    assert page.errors == []
