"""The search index in several bundles: past `search_bundle_max_megabytes` of search documents, each part of
them is indexed by its own Pagefind, one after another, and the search page searches every bundle.

The end-to-end tests build the bundled corpus twice: as it is (one bundle), and with a limit a quarter of
its documents' size (at least four bundles), and check that both sites find the same articles.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.config import REPO_ROOT
from build_tools.errors import BuildFailed
from build_tools.search import bundle_folders, load_fragments, pagefind
from build_tools.search.pagefind import BUNDLES_FILE, FACETS_FILE, PART_DIR, PagefindRun, split_documents

from conftest import fake_pagefind
from test_determinism import build, comparable_site

documents = st.dictionaries(st.text("abc/", min_size=1, max_size=6).map(PurePosixPath), st.integers(0, 50),
                            max_size=30)


@given(documents, st.integers(1, 60), st.randoms())
def test_split_puts_every_document_in_one_part_under_the_limit_whatever_the_order(sizes, limit, shuffler):
    listed = list(sizes.items())
    parts = split_documents(listed, limit)
    shuffler.shuffle(listed)
    assert split_documents(listed, limit) == parts  # the same documents always make the same parts
    assert sorted(path for part in parts for path in part) == sorted(sizes)
    for part in parts:
        assert part, "no empty part"
        assert sum(sizes[path] for path in part) <= limit or len(part) == 1  # only a document alone may be larger


def test_split_fills_parts_in_path_order():
    sizes = [(PurePosixPath(name), 4) for name in ("b", "a", "d", "c", "e")]
    assert split_documents(sizes, 9) == [[PurePosixPath("a"), PurePosixPath("b")],
                                         [PurePosixPath("c"), PurePosixPath("d")], [PurePosixPath("e")]]
    assert split_documents(sizes, 100) == [sorted(path for path, _ in sizes)]
    assert split_documents([], 9) == []


@pytest.fixture
def logging_pagefind(tmp_path, monkeypatch) -> Path:
    """Pagefind replaced by a program that logs the folder it was given, makes the output folder and exits."""
    log = tmp_path / "runs.log"
    fake_pagefind(monkeypatch, tmp_path / "fake-pagefind", f'echo "$2" >> {log}\nmkdir -p "$4"\n')
    return log


def write_documents(folder: Path, count: int) -> None:
    for number in range(count):
        path = folder / "articles" / f"a{number}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text("<html><body>" + "x" * 100 + "</body></html>", encoding="utf-8")


def test_a_stop_between_parts_starts_no_other_part(tmp_path, logging_pagefind):
    write_documents(tmp_path / "search", 3)
    with PagefindRun(tmp_path / "search", tmp_path / "bundle", 150) as run:
        run._process.wait()  # the first part is done, the second not started
        run.stop()
        with pytest.raises(BuildFailed, match="stopped between parts"):
            run.wait()
    assert run.stopped
    assert len(logging_pagefind.read_text().splitlines()) == 1
    assert not list(tmp_path.glob(".search*"))  # the part's folder of links is gone


def test_parts_are_indexed_one_after_another_from_folders_of_links(tmp_path, logging_pagefind, monkeypatch):
    write_documents(tmp_path / "search", 3)
    monkeypatch.setattr(pagefind, "facet_summary", lambda *bundles: {})
    with PagefindRun(tmp_path / "search", tmp_path / "bundle", 150) as run:
        assert not logging_pagefind.exists() or len(logging_pagefind.read_text().splitlines()) == 1  # the first only
        indexed = run.wait()
    folders = logging_pagefind.read_text().splitlines()
    assert indexed.parts == 3 and len(set(folders)) == 3
    assert all(not Path(folder).exists() for folder in folders)  # the links are gone once indexed
    assert json.loads((tmp_path / "bundle" / BUNDLES_FILE).read_text()) == [
        {"folder": f"{PART_DIR}{n}/", "sorts": 0} for n in (1, 2, 3)]


# ------------------------------------------------------------------ the bundled corpus, built whole and in parts

@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """{"one": the bundled corpus's site, "parts": its site in at least four bundles, "again": the same, built
    again in another folder, on another day, with another hash seed}."""
    work = tmp_path_factory.mktemp("bundles")
    build(REPO_ROOT / "corpus", work / "one", seed=1, day=19000)
    total = sum(path.stat().st_size for path in (work / "one" / "build" / "search").rglob("*.html"))
    corpus = work / "corpus"
    shutil.copytree(REPO_ROOT / "corpus", corpus)
    with (corpus / "config.yml").open("a", encoding="utf-8") as options:
        options.write(f"search_bundle_max_megabytes: {total / 4 / 1_000_000}\n")
    build(corpus, work / "parts", seed=1, day=19000)
    build(corpus, work / "again", seed=2, day=20000)
    return {name: work / name / "site" for name in ("one", "parts", "again")}


@pytest.mark.slow
def test_one_bundle_when_the_documents_fit(sites):
    bundle = sites["one"] / "pagefind"
    assert json.loads((bundle / BUNDLES_FILE).read_text()) == [{"folder": "", "sorts": 1}]
    assert (bundle / "pagefind.js").is_file() and not list(bundle.glob(f"{PART_DIR}*"))


@pytest.mark.slow
def test_a_small_limit_splits_the_index_in_bundles_holding_every_article_once(sites):
    bundle = sites["parts"] / "pagefind"
    folders = bundle_folders(bundle)
    assert len(folders) >= 4 and all((folder / "pagefind.js").is_file() for folder in folders)
    one, parts = load_fragments(sites["one"] / "pagefind"), load_fragments(bundle)
    assert [record["url"] for record in parts] == [record["url"] for record in one]
    assert [record["filters"] for record in parts] == [record["filters"] for record in one]
    summaries = [json.loads((site / "pagefind" / FACETS_FILE).read_text()) for site in (sites["one"], sites["parts"])]
    assert {name: facet["values"] for name, facet in summaries[1].items()} == \
        {name: facet["values"] for name, facet in summaries[0].items()}  # every bundle's filters, summed


@pytest.mark.slow
def test_a_site_in_bundles_builds_deterministically(sites):
    assert comparable_site(sites["parts"]) == comparable_site(sites["again"])


# ------------------------------------------------------------------ in Chromium: the same answers from every bundle

HEADER_QUERIES = ("Afghanistan", "water", "drug trafficking")
FACETED_SEARCHES = ("query=Afghanistan&sort=newest", "query=water&sort=oldest", "actor=Russia", "year=2023")


def header_search(page, base: str, query: str) -> tuple[str, list[str]]:
    """The header box's count line and result titles, in any order and only when it shows all of them: each
    bundle scores its pages within itself, so the first few of many may differ."""
    page.goto(base)
    magnifier = page.locator('label.md-header__button[for="__search"]')
    page.click('label.md-header__button[for="__search"]' if magnifier.is_visible() else "input.md-search__input")
    page.locator("input.md-search__input").fill(query)
    page.wait_for_function("/matching/.test(document.querySelector('.site-search .md-search-result__meta').innerText)")
    titles = sorted(page.locator(".site-search .md-search-result__item h1").all_inner_texts())
    meta = page.locator(".site-search .md-search-result__meta").inner_text()
    return meta, titles if meta.startswith(f"{len(titles)} ") else []


def faceted_search(page, base: str, search: str) -> dict[str, object]:
    """The search page's status, the dates of its results in order, the results, and every facet counted."""
    page.set_viewport_size({"width": 1280, "height": 20000})  # every result of the first page in view
    page.goto(f"{base}search/?{search}")
    page.wait_for_function("/match/.test(document.querySelector('#faceted-search .fs-status').innerText)")
    while page.locator("#faceted-search .fs-count-facet").count():
        page.locator("#faceted-search .fs-count-facet").first.click()
        page.wait_for_function("!document.querySelector('#faceted-search .fs-options > span.fs-count')")
    page.wait_for_function("!document.querySelector('#faceted-search .fs-results li.fs-pending')")
    return {"status": page.locator("#faceted-search .fs-status").inner_text(),
            "dates": [line.split(" · ")[0] for line in page.locator("#faceted-search .fs-meta").all_inner_texts()],
            "results": sorted(page.locator("#faceted-search .fs-results li").all_inner_texts()),
            "facets": page.locator("#faceted-search [data-facet] .fs-options").all_inner_texts()}


def answers(site: Path, scratch: Path) -> dict[str, object]:
    from browser_support import page_for, serve_at_site_url
    from build_tools.config import load_mkdocs_settings
    site_url = load_mkdocs_settings(REPO_ROOT / "mkdocs.yml")["site_url"]
    with serve_at_site_url(site, site_url, scratch) as served, page_for(*served) as page:
        found = {f"header {query}": header_search(page, served[0], query) for query in HEADER_QUERIES}
        found.update({f"page {search}": faceted_search(page, served[0], search) for search in FACETED_SEARCHES})
        assert page.errors == []
    return found


@pytest.mark.slow
@pytest.mark.browser
def test_the_header_and_the_search_page_find_the_same_in_bundles_as_in_one(sites, tmp_path):
    one = answers(sites["one"], tmp_path / "one")
    assert [key for key, found in one.items() if str(found).startswith(("('No", "{'status': 'No"))] == ["page year=2023"]
    assert one == answers(sites["parts"], tmp_path / "parts")
