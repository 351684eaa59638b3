"""Topics, relations, name suggestions, the corpus pass and the tag summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from pathlib import Path, PurePosixPath

import pytest

from build_tools.annotate import Annotator, annotate_corpus, load_taxonomy
from build_tools.annotate.relations import block_sentences, split_sentences
from build_tools.models import (Article, ArticleId, Block, BlockKind, IngestResult, Reading,
                                SourceRef)

FIXTURE = Path(__file__).parent / "fixtures" / "annotate" / "taxonomy"


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(load_taxonomy(FIXTURE, FIXTURE.parents[3]))


def article(article_id: str, *paragraphs: str, heading: str | None = None) -> Article:
    blocks = ((Block(BlockKind.HEADING, heading),) if heading else ()) + tuple(
        Block(BlockKind.PARAGRAPH, text) for text in paragraphs)
    return Article(id=ArticleId(article_id), title=article_id, authors=(), date=dt.date(2013, 1, 1),
                   publication=None, sources=(SourceRef(PurePosixPath("corpus/raw/x.txt"), 1, 2),),
                   blocks=blocks)


# --------------------------------------------------------------------------- topics

LEAD_WORDS_AND_MORE = 60


def test_annotate_topic_score_is_weighted_counts_minus_negative_terms(annotator: Annotator):
    [score] = annotator.topics("Heroin and opium: drug-trafficking. Drug prices fell; drug prices rose.")
    # Every occurrence counts, so "drug" also counts inside "drug-trafficking" and "drug prices":
    # heroin 2 + opium 2 + drug-trafficking 3 + drug 1x3 - drug prices 2x2; the text is all lead,
    # where the terms of weight 2 or more count once more ("drug", weight 1, does not).
    assert score.topic == "drug-trafficking"
    assert score.score == (2 + 2 + 3 + 3 - 4) + (2 + 2 + 3 - 4)
    assert score.fired == (("drug", 3), ("drug prices", -2), ("drug-trafficking", 1), ("heroin", 1), ("opium", 1))


def test_annotate_topic_terms_in_the_title_and_lead_count_twice(annotator: Annotator):
    from build_tools.annotate.topics import LEAD_WORDS
    filler = " ".join(["word"] * LEAD_WORDS)
    [in_lead] = annotator.scorer.score(f"Heroin and opium. {filler}")
    [after_lead] = annotator.scorer.score(f"{filler} Heroin and opium.")
    assert (in_lead.score, after_lead.score) == (2 * 4, 4)
    assert in_lead.fired == after_lead.fired == (("heroin", 1), ("opium", 1))  # occurrences, as written
    [titled] = annotator.scorer.score(f"{filler} Heroin and opium.", title="Opium")
    assert titled.score == 4 + 2


def test_annotate_topic_threshold_grows_with_the_text_length(annotator: Annotator):
    # heroin + opium score 4 against threshold 3: enough for a news item, not for a long text.
    from build_tools.annotate.topics import REFERENCE_WORDS
    filler = " ".join(["word"] * LEAD_WORDS_AND_MORE)
    assert [s.topic for s in annotator.scorer.score(f"{filler} Heroin and opium.")] == ["drug-trafficking"]
    assert annotator.scorer.score(f"{filler} Heroin and opium. {'word ' * (2 * REFERENCE_WORDS)}") == ()


def test_annotate_topic_below_threshold_is_not_reported(annotator: Annotator):
    assert annotator.topics("A drug.") == ()
    assert [s.topic for s in annotator.topics("The air base and troops in transit.")] == ["military-bases"]


def test_annotate_topic_terms_match_on_word_boundaries_any_case(annotator: Annotator):
    assert annotator.topics("HEROIN, Opium; opiumheroin") == annotator.topics("heroin opium")


def test_annotate_topic_terms_match_inflections_on_stems(annotator: Annotator):
    # Listed once in the base form, in English and Russian; hyphens and spaces alike.
    [score] = annotator.topics("Opiums; drugs trafficking and HEROIN; героина, наркотрафика.")
    assert score.fired == (("drug", 1), ("drug-trafficking", 1), ("heroin", 1), ("opium", 1), ("героин", 1),
                           ("наркотрафик", 1))


def test_annotate_topic_exact_terms_match_only_as_written(annotator: Annotator):
    # "transit" is listed as exact: "transits" and "transiting" do not count, "TRANSIT" does.
    assert annotator.topics("The base and troops transiting, transits.") == ()
    assert [s.topic for s in annotator.topics("The base and troops in TRANSIT.")] == ["military-bases"]


# --------------------------------------------------------------------------- relations


def test_annotate_split_sentences_keeps_abbreviations_and_paragraphs():
    text = "The U.S. military left. Mr. Putin agreed! Did he?\n\nNew paragraph without stop\n\nLast one"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The U.S. military left.", "Mr. Putin agreed!", "Did he?", "New paragraph without stop", "Last one"]


def test_annotate_splits_an_article_block_by_block_into_offsets_of_its_text(annotator: Annotator):
    item = annotator.annotate(article("x", "Mr. Putin came. He left.", 'It ended. "', heading="Talks in Tashkent"))
    text = item.article.text
    assert item.sentences == block_sentences(item.article.blocks)
    # A sentence never runs across blocks, whatever follows it: the dangling quote stays in the last block.
    assert [text[s:e] for s, e in item.sentences] == ["Talks in Tashkent", "Mr. Putin came.", "He left.",
                                                      "It ended.", '"']


def test_annotate_relations_classify_sentences_by_cues(annotator: Annotator):
    text = ("Russia and China signed an agreement on cooperation. "
            "The US balked at the conflict with Russia and NATO. "
            "Uzbekistan met Tajikistan. Russian President Vladimir Putin spoke.")
    relations = annotator.relations(ArticleId("a"), text, annotator.mentions(text))
    readings = {(r.actors, r.reading) for r in relations}
    assert readings == {
        (("china", "russia"), Reading.COOPERATION),
        (("north-atlantic-treaty-organization", "russia"), Reading.NEUTRAL),  # both on one side of the conflict
        (("north-atlantic-treaty-organization", "united-states"), Reading.CONFLICT),
        (("russia", "united-states"), Reading.CONFLICT),
        (("tajikistan", "uzbekistan"), Reading.NEUTRAL),
    }  # Putin and his own country is a title, not a relation
    assert all(r.article == "a" for r in relations)
    assert relations[0].sentence == "Russia and China signed an agreement on cooperation."


# --------------------------------------------------------------------------- corpus


def test_annotate_corpus_fills_articles_and_suggestions():
    taxonomy = load_taxonomy(FIXTURE, FIXTURE.parents[3])
    first = article("one", "General Hamid Gul met officials in Spin Boldak. Afterwards Hamid Gul left for Kabul.",
                    heading="Hamid Gul In Spin Boldak")
    second = article("two", "Officials said Hamid Gul stayed. The Spin Boldak crossing reopened, and Russia watched.",
                     "However, nobody in Spin Boldak agreed. The Hamid Gul story ended.")
    corpus = annotate_corpus(IngestResult((first, second), ()), taxonomy)
    assert [a.article.id for a in corpus.articles] == ["one", "two"]
    assert corpus.articles[1].actor_ids == ("russia",)
    names = {(s.name, s.count) for s in corpus.suggestions}
    assert names == {("Hamid Gul", 4), ("Spin Boldak", 3)}  # the heading does not count
    hamid = next(s for s in corpus.suggestions if s.name == "Hamid Gul")
    assert hamid.examples[0] == "General Hamid Gul met officials in Spin Boldak."
    assert corpus.suggestions == annotate_corpus(IngestResult((first, second), ()), taxonomy).suggestions


def test_annotate_article_mentions_index_article_text(annotator: Annotator):
    annotated = annotator.annotate(article("x", "Moscow\u2019s view.", "Beijing\u00a0and the US\u2019 plan."))
    text = annotated.article.text
    assert [text[m.start:m.end] for m in annotated.mentions] == ["Moscow", "Beijing", "US"]
    assert [m.surface for m in annotated.mentions] == ["Moscow", "Beijing", "US"]


def test_annotate_relation_cues_after_a_negator_do_not_count(annotator: Annotator):
    text = "The US is reneging on future cooperation with Russia. Russia did not sign an agreement with China."
    readings = [r.reading for r in annotator.relations(ArticleId("a"), text, annotator.mentions(text))]
    assert readings == [Reading.NEUTRAL, Reading.NEUTRAL]


def test_annotate_fast_evidence_construction_equals_the_dataclass():
    # RelationReader builds RelationEvidence without the frozen dataclass's __init__
    # (speed); this breaks loudly if models.RelationEvidence ever changes shape.
    from build_tools.annotate.relations import new_evidence
    from build_tools.models import Reading, RelationEvidence
    args = (("china", "russia"), "a-1", "China and Russia agreed.", Reading.COOPERATION, "agreed", "China and Russia agreed")
    fast, plain = new_evidence(*args), RelationEvidence(*args)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    # Every field set: reading a slot the constructor left unset raises AttributeError.
    names = [field.name for field in fields(RelationEvidence)]
    assert [getattr(fast, name) for name in names] == [getattr(plain, name) for name in names]


def test_annotate_relations_repeat_sentences_read_alike(annotator: Annotator):
    # Readings and pairs are remembered per sentence and actor set; a repeat must give
    # the same evidence, for its own article.
    text = "Russia and China signed a cooperation agreement. Russia and China signed a cooperation agreement."
    mentions = annotator.mentions(text)
    first = annotator.relations(ArticleId("a-1"), text, mentions)
    second = annotator.relations(ArticleId("a-2"), text, mentions)
    assert len(first) == 2 and first[0] == first[1]
    assert [(e.actors, e.sentence, e.reading) for e in first] == [(e.actors, e.sentence, e.reading) for e in second]
    assert {e.article for e in second} == {"a-2"}


def test_annotate_topic_scorer_fast_path_equals_score_topic(annotator: Annotator):
    # TopicScorer scores from the counted terms only; it must agree with score_topic.
    from collections import Counter

    from build_tools.annotate.topics import score_topic
    scorer = annotator.scorer
    for index, topic in enumerate(scorer.topics):
        terms = [term.text for term in (*topic.terms, *topic.negative_terms)]
        for size in range(1, min(4, len(terms)) + 1):
            counts = Counter({term: position + 1 for position, term in enumerate(terms[:size])})
            assert scorer._score(index, counts) == score_topic(topic, counts)


def test_annotate_corpus_in_parallel_equals_one_article_at_a_time(monkeypatch):
    """Workers send annotations back packed as tuples; unpacked they are the same dataclasses."""
    import build_tools.parallel as parallel
    from build_tools.config import REPO_ROOT, load_config
    from build_tools.ingest import read_corpus

    config = load_config(corpus_dir=REPO_ROOT / "corpus")
    ingested = read_corpus(config)
    taxonomy = load_taxonomy(config.taxonomy_dir, config.root)
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)  # fork even for the 24 bundled articles
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    corpus = annotate_corpus(ingested, taxonomy)
    one_by_one = Annotator(taxonomy)
    assert corpus.articles == tuple(one_by_one.annotate(article) for article in ingested.articles)
    assert any(item.relations for item in corpus.articles)


def test_name_suggestions_counted_in_chunks_equal_one_pass(monkeypatch):
    """Counts add up and each name keeps its first examples in corpus order, whatever the chunks."""
    import build_tools.parallel as parallel
    from build_tools.annotate.suggestions import MAX_EXAMPLES, suggest_names
    from build_tools.config import REPO_ROOT, load_config
    from build_tools.ingest import read_corpus

    config = load_config(corpus_dir=REPO_ROOT / "corpus")
    corpus = annotate_corpus(read_corpus(config), load_taxonomy(config.taxonomy_dir, config.root))
    articles = corpus.articles * 3  # repeated sentences: examples must still be distinct and first
    one_pass = suggest_names(articles)
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 5)
    assert suggest_names(articles) == one_pass
    assert any(len(s.examples) == MAX_EXAMPLES for s in one_pass)


def test_memoised_name_suggestions_recount_only_the_articles_an_edit_concerns(annotator: Annotator, monkeypatch):
    """An article's counts depend on the corpus vocabulary: a word written in lower case elsewhere is no name
    at a sentence start. Memoised, an edit recounts the edited article and those that ask about its words
    (here each article is a block of its own)."""
    from build_tools.annotate import suggestions
    from build_tools.annotate.suggestions import SuggestionMemos, suggest_names

    monkeypatch.setattr(suggestions, "BLOCK_END_EVERY", 1)

    def corpus(second: str, third: str) -> list:
        return [annotator.annotate(article(name, text)) for name, text in (
            ("a", "Zorbek spoke first. Then Zorbek left."), ("b", second), ("c", third))]

    memos = SuggestionMemos()
    counted: list[str] = []
    original = suggestions._count_candidates
    monkeypatch.setattr(suggestions, "_count_candidates", lambda split, vocabulary: counted.extend(
        annotated.article.id for annotated, _ in split) or original(split, vocabulary))

    before = corpus("Nothing here.", "A plain note.")
    assert suggest_names(before, min_count=1, memos=memos) == suggest_names(before, min_count=1)
    assert ("Zorbek", 2) in {(s.name, s.count) for s in suggest_names(before, min_count=1)}

    # Written in lower case in "b", Zorbek is a common word; once "b" no longer does, a name again.
    for second, third, recounted, zorbek in (("Nothing here.", "A plain widget note.", ["c"], True),
                                             ("A zorbek is a hat.", "A plain widget note.", ["a", "b"], False),
                                             ("Nothing here.", "A plain widget note.", ["a", "b"], True)):
        after = corpus(second, third)
        counted.clear()
        memoised = suggest_names(after, min_count=1, memos=memos)
        assert counted == recounted
        assert memoised == suggest_names(after, min_count=1)
        assert ("Zorbek" in {s.name for s in memoised}) == zorbek


def test_memoised_name_suggestions_count_in_blocks_that_an_insertion_leaves_alone(monkeypatch):
    """Blocks end where an article's id says, so an article added recounts its own block only (a copy, so
    that the vocabulary stays the same); counted in blocks, the suggestions are those of one pass."""
    import zlib
    from dataclasses import replace

    from build_tools.annotate import suggestions
    from build_tools.annotate.suggestions import SuggestionMemos, suggest_names
    from build_tools.config import REPO_ROOT, load_config
    from build_tools.ingest import read_corpus

    config = load_config(corpus_dir=REPO_ROOT / "corpus")
    articles = list(annotate_corpus(read_corpus(config), load_taxonomy(config.taxonomy_dir, config.root)).articles)
    monkeypatch.setattr(suggestions, "BLOCK_END_EVERY", 3)
    memos, counted = SuggestionMemos(), []
    assert suggest_names(articles, memos=memos) == suggest_names(articles)
    before = suggestions._blocks(articles)
    assert 3 < len(before) < len(articles)

    original = suggestions._count_candidates
    monkeypatch.setattr(suggestions, "_count_candidates", lambda split, vocabulary: counted.append(
        tuple(annotated for annotated, _ in split)) or original(split, vocabulary))
    copy_id = next(f"copy-{n}" for n in range(99) if zlib.crc32(f"copy-{n}".encode()) % 3)  # ends no block
    copy = replace(articles[5], article=replace(articles[5].article, id=copy_id))
    articles.insert(len(articles) // 2, copy)
    after = suggestions._blocks(articles)
    assert [block for block in after if block not in before] == [block for block in after if copy in block]
    assert suggest_names(articles, memos=memos) == suggest_names(articles)
    assert counted[0] == next(block for block in after if copy in block)
    assert len(counted) == 2  # that block, memoised, then the whole corpus in one pass


def test_annotate_topic_stems_equal_the_pure_python_snowball_ones():
    # PyStemmer (C) serves snowballstemmer when installed; pages must not depend on which one ran.
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.russian_stemmer import RussianStemmer

    from build_tools.tools.evaluate.topics import load_topic_labels
    from build_tools.annotate.normalize import fold_text
    from conftest import FIXTURES
    from build_tools.annotate.topics import cached_stem_word, close_fleeting_vowel, stem_word
    words = {word for label in load_topic_labels(FIXTURES / "topics") for word in fold_text(label.text).lowered.split()}
    english, russian, cached = EnglishStemmer(), RussianStemmer(), cached_stem_word()
    for word in sorted(words):
        if any("\u0400" <= ch <= "\u04ff" for ch in word):
            assert stem_word(word) == cached(word) == close_fleeting_vowel(russian.stemWord(word)), word
        else:
            assert stem_word(word) == cached(word) == english.stemWord(word), word


def test_annotate_topic_russian_terms_match_forms_that_drop_a_vowel(annotator: Annotator):
    from build_tools.annotate.topics import stem_word
    assert {stem_word(word) for word in ("участок", "участке", "участка")} == {"участк"}
    assert {stem_word(word) for word in ("беженец", "беженцы", "беженцев")} == {"беженц"}
    assert stem_word("восток") == stem_word("востока") and stem_word("дефицит") == "дефиц"


def tagged_topics(text: str) -> list[str]:
    """Raw text in, `tag --json` out, with the bundled taxonomy: the names of the topics it finds."""
    import json
    import subprocess
    import sys

    from build_tools.config import REPO_ROOT
    done = subprocess.run([sys.executable, "-m", "build_tools", "tag", "--json", "-"], input=text, text=True,
                          capture_output=True, cwd=REPO_ROOT, check=True)
    return [topic["name"] for topic in json.loads(done.stdout)["topics"]]


def test_tag_finds_topics_of_an_inflected_russian_text():
    # The Russian terms are base forms ("санкция", "вторичные санкции"), the text declines them.
    text = ("Министерство торговли заявило, что компании не будут помогать в обходе санкций. "
            "Вторичных санкций Казахстан опасается: санкционные товары проверяют на границе.")
    assert tagged_topics(text) == ["Sanctions"]


@pytest.fixture(scope="module")
def bundled_bases():
    """Kazakh and Uzbek base words of topic terms, with the bundled inflection rules."""
    from build_tools.annotate.inflection import suffixed_bases
    from build_tools.config import REPO_ROOT
    rules = load_taxonomy(REPO_ROOT / "corpus" / "taxonomy", REPO_ROOT).inflection
    words = [("kk", "мұнай"), ("kk", "сайлау"), ("kk", "қауіпсіздік"), ("kk", "келіссөз"), ("kk", "мигрант"),
             ("uz", "sanksiya"), ("uz", "saylov"), ("uz", "xavfsizlik"), ("uz", "muzokara"), ("uz", "suv"),
             ("uz", "хавфсизлик"), ("ru", "санкция"), ("ru", "энергетика"), ("ru", "газ"), ("uz", "yo")]
    return suffixed_bases(words, rules)


@pytest.mark.parametrize("word, base", [
    ("мұнайдың", "мұнай"), ("мұнайды", "мұнай"), ("сайлауға", "сайлау"), ("сайлауының", "сайлау"),
    ("қауіпсіздігі", "қауіпсіздік"), ("қауіпсіздікке", "қауіпсіздік"), ("келіссөздер", "келіссөз"),
    ("мигранттарының", "мигрант"), ("sanksiyalarni", "sanksiya"), ("sanksiyalar", "sanksiya"),
    ("saylovlarda", "saylov"), ("saylovi", "saylov"), ("xavfsizligi", "xavfsizlik"),
    ("muzokaralar", "muzokara"), ("suvni", "suv"), ("санкцияларни", "санкция"), ("хавфсизлиги", "хавфсизлик"),
    ("sanksiya", "sanksiya"), ("энергетикасы", "энергетика"), ("санкцияға", "санкция"),  # Russian loanwords
])
def test_annotate_topic_kazakh_and_uzbek_words_find_their_base(bundled_bases, word, base):
    from build_tools.annotate.inflection import suffixed_base
    assert suffixed_base(word, bundled_bases) == base


@pytest.mark.parametrize("word", [
    "мұнайшы",      # oil worker: "шы" makes another word, it is no inflection
    "saylovchi",    # voter
    "suvenir",      # "enir" is no chain of endings
    "yoki",         # "yo" (of "yo'l") is too short to take suffixes
    "xavfsizligda",  # k voices only before a vowel
    "газета",       # Russian "газ" + "е" + "та": a loanword's first suffix has two letters or more
])
def test_annotate_topic_other_words_have_no_base(bundled_bases, word):
    from build_tools.annotate.inflection import suffixed_base
    assert suffixed_base(word, bundled_bases) is None


def test_tag_finds_topics_of_an_inflected_uzbek_text():
    # The Uzbek term is "sanksiya"; the text has only suffixed forms.
    text = ("Yevropa Ittifoqi Rossiyaga qarshi sanksiyalarni kengaytirdi. Banklar sanksiyalarga rioya qilishi, "
            "sanksiyalar ro'yxatidagi kompaniyalar bilan ishlamasligi kerak.")
    assert tagged_topics(text) == ["Sanctions"]
