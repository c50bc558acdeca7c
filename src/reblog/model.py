"""Plain data the build passes along: documents, static files, layouts, collections, the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from .config.model import Settings
from .config.parse import parse_settings, site_time
from .urls import unescape_path

Kind = Literal["page", "document"]
# The scalars of front matter and configuration (YAML's strings, numbers, booleans and null),
# tested by exact type: none is a mapping, a list or a document, so hot paths that only
# need to tell such leaves apart skip the slower isinstance tests.
SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


@dataclass
class Document:
    """A file with front matter that is rendered: a page, a post, or a collection document."""

    path: Path                      # absolute source path (None-like for generated pages)
    relpath: str                    # posix path relative to the source
    kind: Kind                      # "page" or "document" (member of a collection)
    collection: str | None          # collection label for documents ("posts", ...)
    data: dict[str, Any]            # front matter with defaults and derived values
    content: str                    # the body after the front matter, later the converted HTML
    body_line: int = 1              # line of the source file where the body starts
    ext: str = ".html"              # source extension
    output_ext: str = ".html"
    url: str = ""
    date: datetime | None = None
    draft: bool = False
    generated: bool = False         # made by a generator (pagination, feed...), not read
    rendered: bool = False
    output: str | None = None
    excerpt: str | None = None      # rendered excerpt HTML (documents only)
    raw_excerpt: str | None = None  # excerpt source text
    name: str = ""                  # file name ("about.md")
    dir: str = "/"                  # page directory as Jekyll reports it
    source_map: str | None = None   # a Sass page's ``.css.map`` (written beside its CSS)

    @property
    def basename_without_ext(self) -> str:
        """The file name without its extension."""
        return self.name[: len(self.name) - len(self.ext)] if self.ext else self.name

    @property
    def is_markdown(self) -> bool:
        """Whether the Markdown converter applies (decided by the reader)."""
        return bool(self.data.get("__markdown__", False))

    def output_path(self, dest: Path) -> Path:
        """Where the rendered file is written (``/a/`` -> ``a/index.html``)."""
        return dest / self._output_file().lstrip("/")

    def output_rel(self) -> str:
        """``output_path`` relative to the destination, in POSIX form: the same text, made without
        paths (a build asks it of every output, after the render too). As a path does, it drops
        empty and ``.`` parts (keeps ``..``), and names the destination itself ``.``."""
        rel = self._output_file()
        if "//" in rel or "/." in rel or rel.endswith("/") or rel.startswith("."):
            rel = "/".join(part for part in rel.split("/") if part not in ("", "."))
        else:
            rel = rel.lstrip("/")
        return rel or "."

    def _output_file(self) -> str:
        path = unescape_path(self.url)
        if path.endswith("/"):
            path += "index" + (self.output_ext if self.kind == "page" else ".html")
        elif self.output_ext and not path.endswith(self.output_ext):
            path += self.output_ext
        return path


@dataclass
class StaticFile:
    """A file copied to the output unchanged."""

    path: Path
    relpath: str
    url: str
    mtime: float
    collection: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The file name."""
        return self.path.name


@dataclass
class Layout:
    """A layout: its front matter, its body, and the template language it is written in."""

    name: str
    path: Path
    relpath: str
    data: dict[str, Any]
    content: str
    body_line: int
    engine: Literal["liquid", "jinja"]


@dataclass
class Collection:
    """A collection of documents (``posts`` and those listed under ``collections:``)."""

    label: str
    meta: dict[str, Any]
    docs: list[Document] = field(default_factory=list)
    files: list[StaticFile] = field(default_factory=list)

    @property
    def output(self) -> bool:
        """Whether the collection's documents are written."""
        return bool(self.meta.get("output", False))

    @property
    def relative_directory(self) -> str:
        """The collection's folder, relative to the source (``_posts``)."""
        return str(self.meta["__dir__"])


@dataclass
class Site:
    """Everything read from the source, ready to render."""

    # The configuration as written (merged): Liquid's ``site`` and plugins' free-form options.
    config: dict[str, Any]
    # The same configuration typed and checked (config/model.py).
    settings: Settings
    source: Path
    dest: Path
    time: datetime
    pages: list[Document] = field(default_factory=list)
    collections: dict[str, Collection] = field(default_factory=dict)
    static_files: list[StaticFile] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    include_dirs: list[Path] = field(default_factory=list)
    theme_dir: Path | None = None
    # Results a caller that runs many builds (``reblog serve``) keeps from one to the next;
    # each entry's key holds every input its value depends on.
    memo: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def configured(
        cls, config: dict[str, Any], settings: Settings | None = None, now: datetime | None = None,
    ) -> Site:
        """An empty site for a merged configuration, parsed into its settings unless given them.

        ``now``: ``site.time`` when the configuration does not pin it (default: the clock).
        """
        settings = settings if settings is not None else parse_settings(config)
        return cls(config, settings, settings.source, settings.destination, site_time(settings, now))

    @property
    def posts(self) -> list[Document]:
        """Posts, oldest first (as Jekyll keeps them; ``site.posts`` reverses)."""
        coll = self.collections.get("posts")
        return coll.docs if coll else []

    def documents(self) -> list[Document]:
        """Every collection document, in collection order."""
        return [doc for coll in self.collections.values() for doc in coll.docs]

    def renderables(self) -> list[Document]:
        """What gets rendered: written collection documents first, then pages (Jekyll's order)."""
        docs = [d for c in self.collections.values() for d in c.docs]
        return docs + self.pages

    def writes(self, doc: Document) -> bool:
        """Whether a document gets an output file (pages always; collections when ``output``)."""
        if doc.kind == "page":
            return True
        coll = self.collections.get(doc.collection or "")
        # A future-dated collection document is listed in site.<label> but not written.
        return bool(coll and coll.output) and not doc.data.get("__unwritten__")
