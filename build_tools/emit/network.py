"""The actor co-mention network, drawn at build time as a static, clickable SVG.

Actors sit on a circle, ordered by community (networkx's modularity
clustering) so that most lines stay short, with labels outside the circle so
they never overlap the lines. Only the most-mentioned actors and their
strongest links are drawn, so the picture stays readable at any corpus size.
Everything is sorted and rounded, so two builds give the same SVG.
"""

from __future__ import annotations

import html
import math

import networkx as nx
from networkx.algorithms.community import greedy_modularity_communities

from ..models import Actor, ActorId
from .markdown import counted
from .site_index import SiteIndex

SIZE, RADIUS = 1000, 330
MAX_NODES = 48
MAX_EDGES_PER_NODE = 6


def co_mention_graph(index: SiteIndex, max_nodes: int = MAX_NODES) -> nx.Graph:
    """The most-mentioned actors, each linked to the actors it shares most articles with."""
    graph = nx.Graph()
    actors = index.mentioned_actors[:max_nodes]
    kept = set(actors)
    for actor in actors:
        graph.add_node(actor, mentions=index.mention_counts[actor])
    for actor in actors:
        strongest = [(other, n) for other, n in index.top_co_mentioned(actor, len(kept)) if other in kept]
        for other, count in strongest[:MAX_EDGES_PER_NODE]:
            graph.add_edge(actor, other, weight=count)
    return graph


def circle_order(graph: nx.Graph) -> list[ActorId]:
    """Actors grouped by community, largest community first, by mentions within one."""
    communities = greedy_modularity_communities(graph, weight="weight") if graph.number_of_edges() else [set(graph)]
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    mentions = nx.get_node_attributes(graph, "mentions")
    return [actor for community in ordered for actor in sorted(community, key=lambda a: (-mentions[a], a))]


def render_network_svg(index: SiteIndex, actor_href) -> str:
    """`actor_href(actor_id)` gives the URL of an actor page as seen from the page embedding the SVG."""
    graph = co_mention_graph(index)
    if not graph:
        return '<p class="network-empty">No actors yet.</p>'
    order = circle_order(graph)
    angle = {actor: 2 * math.pi * i / len(order) - math.pi / 2 for i, actor in enumerate(order)}

    def point(actor: ActorId, radius: float) -> tuple[float, float]:
        return (round(SIZE / 2 + radius * math.cos(angle[actor]), 1),
                round(SIZE / 2 + radius * math.sin(angle[actor]), 1))

    heaviest = max((d["weight"] for *_, d in graph.edges(data=True)), default=1)
    most = max(d["mentions"] for _, d in graph.nodes(data=True))
    parts = [f'<svg class="network" viewBox="0 0 {SIZE} {SIZE}" role="img" '
             f'aria-label="Network of actors mentioned in the same articles">']
    for a, b, data in sorted(graph.edges(data=True)):
        (x1, y1), (x2, y2) = point(a, RADIUS), point(b, RADIUS)
        share = data["weight"] / heaviest
        parts.append(f'<path d="M{x1} {y1} Q{SIZE / 2} {SIZE / 2} {x2} {y2}" '
                     f'stroke-width="{round(0.6 + 5 * share, 1)}" stroke-opacity="{round(0.25 + 0.6 * share, 2)}">'
                     f'<title>{_name(index, a)} and {_name(index, b)}: {counted(data["weight"], "article")}</title></path>')
    for actor in order:
        mentions = graph.nodes[actor]["mentions"]
        x, y = point(actor, RADIUS)
        lx, ly = point(actor, RADIUS + 22)
        anchor = "start" if math.cos(angle[actor]) >= 0 else "end"
        rotation = round(math.degrees(angle[actor]) + (0 if anchor == "start" else 180), 1)
        parts.append(
            f'<a href="{html.escape(actor_href(actor))}">'
            f'<circle cx="{x}" cy="{y}" r="{round(4 + 12 * math.sqrt(mentions / most), 1)}" '
            f'class="type-{index.taxonomy.actor(actor).type.value}">'
            f'<title>{_name(index, actor)}: {counted(mentions, "mention")}</title></circle>'
            f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" dominant-baseline="middle" '
            f'transform="rotate({rotation} {lx} {ly})">{html.escape(short_label(index.taxonomy.actor(actor)))}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


def _name(index: SiteIndex, actor: ActorId) -> str:
    return html.escape(index.taxonomy.actor(actor).name)


def short_label(actor: Actor) -> str:
    """Long names would crowd the circle: "Collective Security Treaty Organization" is drawn as "CSTO"."""
    if len(actor.name) > 18 and actor.abbreviations:
        return actor.abbreviations[0]
    return actor.name
