"""kramdown's lazy list-item lines, for markdown-it's list rule.

kramdown collects a list item's lines before parsing them: after the first line, a line
belongs to the item if it is indented to the item's content, or -- unless a blank line came
just before -- *lazily*, whatever it holds: a line starting another kind of list, a header,
a blockquote or a fence that is indented less than the content still goes into the item and
is parsed there (``2. x`` followed by ``  * y`` nests the bullet list).  Only a sibling item
marker, a block HTML tag, a block IAL, an end-of-block marker (or after a blank line,
anything not indented enough) ends the item.  CommonMark only takes paragraph continuation
text lazily.

:func:`lazy_item_lines` finds those lazy lines so the list rule can shift them right by the
item's content indent, making markdown-it parse them inside the item too.  Once the item holds
a nested list (its first line starts one, a line indented to its content starts one, or a blank
line came), kramdown indents a lazy line that starts a list by the item's indentation plus 4
before adding it: it becomes text of the nested list's last item, not a sibling item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

from reblog.kramdown.ald import IAL_MARKER_KEY

# env key: the wide items (see :func:`wide_item_rule`) of the lists being parsed.
WIDE_ITEMS_KEY = "kramdown_wide_items"

# Elements kramdown parses as span HTML (a line starting with one is still lazy text).
HTML_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark "
    "option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split()
)

_UL_START = re.compile(r"( {0,3}[+*-])([\t ].*)?$")
_OL_START = re.compile(r"( {0,3}\d+\.)([\t ].*)?$")
_HR = re.compile(r" {0,3}(?:\*[ \t]*){3,}$| {0,3}(?:-[ \t]*){3,}$| {0,3}(?:_[ \t]*){3,}$")
_EOB = re.compile(r"\^\s*$")
# kramdown's LIST_START (its PATTERN_TAIL allows ``|`` after the marker too).
_LIST_START = re.compile(r" {0,3}(?:[+*-]|\d+\.)[\t| ]")
# kramdown's LIST_ITEM_IAL: an IAL at the start of an item's (or a definition's) first line.
ITEM_IAL_RE = re.compile(r"^[ \t\n\v\f\r]*\{:(?!(?:\w[\w-]*)?:|/)((?:\\\}|[^}])+)\}[ \t\n\v\f\r]*")
_IAL_ONLY = re.compile(r"(?:[ \t]*\{:(?!(?:\w[\w-]*)?:|/)(?:\\\}|[^}])+\})?[ \t]*$")
_NOT_LAZY = re.compile(r" {0,3}(?:\{:(?!:|/)|</?([A-Za-z][\w:.-]*))")


def _text(state: StateBlock, line: int) -> str:
    """The line as kramdown sees it inside the current container (indentation as spaces)."""
    indent = max(0, state.sCount[line] - state.blkIndent)
    return " " * indent + state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _item_indentation(marker: str, rest: str) -> int:
    """kramdown's content indentation of an item: marker width plus the spaces after it."""
    # Tabs after the marker reach the next multiple of 4 counted from the line's start.
    content = (" " * len(marker) + rest).expandtabs(4)
    return len(content) - len(content.lstrip(" "))


def _sibling(text: str, ordered: bool, indentation: int) -> re.Match[str] | None:
    """A new item of the same list (kramdown allows fewer leading spaces for narrow items)."""
    m = (_OL_START if ordered else _UL_START).match(text)
    if m is None or not m.group(2):
        return None
    spaces = len(m.group(1)) - len(m.group(1).lstrip(" "))
    return m if spaces <= min(indentation - 1, 3) else None


def _lazy_ok(text: str) -> bool:
    m = _NOT_LAZY.match(text)
    if m is None:
        return True
    name = m.group(1)
    return name is not None and name.lower() in HTML_SPAN_ELEMENTS


def _empty_item_shift(marker: str, rest: str) -> int:
    """kramdown indents the content of an item whose first line is empty (or only an IAL) by
    4 columns; markdown-it by the marker's width plus one: the difference, else 0."""
    if not _IAL_ONLY.match(rest):
        return 0
    return 4 - (len(marker) + 1)


@dataclass
class ItemLines:
    """What kramdown reads differently from markdown-it in one list (source line numbers)."""

    # Lines added to an item lazily: the extra indentation kramdown gives a lazy line that
    # starts a list after a nested list (else 0), and the item's first line.
    lazy: dict[int, tuple[int, int]] = field(default_factory=dict)
    # Column shift of the content lines of items whose first line is empty (see
    # :func:`_empty_item_shift`).
    shifts: dict[int, int] = field(default_factory=dict)
    # First lines of items with more than 4 spaces after the marker: markdown-it's content
    # column and kramdown's (see :func:`wide_item_rule`).
    wide: dict[int, tuple[int, int]] = field(default_factory=dict)
    # Lines where kramdown starts a new piece of an item's text (see ``ITEM_PIECES_KEY``).
    pieces: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lazy or self.shifts or self.wide or self.pieces)


def _wide(state: StateBlock, line: int, marker: str, rest: str, indentation: int, wide: dict[int, tuple[int, int]]) -> None:
    """Note an item whose content column markdown-it caps (more than 4 spaces after the marker)."""
    if indentation - len(marker) > 4 and rest.strip(" \t"):
        wide[line] = (state.blkIndent + len(marker) + 1, state.blkIndent + indentation)


def lazy_item_lines(state: StateBlock, start: int, end: int) -> ItemLines:
    """The lines of the list starting at ``start`` that kramdown reads differently (see
    :class:`ItemLines`)."""
    result = ItemLines()
    first = _text(state, start)
    ordered = _UL_START.match(first) is None
    m = (_OL_START if ordered else _UL_START).match(first)
    if m is None or m.group(2) is None:
        return result
    indentation = _item_indentation(m.group(1), m.group(2))
    shift = _empty_item_shift(m.group(1), m.group(2))
    if shift:
        indentation = 4
    _wide(state, start, m.group(1), m.group(2), indentation, result.wide)
    nested = _LIST_START.match(m.group(2).lstrip(" \t")) is not None
    shifts = result.shifts
    last_blank = False
    lazy = result.lazy
    item = start
    for line in range(start + 1, end):
        blank = state.isEmpty(line)
        if not blank and state.sCount[line] < state.blkIndent:
            break  # outside the enclosing container (its own list claimed the line)
        text = "" if blank else _text(state, line)
        if last_blank and _HR.match(text):
            break
        if _EOB.match(text) and not blank:
            break
        if not blank and (m := _sibling(text, ordered, indentation)) is not None:
            indentation = _item_indentation(m.group(1), m.group(2))
            shift = _empty_item_shift(m.group(1), m.group(2))
            if shift:
                indentation = 4
            _wide(state, line, m.group(1), m.group(2), indentation, result.wide)
            nested = _LIST_START.match(m.group(2).lstrip(" \t")) is not None
            item = line
            last_blank = False
            continue
        if not blank and len(text) - len(text.lstrip(" ")) >= indentation:
            if shift:
                shifts[line] = shift
            if not nested and _LIST_START.match(text[indentation:]):
                nested = True
                result.pieces.append(line)
            last_blank = False
            continue
        if not blank and not last_blank and _lazy_ok(text):
            lazy[line] = (indentation + 4 if nested and _LIST_START.match(text) else 0, item)
            continue
        if blank:
            nested = True
            last_blank = True
            continue
        break
    return result


def wide_item_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """First block rule: on the first line of an item with more than 4 spaces after its
    marker, move the item's content column to kramdown's (after all those spaces; markdown-it
    puts it one space after the marker, making the text an indented code block).  It reads
    nothing (returns False); markdown-it's list rule restores the column after the item."""
    wide = state.env.get(WIDE_ITEMS_KEY)
    if silent or not wide or start not in wide:
        return False
    mdit_column, kramdown_column = wide[start]
    if state.blkIndent == mdit_column and state.sCount[start] == kramdown_column:
        state.blkIndent = kramdown_column
    return False


def make_item_ial_rule(parse_ial: Callable[[str], tuple[dict[str, str], list[str]]]) -> Callable[[StateCore], None]:
    """Build the core rule (run before inline parsing) for kramdown's item IAL: ``{:.x}`` at
    the start of a list item's first line gives the ``<li>`` its attributes."""

    def item_ials(state: StateCore) -> None:
        if not state.env.get(IAL_MARKER_KEY, True):
            return  # no IAL anywhere (most documents): no item to look at
        tokens = state.tokens
        for idx, tok in enumerate(tokens[:-2]):
            if tok.type != "list_item_open" or tokens[idx + 1].type != "paragraph_open":
                continue
            inline = tokens[idx + 2]
            if not tok.map or not inline.map or inline.map[0] != tok.map[0]:
                continue
            match = ITEM_IAL_RE.match(inline.content)
            if match is None:
                continue
            attrs, _refs = parse_ial(match[1])
            for key, value in attrs.items():
                old = tok.attrGet("class") if key == "class" else None
                tok.attrSet(key, f"{old} {value}" if old else value)
            inline.content = inline.content[match.end() :]

    return item_ials
