"""Which ASCII characters a regex's match can start with, read from Python's own parse of it.

The lexer engine uses this to skip asking a state's regex when its answer is known: in a state
whose last rule matches the empty string anywhere (Rouge's ``rule(//) { pop! }``), a position
where no other rule can start a match is one where that last rule is the one that matches.

The answer may be too large (that only costs the regex call it could have saved), never too
small: a character left out must be one no match can start with.  Only ASCII characters are
answered for (the scanner asks the regex at any other); what the reading does not know (case-
insensitive matching, back-references, conditionals, op codes of a later Python) gives no answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from re import _parser  # type: ignore[attr-defined]  # Python's regex parser (re uses it too)
from types import MappingProxyType
from typing import Any

ASCII = frozenset(map(chr, range(128)))
_DIGIT = frozenset("0123456789")
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# \s in ASCII mode, and the ASCII characters Unicode mode adds (str.isspace: \x1c-\x1f).
_SPACE = frozenset(" \t\n\r\x0b\x0c")
_UNICODE_SPACE = _SPACE | frozenset("\x1c\x1d\x1e\x1f")

# Each class escape's ASCII characters: (at most, at least) over both modes, as this reading does
# not follow which mode a class is in.
_CATEGORIES: Mapping[Any, tuple[frozenset[str], frozenset[str]]] = MappingProxyType({
    _parser.CATEGORY_DIGIT: (_DIGIT, _DIGIT),
    _parser.CATEGORY_NOT_DIGIT: (ASCII - _DIGIT, ASCII - _DIGIT),
    _parser.CATEGORY_WORD: (_WORD, _WORD),
    _parser.CATEGORY_NOT_WORD: (ASCII - _WORD, ASCII - _WORD),
    _parser.CATEGORY_SPACE: (_UNICODE_SPACE, _SPACE),
    _parser.CATEGORY_NOT_SPACE: (ASCII - _SPACE, ASCII - _UNICODE_SPACE),
})
_REPEATS = frozenset(
    getattr(_parser, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_parser, name)
)
_ZERO_WIDTH = frozenset((_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT))
_CASELESS = int(re.IGNORECASE | re.LOCALE)


class _Unknown(Exception):
    """Something this reading does not follow."""


def first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """The ASCII characters a non-empty match of ``pattern`` (compiled with ``flags``) can
    start with, or None when it can match the empty string or the reading does not know."""
    try:
        parsed = _parser.parse(pattern, flags)
    except (re.error, RecursionError, TypeError, ValueError, AttributeError):
        return None
    return first_chars_of(parsed)


def first_chars_of(parsed: Any) -> frozenset[str] | None:
    """:func:`first_chars` of a regex Python has parsed (``re._parser.parse``)."""
    try:
        if parsed.state.flags & _CASELESS:
            return None
        chars, empty = _sequence(list(parsed))
    except (_Unknown, RecursionError, TypeError, ValueError, AttributeError):
        return None
    return None if empty else frozenset(chars)


def _sequence(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """(characters a match can start with, whether it can be empty) of items in a row."""
    chars: set[str] = set()
    for op, av in items:
        first, empty = _item(op, av)
        chars |= first
        if not empty:
            return chars, False
    return chars, True


def _item(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is _parser.LITERAL:
        return ({chr(av)} if av < 128 else set()), False
    if op is _parser.NOT_LITERAL or op is _parser.ANY:
        return set(ASCII), False
    if op is _parser.IN:
        return _class(av), False
    if op is _parser.BRANCH:
        chars: set[str] = set()
        empty = False
        for alternative in av[1]:
            first, alternative_empty = _sequence(alternative)
            chars |= first
            empty = empty or alternative_empty
        return chars, empty
    if op is _parser.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        if add_flags & _CASELESS:
            raise _Unknown
        return _sequence(items)
    if op in _REPEATS:
        low, high, items = av
        if high == 0:
            return set(), True
        chars, empty = _sequence(items)
        return chars, empty or low == 0
    if op in _ZERO_WIDTH:
        return set(), True  # consumes nothing: what follows it starts the match
    if op is getattr(_parser, "ATOMIC_GROUP", None):
        return _sequence(av)
    raise _Unknown


def _class(items: list[tuple[Any, Any]]) -> set[str]:
    """The ASCII characters a character class can match (at most)."""
    negated = bool(items) and items[0][0] is _parser.NEGATE
    at_most: set[str] = set()
    at_least: set[str] = set()
    for op, av in items[1:] if negated else items:
        if op is _parser.LITERAL:
            chars = {chr(av)} if av < 128 else set()
            at_most |= chars
            at_least |= chars
        elif op is _parser.RANGE:
            low, high = av
            chars = {chr(c) for c in range(low, min(high, 127) + 1)}
            at_most |= chars
            at_least |= chars
        elif op is _parser.CATEGORY and av in _CATEGORIES:
            most, least = _CATEGORIES[av]
            at_most |= most
            at_least |= least
        else:
            raise _Unknown
    return set(ASCII - at_least) if negated else at_most



def one_char(parsed: Any) -> frozenset[str] | None:
    """The ASCII characters each of which a regex Python has parsed surely matches as its whole
    match, when the regex is one character or class of characters (``x``, ``[(\\[,]``, ``\\d``,
    ``[^"]``) at the top level, where the engine's regexes are ASCII; else None.  Too few is
    allowed, never too many: for a character left out, the regex is asked."""
    try:
        if parsed.state.flags & _CASELESS or len(parsed) != 1:
            return None
        op, av = parsed[0]
        if op is _parser.LITERAL:
            return frozenset(chr(av)) if av < 128 else frozenset()
        if op is _parser.NOT_LITERAL:
            return ASCII - {chr(av)}
        if op is _parser.IN:
            if av and av[0][0] is _parser.NEGATE:
                return frozenset(ASCII - _class(av[1:]))
            return _surely(av)
    except (_Unknown, TypeError, ValueError, AttributeError, IndexError):
        return None
    return None


def _surely(items: list[tuple[Any, Any]]) -> frozenset[str]:
    """The ASCII characters a character class (not negated) surely matches."""
    chars: set[str] = set()
    for op, av in items:
        if op is _parser.LITERAL:
            if av < 128:
                chars.add(chr(av))
        elif op is _parser.RANGE:
            chars.update(chr(c) for c in range(av[0], min(av[1], 127) + 1))
        elif op is _parser.CATEGORY and av in _CATEGORIES:
            chars |= _CATEGORIES[av][1]
        else:
            raise _Unknown
    return frozenset(chars)
