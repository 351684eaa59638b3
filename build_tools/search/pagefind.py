"""Index a built site with Pagefind, into <site>/pagefind/ (index fragments, pagefind.js, wasm).

Pagefind reads the HTML MkDocs wrote, so this runs after MkDocs and before the
scratch site is swapped into place: a failed index leaves the previous site.
Only article pages are read (`ARTICLE_GLOB`); inside them only the element
marked `data-pagefind-body` is indexed.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildFailed

BUNDLE_DIR = "pagefind"
"""Where the bundle goes, relative to the site; the search page loads ../pagefind/pagefind.js."""
ARTICLE_GLOB = "articles/**/*.html"
_INDEXED = re.compile(r"Indexed (\d+) (pages?|words?|filters?|sorts?)")


@dataclass(frozen=True)
class PagefindIndex:
    """What Pagefind reported for one run."""

    bundle: Path
    pages: int
    words: int
    filters: int
    sorts: int


def pagefind_executable() -> Path:
    """The binary shipped by the `pagefind[bin]` wheel (no download, no npm)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise BuildFailed(["pagefind: the pagefind_bin package is missing; pip install 'pagefind[bin]'"]) from error
    return Path(get_executable())


def index_site(site_dir: Path, *, glob: str = ARTICLE_GLOB) -> PagefindIndex:
    # Heading permalinks ("¶") would otherwise show up in result excerpts.
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--glob", glob, "--exclude-selectors", ".headerlink"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BuildFailed([f"pagefind: could not run {command[0]}: {error}"]) from error
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()[-20:]
        raise BuildFailed([f"pagefind exited with status {done.returncode}", *output])
    counts = parse_counts(done.stdout)
    return PagefindIndex(site_dir / BUNDLE_DIR, counts.get("page", 0), counts.get("word", 0),
                         counts.get("filter", 0), counts.get("sort", 0))


def parse_counts(output: str) -> dict[str, int]:
    """The totals Pagefind prints ("Indexed 12 pages"), keyed by singular noun; the last line wins."""
    return {kind.rstrip("s"): int(number) for number, kind in _INDEXED.findall(output)}


_SIGNATURE = b"pagefind_dcd"


def load_fragments(bundle: Path) -> list[dict]:
    """Every page record in a bundle (url, content, filters, meta), sorted by url; for tests and the bench."""
    records = [json.loads(_decompress(path)) for path in sorted((bundle / "fragment").glob("*.pf_fragment"))]
    return sorted(records, key=lambda record: record["url"])


def _decompress(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    return data[len(_SIGNATURE):] if data.startswith(_SIGNATURE) else data
