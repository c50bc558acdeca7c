"""Helpers shared by Jekyll tags: their raw markup and rendering ``{{ }}`` inside it."""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

from liquid.exceptions import LiquidError
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
    context.env.from_string(text).render_with_context(context, buf, partial=True)
    return buf.getvalue()


def state_of(context: RenderContext) -> RenderState:
    """The build's render state for this render."""
    state = context.globals.get(STATE_KEY)
    if not isinstance(state, RenderState):
        raise LiquidError("Jekyll tags need a reblog render state", token=None)
    return state
