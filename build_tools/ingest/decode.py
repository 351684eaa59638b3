"""Raw bytes -> text lines: BOM, line endings and legacy encodings settled once, here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from charset_normalizer import from_bytes

from ..errors import SourceError

BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))


@dataclass(frozen=True)
class DecodedText:
    lines: tuple[str, ...]
    """The file's lines without line endings; index 0 is raw line 1."""
    warnings: tuple[str, ...] = ()


def decode_raw(data: bytes, shown: PurePosixPath) -> DecodedText:
    """Decode UTF-8 (with or without BOM), else guess the legacy encoding and say so."""
    warnings: list[str] = []
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
            text, encoding = _decode_legacy(data)
            warnings.append(f"{shown}:{_line_of(data, error.start)}: not valid UTF-8; decoded as {encoding}")
    if _looks_binary(text):
        raise SourceError(shown, None, "binary data (control characters): not a text file")
    # Windows and old-Mac line endings, and Unicode line separators inside lines
    # would break the "one raw line = one line number" contract: settle them here.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = tuple(line.replace("\u2028", " ").replace("\u2029", " ").replace("\x0c", " ")
                  for line in text.split("\n"))
    if lines and lines[-1] == "":
        lines = lines[:-1]
    return DecodedText(lines, tuple(warnings))


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
