"""The project's scripts and stylesheets reach the site minified, and still work (the browser tests run them)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from build_tools.emit.minify import minify_assets

DOCS = Path(__file__).parent.parent / "docs"


def test_scripts_and_stylesheets_lose_comments_and_whitespace_and_nothing_else_changes():
    files = {PurePosixPath("a.js"): b"/* why */\nvar  answer = 1;  // note\n",
             PurePosixPath("a.css"): b"/* why */\n.a  {  color : red ; }\n",
             PurePosixPath("keep.css"): b"/*! licence */ .b { color: blue }",
             PurePosixPath("page.md"): b"# Title\n\n/* not code */\n"}
    minified = minify_assets(files)
    assert minified[PurePosixPath("a.js")] == b"var answer=1;"
    assert minified[PurePosixPath("a.css")] == b".a{color:red}"
    assert minified[PurePosixPath("keep.css")].startswith(b"/*! licence */")
    assert minified[PurePosixPath("page.md")] == files[PurePosixPath("page.md")]
    assert minify_assets(files) == minified  # deterministic


def test_the_site_serves_the_assets_minified(built_small):
    config, _ = built_small
    for name in ("faceted-search.js", "faceted-search.css", "site.css"):
        source = (DOCS / "assets" / name).read_bytes()
        served = (config.site_dir / "assets" / name).read_bytes()
        assert len(served) < 0.8 * len(source), name
        assert b"/* " not in served, name
