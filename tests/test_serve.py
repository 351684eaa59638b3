"""`make serve`: the pipeline runs around each of MkDocs' builds (`build_tools.serve`). After each build the
session indexes the search documents into the served site in the background, a save stops an index still
under way, and a save starts one build, not two."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_tools import hooks, serve
from build_tools.config import REPO_ROOT

from conftest import config_for


def site_without_index(site: Path, target: Path) -> Path:
    shutil.copytree(site, target)
    shutil.rmtree(target / "pagefind")
    return target


@pytest.fixture
def session(built_small, monkeypatch) -> serve.ServeSession:
    """A serve session over the small corpus, whose regeneration does nothing (the built docs stay)."""
    session = serve.ServeSession(built_small[0])
    monkeypatch.setattr(serve, "generate", lambda config, memos: None)
    yield session
    session.stop_indexing()


def test_serve_indexes_the_served_site_after_each_build(built_small, session, tmp_path):
    served = site_without_index(built_small[0].site_dir, tmp_path / "served")
    session.after_build(served)
    session.wait_for_index()
    assert (served / "pagefind" / "pagefind.js").is_file()
    assert (served / "pagefind" / "pagefind-entry.json").is_file()


def test_serve_writes_the_facet_summary_once_pagefind_is_done_without_another_build(built_small, session, tmp_path):
    # The search page starts from facets.json: it must not wait for the next save.
    served = site_without_index(built_small[0].site_dir, tmp_path / "served")
    session.after_build(served)
    deadline = time.monotonic() + 60
    while not (served / "pagefind" / "facets.json").is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (served / "pagefind" / "facets.json").is_file()


def test_the_hooks_index_only_under_serve(built_small, tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "_session", serve.ServeSession(built_small[0]))
    sites = {command: site_without_index(built_small[0].site_dir, tmp_path / command) for command in ("build", "serve")}
    for command, site in sites.items():
        hooks.on_startup(command=command, dirty=command == "serve")
        try:
            hooks.on_post_build(config=SimpleNamespace(site_dir=str(site)))
            serve.current().wait_for_index()
        finally:
            hooks.on_startup(command="build", dirty=False)
    assert not (sites["build"] / "pagefind").exists()  # a build indexes in the pipeline, into its scratch site
    assert (sites["serve"] / "pagefind" / "pagefind.js").is_file()


@pytest.fixture
def slow_pagefind(tmp_path, monkeypatch) -> Path:
    """Pagefind replaced by a program that takes a minute and leaves a file if it gets to the end."""
    finished = tmp_path / "finished"
    program = tmp_path / "slow-pagefind"
    program.write_text(f"#!/bin/sh\nsleep 60\ntouch {finished}\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr("build_tools.search.pagefind.pagefind_executable", lambda: program)
    return finished


def test_a_save_stops_the_index_still_under_way(session, slow_pagefind, tmp_path, caplog):
    session.after_build(tmp_path / "served")
    run = session._indexing[0]
    session.before_build()  # the next save's build: its search documents are about to change
    assert session._indexing is None
    assert run.stopped and run._process.returncode is not None
    assert not slow_pagefind.exists()
    assert "could not index" not in caplog.text  # a stop is not a failure


def test_a_failed_serve_index_is_logged(built_small, tmp_path, caplog):
    session = serve.ServeSession(replace(built_small[0], search_dir=tmp_path / "no-documents"))
    session.after_build(tmp_path / "no-such-site")
    session.wait_for_index()
    assert "could not index the site for search" in caplog.text


def test_serve_watches_the_sources_not_the_staging_docs(built_small):
    config = built_small[0]
    watched = serve.ServeSession(config).watched()
    assert config.corpus_dir in watched and config.docs_dir in watched
    assert not any(config.staging_dir.is_relative_to(path) for path in watched)

    class Server:
        unwatched: list[str] = []

        def unwatch(self, path: str) -> None:
            self.unwatched.append(path)
    server = hooks.on_serve(Server(), config=SimpleNamespace(docs_dir=str(config.staging_dir)), builder=None)
    assert server.unwatched == [str(config.staging_dir)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"{what} within {seconds} s")


def test_serve_shows_a_saved_edit_after_one_build(corpus, tmp_path):
    """The real `serve` verb on a copy of the small corpus: a save to a raw file reaches the served page,
    in one build (the regeneration's writes to the staging docs do not start another)."""
    config = config_for(corpus, tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "build_tools", "-v", "serve", "--corpus", str(corpus),
                                   "--build-dir", str(config.staging_dir.parent), "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/central-asia-research/"
    try:
        wait_for(lambda: fetch(base), 180, "the site was not served")
        page = next(path for path in (config.staging_dir / "articles").glob("*.md")
                    if "sent observers" in path.read_text(encoding="utf-8"))
        url = f"{base}articles/{page.stem}/"
        assert "sent observers" in fetch(url)
        wait_for(lambda: "Serving on" in log.read_text(), 30, "the server did not start watching")
        raw = corpus / "raw" / "border_watch.txt"
        raw.write_text(raw.read_text(encoding="utf-8").replace("sent observers", "sent zqx observers"),
                       encoding="utf-8")
        wait_for(lambda: "sent zqx observers" in (fetch(url) or ""), 120, "the edit was not served")
        time.sleep(3)  # time enough for a second build to start, if one were coming
    finally:
        server.terminate()
        server.wait(30)
    builds = re.findall(r"Building documentation", log.read_text())
    assert len(builds) == 2, log.read_text()  # the first, then one for the save
