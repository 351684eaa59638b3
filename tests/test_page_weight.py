"""Each page kind's cold load, as the bench weighs it from the files (measure.page_weights), is what Chromium
fetches before the reader acts: no search index, the sitemap only under the theme's instant navigation (which the
small site has on), nothing the bench leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import launch_chromium, route_site_url, sync_playwright_or_skip
from build_tools.tools.bench.measure import PAGE_KINDS, cold_load_files, page_weights

pytestmark = pytest.mark.browser

LIGHT_PAGE = 100_000
"""Gzipped bytes a page may fetch before the reader acts (issue #27)."""


def test_each_page_kind_fetches_what_the_bench_weighs(built_small):
    config, _ = built_small
    site, prefix = config.site_dir, config.site_url
    weights = page_weights(site)
    assert set(weights) == set(PAGE_KINDS)
    assert max(weights.values()) < LIGHT_PAGE, weights
    sync_playwright = sync_playwright_or_skip()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for kind, pattern in PAGE_KINDS.items():
            context = browser.new_context(viewport={"width": 412, "height": 823})  # a cold cache each
            page = context.new_page()
            fetched: list[str] = []
            page.on("request", lambda request: fetched.append(request.url.split("?")[0].removeprefix(prefix)))
            route_site_url(page, site, prefix)
            html = sorted(site.glob(pattern))[0]
            page.goto(prefix + html.parent.relative_to(site).as_posix().removeprefix(".") + "/")
            page.wait_for_load_state("networkidle")
            expected = {path.relative_to(site).as_posix() for path in cold_load_files(site, html)}
            got = {url + "index.html" if url.endswith("/") or not url else url for url in fetched}
            got = {"index.html" if url == "/index.html" else url for url in got}
            assert got <= expected, kind  # nothing the bench leaves out
            # All the bench counts; Chromium fetches the tab's icon when it gets round to it (counted anyway).
            assert {Path(path).name for path in expected - got} <= {"favicon.png"}, kind
            context.close()
        browser.close()
