"""The data downloads agree with the articles, and a build writes them safely after MkDocs, rewriting only
those that changed."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from build_tools import pipeline
from build_tools.config import load_config
from build_tools.emit import SiteLinks, emit_jobs
from build_tools.emit.downloads import DATA_FILES, _csv, _json
from build_tools.errors import BuildFailed
from build_tools.pipeline import build

from conftest import config_for, download_text


def test_corpus_json_relation_sentences_are_spans_of_the_text(built_small):
    config, _ = built_small
    corpus = json.loads(download_text(config.site_dir, "corpus.json"))
    grouped = [group for article in corpus["articles"] for group in article["relations"]]
    assert grouped, "the fixture has relation evidence"
    for article in corpus["articles"]:
        sentences = [group["sentence"] for group in article["relations"]]
        assert len(sentences) == len(set(sentences)), "each sentence is stored once"
        for group in article["relations"]:
            assert article["text"][group["start"]:group["end"]] == group["sentence"]
            assert all(len(pair["actors"]) == 2 for pair in group["pairs"])
        for mention in article["mentions"]:
            assert article["text"][mention["start"]:mention["end"]] == mention["surface"]


def test_relations_csv_rows_point_into_corpus_json(built_small):
    config, _ = built_small
    texts = {a["id"]: a["text"] for a in json.loads(download_text(config.site_dir, "corpus.json"))["articles"]}
    rows = list(csv.DictReader(io.StringIO(download_text(config.site_dir, "relations.csv"))))
    assert rows
    for row in rows:
        sentence = texts[row["article"]][int(row["sentence_start"]):int(row["sentence_end"])]
        assert sentence and sentence[0].isupper(), row


def test_every_file_the_downloads_page_links_is_in_the_site_and_the_docs(built_small):
    # A build writes the data files after MkDocs (pipeline.add_data_files), so MkDocs cannot check these links.
    config, _ = built_small
    page = (config.site_dir / "downloads" / "index.html").read_text(encoding="utf-8")
    files = re.findall(r'<td><a href="([^"/]+|\.\./feed\.xml)">', page)
    assert len(files) == 9
    for name in files:
        built = (config.site_dir / "downloads" / name).resolve()
        assert built.is_file() and built.stat().st_size > 0, name
        assert built.read_bytes() == (config.staging_dir / "downloads" / name).resolve().read_bytes(), name


@pytest.mark.slow
def test_a_hand_written_file_named_like_a_data_file_fails_the_build(corpus, tmp_path):
    config = replace(config_for(corpus, tmp_path), docs_dir=tmp_path / "docs")
    shutil.copytree(load_config().docs_dir, config.docs_dir)
    (config.docs_dir / "downloads").mkdir()
    (config.docs_dir / "downloads" / "corpus.json.gz").write_text("{}", encoding="utf-8")
    with pytest.raises(BuildFailed, match="downloads/corpus.json.gz: generated page collides with a hand-written page"):
        build(config)
    assert not config.site_dir.exists() and not config.site_dir.with_name(f".{config.site_dir.name}.next").exists()


@pytest.mark.slow
def test_a_failure_while_pagefind_runs_stops_it_and_keeps_the_old_site(corpus, tmp_path, monkeypatch):
    config = config_for(corpus, tmp_path)
    build(config)
    before = (config.site_dir / "downloads" / "corpus.json.gz").read_bytes()
    started = []

    class Watched(pipeline.PagefindRun):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self._process)

        def wait(self):
            raise BuildFailed(["pagefind: failed on purpose"])

    monkeypatch.setattr(pipeline, "PagefindRun", Watched)
    with pytest.raises(BuildFailed, match="failed on purpose"):
        build(config)
    assert started and started[0].poll() is not None  # stopped, not left running
    assert (config.site_dir / "downloads" / "corpus.json.gz").read_bytes() == before
    assert not config.site_dir.with_name(f".{config.site_dir.name}.next").exists()


@pytest.mark.slow
def test_pagefind_starts_only_after_the_data_files(corpus, tmp_path, monkeypatch):
    # Pagefind holds its whole index (3.6 GiB at 10,000 articles): it must not run beside the corpus.
    config = config_for(corpus, tmp_path)
    started = []

    class Watched(pipeline.PagefindRun):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self._process)

    def fail(*args):
        raise BuildFailed(["downloads: failed on purpose"])

    monkeypatch.setattr(pipeline, "PagefindRun", Watched)
    monkeypatch.setattr(pipeline, "add_data_files", fail)
    with pytest.raises(BuildFailed, match="failed on purpose"):
        build(config)
    assert not started


def test_corpus_json_is_one_compact_sorted_document(built_small):
    # Written as the articles' records joined (emit.downloads.ArticleData): the same bytes as dumping it whole.
    config, report = built_small
    text = download_text(config.site_dir, "corpus.json")
    data = json.loads(text)
    assert len(data["articles"]) == report.articles
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    rows = list(csv.reader(io.StringIO(download_text(config.site_dir, "articles.csv"))))
    assert rows[0][0] == "id" and [row[0] for row in rows[1:]] == [a["id"] for a in data["articles"]]


def test_json_writes_what_the_standard_encoder_writes_for_awkward_text():
    # Records hold strings, integers, lists, null: no floats, which orjson writes otherwise (1e-7, not 1e-07).
    data = {"z": "\x00\x1f\x7f \"quoted\" back\\slash \u2028 \U0001f600 é <script>", "a": [1, -2, None, True, {}]}
    assert _json(data) == json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


FIELD = st.one_of(st.text(alphabet=st.sampled_from('ab ,"\r\n\u2028é')), st.integers(), st.floats())


@given(st.lists(st.lists(FIELD, min_size=2, max_size=6), max_size=5))
@example([["slug", 1, 0.5], ["a,b", "x"]])
@example([['say "no"', 2]])
@example([["two\nlines", 3], ["carriage\rreturn", 4]])
def test_csv_writes_what_the_standard_writer_writes(rows):
    # Joined as they are when no field needs quoting, through csv.writer otherwise: the same bytes either way.
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    assert _csv(rows) == buffer.getvalue().encode("utf-8")


def test_data_files_are_the_declared_ones(built_small):
    config, _ = built_small
    corpus = pipeline.make_corpus(config, pipeline.BuildReport())
    jobs = emit_jobs(corpus, config, SiteLinks(config.site_url, config.repo_url, config.edit_uri))
    assert tuple(page.path for page in jobs.data_files(None).files()) == DATA_FILES


@pytest.mark.slow
def test_a_rebuild_writes_only_the_data_files_that_changed(corpus, tmp_path):
    config = config_for(corpus, tmp_path)
    build(config)
    taxonomy = (config.site_dir / "downloads" / "taxonomy.json").stat().st_ino
    again = build(config)
    assert (again.written, again.removed) == (0, 0)
    raw = corpus / "raw" / "border_watch.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("sent observers", "sent two observers"), encoding="utf-8")
    edited = build(config)
    assert "sent two observers" in download_text(config.site_dir, "corpus.json")
    assert (config.site_dir / "downloads" / "taxonomy.json").stat().st_ino == taxonomy  # the same file, linked on
    assert (config.staging_dir / "downloads" / "taxonomy.json").stat().st_ino == taxonomy
    # Each actor's, topic's and relation's feed (pages.feed_path) that lists the article holds its new summary.
    feeds = sum("sent two observers" in path.read_text(encoding="utf-8") for path in config.site_dir.glob("*/*/feed.xml"))
    assert edited.removed == 0 and 0 < edited.written < 20 + feeds
