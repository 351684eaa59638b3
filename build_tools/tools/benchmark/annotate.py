"""Throughput of the actor matcher against reference matchers on the same terms.

    .venv/bin/python -m build_tools.tools.benchmark.annotate [--megabytes 20] [--rounds 3] [--regex] [--taxonomy DIR]

The text is the bundled corpus (corpus/raw/*.txt) repeated to the requested size,
fed file by file as the build feeds articles. References, given the same actor
terms (each term once, lower-cased for the case-insensitive ones):
- pyahocorasick: automaton over lower-cased terms, run over the lower-cased text,
  hits kept when both ends fall on a word boundary (the usual recipe);
- flashtext: KeywordProcessor, case-insensitive, span_info=True;
- regex (with --regex; about 0.3 MB/s): one compiled alternation, longest terms
  first, bounded by (?<!\\w) and (?!\\w), re.IGNORECASE.
Every matcher returns what the annotate stage needs, a list of `Mention`s (actor,
span, surface), built the same way (matcher._mention); references map a term to the
actor that lists it. The pyahocorasick reference is also timed returning bare
(start, end, term) tuples, to show what building Mentions costs: about a quarter of
the time, and ours pays it too. The references do less than ours (no case rules, no
normalisation, no ambiguity rules, no leftmost-longest), so their counts differ; the
point is speed on equal input, equal terms and equal output.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ...config import REPO_ROOT
from ...models import ActorId, Taxonomy
from ...annotate.matcher import ActorMatcher, _mention
from .. import labelled_set


def run_benchmark(taxonomy: Taxonomy, texts: Sequence[str], megabytes: float, rounds: int = 3,
                  *, regex: bool = False) -> list[str]:
    """Time each matcher over `texts` repeated to about `megabytes` MB; one report line each.

    Each matcher's time is the best of `rounds` runs of CPU time (process_time), so that
    other processes on a shared machine disturb the comparison as little as possible.
    """
    workload = repeat_texts(texts, megabytes)
    size = sum(len(text.encode("utf-8")) for text in workload) / 1e6
    terms = _actor_of_term(taxonomy)
    contenders: list[tuple[str, Callable[[str], int]]] = [("ours (build_tools.annotate)", _ours(taxonomy))]
    references = [("pyahocorasick + boundary filter", _pyahocorasick), ("flashtext", _flashtext)]
    if regex:
        references.append(("regex alternation", _regex))
    for name, factory in references:
        matcher = factory(terms)
        if matcher is not None:
            contenders.append((name, matcher))
    bare = _pyahocorasick(terms, bare=True)
    if bare is not None:
        contenders.append(("pyahocorasick, bare tuples (info)", bare))
    lines = [f"{size:.1f} MB in {len(workload)} texts, {len(terms)} actor terms, best of {rounds} rounds (CPU time)"]
    speeds: dict[str, float] = {}
    for name, matcher in contenders:
        seconds, found = _best_time(matcher, workload, rounds)
        speeds[name] = size / seconds
        lines.append(f"{name:34} {speeds[name]:8.1f} MB/s  {seconds:6.2f} s  {found:9d} matches")
    ours, *others = [speed for name, speed in speeds.items() if "(info)" not in name]
    if others:
        best = max(others)
        verdict = "at least as fast as" if ours >= best else "SLOWER than"
        lines.append(f"ours is {ours / best:.2f}x the fastest reference: {verdict} every reference")
    return lines


def _best_time(matcher: Callable[[str], int], workload: Sequence[str], rounds: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(max(1, rounds)):
        started = time.process_time()
        found = sum(matcher(text) for text in workload)
        best = min(best, time.process_time() - started)
    return best, found


def repeat_texts(texts: Sequence[str], megabytes: float) -> list[str]:
    if not texts:
        return []
    target, total, workload = megabytes * 1e6, 0, []
    while total < target:
        for text in texts:
            workload.append(text)
            total += len(text.encode("utf-8"))
            if total >= target:
                break
    return workload


def _ours(taxonomy: Taxonomy) -> Callable[[str], int]:
    matcher = ActorMatcher(taxonomy)
    return lambda text: len(matcher.find_mentions(text))


def _actor_of_term(taxonomy: Taxonomy) -> dict[str, ActorId]:
    """Each actor term, lower-cased, and the first actor listing it."""
    actor_of: dict[str, ActorId] = {}
    for actor in taxonomy.actors:
        for term in actor.terms:
            actor_of.setdefault(term.lower(), actor.id)
    return dict(sorted(actor_of.items()))


def _pyahocorasick(terms: dict[str, ActorId], *, bare: bool = False) -> Callable[[str], int] | None:
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for term, actor in terms.items():
        automaton.add_word(term, (len(term), term, actor))
    automaton.make_automaton()

    def find(text: str) -> int:
        lowered, found = text.lower(), []
        for last, (length, term, actor) in automaton.iter(lowered):
            start, end = last - length + 1, last + 1
            if (start == 0 or not lowered[start - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum()):
                if bare:
                    found.append((start, end, term))
                    continue
                found.append(_mention(actor, start, end, text[start:end]))  # as fast as ours
        return len(found)
    return find


def _flashtext(terms: dict[str, ActorId]) -> Callable[[str], int] | None:
    try:
        from flashtext import KeywordProcessor
    except ImportError:
        return None
    processor = KeywordProcessor(case_sensitive=False)
    for term, actor in terms.items():
        processor.add_keyword(term, actor)
    return lambda text: len([_mention(actor, start, end, text[start:end])
                             for actor, start, end in processor.extract_keywords(text, span_info=True)])


def _regex(terms: dict[str, ActorId]) -> Callable[[str], int]:
    alternation = "|".join(re.escape(term) for term in sorted(terms, key=lambda t: (-len(t), t)))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
    return lambda text: len([_mention(terms[m.group().lower()], m.start(), m.end(), m.group())
                             for m in pattern.finditer(text)])


def load_benchmark_taxonomy(taxonomy_dir: Path | None, fallback: Path) -> tuple[Taxonomy, Path]:
    """The requested taxonomy, else the real one when it has actors, else `fallback`."""
    from ...annotate.taxonomy import load_taxonomy
    real = REPO_ROOT / "corpus" / "taxonomy"
    chosen = taxonomy_dir or (real if any((real / "actors").glob("*.yml")) else fallback)
    return load_taxonomy(chosen, REPO_ROOT), chosen


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--regex", action="store_true", help="also time the (very slow) regex reference")
    args = parser.parse_args(argv)
    taxonomy, chosen = load_benchmark_taxonomy(args.taxonomy, labelled_set("annotate", "taxonomy"))
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO_ROOT / "corpus" / "raw").glob("*.txt"))]
    print(f"taxonomy: {chosen.relative_to(REPO_ROOT) if chosen.is_relative_to(REPO_ROOT) else chosen}")
    for line in run_benchmark(taxonomy, texts, args.megabytes, args.rounds, regex=args.regex):
        print(line)


if __name__ == "__main__":
    main()
