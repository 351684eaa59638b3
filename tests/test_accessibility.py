"""axe-core (the engine behind Lighthouse's accessibility audit) over every kind of page, served at its site_url.

No serious or critical violation that the project causes. The one the theme itself causes is named below and
left to it: Material's search dialog has no accessible name (`partials/search.html`), and overriding that
partial would copy the whole of it into this project."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_support import launch_chromium, route_site_url, sync_playwright_or_skip

pytestmark = pytest.mark.browser
THEME_CAUSED = {("aria-dialog-name", ".md-search")}
PAGE_KINDS = ["", "articles/", "actors/", "actors/kazakhstan/", "topics/", "relations/", "timeline/", "network/",
              "outlets/", "search/", "downloads/"]


def _serious(violations: list[dict]) -> list[str]:
    return [f'{v["id"]} ({v["impact"]}): {node["target"]} {node["failureSummary"][:160]}'
            for v in violations if v["impact"] in ("serious", "critical")
            for node in v["nodes"] if (v["id"], node["target"][0]) not in THEME_CAUSED]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page_kind(built_small, scheme):
    config, _ = built_small
    site = config.site_dir
    paths = [path for path in PAGE_KINDS if (site / path / "index.html").is_file()]
    first_article = sorted(p.parent.name for p in (site / "articles").glob("*/index.html"))[0]
    first_relation = sorted(p.parent.name for p in (site / "relations").glob("*/index.html"))[0]
    paths += [f"articles/{first_article}/", f"relations/{first_relation}/"]
    sync_playwright = sync_playwright_or_skip()
    found: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        route_site_url(page, site, config.site_url)
        axe = Axe()
        for path in paths:
            page.goto(config.site_url + path)
            page.wait_for_load_state("networkidle")
            if problems := _serious(axe.run(page).response["violations"]):
                found[path or "home"] = problems
        browser.close()
    assert found == {}, "\n".join(f"{path}: {problem}" for path, problems in found.items() for problem in problems)
