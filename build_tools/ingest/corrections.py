"""Human corrections: small YAML files under corpus/corrections/, one per raw file.

They win over every heuristic and survive re-ingest, because they address
articles by raw line numbers and raw files are kept byte for byte. See
corpus/corrections/README.md for the format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..errors import SourceError, raise_if_any
from ..yamlsource import YamlSource, json_view, load_yaml, validate_against_schema
from .decode import invisible_characters
from .language import is_language_code

SCHEMA = "corrections"
"""corpus/schemas/corrections.schema.json: the shape of a file; this module adds what a schema cannot say."""


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
    # The schema speaks JSON, as the editor does: an unquoted 2021-07-15, which YAML reads as a date, is text.
    raise_if_any(validate_against_schema(replace(source, data=json_view(source.data)), SCHEMA))
    return tuple(_parse_entry(source, index, entry) for index, entry in enumerate(source.data["articles"]))


def _parse_entry(source: YamlSource, index: int, entry: dict) -> Correction:
    """A schema-valid entry as typed values, refused where its values mean nothing."""
    location = ("articles", index)
    fields: dict[str, object] = {}
    for name, value in entry.items():
        where = source.line((*location, name))
        if name in ("start", "merge"):
            fields[name] = value
        elif name == "drop":
            if value is not False and value is not None:
                fields["drop"] = "not an article" if value is True else str(value)
        elif name in ("title", "publication"):
            if value is None:  # the schema allows it for the publication only
                fields["clear_publication"] = True
            else:
                fields[name] = _visible(" ".join(value.split()), name, source.path, where)
        elif name == "address":
            fields["address"] = value
        elif name == "date":
            fields.update(_parse_date_value(value, source.path, where))
        elif name == "authors":
            fields["authors"] = _parse_authors_value(value, source.path, where)
        elif name == "language":
            fields["language"] = _parse_language_value(value, source.path, where)
    return Correction(source.path, source.line(location), int(entry["line"]), **fields)


def _parse_date_value(value: dt.date | str | None, shown: PurePosixPath, where: int) -> dict[str, object]:
    if value is None:
        return {"clear_date": True}
    if isinstance(value, dt.date):
        return {"date": value}
    try:
        return {"date": dt.date.fromisoformat(value)}  # the schema checked the shape, not the calendar
    except ValueError:
        pass
    raise SourceError(shown, where, f"'date' must be an ISO date like 2021-07-15 (or null), got {value!r}")


def _parse_authors_value(value: str | list[str] | None, shown: PurePosixPath, where: int) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if value is None:
        return ()
    return tuple(_visible(" ".join(v.split()), "authors", shown, where) for v in value)


def _visible(text: str, name: str, shown: PurePosixPath, where: int) -> str:
    """The text, refused if it holds characters that could reorder or hide it in the feed, CSV and pages."""
    hidden = invisible_characters(text)
    if hidden:
        raise SourceError(shown, where, f"'{name}' holds invisible control, bidi or zero-width characters "
                                        f"({', '.join(hidden)}): remove them")
    return text


def _parse_language_value(value: str, shown: PurePosixPath, where: int) -> str:
    if not is_language_code(value):
        raise SourceError(shown, where, "'language' must be a language code in lower case, ISO 639-1 where the "
                                        f"language has one (en, ru, kk, uz, ky, tg…), got {value!r}")
    return value
