"""One typed configuration object, loaded once and passed to each stage.

Paths default to the repository layout; `corpus/config.yml` may override the
knobs in `SiteOptions`. No stage reads environment variables or mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path, PurePosixPath

import yaml

from .errors import BuildFailed, SourceError
from .yamlsource import load_yaml, require_mapping

REPO_ROOT = Path(__file__).resolve().parent.parent
OPTIONS_FILE = "config.yml"
"""The site options, in the corpus folder."""


@dataclass(frozen=True)
class SiteOptions:
    """Knobs a maintainer may set in corpus/config.yml."""

    collection_name: str = "Central Asia Research Collection"
    """Shown on the home page and in citations."""
    collection_description: str = (
        "Articles on the geopolitics of Central Asia, annotated with the actors "
        "they mention and the topics they cover."
    )
    relation_min_evidence: int = 1
    """A pair of actors gets a relation page once it has this many evidence sentences."""
    related_articles: int = 5
    newest_on_home: int = 10
    timeline_per_year: int = 20
    """The timeline lists each year's newest articles, this many; the year's own page lists them all, by month.
    Listing every article on one page made it 2.4 MB of HTML at 10,000 articles."""
    raw_file_max_megabytes: int = 50
    """A raw file larger than this is not read (an error naming it): a scrape is rarely over a few MB, and a
    runaway one (a log, a dump) would hold the whole build's memory."""
    index_page_items: int = 100
    """Actor, outlet and relation pages list this many newest articles / evidence sentences, topic pages this many
    highest-scoring articles, and link to the faceted search for the rest; a page listing every article
    makes the MkDocs build quadratic."""
    story_min_overlap: float = 0.5
    """Two articles are one story (a repost or near-copy, `annotate.stories`) when at least this share of the
    shorter one's four-word phrases is in the other."""
    instant_navigation_max_pages: int = 1200
    """The theme's instant navigation (pages swapped in place, no full reload) is on while the site has at most
    this many pages, and off above. It fetches the whole sitemap on every page before the reader acts: 9-10 bytes
    gzipped a page, so 1,200 pages add 11-12 kB to a cold load of at most 83 kB without it (the bundled corpus),
    within the 100 kB a page may fetch."""
    search_bundle_max_megabytes: float = 48.0
    """Search documents past this many MB are indexed in parts, each by its own Pagefind, one after another, into
    bundles the search page searches together (`search.pagefind`). Pagefind's peak RSS is 43.7 bytes per byte of
    documents (92.8 MB: 4.05 GB; parts of 48.0 and 44.8 MB: 2.10 and 1.96 GB), so 48 MB keeps one run under
    2 GiB: with the 0.8 GiB the build holds meanwhile, under 3 GiB. Each bundle adds about 180 kB (its loader,
    worker, WebAssembly and metadata) to a first query's download, so the parts are as large as that budget allows
    (36 MB parts, 1.46 GiB each, would make the 10,000-article bench three bundles, not two)."""

    @property
    def search_bundle_max_bytes(self) -> int:
        return round(self.search_bundle_max_megabytes * 1_000_000)


@dataclass(frozen=True)
class BuildConfig:
    root: Path
    corpus_dir: Path
    """The corpus folder; the others below default to its subfolders."""
    raw_dir: Path
    corrections_dir: Path
    rules_file: Path
    taxonomy_dir: Path
    docs_dir: Path
    """Hand-written pages and assets."""
    staging_dir: Path
    """Where hand-written and generated Markdown meet; MkDocs' docs_dir."""
    search_dir: Path
    """The article pages' search documents, which Pagefind indexes (`search.pagefind`)."""
    site_dir: Path
    mkdocs_file: Path
    options: SiteOptions = field(default_factory=SiteOptions)
    site_url: str = ""
    """From mkdocs.yml, the one place addresses are configured; used for citations and the feed."""
    repo_url: str = ""
    edit_uri: str = ""

    @property
    def reads_own_raw_files(self) -> bool:
        """Whether the raw files are the corpus's own (its raw/ folder), which its corrections name."""
        return self.raw_dir == (self.corpus_dir / "raw").resolve()

    def relative(self, path: Path) -> Path:
        """A path as contributors see it: relative to the repository when inside it."""
        try:
            return path.resolve().relative_to(self.root)
        except ValueError:
            return path

    def repository_path(self, path: Path) -> str | None:
        """`path` as the repository names it (an edit link, a page's notice); None outside the repository, where
        no one edits it, and whose local path stays off the site."""
        relative = self.relative(path)
        return None if relative.is_absolute() else relative.as_posix()

    @cached_property  # MkDocs' hook asks for it on every page, and each path is resolved on the disk
    def edit_paths(self) -> EditPaths:
        return EditPaths(
            docs=self.repository_path(self.docs_dir), options=self.repository_path(self.corpus_dir / OPTIONS_FILE),
            corrections=self.repository_path(self.corrections_dir), raw=self.repository_path(self.raw_dir),
            actors=self.repository_path(self.taxonomy_dir / "actors"),
            topics=self.repository_path(self.taxonomy_dir / "topics.yml"),
            relations=self.repository_path(self.taxonomy_dir / "relations.yml"))


@dataclass(frozen=True)
class EditPaths:
    """The files and folders a contributor edits, as the repository names them (`BuildConfig.repository_path`):
    where generated pages' edit buttons and notices point."""

    docs: str | None
    options: str | None
    corrections: str | None
    raw: str | None
    actors: str | None
    topics: str | None
    relations: str | None

    def correction(self, raw_stem: str) -> str | None:
        """The corrections file of the raw file named `raw_stem`."""
        return f"{self.corrections}/{raw_stem}.yml" if self.corrections else None


def load_config(root: Path = REPO_ROOT, *, corpus_dir: Path | None = None, raw_dir: Path | None = None,
                build_dir: Path | None = None, site_dir: Path | None = None) -> BuildConfig:
    """The repository's layout, with the corpus, raw files, build folder or site moved where asked."""
    root = root.resolve()
    corpus = (corpus_dir or root / "corpus").resolve()
    build = (build_dir or root / "build").resolve()
    config = BuildConfig(
        root=root,
        corpus_dir=corpus,
        raw_dir=(raw_dir or corpus / "raw").resolve(),
        corrections_dir=corpus / "corrections",
        rules_file=corpus / "rules" / "ingest.yml",
        taxonomy_dir=corpus / "taxonomy",
        docs_dir=root / "docs",
        staging_dir=build / "docs",
        search_dir=build / "search",
        site_dir=(site_dir or root / "site").resolve(),
        mkdocs_file=root / "mkdocs.yml",
    )
    options = load_site_options(corpus / OPTIONS_FILE, root)
    return replace(config, options=options, **load_mkdocs_settings(config.mkdocs_file))


def load_mkdocs_settings(mkdocs_file: Path) -> dict[str, str]:
    """site_url, repo_url and edit_uri from mkdocs.yml (tags such as !ENV are read as plain values)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    data = yaml.load(mkdocs_file.read_text(encoding="utf-8"), Loader=Loader) if mkdocs_file.exists() else {}
    return {key: str(data.get(key) or "") for key in ("site_url", "repo_url", "edit_uri")}


def load_site_options(path: Path, root: Path) -> SiteOptions:
    if not path.exists():
        return SiteOptions()
    shown = PurePosixPath((path.relative_to(root) if path.is_relative_to(root) else path).as_posix())
    if path.is_symlink():  # read before the build's own check of links (`inputs`)
        raise BuildFailed([SourceError(shown, None, "cannot read file: is a symbolic link; the build reads only "
                                                    "regular files, no links")])
    try:
        source = load_yaml(path, shown)
        data = require_mapping(source, "a mapping of option names to values")
    except SourceError as error:
        raise BuildFailed([error]) from None
    known = {f.name: f.type for f in fields(SiteOptions)}
    unknown = sorted(set(data) - set(known), key=str)
    if unknown:
        raise BuildFailed([source.error((str(unknown[0]),), f"unknown option(s): {', '.join(map(str, unknown))}")])
    defaults = SiteOptions()
    for name, value in data.items():
        if type(value) is not type(getattr(defaults, name)):
            raise BuildFailed([source.error((name,), f"option '{name}' must be {known[name]}, got {value!r}")])
    return SiteOptions(**data)
