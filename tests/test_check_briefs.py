"""Hand-written pages naming actors/topics in their front matter ("Briefs and essays")."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from build_tools.annotate import load_taxonomy
from build_tools.emit.briefs import Brief, briefs_by_actor, briefs_by_topic, collect_briefs, parse_brief
from build_tools.emit.front_matter import parse_front_matter, split_front_matter
from conftest import FIXTURES


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(FIXTURES / "corpus_small" / "taxonomy", FIXTURES.parent.parent)


@pytest.mark.parametrize("text, expected", [
    ("# Title\n", (None, "# Title\n")),
    ("---\ntitle: A\n---\nBody\n", ("title: A\n", "Body\n")),
    ("---\n---\nBody", ("", "Body")),
    ("---\r\ntitle: A\r\n---\r\nBody", ("title: A\r\n", "Body")),
    ("---\ntitle: A\nno end\n", (None, "---\ntitle: A\nno end\n")),
])
def test_briefs_split_front_matter(text, expected):
    assert split_front_matter(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("---\nactors: [Russia]\n---\n# Russia brief\n", Brief(PurePosixPath("b.md"), "Russia brief", "", ("Russia",), ())),
    ("---\ntitle: T\ndescription: D\ntopics: [Water]\n---\n", Brief(PurePosixPath("b.md"), "T", "D", (), ("Water",))),
    ("---\nactors: []\n---\n# Nothing\n", None),
    ("---\ntitle: [broken\n---\n", None),
    ("# No front matter\n", None),
    ("---\nactors: [China]\n---\nno heading\n", Brief(PurePosixPath("b.md"), "B", "", ("China",), ())),
])
def test_briefs_parse_brief(text, expected):
    assert parse_brief(PurePosixPath("b.md"), text) == expected


@pytest.mark.parametrize("text", [
    "---\ntopics: Water\n---\n",  # a text where the schema wants a list
    "---\nactors: [Russia]\ntitel: Russia brief\n---\n",
    "---\nactors: [Russia, Russia]\n---\n",
    "---\nactors: [Russia]\ntitle: [broken\n---\n",
    "---\nactors: [Russia]\n",  # never closed
    "---\nactors: [Russia]\n---\n# Russia\n",
])
def test_briefs_list_exactly_the_pages_check_passes(text):
    """Briefs and `check` read front matter with one reader: a page lists as a brief iff check finds no error."""
    _, errors = parse_front_matter(PurePosixPath("b.md"), text)
    assert (parse_brief(PurePosixPath("b.md"), text) is not None) == (not errors)


def test_briefs_group_by_actor_and_topic_sorted_by_title(taxonomy):
    hand_written = {
        PurePosixPath("briefs/z.md"): b"---\ntitle: Zeta\nactors: [russia, Kazakhstan]\n---\n",
        PurePosixPath("briefs/a.md"): b"---\ntitle: Alpha\nactors: [Russia, Nobody]\ntopics: [Water]\n---\n",
        PurePosixPath("assets/x.css"): b"---\nactors: [Russia]\n---\n",
        PurePosixPath("about.md"): b"# About\n",
    }
    briefs = collect_briefs(hand_written)
    assert [b.path.as_posix() for b in briefs] == ["briefs/a.md", "briefs/z.md"]
    by_actor = briefs_by_actor(briefs, taxonomy)
    assert list(by_actor) == ["kazakhstan", "russia"]
    assert [b.title for b in by_actor["russia"]] == ["Alpha", "Zeta"]
    assert [b.title for b in briefs_by_topic(briefs, taxonomy)["water"]] == ["Alpha"]
