"""Accuracy of relation readings against sentences judged by hand.

    .venv/bin/python -m build_tools.tools.evaluate.relations [--shared DIR] [--set FILE ...] [--mistakes]

Each judged sentence names two actors (`actor_a`, `actor_b`) and a `reading` (cooperation,
conflict or neutral; `alt_reading` where another is defensible), in the shape of
`../shared/eval/relations_dev.json`. The sentence is read as the build reads it: the actor
matcher's mentions, plus the judged surfaces where the matcher misses them (so that a reading
is scored even where a name is not yet in the taxonomy), then the relation reader's evidence
for the judged pair; no evidence (a person and their own country) is neutral.

Reports accuracy (strict, and lenient: `alt_reading` also right), macro-F1 and precision and
recall per reading, per set. Sets: the shared dev set (`<repo>/../shared/eval`, skipped when
absent) and tests/fixtures/relations/{dev,heldout,heldout_fresh}.json.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...config import REPO_ROOT
from ...models import ActorId, ArticleId, Mention, Reading, Taxonomy
from .. import labelled_set
from .annotate import load_evaluation_taxonomy, taxonomy_candidates
from ...annotate.matcher import ActorMatcher
from ...annotate.relations import RelationReader

SHARED_EVAL = next((folder for folder in (REPO_ROOT.parent / "shared" / "eval", REPO_ROOT.parents[1] / "shared" / "eval")
                    if folder.is_dir()), REPO_ROOT.parent / "shared" / "eval")
"""`../shared/eval` beside the repository (or beside the folder of worktrees the repository is one of)."""


@dataclass(frozen=True)
class Judged:
    id: str
    pair: tuple[ActorId, ActorId]
    sentence: str
    surfaces: tuple[tuple[str, ActorId], ...]
    reading: Reading
    alt_reading: Reading | None
    language: str


@dataclass(frozen=True)
class Outcome:
    judged: Judged
    read: Reading
    cue: str
    """The cue that decided the reading, for the mistakes list."""


@dataclass(frozen=True)
class Scores:
    accuracy: float
    lenient_accuracy: float
    macro_f1: float
    per_reading: dict[Reading, tuple[float, float, int]]
    """reading -> (precision, recall, judged count)."""


def load_judged(path: Path) -> tuple[Judged, ...]:
    entries = json.loads(path.read_text(encoding="utf-8"))
    return tuple(Judged(
        id=e["id"], pair=tuple(sorted((e["actor_a"], e["actor_b"]))), sentence=e["sentence"],
        surfaces=tuple((surface, actor) for surface, actor in e.get("surfaces", ())),
        reading=Reading(e["reading"]), alt_reading=Reading(e["alt_reading"]) if e.get("alt_reading") else None,
        language=e.get("language", "en")) for e in entries)


def read_judged(judged: Sequence[Judged], taxonomy: Taxonomy) -> tuple[Outcome, ...]:
    matcher, reader = ActorMatcher(taxonomy), RelationReader(taxonomy)
    outcomes = []
    for item in judged:
        mentions = _mentions(item, matcher)
        evidence = {e.actors: e for e in reader.relations(ArticleId(item.id), item.sentence, mentions,
                                                           [(0, len(item.sentence))])}
        found = evidence.get(item.pair)
        outcomes.append(Outcome(item, found.reading if found else Reading.NEUTRAL,
                                getattr(found, "cue", "") if found else ""))
    return tuple(outcomes)


def _mentions(item: Judged, matcher: ActorMatcher) -> list[Mention]:
    """The matcher's mentions, plus each judged surface whose actor the matcher did not find."""
    mentions = list(matcher.find_mentions(item.sentence))
    found = {mention.actor for mention in mentions}
    for surface, actor in item.surfaces:
        start = item.sentence.find(surface)
        if actor not in found and start >= 0:
            mentions.append(Mention(actor, start, start + len(surface), surface))
    return sorted(mentions, key=lambda mention: (mention.start, mention.end))


def score(outcomes: Sequence[Outcome]) -> Scores:
    per_reading: dict[Reading, tuple[float, float, int]] = {}
    for reading in Reading:
        predicted = [o for o in outcomes if o.read == reading]
        judged = [o for o in outcomes if o.judged.reading == reading]
        right = sum(1 for o in predicted if o.judged.reading == reading)
        per_reading[reading] = (right / len(predicted) if predicted else 1.0,
                                right / len(judged) if judged else 1.0, len(judged))
    f1s = [2 * p * r / (p + r) if p + r else 0.0 for p, r, _ in per_reading.values()]
    count = len(outcomes) or 1
    return Scores(
        accuracy=sum(o.read == o.judged.reading for o in outcomes) / count,
        lenient_accuracy=sum(o.read in (o.judged.reading, o.judged.alt_reading) for o in outcomes) / count,
        macro_f1=sum(f1s) / len(f1s), per_reading=per_reading)


def render_scores(title: str, outcomes: Sequence[Outcome], mistakes: bool = False) -> list[str]:
    scores = score(outcomes)
    lines = [f"{title:28} n={len(outcomes):3}  accuracy {scores.accuracy:.3f} (lenient {scores.lenient_accuracy:.3f})"
             f"  macro-F1 {scores.macro_f1:.3f}"]
    lines += [f"{'':30}{reading.value:12} precision {p:.3f}  recall {r:.3f}  (judged {n})"
              for reading, (p, r, n) in scores.per_reading.items()]
    lines += confusion_matrix(outcomes)
    if mistakes:
        lines += [f"{'':4}{o.judged.id:6} {'-'.join(o.judged.pair)}: judged {o.judged.reading.value}, read {o.read.value}"
                  f"{f' ({o.cue})' if o.cue else ''}: {o.judged.sentence[:160]}"
                  for o in outcomes if o.read != o.judged.reading]
    return lines


def confusion_matrix(outcomes: Sequence[Outcome]) -> list[str]:
    """Judged readings (rows) against the generator's readings (columns)."""
    readings = list(Reading)
    lines = [f"{'':30}{'judged/read':14}" + "".join(f"{reading.value:>13}" for reading in readings)]
    for judged in readings:
        counts = [sum(1 for o in outcomes if o.judged.reading == judged and o.read == read) for read in readings]
        lines.append(f"{'':30}{judged.value:14}" + "".join(f"{count:13}" for count in counts))
    return lines


def evaluation_sets(shared: Path, own: Sequence[Path]) -> list[tuple[str, Path]]:
    shared_dev = shared / "relations_dev.json"
    return [(f"shared {shared_dev.name}", shared_dev)] * shared_dev.exists() + [(path.stem, path) for path in own]


def own_sets() -> tuple[Path, ...]:
    """Our judged sets, the command lines' default."""
    return tuple(labelled_set("relations", name) for name in ("dev.json", "heldout.json", "heldout_fresh.json"))


def report(taxonomy: Taxonomy, own: Sequence[Path], shared: Path = SHARED_EVAL, mistakes: bool = False) -> list[str]:
    lines = [] if (shared / "relations_dev.json").exists() else [f"note: {shared}: no relations_dev.json, skipped"]
    for title, path in evaluation_sets(shared, own):
        outcomes = read_judged(load_judged(path), taxonomy)
        lines += render_scores(title, outcomes, mistakes)
        for language in sorted({o.judged.language for o in outcomes} - {"en"}):
            lines += render_scores(f"  {title} [{language}]", [o for o in outcomes if o.judged.language == language])
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED_EVAL, help="folder holding relations_dev.json")
    parser.add_argument("--set", type=Path, action="append", dest="sets", help="a judged set (default: ours)")
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument("--mistakes", action="store_true", help="list each sentence read wrong")
    args = parser.parse_args(argv)
    taxonomy, _, _ = load_evaluation_taxonomy(taxonomy_candidates(args.taxonomy))
    print("\n".join(report(taxonomy, args.sets or own_sets(), args.shared, args.mistakes)))


if __name__ == "__main__":
    main()
