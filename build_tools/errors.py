"""Errors and warnings that name the file and line a contributor must fix.

Each is a `SourceError` object, with a kind, a path, a line and a message, from the
stage that finds it to the one place that prints it (`render_problem`). Stages
raise `SourceError` where the position is known, collect them across the whole
corpus, and raise one `BuildFailed` listing them all; warnings travel in the stage
results. Only `cli` turns them into an exit status. Code decides by `kind`, never
by a message's wording, which is for people.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import PurePath


class Kind(Enum):
    """What a problem means for the build and for `check`."""

    ERROR = ("error", True, True)
    """The build stops."""
    WARNING = ("warning", False, False)
    """Printed; the build goes on, and `check` passes."""
    DUPLICATE_ARTICLE = ("duplicate article", False, True)
    """The same article found twice: the build merges the copies, `check` asks to drop one with a correction."""

    def __init__(self, label: str, fails_build: bool, fails_check: bool):
        self.label, self.fails_build, self.fails_check = label, fails_build, fails_check


class SourceError(Exception):
    """A problem in one input file (or, with no path, in the build), printed as `path:line: message`."""

    def __init__(self, path: PurePath | str | None, line: int | None, message: str, kind: Kind = Kind.ERROR):
        self.path = PurePath(path) if path is not None else None
        self.line, self.message, self.kind = line, message, kind
        super().__init__(path, line, message, kind)

    def __str__(self) -> str:
        return render_problem(self, fails=True)

    def __reduce__(self):  # crosses process boundaries (the build's workers) as itself, not as its text
        return type(self), (self.path, self.line, self.message, self.kind)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourceError) and self.sort_key() == other.sort_key() and self.kind == other.kind

    def __hash__(self) -> int:
        return hash(self.sort_key())

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path.as_posix() if self.path is not None else "", self.line or 0, self.message)


def warning(path: PurePath | str | None, line: int | None, message: str,
            kind: Kind = Kind.WARNING) -> SourceError:
    """A problem that does not stop the build."""
    return SourceError(path, line, message, kind)


def render_problem(problem: SourceError, *, fails: bool) -> str:
    """The one text form of a problem: `path:line: message`, marked `warning:` (as compilers do) when it fails
    nothing."""
    where = f"{problem.path.as_posix()}:{problem.line or '?'}: " if problem.path is not None else ""
    return f"{where}{'' if fails else 'warning: '}{problem.message}"


class BuildFailed(Exception):
    """One or more input problems; the build stopped before writing anything."""

    def __init__(self, problems: Iterable[SourceError | str]):
        self.problems = tuple(problem if isinstance(problem, SourceError) else SourceError(None, None, problem)
                              for problem in problems)
        """The problems themselves (a text is a problem with no file)."""
        self.errors = tuple(map(str, self.problems))
        """Their text, one line each (`render_problem`)."""
        super().__init__("\n".join(self.errors))

    def __reduce__(self):  # crosses process boundaries (the build's workers) as its problems
        return type(self), (self.problems,)


def raise_if_any(errors: list[SourceError]) -> None:
    if errors:
        raise BuildFailed(sorted(errors, key=SourceError.sort_key))
