"""What the build relies on in MkDocs and Material beyond their documented options: one test per internal.

Each test names the module of ours that depends on it and fails loudly, with what changed, when an upgrade
(or ProperDocs, or a Material fork) moves it, so that a maintainer learns it here rather than from a broken
site. The README's Dependencies section lists the same internals and why each is used.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import material
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, InclusionLevel

from build_tools.config import load_config
from build_tools.site.serve import serve_url
from build_tools.site.shards import SITEMAP, _Sitemap


def test_serve_url_is_the_address_mkdocs_serve_answers_at():
    """serve.py works out `mkdocs serve`'s address itself (MkDocs' own helper is private); the seed's
    pages must carry exactly the address LiveReloadServer serves them at."""
    config = load_config()
    ours = serve_url(config, "127.0.0.1:8123")
    from mkdocs.config import load_config as load_mkdocs_config
    site_url = load_mkdocs_config(config_file=str(config.mkdocs_file), docs_dir=str(config.docs_dir)).site_url
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=8123, root=str(config.docs_dir),
                              mount_path=urlsplit(site_url or "/").path)
    try:
        assert ours == server.url
    finally:
        server.server_close()


def test_inclusion_level_excluded_leaves_a_page_unwritten():
    """shards.py and serve.py mark pages EXCLUDED after the navigation is built, so that links to them
    still resolve but they are not rendered."""
    file = File("a.md", "docs", "site", use_directory_urls=True)
    file.inclusion = InclusionLevel.EXCLUDED
    assert file.inclusion.is_excluded() and not file.inclusion.is_in_serve()


def test_sitemap_has_the_shape_shards_merge(built_small):
    """shards.py merges each shard's sitemap (`<url>` entries between a head and a tail, with a gzip copy) back
    into one; it reads the format MkDocs writes."""
    config, report = built_small
    sitemap = _Sitemap.read(config.site_dir)
    assert len(sitemap.urls) >= report.pages, "one <url> entry per page"
    assert sitemap.head.lstrip().startswith("<?xml") and sitemap.tail.strip() == "</urlset>"
    assert (config.site_dir / f"{SITEMAP}.gz").is_file()


def test_material_still_has_the_partials_we_override():
    """theme/partials/nav.html and tabs.html override Material's and render the originals once per folder
    (shared_partials.py): Material must still ship templates of those names."""
    partials = Path(material.__file__).parent / "templates" / "partials"
    assert (partials / "nav.html").is_file() and (partials / "tabs.html").is_file()
