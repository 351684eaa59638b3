"""Untrusted text stays text: hostile article text, titles, authors and taxonomy strings reach the built
site as the literal characters, never as markup, script or a build error.

The corpus in fixtures/corpus_hostile/ puts each kind of hostile string inside a
normal paragraph (so ingest keeps it), in a title, in author and outlet names
(through a correction, as a contributor would type them) and in actor and topic
names, descriptions, aliases and terms.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pybtex.database import parse_string as parse_bibtex

from build_tools.config import BuildConfig, REPO_ROOT
from build_tools.tools.linkcheck import Node, check_links, parse_html
from build_tools.pipeline import build
from build_tools.search import load_fragments

from conftest import FIXTURES, config_for, download_text

pytestmark = pytest.mark.slow  # builds the hostile corpus's whole site

CORPUS = FIXTURES / "corpus_hostile"
SITE_NAME = "Central Asia Research Collection"

MARKUP_ARTICLE = "articles/pipeline-talks-resume-in-astana"
LEDGER_ARTICLE = "articles/auditors-review-a-very-long-ledger"
TITLE_ARTICLE = "articles/moscow-comments-on-b-bold-b-title-claims"
HOSTILE_TITLE = "Moscow comments on <b>bold</b> {{ title }} claims"
HOSTILE_AUTHORS = ("Olga <i>Smith</i> {{ Ivanova }}", "<script>alert('author')</script> Lee")
HOSTILE_OUTLET = "**Daily** [Wire](javascript:alert('outlet')) <!-- material/tags -->"
HOSTILE_ACTOR = "<i>Almaty</i> {{ Group }} [x](javascript:alert('name'))"
HOSTILE_ACTOR_URL = "actors/i-almaty-i-group-x-javascript-alert-name"
HOSTILE_TOPIC = "Energy <b>&</b> {{ pipelines }}"
HOSTILE_TOPIC_URL = "topics/energy-b-b-pipelines"
LONG_LINE = ("The export ledger listed " + " ".join(f"cargo{n:05d}" for n in range(6000))
             + " before the auditors finished their work on the pipeline.")

BODY_STRINGS = [
    '<script>alert("pwned-body")</script>',
    '<img src=x onerror=alert("img-body")>',
    '[a fake report](javascript:alert("md-link-body"))',
    "<a href=\"javascript:alert('html-link-body')\">another report</a>",
    "{{ config.secret_key }}",
    '{% include "etc/passwd" %}',
    '!!! danger "Injected admonition"',
    '--8<-- "etc/passwd"',
    "<!-- material/tags -->",
    "**in bold**",
    "_in italics_",
    "| a | b |",
    "# Not a heading",
    "![tracker](http://evil.example/pixel.png)",
    # The same kinds of syntax at the start of a paragraph, where Markdown reads block syntax:
    '!!! danger "Injected at line start" was how',
    '--8<-- "etc/hosts" was the next line',
    "# Heading marker at the start of a paragraph",
    '<script>alert("line-start")</script> opened the leaflet',
    "{% raw %} and {{ 7*7 }} opened another leaflet",
    '<div markdown="1">**html block**</div> was pasted',
    # The markers of blocks that Markdown passes through unparsed (build_tools/emit/prerendered.py),
    # and of where the theme's search stops reading (hooks.py):
    "<!-- /prerendered --> ended a third leaflet",
    "<!-- prerendered --> with <!-- theme search: end of lead -->",
]
LEDGER_STRINGS = [
    LONG_LINE,
    "--- title: hacked ---",
    "[^1]",
    '{ .md-tag onclick="alert(1)" }',
    "&lt;script&gt;",  # written out in the source: must not turn into "<script>"
    "a stray &amp; sign",
]

# (page, literal text that must be visible on it)
EXPECTED_TEXT = [
    *[(MARKUP_ARTICLE, s) for s in BODY_STRINGS],
    *[(LEDGER_ARTICLE, s) for s in LEDGER_STRINGS],
    (TITLE_ARTICLE, HOSTILE_TITLE),
    *[(TITLE_ARTICLE, a) for a in HOSTILE_AUTHORS],
    (TITLE_ARTICLE, HOSTILE_OUTLET),
    ("actors/russia", "Country with a <script>alert('actor-desc')</script> description and "
                      "[a link](javascript:alert('desc-link'))."),
    ("actors/kazakhstan", 'Country in Central Asia. !!! warning "Injected" --8<-- "etc/passwd" {{ desc }} {% raw %}'),
    ("actors/caspian-pipeline-consortium",
     "Oil pipeline operator. <!-- material/tags --> --- title: hacked --- **bold** <img src=x onerror=alert('cpc')>"),
    ("actors/caspian-pipeline-consortium", "CPC <b>Ltd</b>, {{ cpc }}"),
    (HOSTILE_ACTOR_URL, HOSTILE_ACTOR),
    (HOSTILE_TOPIC_URL, HOSTILE_TOPIC),
    (HOSTILE_TOPIC_URL, "Oil and gas transport. <script>alert('topic-desc')</script> !!! note"),
    (HOSTILE_TOPIC_URL, "<i>crude</i> (1)"),
    (HOSTILE_TOPIC_URL, "--8<-- (1)"),
    ("topics/auditing-ledger-javascript-alert-topic", "Auditing [ledger](javascript:alert('topic'))"),
    ("topics", HOSTILE_TOPIC),
    ("actors", HOSTILE_ACTOR),
    ("relations", f"Caspian Pipeline Consortium – {HOSTILE_ACTOR}"),
    ("timeline", HOSTILE_TITLE),
    ("authors", HOSTILE_AUTHORS[1]),
    ("authors/script-alert-author-script-lee", HOSTILE_AUTHORS[1]),
    ("outlets", HOSTILE_OUTLET),
    ("", HOSTILE_TITLE),  # home page: newest articles
    ("network", HOSTILE_ACTOR),  # an SVG label
    ("sources/hostile_title", 'Photo: <script>alert("dropped")</script> | {{ credit }} / Reuters'),  # dropped block
]


@pytest.fixture(scope="module")
def built_hostile(tmp_path_factory: pytest.TempPathFactory) -> BuildConfig:
    config = config_for(CORPUS, tmp_path_factory.mktemp("hostile"))
    build(config)
    return config


def page_file(config: BuildConfig, url: str) -> Path:
    return config.site_dir / url / "index.html"


def parse_page(config: BuildConfig, url: str) -> Node:
    return parse_html(page_file(config, url).read_text(encoding="utf-8"))


def all_pages(config: BuildConfig) -> list[tuple[str, Node]]:
    return [(p.relative_to(config.site_dir).as_posix(), parse_html(p.read_text(encoding="utf-8")))
            for p in sorted(config.site_dir.rglob("*.html"))]


def article_content(root: Node) -> Node:
    [content] = root.find_all("article", cls="md-content__inner")
    return content


# --------------------------------------------------------------------------- ingest keeps it


@pytest.mark.parametrize("raw, expected", [
    ("hostile_markup.txt", BODY_STRINGS),
    ("long_ledger.txt", LEDGER_STRINGS),
])
def test_ingest_keeps_hostile_paragraphs_verbatim(raw, expected):
    result = subprocess.run([sys.executable, "-m", "build_tools", "ingest", str(CORPUS / "raw" / raw), "--json"],
                            cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    [article] = json.loads(result.stdout)
    raw_paragraphs = [p for p in (CORPUS / "raw" / raw).read_text(encoding="utf-8").split("\n\n")
                      if any(s in p for s in expected)]
    for paragraph in raw_paragraphs:
        assert paragraph.strip() in article["text"].split("\n\n")
    for literal in expected:
        assert literal in article["text"]


# --------------------------------------------------------------------------- the built pages


@pytest.mark.parametrize("url, literal", EXPECTED_TEXT, ids=[f"{u or 'home'}:{s[:30]}" for u, s in EXPECTED_TEXT])
def test_hostile_text_is_shown_literally(built_hostile, url, literal):
    content = article_content(parse_page(built_hostile, url))
    assert literal in content.text()


def test_pages_run_only_the_themes_scripts(built_hostile):
    for name, root in all_pages(built_hostile):
        for script in root.find_all("script"):
            src = script.attrs.get("src", "")
            assert not re.match(r"(?i)^\s*([a-z][a-z0-9+.-]*:|//)", src), f"{name}: {src}"
            assert "alert" not in script.raw_text() and "alert" not in src, f"{name}: injected script"
            if script.attrs.get("id") == "__config":
                json.loads(script.raw_text())  # the theme's config stays valid JSON


def test_no_element_or_attribute_comes_from_injected_markup(built_hostile):
    for name, root in all_pages(built_hostile):
        for node in root.iter():
            for attribute, value in node.attrs.items():
                assert not attribute.startswith("on"), f"{name}: <{node.tag} {attribute}=...>"
                if attribute in ("href", "src", "action", "formaction", "data", "xlink:href"):
                    assert not value.strip().lower().startswith("javascript:"), f"{name}: {value}"
            assert node.tag not in ("b", "i", "iframe", "sup", "object", "embed"), f"{name}: <{node.tag}>"
            if node.tag == "img":
                pytest.fail(f"{name}: injected <img {node.attrs}>")
        assert not any("material/tags" in c for c in root.comments), f"{name}: comment passed through"


def test_injected_markdown_makes_no_element_in_articles(built_hostile):
    for url in (MARKUP_ARTICLE, LEDGER_ARTICLE, TITLE_ARTICLE):
        content = article_content(parse_page(built_hostile, url))
        admonitions = content.find_all("div", cls="admonition")
        assert [a.find_all("p", cls="admonition-title")[0].text() for a in admonitions] == ["Generated page"]
        assert len(content.find_all("h1")) == 1
        assert not content.find_all("table") and not content.find_all("hr")
        assert not content.find_all(cls="footnote")
        assert not [n for n in content.find_all("strong") if "bold" in n.text() or "html block" in n.text()]
        assert not [n for n in content.find_all("em") if "italics" in n.text()]
        assert not [n for n in content.find_all("a") if "fake report" in n.text() or "another report" in n.text()]
        tags = content.find_all(cls="md-tag")
        assert all(t.tag == "a" and t.attrs["href"].startswith("../../") for t in tags)


def test_page_title_header_and_toc_show_the_literal_title(built_hostile):
    root = parse_page(built_hostile, TITLE_ARTICLE)
    [title] = root.find_all("title")
    assert title.text() == f"{HOSTILE_TITLE} - {SITE_NAME}"
    [h1] = article_content(root).find_all("h1")
    assert h1.text() == HOSTILE_TITLE
    header = [n.text() for n in root.find_all("div", cls="md-header__topic")]
    assert HOSTILE_TITLE in header
    toc = root.find_all("nav", cls="md-nav--secondary")
    assert toc and "By Olga {{ Ivanova }} <i>Smith</i>" in toc[0].text()
    [description] = [m for m in root.find_all("meta") if m.attrs.get("name") == "description"]
    assert "By Olga {{ Ivanova }} <i>Smith</i>" in description.attrs["content"]


def test_citation_meta_tags_hold_the_literal_title_authors_and_outlet(built_hostile):
    """What reference managers and Google Scholar read to cite the page."""
    root = parse_page(built_hostile, TITLE_ARTICLE)
    tags = [(m.attrs["name"], m.attrs["content"]) for m in root.find_all("meta")
            if m.attrs.get("name", "").startswith("citation_")]
    assert tags == [("citation_title", HOSTILE_TITLE), *(("citation_author", a) for a in HOSTILE_AUTHORS),
                    ("citation_publication_date", "2023/07/01"), ("citation_journal_title", HOSTILE_OUTLET)]
    [shared_title] = [m.attrs["content"] for m in root.find_all("meta") if m.attrs.get("property") == "og:title"]
    assert shared_title == HOSTILE_TITLE


def test_hostile_actor_page_title_and_tag_chip(built_hostile):
    root = parse_page(built_hostile, HOSTILE_ACTOR_URL)
    assert root.find_all("title")[0].text() == f"{HOSTILE_ACTOR} - {SITE_NAME}"
    chips = article_content(parse_page(built_hostile, LEDGER_ARTICLE)).find_all("a", cls="md-tag")
    assert HOSTILE_ACTOR in [chip.text() for chip in chips]


def test_nav_is_the_configured_nav(built_hostile):
    expected = None
    for name, root in all_pages(built_hostile):
        [primary] = root.find_all("nav", cls="md-nav--primary")
        labels = [a.text() for a in primary.find_all("a") if "md-nav__link" in a.classes]
        assert not any("alert" in label or "<" in label or "{{" in label for label in labels), name
        links = [a.text() for a in root.find_all("a", cls="md-tabs__link")]
        expected = expected or links
        assert links == expected, name


def visible_words(node: Node, skipped: set[str]) -> list[str]:
    """The words of an element's text, leaving out elements of the `skipped` classes."""
    words = []
    for child in node.children:
        if isinstance(child, str):
            words += re.findall(r"\w+", child)
        elif not child.classes & skipped:
            words += visible_words(child, skipped)
    return words


def test_faceted_search_indexes_the_words_each_article_page_shows(built_hostile):
    # Pagefind reads the search documents, not the pages: they must say what the page says.
    records = load_fragments(built_hostile.site_dir / "pagefind")
    assert len(records) == len(list((built_hostile.site_dir / "articles").glob("*/index.html")))
    for record in records:
        [body] = parse_page(built_hostile, record["url"].strip("/")).find_all("div", cls="article-content")
        assert visible_words(body, {"article-meta", "headerlink"}) == re.findall(r"\w+", record["content"]), record["url"]
    title = next(r for r in records if TITLE_ARTICLE in r["url"])
    assert title["meta"]["title"] == HOSTILE_TITLE


def test_search_documents_hold_hostile_text_as_text(built_hostile):
    documents = sorted(built_hostile.search_dir.rglob("*.html"))
    assert documents
    for path in documents:
        root = parse_html(path.read_text(encoding="utf-8"))
        tags = {node.tag for node in root.iter()} - {"#document"}
        assert tags <= {"html", "head", "meta", "title", "body", "main", "h2", "p", "ul", "li", "div", "span"}, path
        assert not any(attribute.startswith("on") for node in root.iter() for attribute in node.attrs), path
    title = parse_html((built_hostile.search_dir / TITLE_ARTICLE / "index.html").read_text(encoding="utf-8"))
    assert title.find_all("title")[0].text() == HOSTILE_TITLE


def test_feed_is_well_formed_with_literal_titles_and_authors(built_hostile):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(built_hostile.site_dir / "feed.xml").getroot()
    entries = root.findall(f"{atom}entry")
    titles = [e.findtext(f"{atom}title") for e in entries]
    assert HOSTILE_TITLE in titles
    entry = entries[titles.index(HOSTILE_TITLE)]
    assert tuple(a.findtext(f"{atom}name") for a in entry.findall(f"{atom}author")) == HOSTILE_AUTHORS
    markup = entries[titles.index("Pipeline talks resume in Astana")]
    assert '<script>alert("pwned-body")</script>' in markup.findtext(f"{atom}summary")


def test_downloads_keep_hostile_values_exactly(built_hostile):
    downloads = built_hostile.site_dir / "downloads"
    corpus = json.loads(download_text(built_hostile.site_dir, "corpus.json"))
    [record] = [a for a in corpus["articles"] if a["title"] == HOSTILE_TITLE]
    assert tuple(record["authors"]) == HOSTILE_AUTHORS and record["publication"] == HOSTILE_OUTLET
    texts = " ".join(a["text"] for a in corpus["articles"])
    assert all(s in texts for s in BODY_STRINGS + LEDGER_STRINGS)
    taxonomy = json.loads((downloads / "taxonomy.json").read_text(encoding="utf-8"))
    assert HOSTILE_ACTOR in json.dumps(taxonomy, ensure_ascii=False)
    rows = list(csv.DictReader(io.StringIO(download_text(built_hostile.site_dir, "articles.csv"))))
    [row] = [r for r in rows if r["title"] == HOSTILE_TITLE]
    assert row["authors"] == "; ".join(HOSTILE_AUTHORS) and row["publication"] == HOSTILE_OUTLET
    bib = download_text(built_hostile.site_dir, "articles.bib")
    entries = parse_bibtex(bib, "bibtex").entries
    assert len(entries) == 3, "every entry parses"
    titles = [entry.fields["title"] for entry in entries.values()]
    assert r"{Moscow} comments on <b>bold</b> \textbraceleft{}\textbraceleft{} title \textbraceright{}" \
           r"\textbraceright{} claims" in titles


def test_hostile_site_links_resolve(built_hostile):
    assert check_links(built_hostile.site_dir) == []
