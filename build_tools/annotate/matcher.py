"""ActorMatcher: find every actor mention in a text, with exact spans into the original.

How a text is searched, and why:
- The text is folded (normalize.fold_text): NFKC, ASCII quotes/dashes/spaces,
  every non-letter/digit a space, lower case. Word boundaries then become spaces,
  so one Aho-Corasick automaton (pyahocorasick, C) over " term " keys finds only
  candidates that start and end on a boundary: "US" never inside "USAID", "Oman"
  never inside "Romania", while "Russia's", "Russia-China" and "the US' new" match.
- Case rules are in the keys: the automaton searches the case-kept fold, keyed by
  every accepted form of each term: abbreviations exactly as written; other terms
  as written, with a capital first letter (sentence start: "The Kremlin") or in
  ALL CAPS (headings). Terms with their own punctuation ("U.S.") and acronyms that
  are also words ("US" in "LET US PRAY") get a further check.
- Leftmost-longest wins among overlapping candidates, so "Collective Security
  Treaty Organization" beats an alias inside it, and a `not_in` phrase
  ("Washington Post") beats the term it contains and yields no mention.
- Last, `veto_near` words within the actor's window cancel a mention.
- Names in other languages (`names`, inflection.py) are keyed by the stem of their first
  word with no trailing space (" Казахстан", " Росси"), so the same pass finds them
  inflected; a hit counts only when the rest of each word of the name is an ending the
  language allows ("Росси|и", "Садыр|а Жапаров|а", "AQSh|ning"). An ordinary word equal to
  a name (common_words: "Того") counts only where its capital is meaningful.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from ..models import ActorId, ActorType, LanguageRules, Mention, Taxonomy
from .inflection import WordPattern, accepts, is_abbreviation, name_words
from .normalize import Folded, fold_text

# Abbreviations that are also English words. In an ALL-CAPS line ("LET US PRAY") they
# are read as the word, not the actor; everywhere else the case rule suffices.
COMMON_WORDS = frozenset("""
A AN AM AS AT BE BY DO GO HE IF IN IS IT ME MY NO OF ON OR OUR SO TO UP US WE
ACT AID ALL AND ARE ARM CAN END FOR HAS HIS ITS MAY NEW NOT NOW OIL ONE OUT THE USE WAR WAS WHO
""".split())
_new = object.__new__
# Mention's slots, set directly: its frozen __init__ calls object.__setattr__ once per field.
_set_actor, _set_start, _set_end, _set_surface = (Mention.actor.__set__, Mention.start.__set__, Mention.end.__set__,
                                                  Mention.surface.__set__)
_CLAIM = ActorId("")
"""Actor of a placeholder hit: a span claimed by a not_in phrase or cancelled by a veto."""
_NO_PLURAL_ENDINGS = ("s", "sh", "ch", "x", "z", "ese")
# ALL-CAPS "US" is the pronoun after these verbs, before these words, or ending a
# sentence after these prepositions.
_TAKES_OBJECT = frozenset("""
LET LETS GIVE GIVES GAVE TELL TELLS TOLD HELP HELPS JOIN SHOW SHOWS ASK ASKS ASKED MAKE MAKES MADE
LEAVE LEAVES KEEP KEEPS SEND SENDS SENT BRING BRINGS BROUGHT TAKE TAKES TOOK CALL CALLS CALLED
WANT WANTS NEED NEEDS SAVE SAVES FOLLOW TRUST PROTECT PROTECTS LOVE LOVES HATE HATES FORGIVE BLESS
""".split())
_FOLLOWS_PRONOUN = frozenset("ALL BOTH TOO AGAIN TODAY NOW HERE ALONE".split())
_PREPOSITIONS = frozenset("""
TO FOR WITH OF ABOUT FROM BY AMONG BEFORE BEHIND AGAINST WITHOUT AROUND BETWEEN LIKE UPON
""".split())
_SENTENCE_BREAK = re.compile(r"[.!?:;\n]\s")
_NON_WORD = re.compile(r"[\W_]")
KEY_LETTERS = 4
"""Letters an automaton key for a name needs at least, where the name has more words to add."""


@dataclass(frozen=True)
class TermEntry:
    """One way of naming an actor, compiled for matching."""

    actor: ActorId | None
    """None for a `not_in` phrase: it claims its span and yields no mention."""
    owner: ActorId
    term: str
    core: str
    """The term's folded letters and digits, case kept ("U S" for "U.S.")."""
    lead: str
    trail: str
    """Punctuation before/after the core that the text must also have ("." of "U.S.")."""
    variants: frozenset[str]
    abbreviation: bool = False
    vetoable: bool = False
    simple: bool = field(init=False)
    """The automaton's word-boundary and case checks suffice (no punctuation to verify,
    no ALL-CAPS rule). A plain attribute, not a property: the matching loop reads it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "simple", not (self.lead or self.trail or (
            self.abbreviation and self.core in COMMON_WORDS)))


@dataclass(frozen=True)
class NameEntry:
    """One name of an actor in another language, compiled for matching its inflected forms."""

    actor: ActorId
    term: str
    rules: LanguageRules
    words: tuple[WordPattern, ...]
    keys: frozenset[str]
    """Accepted spellings of the automaton key (as written, capitalised, ALL CAPS): the first
    word's stem, or the first words as written and the next one's stem (`key_words`)."""
    key_words: int = 1
    vetoable: bool = False
    """The actor's veto_near words cancel this name (ambiguity.terms lists it, or is empty)."""
    simple = False  # never the automaton's fast path: the rest of the word needs checking


class ActorMatcher:
    """Compiled once per taxonomy; `find_mentions(text)` is pure and thread-safe."""

    def __init__(self, taxonomy: Taxonomy):
        self.entries = tuple(sorted(compile_entries(taxonomy),
                                    key=lambda e: (e.actor is None, e.actor or "", e.owner, e.term)))
        self.names = tuple(compile_names(taxonomy))
        # The language of a text is not known here, so a word ordinary in any language is ambiguous.
        self._common_words = frozenset().union(*(rules.common_words for rules in taxonomy.inflection))
        self._actors = {actor.id: actor for actor in taxonomy.actors}
        # Single-spaced, like the window of words they are looked for in ("U.S. state").
        self._vetoes = {actor.id: tuple(f" {' '.join(_fold_key(word).split())} " for word in actor.ambiguity.veto_near)
                        for actor in taxonomy.actors if actor.ambiguity.veto_near}
        self._acronyms = frozenset(e.core for e in self.entries if e.abbreviation)
        self._automaton = ahocorasick.Automaton()
        # Keyed by every accepted case variant (" Russia ", " RUSSIA "), searched in the
        # case-kept fold: a hit has passed the case rule already, with no Python check.
        by_key: dict[str, list[TermEntry]] = {}
        for entry in self.entries:
            for variant in sorted(entry.variants):
                by_key.setdefault(f" {variant} ", []).append(entry)
        for name in self.names:  # no trailing space: the word may go on with an ending
            for key in sorted(name.keys):
                by_key.setdefault(f" {key}", []).append(name)
        for key, entries in sorted(by_key.items()):
            # The common case, one entry needing no further check, stores its actor (and,
            # for a single word, its surface, which the text must then spell exactly so)
            # so that the matching loop does not iterate, call or slice.
            only = entries[0]
            fast = len(entries) == 1 and only.simple and only.actor and not only.vetoable
            variant = key[1:-1]
            self._automaton.add_word(key, (len(key), only.actor if fast else None,
                                           variant if fast and variant.isalnum() else None, tuple(entries)))
        if by_key:
            self._automaton.make_automaton()
        self._empty = not by_key

    def find_mentions(self, text: str, folded: Folded | None = None) -> tuple[Mention, ...]:
        """Mentions in text order, leftmost-longest; `text[m.start:m.end] == m.surface`."""
        folded = folded or fold_text(text)
        if self._empty:
            return ()
        if folded.starts is None:  # folded offsets are the original offsets
            found, placeholders = self._scan(folded, text)
            return tuple([mention for mention in found if mention.actor] if placeholders else found)
        found, _ = self._scan(folded, folded.norm)
        return tuple(_remapped(mention, folded, text) for mention in found if mention.actor)

    def _scan(self, folded: Folded, surfaces: str) -> tuple[list[Mention], bool]:
        """Leftmost-longest hits as Mentions in folded offsets; spans claimed by a not_in
        phrase or cancelled by a veto are kept as placeholders whose actor is ''.

        This loop runs once per hit in the whole corpus, so the common hit (one simple
        entry, not overlapping the previous hit) costs one tuple unpack and one object:
        word boundaries and case were settled by the automaton.
        """
        found: list[Mention] = []
        append = found.append
        placeholders = False
        previous_end = -1  # hits come by ascending end; one starting before this overlaps
        for last, (length, actor, surface, entries) in self._automaton.iter(f" {folded.cased} "):
            # Padded index `last` is the key's trailing space: the core spans cased
            # indexes last - length + 1 .. last - 1 (the key is " core ").
            if actor is not None:
                start = last - length + 1
                if start >= previous_end:
                    mention = _new(Mention)  # _mention(...), inlined
                    _set_actor(mention, actor)
                    _set_start(mention, start)
                    _set_end(mention, last - 1)
                    _set_surface(mention, surface or surfaces[start:last - 1])
                    append(mention)
                    previous_end = last - 1
                    continue
            for entry in entries:
                mention = self._hit(entry, folded, surfaces, last - length + 1, last - 1)
                if mention is None:
                    continue
                placeholders = placeholders or not mention.actor
                if mention.start >= previous_end:
                    append(mention)
                    previous_end = mention.end
                else:
                    previous_end = _keep_leftmost_longest(found, mention)
        return found, placeholders

    def _hit(self, entry: TermEntry, folded: Folded, surfaces: str, start: int, end: int) -> Mention | None:
        """The mention for a hit that needs more than the automaton's checks, a placeholder
        (actor '') if it only claims its span, or None if it is no hit at all."""
        if entry.__class__ is NameEntry:
            mention = _name_hit(entry, folded, surfaces, start, end + 1, self._common_words)  # key has no trailing space
            if mention is not None and entry.vetoable and self._vetoed(entry.actor, mention.start, mention.end, folded.cased):
                return _mention(_CLAIM, mention.start, mention.end, mention.surface)
            return mention
        if not entry.simple:
            span = _check_punctuation_and_caps(entry, folded, start, end, self._acronyms)
            if span is None:
                return None
            start, end = span
        actor = entry.actor or _CLAIM
        if entry.vetoable and self._vetoed(actor, start, end, folded.cased):
            actor = _CLAIM
        return _mention(actor, start, end, surfaces[start:end])

    def _vetoed(self, actor: ActorId, start: int, end: int, cased: str) -> bool:
        """True if a veto_near word of the actor is within its window of the span."""
        window = self._actors[actor].ambiguity.window
        region = f" {_words_around(cased, start, end, window).lower()} "
        return any(veto in region for veto in self._vetoes[actor])


def _mention(actor: ActorId, start: int, end: int, surface: str) -> Mention:
    """Mention(...) without the frozen dataclass's four object.__setattr__ calls, which
    cost as much as all the rest of the matching loop. Equality and hash are unchanged."""
    mention = _new(Mention)
    _set_actor(mention, actor)
    _set_start(mention, start)
    _set_end(mention, end)
    _set_surface(mention, surface)
    return mention


def _name_hit(entry: NameEntry, folded: Folded, surfaces: str, start: int, stem_end: int,
              common_words: frozenset[str]) -> Mention | None:
    """The mention of a name whose first stem ends at `stem_end` (folded offsets), or None
    unless every word of the name is there, each stem followed by an ending it allows."""
    cased = folded.cased
    upper = cased[start:stem_end].isupper() and not entry.words[0].stem.isupper()  # an ALL-CAPS line
    position = start
    for index, word in enumerate(entry.words[entry.key_words - 1:], start=entry.key_words - 1):
        if index >= entry.key_words:
            stem = word.stem.upper() if upper else word.stem
            if cased[position:position + 1] != " ":
                return None
            if not cased.startswith(stem, position + 1):
                # Later words capitalised or not as the outlet writes the name:
                # "Shanxay Hamkorlik Tashkiloti", "Россия ташқи ишлар вазирлиги".
                stem = stem[:1].swapcase() + stem[1:]
                if not cased.startswith(stem, position + 1):
                    return None
            stem_end = position + 1 + len(stem)
        word_end = cased.find(" ", stem_end)
        word_end = len(cased) if word_end == -1 else word_end
        if not accepts(entry.rules, cased[stem_end:word_end].lower(), word.endings):
            return None
        if index == 0 and cased[start:word_end].lower() in common_words and (
                upper or cased[start:word_end].isupper() or _starts_sentence(folded, start)):
            return None
        position = word_end
    return _mention(entry.actor, start, position, surfaces[start:position])


def _starts_sentence(folded: Folded, start: int) -> bool:
    """True at the start of the text, a line or a sentence (after . ! ? : ; or a dash)."""
    before = folded.norm_slice(start - 4, start).rstrip(" \t\"'«(*")
    return not before or before[-1] in ".!?:;\n-"


def compile_names(taxonomy: Taxonomy) -> Iterable[NameEntry]:
    """Every name of every actor in every language, as the matcher looks for it."""
    rules_by_language = {rules.language: rules for rules in taxonomy.inflection}
    for actor in taxonomy.actors:
        vetoed_terms = {_fold_key(term) for term in actor.ambiguity.terms}
        for language, names in actor.names:
            rules = rules_by_language.get(language, LanguageRules(language))
            for name in names:
                words = name_words(name, rules, person=actor.type is ActorType.PERSON)
                if not words or not words[0].stem:
                    continue
                vetoable = bool(actor.ambiguity.veto_near) and (not vetoed_terms or _fold_key(name) in vetoed_terms)
                yield _name_entry(actor.id, name, rules, words, vetoable)
                if actor.type is ActorType.PERSON and (initialled := _initialled(words)) is not None:
                    yield NameEntry(actor.id, name, rules, initialled, _initial_keys(initialled), 2, vetoable)
            # A not_in phrase that starts with one of these names inflects like them and claims
            # its span ("Үнді мұхитына", "Hind okeaniga": the Indian Ocean, not India). Others
            # (English) stay exact terms: as names they would slow every hit of their first word.
            first_words = {_first_word(name) for name in names}
            for phrase in actor.ambiguity.not_in:
                words = name_words(phrase, rules) if _first_word(phrase) in first_words else ()
                if words and words[0].stem:
                    yield _name_entry(_CLAIM, phrase, rules, words, False)


def _first_word(text: str) -> str:
    words = fold_text(text).cased.lower().split()
    return words[0] if words else ""


def _name_entry(actor: ActorId, name: str, rules: LanguageRules, words: tuple[WordPattern, ...],
                vetoable: bool) -> NameEntry:
    covered = _key_words(words)
    stem = " ".join([*(word.stem for word in words[:covered - 1]), words[covered - 1].stem])
    keys = {stem} if is_abbreviation(name) else {stem, stem[:1].upper() + stem[1:], stem.upper()}
    return NameEntry(actor, name, rules, words, frozenset(keys), covered, vetoable)


INITIAL_SURNAME_LETTERS = 4
"""A surname needs this many letters to be named after an initial ("В. И." are anyone's initials)."""


def _initialled(words: tuple[WordPattern, ...]) -> tuple[WordPattern, ...] | None:
    """A given name and surname as the press abbreviates them: "Э. Рахмон", "Sh.Mirziyoyev",
    "И.Каримов" (the initial tells Ilham from Heydar Aliyev, Gurbanguly from Serdar
    Berdimuhamedov, where the bare surname is no name). None for other names."""
    given, surname = words[0].stem, words[-1].stem
    if len(words) != 2 or not given[:1].isupper() or "" not in words[0].endings \
            or len(surname) < INITIAL_SURNAME_LETTERS or not surname[:1].isupper():
        return None
    initial = given[:2] if given[1:2] == "h" else given[:1]  # Uzbek Latin digraphs: Sh, Ch
    return WordPattern(initial, frozenset({""})), words[1]


def _initial_keys(words: tuple[WordPattern, ...]) -> frozenset[str]:
    """The initial's full stop folds to a space, so "Э. Рахмон" has two spaces, "Э.Рахмон" one."""
    initial, surname = words[0].stem, words[1].stem
    return frozenset(f"{initial}{space}{surname}" for space in (" ", "  "))


def _key_words(words: tuple[WordPattern, ...]) -> int:
    """How many words the automaton key spans: a first word shorter than KEY_LETTERS letters
    ("O" of "Oʻzbekiston", "Нур" of "Нур-Султан") takes the next word into the key, as
    written, so that the key is not a hit at every word that starts with it."""
    covered, letters = 1, len(words[0].stem)
    while letters < KEY_LETTERS and covered < len(words) and words[covered - 1].stem == _whole(words[covered - 1]):
        letters += len(words[covered].stem)
        covered += 1
    return covered


def _whole(word: WordPattern) -> str:
    """The word's stem, if the bare stem is one of its forms (so that it may sit inside a key)."""
    return word.stem if "" in word.endings else ""


def _remapped(mention: Mention, folded: Folded, text: str) -> Mention:
    start, end = folded.original_span(mention.start, mention.end)
    return Mention(mention.actor, start, end, text[start:end])


def compile_entries(taxonomy: Taxonomy) -> Iterable[TermEntry]:
    """Every term of every actor, generated plural demonyms and `not_in` phrases, deduplicated."""
    explicit: set[str] = set()
    for actor in taxonomy.actors:
        for term in actor.terms:
            explicit |= term_variants(term, abbreviation=term in actor.abbreviations)
    seen: set[tuple[ActorId | None, str, str]] = set()
    for actor in taxonomy.actors:
        vetoed_terms = {_fold_key(term) for term in actor.ambiguity.terms}
        vetoable = bool(actor.ambiguity.veto_near)

        def make(term: str, *, abbreviation: bool = False, blocks: bool = False,
                 veto_as: str | None = None) -> TermEntry | None:
            entry = _entry(actor.id, term, abbreviation=abbreviation, blocks=blocks,
                           vetoable=vetoable and not blocks and (
                               not vetoed_terms or _fold_key(veto_as or term) in vetoed_terms))
            identity = (entry.actor, entry.core.lower(), "".join(sorted(entry.variants)))
            if not entry.core or identity in seen:
                return None
            seen.add(identity)
            return entry

        for term in actor.terms:
            entry = make(term, abbreviation=term in actor.abbreviations)
            if entry:
                yield entry
        for demonym in actor.demonyms:
            plural = plural_demonym(demonym)
            if plural and not term_variants(plural, abbreviation=False) & explicit:
                entry = make(plural, veto_as=demonym)
                if entry:
                    yield entry
        for phrase in actor.ambiguity.not_in:
            entry = make(phrase, blocks=True)
            if entry:
                yield entry


def plural_demonym(demonym: str) -> str | None:
    """'Russian' -> 'Russians', 'Pakistani' -> 'Pakistanis'; None for 'Chinese', 'Kyrgyz', 'British'."""
    if not demonym[-1:].isalpha() or demonym.lower().endswith(_NO_PLURAL_ENDINGS):
        return None
    return demonym + "s"


def _entry(owner: ActorId, term: str, *, abbreviation: bool, blocks: bool, vetoable: bool) -> TermEntry:
    folded = fold_text(term)
    cased = folded.cased
    first = len(cased) - len(cased.lstrip())
    last = len(cased.rstrip())
    core = cased[first:last]
    return TermEntry(actor=None if blocks else owner, owner=owner, term=term, core=core,
                     lead=folded.norm[:first], trail=folded.norm[last:],
                     variants=term_variants(term, abbreviation=abbreviation),
                     abbreviation=abbreviation, vetoable=vetoable)


def term_variants(term: str, *, abbreviation: bool) -> frozenset[str]:
    """The surfaces a term accepts, as they appear in `Folded.cased` (punctuation as
    spaces): an abbreviation only as written; any other term as written, with a
    capital first letter, or in ALL CAPS. Two actors may not share one (taxonomy)."""
    core = fold_text(term).cased.strip()
    if abbreviation:
        return frozenset({core})
    return frozenset({core, core[:1].upper() + core[1:], core.upper()})


def _fold_key(term: str) -> str:
    return fold_text(term).lowered.strip()


def _check_punctuation_and_caps(entry: TermEntry, folded: Folded, start: int, end: int,
                                acronyms: frozenset[str]) -> tuple[int, int] | None:
    """The span with the term's own punctuation ("U.S."), or None if the text lacks it or
    the term is an acronym read as an English word here (see _read_as_word)."""
    if entry.lead:
        if start < len(entry.lead) or folded.norm_slice(start - len(entry.lead), start) != entry.lead:
            return None
        start -= len(entry.lead)
    if entry.trail:
        if folded.norm_slice(end, end + len(entry.trail)) != entry.trail:
            return None
        end += len(entry.trail)
    if entry.abbreviation and entry.core in COMMON_WORDS and _read_as_word(folded, start, end, acronyms):
        return None
    return start, end


def _read_as_word(folded: Folded, start: int, end: int, acronyms: frozenset[str]) -> bool:
    """True when an acronym that is also an English word is, here, the word.

    Only in ALL-CAPS prose (headlines), where case cannot tell: the words either side
    (up to three, within the sentence or line) are all capitals, and one of them is an
    ordinary word rather than a taxonomy acronym. There, "US" is the pronoun only where
    a pronoun fits ("LET US PRAY", "JOIN US TODAY", "PRAY FOR US."), so "SAYS US
    GENERAL" keeps the country; other words ("IS", "WHO", "IT") are read as words
    unless after THE ("THE WHO").
    """
    # Fast exit for ordinary prose: a lower-case letter just before or after the span.
    if folded.norm_slice(start - 2, start - 1).islower() or folded.norm_slice(end + 1, end + 2).islower():
        return False
    before_text, after_text = folded.norm_slice(start - 60, start), folded.norm_slice(end, end + 60)
    before = _NON_WORD.sub(" ", _SENTENCE_BREAK.split(before_text)[-1]).split()[-3:]
    after = _NON_WORD.sub(" ", _SENTENCE_BREAK.split(after_text)[0]).split()[:3]
    words = [w for w in before + after if any(ch.isalpha() for ch in w)]
    all_caps = (bool(words) and all(w.isupper() for w in words)
                and any(len(w) > 1 and w not in acronyms for w in words))
    if not all_caps or before[-1:] == ["THE"]:
        return False
    if folded.norm_slice(start, end) != "US":
        return True
    previous, following = (before[-1:] or [""])[0], (after[:1] or [""])[0]
    return (previous in _TAKES_OBJECT or following in _FOLLOWS_PRONOUN
            or (not following and previous in _PREPOSITIONS))


def _keep_leftmost_longest(found: list[Mention], hit: Mention) -> int:
    """Add a hit that overlaps the last ones in `found`, keeping `found` leftmost-longest.

    `found` is non-overlapping and sorted, and hits arrive by ascending end, so the
    hits the new one overlaps are a suffix of `found`. The new hit wins if it starts
    before the first of them, or at the same place and is longer. At the same span
    (only possible between an actor's term and another actor's not_in phrase, as
    validation forbids two actors claiming a term) the actor's term wins. A hit that
    loses here never comes back: whatever later removes its rival covers it too.
    Returns the end of the last kept hit.
    """
    first = len(found)
    while first > 0 and found[first - 1].end > hit.start:
        first -= 1
    rival = found[first]
    if rival.start < hit.start or (rival.start == hit.start and _outranks(rival, hit)):
        return found[-1].end
    del found[first:]
    found.append(hit)
    return hit.end


def _outranks(rival: Mention, hit: Mention) -> bool:
    if rival.end != hit.end:
        return rival.end > hit.end
    if bool(rival.actor) != bool(hit.actor):
        return bool(rival.actor)
    return rival.actor <= hit.actor


def _words_around(cased: str, start: int, end: int, window: int) -> str:
    """The mention and up to `window` words either side, from the folded text."""
    reach = 40 * window  # characters: generous for `window` words of English
    before = cased[max(0, start - reach):start].split()
    after = cased[end:end + reach].split()
    return " ".join([*before[-window:], cased[start:end], *after[:window]])
