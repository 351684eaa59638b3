"""`make serve`: the pipeline runs around each of MkDocs' builds (`build_tools.site.serve`). After each build the
session indexes the search documents into the served site in the background, a save stops an index still
under way, and a save starts one build, not two."""

from __future__ import annotations

import multiprocessing
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build as build_mkdocs
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.structure.files import get_files

from build_tools.site import hooks, serve, session as site_session
from build_tools.config import REPO_ROOT
from build_tools.emit.downloads import DATA_FILES
from build_tools.pipeline import generate

from conftest import config_for, fake_pagefind

pytestmark = pytest.mark.slow  # serves and rebuilds whole sites


def site_without_index(site: Path, target: Path) -> Path:
    shutil.copytree(site, target)
    shutil.rmtree(target / "pagefind")
    return target


def serving(monkeypatch, config) -> None:
    """A serve process's session, active for the test (as `serve.start` makes it)."""
    monkeypatch.setattr(site_session, "_active", site_session.SiteSession(config, serve=serve.ServeSession(config)))


@pytest.fixture
def session(built_small, monkeypatch) -> serve.ServeSession:
    """A serve session over the small corpus, whose regeneration does nothing (the built docs stay)."""
    session = serve.ServeSession(built_small[0])
    monkeypatch.setattr(serve, "generate", lambda config, memos, **options: None)
    yield session
    session.stop_background()


def test_serve_indexes_the_served_site_after_each_build(built_small, session, tmp_path):
    served = site_without_index(built_small[0].site_dir, tmp_path / "served")
    session.after_build(served)
    session.wait_for_background()
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
    serving(monkeypatch, built_small[0])
    sites = {command: site_without_index(built_small[0].site_dir, tmp_path / command) for command in ("build", "serve")}
    for command, site in sites.items():
        hooks.on_startup(command=command, dirty=command == "serve")
        try:
            hooks.on_post_build(config=SimpleNamespace(site_dir=str(site), plugins={}))
            serve.current().wait_for_background()
        finally:
            hooks.on_startup(command="build", dirty=False)
    assert not (sites["build"] / "pagefind").exists()  # a build indexes in the pipeline, into its scratch site
    assert (sites["serve"] / "pagefind" / "pagefind.js").is_file()


@pytest.fixture
def slow_pagefind(tmp_path, monkeypatch) -> Path:
    """Pagefind replaced by a program that takes a minute and leaves a file if it gets to the end."""
    finished = tmp_path / "finished"
    fake_pagefind(monkeypatch, tmp_path / "slow-pagefind", f"sleep 60\ntouch {finished}\n")
    return finished


def test_a_save_stops_the_index_still_under_way(session, slow_pagefind, tmp_path, caplog):
    session.after_build(tmp_path / "served")
    run = session._background[0]
    session.before_build()  # the next save's build: its search documents are about to change
    assert session._background is None
    assert run.stopped and run._process.returncode is not None
    assert not slow_pagefind.exists()
    assert "could not index" not in caplog.text  # a stop is not a failure


def test_a_failed_serve_index_is_logged(built_small, tmp_path, caplog):
    session = serve.ServeSession(replace(built_small[0], search_dir=tmp_path / "no-documents"))
    session.after_build(tmp_path / "no-such-site")
    session.wait_for_background()
    assert "could not finish the served site" in caplog.text and "pagefind" in caplog.text


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
    """The real `serve` verb on a copy of the small corpus: it says where it serves (without -v too), and a
    save to a raw file reaches the served page, in one build (the regeneration's writes to the staging docs
    do not start another)."""
    config = config_for(corpus, tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    # SIG_DFL: a test run started in the background of a shell without job control ignores SIGINT, and so
    # would the server it starts, which then outlives the test.
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--corpus", str(corpus),
                                   "--build-dir", str(config.staging_dir.parent), "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT,
                                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    base = f"http://127.0.0.1:{port}/central-asia-research/"
    try:
        wait_for(lambda: fetch(base), 180, "the site was not served")
        page = next(path for path in (config.staging_dir / "articles").glob("*.md")
                    if "sent observers" in path.read_text(encoding="utf-8"))
        url = f"{base}articles/{page.stem}/"
        assert "sent observers" in fetch(url)
        wait_for(lambda: f"Serving on {base}" in log.read_text(), 30, "the server did not say where it serves")
        raw = corpus / "raw" / "border_watch.txt"
        raw.write_text(raw.read_text(encoding="utf-8").replace("sent observers", "sent zqx observers"),
                       encoding="utf-8")
        wait_for(lambda: "sent zqx observers" in (fetch(url) or ""), 120, "the edit was not served")
        time.sleep(3)  # time enough for a second build to start, if one were coming
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl+C: serve removes its temporary site, not left in /tmp
        server.wait(30)
    builds = re.findall(r"Building documentation", log.read_text())
    assert len(builds) == 2, log.read_text()  # the first, then one for the save


def served_copy(built_small, tmp_path) -> tuple[Path, Path]:
    """A copy of the small corpus's staging docs and built site, as `make serve` finds them after a build."""
    config = built_small[0]
    docs, site = tmp_path / "docs", tmp_path / "site"
    shutil.copytree(config.staging_dir, docs)
    shutil.copytree(config.site_dir, site)
    return docs, site


def test_a_serve_build_leaves_out_unchanged_pages_but_the_navigation(built_small, tmp_path):
    docs, site = served_copy(built_small, tmp_path)
    mkdocs_config = load_mkdocs_config(config_file=str(built_small[0].mkdocs_file), docs_dir=str(docs),
                                       site_dir=str(site))
    article = next((docs / "articles").glob("*.md"))
    article.touch()
    files = get_files(mkdocs_config)
    serve.leave_out_unchanged_pages(files, mkdocs_config.nav)
    included = {file.src_uri for file in files.documentation_pages()}
    assert included == {*serve.nav_pages(mkdocs_config.nav), article.relative_to(docs).as_posix()}


def dirty_serve_build(mkdocs_file: Path, docs: Path, site: Path) -> None:
    mkdocs_config = load_mkdocs_config(config_file=str(mkdocs_file), docs_dir=str(docs), site_dir=str(site))
    mkdocs_config.plugins.on_startup(command="serve", dirty=True)
    try:
        build_mkdocs(mkdocs_config, dirty=True)
    finally:
        serve.current().stop_background()


def test_a_serve_build_renders_a_changed_page_as_a_full_build_does(built_small, tmp_path, monkeypatch):
    """Its links to the pages left out still resolve, and its sidebar is whole."""
    docs, site = served_copy(built_small, tmp_path)
    serving(monkeypatch, built_small[0])
    monkeypatch.setattr(serve, "generate", lambda config, memos, **options: None)
    changed = [docs / "actors" / "china.md", next((docs / "articles").glob("*.md"))]
    for page in changed:
        page.touch()
    # In a process of its own: MkDocs keeps its plugins, and the theme search's dirty-build state, for the
    # life of a process.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as process:
        process.submit(dirty_serve_build, built_small[0].mkdocs_file, docs, site).result()
    for page in changed:
        html = Path(page.relative_to(docs).with_suffix("")) / "index.html"
        assert (site / html).stat().st_mtime > page.stat().st_mtime  # rendered again
        assert (site / html).read_bytes() == (built_small[0].site_dir / html).read_bytes()


def test_serve_writes_the_data_files_into_the_served_site_after_the_build(corpus, tmp_path):
    served, fresh = config_for(corpus, tmp_path / "served"), config_for(corpus, tmp_path / "fresh")
    session, site = serve.ServeSession(served), tmp_path / "site"
    session.before_build()
    session.after_build(site)
    raw = corpus / "raw" / "border_watch.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("sent observers", "sent two observers"), encoding="utf-8")
    session.before_build()
    assert not any((served.staging_dir / path).exists() for path in DATA_FILES)  # MkDocs never copies them
    session.after_build(site)
    session.wait_for_background()
    generate(fresh)
    for path in DATA_FILES:
        assert (site / path).read_bytes() == (fresh.staging_dir / path).read_bytes(), path


def first_serve_build(config, site: Path, seed_shards: int) -> tuple[Path | None, dict[str, int]]:
    """What `serve.run` and MkDocs' serve do up to the end of the first build, with the seed built in
    `seed_shards` processes (1: none); returns the seed's folder and when it wrote each of its files."""
    site.mkdir()  # as MkDocs' serve makes it, empty
    session = serve.start(config)
    url = serve.serve_url(config, "127.0.0.1:8123")
    session.build_seed(url, shards=seed_shards)
    seed = session._seed
    written = {path.relative_to(seed).as_posix(): path.stat().st_mtime_ns for path in seed.rglob("*")} if seed else {}
    mkdocs_config = load_mkdocs_config(config_file=str(config.mkdocs_file), docs_dir=str(config.staging_dir),
                                       site_dir=str(site), dev_addr="127.0.0.1:8123")
    mkdocs_config.site_url = url
    mkdocs_config.plugins.on_startup(command="serve", dirty=True)
    try:
        build_mkdocs(mkdocs_config, serve_url=url, dirty=True)
    finally:
        mkdocs_config.plugins.on_shutdown()
    return seed, written


def served_files(site: Path) -> dict[str, bytes]:
    """The served site, without the lists a dirty build makes of the pages it rendered (the sitemap, the
    tags plugin's export: as after any save; the site reads neither) and the background work (Pagefind, data
    files)."""
    skipped = ("sitemap.xml", "sitemap.xml.gz", "tags.json")
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and path.relative_to(site).as_posix() not in skipped
            and not path.relative_to(site).as_posix().startswith(("pagefind/", "downloads/", "feed.xml"))}


def test_the_first_serve_build_from_a_seed_serves_what_mkdocs_own_first_build_does(corpus, tmp_path):
    """The seed is built over two processes, as `build` does; the first build then renders only the
    navigation's pages, yet serves the same pages."""
    seeded, plain = config_for(corpus, tmp_path / "seeded"), config_for(corpus, tmp_path / "plain")
    sites = {"seeded": tmp_path / "seeded-site", "plain": tmp_path / "plain-site"}
    # Each in a process of its own: MkDocs keeps its plugins, and their serve state, for the life of a process.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as process:
        seed_dir, seed = process.submit(first_serve_build, seeded, sites["seeded"], 2).result()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as process:
        assert process.submit(first_serve_build, plain, sites["plain"], 1).result() == (None, {})  # too small
    assert not seed_dir.exists()  # moved into the site
    pages = [path for path in seed if path.endswith(".html") and path != "404.html"]
    assert len(pages) > 40
    assert all((sites["seeded"] / path).stat().st_mtime_ns == seed[path] for path in pages)  # none rendered again
    assert "http://127.0.0.1:8123/central-asia-research/" in (sites["seeded"] / pages[0]).read_text(encoding="utf-8")
    assert served_files(sites["seeded"]) == served_files(sites["plain"])
