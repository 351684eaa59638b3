"""Same input, same output: two builds of one corpus give byte-identical pages and the same site.

The builds run as separate processes with different PYTHONHASHSEED values (so an
unsorted set or dict built from one would come out in another order), in
different folders, on different build dates (SOURCE_DATE_EPOCH, which MkDocs
reads), and the second folder is built twice (the incremental path must match a
fresh build).

What differs, and is excluded below, is stamped by tools, not by us:
- sitemap.xml `<lastmod>`: MkDocs writes the build date; sitemap.xml.gz holds the
  same file plus a gzip mtime, so both are compared with lastmod blanked.
- pagefind/: Pagefind writes each filter's values in hash-map order, so the
  filter files, their content-hashed names, pagefind.*.pf_meta (which lists
  those names) and the hash in pagefind-entry.json change from run to run. The
  indexed pages (fragments) and word index must still be identical, and the
  filter files must hold the same bytes in some order.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.config import REPO_ROOT

from conftest import FIXTURES

pytestmark = pytest.mark.slow  # builds whole sites in subprocesses

LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
PAGEFIND_RUN_STAMPED = re.compile(
    r"^pagefind/(part-\d+/)?(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$")


def build(corpus: Path, work: Path, seed: int, day: int) -> None:
    env = dict(os.environ, PYTHONHASHSEED=str(seed), SOURCE_DATE_EPOCH=str(86400 * day))
    result = subprocess.run([sys.executable, "-m", "build_tools", "build", "--corpus", str(corpus),
                             "--build-dir", str(work / "build"), "--out", str(work / "site")],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def comparable_site(site: Path) -> dict[str, bytes]:
    """The site's files with the tool-stamped parts (see the module docstring) normalised."""
    result = {}
    for name, content in files(site).items():
        if name == "sitemap.xml":
            content = LASTMOD.sub(b"<lastmod/>", content)
        elif name == "sitemap.xml.gz":
            content = LASTMOD.sub(b"<lastmod/>", gzip.decompress(content))
        elif PAGEFIND_RUN_STAMPED.match(name):
            continue
        result[name] = content
    filters = sorted(sorted(gzip.decompress(content)) for name, content in files(site).items()
                     if name.startswith("pagefind/filter/"))
    result["pagefind/filter/* (bytes, any order)"] = repr(filters).encode()
    for part in sorted(site.glob("pagefind/part-*/")):  # a bundle per part of the search documents
        filters = sorted(sorted(gzip.decompress(path.read_bytes())) for path in part.glob("filter/*"))
        result[f"pagefind/{part.name}/filter/* (bytes, any order)"] = repr(filters).encode()
    for entry in sorted(site.glob("pagefind/**/pagefind-entry.json")):
        data = json.loads(entry.read_text(encoding="utf-8"))
        for language in data.get("languages", {}).values():
            language.pop("hash", None)
        name = entry.relative_to(site).as_posix()
        result[f"{name} (without hash)"] = json.dumps(data, sort_keys=True).encode()
    return result


@pytest.mark.parametrize("corpus", ["corpus_small", "corpus_hostile"])
def test_two_builds_give_identical_pages_and_site(tmp_path, corpus):
    first, second = tmp_path / "first", tmp_path / "second"
    build(FIXTURES / corpus, first, seed=1, day=19000)
    build(FIXTURES / corpus, second, seed=2, day=20000)

    pages = files(first / "build" / "docs")
    assert pages and pages == files(second / "build" / "docs")
    site = comparable_site(first / "site")
    assert "index.html" in site and site == comparable_site(second / "site")

    build(FIXTURES / corpus, second, seed=3, day=20001)  # again into the same folders: the incremental path
    assert files(second / "build" / "docs") == pages
    assert comparable_site(second / "site") == site
