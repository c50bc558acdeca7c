"""kramdown span syntax that markdown-it lacks or reads differently: backslash escapes (only
kramdown's set of characters) and span extensions (``{::comment}``, ``{::nomarkdown}``,
``{::options /}``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_inline import StateInline

from reblog.kramdown.inline_options import set_inline_options
from reblog.kramdown.spanhtml import SPAN_HTML_DEPTH_KEY

# kramdown's ESCAPED_CHARS; kramdown-parser-gfm adds "~".
_KRAMDOWN_ESCAPED = frozenset("\\.*_+`<>()[]{}#!:|\"'$=-")
_GFM_ESCAPED = _KRAMDOWN_ESCAPED | {"~"}


def make_escape_rule(gfm: bool, hard_wrap: bool = False) -> Callable[[StateInline, bool], bool]:
    """Inline rule replacing markdown-it's escapes: a backslash escapes only kramdown's
    characters (``\\&`` stays as written); before a newline it is a line break in GFM (kramdown's own
    syntax keeps it as text)."""
    escaped = _GFM_ESCAPED if gfm else _KRAMDOWN_ESCAPED

    def escape(state: StateInline, silent: bool) -> bool:
        pos = state.pos
        src = state.src
        if src[pos] != "\\" or pos + 1 >= state.posMax:
            return False
        ch = src[pos + 1]
        if ch == "\n":
            if not gfm or hard_wrap or state.env.get(SPAN_HTML_DEPTH_KEY):
                # kramdown's own syntax breaks lines only with two spaces or "\\"; GFM's
                # backslash break is not made inside HTML elements, and with hard_wrap every
                # newline breaks (the backslash stays).
                return False
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


# kramdown's EXT_START_STR and EXT_STOP_STR (ALD_ANY_CHARS: ``\}`` or anything but ``}``).
_EXT_SPAN_START_RE = re.compile(r"\{::(\w+)(?:\s((?:\\\}|[^}])*?)|)(/)?\}|\{:/(\w[\w-]*)?\}")
_TYPE_RE = re.compile(r"""(?:\A|\s)type=("|')((?:\\\}|\\\1|(?!\1)[^}])*?)\1(?=\s|\Z)""")


def span_extension_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: kramdown's span extensions ``{::comment}...{:/}`` (an HTML comment),
    ``{::nomarkdown}...{:/}`` (raw output) and ``{::options ... /}`` (written as nothing; the
    options are set: see :mod:`reblog.kramdown.inline_options`).  A stray stop tag, an unknown
    name or a missing stop tag leaves the ``{`` as text, as kramdown does after its warning."""
    src = state.src
    if not src.startswith("{:", state.pos):
        return False
    start = _EXT_SPAN_START_RE.match(src, state.pos, state.posMax)
    if start is None or start[4] is not None or start[0] == "{:/}":
        return False
    name = start[1]
    if name not in ("comment", "nomarkdown", "options"):
        return False
    end = start.end()
    body: str | None = None
    if not start[3]:
        stop = re.compile(rf"\{{:/({re.escape(name)})?\}}").search(src, end, state.posMax)
        if stop is None:
            return False
        body, end = src[end : stop.start()], stop.end()
    if not silent and name == "options":
        set_inline_options(state.env, start[2])
    if not silent and body is not None and name != "options":
        if name == "comment":
            html = f"<!-- {body} -->"
        else:
            found = _TYPE_RE.search(start[2] or "")
            html = body if found is None or not found[2] or "html" in found[2].split() else ""
        token = state.push("html_inline", "", 0)
        token.content = html
    state.pos = end
    return True


# kramdown-parser-gfm's STRIKETHROUGH_MATCH.
_STRIKETHROUGH_RE = re.compile(r"~~(?!\s|~).*?[^\s~]~~", re.DOTALL)


def strikethrough_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule replacing markdown-it's strikethrough with kramdown-parser-gfm's: ``~~`` up to
    the first ``~~`` after a character that is not whitespace or ``~``, the content parsed on
    its own (delimiters inside cannot pair with ones outside)."""
    src, start, end = state.src, state.pos, state.posMax
    if not src.startswith("~~", start):
        return False
    m = _STRIKETHROUGH_RE.match(src, start, end)
    if m is None:
        return False
    if not silent:
        token = state.push("s_open", "s", 1)
        token.markup = "~~"
        state.pos, state.posMax = start + 2, m.end() - 2
        # kramdown-parser-gfm's <del> is an HTML element: GFM's line breaks skip its text.
        depth = state.env.get(SPAN_HTML_DEPTH_KEY, 0)
        state.env[SPAN_HTML_DEPTH_KEY] = depth + 1
        state.md.inline.tokenize(state)
        state.env[SPAN_HTML_DEPTH_KEY] = depth
        token = state.push("s_close", "s", -1)
        token.markup = "~~"
    state.pos, state.posMax = m.end(), end
    return True
