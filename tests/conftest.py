"""Shared fixtures: a small corpus built once per test session into a temporary folder."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from build_tools.config import BuildConfig, load_config
from build_tools.emit.downloads import published_name
from build_tools.pipeline import BuildReport, build

FIXTURES = Path(__file__).parent / "fixtures"


def config_for(corpus_dir: Path, work: Path) -> BuildConfig:
    return load_config(corpus_dir=corpus_dir, build_dir=work / "build", site_dir=work / "site")


def download_text(site_dir: Path, name: str) -> str:
    """The text of the data file `name` in a built site, unpacked if it is published gzip-compressed."""
    path = site_dir / "downloads" / published_name(name)
    content = path.read_bytes()
    return (gzip.decompress(content) if path.suffix == ".gz" else content).decode("utf-8")


def fake_pagefind(monkeypatch: pytest.MonkeyPatch, program: Path, script: str) -> None:
    """Replace the Pagefind binary by the shell `script`, written to `program` (its arguments: --site DIR
    --output-path DIR)."""
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr("build_tools.search.pagefind.pagefind_executable", lambda: program)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the small fixture corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus_small", target)
    return target


@pytest.fixture(scope="session")
def built_small(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildConfig, BuildReport]:
    """The small fixture corpus, built once: (config, report). Tests must not modify it."""
    work = tmp_path_factory.mktemp("small")
    config = config_for(FIXTURES / "corpus_small", work)
    return config, build(config)


@pytest.fixture
def page(server):
    """A Chromium page on the site a browser test module serves (its `server` fixture: `serve_at_site_url`)."""
    from browser_support import page_for
    with page_for(*server) as page:
        yield page


# CI runs the property tests on a fixed set of examples, so a rare example found by chance cannot
# turn a submission red; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current build (test_golden.py), then compare")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark by fixture what a test cannot avoid: `built_small` builds a whole site, `page` drives Chromium.
    Tests that build or browse some other way carry the marks themselves (`make test-fast` leaves out both)."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "built_small" in fixtures:
            item.add_marker(pytest.mark.slow)
        if "page" in fixtures:
            item.add_marker(pytest.mark.browser)
