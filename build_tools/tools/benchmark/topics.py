"""Throughput of topic scoring (stems + one automaton), in CPU time.

    .venv/bin/python -m build_tools.tools.benchmark.topics [--articles 1000] [--rounds 3]

Two workloads of `--articles` texts cut from the bundled corpus (corpus/raw/*.txt):
- as written: words repeat across articles, as in a real corpus, so most stems come
  from the scorer's cache;
- fresh words: every word made unique to its article, the worst case for the cache,
  where every word is stemmed.
Each figure is the best of `--rounds` runs with a new scorer (an empty cache).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from ...config import REPO_ROOT
from ...annotate.normalize import fold_text
from ...annotate.taxonomy import load_taxonomy
from ...annotate.topics import TopicScorer

WORDS_PER_ARTICLE = 1000


def workloads(articles: int) -> dict[str, list[str]]:
    raw = sorted((REPO_ROOT / "corpus" / "raw").glob("*.txt"))
    words = " ".join(path.read_text(encoding="utf-8") for path in raw).split()
    texts = [" ".join(words[(n * WORDS_PER_ARTICLE) % len(words):][:WORDS_PER_ARTICLE]) for n in range(articles)]
    fresh = [" ".join(f"{word}{n}" for word in text.split()) for n, text in enumerate(texts)]
    return {"as written": texts, "fresh words": fresh}


def best_cpu_seconds(texts: Sequence[str], rounds: int) -> float:
    taxonomy = load_taxonomy(REPO_ROOT / "corpus" / "taxonomy", REPO_ROOT)
    folded = [fold_text(text) for text in texts]
    best = float("inf")
    for _ in range(rounds):
        scorer = TopicScorer(taxonomy)
        start = time.process_time()
        for text, fold in zip(texts, folded):
            scorer.score(text, fold)
        best = min(best, time.process_time() - start)
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    for name, texts in workloads(args.articles).items():
        seconds = best_cpu_seconds(texts, args.rounds)
        words = sum(len(text.split()) for text in texts)
        print(f"{name:12} {len(texts)} articles, {words} words: {seconds:.2f} s CPU "
              f"({seconds * 1e6 / words:.2f} µs per word)")


if __name__ == "__main__":
    main()
