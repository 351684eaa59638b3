"""Precision and recall of actor tagging against hand labels.

    .venv/bin/python -m build_tools.tools.evaluate.annotate [--labels FILE] [--taxonomy DIR] [--traps-only]
    .venv/bin/python -m build_tools.tools.evaluate.annotate --labels tests/fixtures/annotate/dev_multilingual.yml

Labels (tests/fixtures/annotate/labelled.yml) give, per paragraph, the set of actors a
researcher expects. Scores compare sets of actor names per paragraph: a false positive
is an actor tagged but not labelled, a false negative one labelled but not tagged.
Labelled actors the taxonomy does not have are coverage gaps, listed but not scored:
the matcher cannot be blamed for them. Uses corpus/taxonomy/ when it loads, otherwise
the test fixture taxonomy. Items may carry a `language` (ISO 639-1, default en): the
report then gives precision and recall per language, and per kind of actor (countries,
organisations and groups; people), the two groups the targets are set for.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ...config import REPO_ROOT
from ...errors import BuildFailed
from ...models import ActorType, Taxonomy
from .. import labelled_set
from . import quotes as evaluate_quotes
from ...annotate.matcher import ActorMatcher
from ...annotate.taxonomy import load_taxonomy

REAL_TAXONOMY = REPO_ROOT / "corpus" / "taxonomy"


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    actors: frozenset[str]
    trap: bool = False
    source: str | None = None
    note: str | None = None
    language: str = "en"


KINDS = (("countries", frozenset({ActorType.COUNTRY})),
         ("countries, organisations, groups", frozenset({ActorType.COUNTRY, ActorType.ORGANISATION, ActorType.GROUP})),
         ("people", frozenset({ActorType.PERSON})))
"""The kinds of actor the evaluation reports apart: the targets differ between them."""


@dataclass(frozen=True)
class Outcome:
    labelled: Labelled
    tagged: frozenset[str]
    false_positives: tuple[tuple[str, tuple[str, ...]], ...]
    """(actor, surfaces that produced it)."""
    false_negatives: tuple[str, ...]
    gaps: tuple[str, ...]
    """Labelled actors missing from the taxonomy."""

    @property
    def true_positives(self) -> int:
        return len(self.tagged) - len(self.false_positives)

    @property
    def precision(self) -> float:
        return self.true_positives / len(self.tagged) if self.tagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + len(self.false_negatives)
        return self.true_positives / expected if expected else 1.0


@dataclass(frozen=True)
class Totals:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        tagged = self.true_positives + self.false_positives
        return self.true_positives / tagged if tagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def load_labels(path: Path) -> tuple[Labelled, ...]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return tuple(Labelled(id=e["id"], text=e["text"], actors=frozenset(e.get("actors") or ()),
                          trap=bool(e.get("trap")), source=e.get("source"), note=e.get("note"),
                          language=e.get("language", "en"))
                 for e in entries)


def evaluate(taxonomy: Taxonomy, labels: Sequence[Labelled]) -> tuple[Outcome, ...]:
    matcher = ActorMatcher(taxonomy)
    names = {actor.id: actor.name for actor in taxonomy.actors}
    known = set(names.values())
    outcomes = []
    for labelled in labels:
        surfaces: dict[str, set[str]] = {}
        for mention in matcher.find_mentions(labelled.text):
            surfaces.setdefault(names[mention.actor], set()).add(mention.surface)
        tagged = frozenset(surfaces)
        expected = labelled.actors & known
        outcomes.append(Outcome(
            labelled, tagged,
            false_positives=tuple((name, tuple(sorted(surfaces[name]))) for name in sorted(tagged - labelled.actors)),
            false_negatives=tuple(sorted(expected - tagged)),
            gaps=tuple(sorted(labelled.actors - known))))
    return tuple(outcomes)


def total(outcomes: Sequence[Outcome]) -> Totals:
    return Totals(sum(o.true_positives for o in outcomes), sum(len(o.false_positives) for o in outcomes),
                  sum(len(o.false_negatives) for o in outcomes))


def total_of_kind(outcomes: Sequence[Outcome], types: dict[str, ActorType], kind: frozenset[ActorType]) -> Totals:
    """Totals counting only actors of the given types (`types`: actor name -> type)."""
    def count(names) -> int:
        return sum(1 for name in names if types.get(name) in kind)
    return Totals(sum(count(o.tagged - {name for name, _ in o.false_positives}) for o in outcomes),
                  sum(count(name for name, _ in o.false_positives) for o in outcomes),
                  sum(count(o.false_negatives) for o in outcomes))


def render_breakdown(outcomes: Sequence[Outcome], types: dict[str, ActorType]) -> list[str]:
    """Precision and recall per language, and within each per kind of actor."""
    lines = []
    for language in sorted({o.labelled.language for o in outcomes}):
        subset = [o for o in outcomes if o.labelled.language == language]
        for title, totals in ((f"{language}: all actors", total(subset)),
                              *((f"{language}: {name}", total_of_kind(subset, types, kind)) for name, kind in KINDS)):
            lines.append(f"{title:40} n={len(subset):3}  precision {totals.precision:.3f}  recall {totals.recall:.3f}  "
                         f"(tp {totals.true_positives}, fp {totals.false_positives}, fn {totals.false_negatives})")
    return lines


def render_evaluation(outcomes: Sequence[Outcome], types: dict[str, ActorType] | None = None) -> list[str]:
    lines = [f"{'paragraph':32} {'P':>5} {'R':>5}  mistakes"]
    for outcome in outcomes:
        mistakes = [f"+{name} ({', '.join(map(repr, surfaces))})" for name, surfaces in outcome.false_positives]
        mistakes += [f"-{name}" for name in outcome.false_negatives]
        lines.append(f"{outcome.labelled.id:32} {outcome.precision:5.2f} {outcome.recall:5.2f}  "
                     + ("; ".join(mistakes) or "-"))
    lines.append("")
    for title, subset in (("corpus paragraphs", [o for o in outcomes if not o.labelled.trap]),
                          ("trap texts", [o for o in outcomes if o.labelled.trap]), ("all", list(outcomes))):
        if subset:
            totals = total(subset)
            lines.append(f"{title:18} n={len(subset):3}  precision {totals.precision:.3f}  recall {totals.recall:.3f}  "
                         f"(tp {totals.true_positives}, fp {totals.false_positives}, fn {totals.false_negatives})")
    if types is not None and any(o.labelled.language != "en" for o in outcomes):
        lines += ["", *render_breakdown(outcomes, types)]
    gaps = sorted({gap for outcome in outcomes for gap in outcome.gaps})
    if gaps:
        lines.append(f"labelled but not in the taxonomy (not scored): {', '.join(gaps)}")
    return lines


def taxonomy_candidates(requested: Path | None) -> list[Path]:
    """The taxonomy a command line asked for; by default corpus/taxonomy, then the fixture taxonomy."""
    return [requested] if requested else [REAL_TAXONOMY, labelled_set("annotate", "taxonomy")]


def load_evaluation_taxonomy(candidates: Sequence[Path]) -> tuple[Taxonomy, Path, list[str]]:
    """The first of `candidates` that loads, with a note on each one before it that did not."""
    notes: list[str] = []
    for candidate in candidates:
        if not any((candidate / "actors").glob("*.yml")):
            notes.append(f"{candidate}: no actor files")
            continue
        try:
            return load_taxonomy(candidate, REPO_ROOT), candidate, notes
        except BuildFailed as failure:
            notes.append(f"{candidate}: does not load ({len(failure.errors)} errors), e.g. {failure.errors[0]}")
    raise SystemExit("no usable taxonomy:\n" + "\n".join(notes))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=labelled_set("annotate", "labelled.yml"))
    parser.add_argument("--taxonomy", type=Path, default=None,
                        help="default: corpus/taxonomy, or the fixture taxonomy if that is missing or broken")
    parser.add_argument("--traps-only", action="store_true")
    args = parser.parse_args(argv)
    taxonomy, chosen, notes = load_evaluation_taxonomy(taxonomy_candidates(args.taxonomy))
    for note in notes:
        print(f"note: {note}")
    print(f"taxonomy: {chosen}  ({len(taxonomy.actors)} actors)")
    labels = [label for label in load_labels(args.labels) if label.trap or not args.traps_only]
    types = {actor.name: actor.type for actor in taxonomy.actors}
    for line in render_evaluation(evaluate(taxonomy, labels), types):
        print(line)
    from .relations import own_sets as relation_sets, report as relation_report  # relation readings: see evaluate_relations
    print("\nrelation readings\n" + "\n".join(relation_report(taxonomy, own=relation_sets())))
    from .topics import load_topic_labels, render_topic_evaluation, tag_topics  # it imports this module
    print(f"\ntopics ({len(taxonomy.topics)}) on tests/fixtures/topics/:")
    topic_labels = load_topic_labels(labelled_set("topics"))
    print("\n".join(render_topic_evaluation(taxonomy, tag_topics(taxonomy, topic_labels))))
    evaluate_quotes.main([])


if __name__ == "__main__":
    main()
