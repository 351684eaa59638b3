"""Page chrome is recognised by its shape, not by site: raw page in, article out, every dropped line named."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.config import load_config
from build_tools.ingest import ingest_files

BODY = ("Kazakhstan's central bank raised its key rate on Monday, citing inflation that has stayed above "
        "its target for a year.\n\nThe bank said it would keep watching food prices, which rose fastest.\n")


@pytest.fixture
def ingest(tmp_path: Path):
    config = replace(load_config(), raw_dir=tmp_path, corrections_dir=tmp_path / "none")

    def run(text: str):
        (tmp_path / "page.txt").write_text(text, encoding="utf-8")
        result = ingest_files([tmp_path / "page.txt"], config)
        return result.articles, {d.line: d.reason for d in result.reports[0].dropped}
    return run


def test_a_menu_and_a_ticker_are_not_the_title_nor_the_body(ingest):
    page = ("Skip to main content\nBelarus\nMoldova\nRussia\nThe Baltics\nUkraine\nUSD 100.68\nEUR 106.08\n\n"
            "Politics\n\nCentral bank raises rates to curb inflation\n\n08:12 05.01.2026\n\n" + BODY)
    [article], dropped = ingest(page)
    assert article.title == "Central bank raises rates to curb inflation"
    assert article.date == dt.date(2026, 1, 5)
    assert not {"Belarus", "Moldova", "Russia", "Ukraine", "Politics"} & set(article.text.split())
    assert "menu" in dropped[2] and "ticker" in dropped[7] and 10 in dropped
    assert dropped[1] == "navigation"


def test_related_links_and_trailing_furniture_are_dropped(ingest):
    page = ("Central bank raises rates to curb inflation\n\n" + BODY +
            "\nЧитайте также\n\nRussia cuts its rate again\n\n12:54 / 08.12.2025\n\n"
            "Uzbekistan holds its rate\n\nThe bank in Tashkent kept its rate where it was…\n\nDMCA\n")
    [article], dropped = ingest(page)
    assert article.date is None  # the related stories' dates are theirs
    assert "Russia" not in article.text and "DMCA" not in article.text
    assert {reason for line, reason in dropped.items() if line >= 7} == {"related links list"}


def test_a_keyword_line_is_dropped_but_a_title_case_headline_stays(ingest):
    tags = "Касым-Жомарт Токаев Никол Пашинян Армения Казахстан Актау Жанаозен происшествия общество"
    [article], dropped = ingest(f"{tags}\n\nВ Казахстан введут миротворческие силы ОДКБ\n\n" + BODY)
    assert article.title == "В Казахстан введут миротворческие силы ОДКБ"
    assert "keyword" in dropped[1]
    headline = "Defeated Militants Carry Out New Deadly Attacks Against US-Backed Forces Near Border Crossing"
    [article], _ = ingest(f"{headline}\n\n" + BODY)
    assert article.title == headline


def test_a_credit_printed_twice_does_not_split_the_article(ingest):
    page = ("Central bank raises rates to curb inflation\n\n" + BODY +
            "\nQiyomiddin Fakhriddinov\n\nQiyomiddin Fakhriddinov\n\nThe decision was unanimous, the bank said.\n")
    [article], dropped = ingest(page)
    assert article.text.endswith("The decision was unanimous, the bank said.")
    assert "Qiyomiddin" not in article.text
    assert dropped[7] == dropped[9] == "photo credit printed twice"


def test_a_caption_printed_twice_is_dropped_but_a_repeated_sentence_stays(ingest):
    caption = ("President Rahmon, derided by critics as the mayor of Dushanbe in his early years, has consolidated "
               "his grip since")
    [article], dropped = ingest("Central bank raises rates to curb inflation\n\n" + BODY + f"\n{caption}\n{caption}\n")
    assert caption not in article.text and "caption printed twice" in dropped[7]
    sentence = "The bank said it would act again."
    [article], _ = ingest("Central bank raises rates to curb inflation\n\n" + BODY + f"\n{sentence}\n\n{sentence}\n")
    assert article.text.count(sentence) == 2


def test_a_listing_date_before_the_headline_is_the_date(ingest):
    [article], _ = ingest("Phone: +7 (7172) 489-074\n\n01.05.2020 President gives interview to MIR TV\n\n" + BODY)
    assert (article.title, article.date) == ("President gives interview to MIR TV", dt.date(2020, 5, 1))


def test_a_date_under_the_headline_wins_over_the_page_date_above_it(ingest):
    [article], _ = ingest("8.06.2025\nToday's headline of the page\n20.03.2019\nToday's headline of the page\n\n" + BODY)
    assert article.date == dt.date(2019, 3, 20)


def test_short_lines_between_paragraphs_of_text_are_the_articles_own(ingest):
    table = "Kazakhstan 45\nUzbekistan 30\nKyrgyzstan 12\n"
    page = ("Central bank raises rates to curb inflation\n\n" + BODY.replace("\n\nThe bank", f"\n\n{table}\nThe bank"))
    [article], dropped = ingest(page)
    assert "Uzbekistan 30" in article.text and not dropped


def test_a_date_among_a_section_and_a_counter_is_the_date_and_a_clock_line_is_neither(ingest):
    [article], dropped = ingest("Uzbekistan raises its rate\n\nSiyosat 2 Noyabr 2023 3970\n\n" + BODY)
    assert (article.title, article.date) == ("Uzbekistan raises its rate", dt.date(2023, 11, 2))
    page = "27-Ноябрь, 2024-жыл, шаршемби, Бишкек убактысы 11:53\n\nТокаев шайлоого барбай турганын жарыялады\n\n"
    [article], dropped = ingest(page + BODY)
    assert (article.title, article.date) == ("Токаев шайлоого барбай турганын жарыялады", None)
    assert "date not taken" in dropped[1]


def test_a_wire_credit_closing_the_story_is_its_outlet(ingest):
    [article], _ = ingest("Central bank raises rates to curb inflation\n\n" + BODY + "(Reuters)\nRelated articles:\nMore\n")
    assert article.publication == "Reuters" and "Reuters" not in article.text
