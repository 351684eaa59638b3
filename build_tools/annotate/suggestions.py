"""Entity suggestions: recurring capitalised names that no actor matches.

A candidate is a run of capitalised words ("Hamid Gul", "Spin Boldak", "Ministry of
Foreign Affairs") or an acronym ("TAPI"), outside every actor mention. Stopwords and
titles are trimmed from its ends ("General Hamid Gul" -> "Hamid Gul"); a word that
opens a sentence is kept only if the corpus capitalises it mid-sentence too and
never writes it in lower case, so "However" or "Afterwards" never become names. Headings are skipped: they are in
Title Case.
"""

from __future__ import annotations

import bisect
import re
import string
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import BLOCK_SEPARATOR, AnnotatedArticle, BlockKind, NameSuggestion
from ..memo import Memo
from ..parallel import map_chunks

MIN_COUNT = 2
MAX_EXAMPLES = 3
_WORD = r"(?:[A-Z][a-zA-Z]*[a-z][a-zA-Z]*(?:['\u2019-][A-Za-z]+)*|[A-Z]{2,})"
_RUN_TAIL = rf"(?:(?:\s|-|\s(?:of|al|bin|ibn|ul|de|du|van|von|der)\s){_WORD})*\b"
# rf"\b{_WORD}{_RUN_TAIL}", written to open with a character set so that the regex
# engine skips ahead to capitals (about 2x faster): "\b" before a capital is "no
# word character before it", and both branches of _WORD open with [A-Z].
_WORD_REST = r"(?:[a-zA-Z]*[a-z][a-zA-Z]*(?:['\u2019-][A-Za-z]+)*|[A-Z]+)"
"""_WORD after its first character, [A-Z] in both branches."""
_RUN = re.compile(rf"[A-Z](?<!\w[A-Z]){_WORD_REST}{_RUN_TAIL}")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_CONTRACTION = re.compile(r"['\u2019](?:t|re|ve|ll|d|m)$", re.IGNORECASE)
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_ADJECTIVE_ENDINGS = ("ian", "ean", "ic", "ist", "ish", "ese", "ern")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")
_BOUNDED_WORD = re.compile(rf"[A-Z](?<!\w[A-Z]){_WORD_REST}\b")
"""rf"\b{_WORD}\b", opening with a character set like _RUN."""
_NON_SPACE = re.compile(r"\S+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()

STOPWORDS = frozenset("""
a an the this that these those there here it its he she his her they them their we our us you your i my
and or but nor so yet for of in on at to by from with without into onto over under after before since
during while as if then than when where which who whom whose what why how all any both each every
some many most more much few other such no not only also even just still again however although though
because therefore thus meanwhile moreover furthermore indeed instead perhaps yes according among
between against about above below across along around through despite within upon per via
is are was were be been being has have had do does did will would shall should can could may might must
mr mrs ms dr sir madam president prime minister general gen colonel col lieutenant major captain
secretary chairman chief foreign defense defence deputy ambassador senator governor king queen prince
sheikh mullah commander spokesman officials official leader former new
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
""".split())


def suggest_names(articles: Sequence[AnnotatedArticle], *, min_count: int = MIN_COUNT,
                  memos: SuggestionMemos | None = None) -> tuple[NameSuggestion, ...]:
    """Names seen at least `min_count` times, most frequent first, then alphabetical.

    Two passes run over one contiguous chunk of articles per core, on the sentences annotate
    split: the vocabulary of the whole corpus, then the candidates counted with it. With
    `memos` (`make serve`), both passes run over small blocks of articles instead, reusing what they can."""
    if memos is None:
        split = [(annotated, _sentences(annotated)) for annotated in articles]
        vocabulary = _Vocabulary.union(map_chunks(_vocabulary, split))
        return _suggestions(map_chunks(lambda chunk: _count_candidates(chunk, vocabulary), split), min_count)
    memos.suggestions.begin(None)
    # All of it while no article changed (a save of a hand-written page).
    return memos.suggestions.reuse("all", (tuple(articles), min_count),
                                   lambda: _suggestions(memos.count(articles), min_count))


def _suggestions(counted: list[_Counted], min_count: int) -> tuple[NameSuggestion, ...]:
    counts, examples = _merge(counted)
    return tuple(NameSuggestion(name, count, tuple(examples[name]))
                 for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                 if count >= min_count)


BLOCK_END_EVERY = 8
"""Under `make serve` articles are counted in blocks of about this many (`_blocks`)."""


@dataclass
class SuggestionMemos:
    """Each block's share of both passes, kept between regenerations under `make serve` (`memo.Memo`).

    A block's counts depend on the corpus vocabulary only through the words of its
    capitalised runs (`_BlockWords.asked`), so an edit that adds a word to the
    vocabulary recounts the blocks that ask about that word, not the whole corpus.
    Blocks rather than articles: at 10,000 articles each article's words and counts, sent back
    from the workers and merged one by one, took 15-18 s to count and 0.6 s to merge on a save;
    blocks of eight, 12 s and 0.3-0.45 s (the chunked pass of a build: 6-8 s).
    """

    words: Memo = field(default_factory=Memo)
    counts: Memo = field(default_factory=Memo)
    """Each block's counts, valid while its articles are equal and the vocabulary the same on the words it asks
    about. A block that asked about a word whose standing changed is dropped before the memo is asked: checking
    the few changed words, not what the whole vocabulary says about each block (0.7 s at 10,000 articles)."""
    vocabulary: _Vocabulary | None = None
    """The vocabulary the counts were taken with."""
    suggestions: Memo = field(default_factory=Memo)
    """The suggestions, while every article is equal."""

    def count(self, articles: Sequence[AnnotatedArticle]) -> list[_Counted]:
        self.words.begin(None)
        self.counts.begin(None)
        blocks = _blocks(articles)
        words = self.words.map(_block_words, blocks, key=_block_key, inputs=lambda block: block)
        vocabulary = _Vocabulary.union(part.vocabulary for part in words)
        if self.vocabulary is not None and vocabulary != self.vocabulary:
            changed = vocabulary.changed_since(self.vocabulary)
            self.counts.discard(_block_key(block) for block, part in zip(blocks, words)
                                if not part.asked.isdisjoint(changed))
        counted = self.counts.map(lambda block: _count_candidates(_split(block), vocabulary), blocks,
                                  key=_block_key, inputs=lambda block: block)
        self.vocabulary = vocabulary  # only now: had the counts failed, they would not all be this vocabulary's
        return counted


@dataclass(frozen=True)
class _Vocabulary:
    lower: frozenset[str]
    """Words the corpus writes in lower case: common words, not names."""
    capitalised: frozenset[str]
    """Words the corpus capitalises somewhere other than at a sentence start."""

    @staticmethod
    def union(parts: Iterable[_Vocabulary]) -> _Vocabulary:
        parts = list(parts)
        return _Vocabulary(frozenset().union(*(p.lower for p in parts)),
                           frozenset().union(*(p.capitalised for p in parts)))

    def changed_since(self, before: _Vocabulary) -> frozenset[str]:
        """The words this vocabulary says something else about than `before` did."""
        return (self.lower ^ before.lower) | (self.capitalised ^ before.capitalised)


_Block = tuple[AnnotatedArticle, ...]


def _blocks(articles: Sequence[AnnotatedArticle]) -> list[_Block]:
    """The articles in corpus order, cut after each article whose id hashes to a multiple of BLOCK_END_EVERY:
    adding or removing an article changes only the block it falls in (which it splits or joins to the next
    if it ends a block), not the bounds of every block after it."""
    blocks: list[_Block] = []
    start = 0
    for end, annotated in enumerate(articles, 1):
        if zlib.crc32(annotated.article.id.encode()) % BLOCK_END_EVERY == 0:
            blocks.append(tuple(articles[start:end]))
            start = end
    return blocks + [tuple(articles[start:])] if start < len(articles) else blocks


def _block_key(block: _Block) -> str:
    return block[0].article.id


def _split(block: _Block) -> list[tuple[AnnotatedArticle, list[_Sentence]]]:
    return [(annotated, _sentences(annotated)) for annotated in block]


@dataclass(frozen=True)
class _BlockWords:
    vocabulary: _Vocabulary
    """The block's share of the corpus vocabulary."""
    asked: frozenset[str]
    """Every word `_trim` may look up in the vocabulary when counting the block: each word of
    its capitalised runs, without a possessive, as written and in lower case."""


def _block_words(block: _Block) -> _BlockWords:
    split = _split(block)
    tokens = {token for annotated, spans in split for start, end in spans
              for run in _RUN.finditer(annotated.article.text, start, end)
              for token in run.group().split()}  # each distinct token once: runs repeat
    words = {_POSSESSIVE.sub("", token) for token in tokens}
    return _BlockWords(_vocabulary(split), frozenset(words).union(map(str.lower, words)))


def _vocabulary(split: Sequence[tuple[AnnotatedArticle, list[_Sentence]]]) -> _Vocabulary:
    return _Vocabulary(_lower_words(annotated for annotated, _ in split), _mid_sentence_capitalised(split))


_Counted = tuple[Counter[str], dict[str, list[str]]]


def _merge(parts: Iterable[_Counted]) -> _Counted:
    """Counts added up; each name's examples are its first MAX_EXAMPLES distinct sentences in corpus
    order, as one pass would have found them (a chunk keeps its own first ones, enough for any merge)."""
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for part_counts, part_examples in parts:
        counts.update(part_counts)
        for name, sentences in part_examples.items():
            found = examples[name]
            found += [s for s in sentences if s not in found][:MAX_EXAMPLES - len(found)]
    return counts, examples


_Sentence = tuple[int, int]
"""(start, end) in the article text."""


def _lower_words(articles: Iterable[AnnotatedArticle]) -> frozenset[str]:
    # Scanned over the corpus's distinct whitespace-delimited tokens, each once, not over
    # the full text: the words never contain whitespace, and `\b` sees a space and a token
    # edge alike, so the result is the same.
    tokens: set[str] = set()
    for annotated in articles:
        tokens.update(annotated.article.text.split())
    return frozenset(_LOWER_WORD.findall(" ".join(tokens)))


def _mid_sentence_capitalised(split: Iterable[tuple[AnnotatedArticle, list[_Sentence]]]) -> frozenset[str]:
    words: set[str] = set()
    for annotated, spans in split:
        text = annotated.article.text
        for start, end in spans:
            # The slice, not finditer(text, start, end): `\b` at the sentence start must
            # see the start of a string, as it always has.
            sentence = text[start:end]
            found = _BOUNDED_WORD.findall(sentence)
            if found and _BOUNDED_WORD.match(sentence):
                found = found[1:]  # findall's first match is the one at 0, if there is one
            words.update(found)
    return frozenset(words)


def _sentences(annotated: AnnotatedArticle) -> list[_Sentence]:
    """The article's sentences outside headings and all-capitals blocks."""
    spans = annotated.sentences
    kept: list[_Sentence] = []
    offset = first = 0
    for block in annotated.article.blocks:
        block_end = offset + len(block.text)
        last = bisect.bisect_left(spans, (block_end, block_end), first)
        if block.kind is not BlockKind.HEADING and not _mostly_capitals(block.text):
            kept += spans[first:last]
        offset, first = block_end + len(BLOCK_SEPARATOR), last
    return kept


def _count_candidates(split: Sequence[tuple[AnnotatedArticle, list[_Sentence]]], vocabulary: _Vocabulary) -> _Counted:
    """How often each name occurs, and its first MAX_EXAMPLES distinct sentences.

    One loop, no generators: it runs once per capitalised run in the corpus. A sentence
    is whitespace-collapsed only when a name in it still needs an example.
    """
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    cache = _names_cache(vocabulary)
    for annotated, spans in split:
        text = annotated.article.text
        taken = _mentioned_mask(annotated)
        for start, end in spans:
            sentence = None
            for run in _RUN.finditer(text, start, end):
                run_start, run_end = run.span()
                key = (run.group(), run_start == start, taken[run_start:run_end])
                names = cache.get(key)
                if names is None:
                    names = cache[key] = list(_names_in_run(run, start, taken, vocabulary))
                for name in names:
                    counts[name] += 1
                    found = examples[name]
                    if len(found) < MAX_EXAMPLES:
                        if sentence is None:
                            sentence = " ".join(text[start:end].split())
                        if sentence not in found:
                            found.append(sentence)
    return counts, examples


_NamesCache = dict[tuple[str, bool, bytes], list[str]]
_names_cache_of: tuple[_Vocabulary, _NamesCache] | None = None


def _names_cache(vocabulary: _Vocabulary) -> _NamesCache:
    """The names of each run counted with `vocabulary` so far in this process, by the run's text, whether it
    opens the sentence and which of its characters are inside mentions: all its names depend on. A corpus
    repeats the same runs over and over, so the cache lasts from one call to the next: under `make serve`
    each block of a few articles is counted alone (counted article by article at 10,000 articles, they took
    25 s of CPU with a cache per call, 15 s with this one). It holds the runs of one vocabulary at a time."""
    global _names_cache_of
    if _names_cache_of is None or _names_cache_of[0] is not vocabulary:
        _names_cache_of = vocabulary, {}
    return _names_cache_of[1]


def _names_in_run(run: re.Match[str], start: int, taken: bytes, vocabulary: _Vocabulary) -> Iterable[str]:
    words = [(m.start() + run.start(), m.group()) for m in _NON_SPACE.finditer(run.group())]
    for piece in _split_at_mentions(words, taken):
        at_sentence_start = piece[0][0] == start
        name_words = _trim([w for _, w in piece], at_sentence_start, vocabulary)
        if name_words:
            yield " ".join(name_words)


def _split_at_mentions(words: list[tuple[int, str]], taken: bytes) -> list[list[tuple[int, str]]]:
    pieces: list[list[tuple[int, str]]] = [[]]
    for position, word in words:
        if taken.find(1, position, position + len(word)) != -1:
            pieces.append([])
        else:
            pieces[-1].append((position, word))
    return [piece for piece in pieces if piece]


def _trim(words: list[str], at_sentence_start: bool, vocabulary: _Vocabulary) -> list[str]:
    words = [_POSSESSIVE.sub("", word) for word in words]
    if any(_CONTRACTION.search(word) for word in words) or any(_PLURAL_ACRONYM.fullmatch(w) for w in words):
        return []  # "It's", "NGOs": not names
    # A sentence's first word is capitalised anyway: keep it only if the corpus
    # capitalises it elsewhere too and never writes it in lower case.
    first = words[0]
    if at_sentence_start and (first.lower() in vocabulary.lower or first not in vocabulary.capitalised):
        words = words[1:]
    while words and (words[0].lower() in STOPWORDS or words[0].islower()):
        words = words[1:]
    while words and (words[-1].lower() in STOPWORDS or words[-1].islower()):
        words = words[:-1]
    if len(words) == 1 and (words[0].lower() in vocabulary.lower or len(words[0]) < 3):
        return []
    if words and not words[-1].isupper() and words[-1].lower().endswith(_ADJECTIVE_ENDINGS):
        return []  # "Central Asian", "Islamist": adjectives, not names
    return words


def _mentioned_mask(annotated: AnnotatedArticle) -> bytes:
    """One byte per character of the article text: 1 inside an actor mention, else 0."""
    mask = bytearray(len(annotated.article.text))
    for mention in annotated.mentions:
        mask[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
    return bytes(mask)


def _mostly_capitals(text: str) -> bool:
    # Counted without a Python-level loop per character: ASCII letters by deleting
    # them from the bytes, the few other characters one by one.
    ascii_bytes = text.encode("ascii", "ignore")
    letters = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_LETTERS))
    upper = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_UPPER))
    if len(ascii_bytes) != len(text):
        other = "".join(filter(str.isalpha, _NON_ASCII.findall(text)))
        letters += len(other)
        upper += sum(map(str.isupper, other))
    return bool(letters) and upper > 0.6 * letters
