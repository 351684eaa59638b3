"""Faceted search: the Pagefind index of article pages and the search page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.search import pagefind
from build_tools.errors import BuildFailed
from build_tools.search import FILTER_NAMES, PagefindIndex, load_fragments
from build_tools.search.facets import EVERY_ARTICLE
from build_tools.search.pagefind import FACETS_FILE, NICENESS, _cbor, _cbor_encode, _decompress, facet_summary, parse_counts

from conftest import config_for

DRILLS = "russia-holds-csto-drills-near-the-afghan-border"
WATER = "uzbekistan-and-kazakhstan-sign-water-deal"
SEARCH_JS = Path(__file__).parent.parent / "docs" / "assets" / "faceted-search.js"


def test_pagefind_indexes_every_article_page_and_nothing_else(built_small):
    config, report = built_small
    records = load_fragments(config.site_dir / "pagefind")
    assert [r["url"] for r in records] == [f"/articles/{DRILLS}/", f"/articles/{WATER}/"]
    assert report.search_pages == report.articles == 2
    assert (config.site_dir / "pagefind" / "pagefind.js").is_file()


def test_pagefind_records_carry_actor_topic_year_and_language_filters(built_small):
    config, _ = built_small
    drills = next(r for r in load_fragments(config.site_dir / "pagefind") if DRILLS in r["url"])
    assert {"Russia", "Tajikistan", "Collective Security Treaty Organization"} <= set(drills["filters"]["actor"])
    assert drills["filters"]["topic"] == ["Military exercises"]
    assert drills["filters"]["year"] == ["2022"]
    assert drills["filters"]["language"] == ["English"]
    assert drills["meta"] == {"title": "Russia holds CSTO drills near the Afghan border", "date": "2022-06-12",
                              "scope": EVERY_ARTICLE, "language": "English"}
    # The body is indexed; the byline, actor chips and cite/source boilerplate are not.
    assert "5,000 troops" in drills["content"]
    assert "Cite this" not in drills["content"] and "Raw file" not in drills["content"]


def test_search_page_has_the_form_every_facet_and_the_script(built_small):
    config, _ = built_small
    html = (config.site_dir / "search" / "index.html").read_text(encoding="utf-8")
    assert 'id="faceted-search"' in html and 'name="query"' in html
    for name in FILTER_NAMES:
        assert f'data-facet="{name}"' in html, name
    assert 'src="../assets/faceted-search.js"' in html
    assert (config.site_dir / "assets" / "faceted-search.js").is_file()


@pytest.mark.slow
def test_build_keeps_the_old_site_when_the_search_index_is_short(corpus, tmp_path, monkeypatch):
    config = config_for(corpus, tmp_path)
    pipeline.build(config)
    before = (config.site_dir / "index.html").read_bytes()

    class ShortIndex(pipeline.PagefindRun):
        def wait(self):
            super().wait()
            return PagefindIndex(self.bundle, 0, 0, 0, 0)

    monkeypatch.setattr(pipeline, "PagefindRun", ShortIndex)
    with pytest.raises(BuildFailed, match="indexed 0 of 2 article pages"):
        pipeline.build(config)
    assert (config.site_dir / "index.html").read_bytes() == before
    assert not config.site_dir.with_name(f".{config.site_dir.name}.next").exists()
    assert not config.site_dir.with_name(f".{config.site_dir.name}.pagefind").exists()


@pytest.mark.skipif(shutil.which("nice") is None, reason="the system has no nice command")
def test_pagefind_runs_at_a_lower_priority_than_the_build(tmp_path, monkeypatch):
    """It shares the cores with the pages rendering, which the rest of the build waits for."""
    fake = tmp_path / "pagefind"
    fake.write_text('#!/bin/sh\nnice > "$4"\n', encoding="utf-8")  # $4: the --output-path
    fake.chmod(0o755)
    monkeypatch.setattr(pagefind, "pagefind_executable", lambda: fake)
    with pagefind.PagefindRun(tmp_path, tmp_path / "niceness", 10**6) as run, pytest.raises(BuildFailed):
        run.wait()  # no bundle, so no filters to read
    assert int((tmp_path / "niceness").read_text()) == min(os.nice(0) + NICENESS, 19)


@pytest.mark.parametrize(("output", "expected"), [
    ("Indexed 1 language\nIndexed 12 pages\nIndexed 345 words\nIndexed 4 filters\nIndexed 1 sort\n",
     {"page": 12, "word": 345, "filter": 4, "sort": 1}),
    ("nothing here", {}),
])
def test_parse_counts_reads_pagefind_totals(output, expected):
    assert parse_counts(output) == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_search_state_round_trips_through_the_url():
    script = f"""
    const m = require({json.dumps(str(SEARCH_JS))});
    const s = m.readState("?query=drills&actor=Uzbekistan&actor=Collective+Security+Treaty+Organization"
                          + "&topic=Military+exercises&sort=newest&actor=Uzbekistan&bogus=1&sort2=x");
    console.log(JSON.stringify({{state: s, url: m.stateToSearch(s), options: m.pagefindOptions(s),
                                empty: m.stateToSearch(m.readState("?sort=sideways"))}}));
    """
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["state"] == {"query": "drills", "sort": "newest", "filters": {
        "actor": ["Uzbekistan", "Collective Security Treaty Organization"], "quoted": [],
        "topic": ["Military exercises"], "outlet": [], "outlet_kind": [], "year": [], "language": []}}
    assert result["url"] == ("?query=drills&actor=Uzbekistan&actor=Collective+Security+Treaty+Organization"
                             "&topic=Military+exercises&sort=newest")
    assert result["options"] == {"filters": {"actor": {"all": ["Uzbekistan", "Collective Security Treaty Organization"]},
                                             "topic": {"all": ["Military exercises"]}},
                                 "sort": {"date": "desc"}}
    assert result["empty"] == ""


@pytest.mark.slow
def test_long_actor_and_relation_pages_link_to_the_filtered_search(corpus, tmp_path):
    config = config_for(corpus, tmp_path)
    config = replace(config, options=replace(config.options, index_page_items=1))
    pipeline.build(config)
    russia = (config.site_dir / "actors" / "russia" / "index.html").read_text(encoding="utf-8")
    # One listed article, not both (a quotation's link to its paragraph is not a listing).
    assert len(re.findall(r'href="\.\./\.\./articles/[^"#]*/"', russia)) == 1
    assert 'href="../../search/?actor=Russia"' in russia
    relations = [p.read_text(encoding="utf-8") for p in (config.site_dir / "relations").glob("*--*/index.html")]
    linked = [html for html in relations if 'href="../../search/?actor=' in html]
    assert linked and all(html.count("<tr") == 2 for html in linked)  # header row + one sentence


def test_bundle_summarises_every_filter_for_the_search_page(built_small):
    config, _ = built_small
    bundle = config.site_dir / "pagefind"
    summary = json.loads((bundle / FACETS_FILE).read_text(encoding="utf-8"))
    records = load_fragments(bundle)
    assert set(summary) <= set(FILTER_NAMES) and {"actor", "topic", "year"} <= set(summary)
    for name, facet in summary.items():
        expected: dict[str, int] = {}
        for record in records:
            for value in record["filters"].get(name, []):
                expected[value] = expected.get(value, 0) + 1
        assert facet["values"] == expected, name
    # "bytes" is about what the browser downloads to filter or count by that facet: its chunk file(s).
    chunks = sorted(p.stat().st_size for p in (bundle / "filter").glob("*.pf_filter"))
    sizes = sorted(facet["bytes"] for facet in summary.values())
    assert len(sizes) == len(chunks)
    assert all(abs(size - chunk) <= 0.05 * chunk + 8 for size, chunk in zip(sizes, chunks)), (sizes, chunks)


def test_cbor_encodes_what_it_decodes(built_small):
    config, _ = built_small
    for path in (config.site_dir / "pagefind" / "filter").glob("*.pf_filter"):
        raw = _decompress(path)
        assert _cbor_encode(_cbor(raw)) == raw


def test_every_article_page_is_found_by_the_every_article_word(built_small):
    config, _ = built_small
    records = load_fragments(config.site_dir / "pagefind")
    assert records and all(r["meta"]["scope"] == EVERY_ARTICLE for r in records)
    script = SEARCH_JS.read_text(encoding="utf-8")
    assert f'var EVERY_ARTICLE = "{EVERY_ARTICLE}";' in script


def test_facet_summary_fails_the_build_on_a_bundle_it_cannot_read(tmp_path):
    (tmp_path / "pagefind-entry.json").write_text('{"version": "9", "languages": {"en": {"hash": "x"}}}')
    (tmp_path / "pagefind.x.pf_meta").write_bytes(b"not gzip")
    with pytest.raises(BuildFailed, match="could not read the filters"):
        facet_summary(tmp_path)


@pytest.mark.parametrize(("data", "value"), [
    (bytes([0x17]), 23),
    (bytes([0x18, 0xFF]), 255),
    (bytes([0x19, 0x01, 0x00]), 256),
    (bytes([0x1A, 0x00, 0x01, 0x00, 0x00]), 65536),
    (bytes([0x20]), -1),
    (bytes([0x63]) + "abc".encode(), "abc"),
    (bytes([0x82, 0x01, 0x81, 0x62]) + "é".encode(), [1, ["é"]]),
    (bytes([0xA1, 0x61, 0x6B, 0x02]), {"k": 2}),
])
def test_cbor_reads_what_pagefind_writes(data, value):
    assert _cbor(data) == value


@pytest.mark.parametrize("data", [bytes([0x19, 0x01]), bytes([0x63, 0x61]), bytes([0x01, 0x02]), bytes([0xF6])])
def test_cbor_refuses_truncated_or_unknown_items(data):
    with pytest.raises((ValueError, IndexError)):
        _cbor(data)



@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_url_filter_values_take_the_indexs_spelling_by_slug():
    summary = {"actor": {"bytes": 1, "values": {"Uzbekistan": 3, "Collective Security Treaty Organization": 2,
                                                 "Türkiye": 1}},
               "topic": {"bytes": 1, "values": {"Military exercises": 4}}}
    script = f"""
    const m = require({json.dumps(str(SEARCH_JS))});
    const filters = m.readState("?actor=uzbekistan&actor=COLLECTIVE-SECURITY-TREATY-ORGANIZATION&actor=turkiye"
                                + "&actor=Uzbekistan&actor=Atlantis&topic=military+exercises&year=2019").filters;
    console.log(JSON.stringify({{found: m.canonicalFilters(filters, {json.dumps(summary)}),
                                without: m.canonicalFilters(filters, null)}}));
    """
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["found"] == {
        "actor": ["Uzbekistan", "Collective Security Treaty Organization", "Türkiye", "Atlantis"],
        "quoted": [], "topic": ["Military exercises"], "outlet": [], "outlet_kind": [], "year": ["2019"],
        "language": []}
    assert result["without"]["actor"] == ["uzbekistan", "COLLECTIVE-SECURITY-TREATY-ORGANIZATION", "turkiye",
                                          "Uzbekistan", "Atlantis"]

@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_search_counts_small_facets_with_every_search_and_the_rest_on_demand():
    script = f"""
    const m = require({json.dumps(str(SEARCH_JS))});
    const s = m.readState("?actor=Russia&sort=oldest");
    const summary = {{actor: {{bytes: 450000}}, topic: {{bytes: 70000}},
                     outlet: {{bytes: 22000}}, year: {{bytes: 21000}}, language: {{bytes: 4000}},
                     quoted: {{bytes: 30000}}, outlet_kind: {{bytes: 3000}}}};
    console.log(JSON.stringify({{
      options: m.pagefindOptions(s, ["year", "outlet", "actor"]),
      term: m.searchTerm(s), typed: m.searchTerm(m.readState("?query=+drills+")),
      counted: m.countedFacets(summary, 64000), all: m.countedFacets(null, 64000),
      roomy: m.countedFacets(summary, 10000000), none: m.countedFacets(summary, 1000),
    }}));
    """
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    # An empty list makes Pagefind load the filter's chunk (for counts) without constraining anything.
    assert result["options"] == {"filters": {"actor": {"all": ["Russia"]}, "outlet": [], "year": []},
                                 "sort": {"date": "asc"}}
    assert result["term"] == EVERY_ARTICLE and result["typed"] == "drills"
    assert result["counted"] == ["outlet_kind", "language", "year", "outlet"]  # smallest first, within 64 kB
    assert sorted(result["all"]) == sorted(result["roomy"]) == sorted(FILTER_NAMES)
    assert result["none"] == []


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_search_merges_the_languages_answers_by_score_or_by_date():
    # Each language's Pagefind answers alone, its list in order; sorted by date, its scores rank only within it.
    script = f"""
    const m = require({json.dumps(str(SEARCH_JS))});
    const r = (url, score, date) => ({{url, score, data: () => Promise.resolve({{url, meta: date ? {{date}} : {{}}}})}});
    const en = [r("en-2022", 1, "2022-05-01"), r("en-2019", 0.5, "2019-01-01"), r("en-undated", 0)];
    const ru = [r("ru-2023", 1, "2023-01-01"), r("ru-2020", 0, "2020-06-30")];
    const urls = (list, n) => list.upTo(n).then(found => found.map(x => x.url));
    Promise.all([urls(m.mergedResults([en, ru], {{date: "desc"}}), 9), urls(m.mergedResults([[en[1], en[0], en[2]], [ru[1], ru[0]]], {{date: "asc"}}), 2),
                 urls(m.mergedResults([en, [], ru], null), 9)]).then(([newest, oldest, relevance]) =>
      console.log(JSON.stringify({{newest, oldest, relevance, length: m.mergedResults([en, ru], null).length,
        counts: m.mergeCounts([{{language: {{English: 3}}, year: {{"2022": 1}}}}, {{language: {{Russian: 2}}, year: {{"2022": 2}}}}])}})));
    """
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["newest"] == ["ru-2023", "en-2022", "ru-2020", "en-2019", "en-undated"]
    assert result["oldest"] == ["en-2019", "ru-2020"]
    assert result["relevance"][:2] in (["en-2022", "ru-2023"], ["ru-2023", "en-2022"])
    assert result["relevance"][2:] == ["en-2019", "en-undated", "ru-2020"] and result["length"] == 5
    assert result["counts"] == {"language": {"English": 3, "Russian": 2}, "year": {"2022": 3}}


def test_bench_estimates_with_the_search_pages_own_numbers():
    from build_tools.tools.bench import measure

    script = SEARCH_JS.read_text(encoding="utf-8")
    assert f"var FACET_BUDGET = {measure.FACET_BUDGET};" in script
    assert f"var PAGE_SIZE = {measure.RESULTS_SHOWN};" in script


def test_search_documents_carry_each_articles_language(built_small):
    from build_tools.emit.search_documents import render_search_documents

    corpus = pipeline.make_corpus(built_small[0], pipeline.BuildReport())
    first, *rest = corpus.articles
    corpus = replace(corpus, articles=(replace(first, article=replace(first.article, language="ru")), *rest))
    documents = render_search_documents(corpus)
    languages = [document.split(b'<html lang="')[1].split(b'"')[0] for document in documents.values()]
    assert sorted(languages) == sorted([b"ru"] + [b"en"] * (len(documents) - 1))
    assert sorted(documents) == sorted(p.relative_to(built_small[0].search_dir)
                                       for p in built_small[0].search_dir.rglob("*.html"))
