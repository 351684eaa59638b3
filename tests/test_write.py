"""write: the staging folder holds exactly the planned files, and unchanged files are left alone."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from build_tools import write
from build_tools.memo import Memo
from build_tools.write import update_files, write_files


def test_write_files_rewrites_changes_and_removes_stale_files_and_emptied_folders(tmp_path):
    target = tmp_path / "docs"
    assert write_files({PurePosixPath("a.md"): b"a", PurePosixPath("old/b.md"): b"b",
                        PurePosixPath("keep/c.md"): b"c"}, target) == (3, 0)
    kept = (target / "keep/c.md").stat().st_mtime_ns

    assert write_files({PurePosixPath("a.md"): b"A", PurePosixPath("keep/c.md"): b"c"}, target) == (1, 1)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["a.md", "keep", "keep/c.md"]
    assert (target / "a.md").read_bytes() == b"A"
    assert (target / "keep/c.md").stat().st_mtime_ns == kept


def test_a_changed_file_is_replaced_so_that_a_hard_linked_copy_keeps_the_old_bytes(tmp_path):
    target, copy = tmp_path / "site", tmp_path / "copy.html"
    update_files({PurePosixPath("new/folder/page.html"): b"old"}, target)
    os.link(target / "new/folder/page.html", copy)
    assert update_files({PurePosixPath("new/folder/page.html"): b"new"}, target) == 1
    assert (target / "new/folder/page.html").read_bytes() == b"new" and copy.read_bytes() == b"old"
    assert sorted(p.name for p in (target / "new/folder").iterdir()) == ["page.html"]  # no temporary file left


def test_with_a_memo_unchanged_files_are_not_read_back_but_a_file_changed_behind_it_is_rewritten(
        tmp_path, monkeypatch):
    target, memo = tmp_path / "docs", Memo()
    planned = {PurePosixPath("a.md"): b"a", PurePosixPath("b.md"): b"b"}
    assert write_files(planned, target, memo) == (2, 0)
    reads: list[str] = []
    original = write._holds
    monkeypatch.setattr(write, "_holds", lambda path, content: reads.append(path) or original(path, content))

    assert write_files({**planned, PurePosixPath("a.md"): b"A"}, target, memo) == (1, 0)
    assert reads == []  # neither b.md (unchanged) nor a.md (known to differ) was read back

    (target / "b.md").write_bytes(b"edited by hand")
    assert write_files({PurePosixPath("a.md"): b"A", PurePosixPath("b.md"): b"b"}, target, memo) == (1, 0)
    assert (target / "b.md").read_bytes() == b"b"
