"""Small bar charts of counts per year, drawn at build time as static SVG (no script, no request).

The years between the first and the last count are all drawn, empty ones too, so that a gap in the
coverage shows as a gap. Undated articles are a count at the end, not a bar: scraped corpora often have
more of them than of any year, and a bar that tall would flatten the years, which are what the chart is for. The whole series is also
the chart's accessible name, so a screen reader gets every figure the eye does.
"""

from __future__ import annotations

from collections.abc import Sequence

WIDTH, HEIGHT = 640, 150
TOP, BOTTOM = 18, 22
"""Room above the bars for their counts, and below them for the years."""
MAX_LABELS = 16
"""At most this many year labels under the bars; past that every n-th year is labelled."""


def render_year_chart(counts: Sequence[tuple[int | None, int]], what: str) -> str:
    """An SVG bar chart of `counts`, (year or None for undated, count) pairs; `what` names the count
    ("mentions", "articles") in the chart's accessible name. Empty when no count is dated: there is no time
    to chart."""
    bars = _every_year(counts)
    if all(year is None for year, _ in bars):
        return ""
    most = max((count for year, count in bars if year is not None), default=0) or 1
    step = WIDTH / len(bars)
    label_every = -(-len(bars) // MAX_LABELS)
    name = f"{what.capitalize()} per year: " + ", ".join(f"{_year_label(year)}: {count}" for year, count in bars)
    parts = [f'<svg class="year-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{name}">']
    for position, (year, count) in enumerate(bars):
        height = round((HEIGHT - TOP - BOTTOM) * count / most, 1) if year is not None else 0
        x, y = round(position * step + step * 0.15, 1), round(HEIGHT - BOTTOM - height, 1)
        middle = round(position * step + step / 2, 1)
        if year is not None:
            parts.append(f'<rect x="{x}" y="{y}" width="{round(step * 0.7, 1)}" height="{height}"/>')
        if count:
            parts.append(f'<text class="count" x="{middle}" y="{round(y - 4, 1)}">{count}</text>')
        if position % label_every == 0 or year is None:
            parts.append(f'<text class="year" x="{middle}" y="{HEIGHT - 6}">{_year_label(year)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _every_year(counts: Sequence[tuple[int | None, int]]) -> list[tuple[int | None, int]]:
    """Each year from the first to the last with a count (0 where none), then undated, if any."""
    by_year = dict(counts)
    dated = [year for year in by_year if year is not None]
    span = range(min(dated), max(dated) + 1) if dated else range(0)
    return [(year, by_year.get(year, 0)) for year in span] + ([(None, by_year[None])] if None in by_year else [])


def _year_label(year: int | None) -> str:
    return "n.d." if year is None else str(year)
