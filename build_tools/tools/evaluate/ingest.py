"""Score ingest against the hand-labelled fixtures in tests/fixtures/ingest/expected/.

Run: python -m build_tools.tools.evaluate.ingest

Prints, per set of labels, precision and recall of article boundaries and the
accuracy of title, date, authors and publication over matched articles. Labels
give each article's start line and, where the article's top spans several
lines (a repost wrapper, a caption above the headline), `start_max`: any
predicted start in [start, start_max] is a match. `title: null` means the text
states no title (not scored). A label's optional `body` lists the raw line
ranges of the article's text: a line outside them found in the article's body
is page chrome let through, a line inside them missing from it is text lost.
Corrections are NOT applied: this measures the rules.

The sets: the bundled corpus, small texts written for the tests, and real page
scrapes from other sites, split into a development set (rules may be tuned on
it) and a held-out set (not looked at while developing).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ...config import REPO_ROOT, load_config
from ...models import Article
from ...ingest import ingest_files
from .. import labelled_set

SHORT_LINE = 40
SCRAPE_SETS = {"scrapes_dev.yml": "scrapes (dev)", "scrapes_heldout.yml": "scrapes (held-out)",
               "scrapes_fresh.yml": "scrapes (round 2)", "scrapes_round3.yml": "scrapes (round 3)",
               "scrapes_round4.yml": "scrapes (round 4)"}
"""Label files of real page scrapes, scored apart from the labels ingest must match exactly."""
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass
class Score:
    predicted: int = 0
    expected: int = 0
    matched: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in
                                                                  ("title", "date", "authors", "publication")})
    invented_dates: int = 0
    """Articles given a date where the text states none."""
    chrome_lines: int = 0
    """Raw lines outside a label's `body` ranges that ended up in the article's body (page chrome)."""
    lost_lines: int = 0
    """Raw lines inside a label's `body` ranges missing from the article's body."""
    body_lines: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        hits, total = self.fields[name]
        return f"{name:<12} {hits:>3}/{total:<3} {_pct(hits, total)}"


def load_labels(directory: Path) -> list[dict]:
    """The labels ingest must match exactly: the bundled corpus and the texts written for the tests."""
    sets = load_label_sets(directory)
    return [label for name, labels in sets.items() if name in ("bundled", "test texts") for label in labels]


def load_label_sets(directory: Path) -> dict[str, list[dict]]:
    """Every label file's documents, grouped: "bundled", "test texts" and the scrape sets."""
    sets: dict[str, list[dict]] = {"bundled": [], "test texts": [], **{name: [] for name in SCRAPE_SETS.values()}}
    for path in sorted(directory.glob("*.yml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                name = SCRAPE_SETS.get(path.name) or ("bundled" if doc["raw"].startswith("corpus/") else "test texts")
                sets[name].append(doc)
    return sets


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
        score.invented_dates += article.date is not None and item.get("date") is None
        _field(score, label, item, "authors", article.authors,
               lambda a, b: sorted(map(_norm, a)) == sorted(map(_norm, b or [])))
        _field(score, label, item, "publication", article.publication, _same_text)
        if "body" in item:
            _score_body(score, label, item, article)
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


def _score_body(score: Score, label: dict, item: dict, article: Article) -> None:
    """Count chrome let into the body and body text lost, by raw line (`body` ranges of the label)."""
    blocks = {block.text for block in article.blocks}
    body = "\n".join(blocks)
    lines = (REPO_ROOT / label["raw"]).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        text = " ".join(line.split()).lstrip("•*-– ").strip()
        if not text:
            continue
        inside = any(low <= number <= high for low, high in item["body"])
        # A short line must be a block of its own ("Ctrl" is no chrome in "press Ctrl+Enter"); a longer one
        # may be part of a block (hard-wrapped paragraphs are joined).
        found = text in blocks or (len(text) > SHORT_LINE and text in body)
        score.body_lines += inside
        if found and not inside:
            score.chrome_lines += 1
            score.misses.append(f"{label['raw']}:{number}: chrome in the body: {text[:60]!r}")
        elif inside and not found:
            score.lost_lines += 1
            score.misses.append(f"{label['raw']}:{number}: body line lost: {text[:60]!r}")


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
    lines.append(f"dates invented {score.invented_dates}")
    if score.body_lines:
        lines.append(f"chrome lines in bodies {score.chrome_lines}; body lines lost {score.lost_lines}/{score.body_lines}")
    if verbose and score.misses:
        lines.append("differences:")
        lines.extend(f"  {miss}" for miss in score.misses)
    return "\n".join(lines)


def render_table(scores: dict[str, Score]) -> str:
    """One column per set of labels, one row per figure."""
    def cells(score: Score) -> list[str]:
        fields = [f"{hits}/{total} {_pct(hits, total).strip()}" for hits, total in score.fields.values()]
        body = f"{score.chrome_lines} / {score.lost_lines}" if score.body_lines else "n/a"
        return [f"{score.matched}/{score.expected}/{score.predicted}",
                _pct(score.matched, score.predicted).strip(), _pct(score.matched, score.expected).strip(), *fields,
                str(score.invented_dates), body]
    rows = ["articles (matched/expected/predicted)", "boundary precision", "boundary recall",
            *score_fields(), "dates invented", "chrome lines in body / body lines lost"]
    columns = {name: cells(score) for name, score in scores.items()}
    width = max(map(len, rows))
    widths = {name: max(len(name), *map(len, column)) for name, column in columns.items()}
    lines = ["  ".join([" " * width, *(name.rjust(widths[name]) for name in columns)])]
    for k, row in enumerate(rows):
        lines.append("  ".join([row.ljust(width), *(column[k].rjust(widths[name]) for name, column in columns.items())]))
    return "\n".join(lines)


def score_fields() -> list[str]:
    return list(Score().fields)


def main(argv: list[str] | None = None) -> int:
    """`evaluate [-q] [SET...]`: the table for every set, then each set's differences unless -q."""
    argv = sys.argv[1:] if argv is None else argv
    wanted = [arg for arg in argv if not arg.startswith("-")]
    sets = {name: labels for name, labels in load_label_sets(labelled_set("ingest", "expected")).items()
            if labels and (not wanted or any(w in name for w in wanted))}
    scores = {name: evaluate(labels) for name, labels in sets.items()}
    print(render_table(scores))
    if "-q" not in argv:
        for name, score in scores.items():
            if score.misses:
                print(f"\n{name}: differences")
                print("\n".join(f"  {miss}" for miss in score.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
