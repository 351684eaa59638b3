"""Property tests: the splitter never crashes, and leaves clean articles alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.config import load_config
from build_tools.ingest.rules import load_rules
from build_tools.ingest.segment import parse_raw_lines
from build_tools.models import BlockKind

RULES = load_rules()
PATH = PurePosixPath("corpus/raw/generated.txt")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_ingest_arbitrary_unicode_never_crashes(text):
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    result = parse_raw_lines(lines, PATH, RULES)
    for draft in result.drafts:
        assert draft.title
        assert all("\n\n" not in block.text and block.text for block in draft.blocks)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\t", "By", "by X", "Photo:", "Notes", "[1]", "1.", "•", "—-",
                                 "July 4, 2020", "31 February 2020", "Share this:", "Leave a Reply",
                                 "A Title", "A Title", "TITLE", "Text.", "ISBN", "x | 01.02.2020 | y",
                                 "BISHKEK – Text.", "3 thoughts on x", "Posted by ab_c", "\ufeff", "\x0b"]),
                max_size=60))
def test_ingest_adversarial_lines_never_crash(lines):
    parse_raw_lines(tuple(lines), PATH, RULES)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
# A line ending in a function word ("… the", "… of") is read as a sentence cut by the scrape, never as a
# headline (rules: headline_bad_last_words), so a clean article's title does not end in one.
_TITLE = (st.lists(_WORD, min_size=2, max_size=8)
          .filter(lambda ws: ws[-1] not in RULES.headline_bad_last_words)
          .map(lambda ws: " ".join([ws[0].capitalize(), *ws[1:]])))
_SENTENCE = st.lists(_WORD, min_size=4, max_size=18).map(lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]) + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_TITLE, st.lists(_PARAGRAPH, min_size=1, max_size=8))
def test_ingest_clean_article_is_unchanged(title, paragraphs):
    raw = "\n\n".join([title, *paragraphs]) + "\n"
    result = parse_raw_lines(tuple(raw.split("\n")[:-1]), PATH, RULES)
    assert len(result.drafts) == 1
    draft = result.drafts[0]
    assert draft.title == title
    assert [b.text for b in draft.blocks] == paragraphs
    assert all(b.kind is BlockKind.PARAGRAPH for b in draft.blocks)
    assert result.dropped == ()


def test_ingest_clean_article_through_files(tmp_path):
    (tmp_path / "clean.txt").write_text("A clean title\n\nFirst paragraph.\n\nSecond paragraph.\n", encoding="utf-8")
    config = replace(load_config(), raw_dir=tmp_path, corrections_dir=tmp_path / "none")
    from build_tools.ingest import ingest_files
    article = ingest_files([tmp_path / "clean.txt"], config).articles[0]
    assert (article.title, article.text) == ("A clean title", "First paragraph.\n\nSecond paragraph.")
