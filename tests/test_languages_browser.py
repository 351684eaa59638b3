"""A raw folder in English, Russian, Kazakh and Uzbek, built and read in Chromium: each article page names
its language and carries it as `lang`; Cyrillic queries find the Russian article in the faceted search and
in the theme's search box; the Language filter narrows the results.

Served as tests/test_search_browser.py serves its site (`browser_support.serve_at_site_url`).
"""

from __future__ import annotations

import re

from pathlib import Path

import pytest

from browser_support import serve_at_site_url
from build_tools.config import load_config
from build_tools.pipeline import build

MIXED_RAW = Path(__file__).parent / "fixtures" / "corpus_languages" / "raw"
TITLES = {
    "en": "Central Asia Under the Weight of Russian and Chinese Influence",
    "ru": "Токаев обратился за помощью к ОДКБ",
    "kk": "Тоқаевтың сапары алдында Мәскеу көшелерінде Қазақстан мен Ресейдің тулары пайда болды",
    "uz": "Shavkat Mirziyoyev va Rajab Toyyib Erdo‘g‘an Ko‘ksaroydagi xiyobonga ko‘chat o‘tqazdi",
}
NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "uz": "Uzbek"}

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def built_mixed(tmp_path_factory):
    work = tmp_path_factory.mktemp("mixed")
    config = load_config(raw_dir=MIXED_RAW, build_dir=work / "build", site_dir=work / "site")
    build(config)
    return config


@pytest.fixture(scope="module")
def server(built_mixed, tmp_path_factory):
    with serve_at_site_url(built_mixed.site_dir, built_mixed.site_url, tmp_path_factory.mktemp("www")) as served:
        yield served


def result_titles(page) -> list[str]:
    return page.locator("#faceted-search .fs-results .fs-title").all_inner_texts()


def searched(page, address: str) -> list[str]:
    """The result titles of the search page at `address`, once it says how many match."""
    page.goto(address)
    page.wait_for_function("document.querySelector('#faceted-search .fs-status').textContent.includes('match')")
    return result_titles(page)


def test_each_article_page_names_its_language_and_carries_it_as_lang(page, server, built_mixed):
    base, _ = server
    for code, title in TITLES.items():
        # The page whose heading is the title (other pages may list it as a related article).
        address = next(p.parent.name for p in (built_mixed.site_dir / "articles").glob("*/index.html")
                       if re.search(r"<h1[^>]*>\s*" + re.escape(title), p.read_text(encoding="utf-8")))
        page.goto(f"{base}articles/{address}/")
        assert page.locator("html").get_attribute("lang") == "en"  # the site's interface
        heading = page.locator("article h1").first
        assert heading.inner_text() == title and heading.get_attribute("lang") == code
        assert page.locator(".byline").inner_text().endswith(f"· {NAMES[code]}")
        assert page.locator(".article-lead").get_attribute("lang") == code
        assert page.locator(f'.article-lead[lang="{code}"] p').first.inner_text()
    assert not page.errors


def test_cyrillic_queries_find_their_articles_in_the_faceted_search(page, server):
    base, _ = server
    # "помощь" is not in the Russian article, "помощью" is: found by Russian stemming in the Russian index.
    assert searched(page, base + "search/?query=помощь") == [TITLES["ru"]]
    assert searched(page, base + "search/?query=Тоқаевтың") == [TITLES["kk"]]
    assert not page.errors


def test_language_filter_narrows_the_results_across_languages(page, server):
    base, _ = server
    assert searched(page, base + "search/?query=Shavkat") == [TITLES["uz"]]
    page.click("#faceted-search .fs-clear")
    page.wait_for_selector('[data-facet="language"] input[value="Russian"]')
    counts = [label.strip() for label in page.locator('[data-facet="language"] label').all_inner_texts()]
    assert sorted(counts) == sorted(f"{name} 1" for name in NAMES.values())
    page.check('[data-facet="language"] input[value="Kazakh"]')
    page.wait_for_function("document.querySelectorAll('#faceted-search .fs-results li .fs-title').length === 1")
    assert result_titles(page) == [TITLES["kk"]]
    assert "language=Kazakh" in page.url
    # Newest first across the two languages' indexes: the dated Russian article before the undated Kazakh one.
    assert searched(page, base + "search/?language=Kazakh&language=russian") == [TITLES["ru"], TITLES["kk"]]
    assert not page.errors


def test_header_search_box_finds_a_cyrillic_query(page, server):
    base, _ = server
    page.goto(base)
    magnifier = page.locator('label.md-header__button[for="__search"]')
    page.click('label.md-header__button[for="__search"]' if magnifier.is_visible() else "input.md-search__input")
    box = page.locator("input.md-search__input")
    box.press_sequentially("Токаев обратился", delay=20)
    box.press("End")  # Chromium types Cyrillic as text; a key event as well
    page.wait_for_selector(".md-search-result__item")
    assert TITLES["ru"] in page.locator(".md-search-result__item").first.inner_text()
    assert not page.errors
