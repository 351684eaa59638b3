"""Precision and recall of quotation attribution against hand labels.

    .venv/bin/python -m build_tools.tools.evaluate.quotes [--labels FILE]

(`python -m build_tools.tools.evaluate.annotate` prints it too.) Labels (tests/fixtures/quotes/labelled.yml) give, per
real sentence, the taxonomy actors who speak in it. An attribution is a (sentence, speaker) pair: a false positive
is a speaker found but not labelled, a false negative one labelled but not found. Every third sentence is held
out: rules are tuned on the others (dev) only, and the held-out figures say how they generalise.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ...config import REPO_ROOT
from .. import labelled_set
from ...models import Taxonomy
from ...annotate.matcher import ActorMatcher
from ...annotate.quotes import QuoteFinder
from ...annotate.relations import split_sentences
from ...annotate.taxonomy import load_taxonomy

HELD_OUT_EVERY = 3


@dataclass(frozen=True)
class Labelled:
    text: str
    url: str
    speakers: frozenset[str]
    held_out: bool


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else 1.0


def load_labels(path: Path, held_out_every: int = HELD_OUT_EVERY) -> tuple[Labelled, ...]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Labelled(entry["text"], entry["url"], frozenset(entry["speakers"]),
                          index % held_out_every == held_out_every - 1) for index, entry in enumerate(entries))


def attributed(taxonomy: Taxonomy, text: str, matcher: ActorMatcher | None = None,
               finder: QuoteFinder | None = None, context: str = "") -> frozenset[str]:
    """The speakers the extractor finds in `text`, split into sentences as the pipeline splits a block; `context`
    (the labelled sentence before it from the same article) goes before it, so that a pronoun can be read."""
    matcher, finder = matcher or ActorMatcher(taxonomy), finder or QuoteFinder(taxonomy)
    whole = f"{context} {text}" if context else text
    quotes = finder.quotes("labelled", whole, matcher.find_mentions(whole), split_sentences(whole))
    return frozenset(quote.speaker for quote in quotes if quote.start >= len(whole) - len(text))


def score(taxonomy: Taxonomy, labels: Sequence[Labelled]) -> tuple[Score, list[str]]:
    """The score and one line per disagreement."""
    matcher, finder = ActorMatcher(taxonomy), QuoteFinder(taxonomy)
    tp = fp = fn = 0
    misses = []
    for before, label in zip((None, *labels), labels):
        context = before.text if before and before.url == label.url else ""
        found = attributed(taxonomy, label.text, matcher, finder, context)
        tp, fp, fn = tp + len(found & label.speakers), fp + len(found - label.speakers), fn + len(label.speakers - found)
        if found != label.speakers:
            misses.append(f"  found {sorted(found)}, labelled {sorted(label.speakers)}: {label.text[:90]}")
    return Score(tp, fp, fn), misses


def report(taxonomy: Taxonomy, labels: Sequence[Labelled], verbose: bool = False) -> list[str]:
    lines = []
    for name, part in (("dev", [l for l in labels if not l.held_out]), ("held-out", [l for l in labels if l.held_out])):
        result, misses = score(taxonomy, part)
        lines.append(f"quotes {name}: {len(part)} sentences, attribution precision {result.precision:.3f} "
                     f"recall {result.recall:.3f} (tp {result.true_positives}, fp {result.false_positives}, "
                     f"fn {result.false_negatives})")
        lines += misses if verbose else []
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=None, help="default: our labelled.yml, then heldout.yml")
    parser.add_argument("--verbose", action="store_true", help="list every sentence where extractor and label differ")
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy(REPO_ROOT / "corpus" / "taxonomy", REPO_ROOT)
    for line in report(taxonomy, load_labels(args.labels or labelled_set("quotes", "labelled.yml")), args.verbose):
        print(line)
    if args.labels is None:  # heldout.yml: sentences never tuned on, all held out
        held_out = load_labels(labelled_set("quotes", "heldout.yml"), held_out_every=1)
        for line in report(taxonomy, held_out, args.verbose)[1:]:
            print(line.replace("held-out", "held-out (heldout.yml)", 1))


if __name__ == "__main__":
    main()
