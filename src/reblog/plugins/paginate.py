"""jekyll-paginate 1.1: split the posts over an ``index.html`` page and copies of it at ``paginate_path``."""

from __future__ import annotations

import copy
import math
import posixpath
from dataclasses import replace
from typing import Any

from ..config.model import PaginationSettings
from ..model import Document, Site
from ..reader import page_url
from .api import Plugin, PluginContext
from ..templates.views import SiteViews

PAGINATOR_KEY = "__paginator__"


def _slashed(path: str) -> str:
    """A path with exactly one leading slash added when missing (Pager.ensure_leading_slash)."""
    return path if path.startswith("/") else "/" + path


def _absolute(rel: str) -> str:
    """A source-relative path as an absolute one rooted at ``/`` (File.expand_path on the source)."""
    return posixpath.normpath("/" + rel.lstrip("/"))


def _in_hierarchy(page_dir: str, folder: str) -> bool:
    """Whether ``page_dir`` is ``folder`` or one of its parents (Pager.in_hierarchy)."""
    while True:
        if page_dir == folder:
            return True
        if folder == "/":
            return False
        folder = posixpath.dirname(folder)


def is_candidate(settings: PaginationSettings, page: Document) -> bool:
    """Pager.pagination_candidate?: an ``index.html`` in the paginate_path's folder or above it."""
    if page.name != "index.html":
        return False
    page_dir = posixpath.dirname(_absolute(str(page.data.get("path", page.relpath))))
    paginate_dir = posixpath.dirname(_absolute(settings.path))
    return _in_hierarchy(page_dir, paginate_dir)


def template_page(site: Site) -> Document | None:
    """The page used as the pagination template: the deepest candidate."""
    candidates = [p for p in site.pages if not p.generated and is_candidate(site.settings.pagination, p)]
    candidates.sort(key=lambda p: len(str(p.data.get("path", p.relpath))), reverse=True)
    return candidates[0] if candidates else None


def page_path(site: Site, first_url: str, num: int | None) -> str | None:
    """Pager.paginate_path: the URL of page ``num`` (page 1 is the template's own URL)."""
    if num is None:
        return None
    if num <= 1:
        return first_url
    return _slashed(site.settings.pagination.path.replace(":num", str(num), 1))


def pager(site: Site, first_url: str, num: int, posts: list[Document], per_page: int,
          total_pages: int) -> dict[str, Any]:
    """The ``paginator`` variable for page ``num`` (Pager#to_liquid)."""
    start = (num - 1) * per_page
    previous_page = num - 1 if num != 1 else None
    next_page = num + 1 if num != total_pages else None
    return {
        "page": num,
        "per_page": per_page,
        "posts": posts[start:start + per_page],
        "total_posts": len(posts),
        "total_pages": total_pages,
        "previous_page": previous_page,
        "previous_page_path": page_path(site, first_url, previous_page),
        "next_page": next_page,
        "next_page_path": page_path(site, first_url, next_page),
    }


def _copy_at(site: Site, template: Document, url_dir: str) -> Document:
    """A fresh copy of the template page placed in ``url_dir`` (Page.new then ``dir=``)."""
    # Not the template's own paginator: it holds the posts, and deep copies of them are thrown away.
    data = {key: value for key, value in template.data.items() if key != PAGINATOR_KEY}
    page = replace(template, data=copy.deepcopy(data), generated=True)
    page.dir = url_dir
    page.url = page_url(page, site.settings.permalink)
    # page.path stays the template's: Jekyll memoizes relative_path before moving the copy.
    page.dir = page.url if page.url.endswith("/") else posixpath.dirname(page.url).rstrip("/") + "/"
    return page


class Paginate(Plugin):
    """The jekyll-paginate generator."""

    name = "jekyll-paginate"
    priority = -20

    def generate(self, site: Site, context: PluginContext) -> None:
        """Give the template page its paginator and add pages 2..N."""
        log = context.log
        # (A ``paginate:`` that is not a whole number above 0 stopped the build at configuration.)
        per_page = site.settings.pagination.per_page
        if per_page is None or not site.pages:
            return
        template = template_page(site)
        if template is None:
            log.warn("Pagination: Pagination is enabled, but I couldn't find an index.html page "
                     "to use as the pagination template. Skipping pagination.", kind="pagination")
            return
        posts = [p for p in reversed(site.posts) if not p.data.get("hidden")]
        total_pages = math.ceil(len(posts) / per_page)
        first_url = template.url
        for num in range(1, total_pages + 1):
            paginator = pager(site, first_url, num, posts, per_page, total_pages)
            if num == 1:
                template.data[PAGINATOR_KEY] = paginator
                continue
            page = _copy_at(site, template, str(page_path(site, first_url, num)))
            page.data[PAGINATOR_KEY] = paginator
            site.pages.append(page)

    def prepare_views(self, site: Site, views: SiteViews, context: PluginContext) -> None:
        """Present the paginators' posts as document views, as Liquid sees Jekyll's drops."""
        for page in site.pages:
            paginator = page.data.get(PAGINATOR_KEY)
            if isinstance(paginator, dict):
                # (jekyll-paginate-v2 may share the key: each post is converted once)
                page.data[PAGINATOR_KEY] = {
                    **paginator,
                    "posts": [views.doc(p) if isinstance(p, Document) else p for p in paginator["posts"]],
                }
