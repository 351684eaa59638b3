"""Developer tools: check, review, linkcheck, bench, evaluation and benchmarks."""

from __future__ import annotations

from pathlib import Path

from ..config import REPO_ROOT


def labelled_set(*parts: str) -> Path:
    """A labelled set under the clone's tests/fixtures/, as a tool's command line defaults to it. Only command
    lines call this: the tools' functions take their sets as arguments, so the package never reads tests/."""
    return REPO_ROOT.joinpath("tests", "fixtures", *parts)
