"""No command-line value or committed file makes the build delete or publish what it should not (issue #23).

Each output case runs the command line in a throw-away copy of the repository (never in the real
checkout): an output folder that is the repository, the corpus, docs/, the home folder, `/`, or a folder
holding something no build made is refused with `path: message`, exit 1 and nothing touched; two builds
on one output do not run at once. Each input case puts a link, a FIFO or an oversized file where a
contributor could commit one: no file outside the corpus and docs/ is read, and `check` names it.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.config import REPO_ROOT, load_config
from build_tools.errors import BuildFailed
from build_tools.outputs import MARKER, claimed_outputs
from build_tools.site import Trash

from conftest import FIXTURES

pytestmark = pytest.mark.slow  # most tests run the CLI build in a subprocess


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the code and the small corpus, with a commit and uncommitted work."""
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "build_tools", root / "build_tools",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO_ROOT / "docs", root / "docs")
    shutil.copytree(FIXTURES / "corpus_small", root / "corpus")
    shutil.copytree(REPO_ROOT / "corpus" / "schemas", root / "corpus" / "schemas")
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    git = ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "corpus"], check=True)
    (root / "notes.txt").write_text("uncommitted work\n", encoding="utf-8")
    (tmp_path / "home").mkdir()
    return root


def run_cli(repo: Path, *args: str | Path) -> subprocess.CompletedProcess:
    """`python -m build_tools ARGS` in the copy (its own code), with the copy's home folder."""
    env = {**os.environ, "HOME": str(repo.parent / "home"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "build_tools", *map(str, args)], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` (folders as None), for 'nothing was touched'."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def assert_refused(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Built " not in result.stdout
    for text in expected:
        assert text in result.stderr, result.stderr


UNSAFE_OUT = [
    pytest.param(["--out", "."], ".: --out may not be or hold the repository", id="out-is-the-repository"),
    pytest.param(["--out", ".."], ": --out may not be ", id="out-holds-the-repository"),
    pytest.param(["--out", "corpus"], "corpus: --out may not hold or lie inside the corpus", id="out-is-the-corpus"),
    pytest.param(["--out", "corpus/raw/site"], "corpus/raw/site: --out may not hold or lie inside the corpus",
                 id="out-inside-the-corpus"),
    pytest.param(["--out", "docs"], "docs: --out may not hold or lie inside docs/", id="out-is-docs"),
    pytest.param(["--build-dir", "docs/build"], "docs/build: --build-dir may not hold or lie inside docs/",
                 id="build-dir-inside-docs"),
    pytest.param(["--build-dir", "."], ".: --build-dir may not be or hold the repository", id="build-dir-is-the-repo"),
    pytest.param(["--out", "build"], "build: --out and --build-dir must be two separate folders",
                 id="out-is-the-build-dir"),
    pytest.param(["--out", "build_tools"], "build_tools: --out holds files that no build made",
                 id="out-is-a-source-folder"),
]


@pytest.mark.parametrize("args, expected", UNSAFE_OUT)
def test_build_refuses_an_output_folder_that_is_or_holds_an_input(repo, args, expected):
    before = snapshot(repo)
    assert_refused(run_cli(repo, "build", *args), expected)
    assert snapshot(repo) == before
    assert subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True,
                          check=True).stdout == "?? notes.txt\n"


def test_build_twice_into_the_corpus_keeps_the_corpus(repo):
    """The issue's `--out corpus`: the first build moved the corpus into the trash, the second deleted it."""
    before = snapshot(repo / "corpus")
    for _ in range(2):
        assert_refused(run_cli(repo, "build", "--out", "corpus"), "the corpus")
    assert snapshot(repo / "corpus") == before


def test_build_into_a_folder_holding_other_files_leaves_them(repo):
    """The issue's `--out ~/mydata`: it was moved into the trash and deleted by the next build."""
    mydata = repo.parent / "home" / "mydata"
    mydata.mkdir()
    (mydata / "thesis.txt").write_text("years of work\n", encoding="utf-8")
    for _ in range(2):
        assert_refused(run_cli(repo, "build", "--out", mydata), f"{mydata.as_posix()}: --out holds files that no "
                                                                f"build made (no {MARKER} in it)")
    assert snapshot(mydata) == {"thesis.txt": b"years of work\n"}
    assert not (repo / "build").exists() and not mydata.with_name(".mydata.work").exists()


def test_build_dir_holding_other_files_is_left_alone(repo):
    """The issue's `--build-dir DIR` deleted DIR/search/* and DIR/docs."""
    mine = repo.parent / "mine"
    for relative in ("search/index.html", "docs/notes.md", "keep.txt"):
        (mine / relative).parent.mkdir(parents=True, exist_ok=True)
        (mine / relative).write_text(relative, encoding="utf-8")
    before = snapshot(mine)
    assert_refused(run_cli(repo, "build", "--build-dir", mine, "--out", repo.parent / "site"),
                   "--build-dir holds files that no build made")
    assert snapshot(mine) == before
    assert not (repo.parent / "site").exists()


@pytest.mark.parametrize("folder", ["/", "~", "~/.."], ids=["root", "home", "holds-home"])
def test_build_refuses_the_root_and_home_folders(repo, folder):
    home = repo.parent / "home"
    out = Path(folder.replace("~", str(home)))
    (home / "letter.txt").write_text("keep me\n", encoding="utf-8")
    assert_refused(run_cli(repo, "build", "--out", out), "--out may not be / or the home folder")
    assert (home / "letter.txt").read_text(encoding="utf-8") == "keep me\n"


def test_build_into_new_empty_and_its_own_folders(repo):
    """What the refusals leave possible: a new folder, an empty one, and the one an earlier build made."""
    empty = repo.parent / "empty"
    empty.mkdir()
    for out in (repo.parent / "new" / "site", empty, empty):
        result = run_cli(repo, "build", "--out", out, "--build-dir", repo.parent / "work")
        assert result.returncode == 0, result.stderr
        assert (out / "index.html").is_file() and (out / MARKER).is_file()
    assert (repo.parent / "work" / MARKER).is_file()


def test_repository_default_output_folders_made_before_the_marker_are_adopted(repo):
    """site/ and build/ in the repository (ignored by git) are outputs whatever they hold."""
    for name in ("site", "build"):
        (repo / name).mkdir()
        (repo / name / "old.html").write_text("an earlier build\n", encoding="utf-8")
    result = run_cli(repo, "build")
    assert result.returncode == 0, result.stderr
    assert (repo / "site" / "index.html").is_file() and not (repo / "site" / "old.html").exists()


def test_trash_never_removes_a_folder_it_cannot_move(tmp_path):
    """`Trash.take` fell back to rmtree: a folder cannot be renamed into its own subfolder."""
    folder = tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "data.txt").write_text("data\n", encoding="utf-8")
    with Trash(folder / ".trash") as trash, pytest.raises(BuildFailed, match="cannot move"):
        trash.take(folder)
    assert (folder / "sub" / "data.txt").read_text(encoding="utf-8") == "data\n"


def test_trash_never_empties_a_folder_no_build_made(tmp_path):
    folder = tmp_path / ".trash"
    (folder / "holder").mkdir(parents=True)
    with pytest.raises(BuildFailed, match="no build made"):
        with Trash(folder):
            pass
    assert (folder / "holder").is_dir()


def test_a_second_build_on_the_same_output_is_refused_while_the_first_runs(repo, tmp_path):
    """Two processes: this one holds the output (as a running build does), the command line's build waits for
    nothing and says why it stopped; the site the first one wrote stays."""
    out, work = tmp_path / "out", tmp_path / "work"
    assert run_cli(repo, "build", "--out", out, "--build-dir", work).returncode == 0
    before = snapshot(out)
    config = load_config(repo, site_dir=out, build_dir=work)
    with claimed_outputs(config):
        result = run_cli(repo, "build", "--out", out, "--build-dir", tmp_path / "other-work")
        assert_refused(result, f"{out.with_name('.out.work').as_posix()}: another build (process {os.getpid()}) "
                               "is writing here")
        assert_refused(run_cli(repo, "build", "--out", tmp_path / "other-out", "--build-dir", work),
                       f"{work.as_posix()}: another build")
    assert snapshot(out) == before
    assert run_cli(repo, "build", "--out", out, "--build-dir", work).returncode == 0


def test_two_builds_started_together_leave_a_whole_site(repo, tmp_path):
    """Whichever way the two race, the one that is refused says so, and the site holds every page."""
    out, work = tmp_path / "out", tmp_path / "work"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "build_tools", "build", "--out", str(out), "--build-dir", str(work)]
    runs = [subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    for returncode, stderr in results:
        assert returncode == 0 or (returncode == 1 and "another build" in stderr), stderr
    assert any(returncode == 0 for returncode, _ in results)
    alone = tmp_path / "alone"
    assert run_cli(repo, "build", "--out", alone, "--build-dir", tmp_path / "alone-work").returncode == 0
    assert sorted(p.relative_to(out) for p in out.rglob("*.html")) == \
        sorted(p.relative_to(alone) for p in alone.rglob("*.html"))


# --------------------------------------------------------------------------- inputs: links, special files, size

SECRET = "Nightjar-7 vault combination"


def secret_article(tmp_path: Path) -> Path:
    """An article outside the corpus (as a CI checkout's .git/config would be), which must not be published."""
    text = (FIXTURES / "corpus_small" / "raw" / "border_watch.txt").read_text(encoding="utf-8")
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(text.replace("Russia holds CSTO drills", f"The {SECRET}"), encoding="utf-8")
    return secret


def build_in_process(corpus: Path, work: Path, capsys) -> tuple[int, str]:
    code = cli.main(["build", "--corpus", str(corpus), "--build-dir", str(work / "build"), "--out", str(work / "site")])
    return code, capsys.readouterr().err


def published(work: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in (work / "site").rglob("*") if p.is_file())


def test_build_refuses_a_raw_file_that_links_outside_the_corpus(corpus, tmp_path, capsys):
    (corpus / "raw" / "leak.txt").symlink_to(secret_article(tmp_path))
    code, err = build_in_process(corpus, tmp_path / "work", capsys)
    assert code == 1
    assert f"{corpus.as_posix()}/raw/leak.txt:?: cannot read raw file: is a symbolic link" in err
    assert not (tmp_path / "work" / "site").exists()


def test_build_refuses_a_linked_folder_in_the_raw_folder(corpus, tmp_path, capsys):
    (corpus / "raw" / "more").symlink_to(secret_article(tmp_path).parent, target_is_directory=True)
    code, err = build_in_process(corpus, tmp_path / "work", capsys)
    assert code == 1 and f"{corpus.as_posix()}/raw/more:?: cannot read raw file: is a symbolic link" in err


def test_build_refuses_a_link_under_docs_and_keeps_the_previous_site(repo, tmp_path):
    work = ("--out", tmp_path / "site", "--build-dir", tmp_path / "build")
    assert run_cli(repo, "build", *work).returncode == 0
    before = snapshot(tmp_path / "site")
    (repo / "docs" / "config.md").symlink_to(secret_article(tmp_path))
    assert_refused(run_cli(repo, "build", *work), "docs/config.md:?: cannot read file: is a symbolic link")
    assert snapshot(tmp_path / "site") == before and SECRET not in published(tmp_path)


@pytest.mark.parametrize("where", ["corpus/raw/leak.txt", "corpus/taxonomy/actors/more.yml", "docs/leak.md"])
def test_check_names_a_link_with_file_and_line(repo, tmp_path, where):
    (repo / where).symlink_to(secret_article(tmp_path))
    result = run_cli(repo, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{where}:?: cannot read" in result.stderr and "is a symbolic link" in result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_build_refuses_a_link_to_dev_zero(corpus, tmp_path, capsys):
    """It read until memory ran out."""
    (corpus / "raw" / "zero.txt").symlink_to("/dev/zero")
    code, err = build_in_process(corpus, tmp_path / "work", capsys)
    assert code == 1 and "raw/zero.txt:?: cannot read raw file: is a symbolic link" in err


def test_build_refuses_a_fifo_in_the_raw_folder_without_waiting_for_it(corpus, tmp_path):
    os.mkfifo(corpus / "raw" / "pipe.txt")
    command = [sys.executable, "-m", "build_tools", "build", "--corpus", corpus, "--build-dir", tmp_path / "build",
               "--out", tmp_path / "site"]
    result = subprocess.run(list(map(str, command)), cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert_refused(result, "raw/pipe.txt:?: cannot read raw file: is not a regular file")


def test_build_refuses_a_raw_file_over_the_size_limit(corpus, tmp_path, capsys):
    (corpus / "config.yml").write_text("raw_file_max_megabytes: 1\n", encoding="utf-8")
    paragraph = "Officials in Almaty said the pipeline talks would continue next week. " * 20 + "\n\n"
    (corpus / "raw" / "huge.txt").write_text("Pipeline talks continue\n\n" + paragraph * 800, encoding="utf-8")
    assert (corpus / "raw" / "huge.txt").stat().st_size > 10**6
    code, err = build_in_process(corpus, tmp_path / "work", capsys)
    assert code == 1
    assert "raw/huge.txt:?: cannot read raw file: larger than 1 MB (raw_file_max_megabytes in corpus/config.yml)" in err


def test_a_corpus_whose_every_article_is_dropped_gets_one_error_naming_the_raw_folder(corpus, tmp_path, capsys):
    """It ended in Pagefind's own output ("Pagefind was not able to build an index")."""
    (corpus / "raw" / "border_watch.txt").write_text("", encoding="utf-8")
    (corpus / "corrections").mkdir()
    (corpus / "corrections" / "steppe_post.yml").write_text("articles:\n  - line: 1\n    drop: not an article\n",
                                                            encoding="utf-8")
    code, err = build_in_process(corpus, tmp_path / "work", capsys)
    assert code == 1
    assert f"{corpus.as_posix()}/raw: no article in any raw file, so there is no site to build" in err
    assert f"{corpus.as_posix()}/raw/border_watch.txt:?: empty file (no text); no article" in err
    assert "agefind" not in err and not (tmp_path / "work" / "site").exists()


# --------------------------------------------------------------------------- local paths stay off the site

def site_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text, compressed downloads unpacked."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts[path.relative_to(site).as_posix()] = (gzip.decompress(data) if path.suffix == ".gz" else data).decode(
            "utf-8", "replace")
    return texts


@pytest.mark.parametrize("option", ["--corpus", "--raw"])
def test_a_corpus_or_raw_folder_outside_the_repository_publishes_no_local_path(tmp_path, capsys, option):
    """articles.csv, corpus.json, the source pages and the 'edit' notices printed absolute local paths."""
    outside = tmp_path / "elsewhere" / "corpus"
    shutil.copytree(FIXTURES / "corpus_small", outside)
    source = outside if option == "--corpus" else outside / "raw"
    work = tmp_path / "work"
    assert cli.main(["build", option, str(source), "--build-dir", str(work / "build"), "--out", str(work / "site")]) == 0
    capsys.readouterr()
    texts = site_texts(work / "site")
    leaks = sorted(name for name, text in texts.items()
                   if str(tmp_path) in text or str(REPO_ROOT) in text or "/elsewhere/" in text)
    assert leaks == []
    rows = list(csv.DictReader(io.StringIO(texts["downloads/articles.csv.gz"])))
    assert sorted(row["source_file"] for row in rows) == ["border_watch.txt", "steppe_post.txt"]
    source_page = texts["sources/border_watch/index.html"]
    assert "Raw file <code>border&#95;watch.txt</code>" in source_page
    assert "/edit/main/" not in source_page and "/new/main/" not in source_page  # no edit button



def test_bench_work_folder_keeps_a_corpus_no_bench_made(tmp_path):
    """`bench --work DIR` removed DIR/<size>/corpus, whatever it held."""
    from build_tools.tools.bench.run import prepare_corpus

    mine = tmp_path / "1000" / "corpus"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="no bench made this folder"):
        prepare_corpus(load_config(), None, 1000, tmp_path / "1000")
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine\n"
