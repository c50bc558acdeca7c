"""markdown-it's parser states, making their tokens without ``Token.__init__``.

A page of Markdown makes thousands of tokens (Candid's 659 conversions: ~98,000).  markdown-it's
``Token`` is a dataclass whose ``__init__`` makes two empty dicts (``attrs``, ``meta``) and
then calls ``__post_init__``, which replaces ``attrs`` with a third (``convert_attrs`` of an empty
dict), all for the few tokens that get attributes.  :func:`new_token` sets the same fields
directly: the same token, in about half the time, with one dict less to make and free.

The states' ``push`` methods below are copies of markdown-it-py's own (checked line by line against
3.0.0 and 4.3.0), so they are used only with those major versions and while ``Token``'s fields are
the ones :func:`new_token` knows (``COPIED``); with any other markdown-it-py, :func:`block_state`
and :func:`parse_inline` use markdown-it's own states, and :func:`new_token` calls ``Token``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Literal

import markdown_it
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline, emphasis, fragments_join, link_pairs, strikethrough
from markdown_it.token import Token
from markdown_it.utils import EnvType

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Token's fields, in order, as new_token sets them.
_KNOWN_FIELDS = (
    "type", "tag", "nesting", "attrs", "map", "level", "children",
    "content", "markup", "info", "meta", "block", "hidden",
)  # fmt: skip
_DIRECT = tuple(f.name for f in dataclasses.fields(Token)) == _KNOWN_FIELDS
# Whether the copied states below may stand in for markdown-it's (see the module's docstring).
COPIED = _DIRECT and markdown_it.__version__.split(".")[0] in ("3", "4")
_new = object.__new__


def new_token(ttype: str, tag: str, nesting: Literal[-1, 0, 1], level: int, block: bool) -> Token:
    """``Token(ttype, tag, nesting, level=level, block=block)``, made without its ``__init__``."""
    if not _DIRECT:
        return Token(ttype, tag, nesting, level=level, block=block)
    token: Token = _new(Token)
    token.type = ttype
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = None
    token.level = level
    token.children = None
    token.content = ""
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = block
    token.hidden = False
    return token


class BlockState(StateBlock):
    """markdown-it's block state, whose ``push`` makes its token by :func:`new_token`."""

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """Push a new token to the stream (markdown-it's ``StateBlock.push``)."""
        if nesting < 0:
            self.level -= 1  # closing tag
        token = new_token(ttype, tag, nesting, self.level, True)
        if nesting > 0:
            self.level += 1  # opening tag
        self.tokens.append(token)
        return token


class InlineState(StateInline):
    """markdown-it's inline state, whose ``push`` and ``pushPending`` make their tokens by
    :func:`new_token`."""

    def pushPending(self) -> Token:
        """Flush the pending text as a text token (markdown-it's ``StateInline.pushPending``)."""
        token = new_token("text", "", 0, self.pendingLevel, False)
        token.content = self.pending
        self.tokens.append(token)
        self.pending = ""
        return token

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """Push a new token to the stream, the pending text first (``StateInline.push``)."""
        if self.pending:
            self.pushPending()
        token_meta = None
        if nesting < 0:
            self.level -= 1  # closing tag
            self.delimiters = self._prev_delimiters.pop()
        token = new_token(ttype, tag, nesting, self.level, False)
        if nesting > 0:
            self.level += 1  # opening tag
            self._prev_delimiters.append(self.delimiters)
            self.delimiters = []
            token_meta = {"delimiters": self.delimiters}
        self.pendingLevel = self.level
        self.tokens.append(token)
        self.tokens_meta.append(token_meta)
        return token


def block_state(src: str, md: MarkdownIt, env: EnvType, tokens: list[Token], copied: bool = COPIED) -> StateBlock:
    """A block state: a :class:`BlockState` when ``copied``, else markdown-it's own."""
    return (BlockState if copied else StateBlock)(src, md, env, tokens)


def parse_inline(src: str, md: MarkdownIt, env: EnvType, tokens: list[Token], copied: bool = COPIED) -> None:
    """``md.inline.parse(src, md, env, tokens)``, with an :class:`InlineState` when ``copied``."""
    if not copied:
        md.inline.parse(src, md, env, tokens)
        return
    inline = md.inline
    state = InlineState(src, md, env, tokens)
    inline.tokenize(state)
    # The rules pairing delimiters (emphasis, links' brackets) have nothing to pair when no
    # rule made a delimiter (kramdown's emphasis and strikethrough rules pair their own).
    paired = bool(state.delimiters) or any(meta.get("delimiters") for meta in state.tokens_meta if meta)
    for rule in inline.ruler2.getRules(""):
        if rule is fragments_join:
            _fragments_join(state)
        elif paired or rule not in PAIRING_RULES:
            rule(state)


# markdown-it's post-processing rules that only pair the delimiters the state lists (and
# change nothing where it lists none).
PAIRING_RULES = frozenset({link_pairs, emphasis.postProcess, strikethrough.postProcess})


def _fragments_join(state: StateInline) -> None:
    """markdown-it's ``fragments_join`` (every token's level from the nesting before it, adjacent
    texts joined), its level pass alone where no two texts are adjacent (most inline content)."""
    level = 0
    text_before = False
    for token in state.tokens:
        nesting = token.nesting
        if nesting < 0:
            level -= 1
        token.level = level
        if nesting > 0:
            level += 1
        is_text = token.type == "text"
        if is_text and text_before:
            fragments_join(state)  # (which sets the same levels again)
            return
        text_before = is_text
