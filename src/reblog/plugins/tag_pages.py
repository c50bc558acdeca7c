"""reblog's own generator for the built-in theme: one listing page per tag, and a tag index."""

from __future__ import annotations

from typing import Any

from ..model import Document, Site
from ..urls import slugify
from .api import Plugin, PluginContext


def _page(site: Site, url: str, layout: str, data: dict[str, Any]) -> Document:
    page = Document(
        path=site.source / url.strip("/") / "index.html", relpath=url.strip("/") + "/index.html",
        kind="page", collection=None, data={"layout": layout, **data}, content="",
        name="index.html", ext=".html", generated=True,
    )
    page.url = url
    page.dir = url
    return page


class TagPages(Plugin):
    """Generates ``/tags/<tag>/`` (layout ``tag``) and ``/tags/`` (layout ``tags``)."""

    name = "reblog-tag-pages"

    def generate(self, site: Site, context: PluginContext) -> None:
        """Add the tag pages to the site before rendering."""
        tags: dict[str, list[Document]] = {}
        for post in reversed(site.posts):
            for tag in post.data.get("tags") or []:
                tags.setdefault(str(tag), []).append(post)
        entries = []
        for tag in sorted(tags, key=str.lower):
            url = f"/tags/{slugify(tag)}/"
            entries.append({"name": tag, "slug": slugify(tag), "url": url, "size": len(tags[tag]),
                            "posts": tags[tag]})
            site.pages.append(_page(site, url, "tag", {"title": tag, "tag": tag, "posts": tags[tag]}))
        site.pages.append(_page(site, "/tags/", "tags", {"title": "Tags", "tags": entries}))


