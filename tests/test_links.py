"""The link checker: every internal href/src and #anchor of a built site resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.tools.linkcheck import check_links, parse_html


def make_site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><head></head><body>{body}</body></html>", encoding="utf-8")
    return root


GOOD = {
    "index.html": '<a href="a/">A</a> <a href="a/#part">A part</a> <a href="#top">top</a><h1 id="top">T</h1>'
                  '<a href="https://example.org/">elsewhere</a> <a href="mailto:x@example.org">mail</a>'
                  '<img src="img/x.png"> <img src="data:image/png;base64,AAAA">',
    "a/index.html": '<h2 id="part">Part</h2><a href="../">home</a><a href="../b.html#n">b</a>'
                    '<a href="../a%20b/">space</a>',
    "b.html": '<a name="n"></a><link rel="stylesheet" href="style.css">',
    "a b/index.html": "",
    "img/x.png": "",
    "style.css": "",
}


def test_check_links_accepts_a_consistent_site(tmp_path):
    assert check_links(make_site(tmp_path, GOOD)) == []


@pytest.mark.parametrize("body, expected", [
    ('<a href="missing/">x</a>', "index.html: <a> points to a missing file 'missing/' (missing/index.html)"),
    ('<a href="a/#nope">x</a>', "index.html: <a> points to a missing anchor 'a/#nope' in a/index.html"),
    ('<a href="#nope">x</a>', "index.html: <a> points to a missing anchor '#nope' in index.html"),
    ('<img src="gone.png">', "index.html: <img> points to a missing file 'gone.png' (gone.png)"),
    ('<img src="https://tracker.example/p.gif">',
     "index.html: <img> fetches 'https://tracker.example/p.gif' from another host"),
    ('<script src="//cdn.example/x.js"></script>', "index.html: <script> fetches '//cdn.example/x.js' from another host"),
    ('<link rel="preconnect" href="https://fonts.gstatic.com">',
     "index.html: <link> fetches 'https://fonts.gstatic.com' from another host"),
    ('<a href="javascript:alert(1)">x</a>', "index.html: <a> has a javascript: URL 'javascript:alert(1)'"),
    ('<a href=" JavaScript:alert(1)">x</a>', "index.html: <a> has a javascript: URL 'JavaScript:alert(1)'"),
    ('<a href="/a/">x</a>', "index.html: <a> uses an absolute path '/a/'; links must be relative"),
    ('<a href="../../etc/">x</a>', "index.html: <a> points outside the site: '../../etc/'"),
])
def test_check_links_reports_each_broken_reference(tmp_path, body, expected):
    pages = dict(GOOD, **{"index.html": GOOD["index.html"] + body})
    assert check_links(make_site(tmp_path, pages)) == [expected]


def test_check_links_reads_the_404_page_against_the_site_path(tmp_path):
    pages = dict(GOOD, **{"404.html": '<a href="/base/a/#part">a</a> <link rel="stylesheet" href="/base/style.css">'})
    assert check_links(make_site(tmp_path, pages), base_path="/base/") == []
    pages["404.html"] += '<a href="/base/gone/">x</a>'
    assert check_links(make_site(tmp_path, pages), base_path="/base/") == [
        "404.html: <a> points to a missing file 'gone/' (gone/index.html)"]


def test_parse_html_unescapes_text_and_keeps_comments():
    root = parse_html('<p class="x y">&lt;b&gt; &#123;&#123; a &#125;&#125;<br>z</p><!-- c -->')
    [p] = root.find_all("p", cls="y")
    assert p.text() == "<b> {{ a }}z" and root.comments == [" c "]


def test_small_fixture_site_links_resolve(built_small):
    config, _ = built_small
    assert check_links(config.site_dir) == []
