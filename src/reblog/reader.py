"""Walk the source as Jekyll's Reader does: posts, drafts, pages, collections, data, static files."""

from __future__ import annotations

import fnmatch
import io
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from .config import deep_merge
from .config.model import Settings
from .dates import parse_date, site_timezone
from .errors import ReblogError
from .frontmatter import SourceMemo, decode, has_front_matter, read_source
from .log import Logger
from .model import Collection, Document, Layout, Site, StaticFile
from .sourcepaths import display_path, in_source_dir, leads_outside, real_path
from .urls import (
    add_permalink_suffix,
    date_placeholders,
    fill_page_template,
    fill_template,
    permalink_template,
    slugify,
    titleize_slug,
)
from .writer import is_writer_folder
from .yamlio import load_yaml, localize_times

T = TypeVar("T")

DATE_FILENAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")
DATELESS_FILENAME = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")
_SPECIAL = re.compile(r"^[._#~]")
DATA_EXTS = (".yml", ".yaml", ".json", ".csv", ".tsv")
JINJA_EXTS = (".jinja", ".j2")
SOURCE_MEMO = "reader.sources"   # Site.memo's key for a SourceMemo (the dev server sets one)


@dataclass(frozen=True)
class ReadOptions:
    """Reader switches that come from flags rather than files."""

    drafts: bool = False
    future: bool = False
    unpublished: bool = False


class _Patterns:
    """``include:``/``exclude:`` patterns as absolute paths: a prefix, a glob, or a folder's name + "/".

    Compiled once per build (one tuple for the prefixes, one regex for the globs): every entry
    of the source is checked against them.
    """

    def __init__(self, patterns: list[str]) -> None:
        self.prefixes = tuple(patterns)
        globs = "|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)
        self.glob = re.compile(globs).match if patterns else None
        self.folders = {p[:-1] for p in patterns if p.endswith("/")}

    def match(self, entry: str) -> bool:
        """Whether an absolute path (no trailing slash) matches one of the patterns."""
        if entry.startswith(self.prefixes) or (self.glob is not None and self.glob(entry)):
            return True
        return entry in self.folders and Path(entry).is_dir()


class EntryFilter:
    """Jekyll's EntryFilter: which names in a folder are read at all."""

    def __init__(self, source: Path, settings: Settings) -> None:
        self.source = source
        include = list(settings.include)
        exclude = [p for p in settings.exclude if p not in include]
        # Jekyll matches patterns against absolute paths, by glob or by plain prefix; Ruby's
        # File.join makes `/docs` the same as `docs`.
        self.include = [f"{source}/{p.lstrip('/')}" for p in include]
        self.exclude = [f"{source}/{p.lstrip('/')}" for p in exclude]
        self._included = _Patterns(self.include)
        self._excluded = _Patterns(self.exclude)
        self._only_included = _Patterns([p for p in self.include if p not in self.exclude])

    def _glob_include(self, patterns: _Patterns, rel: str) -> bool:
        return patterns.match(f"{self.source}/{rel}".rstrip("/"))

    def included(self, rel: str) -> bool:
        """Whether ``include:`` (less ``exclude:``) names the entry or its name (Jekyll's ``included?``)."""
        name = rel.rsplit("/", 1)[-1]
        patterns = self._only_included
        return self._glob_include(patterns, rel) or self._glob_include(patterns, name)

    def keep(self, rel: str, symlink: bool | None = None, base: str | None = None) -> bool:
        """Whether the entry at ``rel`` (relative to the source) is read.

        ``symlink``: whether the entry is a symlink, when the caller knows (a folder scan does).
        ``base`` is the folder the walk lists entries from (Jekyll's reader: the folder itself, so
        only the name; posts and collections: their folder). ``include:`` is matched against the
        entry as Jekyll lists it, never against its full path: ``include: [_pages]`` reads the
        folder, but its ``__draft.md`` stays special.
        """
        name = rel.rsplit("/", 1)[-1]
        if base is None:
            base = rel.rsplit("/", 1)[0] if "/" in rel else ""
        listed = rel[len(base) + 1:] if base and rel.startswith(base + "/") else rel
        included = self._glob_include(self._included, listed) or self._glob_include(self._included, name)
        if self._glob_include(self._excluded, rel) and not included:
            return False
        if symlink is not False and self._escapes(rel):
            return False
        if included:
            return True
        return not (_SPECIAL.match(name) or name.endswith("~"))

    def _escapes(self, rel: str) -> bool:
        # A symlink whose target lies outside the source is never read into the output.
        path = self.source / rel
        if not path.is_symlink():
            return False
        return leads_outside(path, self.source.resolve())


def _rel(path: Path, source: Path) -> str:
    return path.relative_to(source).as_posix()


def _scan_dir(folder: Path) -> list[os.DirEntry[str]]:
    """A folder's entries in the file system's order (as Ruby's Dir.entries gives them to Jekyll)."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _list_dir(folder: Path, sort: bool = True) -> list[Path]:
    # sort=False: the file system's order, as Ruby's Dir.entries gives it to Jekyll's reader.
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    return sorted(entries, key=lambda p: p.name) if sort else entries


class Reader:
    """Reads one site; holds the filter and settings for the walk, returns plain data."""

    def __init__(self, site: Site, options: ReadOptions, log: Logger) -> None:
        self.site = site
        self.config = site.config
        self.settings = site.settings
        self.source = site.source
        self.options = options
        self.log = log
        self.filter = EntryFilter(site.source, site.settings)
        try:
            self._dest_parent: Path | None = site.dest.resolve().parent
        except OSError:
            self._dest_parent = None
        self.real_source = site.source.resolve()
        self.tz = site_timezone(self.settings.timezone)
        self.markdown_exts = set(self.settings.markdown_exts)
        self.defaults = [s for s in self.settings.defaults if _valid_default(s)]
        # The dev server's parsed front matter, kept between rebuilds (None: parse every file).
        memo = site.memo.get(SOURCE_MEMO)
        self.sources: SourceMemo | None = memo if isinstance(memo, SourceMemo) else None

    # -- the walk ---------------------------------------------------------------------------
    def read(self) -> None:
        """Fill the site with everything in the source."""
        if self.sources is not None:
            self.sources.next_run()
        self._setup_collections()
        self._read_layouts()
        self._read_directory("")
        self._read_included_files()
        # Jekyll's sort_files!: pages by file name, static files by path.
        self.site.pages.sort(key=lambda page: page.name)
        self.site.static_files.sort(key=lambda item: item.relpath)
        self._read_collections()
        self.site.data = self._read_data(
            self._in_source(self.settings.data_dir), self.real_source
        )
        if self.site.theme_dir and (self.site.theme_dir / "_data").is_dir():
            # The site's data wins over the theme's, key by key (Jekyll's Reader#read_data).
            theme_data = self._read_data(
                self.site.theme_dir / "_data", self.site.theme_dir.resolve()
            )
            self.site.data = deep_merge(theme_data, self.site.data)
        if self.config.get("data"):
            # Jekyll's site_data: `data:` in the config, when set, is site.data.
            self.site.data = self.config["data"]
        self._sort_collections()
        self._limit_posts()

    def _limit_posts(self) -> None:
        # Jekyll's limit_posts!: only the newest N posts are read (0: all).
        limit = self.settings.limit_posts
        posts = self.site.collections["posts"].docs
        if limit and len(posts) > limit:
            posts[:] = posts[-limit:]

    def _read_included_files(self) -> None:
        # Jekyll's read_included_excludes: a file `include:` names is read even inside an
        # excluded folder (folders named there are not walked again).
        pages = {p.relpath for p in self.site.pages}
        statics = {f.relpath for f in self.site.static_files}
        for entry in self.settings.include:
            rel = str(entry).strip("/")
            path = self.source / rel
            if not rel or not path.is_file() or path.is_symlink() or self.filter._escapes(rel):
                continue
            if has_front_matter(path):
                if rel not in pages:
                    page = self._read_page(path, rel)
                    if page is not None:
                        self.site.pages.append(page)
            elif rel not in statics:
                self.site.static_files.append(self._static(path, rel))

    def _setup_collections(self) -> None:
        meta = self.settings.collections
        # Confined to the source as Jekyll confines it (an absolute or ../ value is re-rooted).
        coll_dir = _rel(in_source_dir(self.source, self.settings.collections_dir),
                        self.source)
        coll_dir = "" if coll_dir == "." else coll_dir
        style = self.settings.permalink
        labels = {"posts": dict(meta.get("posts") or {}), **{
            str(k): dict(v or {}) for k, v in meta.items() if k != "posts"
        }}
        for label, data in labels.items():
            data.setdefault("output", True if label == "posts" else False)
            if label == "posts":
                data.setdefault("permalink", permalink_template(style))
            else:
                data.setdefault(
                    "permalink", add_permalink_suffix("/:collection/:path", style)
                )
            data["__dir__"] = f"{coll_dir}/_{label}" if coll_dir else f"_{label}"
            self.site.collections[label] = Collection(label, data)
        self.config["collections"] = {k: c.meta for k, c in self.site.collections.items()}

    def _read_layouts(self) -> None:
        layout_dirs = []  # (folder, the real folder nothing in it may lead out of)
        if self.site.theme_dir:
            layout_dirs.append((self.site.theme_dir / "_layouts", self.site.theme_dir.resolve()))
        layout_dirs.append(
            (self._in_source(self.settings.layouts_dir), self.real_source)
        )
        for folder, root in layout_dirs:  # the site's own layouts override the theme's
            for path in _walk_files(folder, root):
                rel = _rel(path, folder)
                name = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
                relpath = display_path(path, self.source)
                text = read_source(path, relpath, self.sources)
                self.site.layouts[name] = Layout(
                    name, path, relpath, localize_times(text.data, self.tz), text.body,
                    text.body_line,
                    "jinja" if path.suffix in JINJA_EXTS else "liquid",
                )
        includes = self._in_source(self.settings.includes_dir)
        # An includes folder that is a symlink out of the source is not searched at all.
        self.site.include_dirs = [] if leads_outside(includes, self.real_source) else [includes]
        if self.site.theme_dir:
            self.site.include_dirs.append(self.site.theme_dir / "_includes")

    def _in_source(self, setting: object) -> Path:
        """A ``*_dir`` setting as a folder inside the source (Jekyll's in_source_dir)."""
        return in_source_dir(self.source, setting)

    def _read_directory(self, rel_dir: str, seen: frozenset[Path] = frozenset()) -> None:
        folder = self.source / rel_dir
        before = seen
        seen = _enter(folder, self.source, seen)
        # Whether the destination's real place is in this folder (else only a link can lead to it).
        dest_here = self._dest_parent in seen - before
        self._read_posts_in(rel_dir)
        # Jekyll's read_directories: the subfolders first, then this folder's pages, then its
        # static files; the later sort by name is stable, so equal names keep this order.
        dirs: list[tuple[Path, str]] = []
        pages: list[tuple[Path, str]] = []
        statics: list[tuple[Path, str, float]] = []
        for entry in _scan_dir(folder):
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                symlink = entry.is_symlink()
            except OSError:
                continue
            if not self.filter.keep(rel, symlink):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir():
                    # (a folder that is no link lies inside this one: only a link can be it)
                    if (symlink or dest_here) and self._is_destination(path):
                        continue
                    dirs.append((path, rel))
                    continue
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError:
                continue
            if self._has_front_matter(path, stat):
                pages.append((path, rel))
            else:
                statics.append((path, rel, stat.st_mtime))
        for _, rel in dirs:
            self._read_directory(rel, seen)
        for path, rel in pages:
            page = self._read_page(path, rel)
            if page is not None:
                self.site.pages.append(page)
        for path, rel, mtime in statics:
            self.site.static_files.append(self._static(path, rel, mtime=mtime))
        if rel_dir == "" and self.site.theme_dir:
            self._read_theme_assets()

    def _has_front_matter(self, path: Path, stat: os.stat_result) -> bool:
        """``has_front_matter``, remembered by size and mtime across the dev server's rebuilds.

        Every file of the source is asked (most are static files: images, fonts); a rebuild
        opens only the ones that changed.
        """
        known: dict[str, tuple[int, int, bool]] = self.site.memo.setdefault("reader.front_matter", {})
        key = str(path)
        found = known.get(key)
        if found is not None and found[:2] == (stat.st_size, stat.st_mtime_ns):
            return found[2]
        answer = has_front_matter(path)
        known[key] = (stat.st_size, stat.st_mtime_ns, answer)
        return answer

    def _is_destination(self, path: Path) -> bool:
        """The destination, or a folder the writer keeps beside it (its stage, its spare).

        The writer's folders hold built output, never sources: an ``include:`` that names one
        must not bring last build's pages back in as this build's content.
        """
        try:
            real, dest = path.resolve(), self.site.dest.resolve()
        except OSError:
            return False
        return real == dest or is_writer_folder(dest, real)

    def _read_theme_assets(self) -> None:
        assert self.site.theme_dir is not None
        assets = self.site.theme_dir / "assets"
        taken = {f.relpath for f in self.site.static_files} | {p.relpath for p in self.site.pages}
        for path in _walk_files(assets, self.site.theme_dir.resolve()):
            rel = "assets/" + _rel(path, assets)
            if rel in taken:
                continue
            if has_front_matter(path):
                page = self._read_page(path, rel)
                if page is not None:
                    self.site.pages.append(page)
            else:
                self.site.static_files.append(self._static(path, rel))

    # -- posts and drafts -------------------------------------------------------------------
    def _read_posts_in(self, rel_dir: str) -> None:
        posts = self.site.collections["posts"]
        for magic, matcher, draft in (
            ("_posts", DATE_FILENAME, False),
            ("_drafts", DATELESS_FILENAME, True),
        ):
            if draft and not self.options.drafts:
                continue
            # Jekyll's get_entries: <collections_dir>/<folder>/_posts (and _drafts).
            base = self.source / self.settings.collections_dir / rel_dir / magic
            if not base.is_dir():
                continue
            for path in _walk_files(base, self.real_source, self.filter, self.source):
                rel = self._document_rel(path)
                inner = _rel(path, base)
                if not matcher.match(inner):
                    continue
                # Jekyll's PostReader makes every matching file a post, front matter or not.
                doc = self._read_document(path, rel, posts, draft=draft, special_dir=magic)
                if self._publishable(doc):
                    posts.docs.append(doc)

    def _publishable(self, doc: Document, future: bool = False) -> bool:
        if doc.data.get("published", True) is False and not self.options.unpublished:
            return False
        if doc.date and not (future or self.options.future) and doc.date > self.site.time:
            if doc.collection == "posts":
                self.log.info(f"Skipping: {doc.relpath} has a future date")
            return False
        return True

    def _document_rel(self, path: Path) -> str:
        """A document's relative path: Jekyll's is relative to ``collections_dir``."""
        return _rel(path, self.source / self.settings.collections_dir)

    # -- collections --------------------------------------------------------------------------
    def _read_collections(self) -> None:
        for label, coll in self.site.collections.items():
            if label == "posts":
                continue
            base = self.source / coll.relative_directory
            for path in _walk_files(base, self.real_source, self.filter, self.source):
                rel = _rel(path, self.source)
                if has_front_matter(path):
                    doc = self._read_document(path, self._document_rel(path), coll)
                    if self._publishable(doc):
                        coll.docs.append(doc)
                    elif self._publishable(doc, future=True):
                        # Jekyll lists a future-dated document in site.<label> but does not
                        # write it (only posts are left out entirely).
                        doc.data["__unwritten__"] = True
                        coll.docs.append(doc)
                else:
                    coll.files.append(self._static(path, rel, label))

    def _sort_collections(self) -> None:
        for coll in self.site.collections.values():
            key = coll.meta.get("sort_by")
            if key:
                with_key = [d for d in coll.docs if key in d.data]
                without = sorted((d for d in coll.docs if key not in d.data), key=lambda d: d.relpath)
                if with_key:
                    # Jekyll warns when it compares a document lacking the key with one that has it.
                    for doc in without:
                        self.log.warn(f"Sort warning: '{key}' not defined in {doc.relpath}",
                                      kind="sort", file=doc.relpath)
                with_key.sort(key=lambda d: (_sort_value(d.data[key]), d.relpath))
                coll.docs[:] = with_key + without
            else:
                coll.docs[:] = ruby_sort(coll.docs, _document_order)
            order = coll.meta.get("order")
            if isinstance(order, list):
                rank = {str(name): i for i, name in enumerate(order)}
                inner = f"_{coll.label}/"
                coll.docs.sort(key=lambda d: rank.get(d.relpath.removeprefix(inner), len(rank)))
            coll.files.sort(key=lambda f: f.relpath)

    # -- documents and pages ------------------------------------------------------------------
    def front_matter_defaults(self, relpath: str, type_: str) -> dict[str, Any]:
        """The ``defaults:`` values for a path and type (Jekyll's FrontmatterDefaults#all)."""
        return self._front_matter_defaults(relpath, type_)

    def _front_matter_defaults(self, relpath: str, type_: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        old: Mapping[str, Any] | None = None
        for entry in self.defaults:
            scope = entry.get("scope") or {}
            if not _default_applies(scope, relpath, type_, self.source,
                                    self.settings.collections_dir):
                continue
            values = entry["values"]
            if _has_precedence(old, scope):
                merged = deep_merge(merged, values)
                old = scope
            else:
                merged = deep_merge(values, merged)
        return merged

    def _read_document(
        self, path: Path, rel: str, coll: Collection, *, draft: bool = False,
        special_dir: str | None = None,
    ) -> Document:
        text = read_source(path, rel, self.sources)
        name = path.name
        ext = path.suffix
        body = text.body
        if ext in (".yaml", ".yml"):
            # Document#read of a YAML file: its (first) YAML document is all the data, with no
            # front matter defaults, and there is no content (it is written out empty).
            data, body = dict(localize_times(text.data, self.tz)), ""
        else:
            data = self._front_matter_defaults(rel, coll.label)
            # Jekyll's merge_data!: a null in the front matter keeps the default (`layout: null`).
            front = {k: v for k, v in localize_times(text.data, self.tz).items() if v is not None or k not in data}
            data = _merge_front_matter(data, front)
        doc = Document(
            path=path, relpath=rel, kind="document", collection=coll.label, data=data,
            content=body, body_line=text.body_line, ext=ext, name=name, draft=draft,
        )
        self._populate_document(doc, coll, special_dir)
        return doc

    def _populate_document(self, doc: Document, coll: Collection, special_dir: str | None) -> None:
        data = doc.data
        try:
            if "date" in data:
                data["date"] = parse_date(data["date"], self.tz)
        except ValueError as err:
            # Jekyll's wording (Utils.parse_date in merge_date!).
            raise ReblogError(f"Invalid date '{data['date']}': Document '{doc.relpath}' does not have a "
                              "valid date in the YAML front matter.", doc.relpath) from err
        match = DATE_FILENAME.match(doc.relpath)
        slug: str | None = None
        if match:
            file_date, slug, _ = match.groups()
            # Jekyll's modify_date: the file name's date also wins over a front matter date
            # equal (to the second) to site.time, which Jekyll cannot tell from "no date".
            if "date" not in data or _same_second(data["date"], self.site.time):
                try:
                    data["date"] = parse_date(file_date, self.tz)
                except ValueError as err:
                    # Jekyll stops: a post is never published at a date it cannot read.
                    raise ReblogError(
                        f"Invalid date '{file_date}': Document '{doc.relpath}' does not have a "
                        "valid date in the filename.", doc.relpath) from err
        else:
            dateless = DATELESS_FILENAME.match(doc.relpath)
            if dateless:
                slug = dateless.group(1)
        if "date" in data:
            data["__dated__"] = True
        slug = (slug or doc.basename_without_ext).rstrip(".")
        data.setdefault("title", titleize_slug(slug))
        data.setdefault("slug", slug)
        data.setdefault("ext", doc.ext)
        if "date" not in data:
            data["date"] = (
                datetime.fromtimestamp(doc.path.stat().st_mtime, self.tz)
                if doc.draft else self.site.time
            )
        doc.date = data["date"]
        self._populate_categories(doc, coll, special_dir)
        tags = _pluralized(data, "tag", "tags")
        data["tags"] = tags
        doc.output_ext = _permalink_ext(data) or self._output_ext(doc.ext)
        data["__markdown__"] = doc.ext.lower() in self.markdown_exts
        doc.url = self._document_url(doc, coll)

    def _populate_categories(self, doc: Document, coll: Collection, special_dir: str | None) -> None:
        """Jekyll's categories: folders above ``_posts``, then front matter, each once."""
        data = doc.data
        cats: list[Any] = []
        if coll.label == "posts" and special_dir and f"/{special_dir}/" in f"/{doc.relpath}":
            above = doc.relpath.split(f"{special_dir}/", 1)[0]
            cats += [c for c in above.split("/") if c]
        front = data.get("categories")
        cats += front.split() if isinstance(front, str) else _as_list(front)
        # Jekyll adds ``category`` (or ``categories`` again) and keeps each name once.
        cats += _pluralized(data, "category", "categories")
        data["categories"] = list(dict.fromkeys(str(c) for c in cats if c is not None))

    def _output_ext(self, ext: str) -> str:
        low = ext.lower()
        if low in self.markdown_exts:
            return ".html"
        if low in (".scss", ".sass"):
            return ".css"
        return ext

    def _document_url(self, doc: Document, coll: Collection) -> str:
        template = str(doc.data.get("permalink") or coll.meta.get("permalink"))
        cleaned = doc.relpath[: len(doc.relpath) - len(doc.ext)] if doc.ext else doc.relpath
        # Jekyll's cleaned_relative_path: the path inside `_<label>` (collections_dir is not
        # part of a document's relative path).
        cleaned = cleaned.replace(f"_{coll.label}", "", 1).rstrip(".")
        if doc.draft:
            cleaned = re.sub(r"^(.*?)_drafts", "", cleaned, count=1)
        data = doc.data
        assert doc.date is not None
        cats = [str(c) for c in data.get("categories") or []]
        placeholders: dict[str, Any] = {"collection": coll.label, "path": cleaned, "output_ext": doc.output_ext}
        slugs: dict[str, Callable[[], Any]] = {
            "name": lambda: slugify(doc.basename_without_ext),
            "title": lambda: slugify(data.get("slug"), "pretty", True)
            or slugify(doc.basename_without_ext, "pretty", True),
            "slug": lambda: slugify(data.get("slug")) or slugify(doc.basename_without_ext),
            "categories": lambda: "/".join(dict.fromkeys(c.lower() for c in cats)),
            "slugified_categories": lambda: "/".join(dict.fromkeys(slugify(c) or "" for c in cats)),
        }
        # Only those the template can show (a placeholder ``:key`` holds the text ":key"): a
        # slug takes ~4 us, and a template shows one or two of the five.
        placeholders.update((key, make()) for key, make in slugs.items() if f":{key}" in template)
        try:
            # (the date parts are worked out only if the template shows them)
            return fill_template(template, date_placeholders(doc.date, placeholders))
        except KeyError as err:
            raise ReblogError(
                f"the permalink template {template!r} has no :{err.args[0]} placeholder",
                doc.relpath,
            ) from err

    def _read_page(self, path: Path, rel: str) -> Document | None:
        text = read_source(path, rel, self.sources)
        data = _merge_front_matter(
            self._front_matter_defaults(rel, "pages"), localize_times(text.data, self.tz)
        )
        if data.get("published", True) is False and not self.options.unpublished:
            return None
        name = path.name
        ext = path.suffix if "." in name else ""
        page = Document(
            path=path, relpath=rel, kind="page", collection=None, data=data,
            content=text.body, body_line=text.body_line, ext=ext, name=name,
        )
        rel_dir = rel.rsplit("/", 1)[0] if "/" in rel else ""
        page.dir = "/" + rel_dir + "/" if rel_dir else "/"
        page.output_ext = _permalink_ext(page.data) or self._output_ext(ext)
        data["__markdown__"] = ext.lower() in self.markdown_exts
        # A page's ``date`` is left as YAML read it: Jekyll parses dates of documents only.
        page.url = page_url(page, self.settings.permalink)
        return page

    def read_page_file(self, path: Path, rel: str) -> Document | None:
        """Read one source file as a page, front matter or not (for plugins that make pages)."""
        return self._read_page(path, rel)

    def _static(
        self, path: Path, rel: str, collection: str | None = None, mtime: float | None = None,
    ) -> StaticFile:
        url = "/" + rel
        if collection:
            url = collection_static_url(self.site.collections[collection], rel, path)
        # Jekyll's StaticFile#data: front matter defaults by path (and collection type).
        data = self._front_matter_defaults(rel, collection or "")
        return StaticFile(path, rel, url, path.stat().st_mtime if mtime is None else mtime, collection, data)

    # -- data ---------------------------------------------------------------------------------
    def _read_data(
        self, folder: Path, root: Path, seen: frozenset[Path] = frozenset()
    ) -> dict[str, Any]:
        """The data files under ``folder``; nothing whose real place is outside ``root``."""
        # Jekyll's DataReader: Dir["*.{yaml,yml,json,csv,tsv}"] (each extension in turn, sorted),
        # then the subfolders, so a folder wins over a file of the same name; keys are sanitized.
        data: dict[str, Any] = {}
        if leads_outside(folder, root):
            return data
        seen = _enter(folder, self.source, seen)
        entries = [
            e for e in _list_dir(folder)
            if not e.name.startswith(".") and not (e.is_symlink() and leads_outside(e, root))
        ]
        for ext in (".yaml", ".yml", ".json", ".csv", ".tsv"):
            for entry in entries:
                if entry.suffix == ext and entry.is_file():
                    key = data_key(entry.stem)
                    data[key] = read_data_file(entry, display_path(entry, self.source), self.tz)
        for entry in entries:
            if entry.is_dir():
                data[data_key(entry.name)] = self._read_data(entry, root, seen)
        return data


def ruby_sort(items: list[T], compare: Callable[[T, T], int]) -> list[T]:
    """Ruby's Array#sort! with a block, as it runs on glibc: qsort_r's top-down merge sort.

    Jekyll's document comparison is not a total order (an undated document compares by path,
    dated ones by date), so the result depends on the algorithm's exact comparisons; this is
    glibc's msort: halves of n // 2 and n - n // 2, the left item taken on a tie.
    """
    if len(items) <= 1:
        return list(items)
    half = len(items) // 2
    left, right = ruby_sort(items[:half], compare), ruby_sort(items[half:], compare)
    merged: list[T] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if compare(left[i], right[j]) <= 0:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    return merged + left[i:] + right[j:]


def _document_order(a: Document, b: Document) -> int:
    """Jekyll's Document#<=>: by date when both have one (front matter, defaults or file
    name), else by path; an undated document has no date yet when Jekyll sorts."""
    if a.data.get("__dated__") and b.data.get("__dated__") and a.date != b.date:
        assert a.date is not None and b.date is not None
        return -1 if a.date < b.date else 1
    return (a.relpath > b.relpath) - (a.relpath < b.relpath)


def _permalink_ext(data: Mapping[str, Any]) -> str:
    """Jekyll's Renderer#permalink_ext: a permalink's own extension (``/x.php``) is the output's."""
    permalink = data.get("permalink")
    if not isinstance(permalink, str) or permalink.endswith("/"):
        return ""
    return os.path.splitext(permalink.rsplit("/", 1)[-1])[1]


def data_key(name: str) -> str:
    """Jekyll's DataReader#sanitize_filename: ``team members`` is ``site.data.team_members``."""
    # Ruby's \w and \s are ASCII-only.
    name = re.sub(r"[^\w\s-]+|(?:(?<=^)|(?<=\b\s))\s+(?=$|\s?\b)", "", name, flags=re.ASCII)
    return re.sub(r"\s+", "_", name, flags=re.ASCII)


def page_url(page: Document, style: str) -> str:
    """A page's URL from its permalink or its folder and name (Jekyll's Page#url)."""
    basename = page.basename_without_ext.rstrip(".")
    permalink = page.data.get("permalink")
    if permalink:
        template = str(permalink)
    elif page.output_ext != ".html":
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = add_permalink_suffix("/:path/:basename", style)
    return fill_page_template(
        template, {"path": page.dir, "basename": basename, "output_ext": page.output_ext}
    )


def collection_static_url(coll: Collection, rel: str, path: Path) -> str:
    """A collection's static file follows the collection's permalink (Jekyll's StaticFile#url)."""
    ext = path.suffix
    cleaned = (rel[: len(rel) - len(ext)] if ext else rel).rstrip(".")
    cleaned = cleaned.replace(coll.relative_directory, "", 1)
    base = fill_page_template(
        str(coll.meta.get("permalink")),
        {"collection": coll.label, "path": cleaned, "output_ext": "",
         "name": path.stem, "title": ""},
    )
    return base.rstrip("/") + ext


def read_data_file(path: Path, display: str, zone: tzinfo | None = None) -> Any:
    """Read one ``_data`` file: YAML, JSON, CSV or TSV (rows become mappings by header).

    YAML times without a zone are shown in ``zone`` (the site's), as Psych shows them once
    Jekyll has set ``TZ``; None leaves them in the machine's zone.
    """
    text = decode(path.read_bytes(), display)
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        data = load_yaml(text, display)
        return data if zone is None else localize_times(data, zone)
    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise ReblogError(f"invalid JSON: {err.msg}", display, err.lineno) from err
    delimiter = "\t" if suffix == ".tsv" else ","
    import csv  # imported here: few sites have CSV data

    return [dict(row) for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)]


def _walk_files(
    folder: Path, root: Path, entry_filter: EntryFilter | None = None,
    source: Path | None = None, seen: frozenset[Path] = frozenset(), base: str | None = None,
) -> Iterator[Path]:
    """Files under a folder in name order, skipping what the entry filter rejects.

    Nothing whose real location is outside ``root`` (resolved) is yielded or entered: not the
    folder itself, not a symlinked file or folder inside it.
    """
    if leads_outside(folder, root):
        return
    seen = _enter(folder, source or root, seen)
    if base is None and source is not None:
        # Jekyll lists a posts or collection folder with Dir["**/*"]: paths relative to it.
        base = _rel(folder, source)
    for entry in _list_dir(folder):
        if entry_filter is not None and source is not None:
            if not entry_filter.keep(_rel(entry, source), base=base):
                continue
        elif entry.name.startswith("."):
            continue
        if entry.is_symlink() and leads_outside(entry, root):
            continue
        if entry.is_dir():
            yield from _walk_files(entry, root, entry_filter, source, seen, base)
        elif entry.is_file():
            yield entry


def _enter(folder: Path, source: Path, seen: frozenset[Path]) -> frozenset[Path]:
    """The real folders open on this walk, with ``folder``; a symlink loop is an error.

    A symlink to a folder above it (``a/up -> ..``) would otherwise be read again and again,
    nesting copies until the system's limit on symlinks (Jekyll fails with ELOOP there).
    """
    real = real_path(folder)
    if real is None or real in seen:
        raise ReblogError(
            "symlink loop: this folder leads back to a folder it is inside of",
            display_path(folder, source),
        )
    return seen | {real}


def _merge_front_matter(defaults: dict[str, Any], front: Mapping[str, Any]) -> dict[str, Any]:
    return deep_merge(defaults, front) if defaults else dict(front)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _pluralized(data: Mapping[str, Any], singular: str, plural: str) -> list[Any]:
    """Jekyll's pluralized_array_from_hash: ``tag`` wins over ``tags``; strings split on space."""
    value: Any = data.get(singular) if singular in data else None
    if value is None and plural in data:
        raw = data[plural]
        if isinstance(raw, str):
            value = raw.split()
        elif isinstance(raw, list):
            value = [v for v in raw if v is not None]
    out: list[Any] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, list):
            out.extend(i for i in item if i is not None)
        elif item is not None:
            out.append(item)
    return out


def _same_second(value: Any, when: datetime) -> bool:
    """Whether a parsed date is the same whole second as ``when`` (Ruby's ``to_i ==``).

    Found by comparing ``when`` with the bounds of that second: for an unpinned site.time these
    are comparisons a later build checks again (``reblog.sitetime``), where its exact timestamp
    would differ on every build.
    """
    if not isinstance(value, datetime):
        return False
    second = int(value.timestamp())   # (towards zero, as ``int(when.timestamp())`` would be)
    low = second - 1 if second <= 0 else second
    high = second + 1 if second >= 0 else second
    start, end = (datetime.fromtimestamp(bound, UTC) for bound in (low, high))
    if second > 0:
        return start <= when < end
    if second < 0:
        return start < when <= end
    return start < when < end


def _sort_value(value: Any) -> Any:
    return (0, value) if isinstance(value, (int, float)) else (1, str(value))


def _valid_default(entry: Any) -> bool:
    return isinstance(entry, Mapping) and isinstance(entry.get("values"), Mapping)


def _sanitize_scope_path(path: Any) -> str:
    if not path:
        return ""
    text = str(path)
    if text.startswith("/"):
        text = text[1:]
    return text


def _strip_collections_dir(path: str, collections_dir: str) -> str:
    # Jekyll's strip_collections_dir: documents' paths are relative to collections_dir, so a
    # scope written from the site's root (`gathering/_players/x`) loses that prefix once.
    prefix = f"{collections_dir}/"
    if not collections_dir or not path.startswith(prefix):
        return path
    return path.replace(prefix, "", 1)


def _default_applies(scope: Mapping[str, Any], relpath: str, type_: str, source: Path,
                     collections_dir: str = "") -> bool:
    wanted = scope.get("type")
    if wanted is not None:
        wanted = {"page": "pages", "post": "posts", "draft": "drafts"}.get(str(wanted), str(wanted))
        if wanted != type_:
            return False
    scope_path = scope.get("path")
    if not isinstance(scope_path, str) or not scope_path:
        return True
    if "*" in scope_path:
        return any(
            relpath.startswith(_strip_collections_dir(_rel(Path(p), source), collections_dir))
            for p in (str(x) for x in source.glob(scope_path))
        )
    return relpath.startswith(_strip_collections_dir(_sanitize_scope_path(scope_path), collections_dir))


def _has_precedence(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    if old is None:
        return True
    new_path = _sanitize_scope_path(new.get("path"))
    old_path = _sanitize_scope_path(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if "type" in new:
        return True
    return "type" not in old
