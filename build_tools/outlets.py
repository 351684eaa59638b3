"""Outlet profiles (corpus/outlets.yml): who publishes an outlet, where, and what kind of outlet it is.

`load_outlets` reads and checks the file (schema, then no name or alias given to two outlets) and fails with
every `file:line: message` at once; `OutletDirectory` finds an article's outlet profile by its name or an alias,
spelled as the site spells an outlet's page address (case and punctuation aside).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .annotate.taxonomy import _shown as shown_path
from .emit.site_index import named
from .errors import SourceError, raise_if_any
from .models import OutletNote, OutletProfile
from .yamlsource import YamlSource, load_schema, read_yaml, validate_against_schema

OUTLET_KINDS: tuple[str, ...] = tuple(load_schema("outlets")["items"]["properties"]["kind"]["enum"])
"""The kinds an outlet may be (the schema's list), in the order the schema gives them."""


def load_outlets(path: Path, root: Path) -> tuple[OutletProfile, ...]:
    """The profiles in `path`, in file order; none when the file does not exist. Raises BuildFailed."""
    if not path.exists():
        return ()
    source, errors = read_yaml(path, shown_path(path, root))
    if source is None:
        raise_if_any(errors)
    source = YamlSource(source.path, source.data if source.data is not None else [], source.lines)
    raise_if_any([*errors, *validate_against_schema(source, "outlets")])
    profiles = tuple(_profile(entry, source.line((index,)) or 1) for index, entry in enumerate(source.data))
    raise_if_any(_shared_names(profiles, source.path))
    return profiles


def _profile(entry: dict, line: int) -> OutletProfile:
    return OutletProfile(
        entry["name"], line, tuple(entry.get("aliases", ())), entry.get("country", ""),
        tuple(entry.get("languages", ())), entry.get("owner", ""), entry.get("kind", ""),
        tuple(entry.get("references", ())),
        tuple(OutletNote(note["text"], note["reference"]) for note in entry.get("notes", ())))


def _spellings(profile: OutletProfile) -> Iterable[str]:
    return (profile.name, *profile.aliases)


def _shared_names(profiles: Iterable[OutletProfile], shown: PurePosixPath) -> list[SourceError]:
    """A name or alias that two entries give would make an outlet's profile depend on the file's order."""
    owner: dict[str, OutletProfile] = {}
    errors = []
    for profile in profiles:
        for spelling in _spellings(profile):
            first = owner.setdefault(named(spelling).slug, profile)
            if first is not profile:
                errors.append(SourceError(shown, profile.line, f"'{profile.name}': '{spelling}' already names "
                                                               f"'{first.name}' (line {first.line})"))
    return errors


class OutletDirectory:
    """The profiles by the address of their outlet's page."""

    def __init__(self, profiles: tuple[OutletProfile, ...]):
        self.profiles = profiles
        self.by_slug = {named(spelling).slug: profile for profile in profiles for spelling in _spellings(profile)}

    def profile(self, outlet: str | None) -> OutletProfile | None:
        return self.by_slug.get(named(outlet).slug) if outlet else None

    def kind(self, outlet: str | None) -> str:
        profile = self.profile(outlet)
        return profile.kind if profile else ""

