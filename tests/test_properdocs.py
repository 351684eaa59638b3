"""The second builder: the same corpus built with ProperDocs in place of MkDocs gives the same site.

ProperDocs keeps MkDocs 1.x's plugin API (`build_tools/properdocs.py`); this proves that the generated
pages, the hooks and the theme need nothing of MkDocs that ProperDocs lacks, so that it can take over
when MkDocs 1.x stops."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
# The one line that names the engine, and Pagefind's index, whose filter files differ between identical builds.
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _pages(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): _GENERATOR.sub(b"", path.read_bytes())
            for path in sorted(site.rglob("*")) if path.is_file() and "pagefind" not in path.relative_to(site).parts}


def test_properdocs_builds_the_same_site_as_mkdocs(built_small, tmp_path):
    config, _ = built_small
    result = subprocess.run([sys.executable, "-m", "build_tools.properdocs", "build",
                             "--corpus", str(FIXTURES / "corpus_small"), "--build-dir", str(tmp_path / "build"),
                             "--out", str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert b"ProperDocs" in (tmp_path / "site" / "index.html").read_bytes(), "the page was rendered by ProperDocs"
    mkdocs_pages, properdocs_pages = _pages(config.site_dir), _pages(tmp_path / "site")
    assert sorted(properdocs_pages) == sorted(mkdocs_pages)
    assert [name for name in mkdocs_pages if properdocs_pages[name] != mkdocs_pages[name]] == []
