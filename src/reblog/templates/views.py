"""Read-only views of the site and its documents: what Liquid and Jinja2 templates see.

These play the part of Jekyll's drops: templates read through them and never change the model.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from ..model import SCALAR_TYPES, Collection, Document, Site, StaticFile
from ..sitetime import TIME_INPUT, RubyTime, SiteTime


def liquid_value(value: Any) -> Any:
    """Present a model value to templates (dates print the Ruby way)."""
    if isinstance(value, datetime) and not isinstance(value, RubyTime):
        return RubyTime.of(value)
    return value


@dataclass
class RenderRecord:
    """One render in progress: every input it reads, as it reads it, and whose render it is.

    ``inputs`` holds source files (a layout, an include, in either engine), other documents'
    fields (``_posts/a.md#content``) and site-wide values (``site.posts``). ``document`` is what
    ``site.related_posts`` is relative to (None for an excerpt). ``excerpts`` lists the documents
    whose excerpt first rendered during this render. ``times`` lists its ``site.time``
    observations in the order they were made and ``layers`` where each layout began (a
    ``LayerMark``): together they say which layout first derived what from the time.
    """

    inputs: set[str] = field(default_factory=set)
    document: Document | None = None
    excerpts: list[Document] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    layers: list[LayerMark] = field(default_factory=list)
    # The last Liquid template rendered for the document (content or layout): its own output
    # and its ``PrintLog`` (None: none yet, or a Jinja2 layout).
    final: tuple[str, Any] | None = None


@dataclass(frozen=True)
class LayerMark:
    """Where one layout began in a render: observations and excerpts so far, and its ``content``."""

    times: int
    excerpts: int
    content: str


class RenderRecorder:
    """The renders in progress, innermost last: an excerpt renders inside the page that shows it."""

    def __init__(self) -> None:
        # Innermost last; empty outside a render (the document views read it directly: they
        # look at the innermost render very often).
        self.stack: list[RenderRecord] = []

    @contextmanager
    def render(self, document: Document | None, excerpt: bool = False) -> Iterator[RenderRecord]:
        """Record one render. An excerpt's inputs and excerpts count for the render that asked."""
        outer = self.stack[-1] if self.stack else None
        if excerpt and outer is not None:
            record = RenderRecord(outer.inputs, None, outer.excerpts, outer.times)
        else:
            record = RenderRecord(document=None if excerpt else document)
        self.stack.append(record)
        try:
            yield record
        finally:
            self.stack.pop()

    @property
    def current(self) -> RenderRecord | None:
        """The innermost render in progress."""
        return self.stack[-1] if self.stack else None

    @property
    def document(self) -> Document | None:
        """The document whose render is in progress (the outermost), if any."""
        return next((record.document for record in self.stack if record.document is not None), None)

    def note(self, key: str) -> None:
        """The render in progress read ``key``."""
        if self.stack:
            self.stack[-1].inputs.add(key)

    def note_time(self, observation: str) -> bool:
        """The render in progress derived something from ``site.time`` (``reblog.sitetime``);
        False when none is."""
        if not self.stack:
            return False
        record = self.stack[-1]
        record.inputs.update((TIME_INPUT, observation))
        record.times.append(observation)
        return True


_MISSING = object()


class LazyMapping(Mapping[str, Any]):
    """A mapping whose values are computed on first access from a table of getters."""

    __slots__ = ("_data", "_getters", "_cache", "_convert", "_on_access", "_volatile")

    def __init__(
        self, data: Mapping[str, Any], getters: Mapping[str, Callable[[], Any]],
        convert: Callable[[Any], Any] = liquid_value,
        on_access: Callable[[str], None] | None = None,
        volatile: frozenset[str] = frozenset(),
    ) -> None:
        self._data = data
        self._getters = getters
        self._cache: dict[str, Any] = {}
        self._convert = convert
        self._on_access = on_access
        # Keys whose value depends on what is being rendered: computed on every access.
        self._volatile = volatile

    def __getitem__(self, key: str) -> Any:
        if self._on_access is not None:
            self._on_access(key)
        value = self._cache.get(key, _MISSING)
        if value is not _MISSING:
            return value
        getter = self._getters.get(key) if isinstance(key, str) else None
        if getter is not None:
            value = getter()
        elif key in self._data and not (isinstance(key, str) and key.startswith("__")):
            value = self._data[key]
        else:
            raise KeyError(key)
        value = self._convert(value)
        if key not in self._volatile:
            self._cache[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self._getters or (
            key in self._data and not key.startswith("__")))

    def __iter__(self) -> Iterator[str]:
        seen = set()
        for key in self._data:
            if not key.startswith("__"):
                seen.add(key)
                yield key
        for key in self._getters:
            if key not in seen:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __getattr__(self, name: str) -> Any:
        # Jinja2 reads ``page.title`` as an attribute first; answer from the mapping.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


class _NotingView(LazyMapping):
    """A view whose every read notes, for the output being rendered, the inputs the key stands
    for (``_input_names``, made once per key: listing pages read the same fields of the same
    documents thousands of times), and which answers a value it has made itself, without
    LazyMapping's call."""

    __slots__ = ("_recorder", "_inputs")

    def __init__(self, recorder: RenderRecorder, *args: Any, **kwargs: Any) -> None:
        self._recorder = recorder
        self._inputs: dict[str, tuple[str, ...]] = {}
        super().__init__(*args, **kwargs)

    def _input_names(self, key: str) -> tuple[str, ...]:
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        stack = self._recorder.stack
        if stack:
            names = self._inputs.get(key) if type(key) is str else None
            if names is None:
                names = self._input_names(key)
                if type(key) is str:
                    self._inputs[key] = names
            stack[-1].inputs.update(names)
        value = self._cache.get(key, _MISSING) if type(key) is str else _MISSING
        if value is not _MISSING:
            return value
        return super().__getitem__(key)


class DocumentView(_NotingView):
    """A page or collection document as templates see it (Jekyll's DocumentDrop / Page hash)."""

    __slots__ = ("doc", "_views")

    def __init__(self, doc: Document, views: SiteViews) -> None:
        self.doc = doc
        self._views = views
        getters = _document_getters(doc, views) if doc.kind == "document" else _page_getters(doc, views)
        # Liquid reads these anew on each use (Jekyll's drops and Page#to_liquid): a document's
        # content is its source while it renders and its HTML once converted.
        super().__init__(views.recorder, doc.data, getters, views.convert, volatile=_LIVE_KEYS)

    def _input_names(self, key: str) -> tuple[str, ...]:
        # Which document, and which of its fields, the output being rendered looked at.
        return (f"{self.doc.relpath}#*", f"{self.doc.relpath}#{key}")

    def fixed_field(
        self, key: str,
    ) -> tuple[RenderRecorder, tuple[str, ...], Mapping[str, Any] | None] | None:
        """For a filter that remembers its answers (``where``): the recorder, the inputs a read
        of ``key`` notes, and the data that must still lack the key for the answer to hold.

        Only when the key's value is a plain one this view keeps for the build (read before,
        not live; no data to watch), or the key is not there at all (its data to watch, which a
        plugin's hook may still fill in); None otherwise.
        """
        if type(self) is not DocumentView or type(key) is not str:
            return None   # (pages while they render and excerpts answer some keys their own way)
        names = self._inputs.get(key)
        if names is None:
            return None
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            if key in self._getters or key in self._volatile:
                return None
            return self._views.recorder, names, (None if key.startswith("__") else self._data)
        if type(value) in SCALAR_TYPES or (type(value) is list and all(type(v) is str for v in value)):
            return self._views.recorder, names, None
        return None   # (site.time and what holds it note what is derived from them)

    def __str__(self) -> str:
        record = self._views.recorder.current
        if record is not None:   # ``{{ page.next }}`` prints the neighbour's output
            record.inputs.update((f"{self.doc.relpath}#output", f"{self.doc.relpath}#content"))
        return self.doc.output or self.doc.content or ""

    def json_hash(self, depth: int = 0) -> dict[str, Any]:
        """What ``jsonify`` serializes: Jekyll's ``hash_for_json(state)`` at JSON depth ``depth``.

        A page is its plain hash. A document lists DocumentDrop's methods then its front
        matter; from depth 2 on, its ``next`` and ``previous`` are collapsed (no content,
        output, excerpt or further neighbours), which is what ends Jekyll's recursion.
        """
        if self.doc.kind != "document":
            return dict(self.items())
        result = {key: self.get(key) for key in self.drop_keys()}
        if depth >= 2:
            for key in ("previous", "next"):
                neighbour = result.get(key)
                if isinstance(neighbour, DocumentView):
                    result[key] = {
                        k: neighbour.get(k) for k in neighbour.drop_keys()
                        if k not in _NESTED_BLACKLIST
                    }
        return result

    def drop_keys(self) -> list[str]:
        """A document's keys as Jekyll's DocumentDrop lists them (Drop#keys), which are also
        the keys ``jsonify`` writes."""
        data_keys = [k for k in self.doc.data if not k.startswith("__") and k not in _DROP_KEYS]
        return [*_DROP_KEYS, *data_keys]


# Jekyll's DocumentDrop: its methods in the order Drop#keys lists them, and the fields a
# nested neighbour leaves out (NESTED_OBJECT_FIELD_BLACKLIST).
_DROP_KEYS = (
    "name", "id", "relative_path", "excerpt", "title", "categories", "collection", "next",
    "tags", "previous", "content", "output", "path", "url", "date", "draft",
)
_NESTED_BLACKLIST = frozenset({"content", "output", "excerpt", "next", "previous"})


_LIVE_KEYS = frozenset({"content", "output"})


class RenderingPageView(DocumentView):
    """``page`` while a page renders: Jekyll's hash of the page taken before its render starts.

    Jekyll's renderer sets ``page`` to ``Page#to_liquid`` once, so ``page.content`` stays the
    source text in the page's layouts too (a document's drop, in contrast, reads it live).
    """

    __slots__ = ("source",)

    def __init__(self, doc: Document, views: SiteViews, source: str) -> None:
        super().__init__(doc, views)
        self.source = source

    def __getitem__(self, key: str) -> Any:
        if key == "content" and "content" in self._getters:
            super().__getitem__(key)   # noted as read, like any field
            return self.source
        return super().__getitem__(key)

    def __hash__(self) -> int:
        return id(self.doc)

    def __eq__(self, other: object) -> bool:
        # Ruby compares the two hashes by value: the page as ``site.pages`` shows it is equal
        # while its content is still the source, not once converted (in its layouts).
        return isinstance(other, DocumentView) and other.doc is self.doc and (
            other.doc.content == self.source)


class ExcerptView(DocumentView):
    """``page`` while an excerpt renders (Jekyll's ExcerptDrop): no ``excerpt``, no ``layout``."""

    __slots__ = ()
    HIDDEN = frozenset({"excerpt", "layout"})

    def __getitem__(self, key: str) -> Any:
        if key in self.HIDDEN:
            raise KeyError(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        return key not in self.HIDDEN and super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        return (key for key in super().__iter__() if key not in self.HIDDEN)


# A page made by a plugin whose Page subclass has its own ATTRIBUTES_FOR_LIQUID (jekyll-archives'
# Archive) lists them under this data key; the others are looked up in its data.
LIQUID_ATTRIBUTES_KEY = "__liquid_attributes__"


def _page_getters(doc: Document, views: SiteViews) -> dict[str, Callable[[], Any]]:
    # Jekyll's Page::ATTRIBUTES_FOR_LIQUID, in its order (``jsonify`` of a page shows it).
    getters: dict[str, Callable[[], Any]] = {
        "content": lambda: doc.content,
        "dir": lambda: doc.dir,
        "excerpt": lambda: doc.data.get("excerpt"),
        "name": lambda: doc.name,
        "path": lambda: doc.data.get("path", doc.relpath),
        "url": lambda: doc.url,
    }
    names = doc.data.get(LIQUID_ATTRIBUTES_KEY)
    if names is None:
        return getters
    return {name: getters.get(name, functools.partial(doc.data.get, name)) for name in names}


def _document_getters(doc: Document, views: SiteViews) -> Mapping[str, Callable[[], Any]]:
    return _BoundGetters(_DOCUMENT_GETTERS, doc, views)


class _BoundGetters(Mapping[str, Callable[[], Any]]):
    """One document's getters, made on use from a table shared by every document.

    A table of closures per document cost ~2.7 KB each (~80 MB of a 30,000-post site's peak
    memory, in the parent and copied into every render worker's view of it); a getter is made
    only when a value is (views keep the values they made, but content and output).
    """

    __slots__ = ("_table", "_doc", "_views")

    def __init__(
        self, table: Mapping[str, Callable[[Document, SiteViews], Any]], doc: Document, views: SiteViews,
    ) -> None:
        self._table = table
        self._doc = doc
        self._views = views

    def get(self, key: str, default: Any = None) -> Any:
        """The getter of ``key`` bound to the document (``default`` when there is none)."""
        getter = self._table.get(key)
        return default if getter is None else functools.partial(getter, self._doc, self._views)

    def __getitem__(self, key: str) -> Callable[[], Any]:
        return functools.partial(self._table[key], self._doc, self._views)

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def _document_excerpt(doc: Document, views: SiteViews) -> Any:
    if "excerpt" in doc.data:
        return doc.data["excerpt"]
    # Rendered on first use, as Jekyll's Excerpt#output is.
    if doc.excerpt is None and doc.raw_excerpt is not None and views.render_excerpt:
        views.render_excerpt(doc)
    return doc.excerpt if doc.excerpt is not None else doc.raw_excerpt


# A collection document's fields (Jekyll's DocumentDrop), in its order.
_DOCUMENT_GETTERS: Mapping[str, Callable[[Document, SiteViews], Any]] = MappingProxyType({
    "content": lambda doc, views: doc.content,
    "output": lambda doc, views: doc.output,
    "url": lambda doc, views: doc.url,
    "id": lambda doc, views: document_id(doc),
    "relative_path": lambda doc, views: doc.relpath,
    "path": lambda doc, views: doc.relpath,
    "name": lambda doc, views: doc.data.get("name", doc.name),
    "collection": lambda doc, views: doc.collection,
    "date": lambda doc, views: doc.date,
    "excerpt": _document_excerpt,
    "next": lambda doc, views: views.neighbour(doc, +1),
    "previous": lambda doc, views: views.neighbour(doc, -1),
    "draft": lambda doc, views: doc.draft,
})


def document_id(doc: Document) -> str:
    """Jekyll's Document#id: the URL's folder (Ruby's File.dirname) joined with the slug."""
    folder = posixpath.dirname(doc.url.rstrip("/") or "/")
    slug = doc.data.get("slug") or doc.basename_without_ext
    return f"{folder.rstrip('/')}/{slug}"


def static_file_view(item: StaticFile) -> dict[str, Any]:
    """A static file as templates see it (Jekyll's StaticFileDrop)."""
    name = item.path.name
    dot = name.rfind(".")
    return {
        "name": name,
        "path": "/" + item.relpath,
        "modified_time": RubyTime.fromtimestamp(item.mtime).astimezone(),
        "basename": name[:dot] if dot > 0 else name,
        "extname": name[dot:] if dot > 0 else "",
        "collection": item.collection,
        "url": item.url,
        **item.data,
    }


class SiteViews:
    """Builds and caches the views of one site, so each document has exactly one view."""

    def __init__(self, site: Site, source_map_pages: list[tuple[Document, Document]] | None = None) -> None:
        """``source_map_pages``: each Sass page with the source map page Jekyll appends for it."""
        self.site = site
        self._pages = _PagesSeen(site, source_map_pages or [])
        self._docs: dict[int, DocumentView] = {}
        self._positions: dict[int, tuple[Collection, int]] = {}
        for coll in site.collections.values():
            for index, doc in enumerate(coll.docs):
                self._positions[id(doc)] = (coll, index)
        self._site_view: SiteView | None = None
        # Renders excerpts on first use (the renderer's, given once it exists).
        self.render_excerpt: Callable[[Document], None] | None = None
        # What the renders in progress read; both template engines note their reads here.
        self.recorder = RenderRecorder()
        if isinstance(site.time, SiteTime):
            site.time.watch(self.recorder.note_time)

    @property
    def source_map_pages(self) -> list[tuple[Document, Document]]:
        """Each Sass page with the source map page that joins ``site.pages`` when it converts."""
        return self._pages.pairs

    def doc(self, doc: Document) -> DocumentView:
        """The one view of a document."""
        view = self._docs.get(id(doc))
        if view is None:
            view = self._docs[id(doc)] = DocumentView(doc, self)
        return view

    def docs(self, docs: list[Document]) -> list[DocumentView]:
        """Views of several documents, in order."""
        return [self.doc(d) for d in docs]

    def convert(self, value: Any) -> Any:
        """Present a data value: documents become their views, dates print the Ruby way."""
        if isinstance(value, Document):
            return self.doc(value)
        if isinstance(value, list) and value and any(isinstance(v, (Document, dict)) for v in value):
            return [self.convert(v) for v in value]
        if isinstance(value, CollectionView):
            return value
        if isinstance(value, dict) and any(isinstance(v, (Document, list)) for v in value.values()):
            return {k: self.convert(v) for k, v in value.items()}
        return liquid_value(value)

    def neighbour(self, doc: Document, step: int) -> DocumentView | None:
        """The next (+1, newer) or previous (-1, older) document of the same collection."""
        found = self._positions.get(id(doc))
        if found is None:
            return None
        coll, index = found
        other = index + step
        if 0 <= other < len(coll.docs):
            self.recorder.note(coll.docs[other].relpath)
            return self.doc(coll.docs[other])
        return None

    def site_view(self) -> SiteView:
        """The ``site`` variable."""
        if self._site_view is None:
            self._site_view = SiteView(self)
        return self._site_view

    def related_posts(self) -> list[DocumentView] | None:
        """Jekyll's non-LSI RelatedPosts for the current document: nil for pages.

        ``(site.posts.docs.last(11).reverse - [post]).first(10)``: the ten newest posts other
        than this one (any collection's document gets them; only a post can be left out).
        """
        record = self.recorder.current
        doc = record.document if record is not None else None
        if doc is None or doc.kind != "document":
            return None
        posts = self.site.posts
        if len(posts) <= 1:
            return []
        recent = [post for post in reversed(posts[-11:]) if post is not doc][:10]
        return self.docs(recent)

    def _site_getters(self) -> dict[str, Callable[[], Any]]:
        site = self.site
        getters: dict[str, Callable[[], Any]] = {
            "time": lambda: site.time,
            "posts": lambda: list(reversed(self.docs(site.posts))),
            "pages": lambda: self._pages.seen_by(self.recorder.document, self.docs),
            "html_pages": lambda: [
                # Jekyll's Page#html? (by output extension) or a URL ending in "/"
                self.doc(p) for p in site.pages
                if p.output_ext in (".html", ".xhtml", ".htm") or p.url.endswith("/")
            ],
            "static_files": lambda: [static_file_view(f) for f in self._all_static_files()],
            "html_files": lambda: [
                static_file_view(f) for f in site.static_files if f.relpath.endswith(".html")
            ],
            "data": lambda: site.data,
            "documents": lambda: self.docs(site.documents()),
            "collections": lambda: [
                self._collection(c) for c in sorted(site.collections.values(), key=lambda c: c.label)
            ],
            "tags": lambda: self._grouped("tags"),
            "categories": lambda: self._grouped("categories"),
            "related_posts": self.related_posts,
        }
        for label, coll in site.collections.items():
            if label != "posts":
                getters[label] = self._collection_docs(coll)
        return getters

    def _collection_docs(self, coll: Collection) -> Callable[[], list[DocumentView]]:
        return lambda: self.docs(coll.docs)

    def _all_static_files(self) -> list[StaticFile]:
        files = list(self.site.static_files)
        for coll in self.site.collections.values():
            files.extend(coll.files)
        return files

    def _collection(self, coll: Collection) -> CollectionView:
        meta = {k: v for k, v in coll.meta.items() if not k.startswith("__")}
        return CollectionView({
            **meta,
            "label": coll.label,
            "docs": self.docs(coll.docs),
            "files": [static_file_view(f) for f in coll.files],
            # Jekyll's Collection#relative_directory is "_<label>", without collections_dir.
            "relative_directory": f"_{coll.label}",
            "directory": str(self.site.source / coll.relative_directory),
            "output": coll.output,
        })

    def _grouped(self, key: str) -> dict[str, list[DocumentView]]:
        # Jekyll's post_attr_hash: keys in order of first use by the oldest posts, each list newest first.
        groups: dict[str, list[DocumentView]] = {}
        for post in self.site.posts:
            for name in post.data.get(key) or []:
                groups.setdefault(str(name), []).append(self.doc(post))
        for posts in groups.values():
            posts.reverse()
        return groups


class CollectionView(dict[str, Any]):
    """A collection as templates see it (Jekyll's CollectionDrop).

    Printed, it is Jekyll's ``docs.to_s``: Ruby's inspect of the document list, each document
    as ``#<Jekyll::Document PATH collection=LABEL>`` (printing the documents themselves would
    recurse through their neighbours).
    """

    def __str__(self) -> str:
        label = self["label"]
        docs = ", ".join(f"#<Jekyll::Document {d.doc.relpath} collection={label}>" for d in self["docs"])
        return f"[{docs}]"


class _PagesSeen:
    """``site.pages`` as each render sees it: jekyll-sass-converter appends a Sass page's source
    map page (``SourceMapPage``) to ``site.pages`` when that page converts, so only what renders
    after it lists it, at the end.

    The answer depends on render positions alone (not on what has rendered), so forked workers
    and carried-over renders see what the sequential build sees.
    """

    def __init__(self, site: Site, maps: list[tuple[Document, Document]]) -> None:
        self.site = site
        self.pairs = maps
        self.maps = [m for _, m in maps]
        order = {id(d): i for i, d in enumerate(site.renderables())}
        self._position = order
        self._after = [order.get(id(css), -1) for css, _ in maps]   # a map shows after this position
        self._lists: dict[frozenset[int], list[Any]] = {}

    def seen_by(self, doc: Document | None, present: Callable[[list[Document]], list[Any]]) -> list[Any]:
        """The views of ``site.pages`` while ``doc`` renders (outside a render: without maps)."""
        if not self.maps:
            return present(self.site.pages)
        where = self._position.get(id(doc), -1) if doc is not None else -1
        shown = frozenset(i for i, after in enumerate(self._after) if 0 <= after < where)
        for i in shown:   # the map is its Sass page's, made when that page converted (earlier)
            css, page = self.pairs[i]
            page.content = css.source_map or ""
        found = self._lists.get(shown)
        if found is None:
            found = self._lists[shown] = present(self.site.pages + [m for i, m in enumerate(self.maps) if i in shown])
        return found


class SiteView(_NotingView):
    """The ``site`` variable: the config plus computed lists, shared by every render.

    ``related_posts`` depends on the document being rendered, so it is never cached (nor is
    ``pages`` when the site has Sass source maps).
    """

    __slots__ = ("views",)

    def __init__(self, views: SiteViews) -> None:
        self.views = views
        # site.pages holds a Sass page's source map only for what renders after that page.
        volatile = {"related_posts"} | ({"pages"} if views._pages.maps else set())
        super().__init__(
            views.recorder, views.site.config, views._site_getters(), views.convert, volatile=frozenset(volatile),
        )

    def _input_names(self, key: str) -> tuple[str, ...]:
        return (f"site.{key}",)   # (the output being rendered read the site's value)
