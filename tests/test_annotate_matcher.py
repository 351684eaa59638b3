"""Actor matching: boundaries, case, punctuation, leftmost-longest, ambiguity rules, spans."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from build_tools.annotate import Annotator, load_taxonomy
from build_tools.annotate.matcher import plural_demonym
from build_tools.annotate.normalize import fold_text

FIXTURE = Path(__file__).parent / "fixtures" / "annotate" / "taxonomy"


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(load_taxonomy(FIXTURE, FIXTURE.parents[3]))


def found(annotator: Annotator, text: str) -> list[tuple[str, str]]:
    mentions = annotator.mentions(text)
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.surface
    return [(m.surface, m.actor) for m in mentions]


@pytest.mark.parametrize("text, expected", [
    # word boundaries
    ("USAID said", [("USAID", "united-states-agency-for-international-development")]),
    ("in Romania today", [("Romania", "romania")]),
    ("Omani and Romanian", [("Omani", "oman"), ("Romanian", "romania")]),
    ("Russianness is not", []),
    # case rules: abbreviations exactly; other terms as written, capitalised or ALL CAPS
    ("let us go", []),
    ("the US said", [("US", "united-states")]),
    ("Us and them", []),
    ("the kremlin", []),
    ("The Kremlin said", [("The Kremlin", "russia")]),
    ("the Kremlin said", [("the Kremlin", "russia")]),
    ("turkey for dinner", []),
    ("AFTER DEFEAT IN SYRIA ISIS MILITANTS", [("SYRIA", "syria"), ("ISIS", "islamic-state")]),
    ("LET US PRAY", []),
    ("THE US AND NATO", [("US", "united-states"), ("NATO", "north-atlantic-treaty-organization")]),
    ("NATO US", [("NATO", "north-atlantic-treaty-organization"), ("US", "united-states")]),
    ("WHY US TROOPS", [("US", "united-states")]),
    ("SAYS US GENERAL", [("US", "united-states")]),
    ("JOIN US TODAY", []),
    ("PRAY FOR US.", []),
    ("THE WAR IS OVER", []),
    ("WHO IS IS?", []),
    ("US, NATO and CSTO", [("US", "united-states"), ("NATO", "north-atlantic-treaty-organization"),
                           ("CSTO", "collective-security-treaty-organization")]),
    ("Is it IS?", [("IS", "islamic-state")]),
    # possessives, curly apostrophes, dashes, hyphenated compounds
    ("Russia's army", [("Russia", "russia")]),
    ("Russia\u2019s army", [("Russia", "russia")]),
    ("the US\u2019 new plan", [("US", "united-states")]),
    ("Russia-China ties", [("Russia", "russia"), ("China", "china")]),
    ("Russia\u2013China ties", [("Russia", "russia"), ("China", "china")]),
    ("Afghan-Pakistani border", [("Afghan", "afghanistan"), ("Pakistani", "pakistan")]),
    ("Pakistan-Afghanistan-Uzbekistan (PAKAFUZ)",
     [("Pakistan", "pakistan"), ("Afghanistan", "afghanistan"), ("Uzbekistan", "uzbekistan")]),
    ("Sino-Russian relations", [("Sino-", "china"), ("Russian", "russia")]),
    ("Sino relations", []),
    ("the U.S. military", [("U.S.", "united-states")]),
    ("the U.S.A. too", [("U.S.A.", "united-states")]),
    ("Astana or Nur-Sultan", [("Astana", "kazakhstan"), ("Nur-Sultan", "kazakhstan")]),
    ("Nur Sultan", [("Nur Sultan", "kazakhstan")]),
    # plural demonyms are generated
    ("Russians and Afghans and Pakistanis", [("Russians", "russia"), ("Afghans", "afghanistan"),
                                              ("Pakistanis", "pakistan")]),
    ("the Chinese", [("Chinese", "china")]),
    # leftmost-longest, not_in phrases
    ("the Collective Security Treaty Organization met",
     [("Collective Security Treaty Organization", "collective-security-treaty-organization")]),
    ("the Washington Post reported from Washington", [("Washington Post", "washington-post"),
                                                      ("Washington", "united-states")]),
    ("the Latin America desk of The Washington Post", [("The Washington Post", "washington-post")]),
    ("George Washington slept here", []),
    ("in Latin America", []),
    ("the Islamic State of Iraq and Syria", [("Islamic State of Iraq and Syria", "islamic-state")]),
    ("Vladimir Putin and Putin", [("Vladimir Putin", "vladimir-putin"), ("Putin", "vladimir-putin")]),
    ("the Indian Ocean", []),
    # veto_near within the window; not_in
    ("Atlanta, Georgia is hot", []),
    ("He moved to Atlanta last year. The peach farms of Georgia grow.", []),
    ("Georgia and Russia fought in 2008.", [("Georgia", "georgia"), ("Russia", "russia")]),
    ("Georgian troops", [("Georgian", "georgia")]),
    ("Chad said he would run", []),
    ("Troops left Chad for Niger in the end of a long campaign", [("Chad", "chad")]),
    # Unicode: non-breaking spaces, NFKC, combining marks
    ("United\u00a0States", [("United\u00a0States", "united-states")]),
    ("T\u00fcrkiye and Tu\u0308rkiye", [("T\u00fcrkiye", "turkey"), ("Tu\u0308rkiye", "turkey")]),
    ("\ufb01ne Russia", [("Russia", "russia")]),
    ("Afghan\u00adistan", [("Afghan\u00adistan", "afghanistan")]),
    ("\uff35\uff33 \uff2e\uff21\uff34\uff2f", [("\uff35\uff33", "united-states"),
                                          ("\uff2e\uff21\uff34\uff2f", "north-atlantic-treaty-organization")]),
])
def test_annotate_matches_actor_terms(annotator: Annotator, text: str, expected: list[tuple[str, str]]):
    assert found(annotator, text) == expected


def test_annotate_spans_index_original_text_after_slow_normalisation(annotator: Annotator):
    text = "Cafe\u0301 \u2014 then Moscow\u2019s and Beijing\u00a0too, ﬁnally Kabul."
    mentions = annotator.mentions(text)
    assert [(m.surface, text[m.start:m.end]) for m in mentions] == [
        ("Moscow", "Moscow"), ("Beijing", "Beijing"), ("Kabul", "Kabul")]


@pytest.mark.parametrize("demonym, plural", [
    ("Russian", "Russians"), ("Pakistani", "Pakistanis"), ("Afghan", "Afghans"),
    ("Chinese", None), ("Kyrgyz", None), ("Turkish", None), ("Sino-", None),
])
def test_annotate_generates_plural_demonyms(demonym: str, plural: str | None):
    assert plural_demonym(demonym) == plural


def test_annotate_fold_keeps_length_for_common_text():
    folded = fold_text("Russia\u2019s \u201cdeal\u201d \u2013 US\u00a0aid")
    assert folded.starts is None
    assert folded.cased == "Russia s  deal    US aid"
    assert folded.lowered == "russia s  deal    us aid"


@pytest.mark.parametrize("text", [
    "US", "US.", "us US", "THE US", "U.S.", "the U.S.", "U.S. at the start", "PRAY FOR US",
    "Caf\u00e9 US\u00a0AID \u00a9 US", "\u00c9TATS US", "\u0418 US", "US \u0438",
])
def test_annotate_edge_positions_and_scripts_keep_spans(annotator: Annotator, text: str):
    found(annotator, text)  # asserts every span


def test_annotate_fold_paths_agree():
    # ASCII, Latin-1, general UTF-8 and the slow (re-mapping) path fold a word alike.
    cyrillic = " \u041c\u043e\u0441\u043a\u0432\u0430" * 300  # more non-Latin-1 letters than are patched in
    for text in ("x Russia y", "x Russia\u00a0\u00e9", "x Russia \u0438", "x Russia e\u0301", "x Russia" + cyrillic):
        folded = fold_text(text)
        assert folded.cased[2:8] == "Russia" and folded.norm_slice(2, 8) == "Russia"


def test_annotate_veto_phrases_with_punctuation_apply(tmp_path: Path):
    actors = tmp_path / "taxonomy" / "actors"
    actors.mkdir(parents=True)
    (actors / "a.yml").write_text(
        "- name: Georgia\n  type: country\n  description: d\n"
        "  ambiguity: {veto_near: [U.S. state], window: 5}\n", encoding="utf-8")
    annotator = Annotator(load_taxonomy(tmp_path / "taxonomy", tmp_path))
    assert found(annotator, "Georgia, the U.S. state, votes.") == []
    assert found(annotator, "Georgia votes.") == [("Georgia", "georgia")]


def test_annotate_fast_mention_construction_equals_the_dataclass():
    # The matcher builds Mentions without the frozen dataclass's __init__ (speed); this
    # breaks loudly if models.Mention ever changes shape (slots, new fields).
    from build_tools.annotate.matcher import _mention
    from build_tools.models import Mention
    fast, plain = _mention("russia", 1, 7, "Russia"), Mention("russia", 1, 7, "Russia")
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    # Every field set: reading a slot the constructor left unset raises AttributeError.
    assert [getattr(fast, field.name) for field in fields(Mention)] == [getattr(plain, field.name) for field in fields(Mention)]
