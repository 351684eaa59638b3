"""Render every generated page from the annotated corpus. Pure: values in, `RenderedPage`s out.

One method per kind of page; the look of each lives in its template under
`templates/`. Links are Markdown links relative to the page, so MkDocs checks
and rewrites them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import groupby, islice
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from ..config import BuildConfig
from ..ingest.language import language_name
from ..models import Actor, ActorId, ActorType, AnnotatedArticle, Corpus, Quote, RelationEvidence, RenderedPage
from ..outlets import OutletDirectory
from .body import body_blocks, keyword_in_context, paragraph_anchor, paragraph_html
from .briefs import Brief, briefs_by_actor, briefs_by_topic
from .cite import bibtex, citation, citation_fields
from .downloads import render_feed
from .lists import article_list_html, evidence_table_html, listed
from .markdown import TEMPLATES, make_environment
from .charts import render_year_chart
from .network import MAX_NODES, render_network
from .related import RelatedMemos, related_articles
from .site_index import (Named, SiteIndex, articles_by_year, iso, long_date, newest_first, pair_slug, reading_counts,
                         topic_entry)
from .urls import directory_url, fast_relative_link, page_file, page_path, relative_link, relative_url, timeline_path

GENERATED_NOTICE = "generated"
ACTOR_TYPE_LABELS = {
    ActorType.COUNTRY: "Countries",
    ActorType.ORGANISATION: "International organisations",
    ActorType.GROUP: "Armed and political groups",
    ActorType.PERSON: "People",
    ActorType.COMPANY: "Companies and media",
    ActorType.OTHER: "Other actors",
}


@dataclass(frozen=True)
class SiteLinks:
    """Absolute addresses, for citations and feeds; empty strings when not configured."""

    site_url: str
    repo_url: str
    edit_uri: str


def _spellings(items: tuple[AnnotatedArticle, ...]) -> list[str]:
    """The outlet names of articles grouped under one outlet page: its spellings differ in case or punctuation."""
    return sorted({item.article.publication for item in items if item.article.publication})


def _plain(path: str) -> bool:
    return not path.startswith("/") and all(part not in ("", ".", "..") for part in path.split("/"))


@dataclass(frozen=True)
class PageJob:
    """One page to render. A page with a `key` is drawn from its `inputs` and the renderer's `scope` alone."""

    render: Callable[[], RenderedPage]
    key: Hashable = None
    inputs: tuple = ()


class PageRenderer:
    def __init__(self, corpus: Corpus, config: BuildConfig, links: SiteLinks, briefs: tuple[Brief, ...] = (),
                 related_memos: RelatedMemos | None = None):
        self.options = config.options
        self.briefs = briefs
        self.briefs_by_actor = briefs_by_actor(briefs, corpus.taxonomy)
        self.briefs_by_topic = briefs_by_topic(briefs, corpus.taxonomy)
        self.index = SiteIndex(corpus, config.options.relation_min_evidence)
        self.taxonomy = corpus.taxonomy
        self.links = links
        self.env = make_environment()
        self.related = related_articles(self.index.articles, config.options.related_articles, related_memos)
        self.quotes_by_speaker = quotes_by_speaker(self.index.articles)
        self.edit = config.edit_paths
        self.outlets = OutletDirectory(corpus.outlets)
        self.outlets_file = config.repository_path(config.corpus_dir / "outlets.yml")

    # ------------------------------------------------------------------ helpers

    def render(self, template: str, here: PurePosixPath, edit_source: PurePosixPath | str | None,
                **context: Any) -> RenderedPage:
        here_dir = posixpath.dirname(str(here))
        links: dict[str, Markup] = {}  # a page links to the same actor many times; at 10,000 articles it adds up

        def link(target: PurePosixPath | str) -> Markup:
            key = str(target)
            found = links.get(key)
            if found is None:
                found = links[key] = Markup(fast_relative_link(key, here_dir))
            return found

        here_url = directory_url(here)

        def page_url(target: PurePosixPath | str) -> Markup:
            """The address of a page as the browser resolves it from this one, for links in raw HTML."""
            key = "url:" + str(target)
            found = links.get(key)
            if found is None:
                found = links[key] = Markup(relative_url(directory_url(target), here_url))
            return found

        def article_url(article_id: str) -> Markup:
            return page_url(page_file("articles", article_id))

        content = self.env.get_template(template).render(
            here=here, link=link, page_url=page_url, index=self.index, taxonomy=self.taxonomy,
            options=self.options, actor_url=lambda actor_id: page_url(page_file("actors", actor_id)),
            article_list=lambda items, snippets=None, stories=False: article_list_html(
                items, article_url, snippets, self.index.copies if stories else None),
            evidence_table=lambda evidence, titles: evidence_table_html(evidence, titles, article_url),
            edit_source=self.shown_source(edit_source),
            actor_page=lambda actor_id: link(page_file("actors", actor_id)),
            topic_page=lambda topic_id: link(page_file("topics", topic_id)),
            article_page=lambda article_id: link(page_file("articles", article_id)),
            source_path=lambda raw: page_file("sources", self.index.source_slugs[raw]),
            iso=iso, long_date=long_date,
            **context)
        return RenderedPage(here, content.encode("utf-8"), PurePosixPath(edit_source) if edit_source else None)

    def shown_source(self, edit_source: PurePosixPath | str | None) -> str | None:
        """The file a page names for editing (its notice, its edit button), or None: a file outside the repository
        (`BuildConfig.edit_paths` are None there) is no one's to edit there, and its local path stays off the site."""
        if not edit_source or PurePosixPath(edit_source).is_absolute():
            return None
        return str(edit_source)

    def absolute_url(self, path: PurePosixPath) -> str:
        directory = path.with_suffix("").as_posix()
        directory = "" if directory == "index" else directory.removesuffix("/index") + "/"
        return f"{self.links.site_url.rstrip('/')}/{directory}" if self.links.site_url else directory

    # ------------------------------------------------------------------ pages

    def scope(self) -> tuple:
        """What every page may draw on besides its own `PageJob.inputs`: a memo keeps pages while it is equal."""
        templates = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(TEMPLATES.glob("*.j2")))
        return self.taxonomy, self.options, self.links, self.briefs, templates, self.outlets.profiles

    def page_jobs(self) -> list[PageJob]:
        """One job per page; each is independent, so a large corpus renders them in parallel.

        The pages most numerous (articles, actors, relations, topics, outlets, authors,
        sources), the relations overview (0.6 s at 10,000 articles) and the timeline (0.2-0.4 s)
        say what they are drawn from, so that `make serve` re-renders only those an edit touched."""
        index = self.index
        return [
            PageJob(self.home),
            *(PageJob(partial(self.article, item), ("article", item.article.id),
                      (item, *(index.by_id[r] for r in self.related.get(item.article.id, ())),
                       *map(listed, index.other_copies(item.article.id))))
              for item in index.articles),
            PageJob(self.actors_overview),
            *(PageJob(partial(self.actor, actor_id), ("actor", actor_id), self.actor_inputs(actor_id))
              for actor_id in index.mentioned_actors),
            *(self.feed_job("actors", actor_id, self.taxonomy.actor(actor_id).name, index.articles_by_actor[actor_id])
              for actor_id in index.mentioned_actors),
            *(PageJob(partial(self.relation, pair), ("relation", pair), self.relation_inputs(evidence))
              for pair, evidence in index.evidence_by_pair.items()),
            *(self.feed_job("relations", pair_slug(pair), self.pair_name(pair),
                            # an article's evidence is consecutive; lazy: the feed reads its first few articles
                            (index.by_id[article] for article, _ in groupby(e.article for e in evidence)))
              for pair, evidence in index.evidence_by_pair.items()),
            PageJob(self.relations_overview, ("relations",), tuple(index.evidence_by_pair.items())),
            PageJob(self.topics_overview),
            *(PageJob(partial(self.topic, topic.id), ("topic", topic.id), self.topic_inputs(topic.id))
              for topic in self.taxonomy.topics),
            *(self.feed_job("topics", topic.id, topic.name,  # listed by score on the page
                            sorted(index.articles_by_topic.get(topic.id, ()), key=newest_first))
              for topic in self.taxonomy.topics),
            PageJob(partial(self.named_overview, "outlets", "Outlets", index.articles_by_outlet)),
            *(self.outlet_job(outlet, items) for outlet, items in index.articles_by_outlet.items()),
            PageJob(partial(self.named_overview, "authors", "Authors", index.articles_by_author)),
            *(PageJob(partial(self.named_page, "authors", "Author", author, items), ("author", author.slug),
                      (author, *map(listed, items)))
              for author, items in index.articles_by_author.items()),
            PageJob(self.timeline, ("timeline",), self.timeline_inputs()),
            *(PageJob(partial(self.timeline_year, year), ("timeline", year),
                      (tuple(index.by_year), *map(self.listed_story, items)))  # the years beside it are links
              for year, items in index.by_year.items()),
            PageJob(self.sources_overview),
            *(PageJob(partial(self.source, report), ("source", report.path),
                      (report, *(index.by_id[i] for i in report.article_ids)))
              for report in index.corpus.reports),
            PageJob(self.suggestions),
            PageJob(self.network),
            PageJob(partial(self.render, "downloads.md.j2", PurePosixPath("downloads/index.md"), None)),
        ]

    def feed_job(self, kind: str, slug: str, name: str, items: Iterable[AnnotatedArticle]) -> PageJob:
        """The Atom feed of a page's newest `FEED_ITEMS` dated articles, beside the page (`feed_path`).

        `items` come newest first (`site_index.newest_first`), as the index lists an actor's or a pair's: sorting
        each actor's whole list again on every save took a tenth of a save's regeneration at 1,000 articles."""
        newest = tuple(islice((item for item in items if item.article.date), FEED_ITEMS))
        return PageJob(partial(self.feed, kind, slug, name, newest), (f"{kind} feed", slug), (name, *newest))

    def feed(self, kind: str, slug: str, name: str, items: tuple[AnnotatedArticle, ...]) -> RenderedPage:
        collection = self.options.collection_name
        return render_feed(items, feed_path(kind, slug), f"{collection}: {name}", directory_url(page_path(kind, slug)),
                           lambda article_id: self.absolute_url(page_path("articles", article_id)),
                           self.links.site_url, collection, limit=FEED_ITEMS)

    def pair_name(self, pair) -> str:
        return f"{self.taxonomy.actor(pair[0]).name} and {self.taxonomy.actor(pair[1]).name}"

    def timeline_inputs(self) -> tuple:
        """The timeline shows each year's article count and its newest articles' titles, bylines and dates."""
        shown = self.options.timeline_per_year
        return tuple((year, len(items), *map(self.listed_story, items[:shown]))
                     for year, items in self.index.by_year.items())

    def listed_story(self, item: AnnotatedArticle) -> tuple:
        """What a list that shows each story once shows of an article: its entry and its number of copies."""
        return *listed(item), self.index.copies(item.article.id)

    def outlet_job(self, outlet: Named, items: tuple[AnnotatedArticle, ...]) -> PageJob:
        """An outlet page shows how many articles it has and the newest, and searches for all its spellings."""
        spellings = _spellings(items)
        return PageJob(partial(self.named_page, "outlets", "Outlet", outlet, items, search={"outlet": spellings}),
                       ("outlet", outlet.slug),
                       (outlet, len(items), spellings, *map(listed, items[:self.options.index_page_items])))

    def topic_inputs(self, topic_id) -> tuple:
        """A topic page draws on its articles, and counts the stories they tell."""
        items = self.index.articles_by_topic.get(topic_id, ())
        return tuple(items), self.index.story_count(items)

    def actor_inputs(self, actor_id) -> tuple:
        """An actor page draws on the articles that mention the actor, and on whether its country has a page."""
        country = self.taxonomy.actor(actor_id).country
        items = self.index.articles_by_actor[actor_id]
        return country in self.index.articles_by_actor, tuple(items), self.index.story_count(items)

    def relation_inputs(self, evidence: tuple[RelationEvidence, ...]) -> tuple:
        """A relation page draws on its evidence and the titles of the articles it shows, not on their outlets or
        authors, whose correction re-rendered every relation page showing the article, for nothing. (A date
        correction still re-renders them: it moves the article's evidence in the newest-first order.)"""
        return evidence, *(self.index.by_id[e.article].article.title for e in evidence[:self.options.index_page_items])

    def home(self) -> RenderedPage:
        return self.render("home.md.j2", PurePosixPath("index.md"), self.edit.options, briefs=self.briefs)

    def article(self, item: AnnotatedArticle) -> RenderedPage:
        article = item.article
        here = page_path("articles", article.id)
        url = self.absolute_url(here)
        actors_by_type: dict[ActorType, list] = {}
        for actor_id in item.actor_ids:
            actor = self.taxonomy.actor(actor_id)
            actors_by_type.setdefault(actor.type, []).append(actor)
        grouped = [(ACTOR_TYPE_LABELS[t], sorted(actors_by_type[t], key=lambda a: a.name))
                   for t in ActorType if t in actors_by_type]
        correction = self.edit.correction(article.source.path.stem)
        return self.render(
            "article.md.j2", here, correction,
            item=item, article=article, language=language_name(article.language), grouped_actors=grouped, blocks=body_blocks(item), paragraph_html=paragraph_html,
            outlet_kind=self.outlets.kind(article.publication),
            related=[self.index.by_id[r] for r in self.related.get(article.id, ())],
            copies=self.index.other_copies(article.id),
            citation=citation(article, self.options.collection_name, url),
            bibtex=bibtex(article, self.options.collection_name, url),
            citation_fields=citation_fields(article),
            correction=correction or f"corrections/{article.source.path.stem}.yml",  # a corpus outside the repository
        )

    def actors_overview(self) -> RenderedPage:
        by_type: dict[ActorType, list] = {}
        for actor_id in self.index.mentioned_actors:
            actor = self.taxonomy.actor(actor_id)
            by_type.setdefault(actor.type, []).append(actor)
        groups = [(ACTOR_TYPE_LABELS[t], by_type[t]) for t in ActorType if t in by_type]
        return self.render("actors_index.md.j2", PurePosixPath("actors/index.md"),
                            self.edit.actors, groups=groups)

    def actor(self, actor_id) -> RenderedPage:
        actor = self.taxonomy.actor(actor_id)
        items = self.index.articles_by_actor[actor_id]
        shown = items[:self.options.index_page_items]
        quotes = self.quotes_by_speaker.get(actor_id, ())
        return self.render(
            "actor.md.j2", page_path("actors", actor_id), actor.source, feed=str(feed_path("actors", actor_id)),
            quotes=[(quote, item, paragraph_anchor(item.article, quote.start)) for quote, item in quotes[:QUOTES_SHOWN]],
            quote_total=len(quotes),
            actor=actor, items=shown, total=len(items), mentions=self.index.mention_counts[actor_id],
            stories=self.index.story_count(items),
            search_all=self.search_query(page_path("actors", actor_id), actor=[actor.name]),
            chart=Markup(render_year_chart(self.index.actor_mentions_by_year(actor_id), "mentions")),
            co_mentioned=self.index.top_co_mentioned(actor_id, 15),
            snippets={item.article.id: keyword_in_context(item, actor_id) for item in shown},
            country=self.taxonomy.actor(actor.country) if actor.country else None,
            other_forms=other_language_forms(actor, items),
            briefs=self.briefs_by_actor.get(actor_id, ()),
            pair_page=lambda other: (page_path("relations", pair_slug(p))
                                     if (p := self.index.pair(actor_id, other)) else None),
        )

    def relation(self, pair) -> RenderedPage:
        evidence = self.index.evidence_by_pair[pair]
        a, b = self.taxonomy.actor(pair[0]), self.taxonomy.actor(pair[1])
        here = page_path("relations", pair_slug(pair))
        shown = evidence[:self.options.index_page_items]  # newest articles first
        return self.render(
            "relation.md.j2", here, self.edit.relations, feed=str(feed_path("relations", pair_slug(pair))),
            a=a, b=b, evidence=shown, total=len(evidence),
            search_all=self.search_query(here, actor=[a.name, b.name]),
            readings=sorted(reading_counts(evidence).items()), titles={e.article: self.index.by_id[e.article].article.title
                                                      for e in shown},
        )

    @staticmethod
    def search_query(here: PurePosixPath, **filters: list[str]) -> Markup:
        """A Markdown link target to the faceted search page with filters in the query (URL-encoded)."""
        query = urlencode([(name, value) for name, values in filters.items() for value in values])
        return Markup(f"{relative_link('search.md', here)}?{query}")

    def relations_overview(self) -> RenderedPage:
        pairs = [(pair, reading_counts(evidence))
                 for pair, evidence in sorted(self.index.evidence_by_pair.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        return self.render("relations_index.md.j2", PurePosixPath("relations/index.md"),
                            self.edit.relations, pairs=pairs, pair_slug=pair_slug)

    def topics_overview(self) -> RenderedPage:
        return self.render("topics_index.md.j2", PurePosixPath("topics/index.md"),
                            self.edit.topics)

    def topic(self, topic_id) -> RenderedPage:
        topic = self.taxonomy.topic(topic_id)
        items = self.index.articles_by_topic.get(topic_id, ())  # highest-scoring first
        # The strongest matches; the search lists them all (a topic can cover half the corpus).
        shown = items[:self.options.index_page_items]
        scores = {item.article.id: topic_entry(item, topic_id) for item in shown}
        here = page_path("topics", topic_id)
        return self.render("topic.md.j2", here, topic.source, feed=str(feed_path("topics", topic_id)),
                            topic=topic, items=shown, total=len(items), scores=scores,
                            stories=self.index.story_count(items),
                            search_all=self.search_query(here, topic=[topic.name]),
                            actors=self.index.topic_actors(topic_id, 15),
                            chart=Markup(render_year_chart(articles_by_year(items), "articles")),
                            briefs=self.briefs_by_topic.get(topic_id, ()))

    def named_overview(self, kind: str, title: str, groups: dict[Named, tuple]) -> RenderedPage:
        ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].name.casefold(), kv[0].slug))
        return self.render("named_index.md.j2", PurePosixPath(kind, "index.md"), self.edit.corrections,
                            kind=kind, title=title, groups=ordered)

    def named_page(self, kind: str, label: str, who: Named, items: tuple,
                   search: dict[str, list[str]] | None = None) -> RenderedPage:
        """An outlet's or author's articles, newest first. With `search` filters (the search has an outlet
        filter, not an author one) it lists the newest `index_page_items` and links to the search for all."""
        here = page_path(kind, who.slug)
        shown, search_all = items, None
        if search:
            shown = items[:self.options.index_page_items]
            search_all = self.search_query(here, **search)
        if kind == "outlets":
            return self.render("named.md.j2", here, self.outlets_file, kind=kind, label=label, who=who,
                               items=shown, total=len(items), search_all=search_all, **self.outlet_profile(who.name))
        return self.render("named.md.j2", here, self.edit.corrections,
                            kind=kind, label=label, who=who, items=shown, total=len(items), search_all=search_all)

    def outlet_profile(self, outlet: str) -> dict[str, Any]:
        """An outlet page's profile (corpus/outlets.yml) as rows of the fields it gives; none, and the page
        invites one."""
        profile = self.outlets.profile(outlet)
        rows = [] if profile is None else [(field, value) for field, value in (
            ("Kind", profile.kind), ("Country", profile.country),
            ("Languages", ", ".join(language_name(code) for code in profile.languages)),
            ("Owner", profile.owner), ("Also written", ", ".join(profile.aliases))) if value]
        return {"profile": profile, "profile_rows": rows, "outlets_file": self.outlets_file,
                "contributing": self.repository_file("CONTRIBUTING.md")}

    def repository_file(self, path: str) -> str:
        """A file's address on the repository's host, from mkdocs.yml's repo_url and edit_uri ('' without them)."""
        if not self.links.repo_url:
            return ""
        branch = self.links.edit_uri.strip("/").replace("edit", "blob", 1)
        return "/".join(part for part in (self.links.repo_url.rstrip("/"), branch, path) if part)

    def timeline(self) -> RenderedPage:
        shown = self.options.timeline_per_year
        years = [(year, items[:shown], len(items)) for year, items in self.index.by_year.items()]
        return self.render("timeline.md.j2", PurePosixPath("timeline.md"), self.edit.corrections,
                           years=years, year_page=timeline_path)

    def timeline_year(self, year: int | None) -> RenderedPage:
        """A year's articles by month, newest first (or the undated ones), between links to the years beside it."""
        items = self.index.by_year[year]
        here = timeline_path(year)
        if year is None:
            months, search_all = [(None, items)], None
        else:
            months = [(f"{group[0].article.date:%B}", group)
                      for group in (tuple(g) for _, g in groupby(items, key=lambda item: item.article.date.month))]
            search_all = self.search_query(here, year=[str(year)], sort=["newest"])
        dated = [y for y in self.index.by_year if y is not None] if year is not None else []  # undated: none
        newer = min((y for y in dated if y > year), default=None)
        older = max((y for y in dated if y < year), default=None)
        return self.render("timeline_year.md.j2", here, self.edit.corrections, year=year, months=months,
                           total=len(items), newer=newer, older=older, search_all=search_all,
                           year_page=timeline_path)

    def sources_overview(self) -> RenderedPage:
        return self.render("sources_index.md.j2", PurePosixPath("sources/index.md"), self.edit.raw,
                            reports=self.index.corpus.reports)

    def source(self, report) -> RenderedPage:
        return self.render("source.md.j2", page_path("sources", self.index.source_slugs[report.path]), report.path,
                            report=report, items=[self.index.by_id[i] for i in report.article_ids])

    def suggestions(self) -> RenderedPage:
        return self.render("suggestions.md.j2", PurePosixPath("suggestions.md"), self.edit.actors,
                            suggestions=self.index.corpus.suggestions)

    def network(self) -> RenderedPage:
        # The figure is raw HTML, so its links are written as the browser sees them from network/.
        figure = render_network(self.index, lambda actor: relative_url(directory_url(page_path("actors", actor)), "network/"))
        return self.render("network.md.j2", PurePosixPath("network.md"), self.edit.actors,
                           drawing=Markup(figure.drawing), table=Markup(figure.table),
                           shown=min(MAX_NODES, len(self.index.mentioned_actors)))


FEED_ITEMS = 20
"""The newest articles in an actor's, topic's or relation's feed: small files, one per page."""


def feed_path(kind: str, slug: str) -> PurePosixPath:
    """A page's feed, in the folder its directory URL names: actors/<id>/feed.xml beside actors/<id>/."""
    return PurePosixPath(kind, slug, "feed.xml")


QUOTES_SHOWN = 20
"""At most this many quotations on an actor page, the newest; quotes.csv holds them all."""


def quotes_by_speaker(articles: tuple[AnnotatedArticle, ...]) -> dict[ActorId, tuple[tuple[Quote, AnnotatedArticle], ...]]:
    """Each speaker's quotations with their articles, in the order of `articles` (newest first), then of the text.

    An actor page draws on the articles that mention the actor (`actor_inputs`), and a speaker is always
    mentioned in the article, so its quotations need no input of their own."""
    found: dict[ActorId, list[tuple[Quote, AnnotatedArticle]]] = {}
    for item in articles:
        for quote in item.quotes:
            found.setdefault(quote.speaker, []).append((quote, item))
    return {speaker: tuple(quotes) for speaker, quotes in found.items()}


_NON_WORD = re.compile(r"[\W_]+")
OTHER_FORMS_SHOWN = 60
"""At most this many forms in other languages on an actor page, so that it stays readable."""


def other_language_forms(actor: Actor, items: tuple[AnnotatedArticle, ...]) -> tuple[str, ...]:
    """The forms that named the actor in the articles, beyond its English terms (and their plurals):
    its names in other languages as the texts inflect them ("Казахстану", "Qozog'istonning")."""
    def key(surface: str) -> str:
        return " ".join(_NON_WORD.sub(" ", surface).lower().split())
    english = {key(term) for term in actor.terms} | {key(term) + "s" for term in actor.demonyms}
    surfaces = {surface for item in items for surface in item.surfaces.get(actor.id, ())}
    forms = {surface for surface in surfaces if key(surface) not in english}
    return tuple(sorted(forms, key=lambda form: (form.lower(), form))[:OTHER_FORMS_SHOWN])
