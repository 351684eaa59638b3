"""requirements.lock, which `make` installs with --require-hashes, must hold exactly requirements.txt's pins."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    """Package name (normalised as PEP 503 does) to pinned version."""
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall(path.read_text())}


def test_lock_pins_what_requirements_pin() -> None:
    locked, wanted = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements.txt")
    changed = {name: (wanted.get(name), locked.get(name)) for name in wanted.keys() | locked.keys()
               if wanted.get(name) != locked.get(name)}
    assert not changed, f"(requirements.txt, requirements.lock) differ: {changed}; run `make lock`"


def test_lock_hashes_every_pin_and_names_no_index() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    entries = re.split(r"\n(?=[A-Za-z])", lock.split("\n", 2)[2].strip())
    assert all("--hash=sha256:" in entry for entry in entries)
    assert not re.search(r"^\s*--(index-url|extra-index-url|find-links)|file:", lock, re.MULTILINE)
