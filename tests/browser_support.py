"""What the browser tests share: Debian's Chromium driven by Playwright, and a quiet static server.

Playwright's own browser download fails here, so tests launch /usr/bin/chromium
(`.ci/run` installs it). Without it the tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import functools
import http.server
import mimetypes
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def sync_playwright_or_skip():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason, sync_playwright = "Playwright for Python is not installed", None
    if reason is None and not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    return sync_playwright


def launch_chromium(playwright, *extra_args: str):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args])


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def route_site_url(page, site_dir: Path, site_url: str) -> list[str]:
    """Answer every request for `site_url` (its host and path, as GitHub Pages serves the site) from the built
    `site_dir`, inside the browser: only there does Material's instant navigation take over the site's links.
    Any other request is refused and returned in the list, for the test to assert on."""
    foreign: list[str] = []
    prefix = site_url if site_url.endswith("/") else site_url + "/"

    def answer(route) -> None:
        url = route.request.url.split("#")[0].split("?")[0]
        if not url.startswith(prefix):
            foreign.append(route.request.url)
            route.abort()
            return
        path = site_dir / url[len(prefix):]
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            route.fulfill(status=200, body=path.read_bytes(),
                          content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        else:
            route.fulfill(status=404, body=(site_dir / "404.html").read_bytes(), content_type="text/html")

    page.route("**/*", answer)
    return foreign
@contextmanager
def serve_at_site_url(site_dir: Path, site_url: str, scratch: Path) -> Iterator[tuple[str, int]]:
    """(site_url over plain http, local port): a built site served under the site_url's path, as on GitHub
    Pages (Material's instant navigation only handles links whose host, port and path match the site_url)."""
    url = urlsplit(site_url)
    prefix = url.path.strip("/")
    assert url.hostname and prefix, "site_url in mkdocs.yml is expected to have a host and a sub-path"
    shutil.copytree(site_dir, scratch / prefix)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(scratch)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{url.hostname}/{prefix}/", server.server_address[1]
    finally:
        server.shutdown()


@contextmanager
def page_for(base: str, port: int):
    """A Chromium page for which every request to the site_url's host goes to the local server (nothing leaves
    the machine); its `errors` collects console errors and uncaught exceptions."""
    sync_playwright = sync_playwright_or_skip()
    resolve = f"--host-resolver-rules=MAP {urlsplit(base).hostname}:80 127.0.0.1:{port}, MAP * ~NOTFOUND"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, resolve)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        try:
            yield page
        finally:
            browser.close()
