"""What finding stories costs on synthetic corpora (the bench's articles, `bench.corpus`), without a build.

    .venv/bin/python -m build_tools.tools.benchmark.stories [--sizes 1000,10000]

The articles are made as the bench makes them, from the bundled corpus's paragraphs, and go straight to
`stories.find_stories` (no ingest or annotation): sketching on every core as the build does, then the LSH index
and the checks of its candidates in this process. Prints seconds per stage and the stories found; the bench's
articles share sampled paragraphs, so some of them are near-copies of each other, as reposts are.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from ..bench.corpus import make_vocabulary, render_article
from ...config import load_config
from ...models import Article, ArticleId, Block, BlockKind
from ...parallel import parallel_map
from ...pipeline import BuildReport, make_corpus
from ...annotate.stories import _sketch_article, copy_pairs, stories_of


def synthetic_articles(size: int, seed: int = 6) -> list[Article]:
    vocabulary = make_vocabulary(make_corpus(load_config(), BuildReport()))
    rng, seen = random.Random(seed), set()
    articles = []
    for number in range(size):
        title, _date, _byline, *body = render_article(vocabulary, number, rng, seen).strip().split("\n\n")
        articles.append(Article(ArticleId(f"a{number:06d}"), title, (), None, None, (),
                                tuple(Block(BlockKind.PARAGRAPH, text) for text in body)))
    return articles


def measure(size: int) -> str:
    articles = synthetic_articles(size)
    words = sum(len(article.text.split()) for article in articles)
    start, cpu_start = time.perf_counter(), cpu_seconds()
    sketches = parallel_map(_sketch_article, articles, label="stories")
    sketched = time.perf_counter()
    pairs = copy_pairs([article.id for article in articles], sketches, load_config().options.story_min_overlap)
    paired = time.perf_counter()
    stories = stories_of(pairs, {article.id: article for article in articles})
    done, cpu_done = time.perf_counter(), cpu_seconds()
    copies = sum(len(story.articles) for story in stories)
    largest = max((len(story.articles) for story in stories), default=0)
    return (f"{size:,} articles ({words / size:.0f} words each): sketches {sketched - start:.2f} s, "
            f"LSH and checks {paired - sketched:.2f} s, stories {done - paired:.2f} s, "
            f"total {done - start:.2f} s ({cpu_done - cpu_start:.2f} s of CPU); "
            f"{len(stories)} stories of {copies} articles, the largest {largest}")


def cpu_seconds() -> float:
    """User and system time of this process and of its finished workers."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated article counts")
    args = parser.parse_args(argv)
    for size in (int(part) for part in args.sizes.split(",")):
        print(measure(size), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
