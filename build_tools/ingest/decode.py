"""Raw bytes -> text lines: BOM, line endings, legacy encodings, mojibake and invisible controls
settled once, here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

import ftfy
from ftfy.badness import is_bad
from charset_normalizer import from_bytes

from ..errors import SourceError, warning

BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))


@dataclass(frozen=True)
class DecodedText:
    lines: tuple[str, ...]
    """The file's lines without line endings; index 0 is raw line 1."""
    warnings: tuple[SourceError, ...] = ()


def decode_raw(data: bytes, shown: PurePosixPath) -> DecodedText:
    """Decode UTF-8 (with or without BOM), else guess the legacy encoding and say so; then repair
    mojibake and remove control, bidi and zero-width characters line by line (`clean_lines`)."""
    warnings: list[SourceError] = []
    text = None
    for encoding, bom in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise SourceError(shown, None, f"starts with a {encoding} byte order mark but is not {encoding}") from None
            text = text.lstrip("\ufeff")
            break
    if text is None:
        if b"\x00" in data:
            raise SourceError(shown, _line_of(data, data.index(b"\x00")),
                              "binary data (NUL byte): not a text file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            text, bad_lines = _decode_utf8_lines(data)
            if bad_lines is not None:
                warnings.append(warning(shown, bad_lines[0], f"{_lines(bad_lines)}: invalid UTF-8 byte(s) replaced with U+FFFD"))
            else:
                text, encoding = _decode_legacy(data)
                warnings.append(warning(shown, _line_of(data, error.start), f"not valid UTF-8; decoded as {encoding}"))
    if _looks_binary(text):
        raise SourceError(shown, None, "binary data (control characters): not a text file")
    # Windows and old-Mac line endings, and Unicode line separators inside lines
    # would break the "one raw line = one line number" contract: settle them here.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = tuple(line.replace("\u2028", " ").replace("\u2029", " ").replace("\x0c", " ")
                  for line in text.split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    lines, repairs = clean_lines(lines)
    warnings.extend(warning(shown, numbers[0], f"{_lines(numbers)}: {what}") for what, numbers in repairs.items())
    return DecodedText(lines, tuple(warnings))


def _decode_utf8_lines(data: bytes) -> tuple[str, list[int] | None]:
    """The text decoded line by line as UTF-8, a bad byte becoming U+FFFD, and the lines that had one;
    None for the lines when the file is not UTF-8 with stray bytes but another encoding throughout
    (fewer lines read as UTF-8 with non-ASCII characters than lines that fail: a legacy encoding's
    non-ASCII text is hardly ever valid UTF-8)."""
    lines, bad, good = [], [], 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
            good += not raw.isascii()
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors="replace")
            bad.append(number)
        lines.append(line)
    return "\n".join(lines), (bad if good >= len(bad) else None)


# Only the repairs of text decoded with the wrong encoding: quotes, ligatures, widths and
# normalisation are the source's own and stay as written.
_MOJIBAKE_ONLY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False, fix_character_width=False,
    uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False, normalization=None, explain=True)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
"""Zero-width characters and bidi controls: they can reorder or hide text in titles, the feed and the CSV."""


def invisible_characters(text: str) -> list[str]:
    """The control, bidi and zero-width characters in `text` (tab and newline aside), as U+XXXX."""
    found = _CONTROL.findall(text) + _INVISIBLE.findall(text)
    return [f"U+{ord(ch):04X}" for ch in dict.fromkeys(found)]


MOJIBAKE_REACH = 7
"""The longest character sequence ftfy's mojibake test (`ftfy.badness.is_bad`) matches; tests/test_ingest_intake.py
checks it against the installed ftfy."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNCHANGED = ftfy.ExplainedText("", [])


def may_be_mojibake(line: str) -> bool:
    """False only where `ftfy.fix_and_explain` with `_MOJIBAKE_ONLY` would leave `line` as it is, found faster.

    With those settings ftfy changes a line only if `is_bad` finds a suspect sequence in it (a C1 control is one)
    or it holds a surrogate. Every sequence `is_bad` looks for has a non-ASCII character and at most
    `MOJIBAKE_REACH` characters, so it lies within that reach of a run of non-ASCII characters: the test runs on
    those stretches only, not on the whole line (ftfy took a quarter of ingest, on lines whose only non-ASCII
    characters are a few quotes and dashes). A stretch that starts mid-line may match where the line does not
    (`^`): then ftfy reads the whole line, as before."""
    if _SURROGATE.search(line):
        return True
    stretches: list[list[int]] = []  # [start, end) of the line, each around one or more runs
    for run in _NON_ASCII.finditer(line):
        if stretches and run.start() - MOJIBAKE_REACH <= stretches[-1][1]:  # near enough to share a sequence
            stretches[-1][1] = run.end() + MOJIBAKE_REACH
        else:
            stretches.append([max(0, run.start() - MOJIBAKE_REACH), run.end() + MOJIBAKE_REACH])
    return any(is_bad(line[start:end]) for start, end in stretches)


def clean_lines(lines: Iterable[str]) -> tuple[tuple[str, ...], dict[str, list[int]]]:
    """Lines with mojibake repaired (ftfy) and control, bidi and zero-width characters removed (tabs kept),
    and the 1-based numbers of the lines each repair changed."""
    cleaned: list[str] = []
    repairs: dict[str, list[int]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.isascii():
            fixed = ftfy.fix_and_explain(line, config=_MOJIBAKE_ONLY) if may_be_mojibake(line) else _UNCHANGED
            if fixed.explanation:
                repairs.setdefault("mojibake repaired", []).append(number)
                line = fixed.text
            if _INVISIBLE.search(line):
                repairs.setdefault("bidi or zero-width characters removed", []).append(number)
                line = _INVISIBLE.sub("", line)
        if _CONTROL.search(line):
            repairs.setdefault("control characters removed", []).append(number)
            line = _CONTROL.sub("", line)
        cleaned.append(line)
    return tuple(cleaned), repairs


LISTED_LINES = 12
"""Line numbers named in one warning; more are counted."""


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:LISTED_LINES]))
    more = f" and {len(numbers) - LISTED_LINES} more" if len(numbers) > LISTED_LINES else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


_WESTERN = ("cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_2", "iso8859_15", "mac_roman", "ascii")


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """charset-normalizer's guess, except that any Western guess becomes cp1252.

    On short English texts it cannot tell cp1250 from cp1252; cp1252 (Windows
    "ANSI") is by far the likelier for scraped English pages, while a Cyrillic
    guess (cp1251, koi8_r) is kept because decoding those as cp1252 gives junk.
    """
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding not in ("utf_8", "utf-8") and best.encoding not in _WESTERN:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_CONTROLS = tuple(chr(code) for code in range(32) if chr(code) not in "\t\n\r\x0c")


def _looks_binary(text: str) -> bool:
    """Many C0 control characters (other than tab/newline/CR/FF) mean this is not prose."""
    sample = text[:100_000]
    if not sample:
        return False
    # str.count per character runs in C; a Python loop over every character was
    # a fifth of ingest's time on a large corpus.
    controls = sum(map(sample.count, _CONTROLS))
    return controls > max(8, len(sample) // 100)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
