"""Precision and recall of topic tagging against hand labels, per topic and micro-averaged.

    .venv/bin/python -m build_tools.tools.evaluate.topics [--labels DIR] [--taxonomy DIR] [--mistakes]

Labels (tests/fixtures/topics/*.yml, one file per part, e.g. en.yml and ru.yml) give, per
real excerpt, the topics a careful reader assigns. A false positive is a topic tagged but
not labelled, a false negative one labelled but not tagged. Entries marked `held_out` are
reported apart: the vocabulary is tuned on the others only. `held_out: final` marks a set kept
apart from every change, even from checks on the other held-out entries; it is reported apart
again. `python -m
build_tools.tools.evaluate.annotate` prints the same report after the actor figures.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ...models import Taxonomy
from .. import labelled_set
from .annotate import Totals, load_evaluation_taxonomy, taxonomy_candidates
from ...annotate.topics import TopicScorer



@dataclass(frozen=True)
class LabelledText:
    id: str
    part: str
    """The labels file it comes from (its stem: "en", "ru")."""
    text: str
    topics: frozenset[str]
    split: str = "dev"
    """"dev", "held-out" (`held_out: true`) or "held-out final" (`held_out: final`)."""
    source: str | None = None

    @property
    def held_out(self) -> bool:
        return self.split != "dev"


@dataclass(frozen=True)
class Tagged:
    labelled: LabelledText
    topics: frozenset[str]

    @property
    def false_positives(self) -> frozenset[str]:
        return self.topics - self.labelled.topics

    @property
    def false_negatives(self) -> frozenset[str]:
        return self.labelled.topics - self.topics


def load_topic_labels(folder: Path) -> tuple[LabelledText, ...]:
    return tuple(LabelledText(id=entry["id"], part=path.stem, text=entry["text"],
                              topics=frozenset(entry.get("topics") or ()),
                              split=_split(entry.get("held_out")), source=entry.get("source"))
                 for path in sorted(folder.glob("*.yml"))
                 for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or ())


def _split(held_out: object) -> str:
    if isinstance(held_out, str):
        return f"held-out {held_out}"
    return "held-out" if held_out else "dev"


def tag_topics(taxonomy: Taxonomy, labels: Iterable[LabelledText]) -> tuple[Tagged, ...]:
    scorer = TopicScorer(taxonomy)
    return tuple(Tagged(labelled, frozenset(taxonomy.topic(score.topic).name for score in scorer.score(labelled.text)))
                 for labelled in labels)


def counts(tagged: Iterable[Tagged], topic: str | None = None) -> Totals:
    """Micro-averaged counts over `tagged`, or the counts of one topic."""
    tp = fp = fn = 0
    for item in tagged:
        keep = (lambda names: names) if topic is None else (lambda names: names & {topic})
        tp += len(keep(item.topics & item.labelled.topics))
        fp += len(keep(item.false_positives))
        fn += len(keep(item.false_negatives))
    return Totals(tp, fp, fn)


def render_topic_evaluation(taxonomy: Taxonomy, tagged: Sequence[Tagged], *, mistakes: bool = False) -> list[str]:
    parts = sorted({item.labelled.part for item in tagged})
    splits = sorted({item.labelled.split for item in tagged})
    subsets = [(f"{part} {split}", [item for item in tagged if (item.labelled.part, item.labelled.split) == (part, split)])
               for part in parts for split in splits]
    subsets += [(f"all {split}", [item for item in tagged if item.labelled.split == split]) for split in splits]
    subsets += [("all held-out, any", [item for item in tagged if item.labelled.held_out]), ("all", list(tagged))]
    lines = [f"{'topic':42} {'tp':>3} {'fp':>3} {'fn':>3} {'P':>5} {'R':>5}   (all parts, dev and held-out)"]
    for topic in taxonomy.topics:
        c = counts(tagged, topic.name)
        if c.true_positives + c.false_positives + c.false_negatives:
            lines.append(f"{topic.name:42} {c.true_positives:3} {c.false_positives:3} {c.false_negatives:3} "
                         f"{c.precision:5.2f} {c.recall:5.2f}")
    lines.append("")
    for title, subset in subsets:
        if subset:
            c = counts(subset)
            lines.append(f"{title:20} n={len(subset):3}  micro precision {c.precision:.3f}  recall {c.recall:.3f}  "
                         f"(tp {c.true_positives}, fp {c.false_positives}, fn {c.false_negatives})")
    if mistakes:
        lines.append("")
        for item in tagged:
            wrong = [f"+{name}" for name in sorted(item.false_positives)]
            wrong += [f"-{name}" for name in sorted(item.false_negatives)]
            if wrong:
                lines.append(f"{item.labelled.id:44} {'; '.join(wrong)}")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=labelled_set("topics"), help="folder of *.yml label files")
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument("--mistakes", action="store_true", help="list each text's wrong and missed topics")
    args = parser.parse_args(argv)
    taxonomy, chosen, notes = load_evaluation_taxonomy(taxonomy_candidates(args.taxonomy))
    for note in notes:
        print(f"note: {note}")
    print(f"taxonomy: {chosen}  ({len(taxonomy.topics)} topics)")
    tagged = tag_topics(taxonomy, load_topic_labels(args.labels))
    for line in render_topic_evaluation(taxonomy, tagged, mistakes=args.mistakes):
        print(line)


if __name__ == "__main__":
    main()
