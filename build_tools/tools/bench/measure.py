"""Measurements of one built site: sizes on disk, each page kind's cold load, and the bytes of a first search.

A page kind's cold load (`page_weights`) is its HTML and every file its HTML makes the browser fetch before the
reader does anything (stylesheets, scripts, images, icons; on the search page the facet summary; under the theme's instant navigation
the sitemap), each gzipped
as a host serves it. It is read from the files, so that it costs nothing at 10,000 articles;
tests/test_page_weight.py checks in Chromium that the pages fetch exactly these.

File-based figures always work; the faceted-search figure is measured in
headless chromium when Playwright and /usr/bin/chromium are present, else
computed from the bundle's files.

In chromium, the figure is every pagefind/ response the search page receives
when it opens with a one-word query (`search/?query=WORD`, a 1280x720 window):
Pagefind's loader, worker, WebAssembly and metadata, the facet summary, the
index chunks of the word, the filter chunks of the facets counted at first, and
the fragments of the whole first page of results. The page fetches fragments as
results scroll into view, so the measurement scrolls through that first page
rather than counting only what fits in the window.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import resource
import statistics
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urljoin, urlsplit

from ...search.pagefind import BUNDLES_FILE, bundle_folders

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
RESULTS_SHOWN = 20
"""Results on the search page's first page (faceted-search.js PAGE_SIZE); all their fragments are counted."""
FACET_BUDGET = 64_000
"""Facets whose filter chunks fit this many bytes together are counted with the first query (faceted-search.js)."""
WINDOW = {"width": 1280, "height": 720}


PAGE_KINDS = {"home": "index.html", "article": "articles/*/index.html", "actor": "actors/*/index.html",
              "topic": "topics/*/index.html", "relation": "relations/*/index.html", "timeline": "timeline/index.html",
              "network": "network/index.html", "search": "search/index.html", "downloads": "downloads/index.html"}
"""Each page kind the bench weighs, as the first of its pages in name order."""
LOADED_AT_START = {"search/index.html": ("pagefind/facets.json",)}
"""What a page's script fetches as it starts, before the reader acts (faceted-search.js `loadSummary`)."""
_THEME_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
_FETCHED = re.compile(r'<(?:link[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc)="([^"]+)"')


@dataclass(frozen=True)
class SearchBytes:
    header: int | None
    """Everything under pagefind/ the header's search box fetched for one one-word query; None without a browser."""
    faceted: int
    """Everything under pagefind/ the search page fetched for one one-word query."""
    faceted_how: str
    """"chromium" (measured) or "files" (computed)."""


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of its waited-for children (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def article_html_bytes(site: Path) -> int:
    """Median size of an article page's index.html."""
    sizes = [p.stat().st_size for p in (site / "articles").glob("*/index.html")]
    return int(statistics.median(sizes)) if sizes else 0


def page_feed_bytes(site: Path) -> tuple[int, int]:
    """(count, total bytes) of the actor, topic and relation pages' Atom feeds (not the site's own feed.xml)."""
    sizes = [p.stat().st_size for kind in ("actors", "topics", "relations") for p in (site / kind).glob("*/feed.xml")]
    return len(sizes), sum(sizes)


def page_weights(site: Path) -> dict[str, int]:
    """{page kind: bytes of its cold load, gzipped}; a kind the site has no page of is left out."""
    weights = {}
    for kind, pattern in PAGE_KINDS.items():
        page = next(iter(sorted(site.glob(pattern))), None)
        if page is not None:
            weights[kind] = sum(_gzipped_size(path) for path in cold_load_files(site, page))
    return weights


def cold_load_files(site: Path, page: Path) -> list[Path]:
    """The page and the site's files it fetches before the reader acts, in the order its HTML names them."""
    relative = page.relative_to(site).as_posix()
    here = "/" + relative
    html = page.read_text(encoding="utf-8")
    names = [*_FETCHED.findall(html), *_fetched_by_theme(html),
             *(urljoin("/", name) for name in LOADED_AT_START.get(relative, ()))]
    files = [page]
    for name in names:
        url = urlsplit(urljoin(here, name))
        if url.scheme or url.netloc:  # another host: the site makes no such request (tests/test_output_safety.py)
            continue
        path = site / PurePosixPath(url.path).relative_to("/")
        if path.is_file() and path not in files:
            files.append(path)
    return files


def _fetched_by_theme(html: str) -> list[str]:
    """What the theme's script fetches as it starts: under instant navigation, the whole sitemap (hooks.py
    `theme_features`)."""
    found = _THEME_CONFIG.search(html)
    features = json.loads(found[1]).get("features", []) if found else []
    return ["/sitemap.xml"] if "navigation.instant" in features else []


def _gzipped_size(path: Path) -> int:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # already compressed (Pagefind's files)
        return len(data)
    return len(gzip.compress(data, 6, mtime=0))


def faceted_search_bytes_from_files(site: Path) -> int:
    """An estimate without a browser: the list of bundles, and in each bundle a loader and a wasm per language
    (the search page runs a Pagefind per bundle and language), worker, entry, metadata; the facet summary, the filter chunks counted at first, the biggest index
    chunk, a page of fragments."""
    bundle = site / "pagefind"
    folders = bundle_folders(bundle)
    total = (bundle / BUNDLES_FILE).stat().st_size + (bundle / "facets.json").stat().st_size
    total += counted_filter_bytes(bundle)
    for folder in folders:  # each bundle's own Pagefind per language, and the word's index chunk in each
        try:
            wasms = [language["wasm"] or "unknown" for language in
                     json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"].values()]
        except (OSError, ValueError, KeyError):
            wasms = ["en"]
        fixed = [*[folder / "pagefind.js"] * len(wasms), folder / "pagefind-worker.js", folder / "pagefind-entry.json",
                 *folder.glob("*.pf_meta"), *(folder / f"wasm.{wasm}.pagefind" for wasm in wasms)]
        total += sum(p.stat().st_size for p in fixed if p.is_file())
        total += max((p.stat().st_size for p in (folder / "index").glob("*")), default=0)
    fragments = sorted(p.stat().st_size for folder in folders for p in (folder / "fragment").glob("*"))
    if fragments:
        total += int(statistics.median(fragments)) * min(RESULTS_SHOWN, len(fragments))
    return total


def counted_filter_bytes(bundle: Path) -> int:
    """The filter chunks the search page counts with a first query: the smallest, while they fit FACET_BUDGET
    (all of them without a facet summary, as the page does)."""
    try:
        summary = json.loads((bundle / "facets.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return sum(p.stat().st_size for p in (bundle / "filter").glob("*"))
    left = FACET_BUDGET
    for size in sorted(facet["bytes"] for facet in summary.values()):
        if size <= left:
            left -= size
    return FACET_BUDGET - left


def faceted_search_bytes_in_browser(site: Path, word: str) -> int | None:
    """Bytes of every pagefind/ response when the search page runs `word`; None without a browser."""
    def search(page, base: str) -> None:
        page.goto(f"{base}/search/?query={quote(word)}")
        page.wait_for_selector("#faceted-search .fs-results li", timeout=60_000)
        page.wait_for_load_state("networkidle")
        # The whole first page of results, as a reader scrolling through it fetches it.
        results = page.locator("#faceted-search .fs-results li")
        for index in range(results.count()):
            results.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("!document.querySelector('#faceted-search .fs-results li.fs-pending')",
                               timeout=60_000)
    return _pagefind_bytes_in_browser(site, search)


def header_search_bytes_in_browser(site: Path, word: str) -> int | None:
    """Bytes of every pagefind/ response when the header's box on the home page runs `word` (its results shown,
    with their excerpts); None without a browser."""
    def search(page, base: str) -> None:
        page.goto(f"{base}/")
        page.wait_for_load_state("networkidle")
        page.keyboard.press("/")
        page.keyboard.type(word)
        page.wait_for_selector(".site-search .md-search-result__item", timeout=60_000)
    return _pagefind_bytes_in_browser(site, search)


def _pagefind_bytes_in_browser(site: Path, search) -> int | None:
    """Bytes of every pagefind/ response while `search(page, base_url)` runs on the served site."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=WINDOW)

            def record(response) -> None:
                if "/pagefind/" in response.url:
                    try:
                        fetched[response.url] = len(response.body())
                    except Exception:  # noqa: BLE001 - a response without a body counts as nothing
                        fetched[response.url] = 0
            page.on("response", record)
            search(page, f"http://127.0.0.1:{server.server_address[1]}")
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return sum(fetched.values())


def search_bytes(site: Path, word: str) -> SearchBytes:
    header = header_search_bytes_in_browser(site, word)
    measured = faceted_search_bytes_in_browser(site, word)
    if measured is not None:
        return SearchBytes(header, measured, "chromium")
    return SearchBytes(header, faceted_search_bytes_from_files(site), "files")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass
