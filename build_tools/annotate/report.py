"""The summary printed by `python -m build_tools tag FILE --json`."""

from __future__ import annotations

from typing import Any

from ..models import Mention, Taxonomy, TopicScore


def summarise_tags(taxonomy: Taxonomy, mentions: tuple[Mention, ...],
                   topics: tuple[TopicScore, ...]) -> dict[str, Any]:
    """{"actors": [{"name","type","aliases","mentions"}], "topics": [{"name","score"}]}.

    Actors most mentioned first, then by name; "aliases" are the distinct surface
    forms found, sorted.
    """
    surfaces: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for mention in mentions:
        surfaces.setdefault(mention.actor, set()).add(mention.surface)
        counts[mention.actor] = counts.get(mention.actor, 0) + 1
    actors = sorted((taxonomy.actor(actor_id) for actor_id in counts),
                    key=lambda actor: (-counts[actor.id], actor.name))
    return {
        "actors": [{"name": actor.name, "type": str(actor.type),
                    "aliases": sorted(surfaces[actor.id]), "mentions": counts[actor.id]}
                   for actor in actors],
        "topics": [{"name": taxonomy.topic(score.topic).name, "score": score.score} for score in topics],
    }
