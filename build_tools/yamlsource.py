"""Read a contributor's YAML file into plain data plus the line of every entry and key.

The one loader for every file a contributor edits (taxonomy, corrections, ingest
rules, corpus/config.yml, hand-written pages' front matter), so that all of them
refuse the same things with the same `file:line: message`:
- bytes that are not UTF-8, and YAML syntax errors;
- anchors and aliases (`&x`, `*x`): nested aliases expand exponentially (a 556-byte
  file filled 3.5 GB), and no contributor file needs them; refused before anything
  is expanded, so no message can print an expanded value;
- tags that name no plain type (`!!python/object`), and nesting too deep to read;
- a key written twice in one mapping, which YAML would silently resolve to the last.

Errors must name the line a contributor edits, so the file is composed into
nodes first (each node knows its position) and only then constructed. Each kind of
file is then checked against its JSON Schema in corpus/schemas/ (`validate_against_schema`),
whose errors name the line of the offending entry too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import yaml

from .errors import SourceError

Path_ = tuple[str | int, ...]
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "corpus" / "schemas"
"""The JSON Schema of each kind of contributor file: <kind>.schema.json."""


@dataclass(frozen=True)
class YamlSource:
    path: PurePosixPath
    """Relative to the repository, as printed in errors."""
    data: Any
    lines: dict[Path_, int]
    """1-based line of the node at each path: () is the document, (3, "aliases", 0) an alias."""

    def line(self, location: Path_) -> int | None:
        """The line of `location`, or of its nearest ancestor that has one."""
        location = tuple(location)
        while location not in self.lines and location:
            location = location[:-1]
        return self.lines.get(location)

    def error(self, location: Path_, message: str) -> SourceError:
        return SourceError(self.path, self.line(location), message)


class _Refused(yaml.MarkedYAMLError):
    """A construct the loader does not accept, at the event's position."""


class _ContributorLoader(yaml.SafeLoader):
    """SafeLoader that stops at the first anchor or alias, before it can be expanded."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(problem="anchors and aliases (&name, *name) are not allowed: write the value out",
                           problem_mark=event.start_mark)
        return super().compose_node(parent, index)

    def construct_undefined(self, node):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(problem=f"unknown tag '{tag}': only plain values, lists and mappings are read",
                       problem_mark=node.start_mark)


_ContributorLoader.add_constructor(None, _ContributorLoader.construct_undefined)


def read_yaml(path: Path, shown: PurePosixPath) -> tuple[YamlSource | None, list[SourceError]]:
    """`parse_yaml` of a file's text; a file that cannot be read or is not UTF-8 is an error, not a traceback."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [SourceError(shown, None, f"cannot read the file: {error.strerror or error}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [SourceError(shown, line, f"not valid UTF-8 (byte 0x{raw[error.start]:02x}): "
                                               "save the file as UTF-8")]
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: PurePosixPath, *, first_line: int = 1
               ) -> tuple[YamlSource | None, list[SourceError]]:
    """Parse `text`, whose first line is line `first_line` of `shown`; return the source, or None and the
    errors. Duplicate keys are errors that come with the source."""
    try:
        loader = _ContributorLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        return None, [SourceError(shown, _error_line(error, text, first_line), f"invalid YAML: {_problem(error)}")]
    except RecursionError:
        return None, [SourceError(shown, first_line, "invalid YAML: nested too deeply")]
    lines: dict[Path_, int] = {}
    errors: list[SourceError] = []
    if node is not None:
        _record_lines(node, (), lines, errors, shown, first_line - 1)
    return YamlSource(shown, data, lines), errors


def load_yaml(path: Path, shown: PurePosixPath) -> YamlSource:
    """`read_yaml` for a file whose first problem stops its reader; raises it as a SourceError."""
    source, errors = read_yaml(path, shown)
    if errors:
        raise errors[0]
    return source


def require_mapping(source: YamlSource, what: str) -> dict:
    """The source's data if it is a mapping (an empty file is an empty one); else an error naming `what`."""
    if source.data is None:
        return {}
    if not isinstance(source.data, dict):
        raise source.error((), f"expected {what}, got {_kind(source.data)}")
    return source.data


def _kind(value: Any) -> str:
    return {list: "a list", str: "a text", int: "a number", float: "a number", bool: "true or false"
            }.get(type(value), f"a {type(value).__name__}")


def _error_line(error: yaml.YAMLError, text: str, first_line: int) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return mark.line + first_line
    position = getattr(error, "position", None)  # a ReaderError: a character YAML does not allow
    return text.count("\n", 0, position) + first_line if position is not None else None


def _problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.reader.ReaderError):
        return f"character U+{error.character:04X} is not allowed in YAML"
    return getattr(error, "problem", None) or str(error)


def _record_lines(node: yaml.Node, location: Path_, lines: dict[Path_, int],
                  errors: list[SourceError], shown: PurePosixPath, offset: int) -> None:
    lines[location] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _record_lines(child, (*location, index), lines, errors, shown, offset)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                errors.append(SourceError(shown, key_node.start_mark.line + 1 + offset,
                                          f"duplicate key '{key}': the first would be silently lost"))
            seen.add(key)
            _record_lines(value_node, (*location, key), lines, errors, shown, offset)
            # A key's own line is more useful than its value's when the value is a block.
            lines[(*location, key)] = key_node.start_mark.line + 1 + offset


@cache
def load_schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def validate_against_schema(source: YamlSource, kind: str) -> list[SourceError]:
    validator = jsonschema.Draft202012Validator(load_schema(kind))
    found = sorted(validator.iter_errors(source.data), key=lambda e: [str(p) for p in e.absolute_path])
    return [source.error(_location(error), _describe(error)) for error in found]


def _location(error: jsonschema.ValidationError) -> Path_:
    """Where the contributor must edit: an unknown field's own line rather than its entry's."""
    where = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        return (*where, str(extra[0])) if extra else where
    return where


def json_view(value: Any) -> Any:
    """YAML dates and other scalars as JSON Schema sees them in the editor (strings)."""
    if isinstance(value, dict):
        return {str(k): json_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_view(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "document"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        return f"{where}: unknown field(s) {', '.join(map(repr, extra))}; allowed: {', '.join(allowed)}"
    if error.validator in ("pattern", "oneOf") and "description" in error.schema:  # say what the value is for
        return f"{where}: {error.message}: {error.schema['description']}"
    if error.validator == "not" and "description" in error.validator_value:  # the forbidden case, said plainly
        return f"{where}: {error.validator_value['description']}"
    return f"{where}: {error.message}"
