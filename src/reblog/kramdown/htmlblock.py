"""kramdown's block-level HTML as a markdown-it block rule: raw, span and block content models.

kramdown (``parser/kramdown/html.rb``, ``parser/html.rb``) reads block HTML character by
character, not line by line: an element that starts a block is parsed by its content model

* *raw* (the default, and everything inside a raw element unless it says otherwise): the text is
  read as HTML up to the matching end tag (or the end of the text, auto-closing) and written
  back re-serialized (see :mod:`reblog.kramdown.html`);
* *span* (``markdown="span"``, or ``"1"`` on ``p``, ``h1``..): the text up to the first end tag
  of that name is parsed as span-level Markdown;
* *block* (``markdown="block"``, or ``"1"`` on ``div``, ``li``..): the text is parsed as Markdown
  blocks until an end tag of that name starts a block, or the text ends;

and with ``parse_block_html`` the default is the element's own model.  What follows the element
on its last line (``</div> text``, ``<p>a</p><p>b</p>``) is read as the start of the next block.

This module reproduces that with markdown-it's block state: the rest of a line is made a line of
its own by moving the line's start mark, and Markdown content is parsed by the block tokenizer
with a stack of open elements (in ``env``) that stops it at the matching end tag.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from reblog.kramdown.html import (
    KNOWN_ELEMENTS,
    LAZY_SPAN,
    SPAN_ELEMENTS,
    WITHOUT_BODY,
    UNAME,
    Element,
    close_tag_re,
    comment_re,
    content_model,
    escape_text,
    pi_re,
    raw_start_re,
    start_element,
    tag_re,
)
from reblog.kramdown.inline_options import HTML_TO_NATIVE_KEY, PARSE_BLOCK_HTML_KEY
from reblog.kramdown.native import NATIVE, NATIVE_END, NATIVE_SEEN_KEY, parse_native
from reblog.kramdown.layout import BLANK_AFTER

# Token types (rendered by reblog.kramdown.layout):
#   kramdown_html_leaf: finished HTML (an element with raw content, a comment, raw text);
#   kramdown_html_open/close: an element with block content (its children are blocks);
#   kramdown_html_span_open/close: an element with span content (one inline child);
#   kramdown_raw_open/close: an element with raw content holding elements with Markdown content.
LEAF = "kramdown_html_leaf"
RAW_OPEN, RAW_CLOSE = "kramdown_raw_open", "kramdown_raw_close"

# env key: the stack of elements whose block content is being parsed.
_STACK_KEY = "kramdown_html_stack"
# resume_after's pending tokenize (see there): the line it started at and lines handed back.
_RESUME_KEY = "kramdown_html_resume"
# Deeper elements with Markdown content are read as raw HTML (bounded recursion; kramdown itself
# has no limit, but a page nesting hundreds of them must not exhaust the Python stack).
_MAX_MARKDOWN_DEPTH = 64

_TRAILING_WS_RE = re.compile(r"[ \t]*(?:\n|\Z)")
_SPACE_RE = re.compile(r"[ \t]*")
# kramdown's LAZY_END_HTML_START / _STOP: lines that end a paragraph.
_LAZY_END_RE = re.compile(rf"<(?:(?!(?:{LAZY_SPAN})\b){UNAME}|/(?!(?:{LAZY_SPAN})\b){UNAME}\s*>)")


@dataclass
class _Frame:
    """An element whose block content is being parsed; ``stop`` is set when its end tag is found
    (the source position after it)."""

    name: str
    # The token nesting level of the element's content blocks (deeper ones are in a list,
    # blockquote.. inside it, where its end tag does not end it).
    level: int
    # Whether the content's lines are contiguous in the source (no container markers).
    identity: bool
    stop: int | None = None


class _View:
    """The text of lines ``[start, end)`` from position ``first`` as kramdown's parser sees it
    inside the current container (blockquote markers and container indentation removed), with
    the mapping between its positions and the source's."""

    def __init__(self, state: StateBlock, start: int, end: int, first: int) -> None:
        src = state.src
        stack: list[_Frame] = state.env.get(_STACK_KEY) or []
        # (state.level, not parentType: markdown-it's lheading rule can leave that changed)
        self.identity = state.blkIndent == 0 and (
            state.level == 0 or (bool(stack) and stack[-1].identity and stack[-1].level == state.level)
        )
        if self.identity:
            # Lines are contiguous in the source: the view is the source itself.
            self.text = src
            self.begin = first
            self.limit = state.eMarks[end - 1] + 1 if end > start else first
            self.text_end = min(self.limit, len(src))
            return
        parts: list[str] = []
        self.vstarts: list[int] = []
        self.reals: list[int] = []
        size = 0
        for line in range(start, end):
            b = first if line == start else state.bMarks[line]
            if line != start:
                skip = 0
                while skip < state.blkIndent and b < state.eMarks[line] and src[b] in " \t":
                    b, skip = b + 1, skip + 1
            piece = src[b : state.eMarks[line]] + "\n"
            self.vstarts.append(size)
            self.reals.append(b)
            parts.append(piece)
            size += len(piece)
        self.text = "".join(parts)
        self.begin = 0
        self.limit = self.text_end = size

    def real(self, pos: int) -> int:
        """Source position of view position ``pos``."""
        if self.identity:
            return pos
        idx = bisect_right(self.vstarts, pos) - 1
        return self.reals[idx] + pos - self.vstarts[idx]

    def virtual(self, real: int) -> int:
        """View position of source position ``real``."""
        if self.identity:
            return real
        idx = max(bisect_right(self.reals, real) - 1, 0)
        return self.vstarts[idx] + real - self.reals[idx]


def _line_of(state: StateBlock, real: int, start: int, end: int) -> int:
    """The line (in ``[start, end)``) holding source position ``real``."""
    return max(bisect_right(state.bMarks, real, start, end) - 1, start)


def _split_line(state: StateBlock, line: int, real: int) -> None:
    """Make the text from ``real`` to the end of ``line`` a line of its own (kramdown reads what
    follows an element on its line as the start of the next block)."""
    spaces = _SPACE_RE.match(state.src, real, state.eMarks[line])
    width = spaces.end() - real if spaces else 0
    state.bMarks[line] = real
    state.tShift[line] = width
    state.sCount[line] = state.blkIndent + width
    state.bsCount[line] = 0


class _BlockHtml:
    """Parses one block-level HTML element (or comment) and pushes its tokens."""

    def __init__(self, state: StateBlock, start: int, end: int, parse_block_html: bool) -> None:
        self.state = state
        self.start = start
        self.end = end
        self.parse_block_html = parse_block_html
        self.view = _View(state, start, end, state.bMarks[start])

    # -- helpers ------------------------------------------------------------------------

    def leaf(self, content: str) -> Token:
        """Push finished HTML."""
        tok = self.state.push(LEAF, "", 0)
        tok.content = content
        return tok

    def skip_trailing_ws(self, pos: int) -> int:
        """kramdown's TRAILING_WHITESPACE: spaces and one newline, if nothing else follows."""
        m = _TRAILING_WS_RE.match(self.view.text, pos, self.view.text_end)
        return m.end() if m else pos

    def depth(self) -> int:
        """Number of elements whose Markdown content is being parsed."""
        stack: list[_Frame] = self.state.env.setdefault(_STACK_KEY, [])
        return len(stack)

    # -- elements -----------------------------------------------------------------------

    def element(self, el: Element, pos: int, model: str) -> int:
        """Parse ``el`` (start tag ending at view position ``pos``) with content ``model``; push
        its tokens; return the view position after it (kramdown's handle_kramdown_html_tag)."""
        if model != "raw" and self.depth() >= _MAX_MARKDOWN_DEPTH:
            model = "raw"
        if el.name in ("script", "style") or el.closed:
            content, after = self.leaf_element(el, pos, model)
            self.leaf(content)
            return after
        if model == "block":
            return self.block_content(el, pos)
        if model == "span":
            text, limit = self.view.text, self.view.text_end
            close = _end_tag_re(el.name).search(text, pos, limit)
            self.span_content(el, text[pos : close.start() if close else limit])
            return close.end() if close else limit
        return self.raw_content(el, pos)

    def leaf_element(self, el: Element, pos: int, model: str) -> tuple[str, int]:
        """The HTML of a ``<script>``/``<style>`` element or a closed one (``<x />``), which
        writes one leaf whatever its model, and the view position after it."""
        if el.name in ("script", "style"):
            text, limit = self.view.text, self.view.text_end
            close = _end_tag_re(el.name).search(text, pos, limit)
            el.parts.append(text[pos : close.start() if close else limit])
            return el.html(), close.end() if close else limit
        if model == "raw" or el.name in WITHOUT_BODY:
            return el.html(), pos
        return f"{el.start_tag()}</{el.name}>", pos

    def span_content(self, el: Element, content: str) -> None:
        """Push an element whose content is parsed as spans."""
        state = self.state
        opening = state.push("kramdown_html_span_open", el.name, 1)
        opening.meta = {"start_tag": el.start_tag()}
        opening.map = [self.start, self.start + 1]
        inline = state.push("inline", "", 0)
        inline.content = content
        inline.map = [self.start, self.start + 1]
        inline.children = []
        state.push("kramdown_html_span_close", el.name, -1)

    def block_content(self, el: Element, pos: int) -> int:
        """Push an element whose content is parsed as Markdown blocks up to its end tag."""
        state = self.state
        opening = state.push("kramdown_html_open", "", 1)
        opening.content = el.start_tag() + "\n"
        tag_line = _line_of(state, self.view.real(pos), self.start, self.end)
        real = self.view.real(self.skip_trailing_ws(pos))
        line = _line_of(state, real, self.start, self.end)
        opening.map = [tag_line, tag_line + 1]
        frame = _Frame(el.name, state.level, self.view.identity)
        stack: list[_Frame] = state.env.setdefault(_STACK_KEY, [])
        stack.append(frame)
        first = line
        if real >= state.eMarks[line] and real != state.bMarks[line]:
            first = line + 1  # only whitespace after the start tag
        elif real > state.bMarks[line]:
            _split_line(state, line, real)
        state.md.block.tokenize(state, first, self.end)
        stack.pop()
        closing = state.push("kramdown_html_close", "", -1)
        closing.content = f"</{el.name}>\n"
        if frame.stop is None:
            closing.map = [self.end, self.end]
            opening.map = [tag_line, self.end]
            return self.view.text_end
        stop_line = _line_of(state, frame.stop, self.start, self.end)
        closing.map = [stop_line, stop_line + 1]
        opening.map = [tag_line, stop_line + 1]
        return self.view.virtual(frame.stop)

    def raw_content(self, top: Element, pos: int) -> int:
        """Push an element with raw content (kramdown's parse_raw_html), iteratively: nested raw
        elements are a stack, not recursion (a page may nest hundreds).

        Most raw elements hold only raw HTML and become one leaf: their content is kept as
        text (_RawFrame) and tokens are pushed only for elements that come to hold Markdown
        content (a ``markdown`` attribute), when the first such descendant is met."""
        text, limit = self.view.text, self.view.text_end
        # (the elements with Markdown content below pop what they push: the depth stays)
        too_deep = self.depth() >= _MAX_MARKDOWN_DEPTH
        stack: list[_RawFrame] = [_RawFrame(top)]
        while stack:
            frame = stack[-1]
            el, buf = frame.el, frame.buf
            start = raw_start_re.search(text, pos, limit)
            if start is None:
                buf.append(escape_text(text[pos:limit]))
                pos = limit
                while stack:
                    self.close_raw(stack)  # kramdown auto-closes at the end of the text
                break
            buf.append(escape_text(text[pos : start.start()]))
            pos = start.start()
            after = text[pos + 1 : pos + 2]  # (each pattern needs its own character here)
            if (after == "!" and (m := comment_re.match(text, pos, limit))) or (
                after == "?" and (m := pi_re.match(text, pos, limit))
            ):
                buf.append(m[0])
                pos = m.end()
            elif after != "/" and (m := tag_re.match(text, pos, limit)):
                pos = m.end()
                child = start_element(m)
                child_model = content_model(child.name, child.markdown) if child.markdown is not None else "raw"
                if too_deep:
                    child_model = "raw"
                if child.name in ("script", "style") or child.closed:
                    self.flush_raw(frame)
                    content, pos = self.leaf_element(child, pos, child_model)
                    if frame.open is None:
                        frame.leaves.append(content)
                    else:
                        self.leaf(content)
                elif child_model != "raw":
                    self.materialize(stack)
                    self.flush_raw(frame)
                    pos = self.element(child, pos, child_model)
                else:
                    self.flush_raw(frame)
                    stack.append(_RawFrame(child))
            elif m := close_tag_re.match(text, pos, limit):
                pos = m.end()
                name = m[1].lower() if el.name in KNOWN_ELEMENTS else m[1]
                if name == el.name:
                    self.close_raw(stack)
                else:
                    buf.append(escape_text(m[0]))
            else:
                buf.append(escape_text(text[pos]))
                pos += 1
        return pos

    def flush_raw(self, frame: _RawFrame) -> None:
        """End the frame's current text: a leaf (kept as text while the frame has no token)."""
        if frame.buf:
            content = "".join(frame.buf)
            frame.buf.clear()
            if frame.open is None:
                frame.leaves.append(content)
            else:
                self.leaf(content)

    def materialize(self, stack: list[_RawFrame]) -> None:
        """Push the tokens of the open raw elements that have none yet (outermost first): an
        element with Markdown content follows inside them."""
        for frame in stack:
            if frame.open is None:
                tok = self.state.push(RAW_OPEN, frame.el.name, 1)
                tok.meta = {"start_tag": frame.el.start_tag()}
                frame.open = len(self.state.tokens) - 1
                for content in frame.leaves:
                    self.leaf(content)
                frame.leaves = []

    def close_raw(self, stack: list[_RawFrame]) -> None:
        """Close the innermost raw element: its HTML joins its parent's text (or becomes a leaf)
        when all it holds is raw, else its closing token is pushed."""
        frame = stack.pop()
        self.flush_raw(frame)
        el, state = frame.el, self.state
        if frame.open is not None:
            state.push(RAW_CLOSE, el.name, -1)
            inner = state.tokens[frame.open + 1 : -1]
            if not all(t.type == LEAF for t in inner):
                return
            frame.leaves = [t.content for t in inner]
            del state.tokens[frame.open :]  # a balanced open/close pair: the level is unchanged
        el.parts = frame.leaves
        content = el.html()
        if stack:
            stack[-1].buf.append(content)
        else:
            self.leaf(content)


class _RawFrame:
    """An open element of raw content: its finished leaves and current text, as text until
    ``open`` (the index of its opening token) is set."""

    __slots__ = ("el", "open", "leaves", "buf")

    def __init__(self, el: Element) -> None:
        self.el = el
        self.open: int | None = None
        self.leaves: list[str] = []
        self.buf: list[str] = []


def _end_tag_re(name: str) -> re.Pattern[str]:
    """The end tag of element ``name`` (any case), where a script, style or span element ends."""
    return re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)


def resume_after(state: StateBlock, start: int, end: int, real: int, consume: bool, token: Token | None) -> bool:
    """Continue block parsing after a block that ended at source position ``real`` in the middle
    of a line (kramdown reads the rest of the line as the start of the next block)."""
    line = _line_of(state, real, start, end)
    if real > state.eMarks[line] or not state.src[real : state.eMarks[line]].strip(" \t"):
        if not consume and token is not None and real <= state.eMarks[line]:
            # kramdown leaves the newline: a blank-line element follows.
            token.meta = {**(token.meta or {}), BLANK_AFTER: True}
        state.line = min(line + 1, end)
        return True
    _split_line(state, line, real)
    if line > start:
        state.line = line
        return True
    # The rest of the element's first line: markdown-it's loop needs progress, so parse it here.
    # Elements side by side on one line (hundreds of <div>s) would nest a call per element: the
    # call made here for an element that itself started on the rest of a line asks this one to
    # go on from its line instead (it ends its own loop), so the depth stays one.
    frame = (line, end, state.blkIndent, state.parentType)
    outer = state.env.get(_RESUME_KEY)
    if outer is not None and outer[0] == (start, end, state.blkIndent, state.parentType):
        outer[1].append(line)
        state.line = end
        return True
    pending: list[int] = []
    state.env[_RESUME_KEY] = (frame, pending)
    try:
        state.md.block.tokenize(state, line, end)
        while pending:
            line = pending.pop()
            state.env[_RESUME_KEY] = ((line, end, state.blkIndent, state.parentType), pending)
            state.md.block.tokenize(state, line, end)
    finally:
        state.env[_RESUME_KEY] = outer
    return True


def _stop_frame(state: StateBlock, src: str, pos: int, end: int) -> tuple[_Frame, int] | None:
    """The element whose content parsing the end tag at ``pos`` stops (kramdown: the tag names
    the element being parsed, at the level of its content) and the position after the tag."""
    m = close_tag_re.match(src, pos, end)
    if m is None or m[1].lower() in SPAN_ELEMENTS:
        return None
    stack: list[_Frame] = state.env.get(_STACK_KEY) or []
    if not stack or stack[-1].level != state.level or stack[-1].name != m[1].lower():
        return None
    return stack[-1], m.end()


def make_html_block_rule(default_parse_block_html: bool) -> Callable[[StateBlock, int, int, bool], bool]:
    """The block rule for kramdown's block HTML (``parse_block_html`` sets the default model;
    ``{::options}`` in the document can change it from there on: see env)."""

    def kramdown_block_html(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        src = state.src
        # Paragraph-end checks ask it at any line: most do not start with "<" (decided before the
        # option look-ups).
        if pos >= state.eMarks[start] or src[pos] != "<":
            return False
        if state.sCount[start] - state.blkIndent >= 4 or not state.md.options.get("html"):
            return False
        parse_block_html = bool(state.env.get(PARSE_BLOCK_HTML_KEY, default_parse_block_html))
        if silent:
            # kramdown ends a paragraph at a line starting with a non-span start or end tag
            # (LAZY_END), but a line no other block takes is added to the paragraph before it:
            # only a whole start tag, or the end tag of the element being parsed, ends it.
            if _LAZY_END_RE.match(src, pos) is None:
                return False
            if src.startswith("</", pos):
                # A lazy line of a list item (less indented) ends it at any such end tag.
                lazy = state.sCount[start] < state.blkIndent
                return lazy or _stop_frame(state, src, pos, state.eMarks[start]) is not None
            return tag_re.match(src, pos) is not None
        if src.startswith("<!--", pos):
            if state.sCount[start] != state.blkIndent:
                return False  # kramdown's block comment starts right at the block's start
            parser = _BlockHtml(state, start, end, parse_block_html)
            m = comment_re.match(parser.view.text, parser.view.virtual(pos), parser.view.text_end)
            if m is None:
                return False
            tok = parser.leaf(m[0])
            # The comment's last line ends its range: a blank line inside it is not after it.
            tok.map = [start, _line_of(state, parser.view.real(m.end()), start, end) + 1]
            return resume_after(state, start, end, parser.view.real(m.end()), True, tok)
        if src.startswith("</", pos):
            found = _stop_frame(state, src, pos, state.eMarks[start])
            if found is None:
                return False
            found[0].stop = found[1]
            state.line = end  # ends the tokenizer of the element's content
            return True
        parser = _BlockHtml(state, start, end, parse_block_html)
        view = parser.view
        m = tag_re.match(view.text, view.virtual(pos), view.text_end)
        if m is None or m[1].lower() in SPAN_ELEMENTS:
            return False
        el = start_element(m)
        model = content_model(el.name, "1") if parse_block_html else "raw"
        if el.markdown is not None and el.markdown in ("0", "1", "span", "block"):
            model = content_model(el.name, el.markdown)
        first = len(state.tokens)
        after = parser.element(el, m.end(), model)
        if state.env.get(HTML_TO_NATIVE_KEY) and len(state.tokens) == first + 1 and state.tokens[first].type == LEAF:
            # html_to_native: raw HTML becomes the Markdown elements it stands for.
            native = parse_native(view.text, m.start(), view.text_end)
            if native is not None and native[1] == after:
                real = view.real(after)
                line = _line_of(state, real, start, end)
                spaces = _SPACE_RE.match(state.src, real, state.eMarks[line])
                state.tokens[first].type = NATIVE
                state.env[NATIVE_SEEN_KEY] = True
                state.tokens[first].meta = {
                    **(state.tokens[first].meta or {}),
                    NATIVE: native[0],
                    # Where the element ends: a paragraph from there joins a converted <p>.
                    NATIVE_END: (line, spaces[0] if spaces else ""),
                }
        after_line = _line_of(state, view.real(after), start, end)
        if len(state.tokens) > first:
            state.tokens[first].map = [start, after_line + 1]
            state.tokens[-1].map = state.tokens[-1].map or [after_line, after_line + 1]
        last = state.tokens[-1] if len(state.tokens) > first else None
        # kramdown consumes the rest of the line (TRAILING_WHITESPACE) after an element with a
        # body, and before the (absent) content of a closed element with block content.
        consume = (not el.closed and el.name not in ("script", "style")) or (el.closed and model == "block")
        return resume_after(state, start, end, view.real(after), consume, last)

    return kramdown_block_html
