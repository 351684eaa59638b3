"""load_taxonomy: the fixture loads; every kind of mistake is reported with file and line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path, PurePosixPath

import pytest

from build_tools.annotate import load_taxonomy
from build_tools.annotate.taxonomy import lint_taxonomy, upgrade_topics_file
from build_tools.config import REPO_ROOT
from build_tools.errors import BuildFailed
from build_tools.models import ActorType, Cue

FIXTURE = Path(__file__).parent / "fixtures" / "annotate" / "taxonomy"


@pytest.fixture
def taxonomy_dir(tmp_path: Path) -> Path:
    target = tmp_path / "taxonomy"
    shutil.copytree(FIXTURE, target)
    return target


def write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def errors_of(taxonomy_dir: Path) -> list[str]:
    with pytest.raises(BuildFailed) as raised:
        load_taxonomy(taxonomy_dir, taxonomy_dir.parent)
    return list(raised.value.errors)


def test_taxonomy_loads_fixture_with_ids_sources_and_lines():
    root = FIXTURE.parents[3]
    taxonomy = load_taxonomy(FIXTURE, root)
    putin = taxonomy.actor("vladimir-putin")
    assert putin.type is ActorType.PERSON
    assert putin.country == "russia"
    assert putin.source == PurePosixPath("tests/fixtures/annotate/taxonomy/actors/people.yml")
    assert putin.line == 2
    assert taxonomy.actor("united-states").abbreviations == ("US", "U.S.", "USA", "U.S.A.")
    assert taxonomy.topic("drug-trafficking").threshold == 3
    assert Cue("agreement", 2, "en") in taxonomy.relation_cues.cooperation


def test_taxonomy_reports_alias_claimed_by_two_actors(taxonomy_dir: Path):
    write(taxonomy_dir / "actors" / "extra.yml", """
        - name: Muscovy
          type: other
          description: Old name.
          aliases: [Moscow]
        """)
    [error] = errors_of(taxonomy_dir)
    assert error.startswith("taxonomy/actors/extra.yml:4: ")
    assert "'Moscow' is also claimed by 'Russia'" in error


def test_taxonomy_reports_claims_through_case_variants(taxonomy_dir: Path):
    # A non-abbreviation also matches in ALL CAPS, so alias "Us" would take "US".
    write(taxonomy_dir / "actors" / "extra.yml", """
        - name: Us Weekly
          type: company
          description: A magazine.
          aliases: [Us]
        - name: Kremlin Watchers
          type: other
          description: Claims "the kremlin" in another case.
          aliases: [THE KREMLIN]
        - name: Oman Watchers
          type: other
          description: Abbreviation "ROMANIA" is what "Romania" accepts in ALL CAPS.
          abbreviations: [ROMANIA]
        """)
    errors = errors_of(taxonomy_dir)
    assert len(errors) == 3
    assert errors[0].startswith("taxonomy/actors/extra.yml:4: ") and "'Us' is also claimed by 'United States'" in errors[0]
    assert errors[1].startswith("taxonomy/actors/extra.yml:8: ") and "'THE KREMLIN' is also claimed by 'Russia'" in errors[1]
    assert errors[2].startswith("taxonomy/actors/extra.yml:12: ") and "'ROMANIA' is also claimed by 'Romania'" in errors[2]


def test_taxonomy_accepts_abbreviation_that_differs_in_case(taxonomy_dir: Path):
    write(taxonomy_dir / "actors" / "extra.yml", """
        - name: Islamic State of Oman
          type: group
          description: Made up; "Is" in a sentence is not "IS".
          abbreviations: [IsO]
        """)
    assert load_taxonomy(taxonomy_dir, taxonomy_dir.parent).actor("islamic-state-of-oman")


@pytest.mark.parametrize("entry, line, fragment", [
    ("- name: X\n  type: country\n  description: d\n  capital: Y\n", 4, "unknown field(s) 'capital'"),
    ("- name: X\n  type: nation\n  description: d\n", 2, "'nation' is not one of"),
    ("- name: X\n  type: country\n", 1, "'description' is a required property"),
    ("- name: X\n  type: country\n  description: d\n  wikidata: 159\n", 4, "159 is not of type 'string'"),
    ("- name: X\n  type: country\n  description: d\n  aliases: Y\n", 4, "'Y' is not of type 'array'"),
    ("- name: X\n  type: country\n  description: d\n  ambiguity: {window: 0}\n", 4, "0 is less than the minimum"),
    ("- name: X\n  type: country\n  description: d\n  ambiguity: {veto: [a]}\n", 4, "unknown field(s) 'veto'"),
    ("- name: X\n  type: country\n  name: Y\n  description: d\n", 3, "duplicate key 'name'"),
    ("- name: X\n  type: country\n   description: d\n", 3, "invalid YAML"),
    ("- name: Xylo\n  type: person\n  description: d\n  country: Atlantis\n", 4, "country 'Atlantis' is not an actor"),
    ("- name: Xylo\n  type: person\n  description: d\n  country: Taliban\n", 4, "is a group, not a country"),
    ("- name: Russia\n  type: country\n  description: again\n", 1, "duplicate actor name 'Russia'"),
    ("- name: RUSSIA!\n  type: country\n  description: slug\n", 1, "actor slug collides with 'Russia'"),
    ("- name: X\n  type: organisation\n  description: d\n  abbreviations: [xo]\n", 4, "has no capital letter"),
    ("- name: X\n  type: other\n  description: d\n  ambiguity: {veto_near: [a], terms: [Y]}\n", 4,
     "ambiguity term 'Y' is not one of its terms"),
    ("- name: X\n  type: other\n  description: d\n  aliases: ['--']\n", 4, "has no letters or digits"),
])
def test_taxonomy_reports_bad_actor_entry_with_line(taxonomy_dir: Path, entry: str, line: int, fragment: str):
    (taxonomy_dir / "actors" / "zz.yml").write_text(entry, encoding="utf-8")
    errors = errors_of(taxonomy_dir)
    assert any(e.startswith(f"taxonomy/actors/zz.yml:{line}: ") and fragment in e for e in errors), errors


def test_taxonomy_collects_all_problems_across_files(taxonomy_dir: Path):
    (taxonomy_dir / "actors" / "a.yml").write_text("- name: A\n  type: bogus\n  description: d\n")
    (taxonomy_dir / "actors" / "b.yml").write_text("- name: B\n  type: other\n  description: d\n  extra: 1\n")
    write(taxonomy_dir / "topics.yml", """
        - name: T
          description: d
          terms: {en: {war: 1}}
          negative_terms: {en: {Wars: 2}}
          threshold: 1
        """)
    write(taxonomy_dir / "relations.yml", "cooperation: {deal: 1}\nconflict: {deal: 1}\nneutral: {}\n")
    errors = errors_of(taxonomy_dir)
    assert [e.split(":")[0] for e in errors] == [
        "taxonomy/actors/a.yml", "taxonomy/actors/b.yml", "taxonomy/relations.yml", "taxonomy/topics.yml"]
    assert "unknown field(s) 'neutral'" in errors[2]
    assert "'Wars' is in both terms ('war') and negative_terms: they match the same words" in errors[3]
    assert errors[3].startswith("taxonomy/topics.yml:4:")


def test_taxonomy_reports_bad_weight_at_its_line(taxonomy_dir: Path):
    write(taxonomy_dir / "topics.yml", """
        - name: Oil
          description: d
          terms: {en: {oil: 1}}
          threshold: 1
        - name: Gas
          description: d
          terms:
            en:
              pipeline: 1
              gas: one
          threshold: 1
        """)
    assert errors_of(taxonomy_dir) == ["taxonomy/topics.yml:10: 1/terms/en/gas: 'one' is not of type 'integer'"]


def test_taxonomy_reports_topic_slug_collision(taxonomy_dir: Path):
    write(taxonomy_dir / "topics.yml", """
        - name: Oil & Gas
          description: d
          terms: {en: {oil: 1}}
          threshold: 1
        - name: Oil Gas
          description: d
          terms: {en: {gas: 1}}
          threshold: 1
        """)
    assert errors_of(taxonomy_dir) == [
        "taxonomy/topics.yml:5: topic 'Oil Gas' collides with 'Oil & Gas' (line 1); both would be /oil-gas/"]


def test_taxonomy_lint_reports_spellings_that_count_once(taxonomy_dir: Path):
    write(taxonomy_dir / "topics.yml", """
        - name: Minerals
          description: d
          terms: {en: {rare earth: 2, rare-earths: 2}}
          threshold: 1
        """)
    taxonomy = load_taxonomy(taxonomy_dir, taxonomy_dir.parent)
    assert [str(problem) for problem in lint_taxonomy(taxonomy) if "topic" in str(problem)] == [
        "taxonomy/topics.yml:1: topic 'Minerals': terms 'rare-earths' matches the same words as 'rare earth' "
        "(same stems); only 'rare earth' counts"]


def test_taxonomy_lint_keeps_a_suffixed_language_term_that_shares_a_russian_stem(taxonomy_dir: Path):
    # "Сырдария" (kk) stems like "Сырдарья" (ru) but takes Kazakh suffixes of its own ("Сырдарияның").
    shutil.copy(REPO_ROOT / "corpus" / "taxonomy" / "inflection.yml", taxonomy_dir / "inflection.yml")
    write(taxonomy_dir / "topics.yml", """
        - name: Water
          description: d
          terms: {ru: {Сырдарья: 2}, kk: {Сырдария: 2}}
          threshold: 1
        """)
    taxonomy = load_taxonomy(taxonomy_dir, taxonomy_dir.parent)
    assert [str(problem) for problem in lint_taxonomy(taxonomy) if "topic" in str(problem)] == []


@pytest.mark.parametrize("topic, line, message", [
    ("  terms: {sanction: 2}\n", 3,
     "0/terms: 'sanction' does not match '^[a-z]{2}$': terms are grouped under an ISO 639-1 language code"),
    ("  terms: {en: {OPEC: 2}, ru: {OPEC: 2}}\n", 3, "'OPEC' is listed under both en and ru"),
    ("  terms: {en: {drill: 1}}\n  exact: [drills]\n", 4, "exact term 'drills' is not one of its terms"),
    ("  terms: {en: {'--': 1}}\n", 3, "'--' has no letters or digits"),
])
def test_taxonomy_reports_bad_topic_terms_at_their_line(taxonomy_dir: Path, topic: str, line: int, message: str):
    (taxonomy_dir / "topics.yml").write_text(f"- name: T\n  description: d\n{topic}  threshold: 1\n")
    errors = errors_of(taxonomy_dir)
    assert any(e.startswith(f"taxonomy/topics.yml:{line}: ") and message in e for e in errors), errors


def test_taxonomy_requires_actor_files(tmp_path: Path):
    (tmp_path / "taxonomy" / "actors").mkdir(parents=True)
    [error] = errors_of(tmp_path / "taxonomy")
    assert error == "taxonomy/actors:?: no actor files (*.yml)"


def test_taxonomy_reports_bad_speech_cue_at_its_line(taxonomy_dir: Path):
    write(taxonomy_dir / "speech.yml", """
        languages:
          - language: en
            verbs: [said]
            speaker_cue: [according to]
        """)
    assert errors_of(taxonomy_dir) == [
        "taxonomy/speech.yml:4: languages/0: unknown field(s) 'speaker_cue'; allowed: closing_words, filler_words, "
        "head_titles, hypothetical_words, inverting_cues, inverting_verbs, language, office_words, person_titles, "
        "prepositions, pronoun_cues, pronouns, speaker_cues, speaker_in_base_form, verbs"]


def test_taxonomy_upgrade_reads_flat_topic_terms_as_english(taxonomy_dir: Path):
    # `diff` against a base ref from before terms were grouped by language still loads it.
    write(taxonomy_dir / "topics.yml", """
        - name: Oil
          description: d
          terms: {oil: 1, pipelines: 2}
          negative_terms: {oil painting: 1}
          threshold: 1
        """)
    upgrade_topics_file(taxonomy_dir / "topics.yml")
    [topic] = load_taxonomy(taxonomy_dir, taxonomy_dir.parent).topics
    assert [(t.text, t.weight, t.language) for t in topic.terms] == [("oil", 1, "en"), ("pipelines", 2, "en")]
    assert [(t.text, t.language) for t in topic.negative_terms] == [("oil painting", "en")]


def test_topic_labels_name_known_topics_once_each():
    from build_tools.tools.evaluate.topics import load_topic_labels
    from build_tools.config import REPO_ROOT
    from conftest import FIXTURES

    taxonomy = load_taxonomy(REPO_ROOT / "corpus" / "taxonomy", REPO_ROOT)
    labels = load_topic_labels(FIXTURES / "topics")
    assert len({label.id for label in labels}) == len(labels) >= 40
    assert {name for label in labels for name in label.topics} <= {topic.name for topic in taxonomy.topics}
    assert {label.part for label in labels} == {"en", "kk", "ru", "uz"}
    assert {label.split for label in labels} == {"dev", "held-out", "held-out final"}


def test_taxonomy_lint_knows_names_in_every_language(taxonomy_dir: Path):
    write(taxonomy_dir / "actors" / "extra.yml", """
        - name: Hindustan
          type: country
          description: South Asian country, under another name.
          names:
            kk: [Үнді]
          ambiguity:
            not_in: [Үнді мұхиты, Indian Ocean]
        """)
    taxonomy = load_taxonomy(taxonomy_dir, taxonomy_dir.parent)
    assert [str(problem) for problem in lint_taxonomy(taxonomy)] == [
        "taxonomy/actors/countries.yml:82: 'Georgia': not_in phrase 'Atlanta, Georgia' is not read as this "
        "actor even without it, so it never applies",  # veto_near Atlanta covers it
        "taxonomy/actors/extra.yml:1: 'Hindustan': not_in phrase 'Indian Ocean' is not read as this actor "
        "even without it, so it never applies"]


def test_topic_evaluation_reports_the_final_held_out_set_apart(tmp_path):
    from build_tools.tools.evaluate.topics import load_topic_labels, render_topic_evaluation, tag_topics
    from build_tools.config import REPO_ROOT

    (tmp_path / "en.yml").write_text(
        "- {id: a, topics: [Energy], text: 'Oil and gas, oil, gas, crude oil, natural gas.'}\n"
        "- {id: b, held_out: true, topics: [], text: 'A football match.'}\n"
        "- {id: c, held_out: final, topics: [Energy], text: 'A football match.'}\n", encoding="utf-8")
    taxonomy = load_taxonomy(REPO_ROOT / "corpus" / "taxonomy", REPO_ROOT)
    lines = render_topic_evaluation(taxonomy, tag_topics(taxonomy, load_topic_labels(tmp_path)))
    assert any(line.startswith("en held-out final ") and "(tp 0, fp 0, fn 1)" in line for line in lines)
    assert any(line.startswith("all held-out ") and "(tp 0, fp 0, fn 0)" in line for line in lines)
    assert any(line.startswith("all dev ") and "(tp 1, fp 0, fn 0)" in line for line in lines)
