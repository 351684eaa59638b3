"""Hard raw inputs: each gives a sensible result or an error naming the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.config import load_config
from build_tools.errors import BuildFailed
from build_tools.ingest import ingest_files, render_report


@pytest.fixture
def config(tmp_path: Path):
    return replace(load_config(), raw_dir=tmp_path, corrections_dir=tmp_path / "none")


def _ingest(config, tmp_path: Path, data: bytes, name: str = "raw.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return ingest_files([path], config)


def test_ingest_empty_file_warns_without_article(config, tmp_path):
    result = _ingest(config, tmp_path, b"\n  \n")
    assert result.articles == ()
    assert "empty file" in result.reports[0].warnings[0].message


def test_ingest_binary_file_is_a_source_error(config, tmp_path):
    with pytest.raises(BuildFailed, match=r"raw\.txt:3: binary data"):
        _ingest(config, tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_ingest_unreadable_file_is_a_source_error(config, tmp_path):
    with pytest.raises(BuildFailed, match=r"missing\.txt:\?: cannot read"):
        ingest_files([tmp_path / "missing.txt"], config)


def test_ingest_errors_are_collected_across_files(config, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01")
    (tmp_path / "b.txt").write_bytes(b"\x00\x02")
    with pytest.raises(BuildFailed) as failure:
        ingest_files([tmp_path / "a.txt", tmp_path / "b.txt"], config)
    assert len(failure.value.errors) == 2


def test_ingest_latin1_falls_back_with_warning(config, tmp_path):
    result = _ingest(config, tmp_path, "Café culture\n\nBy Renée Martin\n\nThe cafés are full.\n".encode("latin-1"))
    assert result.articles[0].title == "Café culture"
    assert "not valid UTF-8" in result.reports[0].warnings[0].message


def test_ingest_bom_and_windows_line_endings(config, tmp_path):
    result = _ingest(config, tmp_path, "\ufeffTitle here\r\n\r\nBody text.\r\n".encode("utf-8"))
    article = result.articles[0]
    assert article.title == "Title here" and article.text == "Body text."


def test_ingest_single_paragraph_without_headline(config, tmp_path):
    result = _ingest(config, tmp_path, b"Officials met in Samarkand on Monday. The talks went well.\n")
    article = result.articles[0]
    assert article.title == "Officials met in Samarkand on Monday."
    assert article.text == "Officials met in Samarkand on Monday. The talks went well."
    assert "no headline" in result.reports[0].warnings[0].message


def test_ingest_impossible_date_warns_with_file_and_line(config, tmp_path):
    result = _ingest(config, tmp_path, b"Border reopens\n\n31 February 2020\n\nTrucks crossed again.\n")
    assert result.articles[0].date is None
    assert any("raw.txt:3:" in str(w) and "31 February 2020" in w.message for w in result.reports[0].warnings)


@pytest.mark.slow
def test_ingest_splits_a_20_megabyte_file(config, tmp_path):
    """Every article of a 20 MB file comes out; its speed is `bench --long-article`'s to print, not a timed test's."""
    block = ("Headline number {n} about the steppe\n\nBy Jane Doe\n\nMarch 3, 2020\n\n"
             + "Report {n} opens here. " + "A long paragraph of ordinary prose about trade and water. " * 12 + "\n\n"
             + "Section heading\n\n" + "Another paragraph that is merely text, plain and long enough. " * 10
             + "\n\nShare this:\n\n")
    data = "".join(block.format(n=n) for n in range(14_000)).encode()
    assert len(data) > 19_000_000
    result = _ingest(config, tmp_path, data)
    assert len(result.articles) == 14_000
    assert result.articles[-1].title == "Headline number 13999 about the steppe"


def test_render_report_lists_dropped_lines_with_reasons(config, tmp_path):
    result = _ingest(config, tmp_path, b"Title\n\nTitle\n\nBody.\n\nLeave a Reply\n")
    text = render_report(result.reports[0])
    assert "line     3  [repeated headline]  Title" in text
    assert "line     7  [comment form]  Leave a Reply" in text
