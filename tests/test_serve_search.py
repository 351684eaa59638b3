"""Under `make serve` the faceted search works too: the hook indexes the served site after each build."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from build_tools import hooks


def test_serve_indexes_the_served_site_after_each_build(built_small, tmp_path):
    config, _ = built_small
    served = tmp_path / "served"
    shutil.copytree(config.site_dir, served)
    shutil.rmtree(served / "pagefind")
    hooks.on_startup(command="serve", dirty=True)
    try:
        hooks.on_post_build(config=SimpleNamespace(site_dir=str(served)))
    finally:
        hooks.on_startup(command="build", dirty=False)
    assert (served / "pagefind" / "pagefind.js").is_file()
    assert (served / "pagefind" / "pagefind-entry.json").is_file()


def test_a_plain_build_leaves_indexing_to_the_pipeline(built_small, tmp_path):
    config, _ = built_small
    site = tmp_path / "site"
    shutil.copytree(config.site_dir, site)
    shutil.rmtree(site / "pagefind")
    hooks.on_startup(command="build", dirty=False)
    hooks.on_post_build(config=SimpleNamespace(site_dir=str(site)))
    assert not (site / "pagefind").exists()
