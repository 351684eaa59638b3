"""IngestReport -> plain text a reviewer reads to spot a wrongly dropped paragraph."""

from __future__ import annotations

from ..models import IngestReport

EXCERPT = 100


def render_report(report: IngestReport) -> str:
    lines = [f"Ingest report for {report.path}"]
    lines.append(f"  articles: {len(report.article_ids)}")
    for article_id in report.article_ids:
        lines.append(f"    - {article_id}")
    lines.append(f"  dropped blocks: {len(report.dropped)}")
    for block in sorted(report.dropped, key=lambda b: (b.line, b.reason)):
        lines.append(f"    line {block.line:>5}  [{block.reason}]  {_excerpt(block.text)}")
    if report.warnings:
        lines.append(f"  warnings: {len(report.warnings)}")
        lines.extend(f"    ! {warning}" for warning in report.warnings)
    return "\n".join(lines) + "\n"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1].rstrip() + "…"
