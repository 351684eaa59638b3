"""Every YAML file a contributor edits goes through one loader (`build_tools.yamlsource`): anchors and aliases,
duplicate keys, unknown tags, bad bytes and a wrong top-level type are `file:line: message` errors and exit 1,
never a traceback, a silent loss or an exhausted memory (issue #23, items 5, 9 and 10)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

import pytest

from build_tools import cli
from build_tools.tools.check import check_repository, render_result
from build_tools.yamlsource import parse_yaml
from conftest import config_for

# Ten levels of ten aliases: 10^10 strings once expanded, in 500 bytes.
ALIAS_BOMB = "a0: &a0 [lol]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10))


@pytest.mark.parametrize("text, line, message", [
    pytest.param(ALIAS_BOMB, 1, "anchors and aliases (&name, *name) are not allowed", id="alias-bomb"),
    pytest.param("a: [x]\nb: *a\n", 2, "invalid YAML: anchors and aliases", id="undefined-alias"),
    pytest.param("articles: []\narticles: [{line: 3}]\n", 2, "duplicate key 'articles'", id="duplicate-key"),
    pytest.param("x: !!python/object:os.system [ls]\n", 1, "unknown tag '!!python/object:os.system'",
                 id="python-tag"),
    pytest.param("x: !custom 1\n", 1, "unknown tag '!custom'", id="local-tag"),
    pytest.param("x: " + "[" * 3000 + "]" * 3000 + "\n", 1, "nested too deeply", id="deep-nesting"),
    pytest.param("a: 1\nb: \x07\n", 2, "character U+0007 is not allowed", id="control-character"),
])
def test_yamlsource_refuses_with_file_and_line(text, line, message):
    source, errors = parse_yaml(text, PurePosixPath("corpus/x.yml"))
    assert [(error.line, message in error.message) for error in errors] == [(line, True)], errors
    assert all("lol" not in str(error) for error in errors)  # never an expanded value


def test_yamlsource_counts_lines_from_where_the_text_starts():
    _, errors = parse_yaml("title: A\ntitle: B\n", PurePosixPath("docs/p.md"), first_line=2)
    assert str(errors[0]).startswith("docs/p.md:3: duplicate key 'title'")


# --------------------------------------------------------------------------- every contributor file, end to end

NOT_UTF8 = b"- name: Russia\n  type: country\n  description: Caf\xe9\n"

BAD_FILES = [
    pytest.param("taxonomy/actors/actors.yml", ALIAS_BOMB, "taxonomy/actors/actors.yml:1: invalid YAML: anchors",
                 id="actors-alias-bomb"),
    pytest.param("taxonomy/actors/actors.yml", NOT_UTF8, "taxonomy/actors/actors.yml:3: not valid UTF-8",
                 id="actors-not-utf8"),
    pytest.param("taxonomy/topics.yml", b"- name: Water\n  terms: {water: 2}\n  threshold: \xff\n",
                 "taxonomy/topics.yml:3: not valid UTF-8", id="topics-not-utf8"),
    pytest.param("taxonomy/relations.yml", "cooperation: {a: 1}\ncooperation: {b: 1}\n",
                 "taxonomy/relations.yml:2: duplicate key 'cooperation'", id="relations-duplicate-key"),
    pytest.param("corrections/steppe_post.yml",
                 "articles:\n  - line: 1\n    title: First\narticles:\n  - line: 9\n    title: Second\n",
                 "corrections/steppe_post.yml:4: duplicate key 'articles'", id="corrections-duplicate-articles"),
    pytest.param("corrections/steppe_post.yml", "articles:\n  - line: 1\n    title: !!python/object:os.system ls\n",
                 "corrections/steppe_post.yml:3: invalid YAML: unknown tag '!!python/object:os.system'",
                 id="corrections-python-tag"),
    pytest.param("corrections/steppe_post.yml", "articles:\n  - line: 1\n    title: &t Water\n    comment: *t\n",
                 "corrections/steppe_post.yml:3: invalid YAML: anchors", id="corrections-alias"),
    pytest.param("corrections/steppe_post.yml", b"articles:\n  - line: 1\n    title: \xc3(\n",
                 "corrections/steppe_post.yml:3: not valid UTF-8", id="corrections-not-utf8"),
    pytest.param("rules/ingest.yml", "footers: [a]\nfooters: [b]\n", "rules/ingest.yml:2: duplicate key 'footers'",
                 id="rules-duplicate-key"),
    pytest.param("rules/ingest.yml", "- footers\n", "rules/ingest.yml:1: expected a mapping", id="rules-list"),
    pytest.param("rules/ingest.yml", "footers: !!python/name:os.system\n",
                 "rules/ingest.yml:1: invalid YAML: unknown tag", id="rules-python-tag"),
    # corpus/schemas/ingest_rules.schema.json
    pytest.param("rules/ingest.yml", "footers: [a]\nslash_dates: ymd\n",
                 "rules/ingest.yml:2: slash_dates: 'ymd' is not one of ['mdy', 'dmy']", id="rules-schema-enum"),
    pytest.param("rules/ingest.yml", "footers:\n  - a\n  - [b]\n",
                 "rules/ingest.yml:3: footers/1: ['b'] is not of type 'string'", id="rules-schema-item"),
]


@pytest.mark.parametrize("relative, content, expected", BAD_FILES)
def test_check_and_build_report_bad_contributor_yaml(corpus, tmp_path, capsys, relative, content, expected):
    target = corpus / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    (target.write_bytes if isinstance(content, bytes) else target.write_text)(content)
    problems = render_result(check_repository(replace(config_for(corpus, tmp_path), docs_dir=tmp_path / "docs")))
    assert f"{corpus.name}/{expected}" in problems, problems
    assert "lol" not in problems
    assert cli.main(["build", "--corpus", str(corpus), "--build-dir", str(tmp_path / "build"),
                     "--out", str(tmp_path / "site")]) == 1
    stderr = capsys.readouterr().err
    assert f"{corpus.name}/{expected}" in stderr, stderr
    assert not (tmp_path / "site").exists()


BAD_SITE_OPTIONS = [
    pytest.param(b"collection_name: Caf\xe9\n", "config.yml:1: not valid UTF-8", id="not-utf8"),
    pytest.param("- collection_name: X\n", "config.yml:1: expected a mapping of option names to values, got a list",
                 id="list-not-mapping"),
    pytest.param("related_articles: 3\nrelated_articles: 4\n", "config.yml:2: duplicate key 'related_articles'",
                 id="duplicate-key"),
    pytest.param("collection_name: !!python/object/apply:os.system [ls]\n", "config.yml:1: invalid YAML: unknown tag",
                 id="python-tag"),
    pytest.param("newest_on_home: 10\nrelated_articels: 3\n", "config.yml:2: unknown option(s): related_articels",
                 id="unknown-option"),
    pytest.param("collection_name: Collection\nrelated_articles: five\n",
                 "config.yml:2: option 'related_articles' must be int", id="wrong-type"),
]


@pytest.mark.parametrize("content, expected", BAD_SITE_OPTIONS)
def test_build_reports_bad_config_yml(corpus, tmp_path, capsys, content, expected):
    target = corpus / "config.yml"
    (target.write_bytes if isinstance(content, bytes) else target.write_text)(content)
    assert cli.main(["build", "--corpus", str(corpus), "--build-dir", str(tmp_path / "build"),
                     "--out", str(tmp_path / "site")]) == 1
    stderr = capsys.readouterr().err
    assert f"{corpus.name}/{expected}" in stderr, stderr


def test_corrections_duplicate_articles_key_loses_nothing(corpus, tmp_path):
    """Item 10: YAML keeps the last of two `articles:` lists; the first list's corrections were dropped unseen."""
    (corpus / "corrections").mkdir(exist_ok=True)
    (corpus / "corrections" / "steppe_post.yml").write_text(
        "articles:\n  - line: 1\n    title: Kept\narticles:\n  - line: 1\n    comment: second list\n")
    result = check_repository(replace(config_for(corpus, tmp_path), docs_dir=tmp_path / "docs"))
    assert [(p.path.name, p.line) for p in result.errors] == [("steppe_post.yml", 4)], \
        render_result(result)


@pytest.mark.parametrize("front_matter, line, message", [
    pytest.param("title: &t A\ndescription: *t\n", 2, "front matter: invalid YAML: anchors", id="alias"),
    pytest.param("title: A\ntitle: B\n", 3, "front matter: duplicate key 'title'", id="duplicate-key"),
    pytest.param("title: !!python/object:os.system x\n", 2, "front matter: invalid YAML: unknown tag", id="tag"),
])
def test_check_and_build_report_bad_front_matter(corpus, tmp_path, front_matter, line, message):
    from build_tools.errors import BuildFailed
    from build_tools.pipeline import build

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(f"---\n{front_matter}---\n# Page\n", encoding="utf-8")
    config = replace(config_for(corpus, tmp_path), docs_dir=docs)
    result = check_repository(config)
    assert [(p.line, message in p.message) for p in result.errors] == [(line, True)], render_result(result)
    with pytest.raises(BuildFailed) as failure:
        build(config)
    assert f"docs/page.md:{line}: {message}" in str(failure.value)
    assert not config.site_dir.exists()


def test_check_reports_a_page_that_is_not_utf8(corpus, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_bytes(b"---\ntitle: A\n---\n# Caf\xe9\n")
    result = check_repository(replace(config_for(corpus, tmp_path), docs_dir=docs))
    assert [(p.line, p.message[:19]) for p in result.errors] == [(4, "not valid UTF-8 (by")], render_result(result)
