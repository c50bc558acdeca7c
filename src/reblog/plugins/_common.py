"""Helpers the GitHub Pages plugins share: pages without a source file, template minifying."""

from __future__ import annotations

import posixpath
import re
from typing import Any

from ..model import Document, Site


def page_without_a_file(site: Site, file_path: str, content: str, data: dict[str, Any]) -> Document:
    """A generated page at ``file_path`` (Jekyll's PageWithoutAFile with an empty dir)."""
    url = "/" + re.sub(r"/{2,}", "/", file_path).lstrip("/")
    name = posixpath.basename(url)
    dot = name.rfind(".")
    ext = name[dot:] if dot > 0 else ""
    page = Document(
        path=site.source / url.lstrip("/"), relpath=url.lstrip("/"), kind="page",
        collection=None, data=data, content=content, ext=ext, output_ext=ext, name=name,
        generated=True,
    )
    page.url = url
    page.dir = posixpath.dirname(url).rstrip("/") + "/"
    return page


def minify(template: str, pattern: str) -> str:
    """Drop the whitespace a plugin strips from its template (after tags and closing brackets)."""
    return re.sub(pattern, "", template)


def url_exists(site: Site, url: str) -> bool:
    """Whether a page or static file already has this URL (jekyll-sitemap's file_exists?)."""
    return any(p.url == url for p in site.pages) or any(f.url == url for f in site.static_files)


def xml_attr(value: Any) -> str:
    """Ruby's ``encode(xml: :attr)``: escaped and wrapped in double quotes."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return '"' + text.replace('"', "&quot;").replace("'", "&apos;") + '"'
