"""Precision and recall of the story detector against article pairs labelled by hand.

    .venv/bin/python -m build_tools.tools.evaluate.stories [--labels FILE] [--min-overlap X] [--pairs]

Every text of the labels file becomes an article and all of them go through `stories.find_stories` together, as
a build would take them; a labelled pair is found when both texts end in one story. A pair labelled `repost` or
`rewrite` should be (`tests/fixtures/stories/pairs.yml` says how they were labelled); `different` should not.
Prints precision and recall, recall per label, and with `--pairs` each pair's estimated overlap.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...config import SiteOptions
from ...models import Article, ArticleId, Block, BlockKind
from ...yamlsource import load_yaml, require_mapping
from ...annotate.stories import find_stories, overlap, sketch
from .. import labelled_set

SAME_STORY = ("repost", "rewrite")


@dataclass(frozen=True)
class LabelledPair:
    a: str
    b: str
    label: str

    @property
    def same_story(self) -> bool:
        return self.label in SAME_STORY


def load_labels(path: Path) -> tuple[dict[str, str], list[LabelledPair]]:
    """(text by name, labelled pairs)."""
    data = require_mapping(load_yaml(path, PurePosixPath(path.name)), "texts and pairs")
    texts = {name: entry["text"] for name, entry in data["texts"].items()}
    return texts, [LabelledPair(pair["a"], pair["b"], pair["label"]) for pair in data["pairs"]]


def as_article(name: str, text: str) -> Article:
    blocks = tuple(Block(BlockKind.PARAGRAPH, line) for line in text.splitlines() if line.strip())
    return Article(ArticleId(name), name, (), None, None, (), blocks)


def found_pairs(texts: dict[str, str], min_overlap: float) -> set[frozenset[str]]:
    """Every pair of texts that the detector puts in one story."""
    stories = find_stories([as_article(name, text) for name, text in texts.items()], min_overlap)
    return {frozenset((a, b)) for story in stories for a in story.articles for b in story.articles if a < b}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=labelled_set("stories", "pairs.yml"))
    parser.add_argument("--min-overlap", type=float, default=SiteOptions.story_min_overlap)
    parser.add_argument("--pairs", action="store_true", help="print each pair's estimated overlap")
    args = parser.parse_args(argv)
    texts, pairs = load_labels(args.labels)
    found = found_pairs(texts, args.min_overlap)
    hits = [frozenset((pair.a, pair.b)) in found for pair in pairs]
    true_positive = sum(hit and pair.same_story for hit, pair in zip(hits, pairs))
    predicted, positive = sum(hits), sum(pair.same_story for pair in pairs)
    print(f"{len(pairs)} labelled pairs, {len(texts)} texts, min overlap {args.min_overlap}")
    print(f"precision {true_positive}/{predicted} = {true_positive / predicted if predicted else 1:.2f}, "
          f"recall {true_positive}/{positive} = {true_positive / positive if positive else 1:.2f}")
    for label in sorted({pair.label for pair in pairs}):
        labelled = [hit for hit, pair in zip(hits, pairs) if pair.label == label]
        print(f"  {label}: {sum(labelled)} of {len(labelled)} in one story")
    if args.pairs:
        for hit, pair in zip(hits, pairs):
            score = overlap(sketch(texts[pair.a]), sketch(texts[pair.b]))
            mark = "ok  " if hit == pair.same_story else "MISS" if pair.same_story else "FALSE"
            print(f"  {mark} {score:.2f} {pair.label:9} {pair.a} ~ {pair.b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
