"""Hand-written pages' front matter is data: hostile values in every key the page schema lets hold text reach the
built page as the literal text, in Chromium (issue #23, item 3).

The theme prints front matter into attributes and meta tags as it finds it (`og:*`, `citation_*`, the
description, the `<title>`, tag chips), so a title such as `B "><script>alert(1)</script>` ran script and
`Russia & the "multi-vector" policy` cut `citation_title` short. Keys whose values the theme reads as a
template or file name (`template`, `icon`) or a date take only values of their form: the build refuses others
with `file:line`, as `check` does.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from browser_support import QuietHandler, launch_chromium, sync_playwright_or_skip

from build_tools.config import REPO_ROOT
from build_tools.errors import BuildFailed
from build_tools.pipeline import build
from conftest import FIXTURES, config_for

pytestmark = pytest.mark.browser

HOSTILE = [
    'B "><script>alert(1)</script>',
    'Russia & the "multi-vector" policy',
    "'",
    "<",
    "{{ 7*7 }}",
    "{% raw %}",
    "</title><i class=\"injected\" onmouseover=alert(2)>x</i>",
    "x' onerror='alert(3)",
]
TEXT_KEYS = ("title", "description", "status", "subtitle")
LIST_KEYS = ("authors", "tags", "actors", "topics")


def hostile_page(value: str) -> str:
    lines = [f"{key}: {json.dumps(value)}" for key in TEXT_KEYS]
    lines += [f"{key}: [{json.dumps(value)}]" for key in LIST_KEYS]
    return "---\n" + "\n".join(lines) + "\ndate: 2024-05-01\n---\n\nA hand-written page.\n"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("front-matter")
    docs = work / "docs"
    shutil.copytree(REPO_ROOT / "docs", docs)  # the pages the navigation names
    (docs / "hostile").mkdir()
    for number, value in enumerate(HOSTILE):
        (docs / "hostile" / f"page-{number}.md").write_text(hostile_page(value), encoding="utf-8")
    config = replace(config_for(FIXTURES / "corpus_small", work), docs_dir=docs)
    build(config)
    return config


@pytest.fixture(scope="module")
def base_url(built_site, tmp_path_factory: pytest.TempPathFactory):
    prefix = urlsplit(built_site.site_url).path.strip("/")
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(built_site.site_dir, root / prefix if prefix else root, dirs_exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{prefix + '/' if prefix else ''}"
    server.shutdown()
    server.server_close()


def meta_content(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "nodes => nodes.map(node => node.getAttribute('content'))")


def test_front_matter_hostile_values_are_literal_text_in_chromium(built_site, base_url):
    sync_playwright = sync_playwright_or_skip()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for number, value in enumerate(HOSTILE):
            page.goto(f"{base_url}hostile/page-{number}/")
            assert page.title().startswith(value), value
            assert meta_content(page, 'meta[property="og:title"]') == [value]
            assert meta_content(page, 'meta[name="citation_title"]') == [value]
            assert meta_content(page, 'meta[property="og:description"]') == [value]
            assert meta_content(page, 'meta[name="description"]') == [value]
            assert meta_content(page, 'meta[name="citation_author"]') == [value]
            assert page.locator(".md-tag").all_inner_texts() == [value]
            assert page.locator(".injected").count() == 0, value
            scripts = page.eval_on_selector_all("script", "nodes => nodes.map(node => node.textContent)")
            assert not [script for script in scripts if "alert(" in script], value
            events = page.eval_on_selector_all("[onerror], [onmouseover]", "nodes => nodes.length")
            assert events == 0, value
        browser.close()
    assert dialogs == []


@pytest.mark.parametrize("key, value, message", [
    ("template", "{% include '/etc/passwd' %}", "front matter 'template': "),
    ("icon", '"><script>alert(1)</script>', "front matter 'icon': "),
    ("date", '2024-05-01"><script>', "front matter 'date': "),
])
def test_front_matter_keys_of_a_fixed_form_refuse_other_values(corpus, tmp_path, key, value, message):
    docs = tmp_path / "docs"
    shutil.copytree(REPO_ROOT / "docs", docs)
    (docs / "page.md").write_text(f"---\ntitle: Page\n{key}: {json.dumps(value)}\n---\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(replace(config_for(corpus, tmp_path), docs_dir=docs))
    assert f"docs/page.md:3: {message}" in str(failure.value)
