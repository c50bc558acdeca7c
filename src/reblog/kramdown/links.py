"""kramdown's links, images, link definitions and autolinks, as markdown-it rules.

kramdown (its GFM parser too) reads links its own way, not CommonMark's:

* the outer link wins: ``[a [b](c) d](e)`` links to ``e`` with the inner one as text;
* an inline destination runs to the parenthesis that balances the opening one, or to
  whitespace followed by a quote (a title), may contain spaces and is stripped; a title
  cannot be empty; ``(<dest>)`` takes anything up to ``>``;
* ``[text]``, ``[text][]``, ``[text][id]`` and ``[text] [id]`` (whitespace, a newline too,
  between the brackets) are references; the id is the label as written, whitespace collapsed
  and downcased; an undefined one leaves ``[`` (or ``![``) as text;
* a definition ``[id]: url "title"`` is one line (the title may be on the next), its url may
  contain spaces, the last definition of an id wins, a block IAL next to it gives every link
  using it attributes, and the ``link_defs`` option predefines some;
* destinations and titles are written as given (no unescaping), escaped as kramdown escapes
  attributes (entity references kept);
* autolinks are ``<scheme:...>`` for mailto, http(s) and ftp(s), and ``<user@host>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from reblog.kramdown.ald import IAL_MARKER_KEY
from reblog.kramdown.html import escape_text

LINK_DEFS_KEY = "kramdown_link_defs"
# env key: how many kramdown links enclose the current position.
_IN_LINK_KEY = "kramdown_in_link"

# Where an inline destination may end: a parenthesis, or whitespace (which ends it only before
# a quote: a title).  One character class, which the regex engine scans for in C; the
# destination's own alternatives (``(\()|(\))|\s(?=['"])``) were tried at every character.
_PAREN_STOP = re.compile(r"[()\s]")
_TITLE = re.compile(r"\s*?([\"'])(.+?)\1\s*?\)", re.DOTALL)
_ANGLE_DEST = re.compile(r"\(<(.*?)>")
_INLINE_ID = re.compile(r"[ \t\n\v\f\r]*?\[([^\]]+)?\]")
_RUBY_SPACE = " \t\n\v\f\r"
_WHITESPACE_RUN = re.compile(r"[ \t\n\v\f\r]+")
# kramdown's ESCAPED_CHARS: the label as written, escapes resolved, is the alt text and the id.
_ALT_ESCAPE = re.compile(r"""\\([\\.*_+`<>()\[\]{}#!:|"'$=-])""")
# kramdown's LINK_DEFINITION_START (on at most two lines: the title may be on the second).
_LINK_DEF = re.compile(
    r"[ ]{0,3}\[([^\n\]]+)\]:[ \t]*(?:<(.*?)>|([^\n]*?\S[^\n]*?))"
    r"(?:(?:[ \t]*?\n|[ \t]+?)[ \t]*?([\"'])(.+?)\4)?[ \t]*?\n"
)
_SPACE_QUOTE = re.compile(r"[ \t]+[\"']")
# kramdown's AUTOLINK_START: [[:alnum:]] (Unicode-aware), "-", "_" and "." around the "@".
_AUTOLINK = re.compile(r"<((mailto|https?|ftps?):[^\n]+?|[\w.\-]+?@[\w.\-]+?)>")
_ENTITY_REF = re.compile(r"&(?:[\w:][\-\w.:]*;|#\d+;|#x[0-9a-fA-F]+;)")


def normalize_link_id(label: str) -> str:
    """kramdown's ``normalize_link_id``: whitespace runs collapsed to one space, downcased."""
    return _WHITESPACE_RUN.sub(" ", label).lower()


# ---------------------------------------------------------------------------------------------
# Link definitions
# ---------------------------------------------------------------------------------------------


def link_def_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a kramdown link definition (``[id]: url "title"``); it writes nothing."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if not first.startswith("[") or "]:" not in first:
        return False
    lines = state.getLines(start, min(start + 2, end), state.blkIndent, False)
    if not lines.endswith("\n"):
        lines += "\n"
    m = _LINK_DEF.match(lines)
    if m is None or _SPACE_QUOTE.search(m[3] or ""):
        return False
    if silent:
        return True
    used = 1 + m[0].count("\n", 0, len(m[0]) - 1)
    link_id = normalize_link_id(m[1])
    url = m[2] if m[2] is not None else m[3]
    state.env.setdefault(LINK_DEFS_KEY, {})[link_id] = (url, m[5])
    # An end-of-block marker, as in kramdown: block IALs next to it go to the links using it.
    token = state.push("kramdown_eob", "", 0)
    token.map = [start, start + used]
    token.meta = {"link_def": link_id}
    state.line = start + used
    return True


def apply_link_def_ials(state: StateCore) -> None:
    """Core rule (after block IALs are applied): links and images from a definition get the
    attributes of that definition's IAL, before their own (kramdown's ``add_link``)."""
    if not state.env.get(IAL_MARKER_KEY, True):
        return  # no block IAL, so no definition has attributes (most documents)
    ials = {t.meta["link_def"]: t.attrs for t in state.tokens if t.type == "kramdown_eob" and t.attrs and t.meta.get("link_def")}
    if not ials:
        return
    for inline in state.tokens:
        for tok in inline.children or ():
            link_id = tok.meta.get("link_def") if tok.meta else None
            if link_id in ials:
                attrs = dict(ials[link_id])
                for key, value in tok.attrs.items():
                    if key == "class" and "class" in attrs:
                        attrs[key] = f"{attrs[key]} {value}"
                    else:
                        attrs[key] = value
                tok.attrs = attrs


# ---------------------------------------------------------------------------------------------
# Inline links and images
# ---------------------------------------------------------------------------------------------


def _destination(src: str, pos: int, end: int) -> tuple[str, str | None, int] | None:
    """Parse ``(url "title")`` at ``pos`` (the opening parenthesis) the kramdown way."""
    angle = _ANGLE_DEST.match(src, pos, end)
    if angle is not None:
        url = angle[1]
        scanned = angle.end()
        if src.startswith(")", scanned):
            return url, None, scanned + 1
    else:
        scanned = pos
        depth = 0
        url_end = pos
        at = pos
        while True:
            m = _PAREN_STOP.search(src, at, end)
            if m is None:
                break
            at = m.end()
            char = m[0]
            if char not in "()":
                if at < end and src[at] in "'\"":
                    scanned = url_end = at
                    break  # whitespace before a title's quote
                continue  # other whitespace is part of the destination
            scanned = url_end = at
            if char == "(":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    break
        url = src[pos + 1 : url_end - 1].strip(_RUBY_SPACE)
        if depth == 0:
            return url, None, scanned
    m = _TITLE.match(src, scanned, end)
    if m is None:
        return None
    return url, m.group(2), m.end()


def kramdown_link(state: StateInline, silent: bool) -> bool:
    """Inline rule replacing markdown-it's links and images with kramdown's."""
    src, start, end = state.src, state.pos, state.posMax
    image = src.startswith("![", start)
    if not image and src[start] != "[":
        return False
    label_start = start + (2 if image else 1)
    if label_start >= end or src[label_start] == "^":
        return False  # LINK_START needs a character after "[" and leaves "[^" to footnotes
    if not image and state.env.get(_IN_LINK_KEY):
        return False  # no link inside a link: the "[" is text (raw <a> HTML does not count)
    label_end = state.md.helpers.parseLinkLabel(state, label_start - 1, False)
    if label_end < 0:
        return _not_a_link(state, silent, image)
    label = src[label_start:label_end]
    pos = label_end + 1
    href: str
    title: str | None
    link_id: str | None = None
    ref = _INLINE_ID.match(src, pos, end)
    if ref is not None or not src.startswith("(", pos):
        link_id = normalize_link_id(ref[1] if ref is not None and ref[1] else _ALT_ESCAPE.sub(r"\1", label))
        defs: Mapping[str, tuple[str, str | None]] = state.env.get(LINK_DEFS_KEY) or {}
        if link_id not in defs:
            return _not_a_link(state, silent, image)
        href, title = defs[link_id]
        after = ref.end() if ref is not None else pos
    else:
        parsed = _destination(src, pos, end)
        if parsed is None:
            return _not_a_link(state, silent, image)
        href, title, after = parsed
    if silent:
        state.pos = after
        return True
    if image:
        children: list[Token] = []
        state.md.inline.parse(label, state.md, state.env, children)
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": ""}
        token.children = children or None
        token.content = label
    else:
        state.pos, state.posMax = label_start, label_end
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        state.linkLevel += 1
        state.env[_IN_LINK_KEY] = state.env.get(_IN_LINK_KEY, 0) + 1
        state.md.inline.tokenize(state)
        state.env[_IN_LINK_KEY] -= 1
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
    if title is not None:
        token.attrSet("title", title)
    if link_id is not None:
        token.meta = {**(token.meta or {}), "link_def": link_id}
    state.pos, state.posMax = after, end
    return True


def _not_a_link(state: StateInline, silent: bool, image: bool) -> bool:
    """kramdown's failure: ``[`` (or ``![``) is text and parsing goes on after it."""
    if not image:
        return False
    if not silent:
        state.pending += "!["
    state.pos += 2
    return True


# ---------------------------------------------------------------------------------------------
# Autolinks
# ---------------------------------------------------------------------------------------------


def kramdown_autolink(state: StateInline, silent: bool) -> bool:
    """Inline rule replacing markdown-it's autolinks: ``<http://...>`` (also mailto, https, ftp,
    ftps) and ``<user@host>`` (``mailto:`` added); the text drops a ``mailto:`` prefix."""
    if state.src[state.pos] != "<":
        return False
    m = _AUTOLINK.match(state.src, state.pos, state.posMax)
    if m is None:
        return False
    if not silent:
        href = m[1] if m[2] else f"mailto:{m[1]}"
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        token.markup, token.info = "autolink", "auto"
        _push_text_keeping_refs(state, m[1].removeprefix("mailto:"))
        token = state.push("link_close", "a", -1)
        token.markup, token.info = "autolink", "auto"
    state.pos = m.end()
    return True


def _push_text_keeping_refs(state: StateInline, text: str) -> None:
    """Text that kramdown escapes as text: entity references in it are kept as written."""
    pos = 0
    for ref in _ENTITY_REF.finditer(text):
        if ref.start() > pos:
            state.push("text", "", 0).content = text[pos : ref.start()]
        state.push("html_inline", "", 0).content = ref[0]
        pos = ref.end()
    if pos < len(text):
        state.push("text", "", 0).content = text[pos:]


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def _escape_attr(value: str) -> str:
    """kramdown's ``escape_html(value, :attribute)``: entity references kept."""
    return escape_text(value).replace('"', "&quot;")


def attrs_html(attrs: Mapping[str, Any]) -> str:
    """kramdown's ``html_attributes``: an empty id is left out."""
    return "".join(
        f' {k}="{_escape_attr(str(v))}"' for k, v in attrs.items() if v is not None and not (k == "id" and not str(v).strip())
    )


def render_link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """``<a ...>`` with the attributes escaped as kramdown does."""
    return f"<a{attrs_html(tokens[idx].attrs)}>"


def render_image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """``<img>`` whose alt is the label as written (kramdown does not parse it as Markdown)."""
    tok = tokens[idx]
    tok.attrSet("alt", _ALT_ESCAPE.sub(r"\1", tok.content))
    return f"<img{attrs_html(tok.attrs)} />"
