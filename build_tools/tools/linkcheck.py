"""Link checker over a built site: every internal href/src and #anchor must resolve.

MkDocs validates the links of Markdown pages, but not what the theme, raw HTML
(the network SVG, attribute lists) or data files add, and not anchors into
other pages. This reads the built HTML, the way a browser would:

- an internal link or resource (`href`, `src`, ...) must name a file in the site
  (a folder means its index.html), and its `#fragment` an element id there;
- links to other hosts (http, https, mailto) are a reader's choice and are not
  followed, but a resource the browser fetches by itself from another host
  (script, stylesheet, image, frame, font preconnect...) is a problem: the site
  promises to work offline and to tell no third party who reads it;
- `javascript:` URLs are problems wherever they appear.

`check_links(site_dir)` returns the problems, sorted, as `page: message` lines.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
_SPACE = re.compile(r"\s+")

FETCHED_REL = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                         "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"})
"""`<link rel=...>` values that make the browser request the href without a click."""
FETCHED_ATTRS = {"script": "src", "img": "src", "iframe": "src", "frame": "src", "embed": "src",
                 "source": "src", "video": "src", "audio": "src", "track": "src", "object": "data",
                 "input": "src"}
LINK_ATTRS = {"a": "href", "area": "href", "form": "action"}
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})


# --------------------------------------------------------------------------- a small HTML tree


@dataclass
class Node:
    """An element of a parsed page; text children are already unescaped."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    """HTML comments, collected on the document node only."""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)]

    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)

    def text(self) -> str:
        """Visible text with whitespace folded, as a reader would copy it."""
        return _SPACE.sub(" ", self.raw_text()).strip()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the nearest open element of that name; a stray end tag is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.root.comments.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


# --------------------------------------------------------------------------- the checker


@dataclass(frozen=True)
class Reference:
    """One URL in a page and whether the browser fetches it without a click."""

    url: str
    tag: str
    fetched: bool


def page_references(root: Node) -> Iterator[Reference]:
    for node in root.iter():
        if node.tag == "link" and "href" in node.attrs:
            rels = set(node.attrs.get("rel", "").lower().split())
            yield Reference(node.attrs["href"], "link", bool(rels & FETCHED_REL))
        elif node.tag in FETCHED_ATTRS and FETCHED_ATTRS[node.tag] in node.attrs:
            yield Reference(node.attrs[FETCHED_ATTRS[node.tag]], node.tag, True)
        elif node.tag in LINK_ATTRS and LINK_ATTRS[node.tag] in node.attrs:
            yield Reference(node.attrs[LINK_ATTRS[node.tag]], node.tag, False)
        for name in ("href", "xlink:href"):  # links inside inline SVG
            if node.tag in ("a", "use", "image") and name in node.attrs and name != LINK_ATTRS.get(node.tag):
                yield Reference(node.attrs[name], node.tag, node.tag != "a")


def check_links(site_dir: Path, *, base_path: str | None = None) -> list[str]:
    """Every problem with links in the built site, sorted, as `page: message` lines.

    `base_path` is the path the site is served under (from site_url, e.g.
    "/central-asia-research/"); by default it is read from sitemap.xml. Only
    404.html may use it: MkDocs writes that page with absolute links because the
    server shows it at any depth.
    """
    site_dir = Path(site_dir).resolve()
    base = base_path if base_path is not None else site_base_path(site_dir)
    ids = _IdIndex(site_dir)
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        shown = page.relative_to(site_dir).as_posix()
        root = ids.tree(page)
        for ref in page_references(root):
            if shown == "404.html" and ref.url.startswith(base) and not ref.url.startswith("//"):
                ref = Reference(ref.url[len(base):] or ".", ref.tag, ref.fetched)
                problem = check_reference(ref, site_dir / "index.html", site_dir, ids)
            else:
                problem = check_reference(ref, page, site_dir, ids)
            if problem:
                problems.append(f"{shown}: {problem}")
    return sorted(set(problems))


def site_base_path(site_dir: Path) -> str:
    """The path part of the site's address, from the first <loc> of sitemap.xml; "/" without one."""
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        found = re.search(r"<loc>\s*([^<\s]+)", sitemap.read_text(encoding="utf-8", errors="replace"))
        if found:
            path = urlsplit(found.group(1)).path or "/"
            return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    return "/"


def check_reference(ref: Reference, page: Path, site_dir: Path, ids: _IdIndex) -> str | None:
    url = ref.url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "javascript":
        return f"<{ref.tag}> has a javascript: URL {url!r}"
    if scheme == "data":
        return None
    if scheme or url.startswith("//"):
        if ref.fetched:
            return f"<{ref.tag}> fetches {url!r} from another host"
        if scheme not in EXTERNAL_SCHEMES and not url.startswith("//"):
            return f"<{ref.tag}> has an unknown URL scheme {url!r}"
        return None
    if not parts.path:
        return _check_anchor(page, parts.fragment, site_dir, ids, url, ref.tag)
    if parts.path.startswith("/"):
        # The site may be served from a sub-path (site_url), so an absolute path can point outside it.
        return f"<{ref.tag}> uses an absolute path {url!r}; links must be relative"
    target_rel = posixpath.normpath(posixpath.join(posixpath.dirname(page.relative_to(site_dir).as_posix()),
                                                   unquote(parts.path)))
    if target_rel == ".." or target_rel.startswith("../"):
        return f"<{ref.tag}> points outside the site: {url!r}"
    target = site_dir / target_rel
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"<{ref.tag}> points to a missing file {url!r} ({target.relative_to(site_dir).as_posix()})"
    if parts.fragment and target.suffix == ".html":
        return _check_anchor(target, parts.fragment, site_dir, ids, url, ref.tag)
    return None


def _check_anchor(target: Path, fragment: str, site_dir: Path, ids: _IdIndex, url: str, tag: str) -> str | None:
    if not fragment:
        return None
    if unquote(fragment) in ids.ids(target):
        return None
    return f"<{tag}> points to a missing anchor {url!r} in {target.relative_to(site_dir).as_posix()}"


class _IdIndex:
    """Parsed pages and their element ids, each page parsed once."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._trees: dict[Path, Node] = {}
        self._ids: dict[Path, frozenset[str]] = {}

    def tree(self, page: Path) -> Node:
        if page not in self._trees:
            self._trees[page] = parse_html(page.read_text(encoding="utf-8", errors="replace"))
        return self._trees[page]

    def ids(self, page: Path) -> frozenset[str]:
        if page not in self._ids:
            root = self.tree(page)
            found = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
            found |= {n.attrs["name"] for n in root.iter() if n.tag == "a" and "name" in n.attrs}
            self._ids[page] = frozenset(found)
        return self._ids[page]
