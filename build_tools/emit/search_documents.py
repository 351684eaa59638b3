"""The article pages' search documents: what Pagefind indexes for each article (`search.pagefind`).

One small HTML file per article, at the article page's address, with the words
of the page's article body and the filters and metadata of the faceted search
(`templates/search_document.html.j2`). They are drawn from the annotated corpus
alone, not from the pages, so a build writes them first, as they render, and
Pagefind indexes them at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from markupsafe import Markup

from ..memo import Memo
from ..models import AnnotatedArticle, Corpus, RenderedPage
from ..outlets import OutletDirectory
from ..parallel import parallel_iter
from ..search.facets import search_facets
from .facets import render_facets_html
from .markdown import TEMPLATES, make_environment
from .urls import directory_url, page_path

TEMPLATE = "search_document.html.j2"


def render_search_documents(corpus: Corpus, memo: Memo | None = None) -> dict[PurePosixPath, bytes]:
    """{path under the search folder: HTML}; articles/x.md's document is articles/x/index.html, so that
    Pagefind gives a result the page's URL. With a `memo` (`make serve`), an unchanged article's is reused."""
    memo = memo or Memo()
    memo.begin((corpus.taxonomy, corpus.outlets, (TEMPLATES / TEMPLATE).stat().st_mtime_ns))
    documents = memo.map(_renderer(corpus), corpus.articles, key=lambda item: item.article.id, inputs=lambda item: item,
                         label="search documents")
    return {document_path(item): document for item, document in zip(corpus.articles, documents)}


def iter_search_documents(corpus: Corpus) -> Iterator[RenderedPage]:
    """Each article's search document, yielded as it renders: for a build, which writes each away rather
    than holding them all (`write.write_stream`)."""
    documents = parallel_iter(_renderer(corpus), corpus.articles, label="search documents")
    for item, document in zip(corpus.articles, documents):
        yield RenderedPage(document_path(item), document)


def _renderer(corpus: Corpus) -> Callable[[AnnotatedArticle], bytes]:
    template = make_environment().get_template(TEMPLATE)
    outlets = OutletDirectory(corpus.outlets)

    def render(item: AnnotatedArticle) -> bytes:
        outlet_kind = outlets.kind(item.article.publication)
        facets = Markup(render_facets_html(search_facets(item, corpus.taxonomy, outlet_kind), item.article.title))
        return template.render(article=item.article, facets_html=facets).encode("utf-8")
    return render


def document_path(item: AnnotatedArticle) -> PurePosixPath:
    return PurePosixPath(directory_url(page_path("articles", item.article.id)), "index.html")
