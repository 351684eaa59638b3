"""Text intake: a stray byte, mojibake and invisible characters are repaired at decoding, and said so."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.config import load_config
from build_tools.ingest import ingest_files, render_report

STORY = ("Russia’s grain deal with Kazakhstan\n\nBy Olga Petrova\n\nMarch 3, 2019\n\n"
         "Moscow and Astana signed the grain deal on Monday, officials in both capitals said.\n")


@pytest.fixture
def config(tmp_path: Path):
    return replace(load_config(), raw_dir=tmp_path, corrections_dir=tmp_path / "none")


def _ingest(config, tmp_path: Path, data: bytes):
    path = tmp_path / "raw.txt"
    path.write_bytes(data)
    return ingest_files([path], config)


def test_ingest_one_bad_byte_costs_one_character_not_the_file(config, tmp_path):
    data = STORY.encode("utf-8").replace(b"on Monday", b"on Mon\xffday")
    result = _ingest(config, tmp_path, data)
    [article] = result.articles
    assert article.title == "Russia’s grain deal with Kazakhstan"
    assert article.text == "Moscow and Astana signed the grain deal on Mon\ufffdday, officials in both capitals said."
    assert any("line 7: invalid UTF-8" in warning.message for warning in result.reports[0].warnings)


def test_ingest_repairs_mojibake_and_says_on_which_line(config, tmp_path):
    garbled = STORY.replace("Russia’s", "Russia’s".encode("utf-8").decode("mac_roman"))
    garbled = garbled.replace("Moscow", "Москва".encode("utf-8").decode("latin-1"))
    result = _ingest(config, tmp_path, garbled.encode("utf-8"))
    [article] = result.articles
    assert article.title == "Russia’s grain deal with Kazakhstan"
    assert article.text.startswith("Москва and Astana")
    assert "raw.txt:1: lines 1, 7: mojibake repaired" in render_report(result.reports[0])


@pytest.mark.parametrize("invisible", ["\x1b", "\x07", "\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f",
                                       "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\x8d"])
def test_ingest_removes_control_bidi_and_zero_width_characters(config, tmp_path, invisible):
    text = STORY.replace("grain", f"gr{invisible}ain").replace("Olga", f"Ol{invisible}ga")
    result = _ingest(config, tmp_path, text.encode("utf-8"))
    [article] = result.articles
    assert (article.title, article.authors) == ("Russia’s grain deal with Kazakhstan", ("Olga Petrova",))
    assert "grain deal on Monday" in article.text
    assert "lines 1, 3, 7:" in render_report(result.reports[0])

