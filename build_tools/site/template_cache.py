"""The theme's compiled templates, kept for the life of the process.

MkDocs makes a new Jinja environment for every build, so under `make serve` each
save compiled the theme's 49 templates again: 0.37 s of a 2.5 s dirty build at
10,000 articles. Jinja's bytecode cache keys a template by its name and file,
and compiles it again when its source's checksum changed, so an edited template
still shows. Every environment MkDocs makes from one theme has the same settings,
which is what makes their compiled code interchangeable.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    """In memory, for the environments of one process (`hooks.on_env`)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # discarded by the bucket if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()
