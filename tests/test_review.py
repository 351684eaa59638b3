"""`python -m build_tools diff`: which articles gain or lose which tags when the taxonomy or corrections change."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.config import load_config
from build_tools.errors import BuildFailed
from build_tools.tools.review import annotate_config, annotate_ref, diff_corpora, render_diff
from conftest import FIXTURES, config_for

WATER = "uzbekistan-and-kazakhstan-sign-water-deal"
DRILLS = "russia-holds-csto-drills-near-the-afghan-border"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def base_corpus(tmp_path_factory):
    return annotate_config(config_for(FIXTURES / "corpus_small", tmp_path_factory.mktemp("base")))


def test_review_same_corpus_has_no_changes(base_corpus):
    diff = diff_corpora(base_corpus, base_corpus)
    assert diff.empty and diff.articles_base == diff.articles_head == 2
    assert render_diff(diff, "main") == "No annotation changes against main (2 articles)."


def test_review_taxonomy_edit_shows_gained_and_lost_tags(base_corpus, corpus, tmp_path):
    actors = corpus / "taxonomy" / "actors" / "actors.yml"
    # Water's threshold goes out of reach, and Tajikistan leaves the taxonomy.
    edit(corpus / "taxonomy" / "topics.yml", "threshold: 4\n- name: Military", "threshold: 99\n- name: Military")
    text = actors.read_text(encoding="utf-8")
    start = text.index("- name: Tajikistan")
    actors.write_text(text[:start] + text[text.index("- name:", start + 1):], encoding="utf-8")
    head = annotate_config(config_for(corpus, tmp_path))
    diff = diff_corpora(base_corpus, head)
    assert [c.article for c in diff.changes] == [DRILLS, WATER]
    by_id = {c.article: c for c in diff.changes}
    assert by_id[DRILLS].actors_removed == ("Tajikistan",) and not by_id[DRILLS].topics_removed
    assert by_id[WATER].topics_removed == ("Water",) and not by_id[WATER].actors_added
    text = render_diff(diff, "main")
    assert "- actor Tajikistan" in text and "- topic Water" in text
    assert "-1 article actor Tajikistan" in text
    markdown = render_diff(diff, "main", markdown=True)
    assert markdown.startswith("## Annotation changes against main: 2 of 2 articles")
    assert "~~~diff\n" in markdown


def test_review_new_and_removed_articles(base_corpus, corpus, tmp_path):
    (corpus / "raw" / "steppe_post.txt").unlink()
    shutil.copy(FIXTURES / "corpus_small" / "raw" / "border_watch.txt", corpus / "raw" / "a_copy.txt")
    edit(corpus / "raw" / "a_copy.txt", "Russia holds CSTO drills near the Afghan border",
         "China watches CSTO drills from afar")
    head = annotate_config(config_for(corpus, tmp_path))
    statuses = {c.article: c.status for c in diff_corpora(base_corpus, head).changes}
    assert statuses[WATER] == "removed"
    assert statuses["china-watches-csto-drills-from-afar"] == "added"


def test_review_names_an_article_whose_address_a_title_correction_moved(base_corpus, corpus, tmp_path):
    """Links and citations to the old address break; the review says so, and how to keep it."""
    (corpus / "corrections").mkdir(exist_ok=True)
    (corpus / "corrections" / "steppe_post.yml").write_text(
        "articles:\n  - line: 1\n    title: Uzbekistan and Kazakhstan share river water\n", encoding="utf-8")
    head = annotate_config(config_for(corpus, tmp_path))
    [change] = diff_corpora(base_corpus, head).changes
    assert (change.status, change.article, change.moved_from) == (
        "moved", "uzbekistan-and-kazakhstan-share-river-water", WATER)
    assert f"add `address: {WATER}` to its correction" in render_diff(diff_corpora(base_corpus, head))
    (corpus / "corrections" / "steppe_post.yml").write_text(
        f"articles:\n  - line: 1\n    title: Uzbekistan and Kazakhstan share river water\n    address: {WATER}\n",
        encoding="utf-8")
    assert diff_corpora(base_corpus, annotate_config(config_for(corpus, tmp_path))).empty


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "corpus_small", root / "corpus")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "corpus")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    return root


def test_review_against_git_ref(git_repo):
    edit(git_repo / "corpus" / "taxonomy" / "topics.yml", "threshold: 4\n- name: Military",
         "threshold: 99\n- name: Military")
    diff = diff_corpora(annotate_ref("main", git_repo), annotate_config(load_config(git_repo)))
    assert [(c.article, c.topics_removed) for c in diff.changes] == [(WATER, ("Water",))]
    assert diff.changes[0].source == "corpus/raw/steppe_post.txt:1"


def test_review_unknown_ref_fails_with_a_message(git_repo):
    with pytest.raises(BuildFailed, match="cannot read corpus/ at 'no-such-branch'"):
        annotate_ref("no-such-branch", git_repo)


@pytest.mark.parametrize("ref", ["--output=written.tar", "-owritten.tar"])
def test_review_base_that_is_an_option_fails_and_writes_nothing(git_repo, monkeypatch, capsys, ref):
    """`--base=--output=FILE` was passed to git archive as an option, which created or truncated FILE."""
    monkeypatch.setattr(cli, "load_config", lambda *a, **k: load_config(git_repo))
    monkeypatch.chdir(git_repo)
    before = sorted(path.name for path in git_repo.iterdir())
    assert cli.main(["diff", f"--base={ref}"]) == 1
    assert "diff: " in capsys.readouterr().err
    assert sorted(path.name for path in git_repo.iterdir()) == before


def test_review_cli_prints_diff(git_repo, monkeypatch, capsys):
    edit(git_repo / "corpus" / "taxonomy" / "topics.yml", "threshold: 4\n- name: Military",
         "threshold: 99\n- name: Military")
    monkeypatch.setattr(cli, "load_config", lambda *a, **k: load_config(git_repo))
    assert cli.main(["diff", "--base", "main"]) == 0
    out = capsys.readouterr().out
    assert "Uzbekistan and Kazakhstan sign water deal — corpus/raw/steppe_post.txt:1" in out
    assert "\n- topic Water\n" in out


def test_review_shows_the_relation_readings_a_correction_changes(base_corpus, corpus, tmp_path):
    folder = corpus / "corrections" / "relations"
    folder.mkdir(parents=True)
    (folder / "readings.yml").write_text("- actors: [Afghanistan, Tajikistan]\n  sentence: any threat from Afghanistan\n"
                                         "  reading: neutral\n", encoding="utf-8")
    diff = diff_corpora(base_corpus, annotate_config(config_for(corpus, tmp_path)))
    assert [c.article for c in diff.changes] == [DRILLS]
    [line] = diff.changes[0].readings_changed
    assert line.startswith("Afghanistan – Tajikistan: conflict → neutral: “Moscow said the exercises show")
    assert f"~ reading {line}" in render_diff(diff)
