"""What the faceted search page downloads (issue #6), in a real browser over a real Pagefind bundle.

The site is made here, without MkDocs: the search page's form (from docs/search.md) and script, and
a Pagefind bundle of 45 search documents carrying the same hidden filter block as the real ones
(`render_facets_html`), with enough distinct words that Pagefind splits its index into several chunks. Every request the page
makes is recorded, so each test can say which parts of the bundle a step fetched.
Skipped when chromium or Playwright is missing, unless CI=true (then it fails).
"""

from __future__ import annotations

import functools
import http.server
import json
import random
import re
import shutil
import threading
from pathlib import Path

import pytest

from browser_support import QuietHandler, launch_chromium, sync_playwright_or_skip

from build_tools.emit.facets import render_facets_html
from build_tools.search.facets import SearchFacets
from build_tools.config import SiteOptions
from build_tools.search.pagefind import BUNDLE_DIR, FACETS_FILE, index_documents

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent.parent
ARTICLES = 45
ACTORS = ["Kazakhstan", "Russia", "China", "Uzbekistan", "Tajikistan"]
TOPICS = ["Energy", "Water", "Security"]
OUTLETS = ["Steppe Post", "Border Watch"]
FIRST_RESULTS = 5  # faceted-search.js FIRST_RESULTS


def article(number: int, words: random.Random) -> tuple[str, dict]:
    actors = [ACTORS[number % len(ACTORS)], ACTORS[(number + 2) % len(ACTORS)]]
    meta = {"title": f"Pipeline report {number}", "actor": sorted(actors), "topic": [TOPICS[number % len(TOPICS)]],
            "outlet": OUTLETS[number % len(OUTLETS)], "year": str(2010 + number % 7),
            "date": f"{2010 + number % 7}-0{1 + number % 9}-1{number % 10}"}
    filler = " ".join("".join(words.choice("bcdfghklmnprstvz") + words.choice("aeiou") for _ in range(4))
                      for _ in range(400))
    body = (f"<h1>Pipeline report {number}</h1><p>Opening words of report {number} about the pipeline.</p>"
            f"<p>{filler}</p><p>The pipeline closes report {number}.</p>")
    facets = SearchFacets(actors=tuple(meta["actor"]), topics=tuple(meta["topic"]), outlet=meta["outlet"],
                          year=meta["year"], date=meta["date"])
    page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{number}</title></head><body>'
            f"<main><div data-pagefind-body>{body}</div>{render_facets_html(facets, meta['title'])}</main>"
            "</body></html>")
    return page, meta


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, list[dict]]:
    root = tmp_path_factory.mktemp("downloads")
    documents = tmp_path_factory.mktemp("documents")
    words = random.Random(6)
    metas = []
    for number in range(ARTICLES):
        page, meta = article(number, words)
        path = documents / "articles" / f"report-{number}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(page, encoding="utf-8")
        metas.append(meta)
    form = re.search(r"<form .*?</form>", (ROOT / "docs" / "search.md").read_text(encoding="utf-8"), re.S).group(0)
    (root / "search").mkdir()
    (root / "search" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title>'
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="../assets/faceted-search.css"></head><body>'
        f'<h1>Search</h1>{form}<script src="../assets/faceted-search.js"></script></body></html>', encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", root / "assets")
    index_documents(documents, root / BUNDLE_DIR, SiteOptions().search_bundle_max_bytes)
    assert len(list((root / "pagefind" / "index").glob("*.pf_index"))) >= 3, "the test needs a chunked index"
    return root, metas


@pytest.fixture(scope="module")
def base(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site[0])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page():
    sync_playwright = sync_playwright_or_skip()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 700})
        page.set_default_timeout(20_000)
        page.requests = []
        page.errors = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        yield page
        browser.close()


def fetched(page, kind: str) -> list[str]:
    """Requests for one part of the bundle: "fragment", "index", "filter", or a file name such as "pagefind.js"."""
    return [url for url in page.requests if f"/pagefind/{kind}" in url]


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)


def test_first_results_are_fetched_first_and_the_rest_as_they_scroll_into_view(page, base):
    page.goto(base + "search/?query=pipeline")
    page.wait_for_selector("#faceted-search .fs-results li")
    settle(page)
    assert page.inner_text(".fs-status") == f"{ARTICLES} articles match."
    assert page.locator(".fs-results li").count() == 20
    shown = page.locator(".fs-results .fs-title").count()
    assert FIRST_RESULTS <= shown < 20
    assert len(fetched(page, "fragment")) == shown
    for index in range(20):
        page.locator(".fs-results li").nth(index).scroll_into_view_if_needed()
    page.wait_for_function("document.querySelectorAll('.fs-results .fs-title').length === 20")
    assert len(fetched(page, "fragment")) == 20
    assert page.locator(".fs-results .fs-excerpt mark").count() >= 20
    page.click(".fs-more")
    page.wait_for_function(f"document.querySelectorAll('.fs-results li').length === {min(40, ARTICLES)}")
    assert page.errors == []


def test_facets_over_the_budget_are_counted_when_the_reader_asks(page, base, site):
    summary = json.loads((site[0] / "pagefind" / FACETS_FILE).read_text(encoding="utf-8"))
    summary["actor"]["bytes"] = 10_000_000  # as if the actor chunk were huge
    page.route("**/pagefind/facets.json", lambda route: route.fulfill(json=summary))
    page.goto(base + "search/?query=pipeline")
    page.wait_for_selector("#faceted-search .fs-results li")
    settle(page)
    assert page.locator('[data-facet="actor"] input[type=checkbox]').count() == 0
    assert page.locator('[data-facet="topic"] input[type=checkbox]').count() == len(TOPICS)
    assert len(fetched(page, "filter")) == len(summary) - 1
    button = page.locator('[data-facet="actor"] .fs-count-facet')
    assert "Count actors" in button.inner_text() and "10000 kB" in button.inner_text()
    button.click()
    page.wait_for_selector('[data-facet="actor"] input[value="Russia"]')
    assert len(fetched(page, "filter")) == len(summary)
    russia = sum("Russia" in m["actor"] for m in site[1])
    assert page.inner_text('[data-facet="actor"] label:has(input[value="Russia"]) .fs-count') == str(russia)
    page.check('[data-facet="actor"] input[value="Russia"]')
    page.wait_for_function(f"document.querySelector('.fs-status').textContent === '{russia} articles match.'")
    assert "actor=Russia" in page.url
    assert page.errors == []


def test_typing_in_an_uncounted_facets_box_counts_it(page, base, site):
    summary = json.loads((site[0] / "pagefind" / FACETS_FILE).read_text(encoding="utf-8"))
    summary["actor"]["bytes"] = 10_000_000
    page.route("**/pagefind/facets.json", lambda route: route.fulfill(json=summary))
    page.goto(base + "search/?query=pipeline")
    page.wait_for_selector('[data-facet="actor"] .fs-count-facet')
    page.fill('[data-facet="actor"] .fs-narrow', "kaz")
    page.wait_for_selector('[data-facet="actor"] input[value="Kazakhstan"]')
    assert page.locator('[data-facet="actor"] input[type=checkbox]').count() == 1
    assert page.errors == []


def test_filters_without_words_fetch_one_index_chunk_not_the_whole_index(page, base, site):
    page.goto(base + "search/?topic=Water&sort=newest")
    page.wait_for_selector("#faceted-search .fs-results li")
    settle(page)
    water = [m for m in site[1] if "Water" in m["topic"]]
    assert page.inner_text(".fs-status") == f"{len(water)} articles match."
    assert len(fetched(page, "index")) == 1
    assert page.locator(".fs-title").first.inner_text() == max(water, key=lambda m: m["date"])["title"]
    # The excerpt of an article found by filters alone is its opening.
    assert page.locator(".fs-excerpt").first.inner_text().startswith("Pipeline report")
    assert page.errors == []


def test_search_page_shows_the_totals_before_pagefind_is_needed(page, base, site):
    page.goto(base + "search/")
    page.wait_for_selector('[data-facet="year"] input[type=checkbox]')
    settle(page)
    assert fetched(page, "") == [base + "pagefind/" + FACETS_FILE]
    kazakhstan = sum("Kazakhstan" in m["actor"] for m in site[1])
    assert page.inner_text('[data-facet="actor"] label:has(input[value="Kazakhstan"]) .fs-count') == str(kazakhstan)
    page.focus("#fs-query")
    page.wait_for_function("performance.getEntriesByType('resource')"
                           ".some(entry => entry.name.includes('/pagefind/pagefind.js?language='))")
    page.fill("#fs-query", "closes")
    page.wait_for_function(f"document.querySelector('.fs-status').textContent === '{ARTICLES} articles match.'")
    page.fill("#fs-query", "")
    page.wait_for_function("document.querySelectorAll('.fs-results li').length === 0")
    assert page.locator('[data-facet="actor"] input[type=checkbox]').count() > 0
    assert page.errors == []

