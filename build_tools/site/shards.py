"""Shards: split one MkDocs build over the machine's cores, then merge the parts into one site.

MkDocs renders one page at a time; at 10,000 articles that is most of a build.
Each shard is a whole MkDocs build in its own forked process, over the same
docs and the same navigation, that renders only its share of the pages and
leaves the rest `EXCLUDED` (links to them still resolve). The first shard
renders the navigation's pages, the hand-written pages, the static files and
the theme's templates; the others render only generated pages outside the
navigation: no other page's HTML depends on them, and they carry no tags for
the tags plugin to collect. Merging moves the other shards' pages into the first shard's
site and puts their sitemap entries back in MkDocs'
own page order, so the merged site is byte-identical to a one-process build.

Each shard's cost is guessed from its pages' Markdown sizes (`PAGE_COST`).

MkDocs reads and converts all its pages before it writes the first, so a
shard holds all its pages' Markdown and HTML at once. A large site is therefore
cut into more shards than cores (`MAX_PAGES_PER_SHARD`), each run in a fresh
process that ends with it, so that memory stays bounded whatever the corpus size.
The first shard writes the whole site's page order into its folder (`PAGE_ORDER`)
for the merge, which may run in another process, or on another machine.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

PAGE_COST = 20_000
"""A page's fixed cost (theme template, Markdown set-up), in bytes of Markdown taking as long to render."""
MIN_PAGES_PER_SHARD = 300
"""Fewer Markdown pages than this per process stay in one process: a shard's start-up costs ~1 s."""
MAX_PAGES_PER_SHARD = 4000
"""More Markdown pages than this per shard make more shards than cores, run a few at a time (memory)."""
PAGE_ORDER = ".shard-page-order.json"
"""In the first shard's folder until the merge: every page's position in MkDocs' order, by sitemap address."""
SITEMAP = "sitemap.xml"
SHARED_OUTPUTS = frozenset({SITEMAP, f"{SITEMAP}.gz", "404.html", "tags.json"})
"""Files every shard writes for the whole site; the first shard's copy is kept (the sitemap merged)."""
_SITEMAP_URL = re.compile(r"\n    <url>.*?</url>", re.DOTALL)
_SITEMAP_LOC = re.compile(r"<loc>(.*?)</loc>")


@dataclass(frozen=True)
class Shard:
    index: int
    count: int
    hand_written: Path | None = None
    """The hand-written docs folder: its pages stay in the first shard."""

    @property
    def first(self) -> bool:
        return self.index == 0


def shard_count(pages: int, cores: int) -> int:
    return max(1, min(cores, pages // MIN_PAGES_PER_SHARD), -(-pages // MAX_PAGES_PER_SHARD))


def exclude_other_shards(files: Files, nav: Navigation, site_url: str | None, site_dir: str, shard: Shard | None
                         ) -> None:
    """Mark every file `shard` does not render as EXCLUDED (from the `on_nav` hook); the first shard writes
    every page's position in MkDocs' order into its folder, for `merge`, whichever process runs it."""
    if shard is None or shard.count == 1:
        return
    pages = files.documentation_pages()
    if shard.first:
        _write_page_order(pages, site_url, Path(site_dir))
    in_nav = {page.file.src_uri for page in nav.pages}
    cost = {file.src_uri: _cost(file) for file in pages}
    shared = [file for file in pages if file.src_uri not in in_nav and not _hand_written(file, shard)]
    first_load = sum(cost.values()) - sum(cost[file.src_uri] for file in shared)
    owners = assign([cost[file.src_uri] for file in shared], shard.count, first_load=first_load)
    owner_of = {file.src_uri: owner for file, owner in zip(shared, owners)}
    for file in files:
        if owner_of.get(file.src_uri, 0) != shard.index:
            file.inclusion = InclusionLevel.EXCLUDED


def _hand_written(file: File, shard: Shard) -> bool:
    return shard.hand_written is not None and (shard.hand_written / file.src_uri).exists()


def _write_page_order(pages: Sequence[File], site_url: str | None, site_dir: Path) -> None:
    base = (site_url or "").rstrip("/") + "/"
    rank = {}
    for position, file in enumerate(pages):
        url = "" if file.url in (".", "./") else file.url  # as mkdocs.structure.pages.Page.url
        rank[urljoin(base, url)] = position
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / PAGE_ORDER).write_text(json.dumps(rank, sort_keys=True), encoding="utf-8")


def _cost(file: File) -> int:
    return PAGE_COST + (Path(file.abs_src_path).stat().st_size if file.abs_src_path else 0)


def assign(costs: Sequence[int], count: int, *, first_load: int = 0) -> list[int]:
    """For each cost, the shard that takes it: largest first, each to the least loaded shard (ties: lowest)."""
    loads = [first_load] + [0] * (count - 1)
    owners = [0] * len(costs)
    for item in sorted(range(len(costs)), key=lambda i: (-costs[i], i)):
        owner = min(range(count), key=lambda shard: (loads[shard], shard))
        owners[item] = owner
        loads[owner] += costs[item]
    return owners


def merge(parts: Iterable[Path], site_dir: Path) -> None:
    """Move the other shards' pages into the first shard's site, and merge the sitemap back into MkDocs' page
    order (`site_dir` is the first shard's)."""
    order = site_dir / PAGE_ORDER
    page_rank = json.loads(order.read_text(encoding="utf-8"))
    order.unlink()
    sitemap = _Sitemap.read(site_dir)
    for part in parts:
        _move_pages(part, site_dir)
        sitemap.urls += _Sitemap.read(part).urls
    sitemap.urls.sort(key=lambda url: page_rank[html.unescape(_SITEMAP_LOC.search(url)[1])])
    sitemap.write(site_dir)


def _move_pages(part: Path, site_dir: Path) -> None:
    for path in sorted(p for p in part.rglob("*") if p.is_file()):
        relative = path.relative_to(part).as_posix()
        if relative in SHARED_OUTPUTS or relative == PAGE_ORDER:
            continue
        target = site_dir / relative
        if target.exists():
            raise FileExistsError(f"two MkDocs shards wrote {relative}")
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)


@dataclass
class _Sitemap:
    """MkDocs' sitemap.xml as the text before the first entry, the `<url>` entries, and the rest."""

    head: str
    urls: list[str]
    tail: str
    gzip_mtime: int

    @classmethod
    def read(cls, site_dir: Path) -> _Sitemap:
        text = (site_dir / SITEMAP).read_text(encoding="utf-8")
        start, end = text.find("\n    <url>"), text.rfind("</url>") + len("</url>")
        if start < 0:
            start = end = text.rfind("\n</urlset>")
        mtime = struct.unpack("<I", (site_dir / f"{SITEMAP}.gz").read_bytes()[4:8])[0]
        return cls(text[:start], _SITEMAP_URL.findall(text), text[end:], mtime)

    def write(self, site_dir: Path) -> None:
        text = self.head + "".join(self.urls) + self.tail
        (site_dir / SITEMAP).write_text(text, encoding="utf-8")
        # As MkDocs writes it: the file name in the gzip header, the build time as its mtime.
        gz_path = site_dir / f"{SITEMAP}.gz"
        with open(gz_path, "wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(gz_path), mode="wb",
                                                       mtime=self.gzip_mtime) as packed:
            packed.write(text.encode("utf-8"))
