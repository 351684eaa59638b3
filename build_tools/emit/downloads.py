"""Data files for researchers: the annotated corpus as JSON and CSV, the taxonomy, BibTeX, an Atom feed."""

from __future__ import annotations

import csv
import io
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath
from urllib.parse import urljoin
from xml.sax.saxutils import escape as xml_escape

import orjson

from ..memo import Memo
from ..models import AnnotatedArticle, Corpus, RenderedPage, Taxonomy
from ..parallel import parallel_iter
from .cite import bibtex
from .records import annotated_record, published_file, sentence_spans, taxonomy_record
from .site_index import SiteIndex

DOWNLOADS = PurePosixPath("downloads")
HEADERS = {
    "articles.csv": ["id", "title", "authors", "date", "publication", "source_file", "start_line", "actors",
                     "topics", "language", "story"],
    "mentions.csv": ["article", "actor", "start", "end", "surface"],
    "topics.csv": ["article", "topic", "score", "fired_terms"],
    "relations.csv": ["actor_a", "actor_b", "reading", "article", "sentence_start", "sentence_end"],
    "quotes.csv": ["speaker", "speaker_name", "article", "date", "quote", "kind"],
}
GZIPPED = frozenset({"corpus.json", *HEADERS, "articles.bib"})
"""Published gzip-compressed (`published_name`): every data file but the taxonomy, whose size does not grow with
the articles. GitHub Pages publishes sites of at most 1 GB; the files with an entry per mention or relation took
417 MB as text at 10,000 articles, 80 MB compressed, and the article-level ones (articles.csv, topics.csv,
quotes.csv, articles.bib), kept plain until then, 2.1 kB an article, 0.4 kB compressed."""
GZIP_LEVEL = 4
"""corpus.json.gz at 1,000 bench articles: 6.65 MB in 0.35 s of CPU at level 1, 5.68 MB in 0.46 s at level 4,
5.33 MB in 0.90 s at level 6. mtime 0 keeps the bytes the same from build to build."""
FEED = PurePosixPath("feed.xml")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def published_name(name: str) -> str:
    return f"{name}.gz" if name in GZIPPED else name


DATA_FILES = (*(DOWNLOADS / published_name(name)
                for name in ("corpus.json", "taxonomy.json", *HEADERS, "articles.bib")), FEED)
"""Every file `render_data_files` writes, in its order (a build renders them after MkDocs, `pipeline.build`)."""


@dataclass(frozen=True)
class ArticleData:
    """One article's share of each data file, as UTF-8. A file is its shares in corpus order, so the shares
    are rendered (and encoded) on every core, and under `make serve` only a changed article's again."""

    record: bytes
    """Its entry in corpus.json."""
    rows: tuple[bytes, ...]
    """Its lines of each CSV file, in `HEADERS` order."""
    bibtex: bytes


def article_data(item: AnnotatedArticle, collection: str, url: str, taxonomy: Taxonomy, story: str) -> ArticleData:
    """`story`: the id of the story the article tells (`SiteIndex.story_id`), its own id when it has no copies;
    `taxonomy` names the speakers of quotes.csv."""
    article = item.article
    date = article.date.isoformat() if article.date else ""
    spans = sentence_spans(item)
    rows = (
        [[article.id, inert(article.title), inert("; ".join(article.authors)),
          date, inert(article.publication or ""),
          inert(published_file(article.source.path)), article.source.start_line,
          " ".join(item.actor_ids), " ".join(s.topic for s in item.topics), article.language, story]],
        [[article.id, m.actor, m.start, m.end, inert(m.surface)] for m in item.mentions],
        [[article.id, s.topic, s.score, inert("; ".join(f"{t}×{c}" for t, c in s.fired))] for s in item.topics],
        [[*e.actors, e.reading.value, e.article, *spans[e.sentence]] for e in item.relations],
        [[q.speaker, inert(taxonomy.actor(q.speaker).name), q.article, date, inert(q.words), q.kind.value]
         for q in item.quotes],
    )
    return ArticleData(_json({**annotated_record(item, spans), "story": story}), tuple(_csv(lines) for lines in rows),
                       bibtex(article, collection, url).encode("utf-8"))


@dataclass(frozen=True)
class DataFiles:
    """The data files' parts, rendered: each article's share and the rest. `files()` joins them and compresses
    the largest: 440 MB of text and 3.3 s at 10,000 articles, which `make serve` leaves until after MkDocs'
    build (`serve.ServeSession`). A build streams them instead (`interleaved`)."""

    shares: Iterable[ArticleData]
    """In corpus order: a tuple, or for `interleaved` alone an iterator read once as the workers render them."""
    taxonomy: bytes
    feed: RenderedPage

    def files(self) -> list[RenderedPage]:
        """Every data file and the feed, in `DATA_FILES` order."""
        # zlib lets go of the GIL while it compresses, so the gzipped files compress side by side.
        with ThreadPoolExecutor() as pool:
            return list(pool.map(lambda file: RenderedPage(file[0], b"".join(file[1])), self.chunks()))

    def chunks(self) -> list[tuple[PurePosixPath, Iterator[bytes]]]:
        """Every data file and the feed, in `DATA_FILES` order, as its bytes in chunks."""
        return [(layout.path, layout.chunks(self.shares)) for layout in self._layouts()]

    def interleaved(self) -> tuple[list[PurePosixPath], Iterator[tuple[bytes, ...]]]:
        """Every data file's path, in `DATA_FILES` order, and their bytes side by side: one chunk per file for
        the heads, then for each share, then for the tails. For a build, which writes the files together as
        each share comes, rather than holding every share (0.5 GiB at 10,000 articles) to write one file at a time."""
        layouts = self._layouts()
        return [layout.path for layout in layouts], _side_by_side(layouts, self.shares)

    def _layouts(self) -> list[_Layout]:
        # Compact, sorted keys: the same bytes as dumping the whole corpus at once.
        return [
            _Layout("corpus.json", b'{"articles":[', _record, b",", b"]}\n"),
            _Layout("taxonomy.json", self.taxonomy + b"\n"),
            *(_Layout(name, _csv([header]), partial(_rows, n)) for n, (name, header) in enumerate(HEADERS.items())),
            _Layout("articles.bib", b"", _bibtex, b"\n\n", b"\n"),
            _Layout(self.feed.path.as_posix(), self.feed.content, path=self.feed.path),
        ]


def _record(share: ArticleData) -> bytes:
    return share.record


def _rows(n: int, share: ArticleData) -> bytes:
    return share.rows[n]


def _bibtex(share: ArticleData) -> bytes:
    return share.bibtex


@dataclass(frozen=True)
class _Layout:
    """One data file: its head, each share's part (`part`, none for a file of no share) joined by `separator`,
    then its tail; gzip-compressed if its name is in `GZIPPED`."""

    name: str
    head: bytes
    part: Callable[[ArticleData], bytes] | None = None
    separator: bytes = b""
    tail: bytes = b""
    path: PurePosixPath | None = None
    """Where it is written: downloads/<published name> unless given."""

    def __post_init__(self) -> None:
        if self.path is None:
            object.__setattr__(self, "path", DOWNLOADS / published_name(self.name))

    def encoder(self) -> _Plain | _Gzip:
        return _Gzip() if self.name in GZIPPED else _Plain()

    def chunks(self, shares: Iterable[ArticleData]) -> Iterator[bytes]:
        return (step[0] for step in _side_by_side([self], shares))


def _side_by_side(layouts: list[_Layout], shares: Iterable[ArticleData]) -> Iterator[tuple[bytes, ...]]:
    """The chunks of `_Layout.chunks` of every file, one step of each at a time, reading `shares` once."""
    encoders = [layout.encoder() for layout in layouts]
    yield tuple(encoder.begin(layout.head) for layout, encoder in zip(layouts, encoders))
    for position, share in enumerate(shares):
        yield tuple(b"" if layout.part is None else
                    encoder.add(layout.separator + layout.part(share) if position else layout.part(share))
                    for layout, encoder in zip(layouts, encoders))
    yield tuple(encoder.end(layout.tail) for layout, encoder in zip(layouts, encoders))


def render_data_files(index: SiteIndex, corpus: Corpus, url_of: Callable[[str], str], collection: str,
                      site_url: str, memo: Memo | None = None, *, streamed: bool = False) -> DataFiles:
    """The parts of every data file and the feed; `url_of(article_id)` is an article's address. `streamed`
    (a build, no `memo`): the shares as the workers render them, for `DataFiles.interleaved` to read once."""
    def share(item: AnnotatedArticle) -> ArticleData:
        return article_data(item, collection, url_of(item.article.id), corpus.taxonomy, index.story_id(item.article.id))

    if streamed:
        assert memo is None, "a memo keeps every share; a streamed build keeps none"
        shares: Iterable[ArticleData] = parallel_iter(share, index.articles, label="downloads")
    else:
        memo = memo or Memo()
        memo.begin((collection, site_url, corpus.taxonomy))  # quotes.csv names the speakers
        shares = tuple(memo.map(share, index.articles, key=lambda item: item.article.id,
                                inputs=lambda item: (item, index.story_id(item.article.id)), label="downloads"))
    return DataFiles(shares, _json(taxonomy_record(corpus.taxonomy)),
                     render_feed(index.articles, FEED, collection, "", url_of, site_url, collection))


def render_feed(items: Sequence[AnnotatedArticle], path: PurePosixPath, title: str, page: str,
                url_of: Callable[[str], str], site_url: str, author: str, limit: int = 50) -> RenderedPage:
    """An Atom feed at `path` of the newest dated articles of `items` (newest first) for the page at the
    directory URL `page` ("" for the home page); `updated` is the newest article date, never the build time."""
    dated = [i for i in items if i.article.date][:limit]
    updated = f"{dated[0].article.date.isoformat()}T00:00:00Z" if dated else "1970-01-01T00:00:00Z"
    base = site_url or "/"
    entries = []
    for item in dated:
        # Against the site's address: a relative article address would resolve against a nested feed's folder.
        article, url = item.article, xml_escape(urljoin(base, url_of(item.article.id)))
        authors = "".join(f"<author><name>{xml_escape(a)}</name></author>" for a in article.authors)
        entries.append(
            f"<entry><title>{xml_escape(article.title)}</title><id>{url}</id>"
            f'<link href="{url}"/><updated>{article.date.isoformat()}T00:00:00Z</updated>{authors}'
            f"<summary>{xml_escape(article.text[:400])}</summary></entry>")
    home = xml_escape(base + page)
    # rel="self" is the feed's own address, which feed readers and validators ask for.
    feed = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{xml_escape(title)}</title><id>{home}</id><link href=\"{home}\"/>"
            f'<link rel="self" type="application/atom+xml" href="{xml_escape(base)}{path}"/>'
            f"<updated>{updated}</updated><author><name>{xml_escape(author)}</name></author>"
            + "".join(entries) + "</feed>\n")
    return RenderedPage(path, feed.encode("utf-8"))


GZIP_HEADER = struct.pack("<BBBBIBB", 0x1F, 0x8B, 8, 0, 0, 4 if GZIP_LEVEL == 1 else 0, 255)
"""gzip's header as GzipFile writes it with mtime 0: no flags, the fast-compression hint, OS 255 (unknown).
Written here, not taken from gzip.compress, whose OS byte differs between Python versions (3 before 3.13)."""


class _Plain:
    """A file's bytes as they are, chunk by chunk."""

    def begin(self, data: bytes) -> bytes:
        return data

    def add(self, data: bytes) -> bytes:
        return data

    def end(self, data: bytes) -> bytes:
        return data


class _Gzip:
    """A gzip member of a file's bytes, chunk by chunk, never joining them; the same bytes on every Python
    (deflate's output does not depend on how its input is cut)."""

    def __init__(self) -> None:
        self._deflate = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        self._checksum = self._size = 0

    def begin(self, data: bytes) -> bytes:
        return GZIP_HEADER + self.add(data)

    def add(self, data: bytes) -> bytes:
        self._checksum, self._size = zlib.crc32(data, self._checksum), self._size + len(data)
        return self._deflate.compress(data)

    def end(self, data: bytes) -> bytes:
        return self.add(data) + self._deflate.flush() + struct.pack("<II", self._checksum, self._size & 0xFFFFFFFF)


def _json(data: object) -> bytes:
    # Compact (indenting makes the corpus file a third larger), keys sorted, UTF-8 as is. For the records'
    # strings, integers and lists, orjson writes what json.dumps(ensure_ascii=False, separators=(",", ":"),
    # sort_keys=True) writes, 6x faster: 9.8 s of the data files at 10,000 articles.
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def inert(text: str) -> str:
    """A CSV text cell that no spreadsheet reads as a formula: one that begins with =, +, -, @, tab or carriage
    return gets a leading single quote, as OWASP's CSV-injection guidance says. Only text columns: a number
    keeps its sign. Identifiers (slugs) and numbers cannot begin so."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv(rows: list[list]) -> bytes:
    """What csv.writer writes for rows of two fields or more (strings and numbers, never None).

    Most rows hold slugs and numbers, which need no quoting: joined as they are, 1.8 million rows take a
    sixth of csv.writer's time (3 s of CPU at 10,000 articles). Rows in which a field holds a delimiter,
    quote or line break (the counts below tell) go through csv.writer instead."""
    text = "".join([",".join(map(str, row)) + "\n" for row in rows])
    if ('"' in text or "\r" in text or text.count("\n") != len(rows)
            or text.count(",") != sum(len(row) - 1 for row in rows)):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        text = buffer.getvalue()
    return text.encode("utf-8")
