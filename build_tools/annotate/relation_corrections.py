"""Contributors' corrections of relation readings: corpus/corrections/relations/*.yml.

Readings are automatic; when one is wrong, a contributor names the pair, the sentence
(whole, or a fragment found in no other sentence of the pair) and the right reading:

    - actors: [Russia, North Atlantic Treaty Organization]   # names or ids
      sentence: "via NATO member Turkiye"
      reading: neutral
      note: NATO is named as Turkey's alliance, not as Russia's opponent

A correction wins over the cues and survives every rebuild. Problems are `file:line`
errors: a file the schema rejects (a bad reading), an actor the taxonomy does not have,
a sentence no evidence of the pair contains (`check` already says when no article has it),
a fragment in several of the pair's sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..errors import SourceError, raise_if_any
from ..models import ActorId, Article, Corpus, Reading, RelationEvidence, Taxonomy
from ..yamlsource import parse_yaml, validate_against_schema

FOLDER = PurePosixPath("relations")
"""Inside corpus/corrections/, beside the raw files' corrections (which are named after raw files)."""


@dataclass(frozen=True)
class RelationCorrection:
    source: PurePosixPath
    line: int
    pair: tuple[ActorId, ActorId]
    """Sorted, as in `RelationEvidence.actors`."""
    sentence: str
    """Whitespace collapsed, as evidence sentences are."""
    reading: Reading
    note: str = ""

    def error(self, message: str) -> SourceError:
        return SourceError(self.source, self.line, message)


def correction_files(corrections_dir: Path) -> list[Path]:
    return sorted((corrections_dir / FOLDER).glob("*.yml"))


def load_relation_corrections(corrections_dir: Path, root: Path, taxonomy: Taxonomy) -> tuple[RelationCorrection, ...]:
    """Every correction under `corrections_dir`/relations/; BuildFailed listing every problem."""
    errors: list[SourceError] = []
    corrections: list[RelationCorrection] = []
    actor_ids = _actor_ids(taxonomy)
    for path in correction_files(corrections_dir):
        shown = PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix()) \
            if path.resolve().is_relative_to(root.resolve()) else PurePosixPath(path.as_posix())
        source, problems = parse_yaml(path.read_text(encoding="utf-8"), shown)
        errors += problems
        if source is None or problems:
            continue
        schema_errors = validate_against_schema(source, "relation_corrections") if source.data is not None else []
        errors += schema_errors
        for index, entry in enumerate(() if schema_errors or source.data is None else source.data):
            unknown = [name for name in entry["actors"] if name.casefold() not in actor_ids]
            errors += [source.error((index, "actors"), f"unknown actor '{name}': use its name or id from "
                                                       "corpus/taxonomy/actors/") for name in unknown]
            pair = tuple(sorted(actor_ids.get(name.casefold(), ActorId(name)) for name in entry["actors"]))
            if not unknown and pair[0] == pair[1]:
                errors.append(source.error((index, "actors"), "names one actor twice; a relation needs two"))
            corrections.append(RelationCorrection(shown, source.line((index,)) or 0, pair,  # type: ignore[arg-type]
                                                  " ".join(entry["sentence"].split()), Reading(entry["reading"]),
                                                  entry.get("note", "")))
    raise_if_any(errors)
    return tuple(corrections)


def _actor_ids(taxonomy: Taxonomy) -> dict[str, ActorId]:
    """Case-folded name or id -> id."""
    ids = {actor.id.casefold(): actor.id for actor in taxonomy.actors}
    ids.update({actor.name.casefold(): actor.id for actor in taxonomy.actors})
    return ids


def unfound_sentences(corrections: Iterable[RelationCorrection], articles: Sequence[Article]) -> list[SourceError]:
    """A correction whose sentence no article contains (`check`, which does not annotate)."""
    texts = [" ".join(article.text.split()) for article in articles]
    return [correction.error(f"sentence not found in any article: '{correction.sentence[:80]}'")
            for correction in corrections if not any(correction.sentence in text for text in texts)]


def correct_readings(corpus: Corpus, corrections: Sequence[RelationCorrection]) -> Corpus:
    """`corpus` with each correction's reading on the evidence it names; BuildFailed if one names none, or
    a fragment is in several of the pair's sentences."""
    if not corrections:
        return corpus
    by_pair: dict[tuple[ActorId, ActorId], list[RelationCorrection]] = {}
    for correction in corrections:
        by_pair.setdefault(correction.pair, []).append(correction)
    matched: dict[RelationCorrection, set[str]] = {correction: set() for correction in corrections}
    articles = []
    for item in corpus.articles:
        relations = tuple(_corrected(evidence, by_pair.get(evidence.actors, ()), matched)
                          for evidence in item.relations)
        articles.append(item if relations == item.relations else replace(item, relations=relations))
    errors = [correction.error(f"no sentence naming {corpus.taxonomy.actor(correction.pair[0]).name} and "
                               f"{corpus.taxonomy.actor(correction.pair[1]).name} contains "
                               f"'{correction.sentence[:80]}'") for correction, found in matched.items() if not found]
    errors += [correction.error(f"'{correction.sentence[:80]}' is in {len(found)} sentences of the pair; quote "
                                "more of the one you mean") for correction, found in matched.items() if len(found) > 1]
    raise_if_any(errors)
    return replace(corpus, articles=tuple(articles))


def _corrected(evidence: RelationEvidence, corrections: Iterable[RelationCorrection],
               matched: dict[RelationCorrection, set[str]]) -> RelationEvidence:
    for correction in corrections:
        if correction.sentence in evidence.sentence:
            matched[correction].add(evidence.sentence)
            return replace(evidence, reading=correction.reading, cue="", joined="", correction=correction.note)
    return evidence

