"""The same article found twice (in one file or two) becomes one, with every source kept."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace

from ..models import SourceRef
from .clean import Draft

_NON_WORD = re.compile(r"[\W_]+")
LEAD_CHARS = 400
"""How much of the body (after the title) must match for two copies to be the same article."""


Fingerprints = tuple[str, str]


def fingerprints(draft: Draft) -> Fingerprints:
    """(whole body, title + lead): either matching means the same article.

    Taken where the draft is made, on every core: at 10,000 articles, folding the
    bodies here in one process was most of ingest's serial part."""
    body = _NON_WORD.sub(" ", " ".join(b.text for b in draft.blocks).casefold()).strip()
    title = _NON_WORD.sub(" ", draft.title.casefold()).strip()
    whole = hashlib.sha1(body.encode()).hexdigest()
    lead = hashlib.sha1(f"{title}|{body[:LEAD_CHARS]}".encode()).hexdigest()
    return whole, lead


def merge_duplicates(drafts: Sequence[Draft], prints: Sequence[Fingerprints],
                     ) -> list[tuple[Draft, tuple[SourceRef, ...], tuple[Draft, ...]]]:
    """Drafts in corpus order, each with all its sources and the copies folded into it; `prints[i]` is
    `fingerprints(drafts[i])`."""
    kept: list[list] = []
    seen: dict[str, int] = {}
    for draft, (whole, lead) in zip(drafts, prints, strict=True):
        body_empty = not draft.blocks
        index = None if body_empty else seen.get(whole, seen.get(lead))
        ref = SourceRef(draft.path, draft.start_line, draft.end_line)
        if index is None:
            seen.setdefault(whole, len(kept))
            seen.setdefault(lead, len(kept))
            kept.append([draft, [ref], []])
            continue
        first = kept[index]
        first[1].append(ref)
        first[2].append(draft)
        first[0] = _fill_gaps(first[0], draft)
    return [(d, tuple(refs), tuple(copies)) for d, refs, copies in kept]


def _fill_gaps(primary: Draft, copy: Draft) -> Draft:
    """Metadata that only the second copy states is not lost."""
    return replace(
        primary,
        authors=primary.authors or copy.authors,
        date=primary.date or copy.date,
        publication=primary.publication or copy.publication,
        notes=primary.notes or copy.notes,
    )
