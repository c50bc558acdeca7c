"""kramdown's span-level HTML (``parse_span_html`` in ``parser/kramdown/html.rb``) as an inline rule.

kramdown parses a span element up to its end tag: a comment is kept, an end tag that closes
nothing and the start tag of a block element (``<p>``, ``<hr>``) are text, a processing
instruction is text, and an element's content is parsed as Markdown spans (``parse_span_html``,
``markdown="1"``/``"span"``) or kept raw (``<code>``, ``<kbd>``.., ``markdown="0"``: only
nested HTML is read).  An element without its end tag is closed at the end of the paragraph.
Tags are written back re-serialized: known names lower-cased, attribute values double-quoted
(newlines in them become spaces), ``<br>`` as ``<br />``, ``<span/>`` as ``<span></span>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from reblog.kramdown.inline_options import HTML_TO_NATIVE_KEY, INLINE_LEVEL_KEY, PARSE_SPAN_HTML_KEY
from reblog.kramdown.native import code_text
from reblog.kramdown.html import (
    BLOCK_ELEMENTS,
    Element,
    KNOWN_ELEMENTS,
    SPAN_ELEMENTS,
    WITHOUT_BODY,
    close_tag_re,
    comment_re,
    escape_text,
    raw_model,
    start_element,
    tag_re,
)

# kramdown's HTML_SPAN_START: what the span HTML parser is tried at.
_SPAN_START_RE = re.compile(r"<(?:(?:[^\W\d]|_)[\w.\-:]*|!--|/)")
_NEWLINES_RE = re.compile(r"\n+")
# env key: True while the content of a raw span element is read (nested tags default to raw).
_RAW_KEY = "kramdown_span_html_raw"
# env key: how many span elements (and GFM strikethroughs, which kramdown-parser-gfm makes
# <del> HTML elements) are open around the current position.
SPAN_HTML_DEPTH_KEY = "kramdown_span_html_depth"
# Token meta keys: the Element an HTML start tag (or empty element) token was written from, and
# on an end tag's token, its start tag's token.
ELEMENT_META = "kramdown_html_element"
START_META = "kramdown_html_start"
# Deeper elements are read as raw HTML without recursion (kramdown has no limit, but hundreds of
# nested elements must not exhaust the Python stack).
_MAX_DEPTH = 100


def _html(state: StateInline, content: str) -> None:
    """Push finished HTML (not touched by later rules: typography, abbreviations)."""
    state.push("html_inline", "", 0).content = content


def _parse_element(state: StateInline, parse_span_html: bool) -> bool:
    """Parse the HTML construct at ``state.pos`` (kramdown's parse_span_html)."""
    src, pos, end = state.src, state.pos, state.posMax
    if m := comment_re.match(src, pos, end):
        _html(state, m[0])
        state.pos = m.end()
        return True
    if m := close_tag_re.match(src, pos, end):
        _html(state, escape_text(m[0]))  # an end tag that closes nothing: text
        state.pos = m.end()
        return True
    m = tag_re.match(src, pos, end)
    if m is None:
        return False
    el = start_element(m)
    if el.name in BLOCK_ELEMENTS:
        _html(state, escape_text(m[0]))
        state.pos = m.end()
        return True
    for key, value in el.attrs.items():
        if value:
            el.attrs[key] = _NEWLINES_RE.sub(" ", value)
    in_raw = bool(state.env.get(_RAW_KEY))
    parse = False if raw_model(el.name) or in_raw else parse_span_html
    if el.markdown in ("1", "block"):
        parse = not raw_model(el.name) if el.markdown == "1" else parse
    elif el.markdown == "span":
        parse = True
    elif el.markdown == "0":
        parse = False
    state.pos = m.end()
    native_block = bool(state.env.get(HTML_TO_NATIVE_KEY)) and el.name not in SPAN_ELEMENTS and not in_raw
    if m[4] or el.name in WITHOUT_BODY:
        if native_block:
            # (converted, it is no longer "closed": only a void element ends in " />")
            tail = " />" if el.name in WITHOUT_BODY else f"></{el.name}>"
            _html(state, f"{_block_pad(state)}{el.start_tag()[:-1]}{tail}\n")
        else:
            _html(state, el.start_tag()[:-1] + " />" if el.name in WITHOUT_BODY else el.start_tag() + f"</{el.name}>")
        state.tokens[-1].meta = {ELEMENT_META: el}
        return True
    flags = re.IGNORECASE if el.name in KNOWN_ELEMENTS else 0
    stop = re.compile(rf"</{re.escape(el.name)}\s*>", flags)
    if state.pending:
        state.pushPending()  # text before the element is not part of it
    first = len(state.tokens)
    content = state.pos
    _html(state, el.start_tag())
    depth = state.env.get(SPAN_HTML_DEPTH_KEY, 0)
    if depth >= _MAX_DEPTH:
        closed = _raw_nested(state, stop)
    else:
        old_raw = state.env.get(_RAW_KEY)
        state.env[_RAW_KEY], state.env[SPAN_HTML_DEPTH_KEY] = not parse, depth + 1
        closed = _tokenize_until(state, stop, parse, parse_span_html)
        state.env[_RAW_KEY], state.env[SPAN_HTML_DEPTH_KEY] = old_raw, depth
    if closed is not None:
        state.pos = closed
    _html(state, f"</{el.name}>")
    # A span IAL right after the end tag goes to the element (apply_span_ials).
    state.tokens[first].meta = {ELEMENT_META: el}
    state.tokens[-1].meta = {START_META: state.tokens[first]}
    if state.env.get(HTML_TO_NATIVE_KEY) and el.name in _NATIVE_SPANS:
        inner = src[content : src.rfind("</", content, closed) if closed is not None else state.pos]
        _to_native(state, el, first, inner)
    elif native_block:
        # html_to_native files an element that is not a span element as block HTML, which
        # kramdown's converter indents and ends with a newline even inside a paragraph.
        state.tokens[first].content = _block_pad(state) + state.tokens[first].content
        state.tokens[-1].content += "\n"
    return True


def _block_pad(state: StateInline) -> str:
    """The indentation of a block element inside a paragraph (and the open span elements):
    kramdown indents two spaces per level of the tree (``inline_in_order`` notes the level)."""
    return " " * (2 * int(state.env.get(INLINE_LEVEL_KEY, 1)) + 2 * int(state.env.get(SPAN_HTML_DEPTH_KEY, 0)))


# Span elements html_to_native turns into Markdown ones (a, img and br are written the same).
_NATIVE_SPANS = frozenset({"em", "i", "strong", "b", "code"})


def _to_native(state: StateInline, el: Element, first: int, inner: str) -> None:
    """html_to_native on a span element whose tokens start at ``first`` (kramdown's
    ElementConverter): emphasis without whitespace at its ends, code holding only text."""
    tokens = state.tokens
    # extract_text: the text of the element's children (no tags, no comments)
    text = close_tag_re.sub("", tag_re.sub("", comment_re.sub("", inner)))
    if el.name == "code":
        value = code_text(text)
        if value is None:
            return
        code = Token("code_inline", "code", 0)
        code.content = value
        if "class" in el.attrs:
            el.attrs["class"] = re.sub(r"\s+\bhighlighter-\w+\b|\bhighlighter-\w+\b\s*", "", el.attrs["class"])
        code.attrs = dict(el.attrs)
        del tokens[first:]
        tokens.append(code)
        return
    if text[:1].isspace() or text[-1:].isspace():
        return
    tag = "em" if el.name in ("em", "i") else "strong"
    opening, closing = tokens[first], tokens[-1]
    opening.type, opening.tag, opening.nesting, opening.content = f"{tag}_open", tag, 1, ""
    opening.attrs = dict(el.attrs)
    closing.type, closing.tag, closing.nesting, closing.content = f"{tag}_close", tag, -1, ""


def _tokenize_until(state: StateInline, stop: re.Pattern[str], parse: bool, parse_span_html: bool) -> int | None:
    """Parse spans from ``state.pos`` until ``stop`` matches (kramdown's parse_spans with a stop
    pattern); return the position after the stop, or None at the end of the text.  Without
    ``parse`` only HTML is read (the text is kept as written)."""
    src, end = state.src, state.posMax
    if not parse:
        text: list[str] = []
        while state.pos < end:
            nxt = src.find("<", state.pos, end)
            if nxt < 0:
                break
            text.append(src[state.pos : nxt])
            state.pos = nxt
            if m := stop.match(src, nxt, end):
                if text:
                    _html(state, escape_text("".join(text)))
                return m.end()
            if _SPAN_START_RE.match(src, nxt, end):
                if text:
                    _html(state, escape_text("".join(text)))
                    text = []
                if _parse_element(state, parse_span_html):
                    continue
            text.append("<")
            state.pos += 1
        text.append(src[state.pos : end])
        state.pos = end
        if "".join(text):
            _html(state, escape_text("".join(text)))
        return None
    rules = state.md.inline.ruler.getRules("")
    max_nesting = state.md.options["maxNesting"]
    while state.pos < end:
        pos = state.pos
        if src[pos] == "<" and (m := stop.match(src, pos, end)):
            return m.end()
        ok = False
        if state.level < max_nesting:
            for rule in rules:
                if rule(state, False):
                    ok = True
                    break
        if ok:
            continue
        state.pending += src[pos]
        state.pos += 1
    return None


def _raw_nested(state: StateInline, stop: re.Pattern[str]) -> int | None:
    """Read an element's content as raw HTML with a stack instead of recursion; return the
    position after its end tag (None at the end of the text, nested elements auto-closed)."""
    src, end, pos = state.src, state.posMax, state.pos
    stack: list[tuple[str, re.Pattern[str]]] = [("", stop)]
    out: list[str] = []
    found: int | None = None
    while pos < end:
        nxt = src.find("<", pos, end)
        if nxt < 0:
            break
        out.append(escape_text(src[pos:nxt]))
        pos = nxt
        if m := stack[-1][1].match(src, pos, end):
            pos = m.end()
            name = stack.pop()[0]
            if not stack:
                found = pos
                break
            out.append(f"</{name}>")
        elif (m := comment_re.match(src, pos, end)) or (m := close_tag_re.match(src, pos, end)):
            out.append(m[0] if m[0].startswith("<!--") else escape_text(m[0]))
            pos = m.end()
        elif m := tag_re.match(src, pos, end):
            el = start_element(m)
            pos = m.end()
            if el.name in BLOCK_ELEMENTS:
                out.append(escape_text(m[0]))
            elif m[4] or el.name in WITHOUT_BODY:
                out.append(el.start_tag()[:-1] + " />" if el.name in WITHOUT_BODY else el.start_tag() + f"</{el.name}>")
            else:
                out.append(el.start_tag())
                flags = re.IGNORECASE if el.name in KNOWN_ELEMENTS else 0
                stack.append((el.name, re.compile(rf"</{re.escape(el.name)}\s*>", flags)))
        else:
            out.append("&lt;")
            pos += 1
    if found is None:
        out.append(escape_text(src[pos:end]))
        pos = end
        out.extend(f"</{name}>" for name, _ in reversed(stack[1:]))
    state.pos = pos
    if out:
        _html(state, "".join(out))
    return found


def make_span_html_rule(default_parse_span_html: bool) -> Callable[[StateInline, bool], bool]:
    """The inline rule for span HTML (``parse_span_html``: parse element content as spans; the
    document's ``{::options}`` can change it: see env)."""

    def kramdown_span_html(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        if src[pos] != "<" or not state.md.options.get("html"):
            return False
        if not _SPAN_START_RE.match(src, pos, state.posMax):
            return False
        if silent:
            # Link labels are scanned silently: a whole construct is skipped over.
            m = comment_re.match(src, pos, state.posMax) or close_tag_re.match(src, pos, state.posMax)
            m = m or tag_re.match(src, pos, state.posMax)
            if m is None:
                return False
            state.pos = m.end()
            return True
        return _parse_element(state, bool(state.env.get(PARSE_SPAN_HTML_KEY, default_parse_span_html)))

    return kramdown_span_html


def html_element_target(token: Token) -> Token | None:
    """The token holding the start tag of the span HTML element that ``token`` ends, if any."""
    meta = token.meta or {}
    if token.type != "html_inline":
        return None
    start = meta.get(START_META)
    if isinstance(start, Token):
        return start
    return token if ELEMENT_META in meta else None


def add_html_attrs(token: Token, attrs: dict[str, str]) -> None:
    """Merge IAL attributes into a span HTML element's start tag (kramdown's update_attr_with_ial:
    classes accumulate, other keys override) and write the tag again."""
    el: Element = token.meta[ELEMENT_META]
    old = el.start_tag()[:-1]  # without ">": the tag may be written as "<x ... />"
    for key, value in attrs.items():
        el.attrs[key] = f"{el.attrs.get(key, '')} {value}".lstrip() if key == "class" else value
    token.content = token.content.replace(old, el.start_tag()[:-1], 1)
