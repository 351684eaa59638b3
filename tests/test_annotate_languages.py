"""Actor names in Russian, Kazakh and Uzbek: inflected forms, ordinary-word traps, the
evaluation per language, and a Russian scrape built into the actor page that lists it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.tools.evaluate.annotate import Labelled, evaluate, render_evaluation
from build_tools.annotate.matcher import ActorMatcher
from build_tools.annotate.taxonomy import load_taxonomy
from build_tools.config import REPO_ROOT
from build_tools.errors import BuildFailed
from build_tools.pipeline import build
from tests.conftest import config_for

REAL_TAXONOMY = REPO_ROOT / "corpus" / "taxonomy"
PEOPLE = """\
- name: Vladimir Putin
  type: person
  description: President of Russia.
  names:
    ru: [Владимир Путин, Путин]
    kk: [Владимир Путин, Путин]
    uz: [Putin, Путин]
- name: Sadyr Japarov
  type: person
  description: President of Kyrgyzstan.
  names:
    ru: [Садыр Жапаров]
- name: Kazakhstan
  type: country
  iso: "KZ"
  description: Country in Central Asia.
  names:
    ru: [казахстанский]
- name: United States
  type: country
  iso: "US"
  description: Country in North America.
  abbreviations: [US]
  names:
    uz: [AQSh]
"""


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    return ActorMatcher(load_taxonomy(REAL_TAXONOMY, REPO_ROOT))


@pytest.fixture(scope="module")
def small_matcher(tmp_path_factory) -> ActorMatcher:
    """A taxonomy of its own, so that the mechanism is tested apart from the bundled names."""
    taxonomy = tmp_path_factory.mktemp("taxonomy")
    (taxonomy / "actors").mkdir()
    (taxonomy / "actors" / "actors.yml").write_text(PEOPLE, encoding="utf-8")
    shutil.copy(REAL_TAXONOMY / "inflection.yml", taxonomy / "inflection.yml")
    return ActorMatcher(load_taxonomy(taxonomy, taxonomy))


def tagged(matcher: ActorMatcher, text: str) -> list[tuple[str, str]]:
    return [(mention.actor, mention.surface) for mention in matcher.find_mentions(text)]


@pytest.mark.parametrize("text, actor, surface", [
    ("Встреча с Путиным прошла в Кремле.", "vladimir-putin", "Путиным"),
    ("Позиция Садыра Жапарова известна.", "sadyr-japarov", "Садыра Жапарова"),
    ("Ресей президенті Владимир Путиннің сапары.", "vladimir-putin", "Владимир Путиннің"),
    ("Putinning maqsadi nima?", "vladimir-putin", "Putinning"),
    ("AQShning so'nggi harbiysi ketdi.", "united-states", "AQShning"),
    ("Выступил глава казахстанского МИД.", "kazakhstan", "казахстанского"),
    ("Помощь Казахстану оказана.", "kazakhstan", "Казахстану"),
])
def test_languages_inflected_names_match_their_base_form(small_matcher, text, actor, surface):
    assert (actor, surface) in tagged(small_matcher, text)


@pytest.mark.parametrize("text, actor, surface", [
    ("Делегация России прибыла.", "russia", "России"),
    ("Переговоры с российского самолёта.", "russia", "российского"),
    ("Помощь Казахстану оказана.", "kazakhstan", "Казахстану"),
    ("Поставки из Соединенных Штатов выросли.", "united-states", "Соединенных Штатов"),
    ("Заявление сделали в Нур-Султане.", "kazakhstan", "Нур-Султане"),
    ("Қазақстанның сыртқы саясаты.", "kazakhstan", "Қазақстанның"),
    ("Тоқаев Ресейге барады.", "russia", "Ресейге"),
    ("Қазақстандық компаниялар.", "kazakhstan", "Қазақстандық"),
    ("Qozog'istonning prezidenti.", "kazakhstan", "Qozog'istonning"),
    ("Prezident Rossiyaga bordi.", "russia", "Rossiyaga"),
    ("Forum O'zbekistonda o'tdi.", "uzbekistan", "O'zbekistonda"),
    ("Forum Oʻzbekistonda oʻtdi.", "uzbekistan", "Oʻzbekistonda"),
    ("Forum O‘zbekistonda o‘tdi.", "uzbekistan", "O‘zbekistonda"),
    ("Forum O`zbekistonda o`tdi.", "uzbekistan", "O`zbekistonda"),
    ("AQShning so‘nggi harbiysi.", "united-states", "AQShning"),
    ("Мирзиёев Россияда бўлди.", "russia", "Россияда"),
    ("Ўзбекистоннинг ташқи сиёсати.", "uzbekistan", "Ўзбекистоннинг"),
    ("Saudiya Arabistoni bilan uchrashuv.", "saudi-arabia", "Saudiya Arabistoni"),
    # Feminine and neuter adjectives, neuter nouns, a fleeting vowel, a genitive plural
    ("На саммите Шанхайской организации сотрудничества.", "shanghai-cooperation-organization",
     "Шанхайской организации сотрудничества"),
    ("Президент Российской Федерации.", "russia", "Российской Федерации"),
    ("Главы Содружества Независимых Государств.", "commonwealth-of-independent-states",
     "Содружества Независимых Государств"),
    ("Боевики Исламского государства.", "islamic-state", "Исламского государства"),
    ("Члены Исламского движения Узбекистана.", "islamic-movement-of-uzbekistan", "Исламского движения Узбекистана"),
    ("Премьер-министр Египта.", "egypt", "Египта"),
    ("Президент Мальдив.", "maldives", "Мальдив"),
    ("Shanxay Hamkorlik Tashkiloti ogohlantirgan.", "shanghai-cooperation-organization",
     "Shanxay Hamkorlik Tashkiloti"),
    ("Россия ташқи ишлар вазирлиги кутмоқда.", "russian-ministry-of-foreign-affairs", "Россия ташқи ишлар вазирлиги"),
    ("Президент Ирана Раиси заявил.", "ebrahim-raisi", "Раиси"),
    ("Тәліптер кепілдік бере ме?", "taliban", "Тәліптер"),
    ("Британдық сарапшылардың есебі.", "united-kingdom", "Британдық"),
    ("Полномочия американского Минфина.", "united-states-department-of-the-treasury", "американского Минфина"),
    # A given name's initial: the press's usual short form, and what tells two Aliyevs apart
    ("Президент Таджикистана Э. Рахмон заявил.", "emomali-rahmon", "Э. Рахмон"),
    ("Встреча с С.Бердымухамедовым.", "serdar-berdimuhamedov", "С.Бердымухамедовым"),
    ("Prezident Sh.Mirziyoyevning tashrifi.", "shavkat-mirziyoyev", "Sh.Mirziyoyevning"),
    ("Eron prezidenti Ibrohim Raisi bilan uchrashdi.", "ebrahim-raisi", "Ibrohim Raisi"),
    ("Reseı Federasııasynyń Syrtqy ister mınıstrliginiń.", "russian-ministry-of-foreign-affairs",
     "Reseı Federasııasynyń Syrtqy ister mınıstrliginiń"),
])
def test_languages_country_names_from_cldr_and_hand_match_inflected(matcher, text, actor, surface):
    assert (actor, surface) in tagged(matcher, text)


@pytest.mark.parametrize("text", [
    "Кроме того, стороны договорились.",                  # "того" is a pronoun, not Togo
    "Того же мнения придерживаются эксперты.",            # ... at the start of a sentence too
    "ТОГО НЕ ЗНАЛ НИКТО.",                                # ... and in an ALL-CAPS headline
    "В комнате стоял чад. Чад от костра шёл в дом.",      # "чад" is fumes, not Chad
    "Они ели малину, а мали ягоды у дороги.",             # "мали" is no Mali
    "Ради мира и согласия в мире.",                       # "мира" is no actor
    "Груз доставили на грузовике.",                       # not Georgia (Грузия)
    "Штат Индиана и индианка.",                           # not India (Индия)
    "Перу принадлежит эта строчка.",                      # sentence-initial "Перу": a pen, not Peru
    "Елдің астанасы көшірілді.",                          # "астана" (a capital) is no Astana
    "Ruslan va Rustam keldi.",                            # not "rus" (Russian)
    "Пресс-секретарь Шерзод Асадов сообщил.",             # a surname formed from Асад is not Assad
    "Delegatsiya Senat Raisi bilan uchrashdi.",           # Uzbek "raisi" (chairman of) is not Raisi
    "Депутатлар ва Сенат Раиси учрашди.",                 # ... in Cyrillic too
    "Кемелер Үнді мұхитына шықты.",                       # a not_in phrase inflects: the Indian Ocean
    "Kemalar Hind okeaniga chiqdi.",                      # ... is not India, in Uzbek
    "Корабли вышли в Индийском океане.",                  # ... nor in Russian
])
def test_languages_ordinary_words_are_not_actors(matcher, text):
    assert tagged(matcher, text) == []


@pytest.mark.parametrize("text, actor, surface", [
    ("Делегация Того прибыла в Москву.", "togo", "Того"),
    ("Войска Мали и Чада.", "mali", "Мали"),
    ("Войска Мали и Чада.", "chad", "Чада"),
    ("Экспорт из Нигерии вырос.", "nigeria", "Нигерии"),
    ("Граница Нигера закрыта.", "niger", "Нигера"),
    ("Посол Австралии встретился.", "australia", "Австралии"),
])
def test_languages_names_equal_to_words_still_match_where_the_capital_means_a_name(matcher, text, actor, surface):
    assert (actor, surface) in tagged(matcher, text)


def test_languages_english_inside_russian_keeps_the_english_rules(matcher):
    assert ("united-states", "US") in tagged(matcher, "Санкции US против банков.")
    assert [actor for actor, _ in tagged(matcher, "Газета The Washington Post пишет.")] == ["washington-post"]


def test_languages_a_name_claimed_by_two_actors_is_an_error(tmp_path):
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "a.yml").write_text(PEOPLE + """\
- name: Togo
  type: country
  description: West African country.
  names:
    ru: [Путин]
""", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        load_taxonomy(tmp_path, tmp_path)
    assert "name 'Путин' (ru) is also claimed by 'Vladimir Putin'" in str(failure.value)


def test_languages_an_unknown_iso_code_is_an_error_with_its_line(tmp_path):
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "a.yml").write_text(
        "- name: Atlantis\n  type: country\n  iso: \"QQ\"\n  description: Sunk.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        load_taxonomy(tmp_path, tmp_path)
    assert "actors/a.yml:3: 'Atlantis': 'QQ' is not an ISO 3166 territory code" in str(failure.value)


def test_languages_evaluate_reports_each_language_and_kind_of_actor(matcher):
    taxonomy = load_taxonomy(REAL_TAXONOMY, REPO_ROOT)
    labels = [Labelled("ru-1", "Президент России встретился с лидером Казахстана.", frozenset({"Russia", "Kazakhstan"}),
                       language="ru"),
              Labelled("uz-1", "Rossiya va Xitoy.", frozenset({"Russia", "China", "Vladimir Putin"}), language="uz")]
    types = {actor.name: actor.type for actor in taxonomy.actors}
    lines = render_evaluation(evaluate(taxonomy, labels), types)
    assert any(line.startswith("ru: countries ") and "precision 1.000  recall 1.000" in line for line in lines)
    assert any(line.startswith("uz: countries ") and "recall 1.000  (tp 2, fp 0, fn 0)" in line for line in lines)
    assert any(line.startswith("uz: people ") and "recall 0.000  (tp 0, fp 0, fn 1)" in line for line in lines)


@pytest.mark.slow
def test_languages_a_russian_scrape_is_listed_on_the_actor_page(corpus: Path, tmp_path: Path):
    """Raw Russian file in, built actor page out: the page lists the article and the inflected form."""
    shutil.copy(REAL_TAXONOMY / "inflection.yml", corpus / "taxonomy" / "inflection.yml")
    actors = corpus / "taxonomy" / "actors" / "actors.yml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "- name: Kazakhstan\n  type: country\n", "- name: Kazakhstan\n  type: country\n  iso: \"KZ\"\n"),
        encoding="utf-8")
    (corpus / "raw" / "kazakh_aid.txt").write_text(
        "Миротворцы прибыли в Алматы\n\n5 января 2022\n\n"
        "Миротворческие силы были направлены на помощь Казахстану после обращения президента.\n",
        encoding="utf-8")
    config = config_for(corpus, tmp_path / "work")
    build(config)
    page = (config.staging_dir / "actors" / "kazakhstan.md").read_text(encoding="utf-8")
    assert "Миротворцы прибыли в Алматы" in page
    assert "**Found in other languages as:** Казахстану" in page
