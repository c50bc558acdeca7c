"""kramdown's definition lists, as a markdown-it block rule.

kramdown reads ``: definition`` lines after a paragraph: the paragraph (right before, or
after exactly one empty line) becomes the terms, one ``<dt>`` per line, and each ``:`` line
starts a ``<dd>`` read like a list item -- lines indented to its content or, unless a blank
line came first, lazily any line (a following term line included).  A definition's first
paragraph is written inline unless a blank line came before the definition.  A definition
list that follows another (blank lines between) joins it.  ``{:.x}`` at the start of a term
or definition is its IAL; ``{:auto_ids}`` on the list gives the terms ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from reblog.kramdown.html import LAZY_SPAN, UNAME
from reblog.kramdown.lists import ITEM_IAL_RE
from reblog.kramdown.paragraph import line_text

_DD_START_RE = re.compile(r"( {0,3}:)([\t| ].*)$")
_IAL_ONLY_RE = re.compile(r"^(?:[ \t\n\v\f\r]*\{:(?!(?:\w[\w-]*)?:|/)(?:\\\}|[^}])+\})?[ \t\n\v\f\r]*$")
_EOB_RE = re.compile(r"\^[ \t\n\v\f\r]*$")
_AUTO_IDS_RE = re.compile(r"auto_ids(?:-([\w-]+))?")
_NOT_LAZY_TAIL = (
    rf"(?:\{{:(?!:|/)(?:\\\}}|[^}}])+\}}[ \t\n\v\f\r]*$"
    rf"|</(?!(?:{LAZY_SPAN})\b){UNAME}[ \t\n\v\f\r]*>|<(?!(?:{LAZY_SPAN})\b){UNAME})"
)

# env key: set when the document has a definition list.
HAS_DL_KEY = "kramdown_has_dl"

# A parse_ial function: IAL body -> (attributes, reference names).
ParseIal = Callable[[str], tuple[dict[str, str], list[str]]]


def _item_start(marker: str, rest: str) -> tuple[str, int, int]:
    """kramdown's ``parse_first_list_line``: (content, content indentation, offset of the
    content in ``rest``); a line holding only an IAL (or nothing) has indentation 4."""
    if _IAL_ONLY_RE.match(rest):
        stripped = rest.lstrip(" \t\n\v\f\r")
        return stripped, 4, len(rest) - len(stripped)
    col = len(marker)
    offset = 0
    for ch in rest:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
        offset += 1
    return rest[offset:], col, offset


def _term_paragraph(state: StateBlock, start: int) -> tuple[int, bool] | None:
    """(index of the paragraph_open token, blank line between) of the terms, or None."""
    tokens = state.tokens
    if len(tokens) < 3 or tokens[-1].type != "paragraph_close" or tokens[-1].level != state.level:
        return None
    para = tokens[-3]
    if not para.map:
        return None
    if para.map[1] == start:
        return len(tokens) - 3, False
    # kramdown's ``:blank`` element must be exactly one empty line.
    if para.map[1] == start - 1 and state.bMarks[start - 1] == state.eMarks[start - 1]:
        return len(tokens) - 3, True
    return None


def _waiting_ials(state: StateBlock) -> int:
    """Number of block IAL tokens at the end that wait for the next block (a blank line
    before them: kramdown's ``@block_ial``, not an element of the tree)."""
    tokens = state.tokens
    n = 0
    while n < len(tokens) and tokens[-1 - n].type == "ial":
        n += 1
    first = tokens[-n].map if n else None
    if n and first and first[0] > 0 and not state.isEmpty(first[0] - 1):
        return 0
    return n


def make_deflist_rule(parse_ial: ParseIal) -> Callable[[StateBlock, int, int, bool], bool]:
    """Build the definition list block rule (``parse_ial`` reads ``{:...}`` bodies)."""

    def deflist(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent or state.sCount[start] - state.blkIndent >= 4:
            return False
        if state.src[state.bMarks[start] + state.tShift[start] : state.bMarks[start] + state.tShift[start] + 1] != ":":
            return False
        if _DD_START_RE.match(line_text(state, start)) is None:
            return False
        found = _term_paragraph(state, start)
        if found is None:
            return False
        para_idx, first_as_para = found
        tokens = state.tokens
        terms = tokens[para_idx + 1].content.split("\n")
        para_map = tokens[para_idx].map
        term_start = para_map[0] if para_map else start
        del tokens[para_idx:]
        level = state.level
        ials = _waiting_ials(state)
        if len(tokens) > ials and tokens[-1 - ials].type == "dl_close" and tokens[-1 - ials].level == level:
            # kramdown appends to the definition list before; an IAL that was waiting for the
            # terms' paragraph is lost with it.
            del tokens[len(tokens) - ials - 1 :]
            opening = next(t for t in reversed(tokens) if t.type == "dl_open" and t.level == level)
            state.level = level + 1
        else:
            opening = state.push("dl_open", "dl", 1)
            state.env[HAS_DL_KEY] = True
            opening.map = [term_start, start]
        for term in terms:
            dt = state.push("dt_open", "dt", 1)
            match = ITEM_IAL_RE.match(term)
            if match:
                attrs, _refs = parse_ial(match[1])
                for key, value in attrs.items():
                    dt.attrSet(key, value)
                term = term[match.end() :]
            inline = state.push("inline", "", 0)
            inline.content = term
            inline.map = [term_start, start]
            inline.children = []
            state.push("dt_close", "dt", -1)
        line = start
        while line < state.lineMax:
            match = _DD_START_RE.match(line_text(state, line))
            if match is None or state.sCount[line] < state.blkIndent:
                break
            line, first_as_para = _definition(state, line, match, first_as_para, parse_ial)
        state.push("dl_close", "dl", -1)
        if opening.map:
            opening.map = [opening.map[0], line]
        state.line = line
        return True

    return deflist


def _definition(state: StateBlock, start: int, match: re.Match[str], first_as_para: bool, parse_ial: ParseIal) -> tuple[int, bool]:
    """Read one ``<dd>`` starting at ``start``; return the next line and the next
    definition's ``first_as_para`` (a blank line came before it)."""
    outer = state.blkIndent
    marker, rest = match[1], match[2]
    content, indentation, offset = _item_start(marker, rest)
    dd = state.push("dd_open", "dd", 1)
    ial = ITEM_IAL_RE.match(content)
    skip = 0
    if ial:
        attrs, _refs = parse_ial(ial[1])
        for key, value in attrs.items():
            dd.attrSet(key, value)
        skip = ial.end()
    # Lines of this definition: content lines, lazy lines, blank lines.
    limit = min(indentation - 1, 3)
    dd_re = re.compile(rf" {{0,{limit}}}:[\t| ]") if limit >= 0 else re.compile(r":[\t| ]")
    not_lazy = re.compile(rf" {{0,{min(indentation, 3)}}}{_NOT_LAZY_TAIL}")
    line = start + 1
    last_blank = False
    lazy: list[int] = []
    next_first_as_para = False
    while line < state.lineMax:
        if state.isEmpty(line):
            last_blank = True
            next_first_as_para = True
            line += 1
            continue
        if state.sCount[line] < outer:
            break
        text = line_text(state, line)
        if dd_re.match(text) or _EOB_RE.match(text):
            break
        if state.sCount[line] - outer >= indentation:
            last_blank = False
            next_first_as_para = False
        elif not last_blank and not_lazy.match(text) is None:
            lazy.append(line)
            last_blank = False
            next_first_as_para = False
        else:
            break
        line += 1
    saved = {n: (state.bMarks[n], state.tShift[n], state.sCount[n]) for n in [start, *lazy]}
    # First line: the content starts after the marker, its spaces and its IAL.
    line_start = state.bMarks[start] + state.tShift[start]
    text_start = line_start + 1 + offset + skip
    state.bMarks[start] = text_start
    state.tShift[start] = 0
    state.sCount[start] = outer + indentation
    for n in lazy:
        state.sCount[n] = outer + indentation + max(0, state.sCount[n] - outer)
    old_max, old_parent = state.lineMax, state.parentType
    state.blkIndent = outer + indentation
    state.lineMax, state.parentType = line, "deflist"
    dd.map = [start, line]
    first_child = len(state.tokens)
    state.md.block.tokenize(state, start, line)
    state.lineMax, state.parentType = old_max, old_parent
    state.blkIndent = outer
    for n, (b_mark, t_shift, s_count) in saved.items():
        state.bMarks[n], state.tShift[n], state.sCount[n] = b_mark, t_shift, s_count
    tokens = state.tokens
    if not first_as_para and first_child < len(tokens) and tokens[first_child].type == "paragraph_open":
        tokens[first_child].hidden = True
        tokens[first_child + 2].hidden = True
    state.push("dd_close", "dd", -1)
    return line, next_first_as_para


def make_dt_id_rule(make_id: Callable[[Token], str]) -> Callable[[StateCore], None]:
    """Build the core rule giving terms ids when their list has ``{:auto_ids}`` or
    ``{:auto_ids-PREFIX}`` (kramdown's ``convert_dt``, with its own id algorithm)."""

    def dt_ids(state: StateCore) -> None:
        if not state.env.get(HAS_DL_KEY):
            return
        tokens = state.tokens
        prefix: list[str | None] = []
        for idx, tok in enumerate(tokens):
            if tok.type == "dl_open":
                refs = (tok.meta or {}).get("refs") or []
                found = next((m for ref in refs if (m := _AUTO_IDS_RE.match(ref))), None)
                prefix.append(None if found is None else found[1] or "")
            elif tok.type == "dl_close" and prefix:
                prefix.pop()
            elif tok.type == "dt_open" and prefix and prefix[-1] is not None and tok.attrGet("id") is None:
                tok.attrSet("id", f"{prefix[-1]}{make_id(tokens[idx + 1])}".lstrip())

    return dt_ids

