"""Ingest: raw text files -> clean `Article`s with metadata, plus a report of what was dropped.

The stage reads (raw files, rules, corrections) and returns values; it writes
nothing. Modules, in pipeline order:

- `decode`: bytes -> lines (BOM, line endings, legacy encodings, binary refusal)
- `units`: lines -> classified units (headline, paragraph, byline, caption, boilerplate…)
- `split`: where articles start (scored evidence around headlines)
- `clean`: one segment -> a draft (title, metadata, body blocks, notes, dropped lines)
- `corrections`: human YAML fixes, applied in `segment`
- `dedupe`: one article per text, all sources kept
- `report`: the plain-text audit of dropped blocks
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TypeVar

from slugify import slugify

from ..config import BuildConfig
from ..errors import BuildFailed, Kind, SourceError, raise_if_any, warning
from ..inputs import Unreadable, read_regular
from ..memo import Memo, file_state
from ..models import Article, ArticleId, DroppedBlock, IngestReport, IngestResult, SourceRef
from .clean import Draft
from .corrections import Correction, corrections_file_for, load_corrections
from .decode import decode_raw
from .dedupe import Fingerprints, fingerprints, merge_duplicates
from .markdown_scrape import MARKDOWN_SUFFIX, plain_lines
from .report import render_report
from .rules import IngestRules, load_rules
from .segment import parse_raw_lines

__all__ = ["read_corpus", "ingest_files", "render_report", "make_id"]

T = TypeVar("T")
ID_MAX_LENGTH = 80
RAW_SUFFIXES = (".txt", MARKDOWN_SUFFIX)
RAW_KINDS = " or ".join(RAW_SUFFIXES)


def read_corpus(config: BuildConfig, memo: Memo | None = None) -> IngestResult:
    """Every raw file under config.raw_dir (`scan_raw_folder`), with rules and corrections applied.

    With a `memo` (`make serve`), a file read before is read again only if it or its corrections changed."""
    paths, others = scan_raw_folder(config.raw_dir)
    unread = [warning(_shown(config, path), None, f"not read: raw files are plain text or Markdown ({RAW_KINDS})")
              for path in others]
    if not paths:
        raise BuildFailed([f"{_shown(config, config.raw_dir)}: no raw file ({RAW_KINDS}) to read", *unread])
    orphans = _orphan_corrections(paths, config)
    # The corpus's corrections name its own raw files: for raw files from another folder (`--raw`), those
    # naming none of them are reported, not fatal, so that any folder of scrapes builds with the corpus.
    errors = [*(orphans if config.reads_own_raw_files else []), *_shared_names(paths, config)]
    try:
        result = ingest_files(paths, config, memo)
    except BuildFailed as failure:
        # One report for everything wrong: orphan correction files included.
        raise BuildFailed([*failure.problems, *errors]) from None
    raise_if_any(errors)
    if not config.reads_own_raw_files:
        unread += [warning(o.path, o.line, f"{o.message}; its corrections apply to nothing") for o in orphans]
    return replace(result, warnings=tuple(unread))


def scan_raw_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """(raw files, other files) under `folder`, each in path order, in one walk.

    Raw files are plain-text scrapes (*.txt) and Markdown ones (*.md), in any case. Whatever has such a name
    is listed, so that a folder or a dangling link named so is reported, not skipped. The other files (a saved
    web page, a PDF) are listed but hidden ones (".gitkeep", ".DS_Store"): a scrape under another name should
    not vanish unsaid."""
    raw: list[Path] = []
    others: list[Path] = []
    for path in sorted(folder.rglob("*"), key=lambda path: path.relative_to(folder).as_posix()):
        if path.suffix.lower() in RAW_SUFFIXES:
            raw.append(path)
        elif path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            others.append(path)
    return raw, others


def ingest_files(paths: Sequence[Path], config: BuildConfig, memo: Memo | None = None) -> IngestResult:
    """Ingest the given raw files in the given order; errors are collected, then raised together."""
    errors: list[SourceError] = []
    rules = _load_rules(config, errors)
    raise_if_any(errors)
    assert rules is not None
    drafts: list[Draft] = []
    prints: list[Fingerprints] = []
    languages: dict[tuple[PurePosixPath, int], str] = {}
    per_file: dict[PurePosixPath, tuple[list[DroppedBlock], list[str]]] = {}
    for shown, outcome in _ingest_each(paths, config, rules, memo or Memo()):
        dropped, warnings = per_file.setdefault(shown, ([], []))
        if isinstance(outcome, SourceError):
            errors.append(outcome)
            continue
        file_drafts, file_prints, file_languages, file_dropped, file_warnings = outcome
        drafts.extend(file_drafts)
        prints.extend(file_prints)
        languages.update(((draft.path, draft.start_line), language)
                         for draft, language in zip(file_drafts, file_languages, strict=True))
        dropped.extend(file_dropped)
        warnings.extend(file_warnings)
    raise_if_any(errors)
    return _assemble(merge_duplicates(drafts, prints), per_file, languages)


FileOutcome = tuple[Sequence[Draft], Sequence[Fingerprints], Sequence[str], Sequence[DroppedBlock], list[str]]
"""One raw file's drafts, their fingerprints (for `merge_duplicates`) and languages, dropped blocks and warnings."""


def _ingest_each(paths: Sequence[Path], config: BuildConfig, rules: IngestRules,
                 memo: Memo) -> list[tuple[PurePosixPath, FileOutcome | SourceError]]:
    """`_ingest_file` of each path, reusing the memo's outcome for a file whose state has not changed."""
    memo.begin((config, rules))
    # Files are independent: a large corpus reads them on every core.
    return memo.map(lambda path: _ingest_file(path, config, rules), paths, key=lambda path: path,
                    inputs=lambda path: _file_state(path, config), label="ingest")


def _file_state(path: Path, config: BuildConfig) -> tuple:
    """What says a raw file or its corrections file changed."""
    return file_state(path), file_state(corrections_file_for(path, config.corrections_dir))


def _ingest_file(path: Path, config: BuildConfig, rules: IngestRules) -> tuple[PurePosixPath, FileOutcome | SourceError]:
    """One raw file; a bad file is returned as its error, so that every error is reported at once."""
    shown = _shown(config, path)
    try:
        corrections = _corrections_for(path, config)
        decoded = _read(path, shown, config)
        warnings = list(decoded.warnings)
        if not any(line.strip() for line in decoded.lines):
            return shown, ((), (), (), (), [*warnings, warning(shown, None, "empty file (no text); no article")])
        lines = plain_lines(decoded.lines) if path.suffix.lower() == MARKDOWN_SUFFIX else decoded.lines
        result = parse_raw_lines(lines, shown, rules, corrections)
    except SourceError as error:
        return shown, error
    warnings.extend(result.warnings)
    if not result.drafts:
        warnings.append(warning(shown, None, "no article found"))
    return shown, (result.drafts, tuple(map(fingerprints, result.drafts)), result.languages, result.dropped, warnings)


def make_id(title: str, taken: set[str]) -> ArticleId:
    """A URL-safe slug of the title, made unique with -2, -3… in corpus order (`taken` holds the addresses
    corrections pin first, so that no title takes one)."""
    base = slugify(title, max_length=ID_MAX_LENGTH, word_boundary=True) or "article"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return ArticleId(candidate)


def _assemble(merged: list[tuple[Draft, tuple[SourceRef, ...], tuple[Draft, ...]]], per_file: dict,
              languages: dict[tuple[PurePosixPath, int], str]) -> IngestResult:
    """Articles from the merged drafts; `languages` holds each draft's language by (raw file, start line)."""
    articles: list[Article] = []
    ids_by_file: dict[PurePosixPath, list[ArticleId]] = {path: [] for path in per_file}
    taken = _pinned_addresses([draft for draft, _, _ in merged])
    for draft, sources, copies in merged:
        article_id = ArticleId(draft.address.name) if draft.address else make_id(draft.title, taken)
        articles.append(Article(
            id=article_id, title=draft.title, authors=draft.authors, date=draft.date,
            publication=draft.publication, sources=sources, blocks=draft.blocks, notes=draft.notes,
            language=languages[draft.path, draft.start_line],
        ))
        for source in sources:
            if article_id not in ids_by_file.setdefault(source.path, []):
                ids_by_file[source.path].append(article_id)
        for copy in copies:
            per_file[copy.path][1].append(warning(
                copy.path, copy.start_line, f"same article as {sources[0].path}:{sources[0].start_line}; "
                f"merged into '{article_id}'", Kind.DUPLICATE_ARTICLE))
    reports = tuple(
        IngestReport(path, tuple(ids_by_file.get(path, ())),
                     tuple(sorted(dropped, key=lambda b: (b.line, b.reason))), tuple(warnings))
        for path, (dropped, warnings) in per_file.items()
    )
    return IngestResult(tuple(articles), reports)


def _pinned_addresses(drafts: Sequence[Draft]) -> set[str]:
    """The addresses corrections give articles; two articles given one are an error naming both entries."""
    pinned = [draft for draft in drafts if draft.address is not None]
    errors = [f"{draft.address.correction}: address '{draft.address.name}' is already the address of the article "
              f"at {first.path}:{first.start_line} ({first.address.correction})"
              for draft, first in _repeats(pinned, lambda draft: draft.address.name)]
    if errors:
        raise BuildFailed(errors)
    return {draft.address.name for draft in pinned}


def _shown(config: BuildConfig, path: Path) -> PurePosixPath:
    return PurePosixPath(config.relative(path).as_posix())


def _read(path: Path, shown: PurePosixPath, config: BuildConfig):
    limit = config.options.raw_file_max_megabytes * 10**6
    try:
        data = read_regular(path, limit)
    except Unreadable as why:
        hint = " (raw_file_max_megabytes in corpus/config.yml)" if str(why).startswith("larger") else ""
        raise SourceError(shown, None, f"cannot read raw file: {why}{hint}") from None
    return decode_raw(data, shown)


def _load_rules(config: BuildConfig, errors: list[SourceError]) -> IngestRules | None:
    try:
        return load_rules(config.rules_file, _shown(config, config.rules_file))
    except SourceError as error:
        errors.append(error)
        return None


def _corrections_for(path: Path, config: BuildConfig) -> tuple[Correction, ...]:
    file = corrections_file_for(path, config.corrections_dir)
    if not file.exists():
        return ()
    return load_corrections(file, _shown(config, file))


def _orphan_corrections(paths: Sequence[Path], config: BuildConfig) -> list[SourceError]:
    """A corrections file whose raw file does not exist points at nothing."""
    if not config.corrections_dir.is_dir():
        return []
    stems = {path.stem for path in paths}
    return [SourceError(_shown(config, file), None,
                        f"no raw file named {file.stem} ({RAW_KINDS}) in {_shown(config, config.raw_dir)}")
            for file in sorted(config.corrections_dir.glob("*.yml")) if file.stem not in stems]


def _shared_names(paths: Sequence[Path], config: BuildConfig) -> list[SourceError]:
    """A raw file's corrections file and source page go by its name: two raw files may not share one."""
    return [SourceError(_shown(config, path), None, f"shares its name with {_shown(config, first)}, and corrections "
                                                    "and source pages go by the name: rename one")
            for path, first in _repeats(paths, lambda path: path.stem)]


def _repeats(items: Iterable[T], key: Callable[[T], Hashable]) -> Iterator[tuple[T, T]]:
    """(item, the first item of its key) for each item whose key an earlier item has, in order."""
    first: dict[Hashable, T] = {}
    for item in items:
        seen = first.setdefault(key(item), item)
        if seen is not item:
            yield item, seen
