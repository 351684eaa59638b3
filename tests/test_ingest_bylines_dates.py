"""Dates and bylines in the forms sites print them, in English, Russian, Kazakh and Uzbek (rules data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from build_tools.config import load_config
from build_tools.ingest import ingest_files
from build_tools.ingest.bylines import parse_byline
from build_tools.ingest.dates import parse_date_line
from build_tools.ingest.rules import load_rules
from build_tools.ingest.units import UnitKind, classify_text

RULES = load_rules()


@pytest.mark.parametrize(("line", "date"), [
    ("24 июля 2025 г.", dt.date(2025, 7, 24)),
    ("05.01.2026", dt.date(2026, 1, 5)),
    ("08:12 05.01.2026", dt.date(2026, 1, 5)),
    ("21:35 08.12.2025", dt.date(2025, 12, 8)),
    ("20:37 / 11.09.2022", dt.date(2022, 9, 11)),
    ("21:55 5 января 2022", dt.date(2022, 1, 5)),
    ("2025 жылғы 18 маусым", dt.date(2025, 6, 18)),
    ("11-sentabr, 2022", dt.date(2022, 9, 11)),
    ("2022-yil 11-sentabr", dt.date(2022, 9, 11)),
    ("1 январ 2018", dt.date(2018, 1, 1)),
    ("26 декабрь 2025 йил", dt.date(2025, 12, 26)),
    ("2021-07-15T10:00Z", dt.date(2021, 7, 15)),
    ("2021-07-15T10:00:00+05:00", dt.date(2021, 7, 15)),
    ("15-Jul-2021", dt.date(2021, 7, 15)),
    ("Обновлено: 14.09.2025, 13:18", dt.date(2025, 9, 14)),
])
def test_date_lines_in_the_forms_sites_print(line, date):
    found = parse_date_line(line, RULES.date_forms, RULES.date_prefixes, slash=RULES.slash_dates)
    assert found is not None and found.date == date


@pytest.mark.parametrize("line", ["17 мамыр", "26 дек – Sputnik.", "5 hours 42 min ago", "12:54"])
def test_no_date_is_read_where_the_year_is_missing(line):
    assert parse_date_line(line, RULES.date_forms, RULES.date_prefixes) is None


@pytest.mark.parametrize(("line", "authors"), [
    ("By SEAN O'BRIEN AND MARY MCDONALD", ("Sean O'Brien", "Mary McDonald")),
    ("By Staff Writer", ()),
    ("By Olga Petrova, Correspondent", ("Olga Petrova",)),
    ("Written by Ivan Petrov", ("Ivan Petrov",)),
    ("Автор: Иван Петров", ("Иван Петров",)),
    ("Авторы: Иван Петров и Анна Смирнова", ("Иван Петров", "Анна Смирнова")),
    ("Автор: Редакция", ()),
    ("Muallif: Aziz Karimov", ("Aziz Karimov",)),
])
def test_bylines_split_names_and_leave_roles_out(line, authors):
    byline = parse_byline(line, RULES)
    assert byline is not None and byline.authors == authors


def test_a_name_and_a_date_on_one_line_are_a_byline():
    kind, _, fields = classify_text("Murat Sadykov Sep 4, 2013", rules=RULES)
    assert kind is UnitKind.BYLINE
    assert (fields["byline"].authors, fields["date"]) == (("Murat Sadykov",), dt.date(2013, 9, 4))
    kind, _, _ = classify_text("Kazakhstan raises rates March 3, 2021", rules=RULES)
    assert kind is not UnitKind.BYLINE


def test_a_role_is_never_an_author_nor_the_title(tmp_path):
    (tmp_path / "a.txt").write_text("Astana hosts the Syria talks\n\nBy Staff Writer\n\nSep 4, 2013\n\n"
                                    "Two days of talks opened in Astana on Monday.\n", encoding="utf-8")
    config = replace(load_config(), raw_dir=tmp_path, corrections_dir=tmp_path / "none")
    [article] = ingest_files([tmp_path / "a.txt"], config).articles
    assert (article.title, article.authors, article.date) == ("Astana hosts the Syria talks", (), dt.date(2013, 9, 4))


def test_a_name_and_the_place_filed_from_are_a_byline(tmp_path):
    (tmp_path / "a.txt").write_text("Why Rahmon is squaring up to the Taliban\n\nMarc Bennetts, Dushanbe\n\nThe Times\n\n"
                                    "It is almost impossible to escape the gaze of President Rahmon in Dushanbe.\n\n"
                                    "Portraits of him are found on every street of the capital.\n", encoding="utf-8")
    config = replace(load_config(), raw_dir=tmp_path, corrections_dir=tmp_path / "none")
    [article] = ingest_files([tmp_path / "a.txt"], config).articles
    assert (article.title, article.authors) == ("Why Rahmon is squaring up to the Taliban", ("Marc Bennetts",))
