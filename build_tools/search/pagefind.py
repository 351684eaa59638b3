"""Index the article pages' search documents with Pagefind, into a bundle (index fragments, pagefind.js, wasm).

Pagefind reads a folder of search documents that the build writes beside the
staging docs (`config.search_dir`, one small HTML file per article at its page's
address, `emit.search_documents`), not the site MkDocs builds: at 10,000 articles
it took 41 s on these documents against 56 s on the built pages, whose navigation,
tag chips and citations it had to parse only to skip. It holds the whole index in
memory (3.6 GiB at 10,000 articles), so a build runs it last, once its own process
has freed the corpus (`pipeline.build`); `make serve` still runs it in the
background while the reader waits for the pages. The bundle goes to a scratch folder that
the build moves into the site (`BUNDLE_DIR`) before swapping it into place, so a
failed index leaves the previous site. Past `search_bundle_max_megabytes` of documents
(`config.SiteOptions`) the index is several bundles, each from a part of the documents and
indexed alone, so that one Pagefind's memory stays bounded (`PagefindRun`).

Beside the bundle goes `facets.json` (`FACETS_FILE`): for each filter, about the size
of the chunk Pagefind downloads to filter or count by it, and how many articles carry
each value. The search page shows those totals before anything is searched, without
downloading Pagefind, and counts only the facets whose chunks are small within a
first query; at 10,000 articles the actor chunk alone is 450 kB.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import struct
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import BuildFailed
from ..write import link_files

BUNDLE_DIR = "pagefind"
"""Where the bundle goes, relative to the site; the search page loads ../pagefind/pagefind.js."""
FACETS_FILE = "facets.json"
BUNDLES_FILE = "bundles.json"
"""In the bundle folder: the bundles the index is made of, which the search page reads first: [{"folder": relative
to the bundle folder ("" for the one bundle), "sorts": how many sort keys its pages carry (the date, or none)}]."""
PART_DIR = "part-"
"""A part's bundle is BUNDLE_DIR/part-1/, part-2/...: the search documents split in parts (`PagefindRun`)."""
NICENESS = 10
"""How far Pagefind's priority is lowered (`nice`), so that the build's own work runs first on a shared core."""
_INDEXED = re.compile(r"Indexed (\d+) (pages?|words?|filters?|sorts?)")


@dataclass(frozen=True)
class PagefindIndex:
    """What Pagefind reported for one run."""

    bundle: Path
    pages: int
    words: int
    filters: int
    sorts: int
    parts: int = 1
    """How many bundles: the documents were split in so many parts, each indexed apart."""


def pagefind_executable() -> Path:
    """The binary shipped by the `pagefind[bin]` wheel (no download, no npm)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise BuildFailed(["pagefind: the pagefind_bin package is missing; pip install 'pagefind[bin]'"]) from error
    return Path(get_executable())


class PagefindRun:
    """Pagefind indexing the search documents under `source_dir` into `bundle_dir`, in the background:
    start it, do other work, then `wait()`.

    Pagefind holds its whole index in memory, 43.7 bytes per byte of the documents it reads (`SiteOptions.search_bundle_max_megabytes`), and
    cannot merge indexes built apart. So documents over `max_bytes` in all are split into parts
    (`split_documents`), each indexed by its own Pagefind, one after another (the peak is one part's), into
    its own bundle under `bundle_dir`; `BUNDLES_FILE` lists the bundles for the search page, which searches
    them all. Documents that fit make one bundle in `bundle_dir` itself.

    Used as a context manager, so that it is stopped if that work fails. `stop` may come from another
    thread (`make serve`'s next save), between parts or within one.
    """

    def __init__(self, source_dir: Path, bundle_dir: Path, max_bytes: int):
        self.bundle = bundle_dir
        self.stopped = False
        self._lock = threading.Lock()
        self._source = source_dir
        parts = split_documents(document_sizes(source_dir), max_bytes)
        self._parts = [None] if len(parts) < 2 else parts
        # A file, not a pipe: nobody reads a pipe while the build works, and a full one would stall Pagefind.
        self._output = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._links: Path | None = None
        self._finished = False
        self._process = self._start(1)

    def folders(self) -> list[str]:
        """The bundles' folders relative to `bundle`, each ending in "/" ("" for the one bundle)."""
        return [""] if self._parts == [None] else [f"{PART_DIR}{number}/" for number in range(1, len(self._parts) + 1)]

    def _start(self, number: int) -> subprocess.Popen:
        """Start Pagefind on part `number` (from 1): the source folder itself, or a folder of links to the part's
        documents at their own paths, so that results keep their pages' addresses."""
        part = self._parts[number - 1]
        site, output = self._source, self.bundle / self.folders()[number - 1]
        if part is not None:
            self._links = Path(tempfile.mkdtemp(prefix=f".{self._source.name}-{PART_DIR}", dir=self._source.parent))
            link_files(part, self._source, self._links)
            site = self._links
        executable = pagefind_executable()
        command = [*_lower_priority(), str(executable), "--site", str(site), "--output-path", str(output)]
        try:
            return subprocess.Popen(command, stdout=self._output, stderr=subprocess.STDOUT, text=True)
        except OSError as error:
            raise BuildFailed([f"pagefind: could not run {executable}: {error}"]) from error

    def _finish_part(self) -> dict[str, int]:
        """Wait for the running part; its totals, or BuildFailed with Pagefind's last words."""
        returncode = self._process.wait()
        self._remove_links()
        self._output.seek(0)
        output = self._output.read()
        self._output.seek(0)
        self._output.truncate()
        if returncode != 0:
            raise BuildFailed([f"pagefind exited with status {returncode}", *output.strip().splitlines()[-20:]])
        return parse_counts(output)

    def wait(self) -> PagefindIndex:
        """Pagefind's totals over every part, once the last has finished and `facets.json` and `BUNDLES_FILE`
        are written beside the bundles."""
        try:
            counts = [self._finish_part()]
            for number in range(2, len(self._parts) + 1):
                with self._lock:
                    if self.stopped:
                        raise BuildFailed(["pagefind: stopped between parts"])
                    self._process = self._start(number)
                counts.append(self._finish_part())
        finally:
            self._finished = True
        folders = self.folders()
        _write_json(self.bundle / FACETS_FILE, facet_summary(*(self.bundle / folder for folder in folders)))
        # With its sorts: a bundle none of whose pages is dated ignores a sort by date (faceted-search.js `searcher`).
        _write_json(self.bundle / BUNDLES_FILE, [{"folder": folder, "sorts": part.get("sort", 0)}
                                                 for folder, part in zip(folders, counts)])
        return PagefindIndex(self.bundle, *(sum(part.get(kind, 0) for part in counts) for kind in ("page", "word")),
                             *(max(part.get(kind, 0) for part in counts) for kind in ("filter", "sort")),
                             parts=len(folders))

    def __enter__(self) -> PagefindRun:
        return self

    def stop(self) -> None:
        """Kill Pagefind if it is still running, and start no other part; the bundle is then incomplete."""
        with self._lock:
            if self._finished:
                return
            self.stopped = True
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()

    def _remove_links(self) -> None:
        if self._links is not None:
            shutil.rmtree(self._links, ignore_errors=True)
            self._links = None

    def __exit__(self, *exception) -> None:
        self.stop()
        self._remove_links()
        self._output.close()


def document_sizes(source_dir: Path) -> list[tuple[PurePosixPath, int]]:
    """(path under `source_dir`, bytes) of each search document: the HTML files Pagefind reads."""
    return [(PurePosixPath(path.relative_to(source_dir).as_posix()), path.stat().st_size)
            for path in source_dir.rglob("*.html") if path.is_file()]


def split_documents(sizes: Iterable[tuple[PurePosixPath, int]], max_bytes: int) -> list[list[PurePosixPath]]:
    """The documents in parts of at most `max_bytes` each, filled in path order (so the same documents always
    make the same parts); a document larger than that alone is a part of its own."""
    parts: list[list[PurePosixPath]] = []
    filled = 0
    for path, size in sorted(sizes):
        if not parts or filled + size > max_bytes:
            parts.append([])
            filled = 0
        parts[-1].append(path)
        filled += size
    return parts


def bundle_folders(bundle: Path) -> list[Path]:
    """The bundles a search index is made of (`BUNDLES_FILE`)."""
    return [bundle / entry["folder"] for entry in json.loads((bundle / BUNDLES_FILE).read_text(encoding="utf-8"))]


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _lower_priority() -> list[str]:
    """The `nice` prefix for a background command, where the system has it.

    Under `make serve` Pagefind runs while the pages render and MkDocs builds, which is work the
    reader waits for; the index is wanted last. (When a build ran it so, at 10,000 articles emit
    took 34 s rather than 50 s, and the build as long as before: both cores stay busy.)
    A command, not `preexec_fn=os.nice`: `make serve` starts Pagefind from a threaded process."""
    nice = shutil.which("nice")
    return [nice, "-n", str(NICENESS)] if nice else []


def index_documents(source_dir: Path, bundle_dir: Path, max_bytes: int) -> PagefindIndex:
    with PagefindRun(source_dir, bundle_dir, max_bytes) as run:
        return run.wait()


def parse_counts(output: str) -> dict[str, int]:
    """The totals Pagefind prints ("Indexed 12 pages"), keyed by singular noun; the last line wins."""
    return {kind.rstrip("s"): int(number) for number, kind in _INDEXED.findall(output)}


_SIGNATURE = b"pagefind_dcd"


def facet_summary(*bundles: Path) -> dict[str, dict]:
    """{filter: {"bytes": about the size of its chunk file(s), "values": {value: number of pages}}} from the
    bundles, summed: the search page downloads each bundle's chunk of a filter it counts.

    Read from Pagefind's own files (gzipped CBOR): the entry names each language's metadata,
    whose fourth field lists the filter chunks as [filter, chunk hash]; a chunk is
    [filter, [[value, [page numbers]], ...]]. A bundle in another layout fails the build
    rather than leaving the search page without facets.
    """
    summary: dict[str, dict] = {}
    for bundle in bundles:
        _add_facets(summary, bundle)
    return summary


def _add_facets(summary: dict[str, dict], bundle: Path) -> None:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        for language in entry["languages"].values():
            meta = _cbor(_decompress(bundle / f"pagefind.{language['hash']}.pf_meta"))
            for name, chunk in meta[3]:
                path = bundle / "filter" / f"{chunk}.pf_filter"
                chunk_name, values = _cbor(_decompress(path))
                if chunk_name != name:
                    raise ValueError(f"{path.name} holds filter {chunk_name!r}, not {name!r}")
                facet = summary.setdefault(name, {"bytes": 0, "values": {}})
                facet["bytes"] += _download_size(name, values)
                for value, pages in values:
                    facet["values"][value] = facet["values"].get(value, 0) + len(pages)
    except (OSError, KeyError, IndexError, TypeError, ValueError, gzip.BadGzipFile, struct.error) as error:
        raise BuildFailed([f"pagefind: could not read the filters of {bundle} ({type(error).__name__}: {error}); "
                           "did the Pagefind version change?"]) from error


def _download_size(name: str, values: list) -> int:
    """The size of a filter chunk, gzipped, with its values in a fixed order: within a few percent of
    Pagefind's file, which lists them in hash-map order and so changes size from build to build."""
    return len(gzip.compress(_SIGNATURE + _cbor_encode([name, sorted(values)]), 6, mtime=0))


def _cbor_encode(value) -> bytes:
    """Encode unsigned integers, strings and arrays as CBOR, as Pagefind does."""
    if isinstance(value, bool) or not isinstance(value, (int, str, list)) or (isinstance(value, int) and value < 0):
        raise TypeError(f"cannot encode {value!r}")
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    return _cbor_head(0, value)


def _cbor_head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError(f"{number} is too large for CBOR")


def _cbor(data: bytes):
    """Decode one CBOR item: the subset Pagefind writes (integers, strings, arrays, maps)."""
    value, end = _cbor_item(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the CBOR item")
    return value


def _cbor_item(data: bytes, at: int):
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        if at + size > len(data):
            raise ValueError("truncated CBOR")
        number = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x}")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        raw = data[at:at + number]
        if len(raw) != number:
            raise ValueError("truncated CBOR")
        return (raw if major == 2 else raw.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _cbor_item(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(number):
            key, at = _cbor_item(data, at)
            mapping[key], at = _cbor_item(data, at)
        return mapping, at
    raise ValueError(f"unsupported CBOR major type {major}")


def load_fragments(bundle: Path) -> list[dict]:
    """Every page record in a search index's bundles (url, content, filters, meta), sorted by url; for tests and
    the bench."""
    records = [json.loads(_decompress(path)) for folder in bundle_folders(bundle)
               for path in sorted((folder / "fragment").glob("*.pf_fragment"))]
    return sorted(records, key=lambda record: record["url"])


def _decompress(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    return data[len(_SIGNATURE):] if data.startswith(_SIGNATURE) else data
