"""End to end in a real browser: Debian's Chromium, headless, driven by Playwright, over the hostile fixture site.

The built site is served by http.server on 127.0.0.1 (a free port), under the
sub-path of mkdocs.yml's site_url, as on GitHub Pages. One reader's session:
home page -> theme search for a word that occurs in one article's body -> that
article -> an actor tag chip -> the actor page -> a relation's evidence link ->
the faceted search page with two filters -> dark mode. Throughout, the browser
must log no console error, run no injected script (no alert dialog), fail no
request and ask no host other than 127.0.0.1/localhost for anything.

The hostile corpus is used on purpose: markup or script that escaped escaping
would show up here as a dialog, an error or a request to evil.example.

Skipped when Playwright or /usr/bin/chromium is missing, except under CI=true,
where it fails (.ci/run installs chromium before `make test`).
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from urllib.parse import urlsplit

import pytest

import browser_support
from browser_support import QuietHandler, launch_chromium, sync_playwright_or_skip

from build_tools.config import BuildConfig
from build_tools.pipeline import build

from conftest import FIXTURES, config_for, download_text

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
UNIQUE_WORD = "quolibrantine"
"""Occurs only in the body of the article below, never in a title."""
UNIQUE_ARTICLE = "Pipeline talks resume in Astana"
HOSTILE_TOPIC = "Energy <b>&</b> {{ pipelines }}"




@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildConfig:
    config = config_for(FIXTURES / "corpus_hostile", tmp_path_factory.mktemp("browser"))
    build(config)
    return config


@pytest.fixture(scope="module")
def base_url(built_site: BuildConfig, tmp_path_factory: pytest.TempPathFactory):
    """http://127.0.0.1:<port>/<site_url path>/ serving the built site."""
    prefix = urlsplit(built_site.site_url).path.strip("/")
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(built_site.site_dir, root / prefix if prefix else root, dirs_exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{prefix + '/' if prefix else ''}"
    server.shutdown()
    server.server_close()


class Recorder:
    """Everything the page did that a reader would not want: errors, dialogs, failed or foreign requests."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.problems: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda request: self.problems.append(
            f"request failed: {request.url} ({request.failure})"))
        page.on("response", lambda response: self.problems.append(f"HTTP {response.status}: {response.url}")
                if response.status >= 400 else None)
        page.on("console", lambda message: self.problems.append(f"console {message.type}: {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.problems.append(f"dialog ({dialog.type}): {dialog.message}")
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname not in LOCAL_HOSTS]


@pytest.fixture
def browser_page():
    sync_playwright = sync_playwright_or_skip()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(color_scheme="light")
        page = context.new_page()
        page.set_default_timeout(20_000)
        recorder = Recorder(page)
        yield page, recorder
        context.close()
        browser.close()


def expected_faceted_titles(config: BuildConfig, actor: str, topic: str) -> list[str]:
    corpus = json.loads(download_text(config.site_dir, "corpus.json"))
    return sorted(a["title"] for a in corpus["articles"]
                  if actor in a["actors"] and topic in [t["topic"] for t in a["topics"]])


def test_reader_session_in_chromium(built_site, base_url, browser_page):
    page, recorder = browser_page

    # Home page.
    page.goto(base_url)
    assert page.title().startswith(built_site.options.collection_name)

    # Theme search: a word from one article's body finds it; the result opens it.
    # On a narrow screen the search is behind the header's magnifier; on a wide one the box is in the header.
    magnifier = page.locator('label.md-header__button[for="__search"]')
    page.click('label.md-header__button[for="__search"]' if magnifier.is_visible() else "input.md-search__input")
    page.locator("input.md-search__input").press_sequentially(UNIQUE_WORD, delay=20)
    page.wait_for_selector(".md-search-result__item")
    results = page.locator(".md-search-result__item")
    assert UNIQUE_ARTICLE in results.first.inner_text()
    results.first.locator("a").first.click()
    page.wait_for_url("**/articles/pipeline-talks-resume-in-astana/**")
    assert page.locator("article h1").first.inner_text() == UNIQUE_ARTICLE
    assert page.locator(f"text={UNIQUE_WORD}").count() >= 1
    # The hostile paragraphs are text on the page, not elements.
    assert '<script>alert("pwned-body")</script>' in page.locator("article").inner_text()

    # An actor tag chip leads to the actor page.
    page.locator("a.md-tag", has_text="Kazakhstan").first.click()
    page.wait_for_url("**/actors/kazakhstan/")
    assert page.locator("article h1").first.inner_text() == "Kazakhstan"

    # The "Mentioned with" table's evidence link leads to the relation page.
    page.locator('a:text-is("evidence")').first.click()
    page.wait_for_url("**/relations/**")
    assert " and " in page.locator("article h1").first.inner_text()

    # The faceted search page, with an actor and a topic filter.
    page.goto(base_url + "search/")
    page.wait_for_selector('[data-facet="actor"] input[value="Kazakhstan"]')
    page.check('[data-facet="actor"] input[value="Kazakhstan"]')
    page.check(f'[data-facet="topic"] input[value="{HOSTILE_TOPIC}"]')
    expected = expected_faceted_titles(built_site, "kazakhstan", "energy-b-b-pipelines")
    assert expected, "the fixture should give the two filters something to find"
    page.wait_for_function(
        "n => document.querySelectorAll('#faceted-search .fs-results li').length === n", arg=len(expected))
    titles = page.locator("#faceted-search .fs-results .fs-title").all_inner_texts()
    assert sorted(titles) == expected
    # A hostile topic name is a filter label, shown as text.
    assert HOSTILE_TOPIC in page.locator('[data-facet="topic"]').inner_text()
    assert page.locator('[data-facet="topic"] b').count() == 0

    # Dark mode.
    page.click('label[title="Switch to dark mode"]')
    page.wait_for_selector('body[data-md-color-scheme="slate"]')

    assert recorder.problems == []
    assert recorder.foreign_requests() == []
    # One search engine, fetched when the reader searches: no theme search index (the sitemap is instant
    # navigation's, on while the site is small: tests/test_instant_navigation.py).
    assert not any(url.endswith("/search_index.json") for url in recorder.requests)
    assert any("/pagefind/" in url for url in recorder.requests)


def test_search_with_filters_and_no_words_lists_the_newest_first(base_url, browser_page):
    # Every article matches the filters alike; Pagefind alone ranked the longest (the ledger) last.
    page, recorder = browser_page
    page.goto(base_url + "search/?actor=Kazakhstan")
    page.wait_for_function("document.querySelector('#faceted-search .fs-status').textContent.includes('match')")
    assert page.inner_text("#faceted-search .fs-status") == "3 articles match, newest first."
    dates = [meta.split(" · ")[0] for meta in page.locator("#faceted-search .fs-results .fs-meta").all_inner_texts()]
    assert dates == ["2023-07-01", "2023-06-09", "2023-05-04"]
    page.fill("#fs-query", "pipeline")  # words: the best match first, and no order claimed
    page.wait_for_function("!document.querySelector('#faceted-search .fs-status').textContent.includes('newest')")
    assert recorder.problems == []


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_missing_chromium_fails_in_ci_and_skips_elsewhere(monkeypatch, tmp_path, ci, outcome):
    monkeypatch.setattr(browser_support, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome):
        sync_playwright_or_skip()
