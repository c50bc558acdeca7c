"""Which characters a regex match can start with: lets the lexer engine skip rules that cannot match.

A lexer state is an ordered list of rules tried one by one at the scan position; most of them
fail at most positions (a keyword rule on a space, a string rule on a letter).  Knowing, for a
rule, the set of characters its match can start with, the engine tries at a position only the
rules whose set holds the character there (in their order), which gives the same first match.

The set comes from the pattern's parse tree (Python's own ``re._parser``).  It only has to be a
superset: anything not understood here (negated classes, ``.``, back-references, Unicode
categories, Unicode case folding, a pattern that can match the empty string) gives ``None``,
meaning "may start with any character", and such a rule is tried everywhere as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

try:  # a private module of the standard library: without it every rule is simply tried
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python implementations
    _sre = _sre_parse = None

# Larger character ranges are not expanded (treated as "any character").
_MAX_RANGE = 256
_ASCII_CATEGORIES = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_SPACE": " \t\n\r\f\v",
    "CATEGORY_WORD": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
}

# (characters or None for any, can match the empty string)
_First = tuple[frozenset[str] | None, bool]


def first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """The characters a match of ``pattern`` (compiled with ``flags``) can start with, or None
    when it may start with any character (or match the empty string)."""
    if _sre_parse is None:
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
        chars, nullable = _sequence(parsed, parsed.state.flags)
    except Exception:  # noqa: BLE001 - an unexpected tree only costs the optimisation
        return None
    return None if chars is None or nullable else chars


def _sequence(items: Iterable[tuple[Any, Any]], flags: int) -> _First:
    """First characters of a sequence: each item's, while the items before can be empty."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _item(op, av, flags)
        if chars is None:
            return None, False
        found |= chars
        if not nullable:
            return frozenset(found), False
    return frozenset(found), True


def _item(op: Any, av: Any, flags: int) -> _First:
    """First characters of one node of the parse tree."""
    if op is _sre.LITERAL:
        return _literal(chr(av), flags), False
    if op is _sre.IN:
        return _charset(av, flags), False
    if op is _sre.BRANCH:
        found: set[str] = set()
        any_nullable = False
        for alternative in av[1]:
            chars, nullable = _sequence(alternative, flags)
            if chars is None:
                return None, False
            found |= chars
            any_nullable = any_nullable or nullable
        return frozenset(found), any_nullable
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _sequence(sub, (flags | add_flags) & ~del_flags)
    if op is _sre.ATOMIC_GROUP:
        return _sequence(av, flags)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, _high, sub = av
        chars, nullable = _sequence(sub, flags)
        return chars, nullable or low == 0
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        # Zero-width: the next node decides (ignoring the condition keeps a superset).
        return frozenset(), True
    return None, False  # ANY, NOT_LITERAL, GROUPREF, ...: any character


def _ascii(flags: int) -> bool:
    """Whether classes and case folding are ASCII-only under ``flags``."""
    return bool(flags & re.ASCII) and not flags & re.UNICODE


def _literal(char: str, flags: int) -> frozenset[str] | None:
    """One character, with its other case under ASCII case folding."""
    if not flags & re.IGNORECASE:
        return frozenset(char)
    if not _ascii(flags):
        return None  # Unicode case folding has special cases (K and the Kelvin sign..)
    return frozenset({char, char.lower(), char.upper()}) if char.isascii() else frozenset(char)


def _charset(items: Iterable[tuple[Any, Any]], flags: int) -> frozenset[str] | None:
    """The characters of a character class, None for a negated or Unicode-category one."""
    found: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            chars = _literal(chr(av), flags)
        elif op is _sre.RANGE:
            low, high = av
            if high - low > _MAX_RANGE:
                return None
            chars = frozenset().union(*(_literal(chr(code), flags) or () for code in range(low, high + 1)))
            if flags & re.IGNORECASE and not _ascii(flags):
                return None
        elif op is _sre.CATEGORY and _ascii(flags) and str(av) in _ASCII_CATEGORIES:
            chars = frozenset(_ASCII_CATEGORIES[str(av)])
        else:
            return None  # NEGATE, other categories
        if chars is None:
            return None
        found |= chars
    return frozenset(found)
