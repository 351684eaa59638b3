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
    # U+02BB (Uzbek oʻ, gʻ) too, so that every spelling of "Oʻzbekiston" folds alike.
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                    "\u200a\u200b\u202f\u205f\u3000", " "),
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
_FEW_LETTERS = 200
"""Up to this many letters beyond Latin-1 are patched into the Latin-1 fold one by one."""
_LATIN_NON_WORD = bytes(b if chr(b).isalnum() else 32 for b in range(256))
"""Latin-1 byte -> itself for letters and digits, a space for everything else (and "?")."""


@dataclass(frozen=True)
class Folded:
    """A text prepared for matching. `norm`, `cased` and `lowered` have the same length."""

    original: str
    cased: str
    """`norm` with every non-letter, non-digit character replaced by a space."""
    starts: tuple[int, ...] | None = None
    """Original offset where the text behind each folded character starts; None when identical."""
    ends: tuple[int, ...] | None = None
    norm_: str | None = None
    """`norm` when folding computed it; otherwise it is derived on demand."""

    @cached_property
    def norm(self) -> str:
        """NFKC with ASCII quotes, dashes and spaces; punctuation kept. Computed on first
        use when folding did not need it."""
        return self.norm_ if self.norm_ is not None else _replace_typographic(self.original)

    def norm_slice(self, start: int, end: int) -> str:
        """`norm[start:end]` without computing all of `norm`; offsets below 0 are clamped
        (never wrapped round to the end)."""
        start, end = max(0, start), max(0, end)
        if self.norm_ is not None or "norm" in self.__dict__:
            return self.norm[start:end]
        return self.original[start:end].translate(_TRANSLATE)  # offsets are shared here

    @cached_property
    def lowered(self) -> str:
        """`cased`, lower-cased character by character. Computed on first use: actor
        matching does not need it, topic scoring does."""
        return _lower_same_length(self.cased)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded characters `start:end` came from."""
        if self.starts is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold_text(text: str) -> Folded:
    if text.isascii():
        return Folded(text, text.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii"))
    # str.translate, str.replace and str.lower are slow on non-ASCII text; encoding
    # and bytes.translate are not. Every path below keeps one folded character per
    # original character, except the slow one, which records where each came from.
    others = _non_ascii_characters(text)
    unusual = others - _SAME_LENGTH.keys()
    if any(_needs_normalising(ch) for ch in unusual):
        return _fold_slowly(text)
    letters = sorted(ch for ch in unusual if ord(ch) > 255 and ch.isalnum())
    if sum(text.count(ch) for ch in letters) <= _FEW_LETTERS:
        # Mostly Latin-1 letters ("é"): encode as Latin-1, every other character becoming
        # one "?" (one byte each, so offsets hold), map non-letters to spaces, then put
        # back the few letters beyond Latin-1 ("и") that became "?".
        latin = text.encode("latin-1", "replace").translate(_LATIN_NON_WORD).decode("latin-1")
        return Folded(text, _restore(latin, text, letters) if letters else latin)
    norm = _replace_typographic(text, others)
    cased = norm.encode("utf-8").translate(_ASCII_NON_WORD).decode("utf-8")
    for ch in sorted(unusual):
        if not ch.isalnum():
            cased = cased.replace(ch, " ")
    return Folded(text, cased, norm_=norm)


def _restore(cased: str, text: str, letters: list[str]) -> str:
    positions = sorted(i for ch in letters for i in _occurrences(text, ch))
    pieces, previous = [], 0
    for position in positions:
        pieces += [cased[previous:position], text[position]]
        previous = position + 1
    pieces.append(cased[previous:])
    return "".join(pieces)


def _occurrences(text: str, ch: str):
    position = text.find(ch)
    while position != -1:
        yield position
        position = text.find(ch, position + 1)


def _needs_normalising(ch: str) -> bool:
    """True for characters that NFKC changes inside words, or that vanish inside them."""
    return (ch in _INVISIBLE or unicodedata.combining(ch) != 0
            or (ch.isalnum() and unicodedata.normalize("NFKC", ch) != ch))


def _replace_typographic(text: str, present: set[str] | None = None) -> str:
    present = _non_ascii_characters(text) if present is None else present
    for ch in sorted(present.intersection(_SAME_LENGTH)):
        text = text.replace(ch, _SAME_LENGTH[ch])
    return text


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
    return Folded(text, cased, tuple(starts), tuple(ends), norm_=norm)


def _clusters(text: str):
    """(start, end) of each base character with the combining marks that follow it."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index
            start = index
