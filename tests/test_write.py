"""write: the staging folder holds exactly the planned files, and unchanged files are left alone."""

from __future__ import annotations

from pathlib import PurePosixPath

from build_tools.write import write_files


def test_write_files_rewrites_changes_and_removes_stale_files_and_emptied_folders(tmp_path):
    target = tmp_path / "docs"
    assert write_files({PurePosixPath("a.md"): b"a", PurePosixPath("old/b.md"): b"b",
                        PurePosixPath("keep/c.md"): b"c"}, target) == (3, 0)
    kept = (target / "keep/c.md").stat().st_mtime_ns

    assert write_files({PurePosixPath("a.md"): b"A", PurePosixPath("keep/c.md"): b"c"}, target) == (1, 1)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["a.md", "keep", "keep/c.md"]
    assert (target / "a.md").read_bytes() == b"A"
    assert (target / "keep/c.md").stat().st_mtime_ns == kept
