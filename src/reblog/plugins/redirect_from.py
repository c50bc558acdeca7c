"""jekyll-redirect-from 0.16: ``redirect_from`` pages, ``redirect_to`` pages, ``redirects.json``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..model import Document, Layout, Site
from ..reader import page_url
from ..templates.filters.urls import SiteUrls
from ._common import page_without_a_file
from .api import Plugin, PluginContext

# The plugin's own layout, used unless the site has a ``redirect`` layout of its own.
REDIRECT_LAYOUT = """<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="{{ page.redirect.to }}">
  <script>location="{{ page.redirect.to }}"</script>
  <meta http-equiv="refresh" content="0; url={{ page.redirect.to }}">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="{{ page.redirect.to }}">Click here if you are not redirected.</a>
</html>
"""

_HTTP = re.compile(r"^https?://")


def redirect_to(doc: Document) -> Any:
    """The page's ``redirect_to``: the first non-null entry of a list, or the value."""
    value = doc.data.get("redirect_to")
    if isinstance(value, list):
        return next((v for v in value if v is not None), None)
    return value


def redirect_from(doc: Document) -> list[Any]:
    """The page's ``redirect_from`` as a list without nulls."""
    value = doc.data.get("redirect_from")
    if isinstance(value, list):
        return [v for v in value if v is not None]
    return [] if value is None else [value]


def redirect_data(source: Any, target: Any, urls: SiteUrls) -> dict[str, Any]:
    """A redirect page's data: from ``source`` (a path) to ``target`` (a path or a URL, made
    absolute by the site's ``urls``)."""
    source_path = str(source)
    if not source_path.startswith("/"):
        source_path = "/" + source_path
    to = str(target)
    if not _HTTP.match(to):
        to = str(urls.absolute_url(to))
    return {
        "sitemap": False, "layout": "redirect", "permalink": source_path,
        "redirect": {"from": source_path, "to": to},
    }


def redirect_page(site: Site, source: Any, target: Any, urls: SiteUrls) -> Document:
    """A page named ``redirect.html`` at the root whose permalink is the old path."""
    data = redirect_data(source, target, urls)
    page = Document(
        path=site.source / "redirect.html", relpath="redirect.html", kind="page",
        collection=None, data=data, content="", name="redirect.html", generated=True,
    )
    page.dir = "/"
    page.url = page_url(page, site.settings.permalink)
    return page


class RedirectFrom(Plugin):
    """The jekyll-redirect-from generator."""

    name = "jekyll-redirect-from"

    def generate(self, site: Site, context: PluginContext) -> None:
        """Add redirect pages, turn ``redirect_to`` documents into redirects, write the JSON."""
        if "redirect" not in site.layouts:
            site.layouts["redirect"] = Layout(
                "redirect", Path(__file__), "_layouts/redirect.html", {}, REDIRECT_LAYOUT, 1,
                "liquid",
            )
        redirects: dict[str, str] = {}
        written = [d for c in site.collections.values() if c.output for d in c.docs]
        for doc in written + list(site.pages):
            for source in redirect_from(doc):
                page = redirect_page(site, source, doc.url, context.urls)
                site.pages.append(page)
                redirects[page.data["redirect"]["from"]] = page.data["redirect"]["to"]
            target = redirect_to(doc)
            if target:
                data = redirect_data(doc.url, target, context.urls)
                doc.data.update(data)
                # The document's own content is dropped: the redirect layout is all it shows.
                doc.content = ""
                redirects[data["redirect"]["from"]] = data["redirect"]["to"]
        options = site.config.get("redirect_from")
        if isinstance(options, dict) and options.get("json") is False:
            return
        if (site.source / "redirects.json").exists():
            return
        content = json.dumps(redirects, ensure_ascii=False, separators=(",", ":"))
        site.pages.append(page_without_a_file(site, "redirects.json", content, {"layout": None}))
