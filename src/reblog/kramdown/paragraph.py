"""kramdown's paragraphs and headers, as markdown-it block rules.

kramdown reads a paragraph line by line until a line matches its ``PARAGRAPH_END``: a blank
line, a block IAL, an end-of-block marker, a non-span HTML tag (``LAZY_END``) or a definition
(``: x``).  kramdown-parser-gfm's ``paragraph_end`` quirk (on by default) adds a list item, an
ATX header, a blockquote and a code fence.  Nothing else interrupts a paragraph: not a
setext underline, not a horizontal rule, not ``{::comment}``.  A line that ends a paragraph
but starts no block continues the same paragraph (kramdown appends it to the open ``:p``).

Headers are stricter than CommonMark's too: a setext header is exactly one line of text and
its underline, and (like an ATX header with kramdown's own syntax, or GFM without the quirk)
only right after a block boundary -- the start of a container, a blank line, an end-of-block
marker or a block IAL.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_block import StateBlock

from reblog.kramdown.html import LAZY_SPAN, UNAME

# Ruby's ``\\s``, ``strip`` and ``[[:alpha:]]``-based tag names (REXML's UNAME_STR).
_WS = r"[ \t\n\v\f\r]"
_RUBY_STRIP = " \t\n\v\f\r\0"
# kramdown's LAZY_END (a line of a container's text; ``$`` stands for the line's newline).
_LAZY_END_RE = re.compile(
    rf"{_WS}*$"
    rf"| {{0,3}}\{{:(?!:|/)(?:\\\}}|[^}}])+\}}{_WS}*$"
    rf"|\^{_WS}*$"
    rf"| {{0,3}}</(?!(?:{LAZY_SPAN})\b){UNAME}{_WS}*>"
    rf"| {{0,3}}<(?!(?:{LAZY_SPAN})\b){UNAME}"
)
_DEFINITION_START_RE = re.compile(r" {0,3}:[\t| ]")
# kramdown-parser-gfm's PARAGRAPH_END_GFM additions: LIST_START, its ATX_HEADER_START,
# BLOCKQUOTE_START and FENCED_CODEBLOCK_START.
_GFM_END_RE = re.compile(r" {0,3}(?:[+*-]|\d+\.)[\t| ]|#{1,6}[\t ]| {0,3}>| {0,3}[~`]{3}")
_LIST_START_RE = re.compile(r" {0,3}(?:[+*-]|\d+\.)[\t| ]")
# The first characters (after the indentation) of every line that paragraph_end or a nested
# list (_nested_list) can match: Ruby's whitespace (a blank line) and the markers above.
_MAY_END = frozenset(" \t\n\v\f\r{^<:+*-#>~`0123456789")
_SETEXT_UNDERLINE_RE = re.compile(r"([-=])[-=]*[ \t\r\f\v]*$")
# kramdown's HEADER_ID: an XML name after ``{#`` (REXML's NAME_START_CHAR, ":A-Z_a-z
# \u00c0-\u00d6 \u00d8-\u00f6 \u00f8-\u02ff \u0370-\u037d \u037f-\u1fff \u200c-\u200d \u2070-\u218f
# \u2c00-\u2fef \u3001-\ud7ff \uf900-\ufdcf \ufdf0-\ufffd \U00010000-\U000effff", then NAME_CHARs,
# those and "-.0-9\u00b7\u0300-\u036f\u203f-\u2040"). Each class is written as the negation of
# the rest, the same characters: Python's regex compiler walks every character below U+10000
# of a class's ranges, 54,000 for REXML's and 11,500 for the rest (2 ms of every start).
_NOT_NAME_START = (
    r"\x00-9;-@\x5b-\x5e`{-\xbf\xd7\xf7\u0300-\u036f\u037e\u2000-\u200b\u200e-\u206f\u2190-\u2bff"
    r"\u2ff0-\u3000\ud800-\uf8ff\ufdd0-\ufdef\ufffe\uffff\U000f0000-\U0010ffff"
)
_NOT_NAME = (
    r"\x00-,/;-@\x5b-\x5e`{-\xb6\xb8-\xbf\xd7\xf7\u037e\u2000-\u200b\u200e-\u203e\u2041-\u206f"
    r"\u2190-\u2bff\u2ff0-\u3000\ud800-\uf8ff\ufdd0-\ufdef\ufffe\uffff\U000f0000-\U0010ffff"
)
# Compiled when a header first has a ``{#``: the classes still take ~14 M instructions to
# compile, which a site without header ids (most) would spend at every start.
_HEADER_ID = rf"[\t ]\{{#([^{_NOT_NAME_START}][^{_NOT_NAME}]*)\}}$"
_KD_ATX_RE = re.compile(r"(#{1,6})[\t ]*([^ \t].*)$")
_GFM_ATX_RE = re.compile(r"(#{1,6})[\t ]+(.*)$")
# The closing hashes of an ATX header: after a space (kramdown-parser-gfm), or not escaped.
_GFM_CLOSING_HASHES_RE = re.compile(r"[\t ]#+$")
_CLOSING_HASHES_RE = re.compile(r"(?<!\\)#+$")


# env key: the source lines a list rule is currently treating as lazy item lines.
LAZY_LINES_KEY = "kramdown_lazy_lines"
# env key: source lines whose indentation (sCount) a list rule changed to kramdown's columns.
SHIFTED_LINES_KEY = "kramdown_shifted_lines"
# env key: lines where kramdown splits a list item's text into separately parsed pieces (the
# first line indented to the item's content that starts a list, before any blank line or
# nested list): no block of the item reaches over such a line.
ITEM_PIECES_KEY = "kramdown_item_pieces"


def piece_end(state: StateBlock, start: int, end: int) -> int:
    """``end``, or the first line after ``start`` that starts a new piece of the list item
    being parsed (see ``ITEM_PIECES_KEY``), if that comes first."""
    pieces = state.env.get(ITEM_PIECES_KEY)
    if not pieces:
        return end
    return min((n for n in pieces if start < n < end), default=end)


def line_text(state: StateBlock, line: int) -> str:
    """A source line as kramdown sees it inside the current container (indent as spaces)."""
    indent = max(0, state.sCount[line] - state.blkIndent)
    return " " * indent + state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def block_lines(state: StateBlock, first: int, last: int, keep_last_newline: bool) -> str:
    """``state.getLines(first, last, state.blkIndent, keep_last_newline)``: the source itself
    when there is no indentation to remove and the lines follow each other in it (no
    container moved their starts), as for most paragraphs and fences."""
    begins, ends = state.bMarks, state.eMarks
    # (each line's start right after the newline ending the line before it, compared in C;
    # no lines at all go to getLines: ``ends[first : last - 1]`` would not be empty then)
    if state.blkIndent == 0 and last > first and begins[first + 1 : last] == list(map((1).__add__, ends[first : last - 1])):
        return state.src[begins[first] : ends[last - 1] + keep_last_newline]
    return state.getLines(first, last, state.blkIndent, keep_last_newline)


def kept_blank_lines(state: StateBlock, start: int, end: int) -> set[int]:
    """The whitespace-only lines in [start, end) that kramdown keeps whole: a list item's or a
    definition's text takes its blank lines as they are (parse_list's ``BLANK_LINE``), not
    de-indented like its other lines."""
    if state.parentType not in ("list", "deflist"):
        return set()
    begin, shift, stop = state.bMarks, state.tShift, state.eMarks
    # (state.isEmpty inlined: this runs over every line of a list item's code blocks)
    return {n for n in range(start, end) if begin[n] + shift[n] >= stop[n] > begin[n]}


def lazy_end(text: str) -> bool:
    """kramdown's LAZY_END: the line ends a paragraph, a blockquote and lazy list lines."""
    return _LAZY_END_RE.match(text) is not None


def paragraph_end(text: str, gfm_quirk: bool) -> bool:
    """kramdown's PARAGRAPH_END (``PARAGRAPH_END_GFM`` with the ``paragraph_end`` quirk)."""
    if _LAZY_END_RE.match(text) or _DEFINITION_START_RE.match(text):
        return True
    return gfm_quirk and _GFM_END_RE.match(text) is not None


def after_block_boundary(state: StateBlock, start: int) -> bool:
    """kramdown's ``after_block_boundary?``: first block of its container, or after a blank
    line, an end-of-block marker or a block IAL."""
    tokens = state.tokens
    if start <= 0 or not tokens or tokens[-1].nesting == 1:
        return True
    if state.isEmpty(start - 1) or not state.src[state.bMarks[start - 1] : state.eMarks[start - 1]].strip(" \t>"):
        return True
    last = tokens[-1]
    if not last.map or last.map[1] != start:
        return False
    if last.type == "kramdown_eob":
        return last.markup == "^"  # not an ALD or ``{::options /}``
    if last.type != "ial":
        return False
    # A block IAL is a boundary only when it waits for the next block (kramdown's
    # @block_ial); applied to the block before it, it leaves an :eob that is none.
    before = tokens[-2] if len(tokens) >= 2 else None
    ial_line = last.map[0]
    if before is None or before.nesting == 1 or ial_line == 0 or state.isEmpty(ial_line - 1):
        return True
    return before.type == "kramdown_eob" and before.markup == "^"


def _header_contents(text: str) -> tuple[str, str | None]:
    """kramdown's ``parse_header_contents``: the stripped text and the ``{#id}``, if any."""
    text = text.rstrip(_RUBY_STRIP)
    match = re.search(_HEADER_ID, text) if "{#" in text else None
    if match is None:
        return text, None
    return text[: match.start()].rstrip(_RUBY_STRIP), match[1]


def _push_header(state: StateBlock, start: int, last: int, level: int, text: str, header_id: str | None, markup: str) -> None:
    """Emit heading tokens for source lines [start, last)."""
    opening = state.push("heading_open", f"h{level}", 1)
    opening.markup = markup
    opening.map = [start, last]
    opening.meta = {"raw_text": text}
    if header_id is not None:
        opening.attrSet("id", header_id)
    inline = state.push("inline", "", 0)
    inline.content = text
    inline.map = [start, last]
    inline.children = []
    state.push("heading_close", f"h{level}", -1).markup = markup
    state.line = last


def make_atx_heading_rule(kramdown_syntax: bool, gfm_quirk: bool) -> Callable[[StateBlock, int, int, bool], bool]:
    """Build the ATX header rule: kramdown's (``#x`` is a header, after a block boundary
    only) or kramdown-parser-gfm's (a space after the hashes; with the ``paragraph_end``
    quirk anywhere, and closing hashes removed only after a space)."""
    pattern = _KD_ATX_RE if kramdown_syntax else _GFM_ATX_RE
    anywhere = gfm_quirk and not kramdown_syntax

    def atx_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] != state.blkIndent:
            return False  # kramdown's ATX_HEADER_START is anchored at the container's column 0
        match = pattern.match(state.src, state.bMarks[start] + state.tShift[start], state.eMarks[start])
        if match is None:
            return False
        if silent:
            return True
        if not anywhere and not after_block_boundary(state, start):
            return False
        text, header_id = _header_contents(match[2])
        stripped = (_GFM_CLOSING_HASHES_RE if anywhere else _CLOSING_HASHES_RE).sub("", text)
        if stripped != text:
            text = stripped.rstrip(_RUBY_STRIP)
        if not text:
            return False
        _push_header(state, start, start + 1, len(match[1]), text, header_id, match[1])
        return True

    return atx_heading


def _setext(state: StateBlock, start: int) -> bool:
    """kramdown's setext header: one line of text, then its underline at column 0."""
    under = start + 1
    if under >= state.lineMax or state.sCount[under] != state.blkIndent:
        return False
    begin = state.bMarks[under] + state.tShift[under]
    if state.src[begin : begin + 1] not in ("-", "="):
        return False  # (the next line of most paragraphs: no underline, decided without slicing it)
    underline = state.src[begin : state.eMarks[under]]
    match = _SETEXT_UNDERLINE_RE.match(underline)
    if match is None or not after_block_boundary(state, start):
        return False
    text, header_id = _header_contents(line_text(state, start).lstrip(" "))
    if not text:
        return False
    _push_header(state, start, under + 1, 2 if match[1] == "-" else 1, text, header_id, match[1])
    return True


def _nested_list(state: StateBlock, line: int, text: str) -> bool:
    """kramdown's list parser starts a new block at the first line of an item that is indented
    to the item's content and starts a list, unless a blank line came first in the item."""
    if state.parentType != "list" or not _LIST_START_RE.match(text) or line in state.env.get(LAZY_LINES_KEY, ()):
        return False
    item_start = next(
        (t.map[0] for t in reversed(state.tokens) if t.type == "list_item_open" and t.level == state.level - 1 and t.map),
        line,
    )
    return not any(state.isEmpty(n) for n in range(item_start, line))


def make_paragraph_rule(gfm_quirk: bool) -> Callable[[StateBlock, int, int, bool], bool]:
    """Build the paragraph rule (which also reads setext headers, tried just before it)."""

    def kramdown_paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent:
            return False
        if _setext(state, start):
            return True
        first = start
        tokens = state.tokens
        before: str | None = None
        if len(tokens) >= 3 and tokens[-1].type == "paragraph_close" and tokens[-3].map and tokens[-3].map[1] == start:
            # The previous line ended the paragraph but started no block: kramdown goes on
            # with the same paragraph, whose text so far it has stripped (parse_paragraph's
            # rstrip!), joined by a newline (two spaces kept before it: a hard line break).
            first = tokens[-3].map[0]
            prev_end = state.eMarks[start - 1]
            joiner = "  \n" if state.src[prev_end - 2 : prev_end] == "  " else "\n"
            before = tokens[-2].content + joiner
            del tokens[-3:]
        last = start + 1
        end = piece_end(state, start, state.lineMax) if state.env.get(ITEM_PIECES_KEY) else state.lineMax
        src, begins, shifts, ends, counts, indent = state.src, state.bMarks, state.tShift, state.eMarks, state.sCount, state.blkIndent
        while last < end:
            count = counts[last]
            if count < 0:  # a lazy line markdown-it's own containers marked
                last += 1
                continue
            if count < indent:
                break
            pos = begins[last] + shifts[last]
            if pos >= ends[last]:
                break  # a blank line (LAZY_END's first alternative): the end of most paragraphs
            if src[pos] not in _MAY_END:
                last += 1  # most lines: nothing that ends a paragraph starts with their first character
                continue
            text = line_text(state, last)
            if paragraph_end(text, gfm_quirk) or _nested_list(state, last, text):
                break
            last += 1
        lazy = state.env.get(LAZY_LINES_KEY)
        piece = first if before is None else start
        if lazy and any(n in lazy for n in range(first + 1, last)):
            # A lazy list line keeps its own indentation (markdown-it would strip it).
            lines = "\n".join(
                line_text(state, n) if n in lazy and n != first else state.getLines(n, n + 1, state.blkIndent, False)
                for n in range(piece, last)
            )
        else:
            lines = block_lines(state, piece, last, False)
        opening = state.push("paragraph_open", "p", 1)
        opening.map = [first, last]
        inline = state.push("inline", "", 0)
        inline.content = lines.strip(_RUBY_STRIP) if before is None else before + lines.rstrip(_RUBY_STRIP)
        inline.map = [first, last]
        inline.children = []
        state.push("paragraph_close", "p", -1)
        state.line = last
        return True

    return kramdown_paragraph

