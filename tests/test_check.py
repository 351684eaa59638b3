"""`python -m build_tools check`: every problem a contributor can make, reported at once as path:line."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.annotate import load_taxonomy
from build_tools import ingest
from build_tools.tools.check import check_page, check_repository, render_result
from build_tools.config import load_config
from build_tools.errors import Kind, warning
from conftest import FIXTURES, config_for

PROBLEM_LINE = re.compile(r"^[^\s:][^:]*:(\d+|\?): ")


@pytest.fixture
def repo(tmp_path: Path, corpus: Path):
    """A config over a writable copy of the small corpus and an empty docs folder."""
    docs = tmp_path / "docs"
    docs.mkdir()
    return replace(config_for(corpus, tmp_path), docs_dir=docs)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(FIXTURES / "corpus_small" / "taxonomy", FIXTURES.parent.parent)


def test_check_small_corpus_is_clean(repo):
    result = check_repository(repo)
    assert result.errors == [], render_result(result)
    assert result.checked["articles"] == 2
    assert render_result(result).splitlines()[-1].startswith("check: OK")


def test_check_bundled_corpus_is_clean():
    # How fast check runs is printed on its last line and measured by `bench`, not asserted here.
    result = check_repository(load_config())
    assert result.errors == [], render_result(result)


def test_check_reports_every_problem_at_once(repo):
    actors = repo.taxonomy_dir / "actors" / "actors.yml"
    # A term claimed by two actors: China gets Russia's alias.
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "  demonyms: [Chinese]", "  demonyms: [Chinese]\n  aliases: [Russian Federation]"), encoding="utf-8")
    repo.corrections_dir.mkdir(exist_ok=True)
    (repo.corrections_dir / "steppe_post.yml").write_text("articles:\n  - line: 1\n    titel: Water deal\n",
                                                            encoding="utf-8")
    (repo.docs_dir / "brief.md").write_text("---\ntitle: Brief\nactor: [Kazakhstan]\n---\n# Brief\n",
                                            encoding="utf-8")
    result = check_repository(repo)
    text = render_result(result)
    paths = {problem.path.as_posix() for problem in result.errors}
    assert any(path.endswith("taxonomy/actors/actors.yml") for path in paths), text
    assert any(path.endswith("corrections/steppe_post.yml") for path in paths), text
    assert any(path.endswith("brief.md") for path in paths), text
    correction = next(p for p in result.errors if p.path.as_posix().endswith("steppe_post.yml"))
    assert correction.line == 3 and "titel" in correction.message
    brief = next(p for p in result.errors if p.path.as_posix().endswith("brief.md"))
    assert brief.line == 3 and "did you mean 'actors'" in brief.message
    for line in text.splitlines()[:-1]:
        assert PROBLEM_LINE.match(line), line


def test_check_warns_about_topic_terms_with_the_same_stems(repo):
    topics = repo.taxonomy_dir / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("river: 1", "river: 1, rivers: 1"),
                      encoding="utf-8")
    result = check_repository(repo)
    assert result.errors == [], render_result(result)
    [warning] = result.warnings
    assert warning.path.as_posix().endswith("taxonomy/topics.yml")
    assert "'rivers' matches the same words as 'river'" in warning.message


def test_check_reports_unknown_actor_and_topic_in_front_matter(repo):
    (repo.docs_dir / "briefs").mkdir()
    (repo.docs_dir / "briefs" / "kz.md").write_text(
        "---\ntitle: Kazakhstan brief\nactors:\n  - Kazakhstan\n  - Kazakstan\ntopics: [Water, Energy]\n---\n"
        "See [Russia](../actors/russia.md) and [Turkey](../actors/turkey.md).\n", encoding="utf-8")
    result = check_repository(repo)
    messages = [(p.line, p.message) for p in result.errors if p.path.as_posix().endswith("briefs/kz.md")]
    assert (5, "unknown actor 'Kazakstan' (did you mean 'Kazakhstan'?) "
               "(add it to corpus/taxonomy/actors/ or use an existing name)") in messages
    assert any(line == 6 and "unknown topic 'Energy'" in message for line, message in messages)
    assert any(line == 8 and "actors/turkey: no such actor" in message for line, message in messages)
    assert len(messages) == 3


def test_check_reports_duplicate_article(repo):
    shutil.copy(repo.raw_dir / "steppe_post.txt", repo.raw_dir / "steppe_post_copy.txt")
    result = check_repository(repo)
    duplicates = [p for p in result.errors if p.kind is Kind.DUPLICATE_ARTICLE]
    assert len(duplicates) == 1 and duplicates[0].path.as_posix().endswith("steppe_post_copy.txt"), render_result(result)


def test_check_warns_of_a_file_in_the_raw_folder_it_does_not_read(repo):
    (repo.raw_dir / "saved_page.html").write_text("<p>Russia</p>", encoding="utf-8")
    (repo.raw_dir / ".DS_Store").write_bytes(b"\0")
    result = check_repository(repo)
    assert result.errors == [], render_result(result)
    assert [p.path.name for p in result.warnings] == ["saved_page.html"], render_result(result)
    assert "not read: raw files are plain text or Markdown (.txt or .md)" in result.warnings[0].message


def test_check_reports_orphan_correction_file(repo):
    repo.corrections_dir.mkdir(exist_ok=True)
    (repo.corrections_dir / "no_such_file.yml").write_text("articles: []\n", encoding="utf-8")
    result = check_repository(repo)
    assert any(p.path.as_posix().endswith("no_such_file.yml") for p in result.errors), render_result(result)


@pytest.mark.parametrize("text, expected", [
    ("# No front matter\n", []),
    ("---\ntitle: Fine\ndescription: ok\nactors: [Russia, china]\ntopics: [military-exercises]\n---\n", []),
    ("---\ntitle: [unclosed\n---\n", [(3, "front matter: invalid YAML")]),
    ("---\ntitle: Open\n# never closed\n", [(1, "front matter is not closed")]),
    ("---\n- a list\n---\n", [(2, "front matter must be a mapping")]),
    ("---\ntitle: T\ntopic: [Water]\n---\n", [(3, "unknown front-matter key 'topic' (did you mean 'topics'?")]),
    ("---\nactors: Russia\n---\n", [(2, "front matter 'actors': 'Russia' is not of type 'array'")]),
    ("---\nactors:\n  - Russia\n  - 7\n---\n", [(4, "front matter 'actors.1': 7 is not of type 'string'")]),
    ("---\ndate: 2024-05-01\n---\n", []),
    ("[Nowhere](topics/nowhere.md)\n", [(1, "link to topics/nowhere: no such topic")]),
    ("[All actors](actors/index.md) [Water](../topics/water/)\n", []),
])
def test_check_page_front_matter(taxonomy, text, expected):
    problems = check_page("docs/page.md", text, taxonomy)
    assert [(p.line, p.message[:len(m)]) for p, (_, m) in zip(problems, expected)] == expected
    assert len(problems) == len(expected), problems


def test_check_page_without_taxonomy_checks_only_the_shape():
    assert check_page("docs/p.md", "---\nactors: [Nobody]\n---\n", None) == []


def test_check_verdict_does_not_depend_on_wording(repo, monkeypatch):
    """What fails the check is a problem's kind: reworded ingest warnings fail (or pass) it as before."""
    def reworded(path, line, message, kind=Kind.WARNING):
        return warning(path, line, "reworded for people", kind)

    monkeypatch.setattr(ingest, "warning", reworded)
    shutil.copy(repo.raw_dir / "steppe_post.txt", repo.raw_dir / "steppe_post_copy.txt")
    (repo.raw_dir / "saved_page.html").write_text("<p>Russia</p>", encoding="utf-8")
    result = check_repository(repo)
    assert [(p.path.name, p.message) for p in result.errors] == [
        ("steppe_post_copy.txt", "reworded for people")], render_result(result)
    assert [p.path.name for p in result.warnings] == ["saved_page.html"], render_result(result)
    assert "duplicate article: reworded for people (if this copy" in render_result(result)


def test_check_cli_exit_status(repo, monkeypatch, capsys):
    monkeypatch.setattr(cli, "load_config", lambda *a, **k: repo)
    assert cli.main(["check"]) == 0
    (repo.docs_dir / "bad.md").write_text("---\nactors: [Nobody]\n---\n", encoding="utf-8")
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"bad\.md:2: unknown actor 'Nobody'", err), err
