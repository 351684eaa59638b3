"""The language of each article: detected in ingest, set by a correction, shown and downloaded."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from build_tools.config import load_config
from build_tools.errors import BuildFailed
from build_tools.ingest import read_corpus
from build_tools.ingest.language import detect_language, language_name

FIXTURES = Path(__file__).parent / "fixtures"
EXCERPTS = yaml.safe_load((FIXTURES / "languages" / "excerpts.yml").read_text(encoding="utf-8"))
MIXED_RAW = FIXTURES / "corpus_languages" / "raw"


def _label(excerpt: dict) -> str:
    return excerpt["language"] + (f"-{excerpt['script']}" if excerpt.get("script") else "")


# Kazakh in Latin script is read as Crimean Tatar (CONTRIBUTING: a correction sets it).
DETECTED = [e for e in EXCERPTS if _label(e) != "kk-latn"]


@pytest.mark.parametrize("excerpt", DETECTED, ids=[f"{_label(e)}-{n}" for n, e in enumerate(DETECTED)])
def test_language_detected_on_real_excerpts(excerpt):
    assert detect_language("", [excerpt["text"]]) == excerpt["language"]


def test_language_evaluation_prints_the_confusion_table(capsys):
    from build_tools.tools.evaluate.language import main

    assert main([str(FIXTURES / "languages" / "excerpts.yml")]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["label", "crh", "en", "kk", "ky", "ru", "tg", "uz", "right"]
    assert table[-1] == f"all: {len(DETECTED)}/{len(EXCERPTS)} right"


def test_language_names_are_english():
    assert [language_name(code) for code in ("en", "ru", "kk", "uz", "ky", "tg")] == [
        "English", "Russian", "Kazakh", "Uzbek", "Kyrgyz", "Tajik"]


@pytest.fixture
def mixed(tmp_path: Path):
    (tmp_path / "corrections").mkdir()
    return replace(load_config(), corpus_dir=tmp_path, raw_dir=MIXED_RAW, corrections_dir=tmp_path / "corrections")


def test_ingest_gives_each_article_its_language(mixed):
    languages = {article.source.path.name: article.language for article in read_corpus(mixed).articles}
    assert languages == {"en_asanforum.txt": "en", "kk_zakon.txt": "kk", "ru_ont.txt": "ru", "uz_kun.txt": "uz"}


def test_a_correction_sets_the_language(mixed):
    (mixed.corrections_dir / "kk_zakon.yml").write_text("articles:\n  - line: 1\n    language: ky\n", encoding="utf-8")
    article = next(a for a in read_corpus(mixed).articles if a.source.path.name == "kk_zakon.txt")
    assert article.language == "ky"


@pytest.mark.parametrize("value", ["Kazakh", "KK", "xx", "1", "ru_RU"])
def test_a_language_correction_that_names_no_language_is_an_error_with_its_line(mixed, value):
    (mixed.corrections_dir / "kk_zakon.yml").write_text(
        f"articles:\n  - line: 1\n    language: {value}\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        read_corpus(mixed)
    assert re.search(r"kk_zakon\.yml:3: .*language", str(failure.value))  # schema (shape) or parser (known code)
