"""GitHub Pages hosting: the site works under a sub-path, and every "edit" button opens the real source."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest

from build_tools import cli, site
from build_tools.config import REPO_ROOT, load_config
from build_tools.site.hooks import edit_url, new_correction
from build_tools.tools.linkcheck import parse_html, page_references

REPO = "https://github.com/example/central-asia-research"
NEVER = ("mailto:", "data:", "tel:")


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def base_path(config) -> str:
    path = urlsplit(config.site_url).path
    assert path not in ("", "/"), "site_url should name a project-Pages path, e.g. https://user.github.io/REPO/"
    return path if path.endswith("/") else path + "/"


# --------------------------------------------------------------------------- sub-path


def page_url(site_dir: Path, page: Path, base: str) -> str:
    """The address a browser shows for a built page served under `base` (folder URLs for index.html)."""
    relative = page.relative_to(site_dir).as_posix()
    relative = relative.removesuffix("index.html")
    return f"http://127.0.0.1{base}{relative}"


def target_file(site_dir: Path, path: str, base: str) -> Path:
    inside = unquote(path[len(base):])
    target = site_dir / inside
    return target / "index.html" if inside == "" or inside.endswith("/") or target.is_dir() else target


def test_hosting_no_link_or_asset_escapes_the_sub_path(built_small):
    config, _ = built_small
    site_dir, base = config.site_dir, base_path(config)
    own_site = config.site_url.rstrip("/") + "/"
    problems, checked = [], 0
    for page in html_pages(site_dir):
        here = page_url(site_dir, page, base)
        for ref in page_references(parse_html(page.read_text(encoding="utf-8"))):
            url = ref.url.strip()
            if not url or url.startswith("#") or url.startswith(NEVER):
                continue
            if url.startswith(own_site):  # canonical link, feed: absolute, and under the sub-path too
                url = base + url[len(own_site):]
            elif urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                continue  # another host: a reader's link (third-party fetches are tested elsewhere)
            resolved = urlsplit(urljoin(here, url))
            checked += 1
            if resolved.netloc != "127.0.0.1" or not resolved.path.startswith(base):
                problems.append(f"{page.relative_to(site_dir)}: {ref.url} escapes {base} -> {resolved.path}")
            elif not target_file(site_dir, resolved.path, base).is_file():
                problems.append(f"{page.relative_to(site_dir)}: {ref.url} -> {resolved.path}: no such file")
    assert checked > 100
    assert not problems, "\n".join(problems[:20])


def test_hosting_stylesheets_use_no_root_relative_urls(built_small):
    config, _ = built_small
    for sheet in config.site_dir.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?/(?!/)", text), sheet


@pytest.fixture(scope="module")
def served(built_small):
    """The built site served at http://127.0.0.1:PORT/<repo>/ and nowhere else (404 at the root)."""
    config, _ = built_small
    base = base_path(config)

    class SubPath(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            clean = urlsplit(path).path
            if not clean.startswith(base):
                return str(config.site_dir / "__outside_the_sub_path__")
            return super().translate_path("/" + clean[len(base):])

        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(SubPath, directory=str(config.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{base}", config
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.mark.parametrize("page", ["", "articles/uzbekistan-and-kazakhstan-sign-water-deal/", "actors/russia/",
                                  "topics/water/"])
def test_hosting_pages_and_their_assets_load_under_the_sub_path(served, page):
    root, config = served
    status, body = fetch(root + page)
    assert status == 200, root + page
    assert fetch(root.split(base_path(config))[0] + "/index.html")[0] == 404  # the server root is not the site
    own_site = config.site_url.rstrip("/") + "/"
    for ref in page_references(parse_html(body.decode("utf-8"))):
        url = ref.url
        if url.startswith(own_site):
            url = root + url[len(own_site):]
        if not ref.fetched and ref.tag != "a" or url.startswith(("#", *NEVER)):
            continue
        if urlsplit(url).scheme in ("http", "https") and not url.startswith(root) or url.startswith("//"):
            continue
        absolute = urljoin(root + page, url).split("#")[0]
        assert fetch(absolute)[0] == 200, f"{page}: {ref.url} -> {absolute}"


# --------------------------------------------------------------------------- edit buttons


def edit_links(page: Path) -> list[str]:
    return [node.attrs["href"] for node in parse_html(page.read_text(encoding="utf-8")).iter()
            if node.tag == "a" and node.attrs.get("rel") == "edit"]


def test_hosting_edit_buttons_open_the_file_that_controls_the_page(built_small):
    """built_small is built with `--corpus tests/fixtures/corpus_small`: every button opens that corpus's files."""
    config, _ = built_small
    site, fixture = config.site_dir, "tests/fixtures/corpus_small"
    expected = {
        "actors/russia/index.html": f"{REPO}/edit/main/{fixture}/taxonomy/actors/actors.yml",
        "topics/water/index.html": f"{REPO}/edit/main/{fixture}/taxonomy/topics.yml",
        "about/index.html": f"{REPO}/edit/main/docs/about.md",
        "actors/index.html": f"{REPO}/tree/main/{fixture}/taxonomy/actors",  # the built corpus's list, not corpus/'s
    }
    for page, url in expected.items():
        assert edit_links(site / page) == [url], page
    # An article has no correction file yet: the button opens GitHub's new-file form for it.
    (article,) = edit_links(site / "articles/uzbekistan-and-kazakhstan-sign-water-deal/index.html")
    parts = urlsplit(article)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/new/main/{fixture}/corrections"
    query = parse_qs(parts.query)
    assert query["filename"] == ["steppe_post.yml"]
    assert query["value"][0].startswith("# Corrections for the raw file steppe_post in corpus/raw/")


def test_hosting_no_edit_button_points_at_generated_markdown(built_small):
    config, _ = built_small
    for page in html_pages(config.site_dir):
        for url in edit_links(page):
            parts = urlsplit(url)
            assert url.startswith(REPO + "/"), url
            action, branch, *rest = parts.path[len(urlsplit(REPO).path) + 1:].split("/")
            source = "/".join(rest)
            assert not source.startswith("build/"), (page, url)
            if action == "new":  # a source file to create: its folder exists (or is the corpus's), the file does not
                name = parse_qs(parts.query)["filename"][0]
                folder = REPO_ROOT / source
                assert folder.is_dir() or folder == config.corrections_dir, (page, url)
                assert not (folder / name).exists(), (page, url)
                continue
            assert action in ("edit", "tree"), (page, url)
            assert (REPO_ROOT / unquote(source)).exists(), f"{page}: edit button opens missing {source}"


def test_hosting_every_generated_page_says_it_is_generated(built_small):
    config, _ = built_small
    hand_written = {PurePosixPath(p.relative_to(config.docs_dir).as_posix()).with_suffix("")
                    for p in config.docs_dir.rglob("*.md")}
    generated = 0
    for page in html_pages(config.site_dir):
        relative = PurePosixPath(page.relative_to(config.site_dir).as_posix())
        if relative.name != "index.html" or relative.parent.parts[:1] in (("assets",), ("search",)):
            continue
        source = relative.parent if relative.parent.name else PurePosixPath("index")
        if source in hand_written or (source / "index") in hand_written or relative.as_posix() == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        assert "Generated page" in html and "generated from the corpus on every build" in html, relative
        generated += 1
    assert generated > 20


@pytest.mark.parametrize("meta, src, exists, is_dir, expected", [
    ({}, "about.md", True, False, f"{REPO}/edit/main/docs/about.md"),
    ({"edit_source": "corpus/taxonomy/topics.yml"}, "topics/water.md", True, False,
     f"{REPO}/edit/main/corpus/taxonomy/topics.yml"),
    ({"edit_source": "corpus/taxonomy/actors"}, "actors/index.md", True, True,
     f"{REPO}/tree/main/corpus/taxonomy/actors"),
    ({"edit_source": None}, "downloads/index.md", False, False, None),
    ({"edit_source": "corpus/raw/a b.txt"}, "sources/a.md", True, False, f"{REPO}/edit/main/corpus/raw/a%20b.txt"),
])
def test_hosting_edit_url_table(meta, src, exists, is_dir, expected):
    assert edit_url(REPO + "/", "edit/main/", meta, src, load_config().edit_paths, exists=lambda _: exists,
                    is_dir=lambda _: is_dir) == expected


def test_hosting_edit_url_new_correction_names_the_raw_line():
    url = edit_url(REPO, "edit/main", {"edit_source": "corpus/corrections/001_x.yml", "edit_line": 42},
                   "articles/a.md", load_config().edit_paths, exists=lambda _: False, is_dir=lambda _: False)
    value = parse_qs(urlsplit(url).query)["value"][0]
    assert value == new_correction("001_x.yml", 42)
    assert "  - line: 42" in value


def test_hosting_new_site_options_template_loads_as_the_defaults(tmp_path):
    from build_tools.config import SiteOptions, load_site_options
    from build_tools.site.hooks import new_site_options

    (tmp_path / "config.yml").write_text(new_site_options(), encoding="utf-8")
    assert load_site_options(tmp_path / "config.yml", tmp_path) == SiteOptions()
    uncommented = "\n".join(line[2:] for line in new_site_options().splitlines()[1:])
    (tmp_path / "config.yml").write_text(uncommented, encoding="utf-8")
    assert load_site_options(tmp_path / "config.yml", tmp_path) == SiteOptions()


def test_hosting_instant_navigation_only_up_to_the_page_limit():
    """The theme's instant navigation fetches the whole sitemap on every page: on up to the limit, off above."""
    from build_tools.site.hooks import theme_features

    features = ["navigation.tabs"]
    assert theme_features(features, 1200, 1200) == ["navigation.tabs", "navigation.instant"]
    assert theme_features(features, 1201, 1200) == features
    assert theme_features(["navigation.instant"], 5, 1200) == ["navigation.instant"]


def test_hosting_new_correction_template_is_a_valid_correction(tmp_path):
    from build_tools.ingest.corrections import load_corrections

    path = tmp_path / "001_x.yml"
    path.write_text(new_correction("001_x.yml", 7), encoding="utf-8")
    (entry,) = load_corrections(path, PurePosixPath("corpus/corrections/001_x.yml"))
    assert entry.line == 7 and not entry.changes_metadata


# --------------------------------------------------------------------------- size


@pytest.mark.slow
def test_hosting_build_reports_the_site_size_and_warns_over_the_pages_limit(corpus, tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    args = ["build", "--corpus", corpus, "--build-dir", work / "build", "--out", work / "site"]
    assert cli.main([str(arg) for arg in args]) == 0
    size = sum(path.stat().st_size for path in (work / "site").rglob("*") if path.is_file())
    out, err = capsys.readouterr()
    assert f"The site takes {size / 1e6:.1f} MB," in out and "GitHub Pages" not in err

    monkeypatch.setattr(site, "GITHUB_PAGES_LIMIT", size // 2)  # Pagefind's files vary by a few bytes
    assert cli.main([str(arg) for arg in args]) == 0  # a warning: the site is built, and may be hosted elsewhere
    assert "warning: the site takes" in capsys.readouterr().err
