"""load_taxonomy: corpus/taxonomy/*.yml -> a validated `Taxonomy`, or every problem at once.

Three layers of checks, all collected before failing:
1. YAML syntax and duplicate keys (yamlsource),
2. the JSON Schemas in corpus/schemas/ (shape, unknown fields, types) - the same
   files editors use through the VS Code YAML extension,
3. semantic rules the schema cannot state: unique names and slugs, a term claimed
   by two actors, an unknown `country`, ambiguity terms that are not the actor's.
Harmless oddities (a not_in phrase that the actor's names and vetoes already leave out) are
not errors; `lint_taxonomy` lists them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from slugify import slugify

from ..errors import SourceError, raise_if_any, warning
from ..models import (Actor, ActorId, ActorType, Ambiguity, Cue, LanguageRules, RelationCues, Taxonomy, Topic,
                      TopicId, TopicTerm)
from ..yamlsource import YamlSource, read_yaml, validate_against_schema
from .inflection import cldr_names, known_territory, name_words, parse_language_rules
from .matcher import ActorMatcher, term_variants
from .normalize import fold_text
from .quotes import parse_speech_rules
from .stemming import stem
from .topics import term_key

LIST_PAGE_SLUG = "index"
"""The slug of each kind's list page (actors/index.md): no actor or topic may have it."""
TERM_FIELDS = ("aliases", "abbreviations", "demonyms", "metonyms", "former_names")


def load_taxonomy(taxonomy_dir: Path, root: Path) -> Taxonomy:
    """Load actors/*.yml, topics.yml, relations.yml, inflection.yml and speech.yml; raise BuildFailed listing all problems."""
    errors: list[SourceError] = []
    actor_sources = [_read(path, root, "actors", errors)
                     for path in sorted((taxonomy_dir / "actors").glob("*.yml"))]
    if not actor_sources:
        errors.append(SourceError(_shown(taxonomy_dir / "actors", root), None, "no actor files (*.yml)"))
    # inflection.yml is optional: without it, names in other languages match only as written.
    inflection_file = taxonomy_dir / "inflection.yml"
    inflection_source = _read(inflection_file, root, "inflection", errors) if inflection_file.exists() else None
    inflection = parse_language_rules(inflection_source.data["languages"]) if inflection_source else ()
    actors = _build_actors([s for s in actor_sources if s is not None], inflection, errors)
    topics_file, relations_file = taxonomy_dir / "topics.yml", taxonomy_dir / "relations.yml"
    # topics.yml and relations.yml are optional: without them no topic or relation is read.
    topics_source = _read(topics_file, root, "topics", errors) if topics_file.exists() else None
    relations_source = _read(relations_file, root, "relations", errors) if relations_file.exists() else None
    topics = _build_topics(topics_source, errors) if topics_source else ()
    cues = _build_cues(relations_source, errors) if relations_source else RelationCues((), ())
    # speech.yml is optional: without it no quotation is attributed.
    speech_file = taxonomy_dir / "speech.yml"
    speech_source = _read(speech_file, root, "speech", errors) if speech_file.exists() else None
    speech = parse_speech_rules(speech_source.data["languages"]) if speech_source else ()
    raise_if_any(errors)
    return Taxonomy(actors, topics, cues, inflection, speech)


# --------------------------------------------------------------------------- reading


def _shown(path: Path, root: Path) -> PurePosixPath:
    try:
        return PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return PurePosixPath(path.as_posix())


def _read(path: Path, root: Path, kind: str, errors: list[SourceError]) -> YamlSource | None:
    """Parse and schema-check one file; None (with errors recorded) if it cannot be used."""
    shown = _shown(path, root)
    source, problems = read_yaml(path, shown)
    errors.extend(problems)
    if source is None:
        return None
    if source.data is None:
        source = YamlSource(source.path, {} if kind == "relations" else [], source.lines)
    schema_errors = validate_against_schema(source, kind)
    errors.extend(schema_errors)
    return None if schema_errors else source


# --------------------------------------------------------------------------- actors


def _build_actors(sources: list[YamlSource], inflection: tuple[LanguageRules, ...],
                  errors: list[SourceError]) -> tuple[Actor, ...]:
    located: list[tuple[Actor, dict[str, Any], YamlSource, int]] = []
    for source in sources:
        for index, entry in enumerate(source.data):
            actor = _with_cldr_names(_actor(entry, source, index), inflection, source, index, errors)
            located.append((actor, entry, source, index))
    _check_unique_names(located, errors)
    by_name = {actor.name: actor for actor, *_ in located}
    actors = []
    for actor, entry, source, index in located:
        actors.append(_link_country(actor, entry, by_name, source, index, errors))
        _check_ambiguity(actor, source, index, errors)
        _check_abbreviations(actor, source, index, errors)
    _check_term_claims(located, errors)
    _check_name_claims(located, inflection, errors)
    return tuple(actors)


def _actor(entry: dict[str, Any], source: YamlSource, index: int) -> Actor:
    ambiguity = entry.get("ambiguity", {})
    return Actor(
        id=ActorId(slugify(entry["name"])), name=entry["name"], type=ActorType(entry["type"]),
        description=entry["description"].strip(),
        **{name: tuple(entry.get(name, ())) for name in TERM_FIELDS},
        wikidata=entry.get("wikidata"), iso=entry.get("iso"),
        names=tuple((language, tuple(names)) for language, names in sorted(entry.get("names", {}).items())),
        ambiguity=Ambiguity(not_in=tuple(ambiguity.get("not_in", ())),
                            veto_near=tuple(ambiguity.get("veto_near", ())),
                            terms=tuple(ambiguity.get("terms", ())),
                            window=ambiguity.get("window", 12)),
        source=source.path, line=source.line((index,)) or 0)


def _with_cldr_names(actor: Actor, inflection: tuple[LanguageRules, ...], source: YamlSource, index: int,
                     errors: list[SourceError]) -> Actor:
    """The actor with its country's CLDR territory names added after the hand-written ones."""
    if actor.iso is None:
        return actor
    if actor.type is not ActorType.COUNTRY or not known_territory(actor.iso):
        problem = "only a country has an ISO code" if actor.type is not ActorType.COUNTRY else \
            f"'{actor.iso}' is not an ISO 3166 territory code that CLDR knows"
        errors.append(source.error((index, "iso"), f"'{actor.name}': {problem}"))
        return actor
    names = dict(actor.names)
    for rules in inflection:
        found = cldr_names(actor.iso, rules)
        if found:
            names[rules.language] = tuple(dict.fromkeys((*names.get(rules.language, ()), *found)))
    return Actor(**{**actor.__dict__, "names": tuple(sorted(names.items()))})


def _check_name_claims(located, inflection: tuple[LanguageRules, ...], errors: list[SourceError]) -> None:
    """A name (in any language, as its words are matched) or English term may belong to one actor only."""
    rules_by_language = {rules.language: rules for rules in inflection}
    claims: dict[str, tuple[Actor, str]] = {}
    for actor, _, _, _ in located:
        for term in actor.terms:
            claims.setdefault(_key(term), (actor, term))
    for actor, entry, source, index in located:
        for language, names in actor.names:
            rules = rules_by_language.get(language, LanguageRules(language))
            for name in names:
                written = name in entry.get("names", {}).get(language, ())
                where = (index, "names", language, entry["names"][language].index(name)) if written else (index, "iso")
                if not name_words(name, rules):
                    errors.append(source.error(where, f"'{actor.name}': name '{name}' has no letters or digits"))
                    continue
                owner = claims.setdefault(_key(name), (actor, name))
                if owner[0].id != actor.id:
                    errors.append(source.error(where, f"'{actor.name}': name '{name}' ({language}) is also claimed by "
                                               f"'{owner[0].name}' ('{owner[1]}', {owner[0].source}:{owner[0].line})"))


def _check_unique_names(located, errors: list[SourceError]) -> None:
    first_by_slug: dict[str, tuple[Actor, YamlSource]] = {}
    for actor, _, source, index in located:
        if not actor.id:
            errors.append(source.error((index, "name"), f"name '{actor.name}' has an empty slug"))
            continue
        if actor.id == LIST_PAGE_SLUG:
            errors.append(source.error((index, "name"), _takes_list_page(actor.name, "actors")))
            continue
        earlier = first_by_slug.get(actor.id)
        if earlier is None:
            first_by_slug[actor.id] = (actor, source)
            continue
        what = "duplicate actor name" if earlier[0].name == actor.name else "actor slug collides with"
        errors.append(source.error((index, "name"), f"{what} '{earlier[0].name}' "
                                   f"({earlier[1].path}:{earlier[0].line}); both would be /{actor.id}/"))


def _takes_list_page(name: str, kind: str) -> str:
    return f"name '{name}' would take the address of the {kind} list ({kind}/{LIST_PAGE_SLUG}/): rename it"


def _link_country(actor: Actor, entry: dict[str, Any], by_name: dict[str, Actor],
                  source: YamlSource, index: int, errors: list[SourceError]) -> Actor:
    name = entry.get("country")
    if name is None:
        return actor
    if actor.type is ActorType.COUNTRY:
        errors.append(source.error((index, "country"), f"'{actor.name}': a country cannot have a country"))
        return actor
    country = by_name.get(name)
    if country is None or country.type is not ActorType.COUNTRY:
        problem = "is not an actor" if country is None else f"is a {country.type}, not a country"
        errors.append(source.error((index, "country"), f"'{actor.name}': country '{name}' {problem}"))
        return actor
    return Actor(**{**actor.__dict__, "country": country.id})


def _check_ambiguity(actor: Actor, source: YamlSource, index: int, errors: list[SourceError]) -> None:
    folded_terms = {_key(term) for term in (*actor.terms, *(name for _, names in actor.names for name in names))}
    for position, term in enumerate(actor.ambiguity.terms):
        if _key(term) not in folded_terms:
            errors.append(source.error((index, "ambiguity", "terms", position),
                                       f"'{actor.name}': ambiguity term '{term}' is not one of its terms"))
    if actor.ambiguity.terms and not actor.ambiguity.veto_near:
        errors.append(source.error((index, "ambiguity", "terms"),
                                   f"'{actor.name}': ambiguity.terms without veto_near has no effect"))


def _check_abbreviations(actor: Actor, source: YamlSource, index: int, errors: list[SourceError]) -> None:
    for position, term in enumerate(actor.abbreviations):
        if not any(ch.isupper() for ch in term):
            errors.append(source.error((index, "abbreviations", position),
                                       f"'{actor.name}': abbreviation '{term}' has no capital letter "
                                       "(abbreviations match case-sensitively; use aliases)"))


def _check_term_claims(located, errors: list[SourceError]) -> None:
    claims: dict[str, tuple[Actor, str]] = {}
    reported: set[tuple[str, str, str]] = set()
    for actor, entry, source, index in located:
        for field_name, position, term in _entry_terms(entry):
            if not _key(term):
                errors.append(source.error((index, field_name, position),
                                           f"'{actor.name}': term '{term}' has no letters or digits"))
                continue
            for variant in sorted(term_variants(term, abbreviation=field_name == "abbreviations")):
                owner = claims.setdefault(variant, (actor, term))
                if owner[0].id == actor.id or (owner[0].id, actor.id, variant.lower()) in reported:
                    continue
                reported.add((owner[0].id, actor.id, variant.lower()))
                errors.append(source.error(
                    (index, field_name, position) if field_name != "name" else (index, "name"),
                    f"'{actor.name}': term '{term}' is also claimed by '{owner[0].name}' "
                    f"('{owner[1]}', {owner[0].source}:{owner[0].line})"))


def _entry_terms(entry: dict[str, Any]) -> Iterable[tuple[str, int, str]]:
    yield "name", 0, entry["name"]
    for field_name in TERM_FIELDS:
        for position, term in enumerate(entry.get(field_name, ())):
            yield field_name, position, term


def _key(term: str) -> str:
    """Case- and punctuation-insensitive form of a term, words separated by single spaces."""
    return " ".join(fold_text(term).lowered.split())


# --------------------------------------------------------------------------- topics and cues


def _build_topics(source: YamlSource, errors: list[SourceError]) -> tuple[Topic, ...]:
    topics: list[Topic] = []
    seen: dict[str, Topic] = {}
    for index, entry in enumerate(source.data):
        exact = set(entry.get("exact", ()))
        topic = Topic(id=TopicId(slugify(entry["name"])), name=entry["name"],
                      description=entry["description"].strip(),
                      terms=_topic_terms(entry["terms"], exact),
                      negative_terms=_topic_terms(entry.get("negative_terms", {}), exact),
                      threshold=entry["threshold"], source=source.path,
                      line=source.line((index,)) or 0)
        if topic.id == LIST_PAGE_SLUG:
            errors.append(source.error((index, "name"), _takes_list_page(topic.name, "topics")))
        earlier = seen.setdefault(topic.id, topic)
        if earlier is not topic:
            errors.append(source.error((index, "name"), f"topic '{topic.name}' collides with "
                                       f"'{earlier.name}' (line {earlier.line}); both would be /{topic.id}/"))
        _check_topic_terms(topic, entry, source, index, errors)
        topics.append(topic)
    return tuple(topics)


def upgrade_topics_file(path: Path) -> None:
    """Rewrite a topics.yml from before terms were grouped by language (flat `term: weight`
    maps) into today's format, reading its terms as English. For `diff` against a base ref
    older than the format; a file already grouped is left as it is."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    if not isinstance(entries, list):
        return
    flat = [(entry, group) for entry in entries if isinstance(entry, dict)
            for group in ("terms", "negative_terms")
            if isinstance(entry.get(group), dict) and entry[group]
            and all(isinstance(weight, int) for weight in entry[group].values())]
    for entry, group in flat:
        entry[group] = {"en": entry[group]}
    if flat:
        path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _topic_terms(by_language: dict[str, dict[str, int]], exact: set[str]) -> tuple[TopicTerm, ...]:
    return tuple(TopicTerm(term, weight, language, term in exact)
                 for language, weights in by_language.items() for term, weight in weights.items())


def _check_topic_terms(topic: Topic, entry: dict[str, Any], source: YamlSource, index: int,
                       errors: list[SourceError]) -> None:
    """A term is listed under one language only, has letters or digits, is not in both terms and
    negative_terms (by what it matches), and every `exact` entry is one of the topic's terms."""
    owner = f"topic '{topic.name}'"
    language_of: dict[str, str] = {}
    group_of: dict[str, tuple[str, str]] = {}
    for group, terms in (("terms", topic.terms), ("negative_terms", topic.negative_terms)):
        for term in terms:
            where = (index, group, term.language, term.text)
            earlier_language = language_of.setdefault(term.text, term.language)
            if earlier_language != term.language:
                errors.append(source.error(where, f"{owner}: '{term.text}' is listed under both "
                                                  f"{earlier_language} and {term.language}"))
            key = term_key(term.text, term.exact)
            if not key:
                errors.append(source.error(where, f"{owner}: '{term.text}' has no letters or digits"))
                continue
            earlier = group_of.setdefault(key, (group, term.text))
            if earlier[0] != group:
                errors.append(source.error(where, f"{owner}: '{term.text}' is in both {earlier[0]} "
                                                  f"('{earlier[1]}') and {group}: they match the same words"))
    for position, term in enumerate(entry.get("exact", ())):
        if term not in language_of:
            errors.append(source.error((index, "exact", position),
                                       f"{owner}: exact term '{term}' is not one of its terms or negative_terms"))


def _build_cues(source: YamlSource, errors: list[SourceError]) -> RelationCues:
    groups = {group: _cues_by_language(source, group, errors) for group in ("cooperation", "conflict", "membership")}
    negators, mutual = (tuple(Cue(word, 1, language) for language, words in source.data.get(group, {}).items()
                              for word in words) for group in ("negators", "mutual"))
    reading_of: dict[tuple[str, str], str] = {}
    for group in ("cooperation", "conflict", "membership"):
        for cue in groups[group]:
            key = (cue.language, " ".join(stem(word, cue.language) for word in _key(cue.term).split()))
            location = (group, cue.term) if isinstance(source.data[group].get(cue.term), int) else \
                (group, cue.language, cue.term)
            if not key[1]:
                errors.append(source.error(location, f"relation cues: '{cue.term}' has no letters or digits"))
            elif reading_of.setdefault(key, group) != group:
                errors.append(source.error(location, f"relation cues: '{cue.term}' ({cue.language}) is in both "
                                                     f"{reading_of[key]} and {group} (cues match on word stems)"))
    for language, words in source.data.get("mutual", {}).items():
        for position, term in enumerate(words):
            if reading_of.get((language, " ".join(stem(word, language) for word in _key(term).split()))) != "conflict":
                errors.append(source.error(("mutual", language, position),
                                           f"relation cues: mutual '{term}' ({language}) is not a conflict cue"))
    return RelationCues(groups["cooperation"], groups["conflict"], groups["membership"], negators, mutual)


def _cues_by_language(source: YamlSource, group: str, errors: list[SourceError]) -> tuple[Cue, ...]:
    """`group`'s cues: `{language: {term: weight}}`, or a flat `term: weight`, which is English."""
    cues = []
    for key, value in source.data.get(group, {}).items():
        if isinstance(value, int):
            cues.append(Cue(key, value, "en"))
        elif re.fullmatch(r"[a-z]{2}", key):
            cues += (Cue(term, weight, key) for term, weight in value.items())
        else:
            errors.append(source.error((group, key), f"relation cues: '{key}' is not a language code "
                                                     "(two letters, ISO 639-1) nor a term with a weight"))
    return tuple(cues)


def _check_weights(source: YamlSource, location: tuple, groups, owner: str,
                   errors: list[SourceError]) -> None:
    """A term may not be in two groups (terms and negative_terms, cooperation and conflict).

    Within one group, spellings that fold alike ("rare earth", "rare-earth") are one
    term, counted once: harmless, so `lint_taxonomy` reports them instead.
    """
    group_of: dict[str, tuple[str, str]] = {}
    for group, weights in groups:
        for term, _ in weights:
            key = _key(term)
            if not key:
                errors.append(source.error((*location, group, term), f"{owner}: '{term}' has no letters or digits"))
                continue
            earlier = group_of.setdefault(key, (group, term))
            if earlier[0] != group:
                errors.append(source.error((*location, group, term),
                                           f"{owner}: '{term}' is in both {earlier[0]} ('{earlier[1]}') and {group}"))


def lint_taxonomy(taxonomy: Taxonomy) -> list[SourceError]:
    """Warnings that do not stop a build: rules that can never apply."""
    warnings = []
    for actor in (actor for actor in taxonomy.actors if actor.ambiguity.not_in):
        # A phrase matters only if the actor's own terms and names, in any language and
        # inflection, find the actor in it: ask a matcher of this actor alone, without its phrases.
        unclaimed = ActorMatcher(replace(taxonomy, actors=(
            replace(actor, ambiguity=replace(actor.ambiguity, not_in=())),)))
        for phrase in actor.ambiguity.not_in:
            if not unclaimed.find_mentions(phrase):
                warnings.append(warning(actor.source, actor.line, f"'{actor.name}': not_in phrase "
                                        f"'{phrase}' is not read as this actor even without it, so it never applies"))
    # A Kazakh or Uzbek term may share a Russian term's stem ("Сырдария", "Сырдарья") and still
    # be needed: its own suffixes attach to its own spelling ("Сырдарияның").
    suffixed = {rules.language for rules in taxonomy.inflection if rules.endings}
    for topic in taxonomy.topics:
        for group, terms in (("terms", topic.terms), ("negative_terms", topic.negative_terms)):
            first: dict[str, str] = {}
            for term in terms:
                if term.language in suffixed and not term.exact:
                    continue
                earlier = first.setdefault(term_key(term.text, term.exact), term.text)
                if earlier != term.text:
                    warnings.append(warning(topic.source, topic.line, f"topic '{topic.name}': {group} "
                                            f"'{term.text}' matches the same words as '{earlier}' (same stems); "
                                            f"only '{earlier}' counts"))
    return warnings
