"""The bundled corpus builds in strict mode, and its copy is byte for byte the seed files."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from build_tools.config import REPO_ROOT, load_config
from build_tools.tools.linkcheck import check_links
from build_tools.pipeline import build

SEEDS = REPO_ROOT.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_bundled_raw_files_are_the_seeds_byte_for_byte():
    raw = REPO_ROOT / "corpus" / "raw"
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert seeds and sorted(p.name for p in raw.glob("*.txt")) == seeds
    _, mismatch, errors = filecmp.cmpfiles(SEEDS, raw, seeds, shallow=False)
    assert not mismatch and not errors


@pytest.mark.slow
def test_bundled_corpus_builds_strict(tmp_path: Path):
    config = load_config(build_dir=tmp_path / "build", site_dir=tmp_path / "site")
    report = build(config, strict=True)
    assert report.articles >= 20
    assert (config.site_dir / "index.html").is_file()
    assert (config.site_dir / "actors" / "russia" / "index.html").is_file()
    assert check_links(config.site_dir) == []
