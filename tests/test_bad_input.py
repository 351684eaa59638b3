"""Bad input gets a clear `file:line: message` (or a warning and a fallback), never a traceback, and a
failed build loses nothing: the previous site/ and generated pages stay byte for byte.

Everything goes through the command line, as a contributor would run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.config import REPO_ROOT
from build_tools.errors import BuildFailed
from build_tools.tools.linkcheck import parse_html


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_tools", *map(str, args)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=600)


def build_args(corpus: Path, work: Path) -> list[str | Path]:
    return ["build", "--corpus", corpus, "--build-dir", work / "build", "--out", work / "site"]


def run_build(corpus: Path, work: Path) -> subprocess.CompletedProcess:
    return run_cli(*build_args(corpus, work))


def assert_fails_cleanly(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for text in expected:
        assert text in result.stderr, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- taxonomy errors name file and line

BROKEN_TAXONOMY = [
    pytest.param("actors/actors.yml", "- name: Russia\n  type: country\n  description: [unclosed\n",
                 "taxonomy/actors/actors.yml:4: invalid YAML", id="malformed-actors-yaml"),
    pytest.param("topics.yml", "- name: Water\n  description: Rivers.\n  terms: {water: 2\n  threshold: 2\n",
                 "taxonomy/topics.yml:", id="malformed-topics-yaml"),
    pytest.param("relations.yml", "cooperation: {agreement: 2\nconflict: {clashed: 2}\n",
                 "taxonomy/relations.yml:", id="malformed-relations-yaml"),
    pytest.param("actors/actors.yml",
                 "- name: Russia\n  type: country\n  description: A country.\n"
                 "- type: country\n  description: An entry without a name.\n",
                 "taxonomy/actors/actors.yml:4:", id="actor-without-name"),
    pytest.param("topics.yml", "- description: A topic without a name.\n  terms: {water: 2}\n  threshold: 2\n",
                 "taxonomy/topics.yml:1:", id="topic-without-name"),
    pytest.param("actors/actors.yml", "\tname: Russia\n", "taxonomy/actors/actors.yml:1:", id="tab-indented-yaml"),
]


@pytest.mark.parametrize("relative, content, expected", BROKEN_TAXONOMY)
def test_build_broken_taxonomy_names_file_and_line(corpus, tmp_path, relative, content, expected):
    (corpus / "taxonomy" / relative).write_text(content, encoding="utf-8")
    result = run_build(corpus, tmp_path / "work")
    assert_fails_cleanly(result, f"{corpus.as_posix()}/{expected}")
    assert not (tmp_path / "work" / "site").exists()


def test_build_taxonomy_entry_without_name_says_name_is_missing(corpus, tmp_path):
    actors = corpus / "taxonomy" / "actors" / "actors.yml"
    actors.write_text("- name: Russia\n  type: country\n  description: A country.\n"
                      "- type: country\n  description: An entry without a name.\n", encoding="utf-8")
    assert_fails_cleanly(run_build(corpus, tmp_path / "work"), "'name'")


def test_build_broken_correction_names_file_and_line(corpus, tmp_path):
    (corpus / "corrections").mkdir()
    (corpus / "corrections" / "border_watch.yml").write_text("articles:\n  - line: 1\n    title: [oops\n",
                                                             encoding="utf-8")
    assert_fails_cleanly(run_build(corpus, tmp_path / "work"), f"{corpus.as_posix()}/corrections/border_watch.yml:")


# --------------------------------------------------------------------------- raw files


def test_build_binary_raw_file_names_it(corpus, tmp_path):
    (corpus / "raw" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert_fails_cleanly(run_build(corpus, tmp_path / "work"), f"{corpus.as_posix()}/raw/photo.txt:", "binary")


@pytest.mark.parametrize("make_unreadable", [
    pytest.param(lambda path: path.mkdir(), id="folder-named-txt"),
    pytest.param(lambda path: path.symlink_to(path.parent / "missing-target"), id="dangling-symlink"),
])
def test_build_unreadable_raw_file_names_it(corpus, tmp_path, make_unreadable):
    make_unreadable(corpus / "raw" / "unreadable.txt")
    assert_fails_cleanly(run_build(corpus, tmp_path / "work"),
                         f"{corpus.as_posix()}/raw/unreadable.txt:", "cannot read raw file")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_build_raw_file_without_read_permission_names_it(corpus, tmp_path):
    locked = corpus / "raw" / "locked.txt"
    shutil.copy(corpus / "raw" / "border_watch.txt", locked)
    locked.chmod(0)
    try:
        assert_fails_cleanly(run_build(corpus, tmp_path / "work"), f"{corpus.as_posix()}/raw/locked.txt:")
    finally:
        locked.chmod(0o644)


@pytest.mark.slow
def test_build_empty_raw_file_warns_and_builds_the_rest(corpus, tmp_path):
    (corpus / "raw" / "empty.txt").write_bytes(b"")
    result = run_build(corpus, tmp_path / "work")
    assert result.returncode == 0, result.stderr
    assert "Built 2 articles" in result.stdout
    assert f"{corpus.as_posix()}/raw/empty.txt:?: warning: empty file" in result.stderr
    source = (tmp_path / "work" / "site" / "sources" / "empty" / "index.html").read_text(encoding="utf-8")
    assert "empty file (no text); no article" in parse_html(source).text()


@pytest.mark.slow
def test_build_impossible_date_warns_and_leaves_it_empty(corpus, tmp_path):
    raw = corpus / "raw" / "border_watch.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("June 12, 2022", "31 February 2022"), encoding="utf-8")
    result = run_build(corpus, tmp_path / "work")
    assert result.returncode == 0, result.stderr
    assert f"{corpus.as_posix()}/raw/border_watch.txt:3: warning: no such date: '31 February 2022'" in result.stderr
    article = (tmp_path / "work" / "site" / "articles" / "russia-holds-csto-drills-near-the-afghan-border"
               / "index.html").read_text(encoding="utf-8")
    assert "Undated" in article


@pytest.mark.slow
def test_ingest_twenty_megabyte_raw_file(tmp_path):
    paragraph = ("Officials in Almaty said the pipeline talks would continue next week, and analysts expected the "
                 "regional water agreement to be signed after the summit in the capital. ") * 3
    raw = tmp_path / "huge.txt"
    with raw.open("w", encoding="utf-8") as out:
        out.write("Huge report on regional water talks\n\nMarch 3, 2021\n\nBy Test Writer\n\n")
        n = 0
        while out.tell() < 20 * 1024 * 1024:
            out.write(f"Paragraph {n}. {paragraph}\n\n")
            n += 1
    result = run_cli("ingest", raw)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{raw}:1: Huge report on regional water talks" in result.stdout


@pytest.mark.slow
def test_ingest_twenty_megabyte_single_line(tmp_path):
    raw = tmp_path / "one-line.txt"
    raw.write_text("Huge single line report\n\nMarch 3, 2021\n\nBy Test Writer\n\nOfficials said "
                   + "word " * (4 * 1024 * 1024) + "and more.\n", encoding="utf-8")
    result = run_cli("ingest", raw)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{raw}:1: Huge single line report" in result.stdout


# --------------------------------------------------------------------------- a failed build loses nothing


@pytest.mark.slow
def test_failed_build_keeps_previous_site_and_pages(corpus, tmp_path):
    work = tmp_path / "work"
    first = run_build(corpus, work)
    assert first.returncode == 0, first.stderr
    site, docs = snapshot(work / "site"), snapshot(work / "build" / "docs")
    assert "index.html" in site and "index.md" in docs

    topics = corpus / "taxonomy" / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "- name: Broken\n  terms: {oops: 1\n", encoding="utf-8")
    second = run_build(corpus, work)
    assert_fails_cleanly(second, f"{corpus.as_posix()}/taxonomy/topics.yml:")

    assert snapshot(work / "site") == site
    assert snapshot(work / "build" / "docs") == docs
    assert sorted(p.name for p in work.iterdir()) == [".site.work", "build", "site"]
    assert sorted(p.name for p in (work / ".site.work").iterdir()) == [".build_tools-lock", ".build_tools-output"]
    assert not (work / "build" / ".docs.next").exists()  # no scratch folder left behind


@pytest.mark.slow
def test_build_failing_inside_mkdocs_keeps_previous_site_and_pages(corpus, tmp_path, monkeypatch, capsys):
    """The swap itself: a failure after pages were written to the scratch folders changes nothing."""
    work = tmp_path / "work"
    assert cli.main([str(a) for a in build_args(corpus, work)]) == 0
    site, docs = snapshot(work / "site"), snapshot(work / "build" / "docs")
    capsys.readouterr()

    raw = corpus / "raw" / "border_watch.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("5,000 troops", "9,000 troops"), encoding="utf-8")

    def half_built_site(config, docs_dir, site_dir, *, strict=True):
        site_dir.mkdir(parents=True, exist_ok=True)
        (site_dir / "index.html").write_text("half written", encoding="utf-8")
        raise BuildFailed([f"{docs_dir.name}/index.md:1: simulated MkDocs failure"])

    monkeypatch.setattr("build_tools.pipeline.build_site", half_built_site)
    assert cli.main([str(a) for a in build_args(corpus, work)]) == 1
    err = capsys.readouterr().err
    assert "index.md:1: simulated MkDocs failure" in err and "Traceback" not in err
    assert snapshot(work / "site") == site
    assert snapshot(work / "build" / "docs") == docs
    assert sorted(p.name for p in work.iterdir()) == [".site.work", "build", "site"]
    assert sorted(p.name for p in (work / ".site.work").iterdir()) == [".build_tools-lock", ".build_tools-output"]
    assert sorted(p.name for p in (work / "build").iterdir()) == [".build_tools-lock", ".build_tools-output",
                                                                  "docs", "search"]

