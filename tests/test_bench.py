"""The bench's synthetic corpus: N generated articles ingest back into N articles with their metadata."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from build_tools.tools.bench.child import EDIT_FILE, SAVES
from build_tools.tools.bench.child import config_for as bench_config
from build_tools.tools.bench.corpus import make_vocabulary, write_corpus, write_long_article
from build_tools.tools.bench.measure import SearchBytes
from build_tools.tools.bench.memory import run_sampled
from build_tools.tools.bench import run as bench_run
from build_tools.tools.bench.run import SizeResult, prepare_corpus, render_long_article, render_table, run_child
from build_tools.config import load_config
from build_tools.ingest import read_corpus
from build_tools.pipeline import BuildReport, build, make_corpus
from build_tools.site import page_kind_bytes, pages_limit_warning

from conftest import config_for, download_text


@pytest.fixture(scope="module")
def vocabulary():
    """From the bundled corpus, as the bench does: the fixture corpus has too few paragraphs."""
    return make_vocabulary(make_corpus(load_config(), BuildReport()))


def test_bench_corpus_of_n_articles_ingests_back_into_n(vocabulary, corpus, tmp_path):
    raw = tmp_path / "raw"
    files = write_corpus(vocabulary, 30, raw, per_file=7)
    assert len(files) == 5  # 7 + 7 + 7 + 7 + 2
    config = replace(config_for(corpus, tmp_path), raw_dir=raw)
    articles = read_corpus(config).articles
    assert len(articles) == 30
    assert all(a.authors and a.date and a.publication for a in articles)
    assert all(len(a.blocks) >= 1 for a in articles)
    assert len({a.title for a in articles}) == 30


def test_bench_corpus_is_the_same_for_the_same_seed(vocabulary, tmp_path):
    first = write_corpus(vocabulary, 12, tmp_path / "a", per_file=5)
    second = write_corpus(vocabulary, 12, tmp_path / "b", per_file=5)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    third = write_corpus(vocabulary, 12, tmp_path / "c", per_file=5, seed=7)
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in third]


def test_bench_long_article_is_one_article_on_one_line(vocabulary, corpus, tmp_path):
    raw = tmp_path / "raw"
    path = write_long_article(vocabulary, 0.2, raw)
    assert 200_000 <= len(path.read_bytes()) < 210_000
    assert max(len(line) for line in path.read_text(encoding="utf-8").splitlines()) > 195_000
    articles = read_corpus(replace(config_for(corpus, tmp_path), raw_dir=raw)).articles
    assert len(articles) == 1 and len(articles[0].text) > 195_000
    line = render_long_article(20, {"total": 61.5, "seconds": {"downloads": 2.5}})
    assert line.startswith("one 20 MB single-line article: 61.5 s (ingest 0.0") and "downloads 2.5" in line


def test_bench_vocabulary_uses_real_paragraphs_and_actors(vocabulary):
    assert len(vocabulary.paragraphs) > 100
    assert {"Russia", "China", "Kazakhstan"} <= set(vocabulary.actor_names)


def test_bench_corpus_refuses_a_vocabulary_too_small_for_distinct_articles(vocabulary, tmp_path):
    tiny = replace(vocabulary, paragraphs=vocabulary.paragraphs[:2], lengths=(2,))
    with pytest.raises(ValueError, match="too few paragraphs"):
        write_corpus(tiny, 3, tmp_path / "raw")  # only two orders of two paragraphs


def test_bench_table_has_a_row_per_stage_and_a_column_per_size():
    build = {"seconds": {"ingest": 1.0, "taxonomy": 0.5, "write": 0.5, "mkdocs": 7.0, "pagefind": 1.0},
             "total": 10.0, "articles": 100,
             "pages": 150, "peak_rss_mib": 300.0}
    results = [SizeResult(size, dict(build), 5_000_000, 40_000, SearchBytes(None, 250_000, "files"),
                          {"home": 76_000, "article": 81_500})
               for size in (100, 200)]
    table = render_table(results)
    for label in ("ingest s", "mkdocs s", "pagefind s", "total s", "peak RSS", "faceted first query"):
        assert label in table
    assert [cell.strip() for cell in table.splitlines()[0].split("|")] == ["size", "100", "200"]
    rows = {line.split("|")[0].strip(): [cell.strip() for cell in line.split("|")[1:]] for line in table.splitlines()}
    assert rows["own stages share"] == ["20%", "20%"]  # ingest, taxonomy and write, not MkDocs or Pagefind
    assert rows["pages per s"] == ["15", "15"] and rows["articles per s"] == ["10", "10"]
    assert rows["article page cold load (gz)"] == ["82 kB", "82 kB"] and rows["network page cold load (gz)"] == ["-", "-"]
    assert rows["ms per article / smallest size's"] == ["1.00x", "1.00x"]


def test_bench_table_compares_each_size_time_per_article_with_the_smallest():
    results = [SizeResult(size, {"seconds": {}, "total": total, "articles": size, "pages": size,
                                 "peak_rss_mib": 1.0}, 1, 1, SearchBytes(None, 1, "files"))
               for size, total in ((1000, 20.0), (30000, 780.0))]
    rows = {line.split("|")[0].strip(): [cell.strip() for cell in line.split("|")[1:]]
            for line in render_table(results).splitlines()}
    assert rows["ms per article / smallest size's"] == ["1.00x", "1.30x"]


def test_bench_shows_each_size_figures_as_soon_as_they_are_in(monkeypatch, tmp_path):
    def bench_size(config, vocabulary, size, work, **options):
        return SizeResult(size, {"seconds": {}, "total": 1.0, "articles": size, "pages": size, "peak_rss_mib": 1.0},
                          1, 1, SearchBytes(None, 1, "files"))

    monkeypatch.setattr(bench_run, "bench_size", bench_size)
    monkeypatch.setattr(bench_run, "make_vocabulary", lambda corpus: None)
    monkeypatch.setattr("build_tools.pipeline.make_corpus", lambda config, report: None)
    logged: list[str] = []
    results, _ = bench_run.run_bench(load_config(), [10, 20, 30], work=tmp_path, log=logged.append)
    assert [r.size for r in results] == [10, 20, 30]
    # After each size but the last (whose table the command prints), the table of the sizes so far.
    assert [[cell.strip() for cell in table.splitlines()[0].split("|")[1:]] for table in logged] == [["10"], ["10", "20"]]


def test_bench_table_shows_the_save_of_each_size_measured():
    build = {"seconds": {"ingest": 1.0}, "total": 10.0, "articles": 100, "pages": 150, "peak_rss_mib": 300.0}
    results = [SizeResult(size, dict(build), 5_000_000, 40_000, SearchBytes(None, 250_000, "files"),
                          incremental=incremental)
               for size, incremental in ((100, {"start_up": 42.0, "saves": {
                   save: {"regenerate": 1.25 + n, "written": 5, "dirty_mkdocs": 0.5, "background": 3.0, "cpu": 1.5}
                   for n, save in enumerate(SAVES)}}), (200, None))]
    rows = {line.split("|")[0].strip(): [cell.strip() for cell in line.split("|")[1:]]
            for line in render_table(results).splitlines()}
    assert rows["serve start-up s"] == ["42.0", "-"]
    assert rows["edit one article's text: regenerate s"] == ["1.2 (5 files written)", "-"]
    assert rows["correct one article's date: regenerate s"] == ["2.2 (5 files written)", "-"]
    assert rows["correct one article's date: dirty mkdocs s"] == ["0.5", "-"]
    assert rows["correct one article's date: until the page reloads s"] == ["2.8", "-"]
    assert rows["correct one article's date: both, CPU s"] == ["1.5", "-"]
    assert rows["correct one article's date: then in the background s"] == ["3.0", "-"]


@pytest.mark.slow
def test_bench_saves_each_change_as_serve_would_and_each_shows_on_the_article_page(vocabulary, tmp_path):
    corpus = prepare_corpus(load_config(), vocabulary, 30, tmp_path)
    config = bench_config(corpus, tmp_path)
    build(config, strict=False)
    first = read_corpus(config).articles[0]  # EDIT_FILE's first article, which both saves change
    assert first.source.path.name == EDIT_FILE
    page = config.staging_dir / "articles" / f"{first.id}.md"
    assert "bench-edited" not in page.read_text(encoding="utf-8")

    # In its own process, as the bench runs it: MkDocs keeps plugins, and so the theme search's index of a dirty
    # build, for the rest of the process.
    measured = run_child("incremental", corpus, tmp_path)

    saves, served = measured["saves"], tmp_path / "served"
    assert measured["start_up"] > 0
    assert all(saves[name]["written"] >= 2 and saves[name]["regenerate"] > 0 and saves[name]["dirty_mkdocs"] > 0
               and saves[name]["cpu"] > 0 for name in SAVES)  # the page and its search document at least
    text = page.read_text(encoding="utf-8")
    assert "bench-edited" in text and "1999-12-31" in text
    assert "1999-12-31" in (served / "articles" / first.id / "index.html").read_text(encoding="utf-8")
    corpus_json = download_text(served, "corpus.json")
    assert "bench-edited" in corpus_json and "1999-12-31" in corpus_json  # written in the background


def test_bench_memory_counts_the_whole_process_tree_and_splits_it_by_stage():
    # A parent holding ~50 MB starts a child that holds ~200 MB more: the tree's peak holds both.
    child = "import time; b = bytearray(200 * 2**20); time.sleep(1.5)"
    parent = f"import subprocess, sys; a = bytearray(50 * 2**20); subprocess.run([sys.executable, '-c', {child!r}])"
    done, memory = run_sampled([sys.executable, "-c", parent])
    assert done.returncode == 0
    assert memory.peak() > 240 * 2**20
    assert len(max(memory.samples, key=lambda sample: sample.total).processes) == 2
    first, last = memory.samples[0].at, memory.samples[-1].at
    peaks = memory.stage_peaks([("early", first - 1, first), ("late", first + 0.001, last + 1)])
    assert peaks["late"] == memory.peak() and peaks["early"] < peaks["late"]


def test_bench_page_kinds_are_the_top_folders_heaviest_first(tmp_path):
    for relative, size in (("articles/a/index.html", 300), ("articles/b/index.html", 300),
                           ("actors/x/index.html", 100), ("sitemap.xml", 50)):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"x" * size)
    assert page_kind_bytes(tmp_path) == {"articles": (2, 600), "actors": (1, 100), "(top)": (1, 50)}


def test_build_warns_before_the_pages_limit_and_names_the_heaviest_page_kinds(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.html").write_bytes(b"x" * 10)
    assert pages_limit_warning(tmp_path, 700_000_000) is None
    warning = pages_limit_warning(tmp_path, 850_000_000)
    assert "850.0 MB and nears the 1000 MB" in warning and "articles/ 0 MB" in warning and "Options:" in warning
    assert "index_page_items" in warning
    assert "is over" in pages_limit_warning(tmp_path, 1_200_000_000)
