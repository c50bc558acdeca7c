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
item's content indent, making markdown-it parse them inside the item too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

# Elements kramdown parses as span HTML (a line starting with one is still lazy text).
HTML_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark "
    "option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split()
)

_UL_START = re.compile(r"( {0,3}[+*-])([\t ].*)?$")
_OL_START = re.compile(r"( {0,3}\d+\.)([\t ].*)?$")
_HR = re.compile(r" {0,3}(?:\*[ \t]*){3,}$| {0,3}(?:-[ \t]*){3,}$| {0,3}(?:_[ \t]*){3,}$")
_EOB = re.compile(r"\^\s*$")
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
    content = rest.expandtabs(4)
    return len(marker) + len(content) - len(content.lstrip(" "))


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


def lazy_item_lines(state: StateBlock, start: int, end: int) -> tuple[list[int], dict[int, int]]:
    """Lines of the list starting at ``start`` that kramdown adds to an item lazily, and the
    column shift of the content lines of items whose first line is empty (see
    :func:`_empty_item_shift`)."""
    first = _text(state, start)
    ordered = _UL_START.match(first) is None
    m = (_OL_START if ordered else _UL_START).match(first)
    if m is None or m.group(2) is None:
        return [], {}
    indentation = _item_indentation(m.group(1), m.group(2))
    shift = _empty_item_shift(m.group(1), m.group(2))
    if shift:
        indentation = 4
    shifts: dict[int, int] = {}
    last_blank = False
    lazy: list[int] = []
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
            last_blank = False
            continue
        if not blank and len(text) - len(text.lstrip(" ")) >= indentation:
            if shift:
                shifts[line] = shift
            last_blank = False
            continue
        if not blank and not last_blank and _lazy_ok(text):
            lazy.append(line)
            continue
        if blank:
            last_blank = True
            continue
        break
    return lazy, shifts


def make_item_ial_rule(parse_ial: Callable[[str], tuple[dict[str, str], list[str]]]) -> Callable[[StateCore], None]:
    """Build the core rule (run before inline parsing) for kramdown's item IAL: ``{:.x}`` at
    the start of a list item's first line gives the ``<li>`` its attributes."""

    def item_ials(state: StateCore) -> None:
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
