"""Errors that name the file and line a contributor must fix.

Stages raise `SourceError` where the position is known, collect them across the
whole corpus, and raise one `BuildFailed` listing them all. Only `cli` turns
them into an exit status.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath


class SourceError(Exception):
    """A problem in one input file, printed as `path:line: message`."""

    def __init__(self, path: PurePath | str, line: int | None, message: str):
        self.path, self.line, self.message = PurePath(path), line, message
        super().__init__(f"{self.path.as_posix()}:{line or '?'}: {message}")


class BuildFailed(Exception):
    """One or more input problems; the build stopped before writing anything."""

    def __init__(self, errors: Iterable[SourceError | str]):
        self.errors = tuple(str(error) for error in errors)
        super().__init__("\n".join(self.errors))


def raise_if_any(errors: list[SourceError]) -> None:
    if errors:
        raise BuildFailed(sorted(errors, key=lambda e: (e.path.as_posix(), e.line or 0, e.message)))
