"""Human corrections: they win, survive re-ingest, and bad ones name file and line."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.config import load_config
from build_tools.errors import BuildFailed
from build_tools.ingest import ingest_files, read_corpus

RAW = """Kazakhstan opens new border post

By Aigul Sadykova

The new crossing at Nur Zholy will handle trucks and passenger cars.

Officials expect traffic to double next year.

Customs reform

A single-window system will cut waiting times.

Uzbekistan signs water deal

Tashkent and Bishkek agreed on summer water releases on Monday.
"""


@pytest.fixture
def corpus(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "post.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "corrections").mkdir()
    config = replace(load_config(), corpus_dir=tmp_path, raw_dir=raw, corrections_dir=tmp_path / "corrections")
    return config


def _write(config, text: str) -> None:
    (config.corrections_dir / "post.yml").write_text(text, encoding="utf-8")


def test_corrections_without_file_give_heuristic_split(corpus):
    result = read_corpus(corpus)
    assert [a.title for a in result.articles] == ["Kazakhstan opens new border post"]


def test_corrections_force_start_and_set_metadata(corpus):
    _write(corpus, """articles:
  - line: 13
    start: true
    date: 2022-06-01
    authors: [Timur Akhmedov]
  - line: 1
    title: New border post opens at Nur Zholy
    publication: Steppe Times
""")
    first, second = read_corpus(corpus).articles
    assert (first.title, first.publication, first.authors) == (
        "New border post opens at Nur Zholy", "Steppe Times", ("Aigul Sadykova",))
    assert first.id == "new-border-post-opens-at-nur-zholy"
    assert second.title == "Uzbekistan signs water deal"
    assert second.date == dt.date(2022, 6, 1) and second.authors == ("Timur Akhmedov",)
    assert second.source.start_line == 13


def test_an_address_keeps_a_corrected_title_at_its_page_and_no_title_takes_it(corpus):
    """Links and citations to an article outlive a correction of its title."""
    _write(corpus, """articles:
  - line: 1
    title: New border post opens at Nur Zholy
    address: uzbekistan-signs-water-deal
  - line: 13
    start: true
""")
    first, second = read_corpus(corpus).articles
    assert (first.id, first.title) == ("uzbekistan-signs-water-deal", "New border post opens at Nur Zholy")
    assert (second.id, second.title) == ("uzbekistan-signs-water-deal-2", "Uzbekistan signs water deal")


def test_two_articles_given_one_address_is_an_error_naming_both_entries(corpus):
    _write(corpus, """articles:
  - line: 1
    address: border-post
  - line: 13
    start: true
    address: border-post
""")
    with pytest.raises(BuildFailed, match=r"post\.yml:4: address 'border-post' is already the address of the "
                                          r"article at .*post\.txt:1 \(.*post\.yml:2\)"):
        read_corpus(corpus)


def test_corrections_survive_reingest(corpus):
    _write(corpus, "articles:\n  - line: 13\n    start: true\n")
    assert read_corpus(corpus) == read_corpus(corpus)


def test_corrections_merge_and_drop(corpus):
    _write(corpus, "articles:\n  - line: 13\n    start: true\n  - line: 13\n    drop: not about Kazakhstan\n")
    result = read_corpus(corpus)
    assert len(result.articles) == 1
    dropped = [d for d in result.reports[0].dropped if d.line == 13]
    assert dropped and "not about Kazakhstan" in dropped[0].reason
    _write(corpus, "articles:\n  - line: 9\n    start: true\n  - line: 9\n    merge: true\n")
    assert len(read_corpus(corpus).articles) == 1


@pytest.mark.parametrize(("text", "line", "message"), [
    ("articles:\n  - line: 3\n    titel: x\n", 3, "unknown field(s) 'titel'"),
    ("articles:\n  - line: 400\n    title: x\n", 2, "no article at raw line 400"),
    ("articles:\n  - line: 2\n    start: true\n", 2, "blank"),
    ("articles:\n  - line: 1\n    date: 31 February\n", 3, "ISO date"),
    ("articles:\n  - line: [1\n", 3, "invalid YAML"),
    ("article:\n  - line: 1\n", 1, "unknown field(s) 'article'"),
    ("articles:\n  - line: 1\n    merge: true\n", 2, "nothing to merge into"),
    ("articles:\n  - line: 9\n    start: true\n    merge: true\n", 2, "only one of 'start', 'merge' and 'drop'"),
    ("articles:\n  - line: 1\n    address: Not An Address\n", 3, "address: 'Not An Address' does not match"),
    ("articles:\n  - line: 1\n    address: ../index\n", 3, "address: '../index' does not match"),
])
def test_corrections_errors_name_file_and_line(corpus, text, line, message):
    _write(corpus, text)
    with pytest.raises(BuildFailed) as failure:
        read_corpus(corpus)
    error = str(failure.value)
    assert f"post.yml:{line}:" in error and message in error


def test_corrections_file_without_raw_file_is_an_error(corpus):
    (corpus.corrections_dir / "gone.yml").write_text("articles: []\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="gone.yml:.*no raw file"):
        read_corpus(corpus)


def test_corrections_naming_no_file_in_another_raw_folder_are_a_warning(corpus, tmp_path):
    """`--raw` builds another folder of scrapes with the corpus's taxonomy: its corrections name other files."""
    (corpus.corrections_dir / "gone.yml").write_text("articles: []\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "post.txt").write_text(RAW, encoding="utf-8")
    result = read_corpus(replace(corpus, raw_dir=other))
    assert [a.title for a in result.articles] == ["Kazakhstan opens new border post"]
    assert len(result.warnings) == 1
    assert "gone.yml:" in str(result.warnings[0]) and "no raw file named gone (.txt or .md)" in result.warnings[0].message


def test_corrections_bundled_files_apply(tmp_path):
    result = ingest_files(sorted(load_config().raw_dir.glob("003_*.txt")), load_config())
    titles = [a.title for a in result.articles]
    assert "Center-2011 begins today" in titles and "Why NATO won’t recognize the CSTO" in titles


def test_two_raw_files_of_one_name_are_an_error(corpus):
    """Corrections files and source pages go by the raw file's name: post.txt and post.md would share them."""
    (corpus.raw_dir / "post.md").write_text(RAW, encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"post\.txt:\?: shares its name with .*post\.md.*rename one"):
        read_corpus(corpus)


def test_a_raw_folder_without_a_raw_file_is_an_error_naming_what_it_holds(corpus):
    """Rather than an empty site, or Pagefind's failure to index nothing."""
    (corpus.raw_dir / "post.txt").rename(corpus.raw_dir / "post.html")
    with pytest.raises(BuildFailed) as failure:
        read_corpus(corpus)
    assert failure.value.errors == (f"{corpus.raw_dir.as_posix()}: no raw file (.txt or .md) to read",
                                    f"{corpus.raw_dir.as_posix()}/post.html:?: not read: raw files are plain text "
                                    "or Markdown (.txt or .md)")


@pytest.mark.parametrize(("key", "value"), [("title", '"Border \\u202eeveR"'), ("publication", '"Steppe\\u200bTimes"'),
                                            ("authors", '["Aigul\\u2066 Sadykova"]'), ("title", '"Bell\\x07 rings"')])
def test_a_correction_with_invisible_characters_is_a_file_line_error(corpus, key, value):
    _write(corpus, f"articles:\n  - line: 1\n    {key}: {value}\n")
    with pytest.raises(BuildFailed, match=r"post\.yml:3: .*invisible control, bidi or zero-width"):
        read_corpus(corpus)
