"""jekyll-default-layout 0.1.5: Markdown pages and posts without a layout get one that exists."""

from __future__ import annotations

from ..model import Document, Site
from ._pages import is_markdown_name
from .api import Plugin, PluginContext


def layout_for(site: Site, doc: Document) -> str | None:
    """``home`` for the site's index, ``page`` for pages, ``post`` for posts, else ``default``."""
    def exists(name: str) -> bool:
        return name in site.layouts

    if doc.url == "/" and exists("home"):
        return "home"
    if doc.kind == "page" and exists("page"):
        return "page"
    if doc.collection == "posts" and exists("post"):
        return "post"
    if exists("default"):
        return "default"
    return None


class DefaultLayout(Plugin):
    """The jekyll-default-layout generator (priority lowest)."""

    name = "jekyll-default-layout"
    priority = -20

    def generate(self, site: Site, context: PluginContext) -> None:
        """Set ``layout`` where neither front matter nor defaults set it (even to null)."""
        for doc in list(site.pages) + list(site.posts):
            if is_markdown_name(site, doc.name) and "layout" not in doc.data:
                doc.data["layout"] = layout_for(site, doc)
