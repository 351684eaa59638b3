"""One bench job in a fresh process, so that its peak memory is its own; prints one JSON object.

    python -m build_tools.tools.bench.child build CORPUS WORK
    python -m build_tools.tools.bench.child default-nav CORPUS WORK
    python -m build_tools.tools.bench.child incremental CORPUS WORK

`build` runs the real pipeline (ingest ... mkdocs, pagefind) into WORK/build
and WORK/site. `default-nav` builds the pages that build generated with the
theme's default navigation (no `nav:`, every page in the sidebar), in one
process, into WORK/site-default-nav. `incremental` starts a `make serve` session
into WORK/served, then makes each change of `SAVES` in turn, and after each runs a
build of the session: regenerate (writing only changed files, reusing the memos of
the build before), a dirty MkDocs build, then the data files and Pagefind, which
serve leaves to the background.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from pathlib import Path

from ...config import BuildConfig, load_config
from .measure import peak_rss_mib

EDIT_FILE = "synthetic_00000.txt"
SERVE_ADDRESS = "127.0.0.1:8000"


def config_for(corpus: Path, work: Path) -> BuildConfig:
    return load_config(corpus_dir=corpus, build_dir=work / "build", site_dir=work / "site")


def run_build(config: BuildConfig) -> dict:
    from ...pipeline import build

    start = time.perf_counter()
    report = build(config, strict=False)
    total = time.perf_counter() - start
    return {"seconds": report.seconds, "total": total, "articles": report.articles, "pages": report.pages,
            "search_pages": report.search_pages, "written": report.written, "site_bytes": report.site_bytes,
            "spans": report.spans}


def run_mkdocs(config: BuildConfig, site_dir: Path, **options) -> float:
    from ...site import build_site

    start = time.perf_counter()
    build_site(config, config.staging_dir, site_dir, strict=False, **options)
    return time.perf_counter() - start


def run_default_nav(config: BuildConfig, work: Path) -> dict:
    # An empty nav makes MkDocs list every page in the sidebar, as a site without `nav:` does;
    # plain MkDocs renders in one process.
    return {"mkdocs": run_mkdocs(config, work / "site-default-nav", shards=1, nav=[])}


def edit_text(config: BuildConfig) -> None:
    """Add a word to the first article of EDIT_FILE."""
    raw = config.raw_dir / EDIT_FILE
    text = raw.read_text(encoding="utf-8")
    edited = text.replace(" the ", " the bench-edited ", 1)
    if edited == text:
        raise SystemExit(f"{raw}: nothing to edit")
    raw.write_text(edited, encoding="utf-8")


def correct_date(config: BuildConfig) -> None:
    """Redate the first article of EDIT_FILE with a corrections file (corpus/corrections/README.md)."""
    config.corrections_dir.mkdir(exist_ok=True)
    (config.corrections_dir / EDIT_FILE).with_suffix(".yml").write_text(
        "articles:\n  - line: 1\n    date: 1999-12-31\n    comment: bench\n", encoding="utf-8")


SAVES = {"edit one article's text": edit_text, "correct one article's date": correct_date}
"""The changes `incremental` saves in turn: a contributor's edit of a raw file, and of a correction."""


def run_incremental(config: BuildConfig, work: Path) -> dict:
    """What `make serve` does into WORK/served: start (regenerate, build the seed, the first build), timed;
    then on each save of `SAVES`, one build (regenerate with the memos of the build before, then a dirty
    MkDocs build), then the work it leaves to the background (the data files and Pagefind), timed apart: the
    page reloads before it. The builds go as `mkdocs serve` runs them, without the server."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as load_mkdocs_config

    from ...site import serve

    served = work / "served"  # as serve's own folder: new and empty
    shutil.rmtree(served, ignore_errors=True)
    served.mkdir()
    url = serve.serve_url(config, SERVE_ADDRESS)

    def load():  # once per build, as serve does: MkDocs keeps the plugins, and the hooks, across loads
        mkdocs_config = load_mkdocs_config(config_file=str(config.mkdocs_file), docs_dir=str(config.staging_dir),
                                           site_dir=str(served), dev_addr=SERVE_ADDRESS)
        mkdocs_config.site_url = url
        return mkdocs_config

    def serve_build() -> float:
        mkdocs_config = load()
        start = time.perf_counter()
        mkdocs_build(mkdocs_config, serve_url=url, dirty=True)
        return time.perf_counter() - start

    start = time.perf_counter()
    session = serve.start(config)
    session.build_seed(url)  # before the plugins start as serve's, as `serve.run` does
    plugins = load().plugins
    plugins.on_startup(command="serve", dirty=True)
    try:
        serve_build()
        start_up = time.perf_counter() - start
        session.wait_for_background()
        saves = {}
        for name, change in SAVES.items():
            change(config)
            cpu_before = cpu_seconds()
            built = serve_build()
            cpu = cpu_seconds() - cpu_before
            report = session.regenerated.report
            regenerate = sum(report.seconds.values())
            start = time.perf_counter()
            session.wait_for_background()
            saves[name] = {"regenerate": regenerate, "dirty_mkdocs": built - regenerate,
                           "background": time.perf_counter() - start, "cpu": cpu, "written": report.written,
                           "removed": report.removed, "stages": report.seconds}
    finally:
        plugins.on_shutdown()
    return {"start_up": start_up, "saves": saves}


def cpu_seconds() -> float:
    """CPU time of this process and its waited-for workers: unlike the wall time, it does not grow when other
    work shares the cores."""
    return sum(usage.ru_utime + usage.ru_stime
               for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


def main(argv: list[str]) -> int:
    job, corpus, work = argv[0], Path(argv[1]), Path(argv[2])
    config = config_for(corpus, work)
    jobs = {"build": lambda: run_build(config), "default-nav": lambda: run_default_nav(config, work),
            "incremental": lambda: run_incremental(config, work)}
    result = jobs[job]()
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
