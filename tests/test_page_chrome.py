"""The theme's chrome loses its blank runs; the page's content, code and scripts keep every byte."""

from __future__ import annotations

import re

from build_tools.site.page_chrome import compact_chrome


def test_compact_chrome_folds_blank_runs_outside_the_content():
    page = ("<nav>\n    \n      <a href='x'>Home</a>\n\n    </nav>\n"
            "<article>\n   <p>a</p>\n\n   <pre>  x\n\n   y</pre>\n</article>\n  <footer>\n\n  </footer>")
    assert compact_chrome(page) == ("<nav>\n<a href='x'>Home</a>\n</nav>\n"
                                    "<article>\n   <p>a</p>\n\n   <pre>  x\n\n   y</pre>\n</article>\n<footer>\n</footer>")


def test_compact_chrome_keeps_scripts_styles_and_text_areas_whole():
    page = "<div>\n  <script>\n  let a = `\n  x`;\n</script>\n  <textarea>\n\n  t</textarea>\n  <style>\n  p {}\n</style></div>"
    assert compact_chrome(page) == page.replace("<div>\n  <script>", "<div>\n<script>").replace(
        "</script>\n  <textarea>", "</script>\n<textarea>").replace("</textarea>\n  <style>", "</textarea>\n<style>")


def test_built_page_has_no_blank_run_in_its_chrome(built_small):
    config, _ = built_small
    page = next((config.site_dir / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    chrome = page[:page.index("<article")]
    assert "\n\n" not in chrome and "\n  " not in chrome
    assert "<article" in page and "</html>" in page


def test_every_chrome_icon_is_drawn_by_the_stylesheet_not_inlined(built_small):
    config, _ = built_small
    stylesheet = (config.site_dir / "assets" / "site.css").read_text(encoding="utf-8")
    page = next((config.site_dir / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    icons = set(re.findall(r'class="site-icon site-icon--([\w-]+)"', page))
    assert {"menu", "magnify", "library", "git-alt"} <= icons
    assert not [name for name in icons if f".site-icon--{name}{{--site-icon:url(" not in stylesheet]
    assert "<path" not in page[:page.index("<article")], "an icon inlined in the chrome"


def test_an_article_without_headings_of_its_own_has_no_table_of_contents(built_small):
    config, _ = built_small
    pages = [path.read_text(encoding="utf-8") for path in (config.site_dir / "articles").glob("*/index.html")]
    without = [page for page in pages if "md-sidebar--secondary" not in page]
    assert without and all('<h2 id="cite-this"' in page for page in without)
