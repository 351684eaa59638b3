"""Text folding for matching, with a map back to the original offsets.

The matcher never searches the article text itself. It searches a *folded* copy:
Unicode-normalised (NFKC), typographic quotes, dashes and spaces made ASCII,
every character that is not a letter or digit turned into a space, and
lower-cased. Folding keeps one folded character per original character in the
common case, so offsets are shared and nothing needs mapping; when it cannot
(combining marks, ligatures, soft hyphens) it records, for each folded character,
the span of original text it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

# One-to-one replacements, so that translating never moves an offset.
_SAME_LENGTH = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                    "\u200a\u200b\u202f\u205f\u3000\t\r\f\v", " "),
    "\u2026": ".",
    **dict.fromkeys("\u2022\u25cf\u25aa\u2023", "*"),
}
_TRANSLATE = str.maketrans(_SAME_LENGTH)
# Invisible characters that may sit inside a word ("Afghan\u00adistan"); dropped.
_INVISIBLE = frozenset("\u00ad\u200c\u200d\u2060\ufeff")
_ASCII_NON_WORD = bytes.maketrans(
    bytes(b for b in range(128) if not chr(b).isalnum()),
    b" " * sum(1 for b in range(128) if not chr(b).isalnum()))
_NON_WORD = re.compile(r"[\W_]")
_ASCII_BYTES = bytes(range(128))


@dataclass(frozen=True)
class Folded:
    """A text prepared for matching. `norm`, `cased` and `lowered` have the same length."""

    original: str
    norm: str
    """NFKC with ASCII quotes, dashes and spaces; punctuation kept."""
    cased: str
    """`norm` with every non-letter, non-digit character replaced by a space."""
    lowered_: str | None
    """`lowered` when computed with `cased`; see the property."""
    starts: tuple[int, ...] | None = None
    """Original offset where the text behind each folded character starts; None when identical."""
    ends: tuple[int, ...] | None = None

    @cached_property
    def lowered(self) -> str:
        """`cased`, lower-cased character by character. Computed on first use: actor
        matching does not need it, topic scoring and veto rules do."""
        return self.lowered_ if self.lowered_ is not None else _lower_same_length(self.cased)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded characters `start:end` came from."""
        if self.starts is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold_text(text: str) -> Folded:
    if text.isascii():
        return _fold_ascii(text, text)
    # str.translate and str.lower are slow on non-ASCII text. The few distinct
    # non-ASCII characters are handled one by one with str.replace; everything
    # else is done on the UTF-8 bytes, touching ASCII bytes only, so characters
    # stay aligned with the original.
    norm = text
    others = _non_ascii_characters(text)
    for ch in sorted(others.intersection(_SAME_LENGTH)):
        norm = norm.replace(ch, _SAME_LENGTH[ch])
    others -= _SAME_LENGTH.keys()
    if not others:
        return _fold_ascii(text, norm)
    if others & _INVISIBLE or not unicodedata.is_normalized("NFKC", norm):
        return _fold_slowly(text)
    cased = norm.encode("utf-8").translate(_ASCII_NON_WORD).decode("utf-8")
    for ch in sorted(others):
        if not ch.isalnum():
            cased = cased.replace(ch, " ")
    return Folded(text, norm, cased, None)


def _fold_ascii(text: str, norm: str) -> Folded:
    cased = norm.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii")
    return Folded(text, norm, cased, None)


def _non_ascii_characters(text: str) -> set[str]:
    # In UTF-8 every byte of a non-ASCII character is >= 0x80: dropping ASCII bytes
    # leaves exactly the non-ASCII characters.
    return set(text.encode("utf-8").translate(None, _ASCII_BYTES).decode("utf-8"))


def fold_term(term: str) -> str:
    """A taxonomy term as it appears in `Folded.norm` (punctuation kept, case kept)."""
    return fold_text(term).norm


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lower-case to two ("İ"); keep those as they are so offsets stay aligned.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _fold_slowly(text: str) -> Folded:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(text):
        cluster = "".join(ch for ch in text[start:end] if ch not in _INVISIBLE)
        piece = unicodedata.normalize("NFKC", cluster.translate(_TRANSLATE)).translate(_TRANSLATE)
        pieces.append(piece)
        starts.extend([start] * len(piece))
        ends.extend([end] * len(piece))
    norm = "".join(pieces)
    cased = _NON_WORD.sub(" ", norm)
    return Folded(text, norm, cased, None, tuple(starts), tuple(ends))


def _clusters(text: str):
    """(start, end) of each base character with the combining marks that follow it."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index
            start = index
