"""The contributor tooling is valid: the GitHub Actions workflow, the pre-commit hook, editor schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from build_tools.ingest.corrections import Correction

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
ON_MAIN = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    data["on"] = data.pop(True)
    return data


def steps_of(job: dict) -> list[dict]:
    return job["steps"]


def test_workflow_runs_on_pull_requests_and_main(workflow):
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "group" in workflow["concurrency"]


def test_workflow_build_job_checks_tests_and_builds_strictly(workflow):
    runs = [step.get("run", "") for step in steps_of(workflow["jobs"]["build"])]
    assert "make check" in runs and "bash .ci/run" in runs
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    build = next(run for run in runs if "build_tools build" in run)
    assert "--no-strict" not in build
    assert any("build_tools diff" in run and "$GITHUB_STEP_SUMMARY" in run for run in runs)
    for run in runs:
        for target in re.findall(r"\bmake (\S+)", run):
            assert re.search(rf"^{re.escape(target)}:", (ROOT / "Makefile").read_text(), re.MULTILINE) or \
                target.startswith("$(") or target == ".venv/.installed", target


def test_workflow_tests_every_python_the_project_promises(workflow):
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert build["container"] == "python:${{ matrix.python }}-bookworm"


def test_workflow_uses_the_official_pages_actions_only_on_main(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = {step["uses"].split("@")[0]: step for step in steps_of(build) if "uses" in step}
    assert {"actions/checkout", "actions/configure-pages",
            "actions/upload-pages-artifact"} <= set(uses)
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    for name in ("actions/configure-pages", "actions/upload-pages-artifact"):
        assert uses[name]["if"] == f"{ON_MAIN} && matrix.python == '3.11'", "one upload, from one Python"
    assert deploy["if"] == ON_MAIN and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [step["uses"].split("@")[0] for step in steps_of(deploy)] == ["actions/deploy-pages"]
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert steps_of(deploy)[0]["id"] == "deployment"


def test_workflow_pins_action_versions_and_quotes_untrusted_input(workflow):
    for job in workflow["jobs"].values():
        for step in steps_of(job):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]
            # Expressions are passed through env:, never pasted into a shell script.
            assert "${{" not in step.get("run", ""), step


def test_pre_commit_runs_check_on_corpus_and_docs():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hook, lint = repo["hooks"]
    assert lint["entry"].endswith("-m ruff check --force-exclude") and lint["types"] == ["python"]
    assert hook["entry"].endswith("-m build_tools check")
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    assert pattern.search("corpus/taxonomy/topics.yml") and pattern.search("docs/about.md")
    assert not pattern.search("build_tools/cli.py")


def test_vscode_maps_every_schema_to_files_that_exist():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert "./corpus/schemas/corrections.schema.json" in mapping
    for schema, globs in mapping.items():
        schema_file = ROOT / schema
        assert schema_file.is_file(), schema
        document = json.loads(schema_file.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(document).check_schema(document)
        for pattern in globs:
            assert list(ROOT.glob(pattern)), f"{pattern} matches no file"


def test_taxonomy_files_name_their_schema_on_the_first_line():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, globs in settings["yaml.schemas"].items():
        if "taxonomy" not in globs[0]:
            continue
        for path in ROOT.glob(globs[0]):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
            assert match, path
            assert (path.parent / match.group(1)).resolve() == (ROOT / schema).resolve(), path


def load_schema(name: str) -> dict:
    return json.loads((ROOT / "corpus" / "schemas" / name).read_text(encoding="utf-8"))


def test_corrections_schema_keys_all_reach_a_correction():
    entry = load_schema("corrections.schema.json")["definitions"]["entry"]
    assert set(entry["properties"]) - {"comment"} <= set(Correction.__dataclass_fields__)


@pytest.mark.parametrize("path", sorted((ROOT / "corpus" / "corrections").glob("*.yml")), ids=lambda p: p.name)
def test_bundled_corrections_validate_against_schema(path):
    schema = load_schema("corrections.schema.json")
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.validators.validator_for(schema)(schema).validate(data)


@pytest.mark.parametrize("entry, valid", [
    ({"line": 3, "title": "A title", "date": "2021-07-15", "authors": ["A B"]}, True),
    ({"line": 3, "date": None, "publication": None, "authors": []}, True),
    ({"line": 3, "drop": "book promotion"}, True),
    ({"line": 0}, False),
    ({"title": "no line"}, False),
    ({"line": 3, "titel": "typo"}, False),
    ({"line": 3, "date": "15 July 2021"}, False),
    ({"line": 3, "start": True, "merge": True}, False),
    ({"line": 3, "merge": True, "drop": "x"}, False),
])
def test_corrections_schema_table(entry, valid):
    schema = load_schema("corrections.schema.json")
    errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors({"articles": [entry]}))
    assert (not errors) == valid, errors


def test_sharded_workflow_runs_only_by_hand_and_merges_what_each_shard_job_rendered():
    data = yaml.safe_load((WORKFLOW.parent / "site-sharded.yml").read_text(encoding="utf-8"))
    assert list(data.pop(True)) == ["workflow_dispatch"]  # off by default: no push, no pull request
    jobs = data["jobs"]
    shard_runs = " ".join(step.get("run", "") for step in jobs["shard"]["steps"])
    assert "build --shard" in shard_runs and "${{ matrix.index }}/$COUNT" in shard_runs
    assert jobs["merge"]["needs"] == "shard" and jobs["deploy"]["needs"] == "merge"
    assert any("build --merge" in step.get("run", "") for step in jobs["merge"]["steps"])
