"""Hand-written pages that generated actor and topic pages link to ("Briefs and essays").

A page under docs/ joins an actor's or topic's page by naming it in its front
matter, by canonical name or slug:

    ---
    title: Kazakhstan country brief
    actors: [Kazakhstan]
    topics: [Energy]
    ---

Pure: takes the hand-written files `write.collect_hand_written` read and the
taxonomy; `check` reports names that match nothing, here they are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from slugify import slugify

from ..models import ActorId, Taxonomy, TopicId
from .front_matter import parse_front_matter, split_front_matter

HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass(frozen=True)
class Brief:
    path: PurePosixPath
    """Relative to the docs folder, e.g. briefs/kazakhstan.md."""
    title: str
    description: str
    actors: tuple[str, ...]
    """As written in the front matter: names or slugs."""
    topics: tuple[str, ...]


def parse_brief(path: PurePosixPath, text: str) -> Brief | None:
    """A Brief if the page names at least one actor or topic; None otherwise or if its front matter is refused.
    The front matter is read as `check` and the build's staging read it (`parse_front_matter`), so a page
    that lists here passes them, and one they refuse never lists."""
    source, errors = parse_front_matter(path, text)
    if errors or source is None:
        return None  # `check` reports it; the build must not guess
    meta = source.data
    actors, topics = _names(meta.get("actors", [])), _names(meta.get("topics", []))
    if not actors and not topics:
        return None
    _, body = split_front_matter(text)
    heading = HEADING.search(body)
    title = meta.get("title") or (heading.group(1) if heading else path.stem.replace("-", " ").capitalize())
    return Brief(path, title, meta.get("description") or "", actors, topics)


def _names(value: list[str]) -> tuple[str, ...]:
    """A schema-checked list of names, stripped, without the blank ones."""
    return tuple(name.strip() for name in value if name.strip())


def collect_briefs(hand_written: Mapping[PurePosixPath, bytes]) -> tuple[Brief, ...]:
    """Every Markdown page of docs/ that names an actor or topic, sorted by path."""
    briefs = []
    for path in sorted(hand_written):
        if path.suffix != ".md":
            continue
        brief = parse_brief(path, hand_written[path].decode("utf-8", errors="replace"))
        if brief is not None:
            briefs.append(brief)
    return tuple(briefs)


def resolve_actor(taxonomy: Taxonomy, name: str) -> ActorId | None:
    """The actor a front-matter name means: its canonical name (any case) or its slug."""
    wanted = slugify(name)
    return next((actor.id for actor in taxonomy.actors
                 if actor.name.casefold() == name.casefold() or actor.id == wanted), None)


def resolve_topic(taxonomy: Taxonomy, name: str) -> TopicId | None:
    wanted = slugify(name)
    return next((topic.id for topic in taxonomy.topics
                 if topic.name.casefold() == name.casefold() or topic.id == wanted), None)


def briefs_by_actor(briefs: Iterable[Brief], taxonomy: Taxonomy) -> dict[ActorId, tuple[Brief, ...]]:
    return _group(briefs, lambda brief: brief.actors, lambda name: resolve_actor(taxonomy, name))


def briefs_by_topic(briefs: Iterable[Brief], taxonomy: Taxonomy) -> dict[TopicId, tuple[Brief, ...]]:
    return _group(briefs, lambda brief: brief.topics, lambda name: resolve_topic(taxonomy, name))


def _group(briefs, names_of, resolve) -> dict:
    grouped: dict = {}
    for brief in briefs:
        for key in dict.fromkeys(filter(None, map(resolve, names_of(brief)))):
            grouped.setdefault(key, []).append(brief)
    # Stable order on every build: title, then path.
    return {key: tuple(sorted(items, key=lambda b: (b.title.casefold(), b.path.as_posix())))
            for key, items in sorted(grouped.items())}
