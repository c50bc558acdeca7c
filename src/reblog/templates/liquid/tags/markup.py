"""Helpers for writing Jekyll-style tags (built-in and plugins'): raw markup, ``{{ }}`` inside it, inline tags."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from ..state import STATE_KEY, RenderState

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream


def read_markup(stream: TokenStream, *, block: bool = False) -> tuple[Token, str]:
    """Return a tag token and its raw markup (Jekyll tags parse their own arguments).

    An inline tag leaves the stream on its last token, as python-liquid's parser expects;
    a block tag moves past it to read its body.
    """
    token = stream.current
    stream.expect(TOKEN_TAG)
    markup = ""
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        markup = stream.current.value
    if block:
        next(stream)
    return token, markup


def render_markup(context: RenderContext, text: str) -> str:
    """Render ``{{ var }}`` inside a tag's markup, as Jekyll does for file names."""
    if "{{" not in text:
        return text
    buf = StringIO()
    env = context.env
    # (an environment that keeps what renders again parses the same markup once: an include
    # of ``{{ layout.include_header }}`` on every page)
    keeper = getattr(env, "reusable_template", None)
    template = keeper(text, "", None, again=False) if keeper is not None else env.from_string(text)
    template.render_with_context(context, buf, partial=True)
    return buf.getvalue()


def state_of(context: RenderContext) -> RenderState:
    """The build's render state for this render."""
    state = context.globals.get(STATE_KEY)
    if not isinstance(state, RenderState):
        raise LiquidError("Jekyll tags need a reblog render state", token=None)
    return state


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
