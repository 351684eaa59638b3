"""Results kept from one regeneration to the next inside a `make serve` process.

Saving one raw file should not re-read, re-annotate and re-render a whole
collection. Each stage keeps what it computed, keyed (a path, an article id),
with the inputs it computed it from; the next run reuses a result only while
its inputs compare equal, and everything while the stage's scope (taxonomy,
rules, options, templates...) does. Equality, not identity, decides, so a
stale result is never reused because an object happened to be new.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from .parallel import parallel_map

T = TypeVar("T")
R = TypeVar("R")
V = TypeVar("V")


class Memo(Generic[V]):
    """One stage's results by key, each with the inputs it came from."""

    def __init__(self) -> None:
        self._scope: Any = None
        self._entries: dict[Hashable, tuple[Any, V]] = {}
        self._used: set[Hashable] = set()

    def begin(self, scope: Any) -> None:
        """Start a run: forget results from a different scope, and those the last run did not ask for."""
        if scope != self._scope:
            self._entries.clear()
        else:
            self._entries = {key: entry for key, entry in self._entries.items() if key in self._used}
        self._scope, self._used = scope, set()

    def get(self, key: Hashable, inputs: Any) -> V | None:
        """The result for `key`, if it was computed from inputs equal to these."""
        self._used.add(key)
        entry = self._entries.get(key)
        return entry[1] if entry is not None and entry[0] == inputs else None

    def discard(self, keys: Iterable[Hashable]) -> None:
        """Forget the results for `keys`, whatever their inputs: something outside them changed."""
        for key in keys:
            self._entries.pop(key, None)

    def put(self, key: Hashable, inputs: Any, value: V) -> None:
        self._used.add(key)
        self._entries[key] = (inputs, value)

    def reuse(self, key: Hashable, inputs: Any, compute: Callable[[], V]) -> V:
        """The result for `key` if it was computed from inputs equal to these; else `compute()`, kept."""
        found = self.get(key, inputs)
        if found is None:
            found = compute()
            self.put(key, inputs, found)
        return found

    def map(self, work: Callable[[T], R], items: Sequence[T], *, key: Callable[[T], Hashable | None],
            inputs: Callable[[T], Any], finish: Callable[[T, R], V] = lambda item, result: result,
            label: str = "") -> list[V]:
        """[finish(item, work(item)) for item in items], reusing the result of an item whose `key` was
        computed from equal `inputs`; the others run through `parallel_map`. A None key is never reused.

        `work` runs in the worker processes, `finish` here, on what they send back."""
        keys = [key(item) for item in items]
        states = [inputs(item) if item_key is not None else None for item, item_key in zip(items, keys)]
        found: list[Any] = [self.get(item_key, state) if item_key is not None else None
                            for item_key, state in zip(keys, states)]
        missing = [n for n, value in enumerate(found) if value is None]
        for n, result in zip(missing, parallel_map(work, [items[n] for n in missing], label=label)):
            found[n] = finish(items[n], result)
            if keys[n] is not None:
                self.put(keys[n], states[n], found[n])
        return found


def file_state(path: Path | str) -> tuple[int, int, int, int] | None:
    """What says a file changed, as a memo's inputs (None if absent).

    The change time too: a chmod that makes an unreadable file readable changes nothing else."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
