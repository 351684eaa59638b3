"""Score ingest against the hand-labelled fixtures in tests/fixtures/ingest/expected/.

Run: python -m build_tools.ingest.evaluate

Prints precision and recall of article boundaries and the accuracy of title,
date, authors and publication over matched articles. Labels give each
article's start line and, where the article's top spans several lines (a
repost wrapper, a caption above the headline), `start_max`: any predicted
start in [start, start_max] is a match. `title: null` means the text states
no title (not scored). Corrections are NOT applied: this measures the rules.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..config import REPO_ROOT, load_config
from ..models import Article
from . import ingest_files

EXPECTED_DIR = REPO_ROOT / "tests" / "fixtures" / "ingest" / "expected"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass
class Score:
    predicted: int = 0
    expected: int = 0
    matched: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in
                                                                  ("title", "date", "authors", "publication")})
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        hits, total = self.fields[name]
        return f"{name:<12} {hits:>3}/{total:<3} {_pct(hits, total)}"


def load_labels(directory: Path = EXPECTED_DIR) -> list[dict]:
    documents = []
    for path in sorted(directory.glob("*.yml")):
        documents.extend(doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc)
    return documents


def evaluate(labels: list[dict]) -> Score:
    score = Score()
    with tempfile.TemporaryDirectory() as empty:
        config = replace(load_config(), corrections_dir=Path(empty))
        for label in labels:
            raw = REPO_ROOT / label["raw"]
            result = ingest_files([raw], config)
            shown = config.relative(raw).as_posix()
            predicted = sorted(
                ((source.start_line, article) for article in result.articles
                 for source in article.sources if source.path.as_posix() == shown),
                key=lambda pair: pair[0])
            _score_file(score, label, predicted)
    return score


def _score_file(score: Score, label: dict, predicted: list[tuple[int, Article]]) -> None:
    expected = label["articles"]
    score.predicted += len(predicted)
    score.expected += len(expected)
    used: set[int] = set()
    for item in expected:
        low, high = item["start"], item.get("start_max", item["start"])
        match = next((k for k, (line, _) in enumerate(predicted) if low <= line <= high and k not in used), None)
        if match is None:
            score.misses.append(f"{label['raw']}:{low}: missed article start ({item.get('title')})")
            continue
        used.add(match)
        score.matched += 1
        article = predicted[match][1]
        _field(score, label, item, "title", article.title, _same_text)
        _field(score, label, item, "date", article.date, lambda a, b: a == _as_date(b))
        _field(score, label, item, "authors", article.authors,
               lambda a, b: sorted(map(_norm, a)) == sorted(map(_norm, b or [])))
        _field(score, label, item, "publication", article.publication, _same_text)
    for k, (line, article) in enumerate(predicted):
        if k not in used:
            score.misses.append(f"{label['raw']}:{line}: spurious article start ({article.title})")


def _field(score: Score, label: dict, item: dict, name: str, got, same) -> None:
    if name == "title" and item.get("title") is None:
        return
    score.fields[name][1] += 1
    if same(got, item.get(name)):
        score.fields[name][0] += 1
    else:
        score.misses.append(f"{label['raw']}:{item['start']}: {name} {got!r}, expected {item.get(name)!r}")


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(_QUOTES)).strip().casefold()


def _same_text(got: str | None, want: str | None) -> bool:
    return (got is None and want is None) or (got is not None and want is not None and _norm(got) == _norm(want))


def _as_date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f}%" if total else "  n/a"


def render_score(score: Score, *, verbose: bool = False) -> str:
    lines = [
        f"articles     expected {score.expected}, predicted {score.predicted}, matched {score.matched}",
        f"boundaries   precision {_pct(score.matched, score.predicted)}  recall {_pct(score.matched, score.expected)}",
        *(score.line(name) for name in ("title", "date", "authors", "publication")),
    ]
    if verbose and score.misses:
        lines.append("differences:")
        lines.extend(f"  {miss}" for miss in score.misses)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(render_score(evaluate(load_labels()), verbose="-q" not in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
