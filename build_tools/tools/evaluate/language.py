"""The language detector's accuracy and confusion table on labelled excerpts (`language.detect_language`)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from ...ingest.language import detect_language


def main(argv: list[str]) -> int:
    """Accuracy and confusion table of the detector on labelled excerpts (a YAML list of
    {language, script?, url, text})."""
    if len(argv) != 1:
        print("usage: python -m build_tools.tools.evaluate.language EXCERPTS.yml", file=sys.stderr)
        return 2
    excerpts = yaml.safe_load(Path(argv[0]).read_text(encoding="utf-8"))
    confusion: Counter[tuple[str, str]] = Counter()
    for excerpt in excerpts:
        label = excerpt["language"] + (f"-{excerpt['script']}" if excerpt.get("script") else "")
        confusion[label, detect_language("", [excerpt["text"]])] += 1
    labels = sorted({label for label, _ in confusion})
    guesses = sorted({guess for _, guess in confusion})
    print("label     " + "".join(f"{guess:>6}" for guess in guesses) + "   right")
    for label in labels:
        total = sum(n for (row, _), n in confusion.items() if row == label)
        right = confusion[label, label.split("-")[0]]
        print(f"{label:<10}" + "".join(f"{confusion[label, guess] or '.':>6}" for guess in guesses)
              + f"   {right}/{total}")
    right = sum(n for (label, guess), n in confusion.items() if label.split("-")[0] == guess)
    print(f"all: {right}/{sum(confusion.values())} right")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
