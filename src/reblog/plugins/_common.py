"""Helpers the GitHub Pages plugins share: pages without a source file, template minifying, tags."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.tag import Tag

from ..model import Document, Site
from ..templates.liquid.tags._markup import read_markup

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token


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


class _CallbackNode(Node):
    """A node whose output comes from a function of the render context and the tag's markup."""

    __slots__ = ("callback", "markup", "tag_name")

    def __init__(self, token: Token, markup: str, tag_name: str,
                 callback: Callable[[RenderContext, str], str]) -> None:
        super().__init__(token)
        self.blank = False
        self.markup = markup
        self.tag_name = tag_name
        self.callback = callback

    def __str__(self) -> str:
        return f"{{% {self.tag_name} {self.markup} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write what the callback returns."""
        return buffer.write(self.callback(context, self.markup))


def inline_tag(tag_name: str, callback: Callable[[RenderContext, str], str]) -> type[Tag]:
    """A python-liquid inline tag class whose output is ``callback(context, markup)``."""

    class _InlineTag(Tag):
        name = tag_name
        block = False

        def parse(self, stream: TokenStream) -> Node:
            token, markup = read_markup(stream)
            return _CallbackNode(token, markup, tag_name, callback)

    _InlineTag.__name__ = f"{tag_name.title().replace('_', '')}Tag"
    return _InlineTag
