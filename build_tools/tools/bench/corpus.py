"""A synthetic corpus of any size, made of the bundled corpus's own paragraphs, as raw text files.

Each synthetic article borrows the shape of a real one (its number of
paragraphs) and fills it with paragraphs sampled from the whole real corpus, so
length and actor/topic density stay realistic. It gets a headline, a date line
and a "By Author for Outlet" byline, and `ARTICLES_PER_FILE` articles share a raw
file, like the bundled scrapes: the real ingest splits them again. Seeded, so a
size always gives the same corpus.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from collections import Counter

from ...models import BlockKind, Corpus

ARTICLES_PER_FILE = 20
MIN_PARAGRAPH = 120
"""Shorter blocks (datelines, captions, stray lines) are not sampled: they read as metadata."""
FIRST_NAMES = ("Aigerim", "Pavel", "Dilnoza", "Timur", "Nodira", "Sergei", "Madina", "Rustam", "Elena", "Farhod",
               "Gulnara", "Alisher", "Zarina", "Bakyt", "Olga", "Daniyar", "Saule", "Jamshid", "Irina", "Marat")
LAST_NAMES = ("Sadykova", "Orlov", "Karimova", "Nazarov", "Tursunova", "Ivanov", "Abdullaeva", "Rakhimov",
              "Petrova", "Yusupov", "Bekova", "Usmanov", "Sultanova", "Akhmetov", "Smirnova", "Ermekov",
              "Tokayeva", "Mirzaev", "Volkova", "Zhakupov")
OUTLETS = ("Steppe Post", "Border Watch", "Eurasia Review Desk", "Caspian Monitor", "Pamir Ledger", "Silk Road Brief",
           "Fergana Dispatch", "Tien Shan Times", "Aral Observer", "Oxus Weekly", "Altai Courier", "Kyzylkum Letter")
VERBS = ("discuss", "weigh", "sign deal on", "clash over", "renew talks on", "plan", "review", "dispute")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Vocabulary:
    """What synthetic articles are made of: real paragraphs, real article lengths, taxonomy names."""

    paragraphs: tuple[str, ...]
    lengths: tuple[int, ...]
    """Number of body blocks of each real article."""
    actor_names: tuple[str, ...]
    topic_names: tuple[str, ...]


def make_vocabulary(corpus: Corpus, headline_actors: int = 40) -> Vocabulary:
    """From the annotated real corpus; headlines name its most mentioned actors."""
    articles = [item.article for item in corpus.articles]
    paragraphs = tuple(block.text for article in articles for block in article.blocks
                       if block.kind is BlockKind.PARAGRAPH and len(block.text) >= MIN_PARAGRAPH)
    lengths = tuple(max(3, sum(1 for b in article.blocks if b.kind is BlockKind.PARAGRAPH)) for article in articles)
    if not paragraphs or not lengths:
        raise ValueError("the source corpus has no paragraphs to sample")
    mentions = Counter(m.actor for item in corpus.articles for m in item.mentions)
    top = sorted(mentions, key=lambda actor: (-mentions[actor], actor))[:headline_actors]
    names = tuple(corpus.taxonomy.actor(actor).name for actor in top)
    if len(names) < 2:
        names = tuple(actor.name for actor in corpus.taxonomy.actors[:headline_actors])
    return Vocabulary(paragraphs, lengths, names, tuple(t.name for t in corpus.taxonomy.topics))


def render_article(vocabulary: Vocabulary, number: int, rng: random.Random, seen: set[tuple[str, ...]]) -> str:
    """One raw article: headline, date, byline, then paragraphs; `number` keeps the headline unique,
    `seen` the body (ingest folds two articles with one body into one)."""
    first, second = rng.sample(vocabulary.actor_names, 2)
    topic = rng.choice(vocabulary.topic_names) if vocabulary.topic_names else "security"
    title = f"{first} and {second} {rng.choice(VERBS)} {topic.lower()}, report {number}"
    date = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(20 * 365))
    author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    for _ in range(1000):
        count = min(rng.choice(vocabulary.lengths), len(vocabulary.paragraphs))
        body = tuple(rng.sample(vocabulary.paragraphs, count))
        if body not in seen:
            break
    else:
        raise ValueError(f"too few paragraphs ({len(vocabulary.paragraphs)}) for {len(seen) + 1} distinct articles")
    seen.add(body)
    lines = [title, f"{MONTHS[date.month - 1]} {date.day}, {date.year}", f"By {author} for {rng.choice(OUTLETS)}", *body]
    return "\n\n".join(lines) + "\n"


def write_corpus(vocabulary: Vocabulary, size: int, raw_dir: Path, *, seed: int = 6,
                 per_file: int = ARTICLES_PER_FILE) -> list[Path]:
    """`size` articles in ceil(size / per_file) raw files under `raw_dir`; returns the files written."""
    rng = random.Random(seed)
    raw_dir.mkdir(parents=True, exist_ok=True)
    paths, seen = [], set()
    for start in range(0, size, per_file):
        articles = [render_article(vocabulary, number, rng, seen)
                    for number in range(start, min(start + per_file, size))]
        path = raw_dir / f"synthetic_{start // per_file:05d}.txt"
        path.write_text("\n\n".join(articles), encoding="utf-8")
        paths.append(path)
    return paths


def write_long_article(vocabulary: Vocabulary, megabytes: float, raw_dir: Path, *, seed: int = 6) -> Path:
    """One article whose body is a single line of `megabytes` MB, real paragraphs joined by spaces: what a
    scrape that lost its line breaks looks like. A stage that searches the text from its start for each of its
    sentences or mentions is quadratic in such an article."""
    rng = random.Random(seed)
    size, parts = int(megabytes * 1_000_000), []
    while size > 0:
        # Numbered, so that its sentences are distinct, as a real article's are, and each is evidence of its own.
        parts.append(rng.choice(vocabulary.paragraphs).replace(". ", f" ({len(parts) + 1}). "))
        size -= len(parts[-1].encode("utf-8")) + 1
    raw_dir.mkdir(parents=True, exist_ok=True)
    path = raw_dir / "long_article.txt"
    path.write_text(f"One article on a single line\n\nMarch 3, 2021\n\nBy {FIRST_NAMES[0]} {LAST_NAMES[0]}\n\n"
                    + " ".join(parts) + "\n", encoding="utf-8")
    return path
