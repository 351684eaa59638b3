"""MkDocs split over processes (build_tools.site.shards): the merged site must equal a one-process build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.site import shards
from build_tools.config import REPO_ROOT
from build_tools.errors import BuildFailed
from build_tools.site import build_site, merge_parts

from conftest import FIXTURES
from test_determinism import comparable_site


def test_assign_gives_the_largest_items_first_to_the_least_loaded_shard():
    assert shards.assign([5, 1, 4, 3], 2) == [0, 0, 1, 1]
    assert shards.assign([5, 1, 4, 3], 2, first_load=10) == [1, 0, 1, 1]
    assert shards.assign([2, 2, 2], 3) == [0, 1, 2]


def test_shard_count_needs_enough_pages_for_each_process():
    assert shards.shard_count(10, 8) == 1
    assert shards.shard_count(shards.MIN_PAGES_PER_SHARD * 2, 8) == 2
    assert shards.shard_count(shards.MAX_PAGES_PER_SHARD * 2, 2) == 2


def test_shard_count_grows_past_the_cores_so_that_no_shard_holds_too_many_pages():
    assert shards.shard_count(shards.MAX_PAGES_PER_SHARD * 2 + 1, 2) == 3
    assert shards.shard_count(100_000, 2) == -(-100_000 // shards.MAX_PAGES_PER_SHARD)


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_three_shards_build_the_same_site_byte_for_byte(built_small, tmp_path, monkeypatch):
    config, _ = built_small
    moved: list[Path] = []
    move_pages = shards._move_pages
    monkeypatch.setattr(shards, "_move_pages", lambda part, site: (moved.extend(part.rglob("*.html")),
                                                                  move_pages(part, site)))
    build_site(config, config.staging_dir, tmp_path / "one", shards=1)
    build_site(config, config.staging_dir, tmp_path / "three", shards=3)
    one, three = files_of(tmp_path / "one"), files_of(tmp_path / "three")
    assert sorted(one) == sorted(three)
    assert [name for name in one if one[name] != three[name]] == []
    # Not vacuous: the other two shards rendered article pages.
    moved_from = {path.relative_to(tmp_path).parts for path in moved}
    assert {parts[0] for parts in moved_from} == {".three.shard1", ".three.shard2"}
    assert any(parts[1] == "articles" for parts in moved_from)
    assert not list(tmp_path.glob(".three.shard*"))


def test_an_error_in_another_shard_fails_the_build_and_names_the_page(built_small, tmp_path):
    config, _ = built_small
    docs = tmp_path / "docs"
    shutil.copytree(config.staging_dir, docs)
    # The largest page outside the navigation goes to the second shard (the first starts with the nav).
    broken = docs / "articles" / "zz-broken.md"
    broken.write_text("# Broken\n\n[a missing page](missing.md)\n\n" + "padding. " * 20_000, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(config, docs, tmp_path / "site", shards=2)
    assert "zz-broken.md" in str(failure.value) and "missing.md" in str(failure.value)
    assert not list(tmp_path.glob(".site.shard*"))


def run_build(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_tools", "build", "--corpus", str(FIXTURES / "corpus_small"),
                           *arguments], cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)


def test_shards_built_by_separate_processes_merge_into_the_one_process_site(built_small, tmp_path):
    config, _ = built_small
    for index in (1, 2):  # as two CI jobs would, each with its own build folder
        done = run_build("--shard", f"{index}/2", "--build-dir", str(tmp_path / f"build{index}"),
                         "--out", str(tmp_path / f"part{index}"))
        assert done.returncode == 0, done.stderr
    # Not vacuous: the second shard rendered article pages that the first did not.
    second = {p.relative_to(tmp_path / "part2").as_posix() for p in (tmp_path / "part2").rglob("index.html")}
    assert any(name.startswith("articles/") for name in second)
    assert not second & {p.relative_to(tmp_path / "part1").as_posix()
                         for p in (tmp_path / "part1").rglob("index.html")}
    done = run_build("--merge", str(tmp_path / "part2"), str(tmp_path / "part1"),
                     "--build-dir", str(tmp_path / "build"), "--out", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    merged, whole = comparable_site(tmp_path / "site"), comparable_site(config.site_dir)
    assert sorted(merged) == sorted(whole)
    assert [name for name in whole if merged[name] != whole[name]] == []


def test_merge_refuses_an_incomplete_set_of_shards(tmp_path):
    (tmp_path / "part1").mkdir()
    (tmp_path / "part1" / ".shard").write_text("1/2\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"given 1/2 \(missing 2/2\)"):
        merge_parts([tmp_path / "part1"], tmp_path / "site")
