from __future__ import annotations

from build_tools.config import load_config
from build_tools.ingest import read_corpus, render_report


def test_read_corpus_bundled_files_split_into_articles():
    result = read_corpus(load_config())
    assert len(result.articles) >= 15
    assert all("\n\n" not in block.text for a in result.articles for block in a.blocks)
    assert len({a.id for a in result.articles}) == len(result.articles)
    assert all(render_report(r) for r in result.reports)
