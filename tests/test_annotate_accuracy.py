"""Accuracy floors on the hand-labelled texts (tests/fixtures/annotate/labelled.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.tools.evaluate.annotate import REAL_TAXONOMY, evaluate, load_labels, render_evaluation, total
from build_tools.annotate.taxonomy import load_taxonomy
from build_tools.config import REPO_ROOT
from build_tools.errors import BuildFailed
from conftest import FIXTURES

FIXTURE_TAXONOMY = FIXTURES / "annotate" / "taxonomy"

LABELS = load_labels(FIXTURES / "annotate" / "labelled.yml")
TRAPS = [label for label in LABELS if label.trap]
PARAGRAPHS = [label for label in LABELS if not label.trap]


def test_annotate_labels_cover_enough_paragraphs_and_traps():
    assert len(PARAGRAPHS) >= 15 and len(TRAPS) >= 8
    assert len({label.id for label in LABELS}) == len(LABELS)


@pytest.mark.parametrize("label", PARAGRAPHS, ids=lambda label: label.id)
def test_annotate_labelled_paragraphs_are_verbatim_from_corpus(label):
    path, line = label.source.rsplit(":", 1)
    lines = (REPO_ROOT / path).read_text(encoding="utf-8").split("\n")
    assert lines[int(line) - 1].strip() == label.text


def test_annotate_trap_texts_meet_floor_with_fixture_taxonomy():
    outcomes = evaluate(load_taxonomy(FIXTURE_TAXONOMY, REPO_ROOT), TRAPS)
    totals = total(outcomes)
    assert totals.precision >= 0.95 and totals.recall >= 0.95, "\n".join(render_evaluation(outcomes))


def real_taxonomy():
    if not any((REAL_TAXONOMY / "actors").glob("*.yml")):
        pytest.skip("corpus/taxonomy has no actors yet")
    try:
        return load_taxonomy(REAL_TAXONOMY, REPO_ROOT)
    except BuildFailed as failure:
        pytest.fail(f"corpus/taxonomy does not load:\n{failure}")


def test_annotate_trap_texts_meet_floor_with_real_taxonomy():
    outcomes = evaluate(real_taxonomy(), TRAPS)
    totals = total(outcomes)
    assert totals.precision >= 0.9 and totals.recall >= 0.95, "\n".join(render_evaluation(outcomes))


def test_annotate_corpus_paragraphs_meet_floor_with_real_taxonomy():
    outcomes = evaluate(real_taxonomy(), PARAGRAPHS)
    totals = total(outcomes)
    assert totals.precision >= 0.95 and totals.recall >= 0.95, "\n".join(render_evaluation(outcomes))


def test_annotate_evaluation_scores_sets_and_reports_gaps(tmp_path: Path):
    labels = tmp_path / "labels.yml"
    labels.write_text(
        "- id: one\n  text: Russia and the Washington Post and Mr Nobody.\n"
        "  actors: [Russia, United States, Mr Nobody]\n", encoding="utf-8")
    [outcome] = evaluate(load_taxonomy(FIXTURE_TAXONOMY, REPO_ROOT), load_labels(labels))
    assert outcome.false_positives == (("Washington Post", ("Washington Post",)),)
    assert outcome.false_negatives == ("United States",)
    assert outcome.gaps == ("Mr Nobody",)
    assert (outcome.precision, outcome.recall) == (0.5, 0.5)
