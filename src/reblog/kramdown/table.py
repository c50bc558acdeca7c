"""kramdown's table syntax as a markdown-it block rule.

kramdown (also with GFM input) does not implement GFM tables; its own rules differ:

* a table needs a block boundary before it (start of a container, a blank line, a block IAL)
  and after it (a blank line, a block IAL, the end of the container); otherwise its lines are
  an ordinary paragraph;
* every line of it contains a ``|`` outside code spans; a delimiter row is optional (a table
  may be just body rows) and may have any number of columns;
* a separator line (``|---|``) after the first one starts a new ``<tbody>``, a ``|===|`` line
  starts the ``<tfoot>``;
* cells are split at unescaped pipes outside code spans and ``<code>`` elements; the first empty
  cell is dropped only if the table's first line starts with a pipe, the last empty cell always;
* rows are padded to the widest row, empty cells render as a no-break space, and column
  alignment comes from the first separator line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it.rules_block import StateBlock

from reblog.kramdown.paragraph import after_block_boundary, piece_end

_PIPE_CHECK = r"(?:\||.*?[^\\\n]\|)"
_TABLE_LINE = re.compile(_PIPE_CHECK)
_TABLE_START = re.compile(r" {0,3}(?=\S)" + _PIPE_CHECK)
_SEP_LINE = re.compile(r"([+|: \t-]*?-[+|: \t-]*?)[ \t]*$")
_HSEP_ALIGN = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")
_FOOT_LINE = re.compile(r"[+|: \t=]*?=[+|: \t=]*?[ \t]*$")
_IAL_LINE = re.compile(r" {0,3}\{:(?!:|/)")
_EOB_LINE = re.compile(r"\^\s*$")
_CODE_ELEMENT = re.compile(r"(<code.*?>.*?</code>)")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_RUBY_SPACE = " \t\n\v\f\r"
# kramdown's HTML_TAG_RE: each attribute is an atomic group, so a quoted value ends at its
# first closing quote (``href="{{ "/x" | y }}"`` is no tag: its pipe counts).
_NAME = r"[^\W\d][-\w.]*(?::[^\W\d][-\w.]*)?"
_ATTRS = rf"""\s*(?>\s+{_NAME}(?:\s*=\s*(?:\w+|"[^"]*"|'[^']*'))?)*\s*/?>"""
_HTML_ELEMENT = re.compile(rf"(<({_NAME}){_ATTRS}.*?</\2\s*>|<{_NAME}{_ATTRS})", re.DOTALL)


def _codespan_split(text: str) -> list[tuple[bool, str]]:
    """Split ``text`` into (is_code_span, source) parts the way kramdown's code span parser does."""
    parts: list[tuple[bool, str]] = []
    pos = start = 0
    while True:
        tick = text.find("`", pos)
        if tick < 0:
            break
        end = tick
        while end < len(text) and text[end] == "`":
            end += 1
        delim = text[tick:end]
        if (
            len(delim) == 1
            and (tick == 0 or text[tick - 1] in _RUBY_SPACE)
            and end < len(text)
            and text[end] in _RUBY_SPACE
        ):
            pos = end
            continue
        close = text.find(delim, end)
        if close < 0:
            pos = end
            continue
        if tick > start:
            parts.append((False, text[start:tick]))
        parts.append((True, text[tick : close + len(delim)]))
        pos = start = close + len(delim)
    if start < len(text):
        parts.append((False, text[start:]))
    return parts


def _split_cells(row: str) -> list[str]:
    """Split one table row into its cell sources (not yet stripped)."""
    cells: list[str] = []

    def append(piece: str) -> None:
        if cells:
            cells[-1] += piece
        else:
            cells.append(piece)

    for index, piece in enumerate(_CODE_ELEMENT.split(row)):
        if index % 2:
            append(piece)
            continue
        for is_code, source in _codespan_split(piece):
            if is_code:
                append(source)
                continue
            first, *rest = [cell.replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(source)]
            append(first)
            cells.extend(rest)
    return cells


def _ruby_lines(text: str) -> list[str]:
    """``String#split("\\n")``: trailing empty pieces are dropped."""
    lines = text.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _span_children(text: str) -> Iterator[tuple[str, str]]:
    """Code spans, HTML elements and text between them, as kramdown's span parser sees them."""
    for is_code, source in _codespan_split(text):
        if is_code:
            yield "code", source
            continue
        for index, piece in enumerate(_HTML_ELEMENT.split(source)):
            if index % 3 == 0:
                if piece:
                    yield "text", piece
            elif index % 3 == 1:
                yield "html", ""


def _pipes_outside_code(text: str) -> bool:
    """kramdown's check that every line of the table has a pipe outside code spans and HTML."""
    pipe_on_line = False
    for kind, source in _span_children(text):
        if kind == "html":
            continue  # an element counts as its name: neither a pipe nor a line break
        lines = _ruby_lines(source)
        if kind == "code":
            if len(lines) > 2 or (len(lines) == 2 and not pipe_on_line):
                break
            if len(lines) == 2 and pipe_on_line:
                pipe_on_line = False
        else:
            if len(lines) > 1 and not pipe_on_line and not re.match(_PIPE_CHECK, lines[0]):
                break
            last_has_pipe = bool(lines) and bool(re.match(_PIPE_CHECK, lines[-1]))
            pipe_on_line = (False if len(lines) > 1 else pipe_on_line) or last_has_pipe
    return pipe_on_line


@dataclass
class _Table:
    sections: list[tuple[str, list[list[str]]]] = field(default_factory=list)
    alignment: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    has_footer: bool = False

    def close_section(self, kind: str, force: bool = False) -> None:
        if not self.has_footer or kind != "tbody" or force:
            self.sections.append((kind, self.rows))
            self.rows = []


def _line(state: StateBlock, line: int) -> str:
    # The line inside its container (a list item's first line without its marker).
    indent = max(0, state.sCount[line] - state.blkIndent)
    return " " * indent + state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _before_block_boundary(state: StateBlock, line: int, end: int) -> bool:
    if line >= end or state.isEmpty(line) or state.sCount[line] < state.blkIndent:
        return True  # a line outside the container (a list's next item) ends the container
    text = _line(state, line)
    return bool(_IAL_LINE.match(text) or _EOB_LINE.match(text))


def kramdown_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a kramdown table (see the module docstring)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _line(state, start)
    if not _TABLE_START.match(first) or not after_block_boundary(state, start):
        return False

    end = piece_end(state, start, end)
    leading_pipe = bool(re.match(r"\s*\|", first))
    table = _Table()
    columns = 0
    line = start
    if _SEP_LINE.fullmatch(first):
        line += 1
    while line < end:
        text = _line(state, line)
        if state.sCount[line] < state.blkIndent or not _TABLE_LINE.match(text):
            break
        if (sep := _SEP_LINE.fullmatch(text)) is not None:
            if not table.rows:
                pass  # consecutive separator lines are ignored
            elif not table.alignment and not table.has_footer:
                table.close_section("thead")
                table.alignment = [
                    "" if not left and not right else "left" if not right else "right" if not left else "center"
                    for left, right in _HSEP_ALIGN.findall(sep[1])
                ]
            else:
                table.close_section("tbody")
        elif _FOOT_LINE.fullmatch(text):
            if table.rows:
                table.close_section("tbody", force=True)
            table.has_footer = True
        else:
            cells = _split_cells(text.rstrip(" \t"))
            if not cells:
                return False
            if leading_pipe and not cells[0].strip(_RUBY_SPACE):
                cells.pop(0)
            if cells and not cells[-1].strip(_RUBY_SPACE):
                cells.pop()
            table.rows.append([cell.strip(_RUBY_SPACE + "\0") for cell in cells])
            columns = max(columns, len(cells))
        line += 1

    if not _before_block_boundary(state, line, end):
        return False
    source = "\n".join(_line(state, n) for n in range(start, line))
    if not _pipes_outside_code(source):
        return False
    if table.rows:
        table.close_section("tfoot" if table.has_footer else "tbody")
    if not any(kind == "tbody" for kind, _ in table.sections):
        return False
    if silent:
        return True

    alignment = (table.alignment + [""] * columns)[:columns]
    token = state.push("table_open", "table", 1)
    token.map = [start, line]
    for kind, rows in table.sections:
        state.push(f"{kind}_open", kind, 1)
        cell_tag = "th" if kind == "thead" else "td"
        for row in rows:
            state.push("tr_open", "tr", 1)
            for index, cell in enumerate(row + [""] * (columns - len(row))):
                token = state.push(f"{cell_tag}_open", cell_tag, 1)
                if alignment[index]:
                    token.attrSet("style", f"text-align:{alignment[index]}")
                token = state.push("inline", "", 0)
                token.content = cell or "\u00a0"
                token.map = [start, line]
                token.children = []
                state.push(f"{cell_tag}_close", cell_tag, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{kind}_close", kind, -1)
    state.push("table_close", "table", -1)
    state.line = line
    return True
