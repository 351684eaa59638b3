"""Spread independent per-item work over the machine's cores, results in input order.

Annotating and rendering articles are pure functions of one article and of
read-only data built before them (the taxonomy, the site index). Forked worker
processes inherit that data instead of receiving it pickled, and send back only
their results. Small inputs stay in this process: forking costs more than it saves.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 200
"""Fewer items than this per worker stay in one process (a fork and its pickling cost ~0.2 s)."""
PROGRESS_MIN_ITEMS = 500
"""Show a progress bar (tqdm, when stderr is a terminal) from this many items."""

_work: Callable | None = None
_items: Sequence | None = None
_frozen_depth = 0


def parallel_map(work: Callable[[T], R], items: Sequence[T], *, label: str = "") -> list[R]:
    """[work(item) for item in items], in forked processes when that can pay off."""
    return _map(work, items, _worker_count(len(items)), label)


def map_chunks(work: Callable[[Sequence[T]], R], items: Sequence[T]) -> list[R]:
    """[work(chunk) for chunk in items, split into one contiguous chunk per worker], in order.

    For work whose per-item results are merged anyway (counts, vocabularies): each
    worker sends back one merged result rather than one per item, and pickling
    per-item sets cost as much as the work they saved.
    """
    workers = max(1, _worker_count(len(items)))
    size = max(1, -(-len(items) // workers))
    return _map(work, [items[start:start + size] for start in range(0, len(items), size)], workers, "")


def _worker_count(items: int) -> int:
    return min(usable_cores(), items // MIN_ITEMS_PER_WORKER)


def parallel_iter(work: Callable[[T], R], items: Sequence[T], *, label: str = "") -> Iterator[R]:
    """work(item) for item in items, yielded in order as the workers finish them: for results the caller
    writes away one by one rather than holding them all (a build's pages)."""
    return _iter(work, items, _worker_count(len(items)), label)


def _map(work: Callable[[T], R], items: Sequence[T], workers: int, label: str) -> list[R]:
    return list(_iter(work, items, workers, label))


def _iter(work: Callable[[T], R], items: Sequence[T], workers: int, label: str) -> Iterator[R]:
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from _progress(map(work, items), len(items), label)
        return
    global _work, _items
    _work, _items = work, items
    # Frozen, or the collector in each child touches, and so copies, every inherited object.
    try:
        with frozen_heap(), multiprocessing.get_context("fork").Pool(workers) as pool:
            chunk = max(1, len(items) // (workers * 16))
            yield from _progress(pool.imap(_run, range(len(items)), chunk), len(items), label)
    finally:
        _work = _items = None


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Leave every object alive now out of the cyclic garbage collector until the block ends.

    For large read-only inputs such as the annotated corpus: otherwise each full
    collection walks all of them again, which cost emit 40% of its time on the
    corpus records at 10,000 articles. Reference counting still frees objects.
    Nested blocks freeze what is new; only the outermost one unfreezes.
    """
    global _frozen_depth
    gc.freeze()
    _frozen_depth += 1
    try:
        yield
    finally:
        _frozen_depth -= 1
        if _frozen_depth == 0:
            gc.unfreeze()


def release_memory() -> None:
    """Collect what is garbage and hand the C heap's free pages back to the system, so that a process started
    next (Pagefind) does not have to fit beside memory this one no longer uses but still holds.

    glibc keeps freed blocks for reuse, and Python's small objects live in its heap; `malloc_trim` is
    glibc's, so elsewhere only the collection runs."""
    gc.collect()
    libc_name = ctypes.util.find_library("c")
    if libc_name and sys.platform.startswith("linux"):
        trim = getattr(ctypes.CDLL(libc_name), "malloc_trim", None)
        if trim is not None:
            trim(0)


def _run(index: int):
    return _work(_items[index])


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _progress(results: Iterator[R], total: int, label: str) -> Iterable[R]:
    if not label or total < PROGRESS_MIN_ITEMS or not sys.stderr.isatty():
        return results
    from tqdm import tqdm
    return tqdm(results, total=total, desc=label, leave=False)
