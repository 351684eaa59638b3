"""Human corrections: small YAML files under corpus/corrections/, one per raw file.

They win over every heuristic and survive re-ingest, because they address
articles by raw line numbers and raw files are kept byte for byte. See
corpus/corrections/README.md for the format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from slugify import slugify

from ..errors import SourceError
from ..yamlsource import YamlSource, load_yaml, require_mapping
from .decode import invisible_characters
from .language import is_language_code

KNOWN_KEYS = frozenset({"line", "start", "merge", "drop", "title", "address", "date", "authors", "publication",
                        "comment", "language"})


@dataclass(frozen=True)
class Correction:
    """One entry: what to do with the article at raw `line`."""

    source: PurePosixPath
    """The correction file, for error messages."""
    source_line: int
    line: int
    start: bool = False
    merge: bool = False
    drop: str | None = None
    title: str | None = None
    address: str | None = None
    """The article's page name (articles/<address>/), kept whatever its title says."""
    date: dt.date | None = None
    clear_date: bool = False
    authors: tuple[str, ...] | None = None
    publication: str | None = None
    clear_publication: bool = False
    language: str | None = None
    """The article's language code (ru, kk, uz…), which then is not detected."""

    @property
    def changes_metadata(self) -> bool:
        return (self.title is not None or self.address is not None or self.date is not None or self.clear_date
                or self.authors is not None or self.publication is not None or self.clear_publication)


def corrections_file_for(raw: Path, corrections_dir: Path) -> Path:
    return corrections_dir / f"{raw.stem}.yml"


def load_corrections(path: Path, shown: PurePosixPath) -> tuple[Correction, ...]:
    """Parse one corrections file; every problem is a SourceError naming file and line."""
    source = load_yaml(path, shown)
    if source.data is None:
        return ()
    entries = _articles(source)
    return tuple(_parse_entry(source, ("articles", index), entry) for index, entry in enumerate(entries))


def _articles(source: YamlSource) -> list:
    data = require_mapping(source, "a mapping with an 'articles:' list")
    for key in data:
        if key != "articles":
            raise source.error((str(key),), f"unknown key '{key}' (the file holds one 'articles:' list)")
    if not isinstance(data.get("articles"), list):
        raise source.error(("articles",), "'articles' must be a list of entries")
    return data["articles"]


def _parse_entry(source: YamlSource, location: tuple[str, int], entry: object) -> Correction:
    shown, entry_line = source.path, source.line(location)
    if not isinstance(entry, dict):
        raise SourceError(shown, entry_line, "each entry must be a mapping with at least 'line:'")
    values: dict[str, tuple[int | None, object]] = {}
    for name, value in entry.items():
        if name not in KNOWN_KEYS:
            raise source.error((*location, str(name)),
                               f"unknown key '{name}' (known: {', '.join(sorted(KNOWN_KEYS))})")
        values[name] = (source.line((*location, name)), value)
    if "line" not in values:
        raise SourceError(shown, entry_line, "entry has no 'line:' (the raw line where the article starts)")
    line = values["line"][1]
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        raise SourceError(shown, values["line"][0], f"'line' must be a positive line number, got {line!r}")
    fields: dict[str, object] = {}
    for name, (where, value) in values.items():
        if name in ("start", "merge"):
            if not isinstance(value, bool):
                raise SourceError(shown, where, f"'{name}' must be true or false, got {value!r}")
            fields[name] = value
        elif name == "drop":
            if value is False or value is None:
                continue
            fields["drop"] = "not an article" if value is True else str(value)
        elif name in ("title", "publication"):
            if value is None and name == "publication":
                fields["clear_publication"] = True
            elif not isinstance(value, str) or not value.strip() or "\n" in value.strip():
                raise SourceError(shown, where, f"'{name}' must be a one-line text, got {value!r}")
            else:
                fields[name] = _visible(" ".join(value.split()), name, shown, where)
        elif name == "address":
            fields["address"] = _parse_address_value(value, shown, where)
        elif name == "date":
            fields.update(_parse_date_value(value, shown, where))
        elif name == "authors":
            fields["authors"] = _parse_authors_value(value, shown, where)
        elif name == "language":
            fields["language"] = _parse_language_value(value, shown, where)
    if sum(bool(fields.get(k)) for k in ("merge", "drop")) > 1 or (fields.get("merge") and fields.get("start")):
        raise SourceError(shown, entry_line, "an entry can do only one of 'start', 'merge' and 'drop'")
    return Correction(shown, entry_line, line, **fields)


def _parse_date_value(value: object, shown: PurePosixPath, where: int) -> dict[str, object]:
    if value is None:
        return {"clear_date": True}
    if isinstance(value, dt.datetime):
        return {"date": value.date()}
    if isinstance(value, dt.date):
        return {"date": value}
    if isinstance(value, str):
        try:
            return {"date": dt.date.fromisoformat(value.strip())}
        except ValueError:
            pass
    raise SourceError(shown, where, f"'date' must be an ISO date like 2021-07-15 (or null), got {value!r}")


def _parse_address_value(value: object, shown: PurePosixPath, where: int) -> str:
    if not isinstance(value, str) or not value or slugify(value) != value:
        raise SourceError(shown, where, "'address' must be an article's address as its page URL ends, in lower case, "
                                        f"digits and hyphens (e.g. russia-and-china-sign-a-deal), got {value!r}")
    return value


def _parse_authors_value(value: object, shown: PurePosixPath, where: int) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourceError(shown, where, f"'authors' must be a list of names, got {value!r}")
    return tuple(_visible(" ".join(v.split()), "authors", shown, where) for v in value)


def _visible(text: str, name: str, shown: PurePosixPath, where: int) -> str:
    """The text, refused if it holds characters that could reorder or hide it in the feed, CSV and pages."""
    hidden = invisible_characters(text)
    if hidden:
        raise SourceError(shown, where, f"'{name}' holds invisible control, bidi or zero-width characters "
                                        f"({', '.join(hidden)}): remove them")
    return text

def _parse_language_value(value: object, shown: PurePosixPath, where: int) -> str:
    if not isinstance(value, str) or not is_language_code(value):
        raise SourceError(shown, where, "'language' must be a language code in lower case, ISO 639-1 where the "
                                        f"language has one (en, ru, kk, uz, ky, tg…), got {value!r}")
    return value
