"""Mentions and articles per year as a static SVG bar chart (build_tools/emit/charts.py)."""

from __future__ import annotations

import re

from build_tools.emit.charts import render_year_chart


def _bars(svg: str) -> list[float]:
    return [float(height) for height in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]


def test_chart_draws_every_year_between_the_first_and_last_with_gaps_as_empty_bars():
    svg = render_year_chart([(2016, 4), (2019, 2), (None, 9)], "mentions")
    assert re.findall(r'class="year"[^>]*>([^<]+)<', svg) == ["2016", "2017", "2018", "2019", "n.d."]
    heights = _bars(svg)
    assert len(heights) == 4, "one bar per dated year; undated is a count, not a bar"
    assert heights[0] == 2 * heights[3] and heights[1] == heights[2] == 0


def test_chart_names_every_figure_for_a_screen_reader():
    svg = render_year_chart([(2020, 3), (2021, 1), (None, 5)], "articles")
    assert 'role="img"' in svg
    assert 'aria-label="Articles per year: 2020: 3, 2021: 1, n.d.: 5"' in svg


def test_no_chart_without_a_dated_count():
    assert render_year_chart([(None, 6)], "articles") == ""
    assert render_year_chart([], "mentions") == ""


def test_actor_and_topic_pages_carry_the_chart(built_small):
    config, _ = built_small
    pages = [config.site_dir / "actors" / "kazakhstan" / "index.html",
             *sorted((config.site_dir / "topics").glob("*/index.html"))]
    charted = [page for page in pages if 'class="year-chart"' in page.read_text(encoding="utf-8")]
    assert pages[0] in charted and len(charted) >= 2
