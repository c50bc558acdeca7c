"""A quicker token stream for python-liquid's parser."""

from __future__ import annotations

from collections.abc import Iterator

from liquid.builtin.expressions import tokenize as tokenize_expression
from liquid.exceptions import LiquidSyntaxError
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, Token


class HeadStream(TokenStream):
    """python-liquid's token stream with its head kept in an attribute, not looked up by a
    property at each look (parsing a page looks tens of thousands of times); what it yields
    and where it stands are the same."""

    current: Token = TokenStream.eof   # (shadows the property: set per stream below)

    def __init__(self, tokens: Iterator[Token], block_depth_carry: int = 0) -> None:
        super().__init__(tokens, block_depth_carry)
        self.current = self.tokens[0] if self.tokens else self.eof

    def __next__(self) -> Token:
        token = self.current
        if token is not self.eof:   # (past the end it stays there, as python-liquid's does)
            pos = self.pos = self.pos + 1
            tokens = self.tokens
            self.current = tokens[pos] if pos < len(tokens) else self.eof
        return token

    next = next_token = __next__  # noqa: A003 - python-liquid's names

    def into_inner(self, *, tag: Token | None = None, eat: bool = True) -> TokenStream:
        """A stream of the current expression's tokens (python-liquid's ``into_inner``)."""
        token = self.current
        if token.kind != TOKEN_EXPRESSION:
            raise LiquidSyntaxError("missing expression", token=tag or token)
        if eat:
            next(self)
        return HeadStream(tokenize_expression(token.value, parent_token=token))
