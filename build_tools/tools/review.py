"""`python -m build_tools diff [--base main]`: what a change does to the annotations of the whole corpus.

A reviewer of a taxonomy or correction pull request sees, before merging, which
articles gain or lose which actor and topic tags, and which relation readings change. The core, `diff_corpora`, is
a pure comparison of two annotated `Corpus` values; `annotate_ref` builds the
base one from a git ref's corpus/ (via `git archive`, into a temporary folder)
with the working tree's code, so only the data differs. No MkDocs.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..annotate.taxonomy import upgrade_topics_file
from ..config import BuildConfig, load_config
from ..emit.markdown import counted
from ..errors import BuildFailed
from ..models import AnnotatedArticle, ArticleId, Corpus


@dataclass(frozen=True)
class ArticleChange:
    """How one article's tags differ between base and head; names are display names."""

    article: ArticleId
    title: str
    source: str
    """raw file:line, so a reviewer can find it."""
    actors_added: tuple[str, ...] = ()
    actors_removed: tuple[str, ...] = ()
    topics_added: tuple[str, ...] = ()
    topics_removed: tuple[str, ...] = ()
    status: str = "changed"
    """"changed", "added" (only in head), "removed" (only in base) or "moved" (at another address in head)."""
    moved_from: ArticleId | None = None
    """The article's address in base, if it moved."""
    readings_changed: tuple[str, ...] = ()
    """"A – B: old → new: sentence" for each evidence sentence whose relation reading differs."""


@dataclass(frozen=True)
class AnnotationDiff:
    changes: tuple[ArticleChange, ...]
    articles_base: int
    articles_head: int

    @property
    def empty(self) -> bool:
        return not self.changes


# --------------------------------------------------------------------------- pure core


def diff_corpora(base: Corpus, head: Corpus) -> AnnotationDiff:
    """Per article (matched by id, or by raw location if its id changed), the actor and topic tags gained or
    lost; sorted by article id."""
    before = {item.article.id: item for item in base.articles}
    after = {item.article.id: item for item in head.articles}
    moved_from = _moved(before, after)
    changes = []
    for article_id in sorted((before.keys() - set(moved_from.values())) | after.keys()):
        old, new = before.get(moved_from.get(article_id, article_id)), after.get(article_id)
        old_actors, old_topics = _tags(old, base)
        new_actors, new_topics = _tags(new, head)
        item = new or old
        assert item is not None
        change = ArticleChange(
            article=article_id, title=item.article.title,
            source=_source(item),
            actors_added=_sorted(new_actors - old_actors), actors_removed=_sorted(old_actors - new_actors),
            topics_added=_sorted(new_topics - old_topics), topics_removed=_sorted(old_topics - new_topics),
            status=("added" if old is None else "removed" if new is None
                    else "moved" if article_id in moved_from else "changed"),
            moved_from=moved_from.get(article_id),
            readings_changed=_reading_changes(old, new, head),
        )
        if change.status != "changed" or any((change.actors_added, change.actors_removed,
                                              change.topics_added, change.topics_removed, change.readings_changed)):
            changes.append(change)
    return AnnotationDiff(tuple(changes), len(base.articles), len(head.articles))


def _moved(before: dict[ArticleId, AnnotatedArticle], after: dict[ArticleId, AnnotatedArticle],
           ) -> dict[ArticleId, ArticleId]:
    """{id in head: id in base} of the articles whose address changed (a corrected title): same raw file and line.
    By the file's name, which no two raw files share (`ingest.read_corpus`), wherever the base was checked out."""
    def location(item: AnnotatedArticle) -> tuple[str, int]:
        return item.article.source.path.name, item.article.source.start_line

    gone = {location(item): article_id for article_id, item in before.items() if article_id not in after}
    return {article_id: gone[location(item)] for article_id, item in after.items()
            if article_id not in before and location(item) in gone}


def _tags(item: AnnotatedArticle | None, corpus: Corpus) -> tuple[set[str], set[str]]:
    """Display names, so that renaming an actor shows as one tag lost and one gained."""
    if item is None:
        return set(), set()
    actors = {corpus.taxonomy.actor(actor_id).name for actor_id in item.actor_ids}
    topics = {corpus.taxonomy.topic(score.topic).name for score in item.topics}
    return actors, topics


def _reading_changes(old: AnnotatedArticle | None, new: AnnotatedArticle | None, head: Corpus) -> tuple[str, ...]:
    """The relation readings of sentences in both that a change (cues, a correction) alters."""
    if old is None or new is None:
        return ()
    before = {(e.actors, e.sentence): e.reading for e in old.relations}
    changed = []
    for evidence in new.relations:
        reading = before.get((evidence.actors, evidence.sentence))
        if reading is not None and reading != evidence.reading:
            a, b = (head.taxonomy.actor(actor).name for actor in evidence.actors)
            sentence = evidence.sentence if len(evidence.sentence) <= 100 else evidence.sentence[:99] + "…"
            changed.append(f"{a} – {b}: {reading.value} → {evidence.reading.value}: “{sentence}”")
    return tuple(changed)


def _source(item: AnnotatedArticle) -> str:
    """raw file:line as in the repository (the base corpus lives in a temporary folder)."""
    path = item.article.source.path.as_posix()
    if not path.startswith("corpus/") and "/corpus/" in path:
        path = "corpus/" + path.rsplit("/corpus/", 1)[1]
    return f"{path}:{item.article.source.start_line}"


def _sorted(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda name: (name.casefold(), name)))


# --------------------------------------------------------------------------- rendering


def render_diff(diff: AnnotationDiff, base_label: str = "base", *, markdown: bool = False) -> str:
    """One block per changed article (`+`/`-` lines at the start, as in a unified diff), then totals
    per tag. Markdown wraps the blocks in a ```diff fence, which GitHub colours, for a PR comment."""
    if diff.empty:
        return f"No annotation changes against {base_label} ({counted(diff.articles_head, 'article')})."
    title = f"Annotation changes against {base_label}: {len(diff.changes)} of {counted(diff.articles_head, 'article')}"
    body: list[str] = []
    for change in diff.changes:
        suffix = {"added": " (new article)", "removed": " (article removed)",
                  "moved": f" (moved from articles/{change.moved_from}/: links and citations to that address "
                           f"break; add `address: {change.moved_from}` to its correction to keep it)",
                  }.get(change.status, "")
        body.append(f"  {change.title} — {change.source}{suffix}")
        body += [f"{sign} {kind} {name}" for sign, kind, names in _signed(change) for name in names]
        body += [f"~ reading {line}" for line in change.readings_changed]
        body.append("")
    totals = [f"{sign}{counted(count, 'article')} {kind} {name}"
              for sign, kind, name, count in _totals(diff)]
    if markdown:
        return "\n".join([f"## {title}", "", "~~~diff", *body[:-1], "~~~", "", "**Totals**", "", "~~~diff",
                          *totals, "~~~"])
    return "\n".join([title, "", *body, "Totals:", *totals])


def _signed(change: ArticleChange) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return (("+", "actor", change.actors_added), ("-", "actor", change.actors_removed),
            ("+", "topic", change.topics_added), ("-", "topic", change.topics_removed))


def _totals(diff: AnnotationDiff) -> list[tuple[str, str, str, int]]:
    """(sign, kind, name, articles), most articles first."""
    counts: dict[tuple[str, str, str], int] = {}
    for change in diff.changes:
        for sign, kind, names in _signed(change):
            for name in names:
                counts[(sign, kind, name)] = counts.get((sign, kind, name), 0) + 1
    return sorted(((*key, n) for key, n in counts.items()), key=lambda row: (-row[3], row[1], row[2], row[0]))


# --------------------------------------------------------------------------- reading


def annotate_config(config: BuildConfig) -> Corpus:
    """Ingest + annotate, as the build does it, without emitting anything."""
    from ..pipeline import BuildReport, make_corpus

    return make_corpus(config, BuildReport())


def annotate_ref(ref: str, root: Path) -> Corpus:
    """The corpus/ of git `ref`, annotated with the working tree's code."""
    with tempfile.TemporaryDirectory(prefix="build-tools-diff-") as scratch:
        corpus_dir = export_corpus(ref, root, Path(scratch))
        upgrade_topics_file(corpus_dir / "taxonomy" / "topics.yml")  # a base from before terms per language
        try:
            return annotate_config(load_config(root, corpus_dir=corpus_dir))
        except BuildFailed as failure:
            # Name the files as in the repository, and say they are the base's.
            raise BuildFailed([f"{ref}: " + str(error).replace(f"{scratch}/", "") for error in failure.errors]) from None


def export_corpus(ref: str, root: Path, target: Path) -> Path:
    """Extract `ref:corpus/` into target/corpus with `git archive`; BuildFailed if git cannot."""
    commit = _git(root, ref, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    archive = _git(root, ref, "archive", "--format=tar", commit.decode("ascii").strip(), "--", "corpus")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "corpus"


def _git(root: Path, ref: str, *args: str) -> bytes:
    """git's output for reading `ref`. The ref is a value, never an option: `--base=--output=FILE` made
    `git archive` write FILE. It is resolved to a commit after --end-of-options, and only that is passed on."""
    if ref.startswith("-"):
        raise BuildFailed([f"diff: --base must be a git ref (a branch, tag or commit), not an option: '{ref}'"])
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True).stdout
    except FileNotFoundError:
        raise BuildFailed(["diff: git is not installed"]) from None
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip() or "no such commit"
        raise BuildFailed([f"diff: cannot read corpus/ at '{ref}': {message}"]) from None
