"""Outlet profiles (corpus/outlets.yml, build_tools/outlets.py): checked with file:line errors, shown on the
outlet's page and in its articles' bylines, and a search filter; an outlet without one invites it."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.tools.check import check_repository
from build_tools.config import REPO_ROOT
from build_tools.emit.facets import render_facets_html
from build_tools.errors import BuildFailed
from build_tools.outlets import OutletDirectory, load_outlets
from build_tools.search.facets import search_facets

from conftest import config_for
from test_emit_index_pages import rendered

STEPPE_POST = """
- name: Steppe Post
  country: Kazakhstan
  languages: [en, ru]
  kind: newspaper
  references: [https://example.org/about]
  notes:
    - text: Founded <script>alert(1)</script> in 2001.
      reference: https://example.org/history
"""


def publish_in_steppe_post(corpus: Path) -> None:
    """The small corpus's drills article, from the outlet Steppe Post (a correction gives its outlet)."""
    (corpus / "corrections").mkdir()
    (corpus / "corrections" / "border_watch.yml").write_text(
        "articles:\n  - line: 1\n    publication: STEPPE POST\n    comment: test\n", encoding="utf-8")


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "outlets.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        load_outlets(path, tmp_path)
    return [str(error) for error in failure.value.problems]


def test_a_bad_profile_is_reported_at_its_line(tmp_path: Path):
    assert errors_of(tmp_path, "- name: A\n  kind: newspaper\n- name: B\n  kind: tabloid\n") == [
        "outlets.yml:4: 1/kind: 'tabloid' is not one of ['wire service', 'newspaper', 'broadcaster', "
        "'state media', 'think tank', 'blog', 'aggregator']"]
    assert errors_of(tmp_path, "- name: A\n  notes:\n    - text: Founded in 2001.\n") == [
        "outlets.yml:3: 0/notes/0: 'reference' is a required property"]


def test_two_profiles_may_not_share_a_name(tmp_path: Path):
    assert errors_of(tmp_path, "- name: Steppe Post\n- name: Other\n  aliases: [steppe post]\n") == [
        "outlets.yml:2: 'Other': 'steppe post' already names 'Steppe Post' (line 1)"]


def test_check_reports_a_bad_profile(corpus: Path, tmp_path: Path):
    (corpus / "outlets.yml").write_text("- name: Steppe Post\n  kind: tabloid\n", encoding="utf-8")
    problems = [str(p) for p in check_repository(config_for(corpus, tmp_path)).errors]
    assert [p for p in problems if "outlets.yml" in p] == [
        f"{corpus.relative_to(REPO_ROOT) if corpus.is_relative_to(REPO_ROOT) else corpus}/outlets.yml:2: 0/kind: "
        "'tabloid' is not one of ['wire service', 'newspaper', 'broadcaster', 'state media', 'think tank', 'blog', "
        "'aggregator']"]


def test_directory_matches_an_outlet_by_any_spelling():
    directory = OutletDirectory(load_outlets(REPO_ROOT / "corpus" / "outlets.yml", REPO_ROOT))
    assert directory.kind("Express Tribune") == directory.kind("THE EXPRESS TRIBUNE") == "newspaper"
    assert directory.profile("Voice of East") is None and directory.kind(None) == ""


def test_outlet_page_byline_and_search_filter_show_the_profile(corpus: Path, tmp_path: Path):
    publish_in_steppe_post(corpus)
    (corpus / "outlets.yml").write_text(STEPPE_POST, encoding="utf-8")
    pages = rendered(corpus, tmp_path)
    outlet = pages["outlets/steppe-post.md"]
    assert "<dt>Kind</dt><dd>newspaper</dd>" in outlet and "<dt>Languages</dt><dd>English, Russian</dd>" in outlet
    assert "Founded &lt;script&gt;alert(1)&lt;/script&gt; in 2001." in outlet and "<script>" not in outlet
    assert 'href="https://example.org/history"' in outlet and "outlets.yml</code>, line 2" in outlet
    article = pages["articles/russia-holds-csto-drills-near-the-afghan-border.md"]
    assert "<em>STEPPE POST</em> (newspaper) ·" in article
    built = pipeline.make_corpus(config_for(corpus, tmp_path / "facets"), pipeline.BuildReport())
    item = next(item for item in built.articles if item.article.publication == "STEPPE POST")
    html = render_facets_html(search_facets(item, built.taxonomy, "newspaper"), item.article.title)
    assert '<span data-pagefind-filter="outlet_kind">newspaper</span>' in html


def test_an_outlet_without_a_profile_invites_one(corpus: Path, tmp_path: Path):
    publish_in_steppe_post(corpus)
    outlet = rendered(corpus, tmp_path)["outlets/steppe-post.md"]
    assert "This outlet has no profile yet" in outlet and "<code>outlets.yml</code>" in outlet
    assert "<dt>" not in outlet


def test_quoted_actors_are_a_search_filter(built_small):
    from build_tools.search import load_fragments
    config, _ = built_small
    drills = next(r for r in load_fragments(config.site_dir / "pagefind") if "csto-drills" in r["url"])
    assert drills["filters"]["quoted"] == ["Russia"]  # "Moscow said the exercises show ..."
