"""kramdown's code blocks: the indented-block rule and the language and whitespace rules of
the HTML converter's ``convert_codeblock``.

An indented code block (``CODEBLOCK_MATCH``) takes lazy lines as a paragraph does: after an
indented line, any non-blank line that is not a block IAL, an end-of-block marker or a
non-span HTML tag belongs to the block, joined to the line before it with a space.  Blank
lines belong to it only when an indented line follows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markdown_it.rules_block import StateBlock

from reblog.kramdown.paragraph import SHIFTED_LINES_KEY, kept_blank_lines, lazy_end, line_text, piece_end
from reblog.rouge.highlight import format_tokens, rouge_block
from reblog.rouge.names import rouge_tag

_LANGUAGE_CLASS_RE = re.compile(r"\blanguage-(\S+)")
# kramdown's INDENT, removed once from every line of an indented code block.
_INDENT_RE = re.compile(r"^(?:\t| {4})")
_WHITESPACE_RE = re.compile(r"(^[ \t]+)|([ \t]+$)|([ \t]+)", re.MULTILINE)


def kramdown_code_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: kramdown's indented code block, lazy lines included."""
    if state.sCount[start] - state.blkIndent < 4 or state.isEmpty(start):
        return False
    if silent:
        return True
    pieces: list[str] = []
    line = start
    last = start
    end = piece_end(state, start, state.lineMax)
    while line < end:
        if state.isEmpty(line):
            line += 1
            continue
        indent = state.sCount[line] - state.blkIndent
        if indent >= 4:
            if line > last + 1:
                pieces.extend(_blank_lines(state, last, line))
            if line in state.env.get(SHIFTED_LINES_KEY, ()):  # its columns are not its characters
                text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
                pieces.append(" " * (indent - 4) + text)
            else:
                pieces.append(state.getLines(line, line + 1, state.blkIndent + 4, False))
        elif indent >= 0 and last == line - 1 and not lazy_end(line_text(state, line)):
            pieces[-1] += " " + line_text(state, line)  # kramdown: ``gsub(/\n( {0,3}\S)/, ' \1')``
        else:
            break
        last = line
        line += 1
    token = state.push("code_block", "code", 0)
    token.content = "\n".join(pieces) + "\n"
    token.map = [start, last + 1]
    state.line = last + 1
    return True


def _blank_lines(state: StateBlock, last: int, line: int) -> list[str]:
    """The blank lines between two lines of a code block, minus the block's indentation."""
    kept = kept_blank_lines(state, last + 1, line)
    # At the top level kramdown's INDENT takes four spaces or a tab from a blank line and leaves
    # a shorter one ("  ") as it is (markdown-it's getLines would empty it).
    top = state.blkIndent == 0
    return [
        _INDENT_RE.sub("", state.src[state.bMarks[n] : state.eMarks[n]], 1)
        if top or n in kept
        else state.getLines(n, n + 1, state.blkIndent + 4, False)
        for n in range(last + 1, line)
    ]


def code_language(attrs: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """kramdown's ``extract_code_language!``: the first ``language-X`` class gives the
    language and leaves the class list (the attribute goes when nothing else is left)."""
    result = dict(attrs)
    cls = str(result.get("class") or "")
    match = _LANGUAGE_CLASS_RE.search(cls)
    if match is None:
        return None, result
    rest = _LANGUAGE_CLASS_RE.sub("", cls, count=1).strip()
    if rest:
        result["class"] = rest
    else:
        del result["class"]
    return match[1], result


def show_whitespaces(code: str) -> str:
    """The ``show-whitespaces`` class: every space and tab of escaped code marked up."""

    def mark(match: re.Match[str]) -> str:
        suffix = "-l" if match[1] else "-r" if match[2] else ""
        return "".join(
            f'<span class="ws-tab{suffix}">\t</span>' if ch == "\t" else f'<span class="ws-space{suffix}">&#8901;</span>'
            for ch in match[0]
        )

    return _WHITESPACE_RE.sub(mark, code)


@dataclass(frozen=True)
class CodeBlockStyle:
    """The block options of kramdown's Rouge adapter (``syntax_highlighter_opts``)."""

    highlight: bool  # a highlighter is configured and not disabled for blocks
    default_lang: str | None
    guess_lang: bool
    css_class: str = "highlight"
    line_numbers: bool = False
    start_line: int = 1
    # Rouge's formatter: "HTMLLegacy" (the wrapped markup) or "HTML" (the bare spans).
    formatter: str = "HTMLLegacy"


def convert_codeblock(code: str, fence_info: str, attrs: Mapping[str, Any], style: CodeBlockStyle) -> str:
    """``convert_codeblock``: a Rouge ``<div>`` or a plain ``<pre><code>`` for a code block.

    ``fence_info`` is a fence's language word (``php?start_inline=1``), empty for indented
    code; as kramdown's fence parser does, it also adds a ``language-X`` class before the IAL's.
    """
    attrs = dict(attrs)
    if fence_info:
        word = fence_info.split("?", 1)[0]
        own = attrs.pop("class", None)
        attrs = {"class": f"language-{word}" + (f" {own}" if own else ""), **attrs}
    lang, attrs = code_language(attrs)
    name = fence_info or lang or style.default_lang
    if style.highlight and (name or style.guess_lang):
        # Without any language Rouge guesses; reblog reads such code as plain text.
        tag = rouge_tag(name.split("?", 1)[0]) if name else "plaintext"
        if tag is not None and (tag != "plaintext" or style.guess_lang):
            if style.formatter == "HTML":
                inner = format_tokens(code, tag)
            else:
                inner = rouge_block(
                    code, tag, css_class=style.css_class, line_numbers=style.line_numbers, start_line=style.start_line
                )
            return f"<div{_attributes(_highlighter_class(attrs, lang or style.default_lang))}>{inner}</div>\n"
    body = _escape(code).removesuffix("\n")
    if re.search(r"\bshow-whitespaces\b", str(attrs.get("class", ""))):
        body = show_whitespaces(body)
    code_attrs = {"class": f"language-{lang}"} if lang else {}
    return f"<pre{_attributes(attrs)}><code{_attributes(code_attrs)}>{body}\n</code></pre>\n"


def _highlighter_class(attrs: Mapping[str, Any], lang: str | None) -> dict[str, Any]:
    """``add_syntax_highlighter_to_class_attr``: ``highlighter-rouge`` appended, and the
    language first (Ruby's ``sub`` with ``language-X|^`` matches at the start: a ``language-X``
    class left there is replaced, one further on stays)."""
    result = dict(attrs)
    cls = f"{result.get('class', '')} highlighter-rouge".lstrip()
    if lang:
        found = _LANGUAGE_CLASS_RE.match(cls)
        cls = f"language-{lang}{cls[found.end() :]}" if found else f"language-{lang} {cls}"
    result["class"] = cls
    return result


def _escape(text: str) -> str:
    """kramdown's ``escape_html`` for text: ``&``, ``<`` and ``>``."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attributes(attrs: Mapping[str, Any]) -> str:
    """kramdown's ``html_attributes``: ``"`` and ``&``/``<``/``>`` escaped in values."""
    return "".join(f' {key}="{_escape(str(value)).replace(chr(34), "&quot;")}"' for key, value in attrs.items())
