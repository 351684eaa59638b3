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
from dataclasses import dataclass

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


@dataclass(frozen=True)
class NetworkFigure:
    drawing: str
    """The SVG and the actors' names as links over it, for a `network-figure` container."""
    table: str
    """The same graph as a table, for readers who cannot see the drawing."""


def render_network(index: SiteIndex, actor_href) -> NetworkFigure:
    """The network: an SVG of lines and circles with the actors' names as HTML links over it, and the same
    graph as a table. `actor_href(actor_id)` gives the URL of an actor page as seen from the embedding page.

    The links are HTML, not SVG `<a>`: Material's instant navigation rewrites every `href` on a page it loads,
    and an SVG link's `href` cannot be set, so an SVG link stopped navigation to this page with a TypeError."""
    graph = co_mention_graph(index)
    if not graph:
        return NetworkFigure('<p class="network-empty">No actors yet.</p>', "")
    order = circle_order(graph)
    angle = {actor: 2 * math.pi * i / len(order) - math.pi / 2 for i, actor in enumerate(order)}

    def point(actor: ActorId, radius: float) -> tuple[float, float]:
        return (round(SIZE / 2 + radius * math.cos(angle[actor]), 1),
                round(SIZE / 2 + radius * math.sin(angle[actor]), 1))

    heaviest = max((d["weight"] for *_, d in graph.edges(data=True)), default=1)
    most = max(d["mentions"] for _, d in graph.nodes(data=True))
    radius = {actor: round(4 + 12 * math.sqrt(graph.nodes[actor]["mentions"] / most), 1) for actor in order}
    # The picture is for the eye; the links below and the table say the same to a screen reader.
    parts = [f'<svg class="network" viewBox="0 0 {SIZE} {SIZE}" aria-hidden="true" focusable="false">']
    for a, b, data in sorted(graph.edges(data=True)):
        (x1, y1), (x2, y2) = point(a, RADIUS), point(b, RADIUS)
        share = data["weight"] / heaviest
        parts.append(f'<path d="M{x1} {y1} Q{SIZE / 2} {SIZE / 2} {x2} {y2}" '
                     f'stroke-width="{round(0.6 + 5 * share, 1)}" stroke-opacity="{round(0.25 + 0.6 * share, 2)}">'
                     f'<title>{_name(index, a)} and {_name(index, b)}: {counted(data["weight"], "article")}</title></path>')
    for actor in order:
        x, y = point(actor, RADIUS)
        parts.append(f'<circle cx="{x}" cy="{y}" r="{radius[actor]}" '
                     f'class="type-{index.taxonomy.actor(actor).type.value}"/>')
    parts.append('</svg><ul class="network-nodes">')
    for actor in order:
        parts.append(f"<li>{_node_link(index, actor, point(actor, RADIUS), radius[actor], angle[actor], actor_href)}</li>")
    parts.append("</ul>")
    return NetworkFigure("".join(parts), _network_table(index, graph, order, actor_href))


def _node_link(index: SiteIndex, actor: ActorId, centre: tuple[float, float], radius: float, angle: float,
               actor_href) -> str:
    """An actor's name as a link laid over its circle, turned outwards along its radius (site.css places it:
    position in per cent of the figure, circle radius in hundredths of its width)."""
    x, y = centre
    outward_right = math.cos(angle) >= 0
    rotation = round(math.degrees(angle) + (0 if outward_right else 180), 1)
    side = "start" if outward_right else "end"
    mentions = counted(index.mention_counts[actor], "mention")
    return (f'<a class="network-node network-node--{side}" href="{html.escape(actor_href(actor))}" '
            f'style="left:{round(x / SIZE * 100, 2)}%;top:{round(y / SIZE * 100, 2)}%;'
            f'--r:{round(radius / SIZE * 100, 2)};--angle:{rotation}deg" '
            f'title="{_name(index, actor)}: {mentions}">{html.escape(short_label(index.taxonomy.actor(actor)))}</a>')


def _network_table(index: SiteIndex, graph: nx.Graph, order: list[ActorId], actor_href) -> str:
    """The drawn graph as a table: each actor, its mentions, and the actors it is linked to with the number of
    articles they share, strongest first."""
    rows = []
    for actor in order:
        links = sorted(graph[actor].items(), key=lambda item: (-item[1]["weight"], item[0]))
        linked = ", ".join(f'<a href="{html.escape(actor_href(other))}">{_name(index, other)}</a> '
                           f'({data["weight"]})' for other, data in links)
        rows.append(f'<tr><th scope="row"><a href="{html.escape(actor_href(actor))}">{_name(index, actor)}</a></th>'
                    f'<td>{index.mention_counts[actor]}</td><td>{linked}</td></tr>')
    return ('<details class="network-table"><summary>The network as a table</summary><table>'
            '<thead><tr><th scope="col">Actor</th><th scope="col">Mentions</th>'
            '<th scope="col">Linked to (articles shared)</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></details>')


def _name(index: SiteIndex, actor: ActorId) -> str:
    return html.escape(index.taxonomy.actor(actor).name)


def short_label(actor: Actor) -> str:
    """Long names would crowd the circle: "Collective Security Treaty Organization" is drawn as "CSTO"."""
    if len(actor.name) > 18 and actor.abbreviations:
        return actor.abbreviations[0]
    return actor.name
