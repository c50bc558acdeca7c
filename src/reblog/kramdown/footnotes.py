"""kramdown's footnote definitions: which lines belong to a definition.

kramdown reads a definition (``FOOTNOTE_DEFINITION_START``) as the rest of its first line and
then its ``CODEBLOCK_MATCH``: runs of lines indented by four columns, each run optionally
after blank lines and followed by *lazy* lines -- non-blank lines indented less that are not
a block IAL, an end-of-block marker or a non-span HTML tag.  A lazy line belongs to the note
whatever it holds (even ``[^other]: ...``); it keeps its own indentation.  markdown-it's
footnote rule takes only indented lines (and a paragraph's continuation), so
:func:`kramdown_footnote_def` moves the lazy lines into the note before running it.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.footnote.index import footnote_def

from reblog.kramdown.paragraph import LAZY_LINES_KEY, lazy_end, line_text


# kramdown's FOOTNOTE_MARKER_START: `[^` ALD_ID_NAME `]` (Ruby's \w is ASCII).
_MARKER = re.compile(r"\[\^([A-Za-z0-9_][A-Za-z0-9_-]*)\]")


def undefined_footnote_marker(state: StateInline, silent: bool) -> bool:
    """A footnote marker whose note is not defined is text, all of it (kramdown warns and adds
    the marker as text), so an underscore in ``[^A-Za-z0-9_]`` opens no emphasis; tried before
    links as kramdown tries markers first. Defined notes are markdown-it's ``footnote_ref``."""
    if not state.src.startswith("[^", state.pos):
        return False
    match = _MARKER.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    refs = state.env.get("footnotes", {}).get("refs", {})
    if f":{match.group(1)}" in refs:
        return False
    if not silent:
        state.push("text", "", 0).content = match.group(0)
    state.pos = match.end()
    return True


def _lazy_lines(state: StateBlock, start: int, end: int) -> list[int]:
    """The lines after ``start`` kramdown adds to the definition lazily."""
    lazy: list[int] = []
    after_indented = False  # the line before was part of the note and not blank
    for line in range(start + 1, end):
        if state.isEmpty(line):
            after_indented = False
            continue
        if state.sCount[line] < state.blkIndent:
            break
        if state.sCount[line] - state.blkIndent >= 4:
            after_indented = True
            continue
        if not after_indented or lazy_end(line_text(state, line)):
            break
        lazy.append(line)
    return lazy


def kramdown_footnote_def(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Footnote definition rule: markdown-it's, with kramdown's lazy lines in the note."""
    if not state.src.startswith("[^", state.bMarks[start] + state.tShift[start]):
        return False  # no definition (markdown-it's rule would find the same, at more cost)
    if silent:
        return footnote_def(state, start, end, silent)
    lazy = _lazy_lines(state, start, end)
    if not lazy:
        return footnote_def(state, start, end, silent)
    saved = {line: state.sCount[line] for line in lazy}
    for line in lazy:
        # Indented to the note's content (four columns), keeping the line's own indentation.
        state.sCount[line] += 4
    marked: set[int] = state.env.setdefault(LAZY_LINES_KEY, set())
    added = set(lazy) - marked
    marked |= added
    try:
        return footnote_def(state, start, end, silent)
    finally:
        marked -= added
        for line, count in saved.items():
            state.sCount[line] = count
