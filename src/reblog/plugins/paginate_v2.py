"""jekyll-paginate-v2 3.0: paginate pages marked ``pagination: enabled: true``, and its autopages.

The site's ``pagination:`` section (over the gem's defaults) turns it on; each page whose front
matter has ``pagination: {enabled: true, ...}`` is a template: it is taken out of the site and
replaced by pages 1..N, each with ``paginator`` set, at ``permalink`` under the template's own
folder (or its ``permalink``). Posts (or ``collection:`` documents) are filtered by
``category``, ``tag`` and ``locale``, sorted by ``sort_field`` (``sort_reverse``), cut by
``offset`` and ``limit``; ``trail`` gives each page a ``page_trail``. ``autopages:`` adds a
template per tag, category or collection, made from a layout. The gem's quirks are kept: the
pages' file name is ``indexpage`` + ``extension`` (``.html`` by default, a name without an
extension, so a Markdown template is not converted), ``offset`` drops the *last* posts of the
ascending sort, and pages 2..N get ``title`` (``:title - page :num``) while page 1 keeps the
template's title or, without one, the site's.
"""

from __future__ import annotations

import copy
import functools
import math
import posixpath
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

from ..errors import ReblogError
from ..model import Document, Site
from ..reader import Reader, ReadOptions
from ..templates.views import SiteViews
from ..urls import slugify
from ._common import page_without_a_file
from ._pages import is_markdown_name
from .api import Plugin, PluginContext

PAGINATOR_KEY = "__paginator__"

_Index = dict[str, list[Document]]

DEFAULTS: dict[str, Any] = {
    "enabled": False,
    "collection": "posts",
    "offset": 0,
    "per_page": 10,
    "permalink": "/page:num/",
    "title": ":title - page :num",
    "page_num": 1,
    "sort_reverse": False,
    "sort_field": "date",
    "limit": 0,
    "trail": {"before": 0, "after": 0},
    "indexpage": None,
    "extension": "html",
    "debug": False,
    "legacy": False,
}

AUTOPAGE_DEFAULTS: dict[str, Any] = {
    "enabled": False,
    "tags": {
        "layouts": ["autopage_tags.html"], "title": "Posts tagged with :tag", "permalink": "/tag/:tag",
        "enabled": True, "slugify": {"mode": "none", "cased": False},
    },
    "categories": {
        "layouts": ["autopage_category.html"], "title": "Posts in category :cat",
        "permalink": "/category/:cat", "enabled": True, "slugify": {"mode": "none", "cased": False},
    },
    "collections": {
        "layouts": ["autopage_collection.html"], "title": "Posts in collection :coll",
        "permalink": "/collection/:coll", "enabled": True, "slugify": {"mode": "none", "cased": False},
    },
}

# Autopage kinds: (config key, the document field indexed, the permalink/title macro, the
# pagination filter the page sets).
_AUTOPAGE_KINDS = (
    ("tags", "tags", ":tag", "tag"),
    ("categories", "categories", ":cat", "category"),
    ("collections", "__coll", ":coll", "collection"),
)


def deep_merge(master: dict[str, Any], other: Any) -> dict[str, Any]:
    """Jekyll's Utils.deep_merge_hashes: ``other`` over a copy of ``master``, nested mappings
    merged, a nil never replacing a value."""
    merged = copy.deepcopy(master)
    if not isinstance(other, dict):
        return merged
    for key, value in other.items():
        if value is None and key in merged:
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def truthy(value: Any) -> bool:
    """Ruby's truth: everything but nil and false (0 and "" are true)."""
    return value is not None and value is not False


def to_i(value: Any) -> int:
    """Ruby's ``to_i``: the leading integer of a string, 0 for nil or no digits."""
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    match = re.match(r"\s*([+-]?\d+)", str(value).replace("_", ""))
    return int(match.group(1)) if match else 0


def ruby_split(text: str, pattern: str) -> list[str]:
    """Ruby's ``String#split(regexp)``: trailing empty fields dropped."""
    parts = re.split(pattern, text)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def ruby_str(value: Any) -> str:
    """Ruby's ``to_s`` of a front matter value (nil is "", true is "true")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _values(value: Any) -> list[Any]:
    """A field's values: a string split at ``;``, ``,`` and spaces, a list as it is."""
    return ruby_split(value, r";|,|\s") if isinstance(value, str) else list(value)


def _indexable(value: Any) -> bool:
    """The gem's checks before indexing a field: present, not empty, not blank."""
    if value is None:
        return False
    if isinstance(value, (str, list, dict)) and len(value) == 0:
        return False
    if not hasattr(value, "__len__"):
        return False  # Ruby: Integer#size is its byte width; dates have no size and raise
    return ruby_str(value).strip() != ""


def index_posts_by(posts: list[Document], key: str) -> dict[str, list[Document]]:
    """PaginationIndexer.index_posts_by: the posts under each lower-cased value of ``key``."""
    index: dict[str, list[Document]] = {}
    for post in posts:
        value = post.data.get(key)
        if not _indexable(value):
            continue
        for item in _values(value):
            for part in ruby_split(ruby_str(item).lower().strip(), r";|,"):
                index.setdefault(part.lower().strip(), []).append(post)
    return index


def _intersect(first: list[Document], other: list[Document] | None) -> list[Document]:
    """Ruby's ``Array#&``: the first list's order, each element once."""
    if other is None:
        return []
    keep = {id(p) for p in other}
    seen: set[int] = set()
    result = []
    for post in first:
        if id(post) in keep and id(post) not in seen:
            seen.add(id(post))
            result.append(post)
    return result


def filter_posts(config: dict[str, Any], key: str, posts: list[Document],
                 index: dict[str, list[Document]]) -> list[Document]:
    """PaginationIndexer.read_config_value_and_filter_posts: the posts in every listed value."""
    wanted = config.get(key)
    if wanted is None:
        return posts
    values = ruby_split(wanted, r";|,") if isinstance(wanted, str) else wanted
    if not isinstance(values, list):
        values = [values]
    for value in values:
        posts = _intersect(posts, index.get(ruby_str(value).lower().strip()))
    return posts


def sort_value(data: dict[str, Any], field: str) -> Any:
    """Utils.sort_get_post_data: ``a:b`` walks nested mappings; a mapping itself sorts as nil."""
    value: Any = data
    for part in field.split(":"):
        key = part.lower().strip()
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return None if isinstance(value, dict) else value


def _as_datetime(value: date) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    return moment if moment.tzinfo is not None else moment.astimezone()


def compare_values(a: Any, b: Any) -> int:
    """Utils.sort_values: nil first, strings without case, dates and times as instants."""
    if a is None and b is not None:
        return -1
    if a is not None and b is None:
        return 1
    if a is None:
        return 0
    if isinstance(a, str):
        if not isinstance(b, str):
            raise TypeError(f"comparison of String with {type(b).__name__} failed")
        x, y = a.lower(), b.lower()
        return (x > y) - (x < y)
    if isinstance(a, date) and isinstance(b, date):
        when_a, when_b = _as_datetime(a), _as_datetime(b)
        return (when_a > when_b) - (when_a < when_b)
    try:
        return int(a > b) - int(a < b)
    except TypeError as err:
        raise TypeError(f"comparison of {type(a).__name__} with {type(b).__name__} failed") from err


def format_page_number(text: str, num: int, total: int | None = None) -> str:
    """Utils.format_page_number: the first ``:num`` and ``:max`` filled in."""
    text = text.replace(":num", str(num), 1)
    return text.replace(":max", str(total), 1) if total is not None else text


def _trailing_slash(path: str) -> str:
    return path if path.endswith("/") else path + "/"


def _join(base: str, tail: str) -> str:
    """Ruby's File.join of two parts: one slash between them."""
    return base.rstrip("/") + "/" + tail.lstrip("/") if base and tail else base + tail


def _full_path(url: str, index: str, ext: str) -> str:
    """Utils.ensure_full_path: a folder URL gets the index file's name."""
    if url.endswith("/"):
        return url + index + ext
    if "." not in url:
        return url + index
    return url


def _extname(name: str) -> str:
    """Ruby's File.extname: leading dots are part of the name (``.html`` has no extension)."""
    base = name.lstrip(".")
    dot = base.rfind(".")
    return base[dot:] if dot > 0 and dot < len(base) - 1 else ""


def pager(per_page: int, first_url: str, paged_url: str, posts: list[Document], num: int, total: int,
          index_name: str, index_ext: str) -> dict[str, Any]:
    """The Paginator (its ``to_liquid`` keys, in order) for page ``num`` of ``total``."""
    this_url = _full_path(first_url if num == 1 else paged_url, index_name or "index", index_ext or ".html")
    if index_name:
        first_url = _full_path(first_url, index_name, index_ext)
        paged_url = _full_path(paged_url, index_name, index_ext)
    start = (num - 1) * per_page
    previous_page = num - 1 if num != 1 else None
    next_page = num + 1 if num != total else None
    if num == 1:
        previous_path = None
    elif num == 2:
        previous_path = format_page_number(first_url, 1, total)
    else:
        previous_path = format_page_number(paged_url, num - 1, total)
    return {
        "per_page": per_page,
        "posts": posts[start:start + per_page],
        "total_posts": len(posts),
        "total_pages": total,
        "page": num,
        "page_path": format_page_number(this_url, num, total),
        "previous_page": previous_page,
        "previous_page_path": previous_path,
        "next_page": next_page,
        "next_page_path": format_page_number(paged_url, num + 1, total) if num != total else None,
        "first_page": 1,
        "first_page_path": format_page_number(first_url, 1, total),
        "last_page": total,
        "last_page_path": format_page_number(paged_url, total, total),
        "page_trail": None,
    }


class PaginateV2(Plugin):
    """The jekyll-paginate-v2 generator (autopages first, then every pagination template)."""

    name = "jekyll-paginate-v2"
    priority = -20

    def __init__(self) -> None:
        self._indexes: dict[str, tuple[list[Document], _Index, _Index, _Index]] = {}
        self._defaults: Callable[[str, str], dict[str, Any]] = lambda path, kind: {}

    def generate(self, site: Site, context: PluginContext) -> None:
        """Make the autopages, then replace each template page by its paginated pages."""
        section = site.config.get("pagination")
        if section is not None and not isinstance(section, dict):
            raise ReblogError("pagination: must be a mapping (enabled:, per_page:, permalink:, ...)",
                              "_config.yml")
        self._autopages(site, context)
        config = deep_merge(DEFAULTS, section)
        if site.settings.pagination.per_page is not None:
            # The gem's legacy mode for `paginate:` stopped working on 2018-01-01: Jekyll fails.
            raise ReblogError(
                "jekyll-paginate-v2 cannot run with `paginate:` set (Jekyll stops here too: \"Legacy "
                "jekyll-paginate configuration compatibility mode has expired\"); remove `paginate:` "
                "and `paginate_path:` and use `pagination: {enabled: true, per_page: N}`, or use "
                "jekyll-paginate instead", "_config.yml")
        if not truthy(config["enabled"]):
            return
        templates = [
            page for page in site.pages
            if isinstance(page.data.get("pagination"), dict) and truthy(page.data["pagination"].get("enabled"))
        ]
        if not templates:
            context.warn("Pagination: Is enabled, but I couldn't find any pagination page. Skipping "
                         "pagination. Pages must have 'pagination: enabled: true' in their front-matter "
                         "for pagination to work.")
            return
        self._indexes.clear()  # a new build (serve) may have other documents
        self._defaults = Reader(site, ReadOptions(), context.log).front_matter_defaults
        made: list[Document] = []
        for template in templates:
            own = deep_merge(config, template.data["pagination"])
            if own.get("title_suffix") is not None:
                if own.get("title") is None:
                    own["title"] = ":title" + ruby_str(own["title_suffix"])
                del own["title_suffix"]
            if truthy(own.get("enabled")):
                made += self._paginate(site, template, own)
        _share_liquid_cache(site, made, context)

    def _docs(self, site: Site, names: Any) -> list[Document]:
        """PaginationModel#get_docs_in_collections: the named collections' documents, not hidden."""
        listed = ruby_split(names, r";|,|\s") if isinstance(names, str) else list(names or [])
        docs: list[Document] = []
        for raw in listed:
            name = ruby_str(raw).lower().strip()
            if name == "all":
                chosen = [c for label, c in site.collections.items() if label != "posts"]
            else:
                chosen = [site.collections[name]] if name in site.collections else []
            for coll in chosen:
                docs += [d for d in coll.docs if "pagination" not in d.data]
        return [d for d in docs if not truthy(d.data.get("hidden"))]

    def _indexed(self, site: Site, names: Any) -> tuple[list[Document], _Index, _Index, _Index]:
        """The documents of ``collection:`` and their categories, tags and locales, computed once
        per build for each ``collection:`` value (the gem redoes it for every template, which on a
        site with hundreds of tag autopages is most of the build)."""
        key = repr(names)
        found = self._indexes.get(key)
        if found is None:
            every = self._docs(site, names)
            categories = index_posts_by(every, "categories")
            categories["posts"] = every  # the gem's "every post" category
            found = (every, categories, index_posts_by(every, "tags"), index_posts_by(every, "locale"))
            self._indexes[key] = found
        return found

    def _paginate(self, site: Site, template: Document, config: dict[str, Any]) -> list[Document]:
        """PaginationModel#paginate for one template page: its pages, added to the site."""
        where = template.relpath
        every, categories, tags, locales = self._indexed(site, config.get("collection"))
        posts = filter_posts(config, "category", every, categories)
        posts = filter_posts(config, "tag", posts, tags)
        posts = list(filter_posts(config, "locale", posts, locales))  # (the cached lists stay as they are)
        sort_field = config.get("sort_field")
        if truthy(sort_field):
            field = ruby_str(sort_field)
            def compare(a: Document, b: Document) -> int:
                return compare_values(sort_value(a.data, field), sort_value(b.data, field))

            try:
                posts = sorted(posts, key=functools.cmp_to_key(compare))
            except TypeError as err:
                raise ReblogError(f"pagination: cannot sort by {field!r}: {err}", where) from err
            offset = max(0, to_i(config.get("offset")))
            if offset:
                posts = posts[:-offset]
            if truthy(config.get("sort_reverse")):
                posts.reverse()
        per_page = to_i(config.get("per_page"))
        if per_page <= 0:
            raise ReblogError(f"pagination: per_page must be a positive number, got {config.get('per_page')!r}",
                              where)
        total = math.ceil(len(posts) / per_page)
        limit = config.get("limit")
        if truthy(limit) and 0 < to_i(limit) < total:
            total = to_i(limit)
        total = max(total, 1)  # no posts: page 1 is made all the same
        site.pages = [p for p in site.pages if p is not template]

        index_name = "" if config.get("indexpage") is None else ruby_str(config["indexpage"]).split(".")[0]
        extension = config.get("extension")
        index_ext = "" if extension is None else (
            ruby_str(extension) if ruby_str(extension).startswith(".") else "." + ruby_str(extension))
        file_name = index_name + index_ext
        permalink = template.data.get("permalink")
        first_url = _trailing_slash(str(permalink) if truthy(permalink) else template.dir)
        paged_url = _join(first_url, ruby_str(config.get("permalink")))
        site_title = site.config.get("title")
        title = template.data.get("title") if truthy(template.data.get("title")) else site_title

        made: list[Document] = []
        for num in range(1, total + 1):
            paginator = pager(per_page, first_url, paged_url, posts, num, total, index_name, index_ext)
            page = self._page(site, template, file_name, num, total)
            path = str(paginator["page_path"])
            if path.endswith("/"):
                page.url = _join(path, file_name)
            elif path.endswith(index_ext):
                page.url = path
            else:
                page.url = path + index_ext
            page.dir = page.url if page.url.endswith("/") else posixpath.dirname(page.url).rstrip("/") + "/"
            if truthy(permalink):
                page.data["permalink"] = path
            if num > 1 and "title" in config:
                pattern = config["title"]
                if not isinstance(pattern, str):
                    raise ReblogError("pagination: title must be a string", where)
                page.data["title"] = format_page_number(pattern.replace(":title", ruby_str(title), 1), num, total)
            else:
                page.data["title"] = title
            if num > 1:
                page.data["autogen"] = "jekyll-paginate-v2"
            page.data[PAGINATOR_KEY] = paginator
            site.pages.append(page)
            made.append(page)
        self._trail(config, made)
        return made

    def _page(self, site: Site, template: Document, file_name: str, num: int, total: int) -> Document:
        """PaginationPage: the template's data (and content, unless an autopage) under a new name."""
        name = file_name or "index.html"
        ext = _extname(name)
        data = copy.deepcopy({k: v for k, v in template.data.items() if k != PAGINATOR_KEY})
        # The template's front matter defaults only reach the copy through Ruby's default_proc,
        # which Liquid does not consult: templates see the defaults of the page's own path
        # (".html") instead. The layout is read through that default_proc, so it stays.
        page_defaults = self._defaults(file_name or "index.html", "pages")
        for key, value in self._defaults(template.relpath, "pages").items():
            if key != "layout" and data.get(key) == value:
                if key in page_defaults:
                    data[key] = copy.deepcopy(page_defaults[key])
                else:
                    data.pop(key, None)
        autopage = template.data.get("autopage")
        if isinstance(autopage, dict) and "display_name" in autopage:
            data["autopages"] = copy.deepcopy(autopage)
        data["pagination_info"] = {"curr_page": num, "total_pages": total}
        # page.path: the page's relative_path, made of its name alone (it has no folder of its own).
        data.setdefault("path", name)
        data["__markdown__"] = is_markdown_name(site, name)
        output_ext = ".html" if data["__markdown__"] else ext
        return replace(
            template, data=data, generated=True, name=name, ext=ext, output_ext=output_ext,
            content="" if isinstance(autopage, dict) else template.content, rendered=False, output=None,
        )

    @staticmethod
    def _trail(config: dict[str, Any], pages: list[Document]) -> None:
        """The ``page_trail`` of each page: up to before + after + 1 neighbouring pages."""
        trail = config.get("trail")
        if not isinstance(trail, dict) or len(pages) <= 1:
            return
        before = max(to_i(trail.get("before")), 0)
        after = max(to_i(trail.get("after")), 0)
        length = before + after + 1
        if before == 0 and after == 0:
            return
        for page in pages:
            paginator = page.data[PAGINATOR_KEY]
            start = max(paginator["page"] - before - 1, 0)
            end = min(start + length, len(pages))
            if end - start < length:
                start = max(start - (length - (end - start)), 0)
            paginator["page_trail"] = [
                {"num": start + i + 1, "path": other.data[PAGINATOR_KEY]["page_path"],
                 "title": other.data.get("title")}
                for i, other in enumerate(pages[start:end])
            ]

    def _autopages(self, site: Site, context: PluginContext) -> None:
        """AutoPages.create_autopages: a pagination template per tag, category or collection."""
        config = deep_merge(AUTOPAGE_DEFAULTS, site.config.get("autopages"))
        if not truthy(config.get("enabled")):
            return
        pagination = deep_merge(DEFAULTS, site.config.get("pagination"))
        docs: list[Document] = []
        for label, coll in site.collections.items():
            for doc in coll.docs:
                if "pagination" not in doc.data:
                    doc.data["__coll"] = label
                    docs.append(doc)
        for key, field, macro, filter_key in _AUTOPAGE_KINDS:
            kind = config.get(key)
            if not isinstance(kind, dict) or not truthy(kind.get("enabled")):
                continue
            for value, display in _autopage_index(docs, field).items():
                for layout in kind.get("layouts") or []:
                    site.pages.append(self._autopage(
                        site, context, kind, pagination, str(layout), macro, filter_key, value, display))

    def _autopage(self, site: Site, context: PluginContext, kind: dict[str, Any], pagination: dict[str, Any],
                  layout_name: str, macro: str, filter_key: str, value: str, display: str) -> Document:
        """BaseAutoPage: the layout file read as a page, at the kind's permalink."""
        rel = f"_layouts/{layout_name}"
        source = site.source / rel
        reader = Reader(site, ReadOptions(unpublished=site.settings.unpublished), context.log)
        page = reader.read_page_file(source, rel) if source.is_file() else None
        if page is None:
            # Jekyll warns that it cannot read the file and makes the page all the same, empty.
            context.warn(f"autopages: {rel} does not exist: its pages are empty (add the layout, or "
                         "turn this kind off with enabled: false under autopages:)", "_config.yml")
            page = page_without_a_file(site, rel, "", {})
        own_pagination = deep_merge(pagination, page.data.get("pagination"))
        own_pagination[filter_key] = value
        own = deep_merge(kind, page.data.get("autopages"))
        slug_config = kind["slugify"] if isinstance(kind.get("slugify"), dict) else {}
        mode = slug_config.get("mode")
        slug = slugify(value, None if mode is None else str(mode), bool(slug_config.get("cased")))

        def fill(pattern: Any) -> str:
            return ruby_str(pattern).replace(macro, slug or "", 1)

        permalink = fill(own.get("permalink"))
        dot = layout_name.rfind(".")
        data = page.data
        data["permalink"] = permalink
        data["layout"] = layout_name[:dot] if dot > 0 else layout_name
        data["title"] = fill(own.get("title"))
        data["pagination"] = own_pagination
        data["autopage"] = {"layout_path": f"_layouts/{layout_name}", "display_name": display}
        page.name = "index.html"
        page.url = _join(permalink, "index.html")
        page.dir = permalink
        page.generated = True
        return page

    def prepare_views(self, site: Site, views: SiteViews, context: PluginContext) -> None:
        """Present the paginators' posts as document views (once: jekyll-paginate shares the key)."""
        for page in site.pages:
            paginator = page.data.get(PAGINATOR_KEY)
            if isinstance(paginator, dict):
                posts = [views.doc(p) if isinstance(p, Document) else p for p in paginator["posts"]]
                page.data[PAGINATOR_KEY] = {**paginator, "posts": posts}


def _liquid_key(page: Document) -> str:
    """What Jekyll 4.3 caches a page's parsed Liquid under: its ``path`` (front matter or relative path)."""
    return str(page.data.get("path", page.relpath))


def _has_liquid(page: Document) -> bool:
    """Whether Jekyll runs the page's content through Liquid (Convertible#render_with_liquid?)."""
    return page.data.get("render_with_liquid") is not False and ("{%" in page.content or "{{" in page.content)


def _share_liquid_cache(site: Site, made: list[Document], context: PluginContext) -> None:
    """Jekyll 4.3's Liquid cache, keyed by page path, as the gem's pages meet it.

    Every paginated page's path is its file name (``.html``), so Jekyll parses the Liquid of the
    first such page it renders and renders every later one with it: a site's second pagination
    template shows the first one's content. reblog gives those pages that content too.
    """
    keys = {_liquid_key(page) for page in made}
    first: dict[str, Document] = {}
    warned: set[str] = set()
    for page in site.pages:
        key = _liquid_key(page)
        if key not in keys or not _has_liquid(page):
            continue
        source = first.setdefault(key, page)
        if source is page or page.content == source.content:
            continue
        if page.relpath not in warned:
            warned.add(page.relpath)
            context.warn(
                f"jekyll-paginate-v2: the pages paginated from {page.relpath} show the content of "
                f"{source.relpath}, as in Jekyll 4.3 (the gem names every paginated page {key!r} and "
                "Jekyll caches Liquid by that name); put the content in the layout to keep it apart",
                page.relpath)
        page.content = source.content
        page.body_line = source.body_line


def _autopage_index(docs: list[Document], field: str) -> dict[str, str]:
    """AutoPages::Utils.ap_index_posts_by: each lower-cased value and the first spelling seen."""
    index: dict[str, str] = {}
    for doc in docs:
        value = doc.data.get(field)
        if not _indexable(value):
            continue
        for item in _values(value):
            for raw in ruby_split(ruby_str(item).strip(), r";|,"):
                key = raw.lower().strip()
                index.setdefault(key, raw)
    return index
