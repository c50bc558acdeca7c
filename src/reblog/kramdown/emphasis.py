"""kramdown's emphasis parser (``parser/kramdown/emphasis.rb``) as a markdown-it inline rule.

kramdown does not use CommonMark's delimiter runs: at ``*``/``**``/``_``/``__`` it parses the
following spans until the same delimiter appears where it may close (not after whitespace, an
``em`` not closed by a double delimiter, ``_`` not followed by a letter or digit, not empty).
So ``它**强调。**后文`` is strong (no flanking rules), ``**really*`` is ``<em>*really</em>``
(a strong that does not close is retried as an em), and an em cannot contain another em.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

# env key: the emphasis elements ("em"/"strong") open around the current position.
_OPEN_KEY = "kramdown_emphasis_open"
# Ruby's ``\s``: ASCII whitespace only.
_RUBY_SPACE = " \t\n\v\f\r"


@dataclass
class _Saved:
    """What an abandoned attempt must restore of the inline state."""

    tokens: int
    tokens_meta: int  # not parallel to tokens: pending text is flushed without a meta entry
    pending: str
    level: int
    delimiters: list[Delimiter]  # the list object itself (the enclosing token's meta holds it)
    delimiter_count: int
    prev_delimiters: int


def _save(state: StateInline) -> _Saved:
    """Snapshot the inline state before an attempt."""
    return _Saved(
        len(state.tokens),
        len(state.tokens_meta),
        state.pending,
        state.level,
        state.delimiters,
        len(state.delimiters),
        len(state._prev_delimiters),
    )


def _restore(state: StateInline, saved: _Saved) -> None:
    """Undo an attempt: its tokens, nesting and pending text."""
    del state.tokens[saved.tokens :]
    del state.tokens_meta[saved.tokens_meta :]
    del state._prev_delimiters[saved.prev_delimiters :]
    state.level = saved.level
    state.pendingLevel = saved.level
    state.delimiters = saved.delimiters
    del state.delimiters[saved.delimiter_count :]
    state.pending = saved.pending


def _may_close(state: StateInline, pos: int, start: int, delim: str, elem: str) -> bool:
    """The block given to ``parse_spans`` in ``parse_emphasis``: can ``delim`` at ``pos`` close?"""
    src = state.src
    if pos <= start or src[pos - 1] in _RUBY_SPACE:
        return False
    if elem == "em" and src.startswith(delim * 2, pos) and not src.startswith(delim * 3, pos):
        return False
    after = pos + len(delim)
    if delim[0] == "_" and after < len(src) and src[after].isalnum():
        return False
    return True


def _parse_until(state: StateInline, start: int, delim: str, elem: str) -> int | None:
    """``parse_spans`` with ``delim`` as stop: tokenize from ``start``; the closing position or None."""
    rules = state.md.inline.ruler.getRules("")
    src, end = state.src, state.posMax
    state.pos = start
    while state.pos < end:
        pos = state.pos
        if src.startswith(delim, pos) and _may_close(state, pos, start, delim, elem):
            return pos
        for rule in rules:
            if rule(state, False) and state.pos > pos:
                break
        else:
            state.append_pending(src[pos])
            state.pos = pos + 1
    return None


def _attempt(state: StateInline, start: int, delim: str, elem: str, markup: str) -> bool:
    """Open ``elem``, parse its content up to ``delim``; keep it if closed, else undo."""
    saved = _save(state)
    opened: list[str] = state.env.setdefault(_OPEN_KEY, [])
    tag = "strong" if elem == "strong" else "em"
    token = state.push(f"{tag}_open", tag, 1)
    token.markup = markup
    opened.append(elem)
    try:
        close = _parse_until(state, start, delim, elem)
    finally:
        opened.pop()
    if close is None:
        _restore(state, saved)
        return False
    token = state.push(f"{tag}_close", tag, -1)
    token.markup = markup
    state.pos = close + len(delim)
    return True


def kramdown_emphasis(state: StateInline, silent: bool) -> bool:
    """Inline rule: kramdown's ``parse_emphasis`` at ``*`` or ``_``."""
    src, pos = state.src, state.pos
    marker = src[pos]
    if marker not in "*_":
        return False
    if silent:
        return False  # link labels skip it as text, as kramdown's label scan does
    run = marker * 2 if src.startswith(marker * 2, pos) else marker
    elem = "strong" if len(run) == 2 else "em"
    after = pos + len(run)
    opened: list[str] = state.env.setdefault(_OPEN_KEY, [])
    word_before = marker == "_" and _alpha_before(src, pos)
    if word_before or (after < len(src) and src[after] in _RUBY_SPACE) or elem in opened:
        state.pending += run
        state.pos = after
        return True
    if _attempt(state, after, run, elem, run):
        return True
    if elem == "strong" and (not opened or opened[-1] != "em"):
        # A strong that does not close: the first marker opens an em (the second is text in it).
        if _attempt(state, pos + 1, marker, "em", marker):
            return True
    state.pending += run
    state.pos = after
    return True


def _alpha_before(src: str, pos: int) -> bool:
    """``pre_match =~ /[[:alpha:]]-?[[:alpha:]]*\\z/``: a letter, or a letter and a dash, before."""
    if pos and src[pos - 1] == "-":
        pos -= 1
    return pos > 0 and src[pos - 1].isalpha()
