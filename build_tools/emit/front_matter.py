"""Hand-written pages' front matter, as `check` validates it, briefs read it and MkDocs gets it.

The same checks in every place (the one YAML loader, `yamlsource`, then
corpus/schemas/page.schema.json), so that a page `check` passes builds and a
page the build refuses fails `check` with the same `file:line: message`.

MkDocs gets each page with its front matter written again, every string
HTML-escaped, as generated pages' is (`markdown.render_front_matter`): the
theme prints front matter into attributes and meta tags as it finds it
(`og:title`, `citation_author`, `<meta name="description">`...), so a title
such as `B "><script>` would otherwise close the attribute and run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import PurePosixPath

import jsonschema

from ..errors import SourceError, raise_if_any
from ..yamlsource import YamlSource, json_view, load_schema, parse_yaml
from .markdown import render_front_matter

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter YAML or None, body). The YAML starts on line 2 of the file."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end():]


def decode_page(shown: PurePosixPath, raw: bytes) -> str:
    """A page's text; bytes that are not UTF-8 are an error naming their line."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(shown, raw.count(b"\n", 0, error.start) + 1,
                          f"not valid UTF-8 (byte 0x{raw[error.start]:02x}): save the page as UTF-8") from None


def parse_front_matter(shown: PurePosixPath, text: str) -> tuple[YamlSource | None, list[SourceError]]:
    """The page's front matter, checked for shape; None without front matter or with errors."""
    yaml_text, _ = split_front_matter(text)
    if yaml_text is None:
        if text.startswith("---"):
            return None, [SourceError(shown, 1, "front matter is not closed: add a line '---' after it")]
        return None, []
    source, errors = parse_yaml(yaml_text, shown, first_line=2)  # line 1 is the opening '---'
    if errors or source is None:
        return None, [SourceError(shown, error.line, f"front matter: {error.message}") for error in errors]
    if source.data is None:
        return None, []
    if not isinstance(source.data, dict):
        return None, [SourceError(shown, 2, "front matter must be a mapping of keys to values")]
    errors = schema_errors(source)
    return (None if errors else source), errors


def schema_errors(source: YamlSource) -> list[SourceError]:
    schema = load_schema("page")
    known = sorted(schema["properties"])
    errors = []
    validator = jsonschema.validators.validator_for(schema)(schema)
    for error in validator.iter_errors(json_view(source.data)):
        if error.validator == "additionalProperties":
            for key in sorted(set(source.data) - set(known), key=str):
                hint = difflib.get_close_matches(str(key), known, n=1)
                did_you_mean = f"did you mean '{hint[0]}'? " if hint else ""
                errors.append(source.error((str(key),), f"unknown front-matter key '{key}' "
                                                        f"({did_you_mean}known: {', '.join(known)})"))
            continue
        where = tuple(error.absolute_path)
        label = ".".join(map(str, where)) or "front matter"
        errors.append(source.error(where, f"front matter '{label}': {error.message}"))
    return errors


def stage_hand_written(files: Mapping[PurePosixPath, bytes], docs: PurePosixPath) -> dict[PurePosixPath, bytes]:
    """The hand-written files as MkDocs gets them: each Markdown page's front matter checked and escaped.
    `docs` is the docs folder as errors name it. Raises BuildFailed listing every bad page."""
    staged, errors = dict(files), []
    for path, raw in files.items():
        if path.suffix != ".md":
            continue
        try:
            text = decode_page(docs / path, raw)
        except SourceError as error:
            errors.append(error)
            continue
        source, problems = parse_front_matter(docs / path, text)
        errors += problems
        if source is not None:
            _, body = split_front_matter(text)
            staged[path] = (str(render_front_matter(source.data)) + body).encode("utf-8")
    raise_if_any(errors)
    return staged
