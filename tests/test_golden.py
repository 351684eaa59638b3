"""Golden pages: the small fixture corpus's generated Markdown, byte for byte, against tests/golden/.

The determinism test cannot see a change that alters every page the same way (a broken template);
these files can. A few pages of each kind keep a review of their diff readable.
After an intended change, regenerate them with `make golden` and review the diff like code."""

from __future__ import annotations

import difflib
from pathlib import Path, PurePosixPath

import pytest

from build_tools.pipeline import BuildReport, make_corpus, plan_docs
from conftest import FIXTURES, config_for

GOLDEN = Path(__file__).parent / "golden"

GOLDEN_PAGES = tuple(PurePosixPath(path) for path in (
    "index.md",
    "articles/russia-holds-csto-drills-near-the-afghan-border.md",
    "actors/index.md",
    "actors/russia.md",
    "actors/taliban.md",
    "topics/index.md",
    "topics/water.md",
    "relations/index.md",
    "relations/russia--tajikistan.md",
    "outlets/index.md",
    "sources/border_watch.md",
    "authors/pavel-orlov.md",
    "timeline.md",
    "timeline/2022.md",
))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[PurePosixPath, bytes]:
    """The small corpus's staging docs as emit renders them (no MkDocs build: the pages are the subject)."""
    config = config_for(FIXTURES / "corpus_small", tmp_path_factory.mktemp("golden"))
    report = BuildReport()
    return plan_docs(config, report, make_corpus(config, report)).files


@pytest.fixture(scope="module")
def update_golden(request: pytest.FixtureRequest, rendered: dict[PurePosixPath, bytes]) -> bool:
    """With --update-golden, rewrite tests/golden/ from this build first, removing pages no longer listed."""
    if not request.config.getoption("--update-golden"):
        return False
    for stale in {path for path in GOLDEN.rglob("*") if path.is_file()} - {GOLDEN / p for p in GOLDEN_PAGES}:
        stale.unlink()
    for page in GOLDEN_PAGES:
        (GOLDEN / page).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / page).write_bytes(rendered[page])
    return True


@pytest.mark.parametrize("page", GOLDEN_PAGES, ids=str)
def test_emit_page_matches_golden(page: PurePosixPath, rendered: dict[PurePosixPath, bytes],
                                  update_golden: bool) -> None:
    assert page in rendered, f"{page} is no longer generated: update GOLDEN_PAGES, then run `make golden`"
    expected, actual = (GOLDEN / page).read_bytes(), rendered[page]
    if actual != expected:
        diff = difflib.unified_diff(expected.decode().splitlines(), actual.decode().splitlines(),
                                    f"tests/golden/{page}", f"rendered {page}", lineterm="")
        pytest.fail("\n".join([*diff, "", "If the change is intended: `make golden`, then review the diff."]))


def test_golden_folder_holds_only_listed_pages(update_golden: bool) -> None:
    present = {PurePosixPath(path.relative_to(GOLDEN).as_posix()) for path in GOLDEN.rglob("*") if path.is_file()}
    assert present == set(GOLDEN_PAGES), "run `make golden` to add listed pages and remove unlisted ones"


def test_gzipped_downloads_have_the_same_header_on_every_python(rendered: dict[PurePosixPath, bytes]) -> None:
    # Python 3.13's gzip.compress writes 255 (unknown) as the header's OS byte where 3.11 and 3.12 write 3 (Unix).
    gzipped = [path for path in rendered if path.suffix == ".gz"]
    assert gzipped and {rendered[path][:10] for path in gzipped} == {b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"}
