"""Names that would take a generated page's address, break a link or hide a page (issue #23, items 6/8): raw files
`index.txt`, `issue#3.txt`, `..txt`, an author or outlet called "Index" get a safe, unique address; an actor or
topic called "Index" is a `file:line` error in `check` and the build alike."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

import pytest

from build_tools.tools.check import check_repository, render_result
from build_tools.emit.site_index import named, source_slugs
from build_tools.pipeline import build
from conftest import config_for

RAW = PurePosixPath("corpus/raw")


@pytest.mark.parametrize("names, expected", [
    (["border_watch.txt"], ["border_watch"]),
    (["index.txt"], ["index-page"]),
    (["Index.md"], ["index-page"]),
    (["issue#3.txt"], ["issue-3"]),
    (["..txt"], ["source"]),
    (["issue#3.txt", "issue-3.txt"], ["issue-3-2", "issue-3"]),
    (["a.md", "a.txt", "A.txt"], ["a-2", "a-3", "A"]),
    (["what?.txt", "über.txt"], ["what", "uber"]),
])
def test_names_source_pages_get_a_plain_unique_address(names, expected):
    slugs = source_slugs([RAW / name for name in names])
    assert [slugs[RAW / name] for name in names] == expected


def test_names_author_or_outlet_called_index_gets_its_own_page():
    assert named("Index").slug == "index-page"
    assert named("Indexes").slug == "indexes"


ARTICLE = "{title}\n\nMay 2, 2022\n\n{body} Kazakhstan and Russia met in Astana on {day}.\n"


@pytest.mark.slow
def test_names_build_gives_each_awkward_raw_file_and_name_a_page(corpus, tmp_path):
    for number, name in enumerate(["index.txt", "issue#3.txt", "..txt"]):
        (corpus / "raw" / name).write_text(ARTICLE.format(title=f"Awkward file name number {number}",
                                                          body=f"Report {number} of {name}.", day=number + 1),
                                           encoding="utf-8")
    (corpus / "corrections").mkdir(exist_ok=True)
    (corpus / "corrections" / "border_watch.yml").write_text(
        "articles:\n  - line: 1\n    publication: Index\n    authors: [Index]\n", encoding="utf-8")
    config = config_for(corpus, tmp_path)
    problems = check_repository(replace(config, docs_dir=tmp_path / "docs"))
    assert problems.errors == [], render_result(problems)
    build(config)
    site = config.site_dir
    for slug, name in [("index-page", "index.txt"), ("issue-3", "issue#3.txt"), ("source", "..txt")]:
        assert name in (site / "sources" / slug / "index.html").read_text(encoding="utf-8")
    sources_list = (site / "sources" / "index.html").read_text(encoding="utf-8")
    assert 'href="index-page/"' in sources_list and 'href="issue-3/"' in sources_list
    assert "Index" in (site / "authors" / "index-page" / "index.html").read_text(encoding="utf-8")
    assert "Index" in (site / "outlets" / "index-page" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("relative, text", [
    ("taxonomy/actors/actors.yml", "- name: Index\n  type: organisation\n  description: A name clash.\n"),
    ("taxonomy/topics.yml", "- name: Index\n  description: A name clash.\n  terms: {en: {index: 2}}\n  threshold: 2\n"),
])
def test_names_actor_or_topic_called_index_is_a_file_line_error(corpus, tmp_path, relative, text):
    target = corpus / relative
    existing = target.read_text(encoding="utf-8")
    start = existing.count("\n") + 1
    target.write_text(existing + text, encoding="utf-8")
    result = check_repository(replace(config_for(corpus, tmp_path), docs_dir=tmp_path / "docs"))
    expected = f"{relative}:{start}: name 'Index' would take the address of the "
    assert any(expected in str(problem) for problem in result.errors), render_result(result)
