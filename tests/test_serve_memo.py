"""`make serve` regenerates with memos (build_tools.memo): the same files as a fresh run, with less work."""

from __future__ import annotations

from pathlib import Path

import pytest

import build_tools.ingest
import build_tools.pipeline
from build_tools.annotate import Annotator, suggestions
from build_tools.emit import downloads, related
from build_tools.emit.pages import PageRenderer
from build_tools.memo import Memo
from build_tools.pipeline import StageMemos, generate

from conftest import config_for

def test_memo_reuses_a_result_only_for_equal_inputs_in_the_same_scope():
    memo: Memo[str] = Memo()
    memo.begin("scope")
    memo.put("a", (1, 2), "result")
    assert memo.get("a", (1, 2)) == "result"
    assert memo.get("a", (1, 3)) is None
    memo.begin("scope")
    assert memo.get("a", (1, 2)) == "result"
    memo.begin("another scope")
    assert memo.get("a", (1, 2)) is None


def test_memo_forgets_what_a_run_did_not_ask_for():
    memo: Memo[str] = Memo()
    memo.begin("scope")
    memo.put("gone", 1, "old")
    memo.begin("scope")  # this run never asks for "gone"
    memo.begin("scope")
    assert memo.get("gone", 1) is None


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS = {
    "article text": lambda corpus: edit(corpus / "raw/border_watch.txt", "sent observers", "sent two observers"),
    # The article keeps its id (the slug ignores case): pages that only name it must still follow.
    "headline": lambda corpus: edit(corpus / "raw/steppe_post.txt", "sign water deal", "Sign Water Deal"),
    "taxonomy alias": lambda corpus: edit(corpus / "taxonomy/actors/actors.yml", "aliases: [Russian Federation]",
                                          "aliases: [Russian Federation, Rossiya]"),
    "raw file removed": lambda corpus: (corpus / "raw/steppe_post.txt").unlink(),
    "correction added": lambda corpus: (corpus / "corrections").mkdir() or (corpus / "corrections/border_watch.yml")
    .write_text("articles:\n  - line: 1\n    publication: Corrected Outlet\n    comment: test\n", encoding="utf-8"),
    # Into another year: the timeline and both years' pages change.
    "date corrected": lambda corpus: (corpus / "corrections").mkdir() or (corpus / "corrections/border_watch.yml")
    .write_text("articles:\n  - line: 1\n    date: 1999-12-31\n    comment: test\n", encoding="utf-8"),
}


def regenerate_both(corpus: Path, tmp_path: Path, change) -> tuple[dict, dict]:
    """The staging docs after `change`, regenerated with the memos of a run before it, and afresh."""
    served, fresh = config_for(corpus, tmp_path / "served"), config_for(corpus, tmp_path / "fresh")
    memos = StageMemos()
    generate(served, memos)
    change(corpus)
    generate(served, memos)
    generate(fresh)
    return files(served.staging_dir), files(fresh.staging_dir)


@pytest.mark.parametrize("change", EDITS)
def test_a_memoised_regeneration_writes_what_a_fresh_one_writes(corpus, tmp_path, change):
    served, fresh = regenerate_both(corpus, tmp_path, EDITS[change])
    assert served == fresh


def test_an_actor_page_follows_its_country_gaining_a_page(corpus, tmp_path):
    # The commission's articles stay the same; only whether its country is mentioned anywhere changes.
    with (corpus / "taxonomy/actors/actors.yml").open("a", encoding="utf-8") as actors:
        actors.write("- name: Turkmenistan\n  type: country\n  description: Country in Central Asia.\n"
                     "- name: Syr Darya Commission\n  type: organisation\n  description: Water body.\n"
                     "  aliases: [Syr Darya]\n  country: Turkmenistan\n")
    served, fresh = regenerate_both(corpus, tmp_path, lambda corpus: edit(
        corpus / "raw/border_watch.txt", "sent observers", "sent observers from Turkmenistan"))
    assert "(turkmenistan.md)" in fresh["actors/syr-darya-commission.md"].decode()
    assert served == fresh


def test_outlet_author_and_source_pages_follow_a_retitled_article(corpus, tmp_path):
    EDITS["correction added"](corpus)  # border_watch's article gets an outlet
    served, fresh = regenerate_both(corpus, tmp_path, lambda corpus: edit(
        corpus / "raw/border_watch.txt", "Russia holds CSTO drills", "Russia stages CSTO drills"))
    for page in ("outlets/corrected-outlet.md", "authors/pavel-orlov.md", "sources/border_watch.md"):
        assert "Russia stages CSTO drills" in fresh[page].decode(), page
    assert served == fresh


def test_an_unchanged_regeneration_reads_annotates_and_renders_no_article(corpus, tmp_path, monkeypatch):
    config, memos = config_for(corpus, tmp_path), StageMemos()
    generate(config, memos)
    calls: list[str] = []
    for owner, name in ((build_tools.ingest, "parse_raw_lines"), (build_tools.pipeline, "load_taxonomy"),
                        (Annotator, "annotations"), (PageRenderer, "article"), (downloads, "article_data"),
                        (related._Words, "of"), (PageRenderer, "page_jobs"), (suggestions, "_merge")):
        original = getattr(owner, name)
        monkeypatch.setattr(owner, name, lambda *args, _original=original, _name=name, **kwargs:
                            calls.append(_name) or _original(*args, **kwargs))

    generate(config, memos)
    assert calls == []  # nor built any page's inputs, nor merged the name suggestions' counts

    EDITS["article text"](corpus)
    generate(config, memos)
    # One file read, one article annotated, its words for related articles and its share of the data files
    # computed; its page, and the page listing it as related, rendered.
    assert (calls.count("parse_raw_lines") == calls.count("annotations") == calls.count("of")
            == calls.count("article_data") == 1)
    assert 1 <= calls.count("article") <= 2
    assert "load_taxonomy" not in calls  # no taxonomy file changed


def test_memo_map_computes_only_what_it_cannot_reuse_and_keeps_the_order():
    memo: Memo[str] = Memo()
    worked: list[int] = []

    def run(items: list[int]) -> list[str]:
        memo.begin("scope")
        return memo.map(lambda n: worked.append(n) or n * 10, items, key=lambda n: None if n < 0 else f"k{n}",
                        inputs=lambda n: n, finish=lambda n, result: f"{n}:{result}")

    assert run([1, 2, -3]) == ["1:10", "2:20", "-3:-30"]
    worked.clear()
    assert run([2, -3, 4]) == ["2:20", "-3:-30", "4:40"]
    assert worked == [-3, 4]  # 2 reused; a None key never is
