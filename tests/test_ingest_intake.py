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



def test_mojibake_pre_test_rests_on_what_ftfy_looks_for():
    """`may_be_mojibake` reads only stretches around non-ASCII characters: right while every sequence of ftfy's
    mojibake test needs a non-ASCII character and spans at most MOJIBAKE_REACH characters, with no look-around.
    A newer ftfy that breaks this fails here."""
    import re._constants as sre
    import re._parser as sre_parse
    from ftfy.badness import BADNESS_RE

    from build_tools.ingest.decode import MOJIBAKE_REACH

    parsed = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert parsed.getwidth()[1] <= MOJIBAKE_REACH
    [(branch, (_, sequences))] = list(parsed)
    assert branch is sre.BRANCH

    def non_ascii_only(op, argument) -> bool:
        if op is sre.LITERAL:
            return argument > 0x7F
        return op is sre.IN and all((o is sre.LITERAL and a > 0x7F) or (o is sre.RANGE and a[0] > 0x7F)
                                    for o, a in argument)
    for sequence in sequences:
        assert any(non_ascii_only(op, argument) for op, argument in sequence), sequence
        assert all(op not in (sre.ASSERT, sre.ASSERT_NOT) and (op is not sre.AT or argument is sre.AT_BEGINNING)
                   for op, argument in sequence), sequence


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "cp1251", "mac_roman", "cp437", "cp1253"])
def test_mojibake_pre_test_passes_every_line_ftfy_repairs(encoding):
    import ftfy

    from build_tools.ingest.decode import _MOJIBAKE_ONLY, may_be_mojibake

    lines = [*Path("tests/fixtures").rglob("*.txt"), *Path("corpus/raw").glob("*.txt")]
    text = [line for path in lines for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
            if not line.isascii()]
    garbled = []
    for line in text:
        try:
            garbled.append(line.encode("utf-8").decode(encoding))
        except UnicodeDecodeError:
            pass
    assert len(garbled) > 100
    for line in [*text, *garbled, "Ã la carte", "\u0092quoted\u0094"]:
        if not may_be_mojibake(line):
            fixed = ftfy.fix_and_explain(line, config=_MOJIBAKE_ONLY)
            assert (fixed.text, fixed.explanation) == (line, []), line
