"""Quotations end to end: a raw file's speech reaches the speaker's actor page, linked to its paragraph, and
quotes.csv."""

from __future__ import annotations

import csv
import io
import re

from conftest import download_text


def test_actor_page_shows_the_quote_linked_to_its_paragraph(built_small):
    config, _ = built_small
    page = (config.site_dir / "actors" / "russia" / "index.html").read_text("utf-8")
    section = page.partition('id="what-they-said"')[2].partition("<h2")[0]
    assert "Moscow said the exercises show that Russia will defend Tajikistan" in section
    link = re.search(r'href="([^"]*articles/([^/"]+)/#(paragraph-\d+))"', section)
    assert link, section
    article = (config.site_dir / "articles" / link.group(2) / "index.html").read_text("utf-8")
    paragraph = article.partition(f'id="{link.group(3)}"')[2].partition("</p>")[0]
    assert "said the exercises show" in paragraph


def test_quotes_csv_holds_the_quote(built_small):
    config, _ = built_small
    rows = list(csv.DictReader(io.StringIO(download_text(config.site_dir, "quotes.csv"))))
    assert [(row["speaker"], row["speaker_name"], row["kind"]) for row in rows] == [("russia", "Russia", "reported")]
    assert rows[0]["quote"].startswith("Moscow said the exercises") and rows[0]["date"]
    # "officials in Tashkent said": the city is not the subject, so Uzbekistan is not quoted
    assert not any(row["speaker"] == "uzbekistan" for row in rows)


def test_a_hostile_quote_is_shown_literally(corpus, tmp_path):
    from build_tools.pipeline import build
    from conftest import config_for
    raw = corpus / "raw" / "border_watch.txt"
    hostile = '“<script>alert(1)</script> [x](javascript:alert(1)) {{ config }} is ours,” said Moscow.'
    raw.write_text(raw.read_text(encoding="utf-8").replace(
        "China, which is not", f"{hostile}\n\nChina, which is not"), encoding="utf-8")
    config = config_for(corpus, tmp_path)
    build(config)
    section = ((config.site_dir / "actors" / "russia" / "index.html").read_text("utf-8")
               .partition('id="what-they-said"')[2].partition("<h2")[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section  # shown as text
    assert "<script>" not in section and 'href="javascript' not in section
