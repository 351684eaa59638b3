"""The emit stage's fast relative links (a bench-driven speed-up) agree with posixpath.relpath."""

from __future__ import annotations

import posixpath

import pytest

from build_tools.emit.urls import fast_relative_link, relative_link


@pytest.mark.parametrize(("target", "here"), [
    ("actors/russia.md", "articles/x.md"),
    ("actors/russia.md", "actors/china.md"),
    ("index.md", "articles/x.md"),
    ("articles/x.md", "index.md"),
    ("downloads/index.md", "downloads/index.md"),
    ("a/b/c.md", "a/d/e/f.md"),
    ("actors/actors.md", "actors/index.md"),
    ("timeline.md", "timeline.md"),
    ("../outside.md", "articles/x.md"),
    ("actors/./russia.md", "articles/x.md"),
])
def test_fast_relative_link_matches_relpath(target, here):
    assert fast_relative_link(target, posixpath.dirname(here)) == relative_link(target, here)
