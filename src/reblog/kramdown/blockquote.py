"""kramdown's blockquote, as a markdown-it block rule.

kramdown takes every line from the ``>`` line up to the next ``LAZY_END`` (a blank line, a
block IAL, an end-of-block marker, a non-span HTML tag), strips ``> ?`` from the lines that
have it and parses the result as blocks.  A line without ``>`` is therefore part of the quote
whatever it holds: a list item, a header, a fence (CommonMark only continues a paragraph
lazily).  A tab after the marker stays: it indents the quoted line by four columns.
"""

from __future__ import annotations

from markdown_it.rules_block import StateBlock

from reblog.kramdown.paragraph import lazy_end, line_text, piece_end


def _indent_width(text: str) -> tuple[int, int]:
    """(columns, characters) of the leading spaces and tabs of ``text`` (tab stops of 4)."""
    cols = chars = 0
    for ch in text:
        if ch == " ":
            cols += 1
        elif ch == "\t":
            cols += 4 - cols % 4
        else:
            break
        chars += 1
    return cols, chars


def _columns_to_chars(line: str, own: int, columns: int) -> int:
    """Characters of ``line``'s leading whitespace that make up its first ``columns`` columns
    (none when the line is indented less than that: ``own`` < 0)."""
    if own < 0 or columns <= 0:
        return 0
    cols = chars = 0
    for ch in line:
        if cols >= columns or ch not in " \t":
            break
        cols += 4 - cols % 4 if ch == "\t" else 1
        chars += 1
    return chars


def kramdown_blockquote(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a blockquote up to kramdown's LAZY_END, lazy lines parsed as blocks."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if pos >= state.eMarks[start] or state.src[pos] != ">":
        return False
    if silent:
        return True
    last = start + 1
    end = piece_end(state, start, state.lineMax)
    while last < end:
        if state.sCount[last] < state.blkIndent or lazy_end(line_text(state, last)):
            break
        last += 1
    saved = [(state.bMarks[n], state.tShift[n], state.sCount[n], state.bsCount[n]) for n in range(start, last)]
    outer_indent = state.blkIndent
    for n in range(start, last):
        pos = state.bMarks[n] + state.tShift[n]
        if state.sCount[n] - outer_indent < 4 and state.src[pos] == ">":
            pos += 1
            if pos < state.eMarks[n] and state.src[pos] == " ":
                pos += 1
            cols, chars = _indent_width(state.src[pos : state.eMarks[n]])
            state.bMarks[n] = pos
            state.tShift[n] = chars
            state.sCount[n] = cols
            state.bsCount[n] = 0
        else:
            # A lazy line: the container's indentation is not part of the quoted text.
            skip = _columns_to_chars(state.src[state.bMarks[n] : state.eMarks[n]], state.sCount[n] - outer_indent, outer_indent)
            state.bMarks[n] += skip
            state.tShift[n] = max(0, state.tShift[n] - skip)
            state.sCount[n] = max(0, state.sCount[n] - outer_indent)
    old_max, old_parent = state.lineMax, state.parentType
    state.blkIndent = 0
    state.lineMax, state.parentType = last, "blockquote"
    opening = state.push("blockquote_open", "blockquote", 1)
    opening.markup = ">"
    opening.map = [start, last]
    state.md.block.tokenize(state, start, last)
    state.push("blockquote_close", "blockquote", -1).markup = ">"
    state.lineMax, state.parentType = old_max, old_parent
    state.blkIndent = outer_indent
    for n, (b_mark, t_shift, s_count, bs_count) in enumerate(saved, start):
        state.bMarks[n], state.tShift[n], state.sCount[n], state.bsCount[n] = b_mark, t_shift, s_count, bs_count
    state.line = last
    return True
