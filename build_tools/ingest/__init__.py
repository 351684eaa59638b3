"""Ingest: raw text files -> clean `Article`s with metadata, plus a report of what was dropped.

PLACEHOLDER: one article per file; the real splitter replaces this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from slugify import slugify

from ..config import BuildConfig
from ..models import Article, ArticleId, Block, BlockKind, IngestReport, IngestResult, SourceRef


def read_corpus(config: BuildConfig) -> IngestResult:
    return ingest_files(sorted(config.raw_dir.glob("*.txt")), config)


def ingest_files(paths: Sequence[Path], config: BuildConfig) -> IngestResult:
    articles, reports = [], []
    for path in paths:
        shown = PurePosixPath(config.relative(path).as_posix())
        lines = path.read_text(encoding="utf-8").splitlines()
        paragraphs = [line.strip() for line in lines if line.strip()]
        if not paragraphs:
            continue
        title = paragraphs[0]
        article = Article(
            id=ArticleId(slugify(title, max_length=80, word_boundary=True)),
            title=title, authors=(), date=None, publication=None,
            sources=(SourceRef(shown, 1, len(lines)),),
            blocks=tuple(Block(BlockKind.PARAGRAPH, p) for p in paragraphs[1:]),
        )
        articles.append(article)
        reports.append(IngestReport(shown, (article.id,), ()))
    return IngestResult(tuple(articles), tuple(reports))
