"""The actor co-mention network, laid out at build time as a static, clickable SVG.

Only the most-mentioned actors are drawn so the picture stays readable at any
corpus size; the layout is seeded and rounded so two builds give the same SVG.
"""

from __future__ import annotations

import html
import math

import networkx as nx

from ..models import ActorId
from .site_index import SiteIndex

WIDTH, HEIGHT, MARGIN = 960, 720, 60
MAX_NODES = 60


def co_mention_graph(index: SiteIndex, max_nodes: int = MAX_NODES) -> nx.Graph:
    graph = nx.Graph()
    actors = index.mentioned_actors[:max_nodes]
    kept = set(actors)
    for actor in actors:
        graph.add_node(actor, mentions=index.mention_counts[actor])
    for actor in actors:
        for other, count in sorted(index.co_mentions.get(actor, {}).items()):
            if other in kept and actor < other:
                graph.add_edge(actor, other, weight=count)
    return graph


def render_network_svg(index: SiteIndex, actor_href) -> str:
    """`actor_href(actor_id)` gives the URL of an actor page as seen from the page embedding the SVG."""
    graph = co_mention_graph(index)
    if not graph:
        return '<p class="network-empty">No actors yet.</p>'
    positions = nx.spring_layout(graph, seed=7, weight="weight", k=1.6 / math.sqrt(len(graph)))
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    def place(actor: ActorId) -> tuple[int, int]:
        x, y = positions[actor]
        return (round(MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN)),
                round(MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN)))

    heaviest = max((d["weight"] for *_, d in graph.edges(data=True)), default=1)
    most = max(d["mentions"] for _, d in graph.nodes(data=True))
    parts = [f'<svg class="network" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="Network of actors mentioned in the same articles">']
    for a, b, data in sorted(graph.edges(data=True)):
        (x1, y1), (x2, y2) = place(a), place(b)
        width = round(0.5 + 4 * data["weight"] / heaviest, 1)
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{width}">'
                     f'<title>{data["weight"]} articles</title></line>')
    for actor, data in sorted(graph.nodes(data=True)):
        x, y = place(actor)
        radius = round(5 + 14 * math.sqrt(data["mentions"] / most), 1)
        name = html.escape(index.taxonomy.actor(actor).name)
        parts.append(f'<a href="{html.escape(actor_href(actor))}"><circle cx="{x}" cy="{y}" r="{radius}" '
                     f'class="type-{index.taxonomy.actor(actor).type.value}"><title>{name}: '
                     f'{data["mentions"]} mentions</title></circle>'
                     f'<text x="{x}" y="{y - radius - 4}">{name}</text></a>')
    parts.append("</svg>")
    return "".join(parts)
