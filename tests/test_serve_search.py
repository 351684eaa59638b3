"""Under `make serve` the faceted search works too: the hook indexes the served site after each build."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from build_tools import hooks


def site_without_index(site: Path, target: Path) -> Path:
    shutil.copytree(site, target)
    shutil.rmtree(target / "pagefind")
    return target


def post_build(command: str, site: Path) -> None:
    hooks.on_startup(command=command, dirty=command == "serve")
    try:
        hooks.on_post_build(config=SimpleNamespace(site_dir=str(site)))
    finally:
        hooks.on_startup(command="build", dirty=False)


def test_serve_indexes_the_served_site_after_each_build(built_small, tmp_path):
    served = site_without_index(built_small[0].site_dir, tmp_path / "served")
    post_build("serve", served)
    assert (served / "pagefind" / "pagefind.js").is_file()
    assert (served / "pagefind" / "pagefind-entry.json").is_file()


def test_a_plain_build_leaves_indexing_to_the_pipeline(built_small, tmp_path):
    site = site_without_index(built_small[0].site_dir, tmp_path / "site")
    post_build("build", site)
    assert not (site / "pagefind").exists()
