"""Jekyll's ``link`` and ``post_url`` tags: a source path or post name to its URL, baseurl included."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.tag import Tag

from ..errors import liquid_error
from .markup import read_markup, render_markup, state_of

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token


def _with_baseurl(url: str, baseurl: str) -> str:
    base = baseurl.rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    return base + url


class LinkNode(Node):
    """Resolve a path relative to the source to the URL of the page or document there."""

    __slots__ = ("markup", "kind")

    def __init__(self, token: Token, markup: str, kind: str) -> None:
        super().__init__(token)
        self.blank = False  # it writes output, so a block holding only this is not blank
        self.markup = markup
        self.kind = kind

    def __str__(self) -> str:
        return f"{{% {self.kind} {self.markup} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the URL."""
        state = state_of(context)
        target = render_markup(context, self.markup).strip()
        source = target.lstrip("/") if self.kind == "link" else state.post_index.get(target)
        if source is None and self.kind == "post_url":
            source = state.post_index_deprecated.get(target)
            if source is not None:
                self._deprecated(context, target)
        url = state.url_index.get(source) if source else None
        if url is None or source is None:
            raise LiquidError(self._not_found(target), token=self.token)
        # Only its URL: an edit of the target's body does not change what this writes.
        state.record(f"{source}#url")
        buffer.write(_with_baseurl(url, state.baseurl))
        return True

    def _deprecated(self, context: RenderContext, target: str) -> None:
        # Jekyll finds the post by its slug and date alone, and warns (once per use).
        warn = getattr(context.env, "warn", None)
        if warn is None:
            return
        located = liquid_error(LiquidError("post_url", token=self.token), context.template.name,
                               getattr(context, "first_line", 1))
        where = f"{located.file}:{located.line}" if located.line else str(located.file)
        warn(f"{where}: Deprecation: A call to '{{% post_url {target} %}}' did not match a post using the "
             "new matching method of checking name (path-date-slug) equality. Please make sure that "
             "you change this tag to match the post's name exactly.")

    def _not_found(self, target: str) -> str:
        if self.kind == "link":
            return (
                f"Could not find document '{target}' in tag 'link'. "
                "Make sure the document exists and the path is correct."
            )
        return (
            f"Could not find post \"{target}\" in tag 'post_url'. "
            "Make sure the post exists and the name is correct."
        )


_POST_NAME = re.compile(r"^(?:(.+)/)*(\d+-\d+-\d+)-(.*)$")


class LinkTag(Tag):
    """``{% link _posts/2023-12-11-name.md %}``."""

    name = "link"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Keep the raw path (it may contain ``{{ }}``)."""
        token, markup = read_markup(stream)
        return LinkNode(token, markup, self.name)


class PostUrlTag(LinkTag):
    """``{% post_url 2023-12-11-name %}``."""

    name = "post_url"

    def parse(self, stream: TokenStream) -> Node:
        """Validate the post name as Jekyll does."""
        token, markup = read_markup(stream)
        if not _POST_NAME.match(markup.strip()):
            raise LiquidError(
                f"post_url: {markup.strip()!r} is not a valid post name (YYYY-MM-DD-slug)",
                token=token,
            )
        return LinkNode(token, markup, self.name)
