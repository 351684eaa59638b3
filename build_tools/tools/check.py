"""`python -m build_tools check`: validate everything a contributor edits, and report every problem at once.

Checked, without running MkDocs (fast enough for a pre-commit hook):
- the taxonomy (corpus/taxonomy/): the annotate stage's `load_taxonomy` - YAML,
  JSON Schema, unique names, a term (alias...) claimed by two actors, unknown `country`;
- raw files, rules and corrections (corpus/raw, corpus/rules, corpus/corrections):
  the ingest stage's `read_corpus`, which applies corrections and fails on bad ones;
- the same article found twice (ingest merges it; a contributor should know);
- relation reading corrections (corpus/corrections/relations/*.yml): schema, known actors, and a sentence
  that some article has;
- hand-written pages (docs/**/*.md): front matter is valid YAML, has only known
  keys (corpus/schemas/page.schema.json), and its `actors`/`topics` exist;
- links from hand-written pages to actor or topic pages that will not exist;
- first of all, symbolic links and special files under the corpus and docs/ (`inputs`), which nothing reads.

Stages raise `BuildFailed` listing `SourceError`s; this module collects them and the
stages' warnings so that all of them print together, sorted by file and line. What
fails the check is each problem's `kind` (`Kind.fails_check`): ingest warnings (e.g.
"no headline found") print as warnings and do not fail, a duplicate article does.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..config import BuildConfig
from ..emit.briefs import resolve_actor, resolve_topic
from ..emit.front_matter import decode_page, parse_front_matter
from ..errors import BuildFailed, Kind, SourceError, render_problem
from ..inputs import refused_inputs
from ..models import IngestResult, Taxonomy
from ..yamlsource import YamlSource

PAGE_LINK = re.compile(r"\]\((?P<target>[^)\s#]*(?:actors|topics)/[^)\s#]+)(?:#[^)\s]*)?\)")


ADVICE = {Kind.DUPLICATE_ARTICLE: "if this copy is not needed, drop it with a correction entry `drop: duplicate`"}
"""What to do about a kind of problem that the build lets pass and the check does not."""


@dataclass
class CheckResult:
    problems: list[SourceError] = field(default_factory=list)
    seconds: float = 0.0
    checked: dict[str, int] = field(default_factory=dict)
    """What was looked at, e.g. {"articles": 21, "pages": 2}."""

    @property
    def errors(self) -> list[SourceError]:
        return [p for p in self.problems if p.kind.fails_check]

    @property
    def warnings(self) -> list[SourceError]:
        return [p for p in self.problems if not p.kind.fails_check]


def check_repository(config: BuildConfig) -> CheckResult:
    """Run every check; never raises for a contributor's mistake, returns them all."""
    start = time.perf_counter()
    result = CheckResult()
    refused = refused_inputs(config)
    if refused:  # the stages below would read what the links point at
        result.problems = sorted(refused, key=SourceError.sort_key)
        result.seconds = time.perf_counter() - start
        return result
    taxonomy = _load_taxonomy(config, result.problems)
    ingested = _read_corpus(config, result.problems)
    if ingested is not None:
        result.checked["articles"] = len(ingested.articles)
        result.problems.extend(check_ingest_report(ingested))
    if taxonomy is not None:
        result.problems.extend(_check_relation_corrections(config, taxonomy, ingested))
    result.problems.extend(_check_outlets(config))
    pages = sorted(config.docs_dir.rglob("*.md")) if config.docs_dir.is_dir() else []
    result.checked["pages"] = len(pages)
    for page in pages:
        shown = _shown(config, page)
        try:
            text = decode_page(PurePosixPath(shown), page.read_bytes())
        except SourceError as error:
            result.problems.append(error)
            continue
        result.problems.extend(check_page(shown, text, taxonomy))
    result.problems.sort(key=lambda p: (*p.sort_key()[:2], not p.kind.fails_check, p.message))
    result.seconds = time.perf_counter() - start
    return result


# --------------------------------------------------------------------------- stages


def _load_taxonomy(config: BuildConfig, problems: list[SourceError]) -> Taxonomy | None:
    from ..annotate import load_taxonomy
    from ..annotate.taxonomy import lint_taxonomy

    try:
        taxonomy = load_taxonomy(config.taxonomy_dir, config.root)
        problems.extend(lint_taxonomy(taxonomy))
        return taxonomy
    except (BuildFailed, SourceError) as failure:
        problems.extend(problems_from(failure))
    except OSError as error:  # e.g. the taxonomy folder is missing
        problems.append(SourceError(_shown(config, config.taxonomy_dir), None, f"cannot read the taxonomy: {error}"))
    return None


def _read_corpus(config: BuildConfig, problems: list[SourceError]) -> IngestResult | None:
    from ..ingest import read_corpus

    try:
        return read_corpus(config)
    except (BuildFailed, SourceError) as failure:
        problems.extend(problems_from(failure))
    return None


def _check_relation_corrections(config: BuildConfig, taxonomy: Taxonomy, ingested: IngestResult | None
                                ) -> list[SourceError]:
    """corpus/corrections/relations/: schema, actors, and a sentence some article has (without annotating)."""
    from ..annotate.relation_corrections import load_relation_corrections, unfound_sentences

    try:
        corrections = load_relation_corrections(config.corrections_dir, config.root, taxonomy)
    except BuildFailed as failure:
        return problems_from(failure)
    articles = ingested.articles if ingested is not None else ()
    return unfound_sentences(corrections, articles) if articles else []


def _check_outlets(config: BuildConfig) -> list[SourceError]:
    """corpus/outlets.yml: schema, and no name or alias given to two outlets."""
    from ..outlets import load_outlets

    try:
        load_outlets(config.corpus_dir / "outlets.yml", config.root)
    except BuildFailed as failure:
        return problems_from(failure)
    return []


def problems_from(failure: BuildFailed | SourceError) -> list[SourceError]:
    """The problems of a stage's failure."""
    return list(failure.problems) if isinstance(failure, BuildFailed) else [failure]


def check_ingest_report(ingested: IngestResult) -> list[SourceError]:
    """Ingest's warnings; those of a kind that fails the check (a duplicate article) fail it."""
    return [*ingested.warnings, *(problem for report in ingested.reports for problem in report.warnings)]


# --------------------------------------------------------------------------- hand-written pages


def check_page(shown: str, text: str, taxonomy: Taxonomy | None) -> list[SourceError]:
    """Front matter (YAML, schema, actors/topics that exist) and links to actor/topic pages.

    With `taxonomy` None (it failed to load) names cannot be checked; the
    taxonomy's own errors are already reported.
    """
    source, errors = parse_front_matter(PurePosixPath(shown), text)
    problems = [SourceError(shown, error.line or 2, error.message) for error in errors]
    if taxonomy is not None and source is not None:  # names are checked once the shape is right
        problems.extend(_check_names(source, taxonomy))
    if taxonomy is not None:
        problems.extend(_check_page_links(shown, text, taxonomy))
    return problems


def _check_names(source: YamlSource, taxonomy: Taxonomy) -> list[SourceError]:
    problems = []
    kinds = (("actors", "actor", resolve_actor, [a.name for a in taxonomy.actors], "corpus/taxonomy/actors/"),
             ("topics", "topic", resolve_topic, [t.name for t in taxonomy.topics], "corpus/taxonomy/topics.yml"))
    for key, label, resolve, names, where in kinds:
        for index, name in enumerate(source.data.get(key) or ()):
            if resolve(taxonomy, name) is not None:
                continue
            problems.append(SourceError(source.path, source.line((key, index)) or 2,
                                        f"unknown {label} '{name}'{_suggest(name, names)} "
                                        f"(add it to {where} or use an existing name)"))
    return problems


def _check_page_links(shown: str, text: str, taxonomy: Taxonomy) -> list[SourceError]:
    """A Markdown link to actors/<slug> or topics/<slug> whose actor or topic does not exist."""
    problems = []
    actor_ids = {actor.id for actor in taxonomy.actors}
    topic_ids = {topic.id for topic in taxonomy.topics}
    for match in PAGE_LINK.finditer(text):
        target = match["target"]
        if "://" in target:
            continue
        parts = PurePosixPath(target).parts
        for kind, known in (("actors", actor_ids), ("topics", topic_ids)):
            if kind not in parts:
                continue
            rest = parts[parts.index(kind) + 1:]
            slug = PurePosixPath(*rest).with_suffix("").as_posix() if rest else ""
            slug = slug.removesuffix("/index")
            if slug and slug != "index" and slug not in known:
                line = text.count("\n", 0, match.start()) + 1
                problems.append(SourceError(shown, line, f"link to {kind}/{slug}: no such {kind[:-1]}"
                                                         f"{_suggest(slug, sorted(known))}"))
    return problems


def _suggest(name: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _shown(config: BuildConfig, path: Path) -> str:
    return config.relative(path).as_posix()


# --------------------------------------------------------------------------- output


def render_result(result: CheckResult) -> str:
    """Every problem, one per line, then a summary line."""
    lines = [render_check_problem(problem) for problem in result.problems]
    checked = ", ".join(f"{count} {what.removesuffix('s') if count == 1 else what}"
                        for what, count in result.checked.items())
    errors, warnings = len(result.errors), len(result.warnings)
    verdict = "OK" if not errors else f"{errors} problem{'s' * (errors != 1)} to fix"
    extra = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    lines.append(f"check: {verdict}{extra} ({checked}; {result.seconds:.1f}s)")
    return "\n".join(lines)


def render_check_problem(problem: SourceError) -> str:
    """A problem as the check sees it: one of a kind that the build lets pass says what to do about it."""
    fails = problem.kind.fails_check
    if fails and not problem.kind.fails_build:
        problem = SourceError(problem.path, problem.line, f"{problem.kind.label}: {problem.message} "
                                                          f"({ADVICE[problem.kind]})", problem.kind)
    return render_problem(problem, fails=fails)
