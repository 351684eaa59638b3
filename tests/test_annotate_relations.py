"""Relation readings per pair: a cue counts only for the actors it joins, in English and in Russian."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.annotate import Annotator, load_taxonomy
from build_tools.tools.evaluate.relations import load_judged, read_judged, score
from build_tools.tools.check import check_repository
from build_tools.errors import BuildFailed
from build_tools.models import ArticleId, Cue, Mention, Reading, RelationCues

from conftest import config_for
from test_emit_index_pages import rendered

FIXTURE = Path(__file__).parent / "fixtures" / "annotate" / "taxonomy"
CUES = RelationCues(
    cooperation=(Cue("cooperation", 2), Cue("sign", 2), Cue("aid", 1), Cue("member", 1), Cue("ally", 2),
                 Cue("сотрудничество", 2), Cue("помочь", 2), Cue("визит", 1)),
    conflict=(Cue("sanction", 2), Cue("war", 2), Cue("rivalry", 2), Cue("accuse", 2), Cue("санкции", 2),
              Cue("конфликт", 2)),
    membership=(Cue("include", 2), Cue("входить", 2, "ru")),
    negators=(Cue("not", 1), Cue("avoid", 1), Cue("renege", 1), Cue("не", 1, "ru"), Cue("без", 1, "ru")))
CUES = replace(CUES, cooperation=tuple(replace(c, language="ru") if not c.term.isascii() else c
                                       for c in CUES.cooperation),
               conflict=tuple(replace(c, language="ru") if not c.term.isascii() else c for c in CUES.conflict))


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    taxonomy = load_taxonomy(FIXTURE, FIXTURE.parents[3])
    return Annotator(replace(taxonomy, relation_cues=CUES))


def readings(annotator: Annotator, text: str, *extra: tuple[str, str]) -> dict[tuple[str, str], str]:
    """Each pair's reading; `extra` (surface, actor) adds mentions the fixture taxonomy cannot find (Cyrillic)."""
    mentions = list(annotator.mentions(text))
    mentions += [Mention(actor, text.index(surface), text.index(surface) + len(surface), surface)
                 for surface, actor in extra]
    mentions.sort(key=lambda m: m.start)
    return {e.actors: e.reading.value for e in annotator.relations(ArticleId("a"), text, mentions)}


def test_a_cue_counts_only_for_the_pair_it_joins(annotator: Annotator):
    assert readings(annotator, "The US imposed sanctions on Russia and sent aid to Kazakhstan.") == {
        ("russia", "united-states"): "conflict", ("kazakhstan", "united-states"): "cooperation",
        ("kazakhstan", "russia"): "neutral"}


def test_a_cue_in_another_clause_does_not_count(annotator: Annotator):
    text = "Maximum-pressure sanctions and war against Iran; the revolutions in both Georgia and Turkey."
    assert readings(annotator, text) == {("georgia", "iran"): "neutral", ("iran", "turkey"): "neutral",
                                         ("georgia", "turkey"): "neutral"}


def test_phrases_that_name_both_sides(annotator: Annotator):
    assert readings(annotator, "Russia and China signed a treaty.") == {("china", "russia"): "cooperation"}
    assert readings(annotator, "They praised cooperation between Kazakhstan and Uzbekistan.") == {
        ("kazakhstan", "uzbekistan"): "cooperation"}
    assert readings(annotator, "The US accused Iran of the attack.") == {("iran", "united-states"): "conflict"}


def test_negation_and_avoidance_cancel_a_cue(annotator: Annotator):
    assert readings(annotator, "The US is reneging on cooperation with Russia.") == {
        ("russia", "united-states"): "neutral"}
    assert readings(annotator, "China wants to avoid a rivalry with Russia.") == {("china", "russia"): "neutral"}


def test_cue_words_inside_names_do_not_count(annotator: Annotator):
    assert readings(annotator, "NATO-member Turkey spoke to Russia.") == {
        ("north-atlantic-treaty-organization", "russia"): "neutral",
        ("north-atlantic-treaty-organization", "turkey"): "neutral", ("russia", "turkey"): "neutral"}
    assert readings(annotator, "China and the Shanghai Cooperation Organization met.") == {
        ("china", "shanghai-cooperation-organization"): "neutral"}


def test_membership_joins_the_organisation_and_its_members(annotator: Annotator):
    found = readings(annotator, "The CSTO includes Russia, Kazakhstan and Tajikistan.")
    assert found[("collective-security-treaty-organization", "russia")] == "cooperation"
    assert found[("kazakhstan", "tajikistan")] == "cooperation"


def test_russian_cues_match_inflected_forms(annotator: Annotator):
    text = "Россия остается союзником и готова помочь Казахстану, сотрудничество России и Китая растет."
    assert readings(annotator, "Путин обсудил сотрудничества России и Казахстана.",
                    ("России", "russia"), ("Казахстана", "kazakhstan")) == {("kazakhstan", "russia"): "cooperation"}
    assert readings(annotator, text, ("Россия", "russia"), ("Казахстану", "kazakhstan")) == {
        ("kazakhstan", "russia"): "cooperation"}
    assert readings(annotator, "США ввели санкции против России.", ("США", "united-states"),
                    ("России", "russia")) == {("russia", "united-states"): "conflict"}
    assert readings(annotator, "Россия не будет помогать Казахстану без сотрудничества.", ("Россия", "russia"),
                    ("Казахстану", "kazakhstan")) == {("kazakhstan", "russia"): "neutral"}


def test_a_cue_that_joins_no_pair_reads_the_only_two_sides_of_its_clause(annotator: Annotator):
    assert readings(annotator, "Cooperation was the theme when Putin came to Kazakhstan.") == {
        ("kazakhstan", "vladimir-putin"): "cooperation"}
    # a person sides with their country, and the source of reported speech is no side
    assert readings(annotator, "Cooperation was the theme when Russian President Putin came to Kazakhstan, Reuters "
                               "reported.", ("Reuters", "reuters"))[("kazakhstan", "vladimir-putin")] == "cooperation"
    assert set(readings(annotator, "Cooperation was the theme when Putin came to Kazakhstan and China.").values()) == {
        "neutral"}
    # a conflict cue must stand between the two sides
    assert readings(annotator, "The war was the theme when Putin came to Kazakhstan.") == {
        ("kazakhstan", "vladimir-putin"): "neutral"}


def test_a_title_does_not_take_the_cue_from_the_pair_it_names(annotator: Annotator):
    assert readings(annotator, "Russian President Putin arrived in Kazakhstan and signed.") == {
        ("kazakhstan", "vladimir-putin"): "cooperation", ("kazakhstan", "russia"): "cooperation"}


def test_a_russian_noun_cue_matches_forms_that_stem_to_it_as_written(annotator: Annotator):
    # Snowball stems "визит" to "виз" but "визитом" to "визит"
    assert readings(annotator, "Путин прибыл в Казахстан с государственным визитом.", ("Путин", "vladimir-putin"),
                    ("Казахстан", "kazakhstan")) == {("kazakhstan", "vladimir-putin"): "cooperation"}


def test_a_mutual_conflict_sets_the_actors_of_a_phrase_against_each_other(annotator: Annotator):
    mutual = replace(annotator.taxonomy, relation_cues=replace(CUES, mutual=(Cue("war", 1),)))
    text = "Russia and China fought a long war."
    assert readings(Annotator(mutual), text) == {("china", "russia"): "conflict"}
    assert readings(annotator, text) == {("china", "russia"): "neutral"}
    assert readings(Annotator(mutual), "Russia and China waged war on Iran.")[("china", "russia")] == "cooperation"


def test_a_bracketed_remark_does_not_split_its_clause(annotator: Annotator):
    assert readings(annotator, "США (по данным СМИ) ввели санкции против России.", ("США", "united-states"),
                    ("России", "russia")) == {("russia", "united-states"): "conflict"}


def test_evidence_names_its_cue_and_the_words_that_join_the_pair(annotator: Annotator):
    text = "Russia and China signed a treaty. China met Iran."
    first, second = annotator.relations(ArticleId("a"), text, annotator.mentions(text))
    assert (first.cue, first.joined) == ("signed", "Russia and China signed")
    assert (second.reading, second.cue, second.joined) == (Reading.NEUTRAL, "", "")


def test_the_evaluation_scores_judged_sentences(annotator: Annotator, tmp_path: Path):
    judged = tmp_path / "judged.json"
    judged.write_text("""[
      {"id": "a", "actor_a": "russia", "actor_b": "united-states", "reading": "conflict",
       "sentence": "The US imposed sanctions on Russia.", "surfaces": [["US", "united-states"], ["Russia", "russia"]]},
      {"id": "b", "actor_a": "china", "actor_b": "russia", "reading": "cooperation", "alt_reading": "neutral",
       "sentence": "China and Russia spoke.", "surfaces": [["China", "china"], ["Russia", "russia"]]}]""")
    outcomes = read_judged(load_judged(judged), annotator.taxonomy)
    assert [o.read for o in outcomes] == [Reading.CONFLICT, Reading.NEUTRAL]
    scores = score(outcomes)
    assert (scores.accuracy, scores.lenient_accuracy) == (0.5, 1.0)
    assert scores.per_reading[Reading.CONFLICT][:2] == (1.0, 1.0)


# --------------------------------------------------------------------------- pages and corrections

def _correct(corpus: Path, text: str) -> None:
    folder = corpus / "corrections" / "relations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "readings.yml").write_text(text, encoding="utf-8")


def test_a_relation_page_explains_each_reading_lets_a_reader_filter_and_shows_corrections(corpus, tmp_path):
    _correct(corpus, "- actors: [Afghanistan, Tajikistan]\n  sentence: any threat from   Afghanistan\n"
                     "  reading: neutral\n  note: a threat from militants, not from the state <b>\n")
    pages = rendered(corpus, tmp_path)
    joint = pages["relations/russia--tajikistan.md"]
    assert "Each reading is automatic" in joint
    assert '<input type="radio" name="reading" value="conflict">' in joint
    assert "<td><strong>joint</strong> in “Russia and Tajikistan began joint”</td>" in joint
    corrected = pages["relations/afghanistan--tajikistan.md"]
    assert '<tr class="neutral"><td>neutral</td>' in corrected
    assert "corrected by a contributor: a threat from militants, not from the state &lt;b&gt;" in corrected


@pytest.mark.parametrize(("text", "message"), [
    ("- actors: [Afghanistan, Tajikistan]\n  sentence: any threat from Afghanistan\n  reading: hostile\n",
     "readings.yml:3: 0/reading: 'hostile' is not one of"),
    ("- actors: [Afghanistan, Atlantis]\n  sentence: any threat from Afghanistan\n  reading: neutral\n",
     "readings.yml:1: unknown actor 'Atlantis'"),
    ("- actors: [Afghanistan, Tajikistan]\n  sentence: a sentence nobody wrote\n  reading: neutral\n",
     "readings.yml:1: sentence not found in any article"),
])
def test_check_names_the_line_of_a_bad_correction(corpus, tmp_path, text, message):
    _correct(corpus, text)
    problems = [str(problem) for problem in check_repository(config_for(corpus, tmp_path)).errors]
    assert any(message in problem for problem in problems), problems


def test_a_correction_that_names_no_evidence_of_the_pair_fails_the_build(corpus, tmp_path):
    _correct(corpus, "- actors: [China, Tajikistan]\n  sentence: any threat from Afghanistan\n  reading: neutral\n")
    with pytest.raises(BuildFailed, match="readings.yml:1: no sentence naming China and Tajikistan contains"):
        rendered(corpus, tmp_path)


# --------------------------------------------------------------------------- the cues file


def _load_cues(tmp_path: Path, text: str):
    taxonomy = tmp_path / "taxonomy"
    shutil.copytree(FIXTURE, taxonomy)
    (taxonomy / "relations.yml").write_text(text, encoding="utf-8")
    return load_taxonomy(taxonomy, tmp_path).relation_cues


def test_cues_by_language_and_the_old_flat_form_load_alike(tmp_path: Path):
    cues = _load_cues(tmp_path, "cooperation:\n  deal: 1\n  ru: {сделка: 2}\nconflict: {en: {war: 2}}\n"
                                "negators: {ru: [не]}\n")
    assert cues.cooperation == (Cue("deal", 1, "en"), Cue("сделка", 2, "ru"))
    assert cues.conflict == (Cue("war", 2, "en"),) and cues.negators == (Cue("не", 1, "ru"),)


@pytest.mark.parametrize(("text", "message"), [
    ("cooperation: {english: {deal: 1}}\nconflict: {}\n",
     "relations.yml:1: relation cues: 'english' is not a language code"),
    ("cooperation: {en: {deal: 1}}\nconflict:\n  en:\n    deals: 2\n",
     "relations.yml:4: relation cues: 'deals' (en) is in both cooperation and conflict"),
    ("cooperation: {en: {deal: 1}}\nconflict: {en: {war: 2}}\nmutual:\n  en:\n    - war\n    - deal\n",
     "relations.yml:6: relation cues: mutual 'deal' (en) is not a conflict cue"),
])
def test_a_bad_cues_file_names_its_line(tmp_path: Path, text: str, message: str):
    with pytest.raises(BuildFailed) as raised:
        _load_cues(tmp_path, text)
    assert any(message in error for error in raised.value.errors), raised.value.errors
