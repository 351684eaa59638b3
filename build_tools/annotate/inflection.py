"""Inflected forms of actor names in other languages, from rules kept as data.

A name is written once, in its base form, under its language in an actor's `names`
("Казахстан", "Қазақстан", "Qozog'iston"). `corpus/taxonomy/inflection.yml` says how each
language inflects, and this module turns a name into what the matcher looks for: per
word, a stem and the endings that may follow it.
- Russian declines by replacing the base form's ending ("Росси-я" -> "Росси-и",
  "российск-ий" -> "российск-ого"): the longest listed base ending picks a row of
  endings; words ending in other vowels ("Того", "Мали") never change.
- Kazakh and Uzbek add suffixes to the base form ("Қазақстан-ның", "AQSh-ning"), up to
  `max_endings` of them in a row.
Country names come from CLDR (Babel's locale data, which Babel ships inside its wheel):
the territory name of a country's ISO code in each language's `cldr_locales`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from babel import Locale

from ..models import LanguageRules
from .normalize import fold_text

_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")


@dataclass(frozen=True)
class WordPattern:
    """One word of a name: a text word names it when it is `stem` followed by an allowed rest."""

    stem: str
    """Folded, case kept, as the text must spell it (as written, capitalised or ALL CAPS)."""
    endings: frozenset[str]
    """Lower-case endings that may follow the stem; "" when the bare stem is a form."""


def parse_language_rules(data: dict[str, Any]) -> tuple[LanguageRules, ...]:
    """inflection.yml's `languages` mapping (already schema-checked) -> rules, by language code."""
    rules = []
    for language, entry in sorted(data.items()):
        rows = [(base, frozenset(row["endings"])) for row in entry.get("declensions", ()) for base in row["base"]]
        rules.append(LanguageRules(
            language=language, cldr_locales=tuple(entry.get("cldr_locales", ())),
            declensions=tuple(sorted(rows, key=lambda row: (-len(row[0]), row[0]))),
            indeclinable_after=frozenset(entry.get("indeclinable_after", ())),
            endings=frozenset(entry.get("endings", ())), max_endings=entry.get("max_endings", 1),
            common_words=frozenset(entry.get("common_words", ())),
            plural_endings=frozenset(entry.get("plural_endings", ())),
            voiced_finals=tuple(sorted(entry.get("voiced_finals", {}).items())),
            vowels=frozenset(entry.get("vowels", ())), borrows_from=tuple(entry.get("borrows_from", ()))))
    return tuple(rules)


def is_abbreviation(name: str) -> bool:
    """ОДКБ, США, AQSh, BMT: one word (not "Нур-Султан") with two or more capitals. Matched only as written."""
    return len(fold_text(name).cased.split()) == 1 and sum(ch.isupper() for ch in name) >= 2


def name_words(name: str, rules: LanguageRules, person: bool = False) -> tuple[WordPattern, ...]:
    """The words of a name as the matcher checks them; () if the name has no letters or digits.
    A person's name takes no plural ending: "Асадов" is a surname of its own, not "Асад"."""
    words = fold_text(name).cased.split()
    if is_abbreviation(name):
        endings = frozenset({""}) if rules.declensions else rules.endings | {""}
        return tuple(WordPattern(word, endings) for word in words)
    patterns = tuple(_word_pattern(word, rules) for word in words)
    if person and rules.plural_endings:
        return tuple(WordPattern(word.stem, word.endings - rules.plural_endings) for word in patterns)
    return patterns


def _word_pattern(word: str, rules: LanguageRules) -> WordPattern:
    if not rules.declensions:  # agglutinative: the base form itself, then suffixes
        return WordPattern(word, rules.endings | {""})
    lowered = word.lower()
    for base, endings in rules.declensions:
        if base and lowered.endswith(base) and len(lowered) > len(base):
            return WordPattern(word[:len(word) - len(base)], endings)
    if lowered[-1:] in rules.indeclinable_after or not lowered[-1:].isalpha():
        return WordPattern(word, frozenset({""}))
    consonant = next((endings for base, endings in rules.declensions if base == ""), frozenset({""}))
    return WordPattern(word, consonant)


def accepts(rules: LanguageRules, rest: str, endings: frozenset[str]) -> bool:
    """True when `rest` (lower case) may follow a stem whose endings are `endings`."""
    return rest in endings or (rules.max_endings > 1 and _chain(rest, endings, rules.max_endings, ""))


@lru_cache(maxsize=65536)
def _chain(rest: str, endings: frozenset[str], depth: int, previous: str) -> bool:
    """True when `rest` is up to `depth` endings in a row ("lik" + "lar" + "ni"), none
    repeating the one before it (no suffix follows itself: "Нигер-и-и" is no form)."""
    if not rest:
        return True
    if depth == 0:
        return False
    return any(rest[:size] in endings and rest[:size] != previous and _chain(rest[size:], endings, depth - 1, rest[:size])
               for size in range(1, len(rest) + 1))


MIN_SUFFIXED_BASE = 3
"""Letters a base word needs before it takes suffixes in running text: with a suffix chain,
a shorter one ("l" of "yo'l", split at its apostrophe) would be the start of many unrelated words."""

@dataclass(frozen=True)
class Spelling:
    """One way a base word is spelled before suffixes of one language."""

    base: str
    rules: LanguageRules
    voiced: bool = False
    """Its final consonant voiced: the suffix must start with a vowel ("қауіпсіздіг-і")."""
    borrowed: bool = False
    """A word of a language it borrows from (Russian "газ"): its first suffix must have two letters
    or more, since the one-letter ones (а, е, ы, и) are Russian endings too ("газ-е-та" is "газета")."""

    def takes(self, rest: str) -> bool:
        """True when `rest` (lower case, not empty) may follow this spelling."""
        rules = self.rules
        if self.voiced and rest[0] not in rules.vowels:
            return False
        if self.borrowed:
            return any(rest[:size] in rules.endings and _chain(rest[size:], rules.endings, rules.max_endings - 1, rest[:size])
                       for size in range(2, len(rest) + 1))
        return accepts(rules, rest, rules.endings)


@dataclass(frozen=True)
class SuffixedBases:
    """Base words of languages that add suffixes, as `suffixed_base` looks them up."""

    words: frozenset[str]
    """The lower-case base words."""
    spellings: Mapping[str, tuple[Spelling, ...]]
    """How a base is spelled before a suffix -> the bases spelled so: "қауіпсіздік" and, voiced, "қауіпсіздіг"."""
    starts: frozenset[str]
    """The first MIN_SUFFIXED_BASE letters of every spelling: most words of a text start otherwise."""
    endings: frozenset[str]
    """Every ending of the languages: a suffixed word ends in one of them."""
    longest_ending: int = 0

    def may_end_suffixed(self, word: str) -> bool:
        """True when `word` ends in one of the endings: the cheap test that most words fail."""
        return any(word[-size:] in self.endings for size in range(1, min(len(word), self.longest_ending) + 1))

    def __bool__(self) -> bool:
        return bool(self.words)


def suffixed_bases(words: Iterable[tuple[str, str]], rules: Iterable[LanguageRules]) -> SuffixedBases:
    """The base words, given as (language, lower-case word) pairs, of languages that add suffixes
    (Kazakh, Uzbek: rules with `endings` and no `declensions`) or that they borrow from, with the
    rules of the languages whose suffixes they take."""
    agglutinative = [rule for rule in rules if rule.endings and not rule.declensions]
    spellings: dict[str, list[Spelling]] = {}
    for language, word in sorted(set(words)):
        for rule in agglutinative if len(word) >= MIN_SUFFIXED_BASE else ():
            if language == rule.language:
                spellings.setdefault(word, []).append(Spelling(word, rule))
                for unvoiced, voiced in rule.voiced_finals:
                    if word.endswith(unvoiced):
                        spellings.setdefault(word[:-1] + voiced, []).append(Spelling(word, rule, voiced=True))
            elif language in rule.borrows_from:
                spellings.setdefault(word, []).append(Spelling(word, rule, borrowed=True))
    return SuffixedBases(frozenset(entry.base for entries in spellings.values() for entry in entries),
                         {spelling: tuple(entries) for spelling, entries in spellings.items()},
                         frozenset(spelling[:MIN_SUFFIXED_BASE] for spelling in spellings),
                         endings := frozenset(ending for rule in agglutinative for ending in rule.endings),
                         max(map(len, endings), default=0))


def suffixed_base(word: str, bases: SuffixedBases) -> str | None:
    """The base that lower-case `word` inflects ("sanksiyalarni" -> "sanksiya", "қауіпсіздігі" ->
    "қауіпсіздік"): the word itself if it is a base, else the longest base it starts with (its
    final consonant voiced before a vowel, where the language does so) whose rest is a chain of
    its language's endings; None when there is none."""
    if word in bases.words:
        return word
    if word[:MIN_SUFFIXED_BASE] not in bases.starts or not bases.may_end_suffixed(word):
        return None
    for size in range(len(word) - 1, MIN_SUFFIXED_BASE - 1, -1):
        rest = word[size:]
        for spelling in bases.spellings.get(word[:size], ()):
            if spelling.takes(rest):
                return spelling.base
    return None


def cldr_names(iso: str, rules: LanguageRules) -> tuple[str, ...]:
    """The territory names of `iso` in the language's CLDR locales; a parenthesised
    alternative ("Мьянма (Бирма)") is a name of its own. () if CLDR has none."""
    names: list[str] = []
    for locale in rules.cldr_locales:
        territory = _territories(locale).get(iso)
        if territory:
            names.append(_PARENTHESES.sub("", territory).strip())
            names += [inner.strip() for inner in _PARENTHESES.findall(territory) if any(c.isalpha() for c in inner)]
    return tuple(dict.fromkeys(name for name in names if name))


def known_territory(iso: str) -> bool:
    return iso in _territories("en")


@cache
def _territories(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)
