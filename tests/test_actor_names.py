"""The bundled actors carry names in Russian, Kazakh and Uzbek, and no name belongs to two actors.

An actor may lack a language only where its entry says why, in a `# no <lang>: <reason>`
comment inside its `names:` block (an analyst no Uzbek outlet names, say).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from build_tools.annotate.stemming import stem

ACTORS = Path(__file__).parents[1] / "corpus" / "taxonomy" / "actors"
NAMED_FILES = ("people.yml", "organisations.yml", "groups.yml")
LANGUAGES = ("ru", "kk", "uz")
ENGLISH_KEYS = ("aliases", "abbreviations", "demonyms", "metonyms", "former_names")


def entries(path: Path) -> list[tuple[dict, str]]:
    """Each actor of an actors file with the raw text of its entry (comments included)."""
    blocks, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            current = [line]
            blocks.append(current)
        elif current is not None:
            current.append(line)
    actors = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(actors) == len(blocks), f"{path.name}: every entry must start with '- ' at column 0"
    return [(actor, "\n".join(block)) for actor, block in zip(actors, blocks)]


def missing_languages(actor: dict, raw: str) -> list[str]:
    names = actor.get("names", {})
    return [lang for lang in LANGUAGES if not names.get(lang) and f"# no {lang}:" not in raw]


@pytest.mark.parametrize("filename", NAMED_FILES)
def test_every_actor_has_names_in_each_language_or_says_why_not(filename: str):
    gaps = [f"{actor['name']}: {lang}"
            for actor, raw in entries(ACTORS / filename)
            for lang in missing_languages(actor, raw)]
    assert not gaps, f"{filename}: {len(gaps)} names missing without a '# no <lang>:' reason: {gaps[:20]}"


def test_missing_language_check_catches_a_bare_gap():
    actor = {"name": "X", "names": {"ru": ["Икс"], "kk": ["Икс"]}}
    assert missing_languages(actor, "- name: X\n  names:\n    ru: [Икс]\n    kk: [Икс]") == ["uz"]
    assert missing_languages(actor, "- name: X\n  names:\n    # no uz: obscure\n    ru: [Икс]") == []


def claims(actor: dict) -> set[str]:
    """Every string the matcher may find for an actor: English terms and names in all languages."""
    terms = {actor["name"]}
    for key in ENGLISH_KEYS:
        terms.update(actor.get(key, ()))
    for names in actor.get("names", {}).values():
        terms.update(names)
    return terms


def test_no_name_is_claimed_by_two_actors():
    owners: dict[str, set[str]] = defaultdict(set)
    for path in sorted(ACTORS.glob("*.yml")):
        for actor, _ in entries(path):
            for term in claims(actor):
                owners[term].add(actor["name"])
    shared = {term: sorted(names) for term, names in owners.items() if len(names) > 1}
    assert not shared, f"names claimed by two actors: {shared}"


def stemmed(name: str) -> str:
    """A Russian name as the stemming matcher sees it: each word reduced to its Snowball stem."""
    return " ".join(stem(word, "ru") for word in re.findall(r"\w+", name))


def test_no_two_actors_share_a_russian_name_once_stemmed():
    """'Тихановская' and 'Тихановский' are two names but one stem: the matcher could not tell them apart."""
    owners: dict[str, set[str]] = defaultdict(set)
    for path in sorted(ACTORS.glob("*.yml")):
        for actor, _ in entries(path):
            for name in actor.get("names", {}).get("ru", ()):
                owners[stemmed(name)].add(actor["name"])
    shared = {key: sorted(names) for key, names in owners.items() if len(names) > 1}
    assert not shared, f"Russian names that stem alike for two actors: {shared}"


def test_names_are_not_repeated_within_a_language():
    repeated = [(actor["name"], lang)
                for filename in NAMED_FILES
                for actor, _ in entries(ACTORS / filename)
                for lang, names in actor.get("names", {}).items()
                if len(names) != len(set(names))]
    assert not repeated, f"a name listed twice: {repeated}"
