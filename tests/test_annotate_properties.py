"""Property tests: arbitrary Unicode never crashes the tagger, and spans are honest."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.annotate import Annotator, load_taxonomy
from build_tools.annotate.normalize import _TRANSLATE, fold_text
from build_tools.annotate.relations import split_sentences
from build_tools.models import ArticleId

FIXTURE = Path(__file__).parent / "fixtures" / "annotate" / "taxonomy"
ANNOTATOR = Annotator(load_taxonomy(FIXTURE, FIXTURE.parents[3]))

# Text that is likely to hit terms and every normalisation path: taxonomy words, their
# case variants, punctuation, typographic and invisible characters, combining marks.
PIECES = ["Russia", "RUSSIA", "russia", "US", "us", "U.S.", "USAID", "Oman", "Romania", "Washington Post",
          "Washington", "Georgia", "Atlanta", "Chad", "he", "Sino-", "Collective Security Treaty",
          "Organization", "the Kremlin", "Türkiye", "Tu\u0308rkiye", "\u00ad", "\u200d", "\ufb01", "\u2019s",
          "'", "-", "\u2014", "\u00a0", " ", "\n\n", ".", "İ", "ß", "\u0438", "\u00e9", "\u00aa", "\u00a9", "\uff35\uff33", "Mr.", "agreement", "war"]
texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_annotate_spans_point_at_their_surface(text: str):
    mentions = ANNOTATOR.mentions(text)
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.surface
        assert mention.start >= previous_end  # sorted, never overlapping
        previous_end = mention.end
    assert ANNOTATOR.mentions(text) == mentions  # deterministic


@settings(max_examples=300, deadline=None)
@given(texts)
def test_annotate_never_crashes_on_topics_and_relations(text: str):
    ANNOTATOR.topics(text)
    for evidence in ANNOTATOR.relations(ArticleId("a"), text, ANNOTATOR.mentions(text)):
        assert evidence.actors[0] < evidence.actors[1]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_annotate_fold_is_aligned(text: str):
    folded = fold_text(text)
    assert len(folded.norm) == len(folded.cased) == len(folded.lowered)
    if folded.starts is None:
        assert len(folded.norm) == len(text)
    else:
        assert len(folded.starts) == len(folded.ends) == len(folded.norm)
        assert all(0 <= s < e <= len(text) for s, e in zip(folded.starts, folded.ends))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_annotate_sentences_cover_text_in_order(text: str):
    spans = split_sentences(text)
    assert all(s < e for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Russia", "Moscow", "NATO", "the US", "Karimov", "Tashkent"]), min_size=1, max_size=6),
       st.sampled_from([" ", ", ", "\u2019s ", "-", " and ", "\u00a0"]))
def test_annotate_finds_every_planted_term(terms: list[str], separator: str):
    text = separator.join(terms) + "."
    surfaces = [m.surface for m in ANNOTATOR.mentions(text)]
    assert surfaces == [term.removeprefix("the ") for term in terms]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_annotate_fast_fold_paths_equal_the_plain_definition(text: str):
    # Whatever path fold_text takes, where it keeps offsets its fold must equal the
    # plain per-character definition: typographic replacements, then non-alnum -> space.
    folded = fold_text(text)
    if folded.starts is None:
        plain = "".join(ch if ch.isalnum() else " " for ch in text.translate(_TRANSLATE))
        assert folded.cased == plain
        assert folded.norm == text.translate(_TRANSLATE)


# The sentence and name regexes are written to open with a character set (speed); each
# must find exactly what its plain form finds, with and without pos/endpos.
_SENTENCE_END_PLAIN = r"[.!?]+[\"'\u201d\u2019)\]]*(?:\s+|$)|\n\s*\n"
REGEX_PIECES = ["Al-Qaeda", "USA", "U.S.", "of", " of ", " van ", "Hamid", "ABCs", "\u2019s", "_", "x", "1",
                "é", "-", ".", "!", "?", "\"", ")", "\u201d", " ", "\n", "\n \n", "\t"]
regex_texts = st.lists(st.one_of(st.sampled_from(REGEX_PIECES), st.text(max_size=2)), max_size=20).map("".join)


@settings(max_examples=400, deadline=None)
@given(regex_texts, st.integers(0, 60), st.integers(0, 60))
def test_annotate_fast_regexes_match_their_plain_forms(text: str, pos: int, length: int):
    import re

    from build_tools.annotate import relations, suggestions
    pos = min(pos, len(text))
    endpos = min(len(text), pos + length)
    pairs = [(re.compile(_SENTENCE_END_PLAIN), relations._END),
             (re.compile(rf"\b{suggestions._WORD}{suggestions._RUN_TAIL}"), suggestions._RUN),
             (re.compile(rf"\b{suggestions._WORD}\b"), suggestions._BOUNDED_WORD)]
    for plain, fast in pairs:
        assert ([m.span() for m in plain.finditer(text, pos, endpos)]
                == [m.span() for m in fast.finditer(text, pos, endpos)]), fast.pattern
        assert plain.findall(text[pos:endpos]) == fast.findall(text[pos:endpos])
