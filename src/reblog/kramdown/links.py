"""kramdown's looser inline-link syntax, as a markdown-it inline rule.

markdown-it implements CommonMark links, which reject a destination containing spaces.
kramdown reads the destination up to the parenthesis that balances the opening one, or up
to whitespace followed by a quote (a title); the destination may contain spaces and is
stripped, so ``[x]( /a.html #b)`` links to ``/a.html #b``.  This rule runs after markdown-it's
own link and image rules and only handles what they rejected.
"""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

_PAREN_STOP = re.compile(r"(\()|(\))|\s(?=['\"])")
_TITLE = re.compile(r"\s*?([\"'])(.+?)\1\s*?\)", re.DOTALL)
_RUBY_SPACE = " \t\n\v\f\r"


def _destination(src: str, pos: int, end: int) -> tuple[str, str | None, int] | None:
    """Parse ``(url "title")`` at ``pos`` (the opening parenthesis) the kramdown way."""
    scanned = pos
    depth = 0
    url_end = pos
    while True:
        m = _PAREN_STOP.search(src, scanned, end)
        if m is None:
            break
        scanned = url_end = m.end()
        if m.group(2):
            depth -= 1
            if depth == 0:
                break
        elif m.group(1):
            depth += 1
        else:
            break
    url = src[pos + 1 : url_end - 1].strip(_RUBY_SPACE)
    if depth == 0:
        return url, None, scanned
    m = _TITLE.match(src, scanned, end)
    if m is None:
        return None
    return url, m.group(2), m.end()


def kramdown_link(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``[text](dest)`` / ``![alt](dest)`` with a kramdown-style destination."""
    src, start, end = state.src, state.pos, state.posMax
    image = src.startswith("![", start)
    if not image and src[start] != "[":
        return False
    if not image and state.linkLevel > 0:
        return False
    label_start = start + (2 if image else 1)
    label_end = state.md.helpers.parseLinkLabel(state, label_start - 1, True)
    if label_end < 0:
        return False
    pos = label_end + 1
    if pos >= end or src[pos] != "(" or src.startswith("(<", pos):
        return False
    parsed = _destination(src, pos, end)
    if parsed is None:
        return False
    href, title, after = parsed
    if silent:
        state.pos = after
        return True
    if image:
        content = src[label_start:label_end]
        children: list[Token] = []
        state.md.inline.parse(content, state.md, state.env, children)
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": ""}
        token.children = children or None
        token.content = content
        if title:
            token.attrSet("title", title)
    else:
        state.pos, state.posMax = label_start, label_end
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        if title:
            token.attrSet("title", title)
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
    state.pos, state.posMax = after, end
    return True
