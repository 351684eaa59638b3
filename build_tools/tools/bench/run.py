"""The `python -m build_tools bench` driver: generate, build, measure, print a table per size.

Each build runs in a child process (`bench.child`), so stage times and peak
memory (the child's own and its children's, e.g. Pagefind) belong to one size.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ...config import BuildConfig
from ...errors import BuildFailed
from ...outputs import MARKER, is_marked, make_marked
from .child import SAVES
from .corpus import make_vocabulary, write_corpus, write_long_article
from ...site import page_kind_bytes
from .measure import PAGE_KINDS, SearchBytes, article_html_bytes, page_feed_bytes, page_weights, search_bytes
from .memory import TreeMemory, run_sampled

STAGES = ("ingest", "taxonomy", "annotate", "stories", "emit", "write", "downloads", "mkdocs", "pagefind")
GIB = 2**30
OWN_STAGES = ("ingest", "taxonomy", "annotate", "stories", "emit", "write", "downloads")
"""Every stage but MkDocs and the wait for Pagefind: reading the taxonomy and writing the files are ours too."""
QUERY_WORD = "security"


@dataclass
class SizeResult:
    size: int
    build: dict
    site_bytes: int
    article_html: int
    search: SearchBytes
    page_weights: dict[str, int] = field(default_factory=dict)
    """{page kind: gzipped bytes fetched before the reader acts} (measure.page_weights)."""
    memory: TreeMemory = field(default_factory=lambda: TreeMemory(0))
    """The build's process tree, sampled (`memory`)."""
    kinds: dict[str, tuple[int, int]] = field(default_factory=dict)
    """{page kind: (files, bytes)} of the site (`measure.page_kind_bytes`)."""
    feeds: tuple[int, int] = (0, 0)
    """(count, bytes) of the page feeds."""
    default_nav: dict | None = None
    incremental: dict | None = None
    extra: dict = field(default_factory=dict)

    @property
    def total(self) -> float:
        return self.build["total"]

    @property
    def articles(self) -> int:
        return self.build["articles"]


def prepare_corpus(config: BuildConfig, vocabulary, size: int, target: Path) -> Path:
    """A corpus folder: the real taxonomy, rules and config, and `size` synthetic articles in raw/."""
    corpus = copy_corpus_data(config, target)
    write_corpus(vocabulary, size, corpus / "raw")
    return corpus


def copy_corpus_data(config: BuildConfig, target: Path) -> Path:
    """A corpus folder with the real taxonomy, rules and config, and no raw file yet."""
    corpus = target / "corpus"
    if corpus.exists() and not is_marked(corpus):  # `--work` is the user's: remove only what a bench made
        raise BuildFailed([f"{corpus}: the bench writes its corpus here, but no bench made this folder "
                           f"(no {MARKER} in it); choose another --work"])
    shutil.rmtree(corpus, ignore_errors=True)
    make_marked(corpus)
    source = config.corpus_dir
    for name in ("taxonomy", "rules"):
        if (source / name).is_dir():
            shutil.copytree(source / name, corpus / name)
    if (source / "config.yml").is_file():
        shutil.copy2(source / "config.yml", corpus / "config.yml")
    return corpus


def run_child(job: str, corpus: Path, work: Path) -> dict:
    return run_child_sampled(job, corpus, work)[0]


def run_child_sampled(job: str, corpus: Path, work: Path) -> tuple[dict, TreeMemory]:
    """The child's JSON result, and its process tree's memory while it ran."""
    done, memory = run_sampled([sys.executable, "-m", "build_tools.tools.bench.child", job, str(corpus), str(work)])
    if done.returncode != 0:
        raise RuntimeError(f"bench {job} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), memory


def bench_size(config: BuildConfig, vocabulary, size: int, work: Path, *, default_nav: bool,
               incremental: bool, log) -> SizeResult:
    target = work / str(size)
    corpus = prepare_corpus(config, vocabulary, size, target)
    log(f"[{size}] building")
    build, memory = run_child_sampled("build", corpus, target)
    site = target / "site"
    result = SizeResult(size, build, build["site_bytes"], article_html_bytes(site),
                        search_bytes(site, QUERY_WORD), page_weights(site), memory, page_kind_bytes(site),
                        page_feed_bytes(site))
    if default_nav:
        log(f"[{size}] building with the theme's default navigation")
        result.default_nav = run_child("default-nav", corpus, target)
    if incremental:
        log(f"[{size}] starting make serve, then saving {len(SAVES)} changes, each followed by one of its builds")
        result.incremental = run_child("incremental", corpus, target)
    return result


def bench_long_article(config: BuildConfig, vocabulary, megabytes: float, work: Path, *, log) -> dict:
    """Build a corpus of one article whose body is a single line of `megabytes` MB; the child's build figures."""
    target = work / f"long-{megabytes:g}MB"
    corpus = copy_corpus_data(config, target)
    write_long_article(vocabulary, megabytes, corpus / "raw")
    log(f"[one {megabytes:g} MB single-line article] building")
    return run_child("build", corpus, target)


def render_long_article(megabytes: float, build: dict) -> str:
    stages = ", ".join(f"{stage} {build['seconds'].get(stage, 0.0):.1f}" for stage in STAGES)
    return f"one {megabytes:g} MB single-line article: {build['total']:.1f} s ({stages})"


def run_bench(config: BuildConfig, sizes: list[int], *, work: Path | None = None, default_nav_upto: int = 1000,
              incremental: bool = False, keep: bool = False, long_article_mb: float = 0.0,
              log=print) -> tuple[list[SizeResult], dict | None]:
    from ...pipeline import BuildReport, make_corpus

    vocabulary = make_vocabulary(make_corpus(config, BuildReport()))
    own_work = work is None
    work = Path(tempfile.mkdtemp(prefix="build-tools-bench-")) if work is None else work
    results, long_article = [], None
    try:
        for size in sizes:
            results.append(bench_size(config, vocabulary, size, work, default_nav=size <= default_nav_upto,
                                      incremental=incremental, log=log))
            if size != sizes[-1]:
                # A run over several sizes takes long (30,000 articles: most of an hour): each size's figures
                # show as soon as they are in, not only in the final table.
                log(render_table(results))
        if long_article_mb:
            long_article = bench_long_article(config, vocabulary, long_article_mb, work, log=log)
    finally:
        if own_work and not keep:
            shutil.rmtree(work, ignore_errors=True)
    return results, long_article


def memory_rows(results: list[SizeResult]) -> list[tuple[str, list[str]]]:
    """Each stage's peak tree PSS, then each MkDocs process's own peak (a shard, or Pagefind beside them)."""
    peaks = [r.memory.stage_peaks([tuple(span) for span in r.build.get("spans", [])]) for r in results]
    rows = [(f"  peak during {stage}", [f"{p[stage] / GIB:.2f} GiB" if stage in p else "-" for p in peaks])
            for stage in STAGES]
    processes = [r.memory.process_peaks([tuple(span) for span in r.build.get("spans", [])], "mkdocs") for r in results]
    for position in range(max(map(len, processes), default=0)):
        rows.append((f"  mkdocs stage, process {position + 1}",
                     [f"{p[position][0]} {p[position][1] / GIB:.2f} GiB" if position < len(p) else "-"
                      for p in processes]))
    return rows


def kind_rows(results: list[SizeResult]) -> list[tuple[str, list[str]]]:
    """Each page kind's files and bytes, the heaviest kinds of the largest size first."""
    kinds = list(results[-1].kinds) if results else []
    return [(f"  {kind}/", [f"{r.kinds[kind][1] / 1e6:.1f} MB ({r.kinds[kind][0]} files)" if kind in r.kinds
                            else "-" for r in results]) for kind in kinds]


def _per_article(result: SizeResult) -> float:
    return result.total / max(result.articles, 1)


def render_table(results: list[SizeResult]) -> str:
    def mb(n: int) -> str:
        return f"{n / 1e6:.1f} MB"

    def kb(n: int) -> str:
        return f"{n / 1e3:.0f} kB"

    rows = [("articles", [str(r.articles) for r in results]),
            ("generated pages", [str(r.build["pages"]) for r in results])]
    for stage in STAGES:
        rows.append((f"{stage} s", [f"{r.build['seconds'].get(stage, 0.0):.1f}" for r in results]))
    rows += [
        ("total s", [f"{r.total:.1f}" for r in results]),
        ("own stages share", [f"{sum(r.build['seconds'].get(s, 0) for s in OWN_STAGES) / r.total:.0%}"
                              for r in results]),
        ("articles per s", [f"{r.articles / r.total:.0f}" for r in results]),
        ("pages per s", [f"{r.build['pages'] / r.total:.0f}" for r in results]),
        ("ms per article", [f"{1000 * r.total / max(r.articles, 1):.1f}" for r in results]),
        # Issue #30: at the largest size, at most 1.3x the time per article of the smallest.
        ("ms per article / smallest size's", [f"{_per_article(r) / _per_article(results[0]):.2f}x"
                                              for r in results]),
        ("peak RSS (ru_maxrss: own + largest child)", [f"{r.build['peak_rss_mib']:.0f} MiB" for r in results]),
        ("peak memory (PSS of the tree)", [f"{r.memory.peak() / GIB:.2f} GiB" for r in results]),
    ]
    rows += memory_rows(results)
    rows += [
        ("site size", [mb(r.site_bytes) for r in results]),
        *kind_rows(results),
        ("article page HTML", [kb(r.article_html) for r in results]),
        ("page feeds", [f"{mb(r.feeds[1])} ({r.feeds[0]} files)" for r in results]),
        *((f"{kind} page cold load (gz)", [kb(r.page_weights[kind]) if kind in r.page_weights else "-"
                                            for r in results]) for kind in PAGE_KINDS),
        (f"header search first query ('{QUERY_WORD}')",
         [kb(r.search.header) if r.search.header is not None else "-" for r in results]),
        (f"faceted first query ('{QUERY_WORD}')", [f"{kb(r.search.faceted)} ({r.search.faceted_how})"
                                                    for r in results]),
        ("mkdocs, default nav s", [f"{r.default_nav['mkdocs']:.1f}" if r.default_nav else "-" for r in results]),
    ]
    rows.append(("serve start-up s", [f"{r.incremental['start_up']:.1f}" if r.incremental else "-"
                                      for r in results]))
    for save in SAVES:
        measured = [r.incremental["saves"][save] if r.incremental else None for r in results]
        rows += [
            (f"{save}: regenerate s", [f"{m['regenerate']:.1f} ({m['written']} files written)" if m else "-"
                                       for m in measured]),
            (f"{save}: dirty mkdocs s", [f"{m['dirty_mkdocs']:.1f}" if m else "-" for m in measured]),
            (f"{save}: until the page reloads s", [f"{m['regenerate'] + m['dirty_mkdocs']:.1f}" if m else "-"
                                                   for m in measured]),
            (f"{save}: both, CPU s", [f"{m['cpu']:.1f}" if m else "-" for m in measured]),
            (f"{save}: then in the background s", [f"{m['background']:.1f}" if m else "-" for m in measured]),
        ]
    label_width = max(len(label) for label, _ in rows)
    widths = [max(len(str(r.size)), *(len(values[i]) for _, values in rows)) for i, r in enumerate(results)]
    header = " | ".join([f"{'size':<{label_width}}", *(f"{r.size:>{w}}" for r, w in zip(results, widths))])
    lines = [header, "-" * len(header)]
    for label, values in rows:
        lines.append(" | ".join([f"{label:<{label_width}}", *(f"{v:>{w}}" for v, w in zip(values, widths))]))
    return "\n".join(lines)
