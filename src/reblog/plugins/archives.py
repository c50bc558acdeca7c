"""jekyll-archives 2.2: archive pages of posts by tag, category, year, month and day.

Options under ``jekyll-archives:``: ``enabled`` (a list of ``year``, ``month``, ``day``,
``tags``, ``categories``, or ``all``/``true``), ``layout`` (default ``archive``), ``layouts``
(per type), ``permalinks`` (per type; ``:year``, ``:month``, ``:day``, ``:name``, ``:type``).
Each page gets ``page.posts`` (newest first), ``page.type``, ``page.title`` (the tag or category
as written; none for dates) and ``page.date`` (a date for date archives); the pages are added
in the gem's order (tags, categories, then each year with its months and days, newest month
first within a year). ``site.archives`` lists the pages in that order, as the gem puts them in
``site.config``.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable
from datetime import date
from typing import Any

from ..model import Document, Site
from ..reader import Reader, ReadOptions
from ..templates.views import LIQUID_ATTRIBUTES_KEY, SiteViews
from ..urls import fill_page_template, slugify, unescape_path
from .api import Plugin, PluginContext

# Archive::ATTRIBUTES_FOR_LIQUID: what templates see of an archive page besides its data (no
# content, dir or excerpt, unlike other pages).
_ATTRIBUTES_FOR_LIQUID = ("posts", "type", "title", "date", "name", "path", "url", "permalink")

DEFAULTS: dict[str, Any] = {
    "layout": "archive",
    "enabled": [],
    "permalinks": {
        "year": "/:year/", "month": "/:year/:month/", "day": "/:year/:month/:day/",
        "tag": "/tag/:name/", "category": "/category/:name/",
    },
}


def _merged(config: dict[str, Any]) -> dict[str, Any]:
    own = config.get("jekyll-archives")
    merged = copy.deepcopy(DEFAULTS)
    if isinstance(own, dict):
        for key, value in own.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def _grouped(posts: list[Document], key: Any, order: dict[int, int]) -> dict[str, list[Document]]:
    """Posts by ``key(post)``, keys in first-seen order, each list newest first (``sort!.reverse!``
    by Jekyll's post order, which ``order`` gives)."""
    groups: dict[str, list[Document]] = {}
    for post in posts:
        for value in key(post):
            groups.setdefault(value, []).append(post)
    return {k: sorted(v, key=lambda p: order[id(p)], reverse=True) for k, v in groups.items()}


class Archives(Plugin):
    """The jekyll-archives generator."""

    name = "jekyll-archives"

    def __init__(self) -> None:
        self.pages: list[Document] = []
        self._defaults: Callable[[str, str], dict[str, Any]] = lambda path, kind: {}

    def generate(self, site: Site, context: PluginContext) -> None:
        """Add the archive pages."""
        config = _merged(site.config)
        site.config["jekyll-archives"] = config
        enabled = config.get("enabled")

        def on(kind: str) -> bool:
            return enabled is True or enabled == "all" or (isinstance(enabled, list) and kind in enabled)

        # Archive#to_liquid merges the front matter defaults for its path and type ("tag", "year")
        # under its own values.
        reader = Reader(site, ReadOptions(), context.log)
        self._defaults = reader.front_matter_defaults
        posts = list(site.posts)  # oldest first, as Jekyll keeps them
        order = {id(p): i for i, p in enumerate(posts)}
        pages: list[Document] = []
        for kind, attr, label in (("tags", "tags", "tag"), ("categories", "categories", "category")):
            if on(kind):
                for title, members in _grouped(posts, lambda p, a=attr: _strings(p.data.get(a)), order).items():
                    pages.append(self._page(context, config, label, title, members))
        for year, in_year in _grouped(posts, lambda p: [p.date.strftime("%Y")] if p.date else [], order).items():
            if on("year"):
                pages.append(self._page(context, config, "year", {"year": year}, in_year))
            for month, in_month in _grouped(in_year, lambda p: [p.date.strftime("%m")], order).items():
                if on("month"):
                    pages.append(self._page(context, config, "month", {"year": year, "month": month}, in_month))
                for day, in_day in _grouped(in_month, lambda p: [p.date.strftime("%d")], order).items():
                    if on("day"):
                        parts = {"year": year, "month": month, "day": day}
                        pages.append(self._page(context, config, "day", parts, in_day))
        self.pages = pages
        # The gem stores its pages in the config, which is how templates see ``site.archives``.
        site.config["archives"] = pages

    def _page(self, context: PluginContext, config: dict[str, Any], kind: str,
              title: str | dict[str, str], posts: list[Document]) -> Document:
        layouts = config.get("layouts")
        layout = layouts[kind] if isinstance(layouts, dict) and kind in layouts else config.get("layout")
        if isinstance(title, dict):
            placeholders: dict[str, str | None] = {**title, "type": kind}
            when: date | None = date(*(int(v) for v in title.values()), *([1] * (3 - len(title))))
        else:
            placeholders = {"name": slugify(title), "type": kind}
            when = None
        url = fill_page_template(str(config["permalinks"][kind]), placeholders)
        rel = unescape_path(url).lstrip("/")
        if url.endswith("/"):
            rel = rel + "index.html"
        data: dict[str, Any] = {
            **self._defaults(rel, kind),
            "layout": layout, "posts": posts, "type": kind,
            "title": title if isinstance(title, str) else None, "date": when,
            LIQUID_ATTRIBUTES_KEY: _ATTRIBUTES_FOR_LIQUID,
        }
        page = context.add_page(rel, "", data)
        page.url = url
        # Archive#name is the written file's base name without its extension ("index" for /tag/x/).
        base = posixpath.basename(rel)
        dot = base.rfind(".")
        page.name = base[:dot] if dot > 0 else base
        return page

    def prepare_views(self, site: Site, views: SiteViews, context: PluginContext) -> None:
        """Present each archive's posts as views."""
        for page in self.pages:
            page.data["posts"] = [views.doc(p) for p in page.data["posts"]]


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
