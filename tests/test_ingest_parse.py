"""Table-driven tests of the pure parsers: bylines, dates, line classification."""

from __future__ import annotations

import datetime as dt

import pytest

from build_tools.errors import SourceError
from build_tools.ingest.bylines import parse_byline, parse_credit
from build_tools.ingest.dates import find_date, parse_date_line
from build_tools.ingest.rules import load_rules
from build_tools.ingest.units import UnitKind, classify

RULES = load_rules()


@pytest.mark.parametrize(("line", "authors", "publication"), [
    ("By Andrew Korybko", ("Andrew Korybko",), None),
    ("by Bill Conroy", ("Bill Conroy",), None),
    ("By Pepe Escobar, with permission and first posted at Asia Times", ("Pepe Escobar",), "Asia Times"),
    ("by Pepe Escobar posted with permission and first posted at Asia Times", ("Pepe Escobar",), "Asia Times"),
    ("Submitted by Pepe Escobar – source Asia Times", ("Pepe Escobar",), "Asia Times"),
    ("By M K Bhadrakumar", ("M K Bhadrakumar",), None),
    ("By F. William Engdahl", ("F. William Engdahl",), None),
    ("Written and produced by SF Team: J.Hawk, Daniel Deiss, Edwin Watson; Voiceover by Harold Hoover",
     ("J.Hawk", "Daniel Deiss", "Edwin Watson"), None),
    ("ALEX GORKA | 08.11.2017 | WORLD", ("Alex Gorka",), None),
    ("By Olga Petrova and Daniel Brooks", ("Olga Petrova", "Daniel Brooks"), None),
    ("By Catherine Walsh for The Diplomat", ("Catherine Walsh",), "The Diplomat"),
    ("Posted on 12/04/2021 by Aziz Karimov", ("Aziz Karimov",), None),
    ("Posted by steppe_watcher", ("steppe_watcher",), None),
    ("Author: Jean de la Fontaine", ("Jean de la Fontaine",), None),
    ("By Émile Zola and Ørjan Berg", ("Émile Zola", "Ørjan Berg"), None),
    ("By Иван Петров", ("Иван Петров",), None),
])
def test_parse_byline_reads_authors_and_outlet(line, authors, publication):
    byline = parse_byline(line, RULES)
    assert byline is not None
    assert byline.authors == authors
    assert byline.publication == publication


@pytest.mark.parametrize("line", [
    "By contrast, this dismal scenario would be enough to satisfy the hawks.",
    "By 2020 the pipeline was finished.",
    "by the way",
    "Posted in Analysis",
    "Reuters",
])
def test_parse_byline_rejects_sentences(line):
    assert parse_byline(line, RULES) is None


@pytest.mark.parametrize(("line", "expected"), [
    ("July 15, 2021", dt.date(2021, 7, 15)),
    ("April 04, 2021", dt.date(2021, 4, 4)),
    ("29.03.2019", dt.date(2019, 3, 29)),
    ("15 July 2021", dt.date(2021, 7, 15)),
    ("15th of July, 2021", dt.date(2021, 7, 15)),
    ("2021-07-15", dt.date(2021, 7, 15)),
    ("Jul. 15, 2021", dt.date(2021, 7, 15)),
    ("Posted on July 15, 2021", dt.date(2021, 7, 15)),
    ("Thursday 12 March 2020 14.05 GMT", dt.date(2020, 3, 12)),
    ("Published: 3 March 2019", dt.date(2019, 3, 3)),
    ("May 6, 2018 at 9:14 am", dt.date(2018, 5, 6)),
    ("07/15/2021", dt.date(2021, 7, 15)),
    ("15/07/2021", dt.date(2021, 7, 15)),
])
def test_parse_date_line_reads_common_formats(line, expected):
    found = parse_date_line(line, RULES.date_forms, RULES.date_prefixes)
    assert found is not None and found.date == expected


@pytest.mark.parametrize("line", ["31 February 2020", "2021-13-01", "30.02.2019"])
def test_parse_date_line_flags_impossible_dates(line):
    found = parse_date_line(line, RULES.date_forms, RULES.date_prefixes)
    assert found is not None and found.date is None and found.problem


@pytest.mark.parametrize("line", ["Kazakhstan SITREP June 20, 2016 by Scott Humor", "In 2014 NATO left", "hello"])
def test_parse_date_line_needs_the_whole_line(line):
    assert parse_date_line(line, RULES.date_forms, RULES.date_prefixes) is None


def test_find_date_inside_a_line():
    assert find_date("Global Research, August 21, 2020", RULES.date_forms).date == dt.date(2020, 8, 21)


def test_find_date_reads_slash_dates_day_first_when_asked():
    assert find_date("12/04/2021", RULES.date_forms, slash="dmy").date == dt.date(2021, 4, 12)


def test_a_corpus_adds_month_names_of_its_language(tmp_path):
    extra = tmp_path / "ingest.yml"
    extra.write_text("months: [{3: [mars], 7: juillet}]\n", encoding="utf-8")
    rules = load_rules(extra)
    assert parse_date_line("12 mars 2021", rules.date_forms).date == dt.date(2021, 3, 12)
    assert parse_date_line("14 Juillet 2020", rules.date_forms).date == dt.date(2020, 7, 14)
    assert parse_date_line("July 15, 2021", rules.date_forms).date == dt.date(2021, 7, 15)  # English stays
    assert parse_date_line("12 марта 2021", rules.date_forms).date == dt.date(2021, 3, 12)  # built in (CLDR)
    assert parse_date_line("14 Juillet 2020", RULES.date_forms) is None


def test_a_corpus_adds_a_language_by_its_cldr_locale(tmp_path):
    extra = tmp_path / "ingest.yml"
    extra.write_text("month_locales: [tr]\n", encoding="utf-8")
    assert parse_date_line("12 Mart 2021", load_rules(extra).date_forms).date == dt.date(2021, 3, 12)
    assert parse_date_line("12 Ocak 2021", RULES.date_forms) is None
    extra.write_text("month_locales: [xx_nowhere]\n", encoding="utf-8")
    with pytest.raises(SourceError, match="unknown locale"):
        load_rules(extra)


@pytest.mark.parametrize(("rules", "line", "expected"), [
    ("months: [{3: [märz]}]\nday_suffixes: [.]", "12. März 2021", dt.date(2021, 3, 12)),
    ("months: [{3: [marzo]}]\ndate_connectors: [de, del]", "12 de marzo de 2021", dt.date(2021, 3, 12)),
    ("months: [{3: [marzo]}]\ndate_connectors: [de, del]", "Publicado el 12 de marzo del 2021",
     dt.date(2021, 3, 12)),
    ("months: [{3: [marca]}]\nyear_suffixes: [r., roku]", "12 marca 2021 r.", dt.date(2021, 3, 12)),
    ("months: [{3: [marca]}]\nyear_suffixes: [r., roku]", "12 marca 2021 roku, 14:05", dt.date(2021, 3, 12)),
    ("year_suffixes: [r.]", "12.03.2021 r.", dt.date(2021, 3, 12)),
])
def test_a_corpus_adds_the_words_its_language_writes_dates_with(tmp_path, rules, line, expected):
    extra = tmp_path / "ingest.yml"
    extra.write_text(rules + "\n", encoding="utf-8")
    forms = load_rules(extra).date_forms
    found = parse_date_line(line, forms, ("publicado el",))
    assert found is not None and found.date == expected
    assert parse_date_line("15th of July, 2021", forms).date == dt.date(2021, 7, 15)  # English stays
    assert parse_date_line(line, RULES.date_forms) is None


@pytest.mark.parametrize("months", ["months: [{13: [smarch]}]", "months: [[march]]", "months: [{3: [1]}]"])
def test_bad_month_names_are_an_error_naming_the_rules_file(tmp_path, months):
    extra = tmp_path / "ingest.yml"
    extra.write_text(months + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match="ingest.yml:.*months"):
        load_rules(extra)


@pytest.mark.parametrize(("line", "credit"), [
    ("Ivan Petrov", (("Ivan Petrov",), None)),
    ("Анна Смирнова", (("Анна Смирнова",), None)),
    ("Olga Petrova and Daniel Brooks", (("Olga Petrova", "Daniel Brooks"), None)),
    ("Olga Petrova, Reuters", (("Olga Petrova",), "Reuters")),
    ("Olga Petrova, Central Asia Monitor", (("Olga Petrova",), "Central Asia Monitor")),
    ("Asia Times", ((), "Asia Times")),
    ("Tashkent, Uzbekistan", None),  # one word before the comma is no name
    ("Olga Petrova, staff", (("Olga Petrova",), None)),  # a role (`author_roles`) is no name and no outlet
    ("Kazakhstan", None),
    ("Russia and China hold talks", None),
])
def test_parse_credit_reads_names_and_outlet_without_by(line, credit):
    assert parse_credit(line, RULES) == credit


@pytest.mark.parametrize(("line", "kind"), [
    ("Leave a Reply", UnitKind.BOILERPLATE),
    ("%d bloggers like this:", UnitKind.BOILERPLATE),
    ("Note to readers: please click the share buttons above or below.", UnitKind.BOILERPLATE),
    ("Advertisements", UnitKind.BOILERPLATE),
    ("Home > News > Economy", UnitKind.BOILERPLATE),
    ("By Olga Petrova | March 3, 2019", UnitKind.BYLINE),  # not the outlet "By Olga Petrova" and a date
    ("Global Research | August 21, 2020", UnitKind.DATE),
    ("World » Asia » Central Asia", UnitKind.BOILERPLATE),
    ("Read also: Tenge falls to record low", UnitKind.BOILERPLATE),
    ("Inflation > 9% in March > the bank's target, economists said.", UnitKind.PARAGRAPH),
    ("See also: the annex.", UnitKind.PARAGRAPH),
    ("Taliban in Spin Boldak, the busy border crossing. Photo: AFP", UnitKind.CAPTION),
    ("REUTERS/Hyungwon Kang", UnitKind.CAPTION),
    ("Image via", UnitKind.CAPTION),
    ("Image: Kremlin press service", UnitKind.CAPTION),
    ("(Photo courtesy of the ministry)", UnitKind.CAPTION),
    # A sentence that opens with a caption word is prose (hypothesis found "Image aa aa aa." dropped):
    ("Image problems plague the ministry.", UnitKind.PARAGRAPH),
    ("Credits for exports rose by a third last year.", UnitKind.PARAGRAPH),
    ("List Price: $25.95", UnitKind.ADVERT),
    ("Published in The Express Tribune", UnitKind.FOOTER),
    ("Notes", UnitKind.NOTE_HEADING),
    ("[1] “The Caspian Sea region towards 2020,” ECON-Report no. 2007-008.", UnitKind.FOOTNOTE),
    ("—-", UnitKind.SEPARATOR),
    ("• Central Asia has become one of China’s primary energy suppliers;", UnitKind.BULLET),
    ("2. Fighting terror – which means al-Qaeda remnants.", UnitKind.NUMBERED),
    ("Maintaining monopoly", UnitKind.HEADLINE),
    ("Belarus: Why Is Lukshenko Being Color Revolutioned Just Now?", UnitKind.HEADLINE),
    ("And here we go back to the", UnitKind.PARAGRAPH),
    ("Great summary, thanks. What about Russian objections?", UnitKind.PARAGRAPH),
    ("3 thoughts on “Why the Caspian pipeline keeps being delayed”", UnitKind.COMMENTS),
])
def test_classify_line_kinds(line, kind):
    assert classify(line, 1, RULES).kind is kind


def test_classify_marks_news_dateline():
    assert classify("BISHKEK, Kyrgyzstan – It looks like Uzbekistan has gone far.", 1, RULES).dateline
    assert not classify("CONCLUSION: Russia’s security relations will strengthen.", 1, RULES).dateline
