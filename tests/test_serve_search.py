"""Under `make serve` the faceted search works too: after each build the hook indexes the search documents the
regeneration wrote, in the background, into the served site."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_tools import hooks


@pytest.fixture(autouse=True)
def served_config(built_small, monkeypatch):
    """The hooks regenerate and index the small corpus rather than the repository's."""
    monkeypatch.setattr(hooks, "load_config", lambda: built_small[0])


def site_without_index(site: Path, target: Path) -> Path:
    shutil.copytree(site, target)
    shutil.rmtree(target / "pagefind")
    return target


def post_build(command: str, site: Path) -> None:
    hooks.on_startup(command=command, dirty=command == "serve")
    try:
        hooks.on_post_build(config=SimpleNamespace(site_dir=str(site)))
        hooks.on_shutdown()  # waits for the index the build started
    finally:
        hooks.on_startup(command="build", dirty=False)


def test_serve_indexes_the_served_site_after_each_build(built_small, tmp_path):
    served = site_without_index(built_small[0].site_dir, tmp_path / "served")
    post_build("serve", served)
    assert (served / "pagefind" / "pagefind.js").is_file()
    assert (served / "pagefind" / "pagefind-entry.json").is_file()


def test_serve_writes_the_facet_summary_once_pagefind_is_done_without_another_build(built_small, tmp_path):
    # The search page starts from facets.json: it must not wait for the next save.
    served = site_without_index(built_small[0].site_dir, tmp_path / "served")
    hooks.on_startup(command="serve", dirty=True)
    try:
        hooks.on_post_build(config=SimpleNamespace(site_dir=str(served)))
        deadline = time.monotonic() + 60
        while not (served / "pagefind" / "facets.json").is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (served / "pagefind" / "facets.json").is_file()
    finally:
        hooks.on_shutdown()
        hooks.on_startup(command="build", dirty=False)


def test_a_plain_build_leaves_indexing_to_the_pipeline(built_small, tmp_path):
    site = site_without_index(built_small[0].site_dir, tmp_path / "site")
    post_build("build", site)
    assert not (site / "pagefind").exists()


def test_serve_waits_for_the_last_index_before_the_next_build(built_small, tmp_path, monkeypatch):
    served = site_without_index(built_small[0].site_dir, tmp_path / "served")
    monkeypatch.setattr(hooks, "generate", lambda config, memos: None)
    hooks.on_startup(command="serve", dirty=True)
    try:
        hooks.on_post_build(config=SimpleNamespace(site_dir=str(served)))
        hooks.on_pre_build(config=SimpleNamespace())
        assert hooks._indexing is None
        assert (served / "pagefind" / "facets.json").is_file()  # written once Pagefind has finished
    finally:
        hooks.on_startup(command="build", dirty=False)


def test_a_failed_serve_index_is_logged(built_small, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(hooks, "load_config", lambda: replace(built_small[0], search_dir=tmp_path / "no-documents"))
    hooks.on_startup(command="serve", dirty=True)
    try:
        hooks.on_post_build(config=SimpleNamespace(site_dir=str(tmp_path / "no-such-site")))
        hooks.on_shutdown()
    finally:
        hooks.on_startup(command="build", dirty=False)
    assert "could not index the site for search" in caplog.text
