"""Markdown to HTML with markdown-it-py, tuned to reproduce Jekyll 4.3's kramdown (GFM input) output."""

from __future__ import annotations

import html
import re
import string
from itertools import accumulate, islice, repeat
from operator import add, sub
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar, cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.hr import hr as hr_block
from markdown_it.rules_block.list import list_block
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.block import block
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_core.text_join import _join_text_tokens
from markdown_it.rules_inline import StateInline, fragments_join
from markdown_it.rules_inline import entity as entity_rule
from markdown_it.rules_inline import text as text_rule
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref

from reblog.config.model import KramdownSettings
from reblog.rouge import highlight
from reblog.rouge.names import rouge_tag
from reblog.kramdown.ald import ALDS_KEY, IAL_MARKER_KEY, parse_attribute_list
from reblog.kramdown.ald import define as define_ald
from reblog.kramdown.ald import resolve as resolve_ald
from reblog.kramdown.blockquote import kramdown_blockquote
from reblog.kramdown.cjk import make_cjk_line_break_rule
from reblog.kramdown.codeblock import CodeBlockStyle, convert_codeblock, kramdown_code_block
from reblog.kramdown.deflist import make_deflist_rule, make_dt_id_rule
from reblog.kramdown.footnotes import kramdown_footnote_def, undefined_footnote_marker
from reblog.kramdown.figure import render_figure, standalone_images
from reblog.kramdown.emphasis import kramdown_emphasis
from reblog.kramdown.entities import (
    chars_html,
    entity_html,
    make_entity_rule,
    split_entities,
)
from reblog.kramdown.inline_options import (
    HTML_TO_NATIVE_KEY,
    INLINE_LEVEL_KEY,
    PARSE_BLOCK_HTML_KEY,
    PARSE_SPAN_HTML_KEY,
    apply_span_options,
    converter_options,
    with_inline_options,
    set_inline_options,
)
from reblog.kramdown.native import (
    NATIVE,
    NATIVE_OUTPUT_KEY,
    NATIVE_SEEN_KEY,
    NativeOutput,
    header_id_text,
    join_paragraphs,
    native_headers,
)
from reblog.kramdown.spanhtml import SPAN_HTML_DEPTH_KEY, add_html_attrs, html_element_target, make_span_html_rule
from reblog.kramdown.htmlblock import RAW_CLOSE, RAW_OPEN, make_html_block_rule
from reblog.kramdown.html import (
    escape_text,
    normalize_html_block,
)
from reblog.kramdown.layout import (
    BLANK_LINES_KEY,
    TOC_BLOCK,
    indent_code_block,
    KramdownLayoutRenderer,
)
from reblog.kramdown.links import (
    LINK_DEFS_KEY,
    apply_link_def_ials,
    kramdown_autolink,
    kramdown_link,
    link_def_rule,
    normalize_link_id,
    render_image,
    render_link_open,
)
from reblog.kramdown.lists import WIDE_ITEMS_KEY, lazy_item_lines, make_item_ial_rule, wide_item_rule
from reblog.kramdown.paragraph import (
    ITEM_PIECES_KEY,
    LAZY_LINES_KEY,
    SHIFTED_LINES_KEY,
    line_text,
    make_atx_heading_rule,
    make_paragraph_rule,
    piece_end,
)
from reblog.kramdown.math import block_math_rule, block_text, inline_math_rule, make_math_renderers
from reblog.kramdown.spans import make_escape_rule, span_extension_rule, strikethrough_rule
from reblog.kramdown.smarty import SQ_RULE_ACTIONS, SQ_RULE_RE, entity_char, smartify
from reblog.kramdown.table import kramdown_table
from reblog.kramdown.tokens import PAIRING_RULES, block_state, new_token, parse_inline

# ---------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------

# The ``kramdown:`` settings are parsed with the rest of the configuration (config/parse.py).
MarkdownOptions = KramdownSettings


def _entity_char(name: str) -> str:
    """Return the character for an entity name (``rsquo``, ``apos``) or numeric code (``8217``)."""
    return entity_char(name) or "?"


# ---------------------------------------------------------------------------------------------
# Inline attribute lists ({: .class #id key="value"})
# ---------------------------------------------------------------------------------------------

_BLOCK_IAL_RE = re.compile(r"^ {0,3}\{:(?!:|/)([^}]*)\}\s*$")
_SPAN_IAL_RE = re.compile(r"\{:(?!:|/)([^}]*)\}")


@dataclass
class Ial:
    """Parsed attribute list: HTML attributes plus bare reference names such as ``toc``."""

    attrs: dict[str, str] = field(default_factory=dict)
    refs: list[str] = field(default_factory=list)


def parse_ial(text: str) -> Ial:
    """Parse the body of an inline attribute list the way kramdown does."""
    attrs, refs = parse_attribute_list(text)
    return Ial(attrs, refs)


def _ial_parts(text: str) -> tuple[dict[str, str], list[str]]:
    """An IAL body's attributes and reference names (for rules outside this module)."""
    ial = parse_ial(text)
    return ial.attrs, ial.refs


def _apply_attrs(token: Token, attrs: Mapping[str, str]) -> None:
    """Merge IAL attributes into a token (classes accumulate, other keys override)."""
    for key, value in attrs.items():
        if key == "class" and token.attrGet("class"):
            token.attrSet("class", f"{token.attrGet('class')} {value}")
        else:
            token.attrSet(key, value)


def block_ial_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a line holding only ``{: ...}`` becomes an ``ial`` token (also ends paragraphs)."""
    # Also asked whether a paragraph ends at any line: most do not start with "{:" and need
    # no slicing and matching.
    if not state.src.startswith("{:", state.bMarks[start] + state.tShift[start]):
        return False
    line = state.src[state.bMarks[start] : state.eMarks[start]]
    match = _BLOCK_IAL_RE.match(line)
    if not match or state.sCount[start] - state.blkIndent >= 4:
        return False
    if silent:
        return True
    token = state.push("ial", "", 0)
    token.map = [start, start + 1]
    token.meta = {"ial": parse_ial(match[1])}
    state.line = start + 1
    return True


# env key: span_ial_rule made a ``span_ial`` token (apply_span_ials has work to do).
_SPAN_IALS_KEY = "kramdown_span_ials"


def span_ial_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``{: ...}`` right after a span element becomes a ``span_ial`` token."""
    if state.src[state.pos] != "{":
        return False
    match = _SPAN_IAL_RE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        state.env[_SPAN_IALS_KEY] = True
        token = state.push("span_ial", "", 0)
        token.content = match[0]
        token.meta = {"ial": parse_ial(match[1])}
    state.pos = match.end()
    return True


def _matching_open(children: Sequence[Token], close_idx: int) -> int:
    """Return the index of the opening token matching the closing token at ``close_idx``."""
    depth = 0
    for i in range(close_idx, -1, -1):
        depth += children[i].nesting
        if depth == 0:
            return i
    return close_idx


def apply_span_ials(state: StateCore) -> None:
    """Core rule: attach span IALs to the element right before them (else keep them as text)."""
    if not state.env.get(_SPAN_IALS_KEY):
        return  # span_ial_rule made no token (most documents): no text to walk
    for inline in _inline_tokens(state.tokens):
        children = inline.children or []
        # The element an applied IAL went to: a second IAL right after it goes there too.
        applied: dict[int, Token] = {}
        for idx, tok in enumerate(children):
            if tok.type != "span_ial":
                continue
            prev = children[idx - 1] if idx else None
            target = None
            if prev is not None and prev.nesting == -1:
                target = children[_matching_open(children, idx - 1)]
            elif prev is not None and prev.type in ("code_inline", "image", "math_inline", "abbr_open"):
                target = prev
            elif prev is not None and (element := html_element_target(prev)) is not None:
                target = element
            elif idx - 1 in applied:
                target = applied[idx - 1]
            if target is not None:
                attrs = resolve_ald(tok.meta["ial"].attrs, tok.meta["ial"].refs, state.env.get(ALDS_KEY, {}))
                if target.type == "html_inline":
                    add_html_attrs(target, attrs)
                else:
                    _apply_attrs(target, attrs)
                if tok.meta["ial"].refs:  # e.g. ``standalone`` on an image
                    target.meta = {**(target.meta or {}), "refs": [*(target.meta or {}).get("refs", []), *tok.meta["ial"].refs]}
                tok.type, tok.content = "text", ""
                applied[idx] = target
            else:
                tok.type = "text"


def _block_siblings(tokens: Sequence[Token], idx: int) -> tuple[int | None, int | None]:
    """Return the opening-token indexes of the blocks before and after the token at ``idx``."""
    level = tokens[idx].level
    before: int | None = None
    j = idx - 1
    while j >= 0 and tokens[j].level >= level:
        if tokens[j].level == level:
            before = _matching_open(tokens, j) if tokens[j].nesting == -1 else j
            break
        j -= 1
    after = idx + 1 if idx + 1 < len(tokens) and tokens[idx + 1].level == level else None
    if after is not None and tokens[after].nesting == -1:
        after = None
    return before, after


def apply_block_ials(state: StateCore) -> None:
    """Core rule: apply block IALs to the preceding block, or the next one after a blank line."""
    if not state.env.get(IAL_MARKER_KEY, True):
        return  # block_ial_rule made no ``ial`` token (its line starts with "{:")
    tokens = state.tokens
    lines: list[str] | None = None
    target: int | None = None
    for idx, tok in enumerate(tokens):
        if tok.type != "ial":
            continue
        if lines is None:
            lines = source_lines(state)
        # IALs on consecutive lines all go to one element (kramdown merges them).
        if not _follows_ial(tokens, idx):
            run_end = idx
            while _follows_ial(tokens, run_end + 1):
                run_end += 1
            before, _ = _block_siblings(tokens, idx)
            _, after = _block_siblings(tokens, run_end)
            if before is not None and tokens[before].type == "ial":
                before = None
            target = None
            if before is not None and _ends_right_before(tokens, before, idx, lines):
                target = before
            elif after is not None:
                target = after
        if target is not None:
            ial: Ial = tok.meta["ial"]
            _apply_attrs(tokens[target], resolve_ald(ial.attrs, ial.refs, state.env.get(ALDS_KEY, {})))
            tokens[target].meta = {**(tokens[target].meta or {}), "refs": ial.refs}
    if lines is not None:  # (there was an IAL)
        state.tokens = [t for t in tokens if t.type != "ial"]


def _follows_ial(tokens: Sequence[Token], idx: int) -> bool:
    """True if ``tokens[idx]`` is an IAL on the line right after another IAL."""
    if idx <= 0 or idx >= len(tokens) or tokens[idx].type != "ial" or tokens[idx - 1].type != "ial":
        return False
    prev_map, this_map = tokens[idx - 1].map, tokens[idx].map
    return prev_map is not None and this_map is not None and prev_map[1] == this_map[0]


def _ends_right_before(tokens: Sequence[Token], open_idx: int, ial_idx: int, lines: Sequence[str]) -> bool:
    """True if the block opened at ``open_idx`` ends on the line just before the IAL (a list
    or quote may have taken the blank lines before it: those do not count)."""
    block_map = tokens[open_idx].map
    ial_map = tokens[ial_idx].map
    if not block_map or not ial_map:
        return True
    last = min(block_map[1], ial_map[0])
    while last > block_map[0] and last - 1 < len(lines) and not lines[last - 1].strip():
        last -= 1
    return last >= ial_map[0]


# ---------------------------------------------------------------------------------------------
# Smart quotes and typographic symbols (kramdown's span parsers re-implemented on text runs)
# ---------------------------------------------------------------------------------------------

# kramdown tries smart quotes before typographic symbols at the same position.
_SPAN_START_RE = re.compile(r"""(?P<sq>[^\\]?["'])|(?P<ty>---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>)""")
# What every match of _SPAN_START_RE holds at its start or right after it: a quote or a
# symbol's characters other than its optional first one (``\\<<``, `` >>``).  Every alternative
# starts with a literal: the regex engine then skips to their first characters in C.
_SPAN_CORE_RE = re.compile(r""""|'|--|\.\.\.|<<|>>""")


def _span_start(text: str, pos: int, core: re.Match[str]) -> re.Match[str] | None:
    """``_SPAN_START_RE.search(text, pos)``, given ``core``, the first match of _SPAN_CORE_RE
    from ``pos``: the pattern is tried only where a match can start (its optional first
    character makes the regex engine try every position of the text otherwise).  A match
    starts at the core or right before it: the core's own alternative always matches there,
    and no match starts earlier (it would need an earlier core)."""
    start = core.start()
    if start > pos and (match := _SPAN_START_RE.match(text, start - 1)):
        return match
    return _SPAN_START_RE.match(text, start)


_TYPO_CHARS: Mapping[str, str] = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "\\<<": "<<",
    "\\>>": ">>",
    "<< ": "\u00ab\u00a0",
    " >>": "\u00a0\u00bb",
    "<<": "\u00ab",
    ">>": "\u00bb",
}
# kramdown's names of the typographic symbols (keys of the typographic_symbols option).
_TYPO_NAMES: Mapping[str, str] = {
    "---": "mdash",
    "--": "ndash",
    "...": "hellip",
    "<< ": "laquo_space",
    " >>": "raquo_space",
    "<<": "laquo",
    ">>": "raquo",
}
# Escaped guillemets are text, not typographic symbols (entities) in kramdown's output.
_TYPO_AS_TEXT = frozenset({"\\<<", "\\>>"})
# Inline tokens that are part of a plain-text run (kramdown keeps scanning through them).
_RUN_TYPES = frozenset({"text", "softbreak", "hardbreak"})


@dataclass(frozen=True)
class _Quotes:
    """The four characters used for smart quotes (and the replaced typographic symbols)."""

    lsquo: str
    rsquo: str
    ldquo: str
    rdquo: str
    # The ``typographic_symbols`` option: source sequence -> replacement text.
    symbols: Mapping[str, str] = field(default_factory=dict)

    def char(self, kind: str, quote: str) -> str:
        """Return the character for a quote kind (``lquote``/``rquote`` depend on the quote)."""
        kind = kind.rstrip("12")  # lquoteN/rquoteN: the quote at the cursor decides
        if kind == "lquote":
            kind = "ldquo" if quote == '"' else "lsquo"
        elif kind == "rquote":
            kind = "rdquo" if quote == '"' else "rsquo"
        return str(getattr(self, kind))


def _apply_smart_quote(full: str, start: int, out: dict[int, str], quotes: _Quotes, marks: list[int] | None) -> int:
    """Apply the first matching kramdown quote rule at ``start``; return the new position."""
    match = SQ_RULE_RE.match(full, start)
    if match is None or match.lastindex is None:
        return start + 1
    group = match.lastindex
    actions = SQ_RULE_ACTIONS[group]
    cursor = start
    for action in actions:
        if isinstance(action, int):
            cursor = match.end(group + action)
        else:
            out[cursor] = quotes.char(action, full[cursor])
            if marks is not None:
                marks.append(cursor)
            cursor += 1
    return match.end()


_QUOTE_MARKS = ("'", '"')
# The characters before a quote at which one of kramdown's first six quote rules may match (a
# quote, Ruby's whitespace) or the seventh cannot (its class leaves out whitespace, "\\", "[",
# "{", "(" and "-"), and those an earlier span parser took (_CONSUMED_BEFORE_QUOTES).
_QUOTE_RULES_BEFORE = frozenset("\"' \t\n\v\f\r\\[{(-*_`")
_ASCII_LETTERS = frozenset(string.ascii_letters)

# kramdown tries its emphasis and code-span parsers before smart quotes: a ``*``, ``_`` or
# backtick left as text was consumed by them, so a quote after it is read on its own.
_CONSUMED_BEFORE_QUOTES = "*_`"


def typographic_edits(
    run: str, follow: str, quotes: _Quotes, symbols: bool, marks: list[int] | None = None
) -> dict[int, str]:
    """kramdown's smart quotes and typographic symbols in a text run: the replaced positions
    and their replacements (few in a long run).

    ``follow`` is raw source that comes right after the run; kramdown's look-aheads see it.
    ``marks``, when given, receives the positions whose replacement is an entity in kramdown.
    """
    full = run + follow
    out: dict[int, str] = {}
    pos = 0
    while pos < len(run):
        core = _SPAN_CORE_RE.search(full, pos)
        if core is None:
            break
        at = core.start()
        if at > pos and core[0] in _QUOTE_MARKS:
            # A quote after a character of the run: _SPAN_START_RE's smart-quote alternative
            # is the match, from that character to the quote, known without matching the
            # pattern (unless an earlier span parser took the character), and the quote rules
            # are tried at that character.  Two cases, most quotes, are decided without them.
            before = full[at - 1]
            # After a letter, a digit or most punctuation (an apostrophe, a closing quote): the
            # first six rules need a quote or whitespace there, and the seventh
            # (``([^ \\\t\r\n\[{(-])('|")``) makes the quote a closing one.
            closing = before not in _QUOTE_RULES_BEFORE
            # Whitespace, then the quote and a letter: the first two rules need a quote before
            # it, the next three a quote or a digit after it, and the sixth (``(\s)('|")(?=\w)``)
            # makes it an opening one.
            if closing or (before in _RUBY_WHITESPACE and full[at + 1 : at + 2] in _ASCII_LETTERS):
                if at + 1 > len(run):
                    break
                double = core[0] == '"'
                if closing:
                    out[at] = quotes.rdquo if double else quotes.rsquo
                else:
                    out[at] = quotes.ldquo if double else quotes.lsquo
                if marks is not None:
                    marks.append(at)
                pos = at + 1
                continue
        match = _span_start(full, pos, core)
        if not match or match.end() > len(run):
            break
        if match["sq"] is None:
            pos = _typographic_symbol(match, out, quotes, symbols, marks)
            continue
        start = match.start()
        if match.end() - start == 2 and full[start] in _CONSUMED_BEFORE_QUOTES:
            start += 1  # that character went to an earlier span parser (emphasis, code span)
        pos = _apply_smart_quote(full, start, out, quotes, marks)
    return out


def _typographic_symbol(match: re.Match[str], out: dict[int, str], quotes: _Quotes, symbols: bool, marks: list[int] | None) -> int:
    """Record the typographic symbol ``match`` (_SPAN_START_RE's ``ty``) in ``out`` when
    ``symbols`` are on (else it stays text); return the position to go on from."""
    if not symbols:
        return match.start() + 1
    custom = quotes.symbols.get(match[0])
    out[match.start()] = custom or _TYPO_CHARS[match[0]]
    if marks is not None and not custom and match[0] not in _TYPO_AS_TEXT:
        marks.append(match.start())
    for i in range(match.start() + 1, match.end()):
        out[i] = ""
    return match.end()


def _raw_follow(children: Sequence[Token], idx: int) -> str:
    """Approximate the raw source right after ``children[idx - 1]`` for look-ahead purposes."""
    parts: list[str] = []
    for tok in children[idx : idx + 4]:
        if tok.type in ("em_close", "strong_close"):
            # kramdown's scanner holds the whole paragraph: its look-aheads see the delimiter.
            parts.append(tok.markup)
            continue
        if tok.nesting == -1:
            break  # other elements (links, ...) end the run: their source is not known here
        if tok.type in ("text", "html_inline"):
            parts.append(tok.content)
        elif tok.type == "text_special":
            parts.append(tok.markup or tok.content)
        elif tok.type == "code_inline":
            parts.append(tok.markup + tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif tok.type == "image":
            parts.append("![")
        elif tok.type == "link_open":
            parts.append("[")
        elif tok.type == "footnote_ref":
            parts.append("[^")
        else:
            parts.append(tok.markup)
    return "".join(parts)


def _text_runs(children: Sequence[Token], quotes: _Quotes) -> Iterator[tuple[int, int, list[str]]]:
    """Yield [start, end) index ranges of consecutive text-like tokens and their texts (a line
    break as a newline), leaving out the runs typography does not change: without a quote or
    symbol (every match of _SPAN_START_RE holds one of _SPAN_CORE_RE, and the other way round)
    and without custom symbols (whose header-id text, id_text, is recorded for every run)."""
    check = not quotes.symbols
    idx, count = 0, len(children)
    while idx < count:
        if children[idx].type not in _RUN_TYPES:
            idx += 1
            continue
        start = idx
        idx += 1
        while idx < count and children[idx].type in _RUN_TYPES:
            idx += 1
        if idx - start == 1:  # the most common run: one text
            text = children[start].content if children[start].type == "text" else "\n"
            if check and not _has_span_core(text):
                continue
            yield start, idx, [text]
            continue
        pieces = [c.content if c.type == "text" else "\n" for c in children[start:idx]]
        if check and not _has_span_core("".join(pieces)):
            continue
        yield start, idx, pieces


def _has_span_core(text: str) -> bool:
    """``_SPAN_CORE_RE.search(text) is not None``, by substring tests (faster on texts without:
    the regex stops at every period and dash)."""
    return '"' in text or "'" in text or "--" in text or "..." in text or "<<" in text or ">>" in text


def _typography_children(children: list[Token], quotes: _Quotes, symbols: bool, entity_output: str) -> list[Token]:
    """Apply kramdown typography to every text run of an inline token's children; return them
    (with ``entity_output`` other than ``as_char``, replaced characters become raw-HTML tokens)."""
    as_char = entity_output == "as_char"
    split: dict[int, list[Token]] = {}
    # Most runs hold no quote or symbol: typographic_edits would find no edit in them (every
    # edit needs a match of _SPAN_START_RE that ends inside the run); _text_runs skips them
    # unless custom symbols are set (their runs record id_text).
    for start, end, pieces in _text_runs(children, quotes):
        marks: list[int] | None = None if as_char else []
        follow = _raw_follow(children, end)
        run = pieces[0] if len(pieces) == 1 else "".join(pieces)
        edits = typographic_edits(run, follow, quotes, symbols, marks)
        # Header ids are made from the symbols' own characters, not typographic_symbols' texts.
        plain = typographic_edits(run, follow, _Quotes(*_quote_chars(quotes)), symbols) if quotes.symbols else None
        offset = 0
        for idx, piece in enumerate(pieces, start):
            tok = children[idx]
            if tok.type == "text":
                tok.content = _edited(piece, offset, edits)
                if plain is not None:
                    tok.meta = {**(tok.meta or {}), "id_text": _edited(piece, offset, plain)}
                inside = [m - offset for m in marks if offset <= m < offset + len(piece)] if marks else []
                if inside:
                    chunk = [edits.get(offset + i, char) for i, char in enumerate(piece)]
                    split[idx] = _entity_pieces(tok, chunk, inside, entity_output)
            offset += len(piece)
    if not split:
        return children
    result: list[Token] = []
    for idx, tok in enumerate(children):
        result.extend(split.get(idx, (tok,)))
    return result


def _edited(piece: str, offset: int, edits: Mapping[int, str]) -> str:
    """``piece`` (at ``offset`` in its run) with the run's ``edits`` (position: replacement)."""
    end = offset + len(piece)
    positions = sorted(edits)
    if positions and (positions[0] < offset or positions[-1] >= end):
        # (not for a run of one piece, most runs: all its edits are in it)
        positions = [p for p in positions if offset <= p < end]
    if not positions:
        return piece
    parts: list[str] = []
    last = 0
    for position in positions:
        parts.append(piece[last : position - offset])
        parts.append(edits[position])
        last = position - offset + 1
    parts.append(piece[last:])
    return "".join(parts)


def _quote_chars(quotes: _Quotes) -> tuple[str, str, str, str]:
    return (quotes.lsquo, quotes.rsquo, quotes.ldquo, quotes.rdquo)


def _entity_pieces(tok: Token, chunk: Sequence[str], marked: Sequence[int], entity_output: str) -> list[Token]:
    """A text token whose ``marked`` characters are entities: text and raw-HTML tokens."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for m in marked:
        pieces.append(("".join(chunk[last:m]), False))
        pieces.append((chars_html(chunk[m], entity_output), True))
        last = m + 1
    pieces.append(("".join(chunk[last:]), False))
    return split_entities(tok, pieces)


def _inline_tokens(tokens: Sequence[Token]) -> list[Token]:
    """All inline tokens (with children) of a block token stream (a list: faster to build than
    a generator is to run, over the tens of thousands of tokens of a long page)."""
    return [tok for tok in tokens if tok.type == "inline" and tok.children is not None]


def make_typography_rule(options: MarkdownOptions) -> Callable[[StateCore], None]:
    """Build the core rule applying smart quotes and typographic symbols."""
    symbols = {seq: text for name, text in options.symbol_texts for seq, sym in _TYPO_NAMES.items() if sym == name}
    lsquo, rsquo, ldquo, rdquo = (_entity_char(n) for n in options.smart_quotes)
    quotes = _Quotes(lsquo, rsquo, ldquo, rdquo, symbols=symbols)

    def typography(state: StateCore) -> None:
        for inline in _inline_tokens(state.tokens):
            children = inline.children or []
            if len(children) == 1 and children[0].type == "text" and not symbols and not _has_span_core(children[0].content):
                continue  # one text without a quote or symbol (many paragraphs): nothing to change
            inline.children = _typography_children(children, quotes, options.typographic_symbols, options.entity_output)

    return typography


# ---------------------------------------------------------------------------------------------
# Header ids (kramdown-parser-gfm's generate_gfm_header_id)
# ---------------------------------------------------------------------------------------------


def _is_word_char(ch: str) -> bool:
    """Ruby's ``\\p{Word}``: letters, marks, decimal digits, connector punctuation."""
    cat = unicodedata.category(ch)
    return cat[0] in ("L", "M") or cat in ("Nd", "Pc", "Nl")


_NOT_GFM_ID_ASCII_RE = re.compile(r"[^\w\- \t]", re.ASCII)


def kramdown_header_id(text: str) -> str:
    """Return kramdown's own (non-GFM) header id: ASCII letters, digits, spaces and dashes
    after the first letter; spaces become dashes; empty gives ``section``."""
    result = re.sub(r"^[^a-zA-Z]+", "", text, flags=re.M)
    result = re.sub(r"[^a-zA-Z0-9 -]", "", result).replace(" ", "-").lower()
    return result or "section"


def gfm_header_id(text: str) -> str:
    """Return the un-deduplicated GFM header id for a header's raw text."""
    lower = text.lower()
    if lower.isascii():
        # The ASCII word characters (letters, digits, ``_``) are ``\w`` with re.ASCII.
        result = _NOT_GFM_ID_ASCII_RE.sub("", lower)
    else:
        result = "".join(ch for ch in lower if ch in "- \t" or _is_word_char(ch))
    return result.replace(" ", "-").replace("\t", "-")


def _header_raw_text(children: Sequence[Token]) -> str:
    """Collect the header text kramdown uses for ids (text, code, entities; no HTML tags)."""
    parts: list[str] = []
    for tok in children:
        if tok.type == "text" and tok.meta and "id_text" in tok.meta:
            parts.append(tok.meta["id_text"])
        elif tok.type == "html_inline" and tok.meta and "abbr_text" in tok.meta:
            parts.append(tok.meta["abbr_text"])
        elif tok.type in ("text", "text_special", "code_inline", "math_inline"):
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _dt_id(inline: Token) -> str:
    """kramdown's id for a definition term: its own algorithm on the term's text."""
    return kramdown_header_id(_header_raw_text(inline.children or []))


# The tokens header_ids looks at: HTML elements around headers, html_to_native's, headers.
_HEADER_ID_TYPES = frozenset({"kramdown_html_open", "kramdown_html_close", RAW_OPEN, RAW_CLOSE, NATIVE, "heading_open"})


def make_header_id_rule(options: MarkdownOptions) -> Callable[[StateCore], None]:
    """Build the core rule that gives every header an id like kramdown's GFM parser."""

    make_id = kramdown_header_id if options.kramdown_input else gfm_header_id

    def header_ids(state: StateCore) -> None:
        if not options.auto_ids:
            return
        counter: dict[str, int] = {}
        # kramdown-parser-gfm gives GFM ids only outside HTML elements; headers inside
        # ``markdown="1"`` HTML get the HTML converter's own ids (ASCII, counted apart) from
        # their text and code only (auto_id_stripping: no tags, entities or quotes).
        html_counter: dict[str, int] = {}
        html_depth = 0
        tokens = state.tokens
        def next_id(base: str, counts: dict[str, int]) -> str:
            counts[base] = counts.get(base, -1) + 1
            return options.auto_id_prefix + base + (f"-{counts[base]}" if counts[base] else "")

        for idx, tok in enumerate(tokens):
            if tok.type not in _HEADER_ID_TYPES:
                continue  # (most tokens: the tests below, in one set lookup)
            if tok.type in ("kramdown_html_open", "kramdown_html_close", RAW_OPEN, RAW_CLOSE):
                html_depth += tok.nesting
            if tok.type == NATIVE:
                # HTML headers converted by html_to_native: the GFM parser gives ids to those not
                # inside HTML, the HTML converter to the others.
                for header, inside in native_headers(tok.meta[NATIVE], html_depth > 0):
                    if "id" in header.attrs:
                        continue
                    text = header_id_text(header, options.kramdown_input, options.auto_id_stripping)
                    if inside and not options.kramdown_input:
                        found = next_id(kramdown_header_id(text), html_counter)
                    else:
                        found = next_id(make_id(text), counter)
                    if found.strip():
                        header.attrs["id"] = found
                continue
            if tok.type != "heading_open" or tok.attrGet("id") is not None:
                continue
            in_html = html_depth > 0 and not options.kramdown_input
            if in_html:
                text = "".join(
                    t.content
                    for t in tokens[idx + 1].children or []
                    if t.type in ("text", "code_inline") or (t.meta and "abbr_text" in t.meta)
                )
                base = kramdown_header_id(text)
                counts = html_counter
            else:
                raw = (tok.meta or {}).get("raw_text") if options.kramdown_input and not options.auto_id_stripping else None
                # kramdown's own ids come from the header's source text (``[^1]`` included),
                # kramdown-parser-gfm's from the text of its parsed content.
                base = make_id(raw if raw is not None else _header_raw_text(tokens[idx + 1].children or []))
                counts = counter
            counts[base] = counts.get(base, -1) + 1
            counter_value = counts[base]
            suffix = f"-{counter_value}" if counter_value else ""
            header_id = options.auto_id_prefix + base + suffix
            if header_id.strip():  # kramdown's HTML converter drops a blank id attribute
                tok.attrSet("id", header_id)

    return header_ids


# ---------------------------------------------------------------------------------------------
# Lists: kramdown paragraph looseness, no start numbers, task lists, marker changes
# ---------------------------------------------------------------------------------------------

_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
_TASK_RE = re.compile(r"^\s*\[([ xX])\]\s+")
_CHECKBOX = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />'
_CHECKBOX_CHECKED = (
    '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" checked="checked" />'
)


def _close_index(tokens: Sequence[Token], open_idx: int) -> int:
    """Return the index of the token closing the block opened at ``open_idx``."""
    depth = 0
    for i in range(open_idx, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1


def _closing_indexes(tokens: Sequence[Token]) -> list[int]:
    """:func:`_close_index` of every token at once (a token that opens nothing: its own index),
    so that nested containers are not walked again for every level around them."""
    closes = list(range(len(tokens)))
    opened: list[int] = []
    for idx, tok in enumerate(tokens):
        if tok.nesting == 1:
            opened.append(idx)
        elif tok.nesting == -1 and opened:
            closes[opened.pop()] = idx
    for idx in opened:
        closes[idx] = len(tokens) - 1
    return closes


def _direct_children(closes: Sequence[int], open_idx: int) -> list[int]:
    """Return indexes of the opening tokens of the direct child blocks of a container
    (``closes``: :func:`_closing_indexes` of the tokens)."""
    result: list[int] = []
    close = closes[open_idx]
    i = open_idx + 1
    while i < close:
        result.append(i)
        i = closes[i] + 1
    return result


def _is_blank(lines: Sequence[str], idx: int) -> bool:
    """True if source line ``idx`` is blank (ignoring blockquote markers)."""
    return 0 <= idx < len(lines) and not lines[idx].strip(" \t>")


# Token meta flag: a list kramdown parses as the start of a new piece of an item's text.
PIECE_START = "kramdown_piece_start"


def _merge_bullet_lists(tokens: list[Token]) -> list[Token]:
    """kramdown keeps one list when the bullet character changes; CommonMark starts a new one."""
    result: list[Token] = []
    for tok in tokens:
        if (
            tok.type == "bullet_list_open"
            and len(result) >= 1
            and result[-1].type == "bullet_list_close"
            and result[-1].level == tok.level
            and not (tok.meta and tok.meta.get(PIECE_START))
        ):
            result.pop()
            opening = result[_list_open_index(result, tok.level)]
            if opening.map and tok.map:  # the merged list ends where the second one did
                opening.map = [opening.map[0], tok.map[1]]
            continue
        result.append(tok)
    return result


def _list_open_index(tokens: Sequence[Token], level: int) -> int:
    """Index of the last bullet list opening at ``level`` (the list being merged into)."""
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].type == "bullet_list_open" and tokens[i].level == level:
            return i
    return len(tokens) - 1


def _first_p_transparent(
    tokens: Sequence[Token], lines: Sequence[str], kids: Sequence[int], is_last: bool, earlier_tight: bool, single: bool, eob: bool
) -> bool | None:
    """Apply kramdown's rule deciding if an item's first paragraph is unwrapped (None: no p);
    ``kids`` are the item's child blocks (:func:`_direct_children`)."""
    if not kids or tokens[kids[0]].type != "paragraph_open":
        return None
    para = tokens[kids[0]]
    blank_after = _is_blank(lines, para.map[1]) if para.map else False
    # The last item's blank line is ignored, unless an end-of-block marker ended the list.
    own_ok = not blank_after or (is_last and len(kids) == 1 and not eob)
    return own_ok and (not is_last or single or earlier_tight)


def _fix_list(tokens: list[Token], closes: Sequence[int], lines: Sequence[str], list_idx: int) -> None:
    """Set paragraph visibility of one list's items the way kramdown does."""
    items = [i for i in _direct_children(closes, list_idx) if tokens[i].type == "list_item_open"]
    earlier_tight = False
    after = closes[list_idx] + 1
    eob = after < len(tokens) and tokens[after].type == "kramdown_eob" and tokens[after].markup == "^"
    for n, item in enumerate(items):
        is_last = n == len(items) - 1
        kids = _direct_children(closes, item)
        transparent = _first_p_transparent(tokens, lines, kids, is_last, earlier_tight, len(items) == 1, eob)
        earlier_tight = earlier_tight or transparent is None or transparent
        for k, child in enumerate(kids):
            if tokens[child].type == "paragraph_open":
                hidden = bool(transparent) and k == 0
                tokens[child].hidden = hidden
                tokens[closes[child]].hidden = hidden


def _task_list(tokens: list[Token], closes: Sequence[int], list_idx: int) -> None:
    """Turn ``[ ]``/``[x]`` at the start of items into kramdown-parser-gfm checkboxes."""
    is_task = False
    for item in _direct_children(closes, list_idx):
        kids = _direct_children(closes, item)
        if not kids or tokens[kids[0]].type != "paragraph_open":
            continue
        inline = tokens[kids[0] + 1]
        first = inline.children[0] if inline.children else None
        if first is not None and first.type == "text" and (match := _TASK_RE.match(first.content)):
            first.content = first.content[match.end() :]
            box = Token("html_inline", "", 0)
            box.content = _CHECKBOX if match[1] == " " else _CHECKBOX_CHECKED
            assert inline.children is not None
            inline.children.insert(0, box)
            is_task = True
        if is_task:
            tokens[item].attrSet("class", "task-list-item")
    if is_task:
        tokens[list_idx].attrSet("class", "task-list")


def merge_bullet_lists(state: StateCore) -> None:
    """Core rule (runs before block IALs are removed, since an IAL line separates lists)."""
    state.tokens = _merge_bullet_lists(state.tokens)


def kramdown_lists(state: StateCore) -> None:
    """Core rule: make lists look like kramdown's (looseness, no ``start``, and GFM's task lists:
    kramdown's own syntax has none)."""
    tokens = state.tokens
    tasks = not state.env.get("kramdown_input")
    lines: list[str] | None = None
    closes: list[int] = []
    for idx, tok in enumerate(tokens):
        if tok.type in _LIST_OPEN:
            if lines is None:  # (most documents have no list)
                lines = source_lines(state)
                closes = _closing_indexes(tokens)  # the list rules change no block token
            if tok.attrs and "start" in tok.attrs:
                del tok.attrs["start"]
            _fix_list(tokens, closes, lines, idx)
            if tasks:
                _task_list(tokens, closes, idx)


# Not a list item in kramdown: ``1)`` (LIST_START_OL knows only ``1.``), and a marker with
# nothing after it on its line (LIST_START needs a space or tab after the marker).
_MARKER_CHARS = frozenset("*+-0123456789")
_NOT_KRAMDOWN_ITEM_RE = re.compile(r"\d+\)|(?:[*+-]|\d+\.)$")


def kramdown_list_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """List block rule: in kramdown any list marker (e.g. ``2.``) may interrupt a paragraph,
    and an item takes following lines lazily (see :mod:`reblog.kramdown.lists`); ``1)`` is
    not a list marker (kramdown's LIST_START_OL knows only ``1.``), nor is a lone ``-``."""
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if not first or first[0] not in _MARKER_CHARS or _NOT_KRAMDOWN_ITEM_RE.match(first):
        return False  # (the first test is only a shortcut: most lines start no list)
    if silent:
        if state.parentType != "paragraph":
            return list_block(state, start, end, silent)
        state.parentType = "kramdown_paragraph"
        try:
            return list_block(state, start, end, silent)
        finally:
            state.parentType = "paragraph"
    opened = len(state.tokens)
    if not _list_with_kramdown_lines(state, start, end):
        return False
    if start in state.env.get(ITEM_PIECES_KEY, ()):
        # kramdown parsed this list apart from the one before it: they are not merged.
        state.tokens[opened].meta = {**(state.tokens[opened].meta or {}), PIECE_START: True}
    return True


def _list_with_kramdown_lines(state: StateBlock, start: int, end: int) -> bool:
    """markdown-it's list rule, with kramdown's lazy lines, content columns and item pieces."""
    # A list inside an item ends where kramdown starts a new piece of that item.
    end = piece_end(state, start, end)
    found = lazy_item_lines(state, start, end)
    if not found:
        return list_block(state, start, end, False)
    lazy, shifts = found.lazy, found.shifts
    saved = {line: state.sCount[line] for line in [*lazy, *shifts]}
    # Shift every lazy line right by the content indent of the item it belongs to, keeping
    # its own indentation relative to the item (as kramdown keeps it verbatim).
    for line, (deeper, item) in lazy.items():
        own = max(0, state.sCount[line] - state.blkIndent)
        state.sCount[line] = _item_content_indent(state, item) + deeper + own
    # An item with an empty first line has its content at column 4 in kramdown.
    for line, shift in shifts.items():
        state.sCount[line] -= shift
    marked: set[int] = state.env.setdefault(LAZY_LINES_KEY, set())
    added = set(lazy) - marked
    marked |= added
    shifted: set[int] = state.env.setdefault(SHIFTED_LINES_KEY, set())
    shifted_added = set(shifts) - shifted
    shifted |= shifted_added
    wide: dict[int, tuple[int, int]] = state.env.setdefault(WIDE_ITEMS_KEY, {})
    wide.update(found.wide)
    pieces: set[int] = state.env.setdefault(ITEM_PIECES_KEY, set())
    pieces_added = set(found.pieces) - pieces
    pieces |= pieces_added
    try:
        return list_block(state, start, end, False)
    finally:
        marked -= added
        shifted -= shifted_added
        pieces -= pieces_added
        for line in found.wide:
            wide.pop(line, None)
        for line, count in saved.items():
            state.sCount[line] = count


def _item_content_indent(state: StateBlock, item: int) -> int:
    """markdown-it's content column of the list item whose marker is on line ``item``."""
    base = state.sCount[item]
    text = state.src[state.bMarks[item] + state.tShift[item] : state.eMarks[item]]
    m = _ITEM_MARKER_RE.match(text)
    if m is None:
        return base + 2
    # kramdown's column: after all the spaces (tabs to the next multiple of 4), which is
    # markdown-it's too (wide_item_rule), unless the first line is empty.
    column = base + len(m[1])
    spaces = len((" " * column + m[2]).expandtabs(4)) - column
    if spaces == 0 or not m[3]:
        spaces = 1
    return column + spaces


_ITEM_MARKER_RE = re.compile(r"([*+-]|\d{1,9}[.)])([ \t]*)(.?)")


# kramdown's fenced code block patterns (Ruby's ``\\s`` is ASCII whitespace; ``^`` is per line).
_RS = r"[ \t\n\v\f\r]"
_RNS = r"[^ \t\n\v\f\r]"
# The opening line (groups 1-4), then the code (group 5) up to the closing fence.
_GFM_FENCE_OPEN = rf"^[ ]{{0,3}}(([~`]){{3,}}){_RS}*?(({_RNS}+?)(?:\?{_RNS}*)?)?{_RS}*?\n"
_KRAMDOWN_FENCE_OPEN = rf"^((~){{3,}}){_RS}*?(({_RNS}+?)(?:\?{_RNS}*)?)?{_RS}*?\n"
_GFM_FENCE_RE = re.compile(rf"{_GFM_FENCE_OPEN}(.*?)^[ ]{{0,3}}\1\2*{_RS}*?\n", re.MULTILINE | re.DOTALL)
_KRAMDOWN_FENCE_RE = re.compile(rf"{_KRAMDOWN_FENCE_OPEN}(.*?)^\1\2*{_RS}*?\n", re.MULTILINE | re.DOTALL)
# (pattern, its opening line alone) for _fence_match.
_GFM_FENCE = (_GFM_FENCE_RE, re.compile(_GFM_FENCE_OPEN, re.MULTILINE | re.DOTALL))
_KRAMDOWN_FENCE = (_KRAMDOWN_FENCE_RE, re.compile(_KRAMDOWN_FENCE_OPEN, re.MULTILINE | re.DOTALL))
# Lines of the container read for a fence at first (then eight times more, and so on).
_FENCE_PREFIX_LINES = 48
_FENCE_START_RE = re.compile(r"[ ]{0,3}(?:~{3,}|`{3,})")




# Lines another block parser reads before kramdown's table parser: a list item, a quote, an
# ATX header, a definition (markdown-it tries its table rule first).
_BEFORE_TABLE_RE = re.compile(r" {0,3}(?:[+*-]|\d+\.)[\t| ]| {0,3}>|#| {0,3}:[\t| ]")


def table_after_earlier_blocks(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's table rule, for a line no earlier block parser of kramdown takes
    (``- a | b`` is a list item, holding a table; ``<!-- a | b -->`` an HTML comment)."""
    # A table's first line holds a pipe; this rule is tried on every line, and most have none
    # (kramdown_table's start pattern would reject them after a slow lazy scan of the line).
    if state.src.find("|", state.bMarks[start] + state.tShift[start], state.eMarks[start]) < 0:
        return False
    text = line_text(state, start)
    if _BEFORE_TABLE_RE.match(text):
        return False
    # kramdown's block HTML parser reads a comment that starts the line (HTML_COMMENT_RE
    # scanned right there), if it is closed anywhere later.
    if text.startswith("<!--") and state.src.find("-->", state.bMarks[start] + state.tShift[start] + 4) >= 0:
        return False
    return kramdown_table(state, start, end, silent)


_BlockRule = Callable[[StateBlock, int, int, bool], bool]
_Rule = TypeVar("_Rule")


def _rules_by_char(rules: Sequence[tuple[_Rule, str | None]]) -> dict[str, list[_Rule]]:
    """For each character some rule lists (``rules``: each rule, in order, with the characters
    it can start with, None for any), the rules that can start with it, in order."""
    by_char: dict[str, list[_Rule]] = {char: [] for _, chars in rules for char in chars or ""}
    for char, chosen in by_char.items():
        chosen.extend(rule for rule, chars in rules if chars is None or char in chars)
    return by_char


def install_block_dispatch(md: MarkdownIt, starts: Mapping[_BlockRule, str | None]) -> None:
    """markdown-it's block tokenizer, trying on each line only the rules that can start with
    the line's first character (after its indentation): ``starts`` gives each rule's characters
    (it returns False, changing nothing, on a line under four columns indented that starts
    with any other), None for a rule any line can start (a paragraph, a table, the item column
    fix-up).  Most lines start a paragraph, and the other rules would each be asked in vain.

    The same rules in the same order give the same blocks; a line four columns indented or
    starting with other whitespace is offered to every rule.  The choice is made before any
    rule runs, although ``wide_item_rule`` moves ``blkIndent`` and returns False: it does so
    only on a line four or more columns right of markdown-it's content column (its item's
    text after more than four spaces), a line offered to every rule anyway.  Nothing is installed where a
    rule's characters are not known; a rule chain changed later goes back to markdown-it's
    own loop."""
    block = md.block
    rules: list[_BlockRule] = block.ruler.getRules("")  # (checked at each call)
    if not all(rule in starts for rule in rules):
        return
    any_line = [rule for rule in rules if starts[rule] is None]
    by_char = _rules_by_char([(rule, starts[rule]) for rule in rules])
    own_tokenize = block.tokenize

    def tokenize(state: StateBlock, startLine: int, endLine: int) -> None:  # (markdown-it's parameter names)
        # markdown-it's ParserBlock.tokenize, but for the choice of rules.
        if block.ruler.getRules("") is not rules:
            own_tokenize(state, startLine, endLine)
            return
        line = startLine
        max_nesting = state.md.options.maxNesting
        has_empty_lines = False
        # (the line tables are changed in place by the rules, never replaced)
        src, begins, shifts, ends, counts = state.src, state.bMarks, state.tShift, state.eMarks, state.sCount
        while line < endLine:
            line_max = state.lineMax
            while line < line_max and begins[line] + shifts[line] >= ends[line]:
                line += 1  # (state.skipEmptyLines inlined)
            state.line = line
            if line >= endLine:
                break
            indent = counts[line] - state.blkIndent
            if indent < 0:
                break  # the end of a nested container's lines
            if state.level >= max_nesting:
                state.line = endLine
                break
            chosen = rules
            if indent < 4:
                char = src[begins[line] + shifts[line]]
                found = by_char.get(char)
                chosen = found if found is not None else rules if char.isspace() else any_line
            ok = False
            for rule in chosen:
                ok = rule(state, line, endLine, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines
            line = state.line
            # (state.isEmpty inlined: asked twice after every block)
            if (line - 1) < endLine and begins[line - 1] + shifts[line - 1] >= ends[line - 1]:
                has_empty_lines = True  # a paragraph may take one blank line after it in a list
            if line < endLine and begins[line] + shifts[line] >= ends[line]:
                has_empty_lines = True
                line += 1
                state.line = line

    block.tokenize = tokenize  # type: ignore[method-assign]


# A line markdown-it's hr rule takes: three or more of one marker, spaces and tabs between.
_THEMATIC_BREAK_RE = re.compile(r"([*_-])(?:[ \t]*\1){2,}[ \t]*\Z")


def thematic_break(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's hr rule, asked only about a line it can take: most lines starting with
    its markers are list items (``- x``), which it would read to the first other character
    after logging its call."""
    if _THEMATIC_BREAK_RE.match(state.src, state.bMarks[start] + state.tShift[start], state.eMarks[start]) is None:
        return False
    return hr_block(state, start, end, silent)


def eob_marker_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: kramdown's end-of-block marker, a line holding only ``^``: it ends the
    block before it (a paragraph, a list) and writes nothing."""
    if not state.src.startswith("^", state.bMarks[start]):
        return False  # the common case, decided without slicing the line
    if state.sCount[start] > state.blkIndent or state.src[state.bMarks[start] : state.eMarks[start]].rstrip() != "^":
        return False
    if silent:
        return True  # also ends a list item's paragraph from column 0 (kramdown's LAZY_END)
    if state.sCount[start] != state.blkIndent:
        return False
    token = state.push("kramdown_eob", "", 0)
    token.map = [start, start + 1]
    token.markup = "^"  # a real end-of-block marker: a block boundary (not an ALD)
    token.hidden = True
    state.line = start + 1
    return True


_EXT_START_RE = re.compile(r" {0,3}\{::(\w+)(?:\s((?:\\\}|[^}])*?)|)(/)?\}\s*$")
_ALD_RE = re.compile(r" {0,3}\{:(\w[\w-]*):((?:\\\}|[^}])+)\}\s*$")


def block_extension_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: kramdown's ``{::comment}``, ``{::nomarkdown}`` (up to ``{:/}``) and
    ``{::options .../}`` extensions (see :mod:`reblog.kramdown.inline_options`), and attribute
    list definitions ``{:name: ...}`` (consumed)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    # Extensions and ALDs start with "{:" after up to three spaces; most lines do not, and this
    # rule is also asked whether a paragraph ends at any line: decide those without slicing
    # and two regex matches.
    if not state.src.startswith("{:", state.bMarks[start] + state.tShift[start]):
        return False
    line = state.src[state.bMarks[start] : state.eMarks[start]]
    ext = _EXT_START_RE.match(line)
    if ext is None or ext[1] not in ("comment", "nomarkdown", "options"):
        ald = _ALD_RE.match(line)
        if ald is None:
            return False
        if not silent:
            define_ald(state.env.setdefault(ALDS_KEY, {}), ald[1], ald[2])
            state.push("kramdown_eob", "", 0).map = [start, start + 1]
            state.line = start + 1
        return True
    stop_re = re.compile(rf" {{0,3}}\{{:/({ext[1]})?\}}\s*$")
    stop = start + 1
    if not ext[3]:
        while stop < end and not stop_re.match(state.src[state.bMarks[stop] : state.eMarks[stop]]):
            stop += 1
        if stop >= end:
            return False  # no stop tag: kramdown warns and reads the line as text
    if silent:
        return True
    if ext[1] == "options" or ext[3]:
        # ``{::options /}`` leaves an end-of-block element; a body-less ``{::comment /}`` or
        # ``{::nomarkdown /}`` leaves nothing (the blank lines around it merge either way).
        token = state.push("kramdown_eob", "", 0)
        if ext[1] == "options":
            token.meta = {"options": set_inline_options(state.env, ext[2])}
    else:
        body = state.getLines(start + 1, stop, 0, False).removesuffix("\n") if stop > start + 1 else ""
        token = state.push("html_block", "", 0)
        token.info = _GENERATED
        if ext[1] == "comment":
            token.content = f"<!-- {body} -->\n"
        else:  # a raw block for other converters writes nothing, but it is a block
            token.content = body + "\n" if _nomarkdown_for_html(ext[2]) else ""
    last = stop if not ext[3] else start
    token.map = [start, last + 1]
    state.line = last + 1
    return True


def _nomarkdown_for_html(attrs: str | None) -> bool:
    """A ``{::nomarkdown type="..."}`` body is written only for the HTML converter."""
    found = re.search(r"""\btype=("|')(.*?)\1""", attrs or "")
    return found is None or "html" in found[2].split()


def _fence_match(
    state: StateBlock, start: int, end: int, patterns: tuple[re.Pattern[str], re.Pattern[str]]
) -> re.Match[str] | None:
    """The fence pattern matched on the rest of the container's text (:func:`block_text`), as
    kramdown does, reading only as many lines as needed: most fences close a few lines on, and
    reading the rest of the document for every fence made long posts quadratic.

    The pattern has no end anchor or look-ahead, so a match on a prefix of the text is also a
    match on the whole; it is the *same* match when its opening-line part is the first one the
    pattern would try (that of the opening pattern alone): then every alternative the regex
    engine tries before it fails on the whole text too (the opening line is always complete,
    and the code's lazy ``.*?`` tries the closing lines in order).  Otherwise, or when nothing
    matches yet, a longer prefix is read, up to the whole text."""
    pattern, opening = patterns
    lines = _FENCE_PREFIX_LINES
    while True:
        last, text = block_text(state, start, end, start + lines)
        match = pattern.match(text)
        if last < start + lines:
            return match  # the whole text: block_text stopped before the limit
        if match is not None:
            first = opening.match(text)
            if first is not None and first.end() == match.start(5) and all(
                first.span(group) == match.span(group) for group in range(1, 5)
            ):
                return match
        lines *= 8


def kramdown_fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Fence rule matching kramdown-parser-gfm's ``FENCED_CODEBLOCK_MATCH`` on the container's
    text: a fence needs a closing fence of the same string (anywhere later in the container,
    blank lines included), its info is at most one word, and the code keeps its indentation.
    Otherwise it is no fence at all: an unclosed ``~~~~`` stays paragraph text, where
    markdown-it would make the rest of the document code.  kramdown's own syntax fences with
    unindented ``~~~`` only."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    # Most lines start otherwise: no slicing for them (asked at lines that may end a paragraph).
    begin = state.bMarks[start] + state.tShift[start]
    if state.src[begin : begin + 1] not in ("`", "~"):
        return False
    kramdown_syntax = bool(state.env.get("kramdown_tilde_fences_only"))
    first = state.src[state.bMarks[start] : state.eMarks[start]]
    first = " " * max(0, state.sCount[start] - state.blkIndent) + first[state.tShift[start] :]
    if not _FENCE_START_RE.match(first) or (kramdown_syntax and not first.startswith("~~~")):
        return False
    match = _fence_match(state, start, end, _KRAMDOWN_FENCE if kramdown_syntax else _GFM_FENCE)
    if match is None:
        return False
    if silent:
        return True
    lines = match.string.count("\n", 0, match.end())
    token = state.push("fence", "code", 0)
    token.info = match[3] or ""
    token.content = match[5]
    token.markup = match[1]
    token.map = [start, start + lines]
    state.line = start + lines
    return True


# ---------------------------------------------------------------------------------------------
# HTML blocks: reblog.kramdown.htmlblock
# ---------------------------------------------------------------------------------------------

_VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)


# env key: renders span-level Markdown (elements with ``markdown="1"`` inside raw HTML).
SPAN_RENDERER_KEY = "kramdown_span_renderer"


# ---------------------------------------------------------------------------------------------
# Footnotes (kramdown markup)
# ---------------------------------------------------------------------------------------------


def _footnote_name(token: Token, env: EnvType) -> str:
    """The footnote's name as written (``[^name]``) after the ``footnote_prefix`` option;
    kramdown uses it in ids."""
    name = str(env.get("kramdown_footnote_prefix", "")) + str(token.meta.get("label") or token.meta["id"] + 1)
    return html.escape(name)


def number_footnotes(state: StateCore) -> None:
    """Core rule (before the footnote plugin's tail): number footnotes and their references
    from the references that are in the document, as kramdown's converter meets them: the
    text first, then the notes in order (markdown-it counts while parsing, so an abandoned
    emphasis attempt that parsed a reference would count it too)."""
    data = state.env.get("footnotes")
    if not data or not data.get("list"):
        return
    old_list: dict[int, dict[str, Any]] = data["list"]
    bodies: dict[str, list[Token]] = {}
    main: list[Token] = []
    label: str | None = None
    for tok in state.tokens:
        if tok.type == "footnote_reference_open":
            label = tok.meta["label"]
            bodies[str(label)] = []
        elif tok.type == "footnote_reference_close":
            label = None
        else:
            (bodies[label] if label is not None else main).append(tok)
    new_list: dict[int, dict[str, Any]] = {}
    new_ids: dict[int, int] = {}
    queue = [main]
    done = 0
    while done < len(queue):
        for tok in queue[done]:
            for child in tok.children or ():
                if child.type != "footnote_ref":
                    continue
                old_id = child.meta["id"]
                if old_id not in new_ids:
                    new_ids[old_id] = len(new_list)
                    entry = {**old_list[old_id], "count": 0}
                    new_list[new_ids[old_id]] = entry
                    if entry.get("label") in bodies:
                        queue.append(bodies[entry["label"]])
                entry = new_list[new_ids[old_id]]
                child.meta = {**child.meta, "id": new_ids[old_id], "subId": entry["count"]}
                entry["count"] += 1
        done += 1
    data["list"] = new_list
    data["refs"] = {f":{entry.get('label')}": new_id for new_id, entry in new_list.items()}
    # kramdown reads a note's content from the rest of its first line on: when that is empty,
    # the content starts with a blank line, which it writes.
    # (The labels of all such lines in one pass over the text, not a pass per note: a label
    # holds no "]", so a line names at most one.)
    empty_first_lines = {match[1] for match in _EMPTY_NOTE_START_RE.finditer(state.src)}
    state.env["kramdown_footnote_blank_start"] = {
        str(entry.get("label")) for entry in new_list.values() if str(entry.get("label")) in empty_first_lines
    }


# A footnote definition's first line with nothing after the ``[^label]:`` (group 1: the label).
_EMPTY_NOTE_START_RE = re.compile(r"^[ \t>]*\[\^([^\]\n]*)\]:[ \t]*$", re.MULTILINE)


def place_footnotes(state: StateCore) -> None:
    """Core rule: the first list with the IAL reference ``{:footnotes}`` is replaced by the
    footnotes (kramdown writes them there instead of at the end; none: the list vanishes)."""
    if "footnotes" not in state.src:
        return  # the IAL reference is written in the text (most documents have none)
    tokens = state.tokens
    found = [i for i, t in enumerate(tokens) if t.type in _LIST_OPEN and "footnotes" in ((t.meta or {}).get("refs") or ())]
    if not found:
        return
    idx = found[0]
    tok = tokens[idx]
    close = _close_index(tokens, idx)
    # No footnotes: the list writes nothing, the blank lines around it stay.
    empty = Token("html_block", "", 0)
    empty.info, empty.map, empty.level = _GENERATED, tok.map, tok.level
    block: list[Token] = [empty]
    opens = [i for i, t in enumerate(tokens) if t.type == "footnote_block_open"]
    if opens:
        start = opens[-1]
        end = _close_index(tokens, start)
        block = tokens[start : end + 1]
        del tokens[start : end + 1]
        block[0].map = tok.map  # the blank lines around the list are the footnotes' now
        shift = tok.level - block[0].level
        for moved in block:
            moved.level += shift
    tokens[idx : close + 1] = block


def wrap_footnote_anchors(state: StateCore) -> None:
    """Core rule: backlinks not placed in a final paragraph get a ``<p>`` of their own (kramdown)."""
    if not (state.env.get("footnotes") or {}).get("list"):
        return  # no notes: the footnote plugin added no backlinks (most documents)
    result: list[Token] = []
    tokens = state.tokens
    if state.env.get("kramdown_footnote_backlink_inline"):
        tokens = _backlinks_inline(tokens)
    blank_start = state.env.get("kramdown_footnote_blank_start") or ()
    for idx, tok in enumerate(tokens):
        if tok.type == "footnote_open" and tok.meta.get("label") in blank_start:
            tok.meta["blank_start"] = True
        is_anchor = tok.type == "footnote_anchor"
        first = is_anchor and tokens[idx - 1].type != "footnote_anchor"
        own_p = first and tokens[idx - 1].type != "inline"
        if own_p:
            result.append(Token("paragraph_open", "p", 1))
        result.append(tok)
        last = is_anchor and (idx + 1 == len(tokens) or tokens[idx + 1].type != "footnote_anchor")
        if last and result[-1 - _anchor_run_length(result)].type == "paragraph_open":
            result.append(Token("paragraph_close", "p", -1))
    state.tokens = result


def _backlinks_inline(tokens: list[Token]) -> list[Token]:
    """kramdown's ``footnote_backlink_inline``: backlinks after a note's last block go into the
    paragraph or header found by descending into its last blocks (else a ``<p>`` of their own)."""
    result = list(tokens)
    idx = 0
    while idx < len(result):
        tok = result[idx]
        if tok.type != "footnote_anchor" or result[idx - 1].type in ("inline", "footnote_anchor"):
            idx += 1
            continue
        end = idx
        while end < len(result) and result[end].type == "footnote_anchor":
            end += 1
        target = idx - 1
        while result[target].nesting == -1 and result[target].type not in ("paragraph_close", "heading_close", "table_close"):
            target -= 1  # the last child's closing token (or the container's own opening)
        if result[target].type in ("paragraph_close", "heading_close"):
            run = result[idx:end]
            del result[idx:end]
            result[target:target] = run
        idx = end
    return result


def _anchor_run_length(tokens: Sequence[Token]) -> int:
    """Number of consecutive footnote_anchor tokens at the end of ``tokens``."""
    n = 0
    while n < len(tokens) and tokens[-1 - n].type == "footnote_anchor":
        n += 1
    return n


def render_footnote_ref(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """``<sup id="fnref:name">`` exactly as kramdown writes it."""
    tok = tokens[idx]
    name = _footnote_name(tok, env)
    repeat = f":{tok.meta['subId']}" if tok.meta.get("subId", 0) > 0 else ""
    number = tok.meta["id"] + env.get("kramdown_footnote_nr", 1)
    return (
        f'<sup id="fnref:{name}{repeat}" role="doc-noteref">'
        f'<a href="#fn:{name}" class="footnote" rel="footnote">{number}</a></sup>'
    )


def render_footnote_block_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """Open kramdown's footnotes ``<div>``."""
    nr = env.get("kramdown_footnote_nr", 1)
    start = f' start="{nr}"' if nr != 1 else ""
    return f'<div class="footnotes" role="doc-endnotes">\n<ol{start}>\n'


def render_footnote_block_close(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """Close kramdown's footnotes ``<div>``."""
    return "</ol>\n</div>\n"


def render_footnote_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """``<li id="fn:name" role="doc-endnote">``."""
    return f'<li id="fn:{_footnote_name(tokens[idx], env)}" role="doc-endnote">\n'


def render_footnote_close(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """Close a footnote item."""
    return "</li>\n"


def render_footnote_anchor(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """The ``&#8617;`` backlink(s); repeated references get numbered extra backlinks."""
    tok = tokens[idx]
    name = _footnote_name(tok, env)
    text = env.get("kramdown_footnote_backlink", "&#8617;")
    if not text:
        return ""
    text = escape_text(text)
    nbsp = entity_html(0xA0, env.get("kramdown_entity_output", "as_char"))
    sub = tok.meta.get("subId", 0)
    if sub > 0:
        return f'{nbsp}<a href="#fnref:{name}:{sub}" class="reversefootnote" role="doc-backlink">{text}<sup>{sub + 1}</sup></a>'
    space = nbsp if tokens[idx - 1].type == "inline" else ""
    return f'{space}<a href="#fnref:{name}" class="reversefootnote" role="doc-backlink">{text}</a>'


# ---------------------------------------------------------------------------------------------
# Table of contents ({:toc} on a list)
# ---------------------------------------------------------------------------------------------


@dataclass
class _TocEntry:
    """One header in the table of contents, with its nested entries."""

    level: int
    html: str
    children: list[_TocEntry] = field(default_factory=list)


def _toc_html(entries: Sequence[_TocEntry], tag: str, attrs: str, indent: int = 0) -> str:
    """Render TOC entries as kramdown's nested list markup, indented as its converter does:
    an entry's link is a transparent paragraph, so a nested list follows it on the same line."""
    pad = " " * indent
    parts = [f"{pad}<{tag}{attrs}>\n"]
    for entry in entries:
        inner = entry.html
        if entry.children:
            inner += _toc_html(entry.children, tag, "", indent + 4)
        item_pad = " " * (indent + 2)
        parts.append(f"{item_pad}<li>{inner}{item_pad if inner.endswith(chr(10)) else ''}</li>\n")
    parts.append(f"{pad}</{tag}>\n")
    return "".join(parts)


def _toc_tree(flat: Sequence[_TocEntry]) -> list[_TocEntry]:
    """Nest headers by level the way kramdown's ``generate_toc_tree`` does."""
    roots: list[_TocEntry] = []
    stack: list[_TocEntry] = []
    for entry in flat:
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(entry)
        stack.append(entry)
    return roots


def _toc_entry_html(state: StateCore, children: Sequence[Token]) -> str:
    """Render a header's inline content for the TOC (footnotes removed, links unwrapped)."""
    kept = [t for t in children if t.type not in ("footnote_ref", "link_open", "link_close")]
    # build_markdown_it always installs an HTML renderer (KramdownLayoutRenderer).
    renderer = cast(RendererHTML, state.md.renderer)
    return renderer.renderInline(kept, state.md.options, state.env)


# What a block IAL referring to ``toc`` holds (on one line); "toc" alone is in many words.
_TOC_REFERENCE_RE = re.compile(r"\{:[^\n]*toc")


def make_toc_rule(options: MarkdownOptions) -> Callable[[StateCore], None]:
    """Build the core rule replacing the first list marked ``{:toc}`` by the headers' TOC."""

    def toc(state: StateCore) -> None:
        if _TOC_REFERENCE_RE.search(state.src) is None:
            return  # the IAL reference is written in the text (most documents have none)
        tokens = state.tokens
        marker = next(
            (i for i, t in enumerate(tokens) if t.type in _LIST_OPEN and "toc" in (t.meta or {}).get("refs", [])),
            None,
        )
        if marker is None:
            return
        flat: list[_TocEntry] = []
        list_tok = tokens[marker]
        toc_id = str(list_tok.attrGet("id") or "markdown-toc")
        for idx, tok in enumerate(tokens):
            level = int(tok.tag[1]) if tok.type == "heading_open" else 0
            hid = tok.attrGet("id")
            if not level or hid is None or level not in options.toc_levels:
                continue
            if "no_toc" in str(tok.attrGet("class") or "").split():
                continue
            text = _toc_entry_html(state, tokens[idx + 1].children or [])
            flat.append(_TocEntry(level, f'<a href="#{hid}" id="{toc_id}-{hid}">{text}</a>'))
        attrs = {**(list_tok.attrs or {}), "id": toc_id}
        attr_html = "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items())
        block = Token("html_block", "", 0)
        block.map = list_tok.map  # the blank lines around the list stay
        block.info = _GENERATED
        block.meta = {TOC_BLOCK: True}
        tag = "ul" if list_tok.type == "bullet_list_open" else "ol"
        # kramdown writes nothing at all for a table of contents without entries.
        block.content = _toc_html(_toc_tree(flat), tag, attr_html) if flat else ""
        state.tokens = tokens[:marker] + [block] + tokens[_close_index(tokens, marker) + 1 :]

    return toc


# ---------------------------------------------------------------------------------------------
# Span HTML, code spans, abbreviations
# ---------------------------------------------------------------------------------------------

_SPAN_TAG_RE = re.compile(
    r"""<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>\Z""",
    re.DOTALL,
)
_TAG_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def normalize_span_tag(tag: str) -> str:
    """Re-serialize an inline start tag as kramdown does (double quotes, ``<br />`` style)."""
    match = _SPAN_TAG_RE.match(tag)
    if not match:
        return tag
    name, raw_attrs, self_closing = match[1], match[2], match[3]
    parts = [f"<{name}"]
    for attr in _TAG_ATTR_RE.finditer(raw_attrs):
        if attr[1] == "markdown":
            continue  # kramdown's parse_span_html deletes it (it only selects the parsing)
        value = next((v for v in attr.groups()[1:] if v is not None), "")
        parts.append(f' {attr[1]}="{value.replace(chr(34), "&quot;")}"')
    parts.append(" />" if self_closing or name.lower() in _VOID_ELEMENTS else ">")
    return "".join(parts)


def normalize_inline_html(state: StateCore) -> None:
    """Core rule: kramdown parses span HTML and writes it back in its canonical form."""
    for inline in _inline_tokens(state.tokens):
        for tok in inline.children or []:
            if tok.type == "html_inline":
                tok.content = normalize_span_tag(tok.content)


# Ruby's ``\\s`` (ASCII whitespace only).
_RUBY_WHITESPACE = " \t\n\v\f\r"


def kramdown_codespan(state: StateInline, silent: bool) -> bool:
    """Inline rule replacing markdown-it's code spans with kramdown's.

    kramdown ends a span at the first occurrence of the opening backtick string (even inside
    a longer run), keeps the content verbatim (line breaks included) and strips just one space
    at each end, only for multi-backtick delimiters; a lone backtick between whitespace (or
    after the start) is literal text, and so is an unmatched delimiter.
    """
    pos, src, end = state.pos, state.src, state.posMax
    if src[pos] != "`":
        return False
    run_end = pos
    while run_end < end and src[run_end] == "`":
        run_end += 1
    delim = src[pos:run_end]
    simple = len(delim) == 1
    close = -1
    ws = _RUBY_WHITESPACE
    if not (simple and (pos == 0 or src[pos - 1] in ws) and run_end < end and src[run_end] in ws):
        close = src.find(delim, run_end, end)
    if close < 0:
        if not silent:
            state.pending += delim
        state.pos = run_end
        return True
    if not silent:
        content = src[run_end:close]
        if not simple:
            content = content.removeprefix(" ")
            content = content.removesuffix(" ")
        token = state.push("code_inline", "code", 0)
        token.markup = delim
        token.content = content
    state.pos = close + len(delim)
    return True


def kramdown_newline(state: StateInline, silent: bool) -> bool:
    """Inline rule replacing markdown-it's line breaks: kramdown keeps the whitespace around a
    paragraph's line breaks verbatim (a single trailing space, the next line's indentation);
    only the two spaces right before the newline make a ``<br />`` (and are dropped).  With
    ``hard_wrap`` every newline is a break and no spaces are special."""
    if state.src[state.pos] != "\n":
        return False
    if not silent:
        last = state.tokens[-1] if state.tokens and not state.pending else None
        if not state.md.options.breaks and state.pending.endswith("  "):
            state.pending = state.pending[:-2]
            state.push("hardbreak", "br", 0)
        elif last is not None and last.type == "text_special" and last.markup == "\\\\":
            # ``\\`` before a newline is kramdown's other line break, not an escaped backslash.
            last.type, last.tag, last.content, last.markup = "hardbreak", "br", "", ""
        elif state.md.options.breaks and state.env.get(SPAN_HTML_DEPTH_KEY):
            state.pending += "\n"  # GFM's hard_wrap does not reach the text of HTML elements
        else:
            state.push("softbreak", "br", 0)
    state.pos += 1
    return True


def guillemets_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``<<``/``>>`` are typographic symbols before they can start span HTML."""
    pair = state.src[state.pos : state.pos + 2]
    if pair not in ("<<", ">>"):
        return False
    if not silent:
        state.pending += pair
    state.pos += 2
    return True


def strong_outside_em(state: StateCore) -> None:
    """Core rule: kramdown nests ``***x***`` as ``<strong><em>``; markdown-it as ``<em><strong>``."""
    for inline in _inline_tokens(state.tokens):
        lone = inline.children
        if lone is not None and len(lone) == 1 and (lone[0].type != "text" or lone[0].content):
            continue  # one child (most paragraphs, headers, cells): nothing to drop or swap
        # Emphasis processing leaves empty text tokens between the delimiters; drop them.
        children = [c for c in inline.children or [] if c.type != "text" or c.content]
        inline.children = children
        for idx in range(len(children) - 1):
            first, second = children[idx], children[idx + 1]
            if first.type != "em_open" or second.type != "strong_open":
                continue
            close = _close_index(children, idx + 1)
            if close + 1 < len(children) and children[close + 1].type == "em_close":
                for a, b in ((idx, idx + 1), (close, close + 1)):
                    children[a], children[b] = children[b], children[a]


_ABBR_DEF_RE = re.compile(r"^ {0,3}\*\[(.+?)\]:(.*)$")


def abbreviation_def_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: ``*[ABBR]: title`` lines define abbreviations for the whole document."""
    if not state.src.startswith("*[", state.bMarks[start] + state.tShift[start]):
        return False  # the common case, without slicing the line (paragraph-end checks ask it)
    line = state.src[state.bMarks[start] : state.eMarks[start]]
    match = _ABBR_DEF_RE.match(line)
    if not match or state.sCount[start] - state.blkIndent >= 4:
        return False
    if not silent:
        state.env.setdefault("kramdown_abbrevs", {})[match[1]] = match[2].strip()
        # An end-of-block marker, as in kramdown: a block IAL next to it gives the <abbr> attributes.
        token = state.push("kramdown_eob", "", 0)
        token.map = [start, start + 1]
        token.meta = {"abbr": match[1]}
    state.line = start + 1
    return True


def _abbr_tokens(
    text: str, pattern: re.Pattern[str], titles: Mapping[str, str], attrs: Mapping[str, Mapping[str, Any]]
) -> list[Token]:
    """Split a text into text and ``<abbr>`` tokens."""
    result: list[Token] = []
    pos = 0
    for match in pattern.finditer(text):
        if match.start(1) > pos:
            result.append(_text_token(text[pos : match.start(1)]))
        opening = Token("abbr_open", "abbr", 1)
        opening.attrs = dict(attrs.get(match[1]) or {})
        if titles[match[1]]:
            opening.attrSet("title", titles[match[1]])
        # kramdown's convert_abbreviation writes the abbreviation as it is, unescaped.
        raw = Token("html_inline", "", 0)
        raw.content = match[1]
        raw.meta = {"abbr_text": match[1]}  # still text for header ids
        result += [opening, raw, Token("abbr_close", "abbr", -1)]
        pos = match.end(1)
    if pos < len(text):
        result.append(_text_token(text[pos:]))
    return result


def _text_token(text: str) -> Token:
    """Make a text token."""
    tok = Token("text", "", 0)
    tok.content = text
    return tok


def apply_abbreviations(state: StateCore) -> None:
    """Core rule: wrap every whole-word occurrence of a defined abbreviation in ``<abbr>``."""
    titles: Mapping[str, str] = state.env.get("kramdown_abbrevs") or {}
    if not titles:
        return
    union = "|".join(re.escape(k) for k in sorted(titles, key=len, reverse=True))
    pattern = re.compile(rf"(?:(?<=\W)|^)({union})(?!\w)", re.ASCII | re.MULTILINE)
    # The attributes block IALs gave the definitions (the last definition of a name wins).
    attrs = {t.meta["abbr"]: t.attrs for t in state.tokens if t.type == "kramdown_eob" and t.meta.get("abbr")}
    for inline in _inline_tokens(state.tokens):
        children: list[Token] = []
        for tok in inline.children or []:
            if tok.type == "text" and pattern.search(tok.content):
                children += _abbr_tokens(tok.content, pattern, titles, attrs)
            else:
                children.append(tok)
        inline.children = children


# ---------------------------------------------------------------------------------------------
# Small fix-ups and code rendering
# ---------------------------------------------------------------------------------------------


def _escape_text(text: str) -> str:
    """kramdown's ``escape_html(text, :text)`` for text: only ``&``, ``<`` and ``>``."""
    if "&" not in text and "<" not in text and ">" not in text:
        return text  # most texts
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_html_block(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """A block of HTML, re-serialized as kramdown's HTML parser and converter write it back
    (see :mod:`reblog.kramdown.html`); blocks we generate ourselves are already in that form."""
    tok = tokens[idx]
    if tok.info == _GENERATED:
        return tok.content
    span_renderer = env.get(SPAN_RENDERER_KEY)
    return normalize_html_block(tok.content, span_renderer) or tok.content


# ``info`` of html_block tokens whose HTML reblog generated (the table of contents).
_GENERATED = "kramdown-generated"


def render_text(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """Text as kramdown writes it: quotes stay unescaped."""
    return _escape_text(tokens[idx].content)


def kramdown_fixups(state: StateCore) -> None:
    """Core rule: ``<del>`` for strikethrough and kramdown's ``text-align: x`` cell style."""
    strike, table = "~" in state.src, "|" in state.src
    if not strike and not table:
        return  # neither a strikethrough (``~~``) nor a table: nothing to walk for
    for tok in state.tokens:
        # (cells are block tokens, strikethrough is inline: only what the text can hold is walked)
        if table and tok.type in ("th_open", "td_open") and (style := tok.attrGet("style")):
            tok.attrSet("style", str(style).replace("text-align:", "text-align: "))
        elif strike and tok.children:
            for child in tok.children:
                if child.type in ("s_open", "s_close"):
                    child.tag = "del"


def _fence_info(info: str) -> str:
    """A fence's language word as kramdown-parser-gfm reads it (``ruby?opts`` kept whole)."""
    return info.strip().split(maxsplit=1)[0] if info.strip() else ""


def _code_class(attrs: Mapping[str, str | int | float], lang: str) -> str:
    """kramdown's class for highlighted code: ``language-X`` then own classes then the marker."""
    own = f"{attrs.get('class', '')} highlighter-rouge".lstrip()
    return f"language-{lang} {own}"


def _attr_html(attrs: Mapping[str, Any]) -> str:
    """Serialize attributes."""
    return "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items())


# A code span's language class (compiled once: re.search's cache lookup cost per span).
_LANGUAGE_CLASS_RE = re.compile(r"\blanguage-(\S+)")
_LANGUAGE_CLASS_WITH_SPACE_RE = re.compile(r"\s*\blanguage-\S+")


def make_code_renderers(options: MarkdownOptions) -> dict[str, Callable[..., str]]:
    """Build render rules for fenced/indented code blocks and code spans."""

    span_default = options.span_default_lang or options.default_lang
    style = CodeBlockStyle(
        highlight=options.highlighter is not None and not options.block_disable,
        default_lang=options.block_default_lang or options.default_lang or None,
        guess_lang=options.guess_lang,
        css_class=options.css_class,
        line_numbers=options.block_line_numbers,
        start_line=options.block_start_line,
        formatter=options.block_formatter,
    )

    def fence(self: RendererHTML, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType) -> str:
        tok = tokens[idx]
        return convert_codeblock(tok.content, _fence_info(tok.info), tok.attrs or {}, style)

    def code_block(self: RendererHTML, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType) -> str:
        tok = tokens[idx]
        return convert_codeblock(tok.content, "", tok.attrs or {}, style)

    def span_markup(own: Mapping[str, Any]) -> tuple[str, str | None]:
        """A code span's start tag, given its attributes, and its Rouge lexer tag (None: the
        code is escaped, not highlighted)."""
        attrs = dict(own)
        if options.highlighter is None or options.span_disable:
            return f"<code{_attr_html(attrs)}>", None
        cls = str(attrs.get("class", ""))
        lang_match = _LANGUAGE_CLASS_RE.search(cls)
        lang = lang_match[1] if lang_match else span_default
        tag = rouge_tag(lang) if lang else None
        if not lang and options.guess_lang:
            # Rouge guesses a lexer from the code; a code span reads as plain text, and
            # the class names no language (kramdown has none to give).
            tag = "plaintext"
        if tag is None or (tag == "plaintext" and not options.guess_lang):
            return f"<code{_attr_html(attrs)}>", None
        if lang_match:
            attrs["class"] = _LANGUAGE_CLASS_WITH_SPACE_RE.sub("", cls).strip()
        attrs["class"] = _code_class(attrs, lang) if lang else f"{attrs.get('class', '')} highlighter-rouge".lstrip()
        return f"<code{_attr_html(attrs)}>", tag

    # Most code spans have no attributes: their start tag and lexer are the same for all.
    bare = span_markup({})

    def code_inline(self: RendererHTML, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType) -> str:
        tok = tokens[idx]
        start_tag, tag = span_markup(tok.attrs) if tok.attrs else bare
        if tag is None:
            return f"{start_tag}{html.escape(tok.content, quote=False)}</code>"
        return f"{start_tag}{highlight.format_tokens(tok.content, tag)}</code>"

    return {"fence": fence, "code_block": code_block, "code_inline": code_inline}


# ---------------------------------------------------------------------------------------------
# The renderer
# ---------------------------------------------------------------------------------------------


def _identity(url: str) -> str:
    """kramdown neither percent-encodes nor normalizes link targets."""
    return url


def _identity_text(link: str) -> str:
    """kramdown does not normalize link text either (``normalizeLinkText``'s signature)."""
    return link


def _always_valid(url: str) -> bool:
    """kramdown allows every link scheme."""
    return True


def make_header_offset_rule(offset: int) -> Callable[[StateCore], None]:
    """Build the core rule for ``header_offset``: ``output_header_level`` on every header
    (ids and the table of contents keep the written level)."""

    def header_offset(state: StateCore) -> None:
        for tok in state.tokens:
            if tok.type in ("heading_open", "heading_close"):
                tok.tag = f"h{min(max(int(tok.tag[1]) + offset, 1), 6)}"

    return header_offset


def drop_eob_tokens(state: StateCore) -> None:
    """Core rule: end-of-block markers, ALDs and ``{::options /}`` write nothing, and the blank
    lines around them count as one run (kramdown's ``update_tree`` merges those blanks)."""
    state.tokens = [t for t in state.tokens if t.type != "kramdown_eob"]


def parse_blocks(state: StateCore) -> None:
    """markdown-it's core ``block`` rule, with the block state's line tables (start, end,
    indentation of every line) computed a column at a time by C-level string functions instead
    of a Python loop over the lines: a long page has thousands."""
    src = state.src
    if state.inlineMode or not src:
        block(state)
        return
    blocks = block_state("", state.md, state.env, state.tokens)  # everything but the tables
    blocks.src = src
    lines = source_lines(state)  # (shared with other rules: not to be changed)
    count = len(lines)
    if src.endswith("\n") or not lines[-1].strip(" \t"):
        # The text after the last newline is no line; nor is a last line of spaces and tabs
        # without a newline (markdown-it gives it no marks).
        count -= 1
    lengths = list(map(len, islice(lines, count)))
    begins = list(accumulate(map((1).__add__, lengths), initial=0))
    ends = list(map(add, begins, lengths))
    shifts = list(map(sub, lengths, map(len, map(str.lstrip, islice(lines, count), repeat(" \t")))))
    counts = shifts[:]  # the indentation's columns: its characters, unless it holds tabs
    if "\t" in src:
        for idx, shift in enumerate(shifts):
            if shift and "\t" in lines[idx][:shift]:
                column = 0
                for char in lines[idx][:shift]:
                    column += 4 - column % 4 if char == "\t" else 1
                counts[idx] = column
    begins[-1] = len(src)  # markdown-it's entry after the last line (at the end of the text)
    ends.append(len(src))
    shifts.append(0)
    counts.append(0)
    blocks.bMarks, blocks.eMarks, blocks.tShift, blocks.sCount = begins, ends, shifts, counts
    blocks.bsCount = [0] * (count + 1)
    blocks.lineMax = count
    state.md.block.tokenize(blocks, blocks.line, blocks.lineMax)


def normalize_source(state: StateCore) -> None:
    """markdown-it's core ``normalize`` rule (CR and CRLF to LF, NUL to U+FFFD), skipping its
    two regex passes over the whole text when there is neither (a whole page rebuilt per rule);
    then notes whether the text holds "{:" for the IAL rules (one scan, not one per rule)."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)
    state.env[IAL_MARKER_KEY] = "{:" in state.src


# env key: (source, its lines) for source_lines.
_SOURCE_LINES_KEY = "kramdown_source_lines"


def source_lines(state: StateCore) -> list[str]:
    """The text being parsed split at its newlines (the text after the last one included),
    once per parse: several core rules read its lines.  (Kept with the text it was split from:
    a span render's env is a copy of its page's.)"""
    memo: tuple[str, list[str]] | None = state.env.get(_SOURCE_LINES_KEY)
    if memo is None or memo[0] is not state.src:
        memo = (state.src, state.src.split("\n"))
        state.env[_SOURCE_LINES_KEY] = memo
    return memo[1]


# markdown-it's post-processing rules that change nothing in a single text token (they pair
# delimiters, of which it has none, and join adjacent texts).
_PAIR_RULES = PAIRING_RULES | {fragments_join}


_InlineRule = Callable[[StateInline, bool], bool]
# An inline rule with the characters it can start with (see build_markdown_it's inline_starts).
_StartingRule = tuple[_InlineRule, str]


def _inline_chain(md: MarkdownIt, starts: Mapping[Callable[..., bool], str]) -> list[_StartingRule] | None:
    """The inline rules after markdown-it's text rule, in order, each with the characters it can
    start with (``starts``: it returns False, changing nothing, at any other); None when the
    chain does not start with the text rule or a rule's characters are not known."""
    rules: list[_InlineRule] = md.inline.ruler.getRules("")
    if not rules or rules[0] is not text_rule:
        return None
    chain: list[_StartingRule] = []
    for rule in rules[1:]:
        key = rule.func if isinstance(rule, partial) else rule
        if key not in starts:
            return None
        chain.append((rule, starts[key]))
    return chain


def _plain_text_pattern(md: MarkdownIt, chain: Sequence[_StartingRule] | None) -> re.Pattern[str] | None:
    """The characters of a text where markdown-it's inline parser could do more than take it
    as text, or None where it cannot be told (another first rule, other post-processing, an
    older markdown-it).

    Its first rule, the text rule, takes everything up to the next of its terminator
    characters; only there are the other rules tried, and a rule that does not match leaves
    the character as text.  With the active rules' characters known (``chain``, from
    :func:`_inline_chain`), only those characters count, else all the terminators do."""
    terminators: re.Pattern[str] | None = getattr(md.inline, "terminator_re", None)
    rules = md.inline.ruler.getRules("")
    if not rules or rules[0] is not text_rule or not set(md.inline.ruler2.getRules("")) <= _PAIR_RULES:
        return None
    if terminators is None or md.options.maxNesting <= 0:
        return None
    if chain is None:
        return terminators
    return _chain_start(chain)


def _chain_start(chain: Sequence[_StartingRule]) -> re.Pattern[str] | None:
    """Any character some rule of the chain can start with (None: there is none)."""
    chars = {char for _, rule_chars in chain for char in rule_chars}
    return re.compile(f"[{re.escape(''.join(sorted(chars)))}]") if chars else None


def make_inline_rule(plain: re.Pattern[str] | None) -> Callable[[StateCore], None]:
    """markdown-it's core ``inline`` rule, meeting block-level ``{::options}`` in document order
    (the span parser's options change from there on, as in kramdown's single pass); a text
    without any character of ``plain`` (:func:`_plain_text_pattern`) is one text token
    without markdown-it's inline parser (most headers and table cells, many paragraphs)."""

    def inline_in_order(state: StateCore) -> None:
        env = state.env
        env[PARSE_SPAN_HTML_KEY] = env.get("kramdown_initial_parse_span_html", True)
        for token in state.tokens:
            if token.type == "inline":
                if token.children is None:
                    token.children = []
                env[INLINE_LEVEL_KEY] = token.level
                if plain is not None and not token.children and plain.search(token.content) is None:
                    if token.content:
                        text = new_token("text", "", 0, 0, False)
                        text.content = token.content
                        token.children.append(text)
                    continue
                parse_inline(token.content, state.md, env, token.children)
            elif token.type == "kramdown_eob" and token.meta and "options" in token.meta:
                apply_span_options(env, token.meta["options"])

    return inline_in_order


def install_inline_dispatch(md: MarkdownIt, chain: Sequence[_StartingRule] | None) -> None:
    """markdown-it's inline tokenizer and ``skipToken``, trying at each position only the rules
    that can start with its character (``chain``, from :func:`_inline_chain`).

    markdown-it tries every rule, in order, at each character its text rule stops at; all but
    the ones that can start there return False without changing anything, so the same rules in
    the same order give the same tokens.  Nothing is installed where a rule's characters are not
    known; a rule chain changed later goes back to markdown-it's own loop."""
    if chain is None:
        return
    inline = md.inline
    rules: list[_InlineRule] = inline.ruler.getRules("")  # (the chain's rules: checked at each call)
    by_char = _rules_by_char(chain)
    terminators: re.Pattern[str] | None = getattr(inline, "terminator_re", None)
    for char, chosen in by_char.items():
        # text_rule first, as in the full chain: it takes any character that is no terminator
        # (and returns False at one, so it is left out there).
        if terminators is None or not terminators.match(char):
            chosen.insert(0, text_rule)
    if terminators is not None:
        # An ASCII terminator no rule starts with (a dash, a colon...) stays text: nothing to try.
        for char in map(chr, range(128)):
            if char not in by_char and terminators.match(char):
                by_char[char] = []
    text_only: list[_InlineRule] = [text_rule]
    # The characters some rule can start with (the others are text, whatever their rules say).
    rule_start = _chain_start(chain)
    own_tokenize = inline.tokenize
    own_skip = inline.skipToken

    def tokenize(state: StateInline) -> None:
        if inline.ruler.getRules("") is not rules or getattr(inline, "terminator_re", None) is not terminators:
            own_tokenize(state)
            return
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        get = by_char.get
        src = state.src
        while state.pos < end:
            pos = state.pos
            ok = False
            chosen = get(src[pos], text_only)
            if (not chosen or chosen is text_only) and rule_start is not None:
                # No rule but the text rule starts here: markdown-it's loop (the text rule to
                # each terminator, a terminator no rule starts with added alone) puts all the
                # text up to the next character a rule starts with into the pending text.  Not
                # when there is none before the end: the text rule may then read beyond it.
                found = rule_start.search(src, pos, end)
                if found is not None:
                    state.append_pending(src[pos : found.start()])
                    state.pos = found.start()
                    continue
                if end == len(src):
                    # None before the end, which is the text's: the text rule cannot read
                    # beyond it, and the loop would put the rest into the pending text a
                    # terminator at a time (the tail of most paragraphs).
                    state.append_pending(src[pos:end])
                    state.pos = end
                    break
            if state.level < max_nesting:
                for rule in chosen:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(state.src[state.pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skip_token(state: StateInline) -> None:
        if inline.ruler.getRules("") is not rules or getattr(inline, "terminator_re", None) is not terminators:
            own_skip(state)
            return
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        ok = False
        if state.level < state.md.options["maxNesting"]:
            for rule in by_char.get(state.src[pos], text_only):
                # markdown-it counts the level up around each silent rule (its nesting limit).
                state.level += 1
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax  # too deep: skip to the end, as markdown-it does
        if not ok:
            state.pos += 1
        cache[pos] = state.pos

    inline.tokenize = tokenize  # type: ignore[method-assign]
    inline.skipToken = skip_token  # type: ignore[method-assign]


def join_text_tokens(state: StateCore) -> None:
    """markdown-it's core ``text_join`` rule (``text_special`` tokens become text, adjacent
    texts are joined, in an image's alt tokens too), leaving alone the inline tokens it would
    rebuild unchanged: one child that is no ``text_special`` and has no children (most
    paragraphs, headers and table cells)."""
    for inline in state.tokens:
        if inline.type != "inline":
            continue
        children = inline.children
        if children is not None and len(children) == 1:
            only = children[0]
            if only.type != "text_special" and not only.children:
                continue
        for child in children or ():
            if child.children:
                child.children = _join_text_tokens(child.children)
        inline.children = _join_text_tokens(children or [])


def join_native_paragraphs(state: StateCore) -> None:
    """Core rule: text right after a ``<p>`` converted by html_to_native joins it."""
    if state.env.get(NATIVE_SEEN_KEY):
        state.tokens = join_paragraphs(state.tokens)


def record_blank_lines(state: StateCore) -> None:
    """Core rule: hand the source lines to the layout renderer, which turns runs of blank
    ones into kramdown's blank-line output (see :mod:`reblog.kramdown.layout`)."""
    state.env[BLANK_LINES_KEY] = source_lines(state)


def markdown_it_with_block_rules(options: MarkdownOptions) -> tuple[MarkdownIt, dict[_BlockRule, str | None]]:
    """A markdown-it instance with kramdown's block rules (its inline and core rules still
    markdown-it's), and the characters (after a line's indentation, under four columns) each
    block rule can start with: it returns False, changing nothing, on a line starting with
    any other (None: any line)."""
    md = MarkdownIt(
        "commonmark",
        # maxNesting: kramdown has no nesting limit; markdown-it's preset (20) drops the rest of
        # a document nested deeper (HTML with markdown="1" nests a level per element).
        # tasklists: markdown-it's own default (off: kramdown_lists makes GFM's task lists), set
        # so that its list rule finds the key (a missing one raises and catches a KeyError in
        # the options' get, for every list and list item).
        {"html": True, "breaks": options.hard_wrap, "typographer": False, "maxNesting": 200, "tasklists": False},
        renderer_cls=KramdownLayoutRenderer,
    )
    md.enable(["table"] if options.kramdown_input else ["table", "strikethrough"])
    md.normalizeLink = _identity  # type: ignore[method-assign]
    md.normalizeLinkText = _identity_text  # type: ignore[method-assign]
    md.validateLink = _always_valid  # type: ignore[method-assign]
    md.use(footnote_plugin, inline=False)
    md.block.ruler.at("footnote_def", kramdown_footnote_def, {"alt": ["paragraph", "reference"]})

    html_block_rule = make_html_block_rule(options.parse_block_html)
    md.block.ruler.at("html_block", html_block_rule, {"alt": ["paragraph", "reference", "blockquote"]})
    # A thematic break cannot interrupt a kramdown paragraph.
    md.block.ruler.at("hr", thematic_break, {"alt": ["reference", "blockquote", "list"]})
    md.block.ruler.at("code", kramdown_code_block)
    md.block.ruler.at("blockquote", kramdown_blockquote, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    paragraph_rule = make_paragraph_rule(options.gfm_paragraph_end)
    md.block.ruler.at("paragraph", paragraph_rule)
    md.disable("lheading")  # kramdown's setext headers are read by the paragraph rule
    md.block.ruler.before(
        "table", "kramdown_extension", block_extension_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.block.ruler.before(
        "table", "kramdown_eob", eob_marker_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    heading_rule = make_atx_heading_rule(options.kramdown_input, options.gfm_paragraph_end)
    md.block.ruler.at("heading", heading_rule, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("reference", link_def_rule)
    md.block.ruler.at("fence", kramdown_fence, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.at("list", kramdown_list_rule, {"alt": ["paragraph", "reference", "blockquote"]})
    # kramdown's own table syntax (not GFM's); a table cannot interrupt a paragraph.
    md.block.ruler.at("table", table_after_earlier_blocks, {"alt": []})
    md.block.ruler.before(
        "table", "kramdown_ial", block_ial_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    deflist_rule = make_deflist_rule(_ial_parts)
    md.block.ruler.before("table", "kramdown_deflist", deflist_rule)
    md.block.ruler.before("table", "kramdown_block_math", block_math_rule, {"alt": []})
    md.block.ruler.before("paragraph", "kramdown_abbr_def", abbreviation_def_rule)
    first_rule = md.block.ruler.get_all_rules()[0]
    md.block.ruler.before(first_rule, "kramdown_wide_item", wide_item_rule)
    block_starts: dict[_BlockRule, str | None] = {
        wide_item_rule: None,
        block_extension_rule: "{",
        eob_marker_rule: "^",
        block_ial_rule: "{",
        deflist_rule: ":",
        block_math_rule: "$\\",
        table_after_earlier_blocks: None,
        kramdown_code_block: "",  # four columns of indentation
        kramdown_fence: "`~",
        kramdown_blockquote: ">",
        thematic_break: "*-_",
        kramdown_list_rule: "*+-0123456789",
        kramdown_footnote_def: "[",
        link_def_rule: "[",
        html_block_rule: "<",
        heading_rule: "#",
        abbreviation_def_rule: "*",
        paragraph_rule: None,
    }
    return md, block_starts


def build_markdown_it(options: MarkdownOptions) -> MarkdownIt:
    """Create the markdown-it instance configured to behave like kramdown-parser-gfm."""
    md, block_starts = markdown_it_with_block_rules(options)
    install_block_dispatch(md, block_starts)
    escape_rule = make_escape_rule(gfm=not options.kramdown_input, hard_wrap=options.hard_wrap)
    md.inline.ruler.at("escape", escape_rule)
    md.inline.ruler.at("strikethrough", strikethrough_rule)
    md.inline.ruler2.disable("strikethrough")  # the rule above pairs its own delimiters
    md.inline.ruler.before("escape", "kramdown_math", inline_math_rule)
    md.inline.ruler.after("backticks", "kramdown_span_ial", span_ial_rule)
    md.inline.ruler.before("kramdown_span_ial", "kramdown_span_extension", span_extension_rule)
    md.inline.ruler.at("link", kramdown_link)
    md.inline.ruler.before("link", "kramdown_undefined_footnote", undefined_footnote_marker)
    md.inline.ruler.disable("image")  # kramdown_link reads images too
    md.inline.ruler.at("autolink", kramdown_autolink)
    md.inline.ruler.at("backticks", kramdown_codespan)
    md.inline.ruler.at("emphasis", kramdown_emphasis)
    md.inline.ruler.at("newline", kramdown_newline)
    md.inline.ruler.before("html_inline", "kramdown_guillemets", guillemets_rule)
    span_html_rule = make_span_html_rule(options.parse_span_html)
    md.inline.ruler.at("html_inline", span_html_rule)
    # The characters each inline rule (after markdown-it's text rule) can start with: it
    # returns False, changing nothing, at any other (each one's first test).
    inline_starts: dict[Callable[..., bool], str] = {
        kramdown_newline: "\n",
        inline_math_rule: "$\\",
        escape_rule: "\\",
        kramdown_codespan: "`",
        span_extension_rule: "{",
        span_ial_rule: "{",
        strikethrough_rule: "~",
        kramdown_emphasis: "*_",
        undefined_footnote_marker: "[",
        kramdown_link: "[!",
        footnote_ref: "[",
        kramdown_autolink: "<",
        guillemets_rule: "<>",
        span_html_rule: "<",
        entity_rule: "&",
    }

    core = md.core.ruler
    core.at("normalize", normalize_source)
    core.at("block", parse_blocks)
    inline_chain = _inline_chain(md, inline_starts)
    core.at("inline", make_inline_rule(_plain_text_pattern(md, inline_chain)))
    core.at("text_join", join_text_tokens)
    install_inline_dispatch(md, inline_chain)
    core.before("inline", "kramdown_item_ials", make_item_ial_rule(_ial_parts))
    core.before("footnote_tail", "kramdown_footnote_numbers", number_footnotes)
    # Before the footnote plugin moves the notes away: a note between two lists separates them.
    core.before("footnote_tail", "kramdown_merge_lists", merge_bullet_lists)
    core.before("text_join", "kramdown_span_ial", apply_span_ials)
    # Before the footnote plugin moves the notes away: an IAL right after a note goes to it.
    core.before("footnote_tail", "kramdown_block_ial", apply_block_ials)
    core.before("text_join", "kramdown_link_def_ials", apply_link_def_ials)
    core.before("text_join", "kramdown_typography", make_typography_rule(options))
    core.before("text_join", "kramdown_lists", kramdown_lists)
    core.after("kramdown_lists", "kramdown_standalone_images", standalone_images)
    core.before("text_join", "kramdown_footnote_anchors", wrap_footnote_anchors)
    core.before("text_join", "kramdown_footnote_place", place_footnotes)
    core.before("text_join", "kramdown_fixups", kramdown_fixups)
    core.before("text_join", "kramdown_entities", make_entity_rule(options.entity_output))
    core.before("text_join", "kramdown_inline_html", normalize_inline_html)
    core.before("text_join", "kramdown_strong_em", strong_outside_em)
    core.after("text_join", "kramdown_abbreviations", apply_abbreviations)
    core.after("kramdown_abbreviations", "kramdown_header_ids", make_header_id_rule(options))
    core.after("kramdown_header_ids", "kramdown_dt_ids", make_dt_id_rule(_dt_id))
    core.after("kramdown_header_ids", "kramdown_toc", make_toc_rule(options))
    core.push("kramdown_drop_eob", drop_eob_tokens)
    core.push("kramdown_blank_lines", record_blank_lines)
    if options.remove_line_breaks_for_cjk and (options.kramdown_input or not options.hard_wrap):
        # With GFM's hard_wrap every line break is a <br />, no longer part of a text.
        core.after("text_join", "kramdown_cjk_line_breaks", make_cjk_line_break_rule())
    # Last: the joined paragraph's spans went through every rule (typography, abbreviations..).
    core.push("kramdown_native_paragraphs", join_native_paragraphs)
    if options.header_offset:
        core.push("kramdown_header_offset", make_header_offset_rule(options.header_offset))

    renderers: dict[str, Callable[..., str]] = {
        "text": render_text,
        "image": render_image,
        "link_open": render_link_open,
        "html_block": render_html_block,
        "kramdown_figure": render_figure,
        "footnote_ref": render_footnote_ref,
        "footnote_block_open": render_footnote_block_open,
        "footnote_block_close": render_footnote_block_close,
        "footnote_open": render_footnote_open,
        "footnote_close": render_footnote_close,
        "footnote_anchor": render_footnote_anchor,
        **make_code_renderers(options),
        **make_math_renderers(options.math_engine),
    }
    for name, func in renderers.items():
        md.add_render_rule(name, func)
    return md


class MarkdownRenderer:
    """Converts Markdown to HTML like Jekyll's kramdown converter; build once, render many."""

    def __init__(self, options: MarkdownOptions) -> None:
        """Create the (reusable) markdown-it pipeline for ``options``."""
        self.options = options
        self._md = build_markdown_it(options)
        # kramdown's link_defs option, ids normalized as a definition's are (a later one wins).
        self._link_defs = {normalize_link_id(key): (url, title) for key, url, title in options.link_defs}

    def render(self, text: str) -> str:
        """Render Markdown ``text`` to HTML."""
        return self._render(text, True)

    def _render(self, text: str, own_options: bool) -> str:
        """Render ``text``; with ``own_options``, again with the options the document sets for
        the conversion (kramdown's converter takes them for all of it, wherever they are set)."""
        env_ref: list[dict[str, Any]] = []
        env: dict[str, Any] = {
            "kramdown_footnote_nr": self.options.footnote_nr,
            "kramdown_footnote_backlink": self.options.footnote_backlink,
            "kramdown_footnote_prefix": self.options.footnote_prefix,
            "kramdown_tilde_fences_only": self.options.kramdown_input,
            "kramdown_input": self.options.kramdown_input,
            "kramdown_entity_output": self.options.entity_output,
            "kramdown_footnote_backlink_inline": self.options.footnote_backlink_inline,
            LINK_DEFS_KEY: dict(self._link_defs),
            PARSE_BLOCK_HTML_KEY: self.options.parse_block_html,
            HTML_TO_NATIVE_KEY: self.options.html_to_native,
            "kramdown_initial_parse_span_html": self.options.parse_span_html,
            NATIVE_OUTPUT_KEY: self._native_output(env_ref),
        }
        env_ref.append(env)
        env[SPAN_RENDERER_KEY] = lambda source: self._render_spans(source, env)
        if not text.strip(" \t\n"):
            return "\n"  # kramdown reads a blank document as one :blank element: a newline
        if not text.endswith("\n"):
            text += "\n"  # kramdown's adapt_source: the text always ends with a newline
        rendered: str = self._md.render(text, env)  # markdown-it types render() as Any
        overrides = converter_options(env) if own_options else None
        if overrides:
            return MarkdownRenderer(with_inline_options(self.options, overrides))._render(text, False)
        return rendered

    def _native_output(self, env_ref: list[dict[str, Any]]) -> NativeOutput:
        """How html_to_native's elements are written: this document's code renderers and
        entity, smart quote and typographic symbol options (``env_ref`` holds its env)."""
        rules = cast(RendererHTML, self._md.renderer).rules
        options = self.options
        symbols = dict(options.symbol_texts)
        quote_index = {"lsquo": 0, "rsquo": 1, "ldquo": 2, "rdquo": 3}

        def code(kind: str, text: str, attrs: dict[str, str]) -> str:
            tok = Token(kind, "code", 0)
            tok.content = text
            tok.attrs = dict(attrs)
            return str(rules[kind]([tok], 0, self._md.options, env_ref[0]))

        return NativeOutput(
            entity_output=options.entity_output,
            quote=lambda name: options.smart_quotes[quote_index[name]],
            symbol=symbols.get,
            codeblock=lambda text, attrs, pad: indent_code_block(code("code_block", text, attrs), pad),
            codespan=lambda text, attrs: code("code_inline", text, attrs),
            inline=lambda tok: str(
                cast(RendererHTML, self._md.renderer).renderInline(tok.children or [], self._md.options, env_ref[0])
            ),
        )

    def _render_spans(self, source: str, env: Mapping[str, Any]) -> str:
        """Span-level Markdown of an element inside raw HTML (its own env: the block-level
        bookkeeping of the page must not change)."""
        own_env = dict(env)
        tokens = self._md.parseInline(source, own_env)
        children = tokens[0].children or [] if tokens else []
        renderer = cast(RendererHTML, self._md.renderer)
        rendered: str = renderer.renderInline(children, self._md.options, own_env)
        return rendered

    def smartify(self, text: str) -> str:
        """Jekyll's ``smartify`` filter: kramdown's SmartyPants conversion of ``text``
        (smart quotes, dashes, ellipses, entities; span HTML kept; the rest escaped)."""
        return smartify(text, self.options.smart_quotes)
