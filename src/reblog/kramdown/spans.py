"""kramdown span syntax that markdown-it lacks or reads differently: backslash escapes (only
kramdown's set of characters)."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.rules_inline import StateInline

# kramdown's ESCAPED_CHARS; kramdown-parser-gfm adds "~".
_KRAMDOWN_ESCAPED = frozenset("\\.*_+`<>()[]{}#!:|\"'$=-")
_GFM_ESCAPED = _KRAMDOWN_ESCAPED | {"~"}


def make_escape_rule(gfm: bool) -> Callable[[StateInline, bool], bool]:
    """Inline rule replacing markdown-it's escapes: a backslash escapes only kramdown's
    characters (``\\&`` stays as written); before a newline it is a line break."""
    escaped = _GFM_ESCAPED if gfm else _KRAMDOWN_ESCAPED

    def escape(state: StateInline, silent: bool) -> bool:
        pos = state.pos
        src = state.src
        if src[pos] != "\\" or pos + 1 >= state.posMax:
            return False
        ch = src[pos + 1]
        if ch == "\n":
            if not silent:
                state.push("hardbreak", "br", 0)
            # kramdown keeps the next line's indentation (markdown-it drops it).
            state.pos = pos + 2
            return True
        if ch not in escaped:
            return False
        if not silent:
            token = state.push("text_special", "", 0)
            token.content = ch
            token.markup = "\\" + ch
            token.info = "escape"
        state.pos = pos + 2
        return True

    return escape
