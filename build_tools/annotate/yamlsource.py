"""Read a YAML file into plain data plus the line of every entry and key.

Errors must name the line a contributor edits, so the file is composed into
nodes first (each node knows its position) and only then constructed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from ..errors import SourceError

Path_ = tuple[str | int, ...]


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


def parse_yaml(text: str, shown: PurePosixPath) -> tuple[YamlSource | None, list[SourceError]]:
    """Parse `text`; return the source, or None and the errors (bad YAML, duplicate keys)."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        return None, [SourceError(shown, mark.line + 1 if mark else None, f"invalid YAML: {problem}")]
    lines: dict[Path_, int] = {}
    errors: list[SourceError] = []
    if node is not None:
        _record_lines(node, (), lines, errors, shown)
    return YamlSource(shown, data, lines), errors


def _record_lines(node: yaml.Node, location: Path_, lines: dict[Path_, int],
                  errors: list[SourceError], shown: PurePosixPath) -> None:
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _record_lines(child, (*location, index), lines, errors, shown)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                errors.append(SourceError(shown, key_node.start_mark.line + 1, f"duplicate key '{key}'"))
            seen.add(key)
            _record_lines(value_node, (*location, key), lines, errors, shown)
            # A key's own line is more useful than its value's when the value is a block.
            lines[(*location, key)] = key_node.start_mark.line + 1
