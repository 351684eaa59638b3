"""Command line: `python -m build_tools VERB`. The only place that turns errors into exit codes."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .config import load_config
from .errors import BuildFailed, SourceError, render_problem

log = logging.getLogger("build_tools")


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args) or 0
    except (BuildFailed, SourceError) as error:
        print(f"error: build failed\n{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build_tools", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    verbs = parser.add_subparsers(required=True, metavar="VERB")

    build = verbs.add_parser("build", help="run the pipeline and build the site")
    add_layout_options(build)
    build.add_argument("--out", type=Path, help="where to write the site (default: site/)")
    build.add_argument("--no-strict", dest="strict", action="store_false", help="let MkDocs warnings pass")
    sharing = build.add_mutually_exclusive_group()
    sharing.add_argument("--shard", type=parse_shard, metavar="I/N",
                         help="render only share I of N of the pages into --out, for --merge (one CI job each)")
    sharing.add_argument("--merge", type=Path, nargs="+", metavar="PART",
                         help="build the site from the shards' folders (each --shard I/N's --out), not MkDocs")
    build.set_defaults(run=run_build)

    serve = verbs.add_parser("serve", help="live preview that rebuilds when corpus, docs or templates change")
    add_layout_options(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(run=run_serve)

    ingest = verbs.add_parser("ingest", help="split raw files into articles and print them")
    ingest.add_argument("files", nargs="+", type=Path)
    ingest.add_argument("--json", action="store_true", help="print a JSON list of articles")
    ingest.add_argument("--report", action="store_true", help="print what was dropped from each file, and why")
    ingest.set_defaults(run=run_ingest)

    tag = verbs.add_parser("tag", help="tag a text with actors and topics")
    tag.add_argument("file", nargs="?", default="-", help="a text file, or - for standard input")
    tag.add_argument("--json", action="store_true", help="print JSON")
    tag.set_defaults(run=run_tag)

    check = verbs.add_parser("check", help="validate corpus/ and docs/ and print every problem (no MkDocs)")
    check.set_defaults(run=run_check)

    diff = verbs.add_parser("diff", help="which articles gain or lose which actor and topic tags against a git ref")
    diff.add_argument("--base", default="main", help="git ref to compare the working tree with (default: main)")
    diff.add_argument("--markdown", action="store_true", help="print Markdown, for a pull-request comment")
    diff.set_defaults(run=run_diff)

    bench = verbs.add_parser("bench", help="build synthetic corpora of given sizes and print timings and sizes")
    bench.add_argument("--sizes", default="1000,5000,10000", help="comma-separated article counts")
    bench.add_argument("--default-nav-upto", type=int, default=1000, metavar="N",
                       help="also build sizes up to N with the theme's default navigation, for comparison")
    bench.add_argument("--incremental", action="store_true",
                       help="for each size, edit one raw file and time the regenerate (with the memos of a run "
                            "before, as make serve keeps them) + dirty MkDocs build")
    bench.add_argument("--work", type=Path, help="build here and keep the results (default: a temporary folder)")
    bench.add_argument("--long-article", type=float, default=0.0, metavar="MB",
                       help="also build one article whose body is a single line of MB megabytes (e.g. 20) and "
                            "print its stage times: every stage must stay linear in article length")
    bench.set_defaults(run=run_bench)
    return parser


def add_layout_options(verb: argparse.ArgumentParser) -> None:
    verb.add_argument("--corpus", type=Path, help="corpus folder: raw/, taxonomy/, corrections/... (default: corpus)")
    verb.add_argument("--raw", type=Path, help="folder of raw .txt and .md files (default: <corpus>/raw)")
    verb.add_argument("--build-dir", type=Path, help="where generated pages are staged (default: build/)")


def run_build(args: argparse.Namespace) -> int:
    from . import site
    from .emit.markdown import counted
    from .pipeline import build, build_shard

    config = load_config(corpus_dir=args.corpus, raw_dir=args.raw, build_dir=args.build_dir, site_dir=args.out)
    if args.shard is not None:
        report = build_shard(config, args.shard, strict=args.strict)
    else:
        report = build(config, strict=args.strict, parts=args.merge)
    for warning in dict.fromkeys(report.warnings):  # once each, in corpus order
        print(render_problem(warning, fails=False), file=sys.stderr)
    limit_warning = site.pages_limit_warning(config.site_dir, report.site_bytes)
    if limit_warning:
        print(f"warning: {limit_warning}", file=sys.stderr)
    stages = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in report.seconds.items())
    print(f"Built {counted(report.articles, 'article')}, {counted(report.actors, 'actor')}, "
          f"{counted(report.topics, 'topic')} ({counted(report.pages, 'page')}; "
          f"{counted(report.written, 'file')} written, {report.removed} removed) in {stages}.")
    # Not "open index.html": the pages link to folders ("actors/"), which a browser reading files from
    # disk shows as a folder listing; a web server, as on GitHub Pages, serves their index.html.
    print(f"The site takes {report.site_bytes / 1e6:.1f} MB, in {config.site_dir}. "
          "Read it with `make serve`, which serves it as GitHub Pages will.")
    return 0


def parse_shard(text: str):
    """"I/N" (1 <= I <= N) -> the shard to build."""
    from .site.shards import Shard

    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected I/N, e.g. 2/4") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"{text!r}: I must be between 1 and N")
    return Shard(index - 1, count)


def run_serve(args: argparse.Namespace) -> int:
    from .site import serve

    for name in ("mkdocs.commands.serve", "mkdocs.livereload"):  # where it serves, and each save's rebuild
        logging.getLogger(name).setLevel(logging.INFO)
    serve.run(load_config(corpus_dir=args.corpus, raw_dir=args.raw, build_dir=args.build_dir), args.dev_addr)
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    from .emit.records import article_record
    from .ingest import ingest_files, render_report

    result = ingest_files(args.files, load_config())
    if args.report:
        print("\n\n".join(render_report(report) for report in result.reports))
    elif args.json:
        print(json.dumps([article_record(a) for a in result.articles], ensure_ascii=False, indent=2))
    else:
        for article in result.articles:
            print(f"{article.source.path}:{article.source.start_line}: {article.title}")
    return 0


def run_tag(args: argparse.Namespace) -> int:
    from .annotate import Annotator, load_taxonomy
    from .emit.records import tag_record
    from .models import Article, ArticleId, Block, BlockKind, SourceRef

    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    config = load_config()
    taxonomy = load_taxonomy(config.taxonomy_dir, config.root)
    blocks = tuple(Block(BlockKind.PARAGRAPH, p.strip()) for p in text.split("\n\n") if p.strip())
    article = Article(ArticleId("input"), "input", (), None, None, (SourceRef(Path(args.file), 1, 1),), blocks)
    record = tag_record(Annotator(taxonomy).annotate(article), taxonomy)
    if args.json:
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        for actor in record["actors"]:
            print(f"{actor['name']} ({actor['type']}): {actor['mentions']}")
        for topic in record["topics"]:
            print(f"topic {topic['name']}: {topic['score']}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from .tools.check import check_repository, render_result

    result = check_repository(load_config())
    print(render_result(result), file=sys.stderr if result.errors else sys.stdout)
    return 1 if result.errors else 0


def run_diff(args: argparse.Namespace) -> int:
    from .tools.review import annotate_config, annotate_ref, diff_corpora, render_diff

    config = load_config()
    diff = diff_corpora(annotate_ref(args.base, config.root), annotate_config(config))
    print(render_diff(diff, args.base, markdown=args.markdown))
    return 0


def run_bench(args: argparse.Namespace) -> int:
    from .tools.bench.run import render_long_article, render_table, run_bench as bench

    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    results, long_article = bench(load_config(), sizes, work=args.work, default_nav_upto=args.default_nav_upto,
                                  incremental=args.incremental, long_article_mb=args.long_article,
                                  log=lambda message: print(message, file=sys.stderr, flush=True))
    if results:
        print(render_table(results))
    if long_article:
        print(render_long_article(args.long_article, long_article))
    return 0
