"""kramdown's math syntax (``$$ ... $$``) as markdown-it rules, rendered for MathJax.

kramdown 2.x (``parser/kramdown/math.rb``, also used by kramdown-parser-gfm) knows only the
double-dollar delimiter; a single ``$`` is plain text.

* **Block math**: ``$$`` at the start of a line (up to three spaces of indentation) after a
  block boundary (start of the container, a blank line, an IAL or ``^`` line), up to the next
  ``$$`` -- possibly lines later, blank lines included -- when only whitespace follows it on its
  line and a block boundary follows (blank line, IAL, ``^``, end of the container).  The
  content is stripped.  Anything else starting with ``$$`` is a paragraph.
* **Inline math**: ``$$...$$`` anywhere in span text (across line breaks too).

Jekyll's default ``math_engine: mathjax`` writes block math as ``\\[...\\]`` on its own line
(without indentation) and inline math as ``\\(...\\)``, the content HTML-escaped; with an IAL the
block is wrapped in a ``<div>`` and the span becomes ``<span ...>$...$</span>``.  Without a math
engine kramdown writes ``<div class="kdmath">$$ ... $$</div>`` and ``<span class="kdmath">``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from reblog.kramdown.htmlblock import resume_after
from reblog.kramdown.paragraph import LAZY_LINES_KEY, SHIFTED_LINES_KEY, block_lines, kept_blank_lines, line_text, piece_end

_RS = r"[ \t\n\v\f\r]"  # Ruby's \s
_BLOCK_MATH_RE = re.compile(rf"[ ]{{0,3}}(\\)?\$\$(.*?)\$\$({_RS}*?\n)?", re.DOTALL)
# kramdown's BLOCK_BOUNDARY: blank line, EOB marker, block IAL, or the end of the text.
_BOUNDARY_RE = re.compile(rf"(?:{_RS}*\n)|\^{_RS}*?\n|[ ]{{0,3}}\{{:(?!:|/)|\n?\Z")
_IAL_AFTER_RE = re.compile(r"[ ]{0,3}\{:(?!:|/)(?:\\\}|[^}])+\}[ \t]*\n")
_AFTER_IAL_RE = re.compile(r"[ ]{0,3}(?:\{:(?!:|/).*\}|\^)\s*$")
# Tokens after which a block starts at the beginning of its container.
_CONTAINER_OPEN = frozenset(
    {"list_item_open", "blockquote_open", "footnote_reference_open", "dd_open", "kramdown_html_open", "ial"}
)
_RUBY_STRIP = " \t\n\v\f\r\0"


def block_text(state: StateBlock, start: int, end: int, limit: int | None = None) -> tuple[int, str]:
    """The lines from ``start`` while they are blank or indented to the block, newline-ended.

    kramdown matches fences and math blocks as patterns over the rest of the block, so the
    rules hand it that text (its source always ends with a newline).  With ``limit``, only the
    lines before it: a prefix of the same text (each line's text depends on that line alone).
    """
    last = start + 1
    end = piece_end(state, start, end)
    if limit is not None:
        end = min(end, limit)
    begins, shifts, ends, counts, indent = state.bMarks, state.tShift, state.eMarks, state.sCount, state.blkIndent
    # (state.isEmpty inlined: fences read dozens of lines each)
    while last < end and (begins[last] + shifts[last] >= ends[last] or counts[last] >= indent):
        last += 1
    moved = state.env.get(LAZY_LINES_KEY, set()) | state.env.get(SHIFTED_LINES_KEY, set())
    kept = kept_blank_lines(state, start, last) if state.parentType in ("list", "deflist") else ()
    if kept or (moved and any(n in moved for n in range(start, last))):
        # Lines a list moved to kramdown's columns keep their own indentation (their columns
        # are not their characters); a list item's blank lines are kept whole.
        text = "".join(
            state.src[state.bMarks[n] : state.eMarks[n]] + "\n"
            if n in kept
            else line_text(state, n) + "\n"
            if n in moved
            else state.getLines(n, n + 1, state.blkIndent, True)
            for n in range(start, last)
        )
    else:
        text = block_lines(state, start, last, True)
    return last, text if text.endswith("\n") else text + "\n"


def _after_block_boundary(state: StateBlock, start: int) -> bool:
    """kramdown's ``after_block_boundary?``: first block of its container, or after a blank
    line, a block IAL or an end-of-block marker."""
    if not state.tokens or state.tokens[-1].type in _CONTAINER_OPEN:
        return True
    prev = start - 1
    if prev < 0 or state.isEmpty(prev):
        return True
    line = state.src[state.bMarks[prev] + state.tShift[prev] : state.eMarks[prev]]
    return bool(_AFTER_IAL_RE.match(line))


def block_math_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule for ``$$ ... $$`` block math (see the module docstring)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith(("$$", "\\$$"), pos) or not _after_block_boundary(state, start):
        return False
    last, text = block_text(state, start, end)
    match = _BLOCK_MATH_RE.match(text)
    # An escaped ``\$$`` is not block math; nor is math followed by more text on its line
    # (the text always ends with a newline, so then the trailing-newline group is unmatched)
    # or by something other than a block boundary.
    if match is None or match[1]:
        return False
    # kramdown's before_block_boundary? checks at the scan position: a block IAL may follow the
    # math on its own line ("$$x$$ {: .cls}"), and is then read as the next block.
    ial_after = match[3] is None and _IAL_AFTER_RE.match(text, match.end()) is not None
    if not ial_after and (match[3] is None or not _BOUNDARY_RE.match(text, match.end())):
        return False
    if silent:
        return True
    lines = max(1, text.count("\n", 0, match.end()))
    token = state.push("math_block", "math", 0)
    token.content = match[2].strip(_RUBY_STRIP)
    token.markup = "$$"
    if ial_after:
        line = start + text.count("\n", 0, match.end())
        rest = text[match.end() : text.index("\n", match.end())]
        token.map = [start, line + 1]
        return resume_after(state, start, end, state.eMarks[line] - len(rest), True, token)
    token.map = [start, start + lines]
    state.line = start + lines
    return True


# kramdown's BLOCK_MATH_START with the backslash: ``\$$...$$`` alone at the start of a block.
_ESCAPED_BLOCK_MATH_RE = re.compile(r"\\\$\$.*?\$\$\s*?(?:\n|\Z)", re.DOTALL)


def inline_math_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule for ``$$...$$``: math up to the next ``$$``, else a literal ``$``.  An
    escaped math block (``\\$$...$$`` ending its line at the start of a paragraph) loses its
    backslash and is inline math, as kramdown's block math parser leaves it."""
    pos = state.pos
    if pos == 0 and _ESCAPED_BLOCK_MATH_RE.match(state.src, 0, state.posMax):
        pos += 1
    elif not state.src.startswith("$$", pos):
        return False
    close = state.src.find("$$", pos + 2, state.posMax)
    if close < 0:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = state.src[pos + 2 : close].strip(_RUBY_STRIP)
        token.markup = "$$"
    state.pos = close + 2
    return True


def _escape(text: str) -> str:
    """kramdown's ``escape_html(text)`` (``:all``): ``&``, ``<`` and ``>`` only."""
    return html.escape(text, quote=False)


def _attrs_html(tok: Token) -> str:
    return "".join(f' {k}="{html.escape(str(v))}"' for k, v in (tok.attrs or {}).items())


def make_math_renderers(math_engine: str | None) -> dict[str, Callable[..., str]]:
    """Render rules for ``math_block``/``math_inline`` (kramdown's ``convert_math``)."""

    def math_block(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        tok = tokens[idx]
        if math_engine == "mathjax":
            body = f"\\[{_escape(tok.content)}\\]\n"
            return f"<div{_attrs_html(tok)}>{body}</div>\n" if tok.attrs else body
        cls = f"{tok.attrGet('class') or ''} kdmath".lstrip()
        attrs = {**(tok.attrs or {}), "class": cls}
        attr_html = "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items())
        return f"<div{attr_html}>$$\n{tok.content}\n$$</div>\n"

    def math_inline(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        tok = tokens[idx]
        if math_engine == "mathjax":
            if tok.attrs:
                return f"<span{_attrs_html(tok)}>${tok.content}$</span>"
            return f"\\({_escape(tok.content)}\\)"
        cls = f"{tok.attrGet('class') or ''} kdmath".lstrip()
        attrs = {**(tok.attrs or {}), "class": cls}
        attr_html = "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items())
        return f"<span{attr_html}>${tok.content}$</span>"

    return {"math_block": math_block, "math_inline": math_inline}
