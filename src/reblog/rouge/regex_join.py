"""One compiled regex for several rules' regexes in order, made from each one's parse.

A lexer state's rules are matched as one alternation, each alternative followed by an empty
marker group (see :mod:`reblog.rouge.engine`).  Compiling that alternation from its text parses
every rule again for every state that has it (mixins put a language's main rules in many
states) and for every lexer derived from the same one; Python's parser, written in Python, is
most of a compile's cost, and every reblog process that highlights compiles anew.  Here each
rule's regex is parsed once (:func:`parse`) and an alternation is put together from those
parses, its groups renumbered (:func:`join`): what ``re.compile`` of the joined text would
compile, less the parsing.

This reads Python's own parse (``re._parser``) and compiles it with ``re._compiler``, as ``re``
does; what it does not know (a later Python's parse, a back-reference to renumber) answers
None, and the caller compiles the text as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
import _sre  # type: ignore[import-not-found]  # the regex engine re compiles for
from re import _compiler, _parser  # type: ignore[attr-defined]  # Python's regex parser and compiler (re uses them)
from typing import Any

_REPEATS = frozenset(
    getattr(_parser, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_parser, name)
)
_ASSERTS = frozenset((_parser.ASSERT, _parser.ASSERT_NOT))
_ATOMIC = getattr(_parser, "ATOMIC_GROUP", None)
# Operations whose argument holds no sub-pattern and no group number.
_PLAIN = frozenset(
    getattr(_parser, name)
    for name in ("LITERAL", "NOT_LITERAL", "ANY", "IN", "AT", "CATEGORY", "RANGE", "NEGATE")
    if hasattr(_parser, name)
)


class _Unknown(Exception):
    """Something this joining does not follow (it then answers None)."""


def parse(alternative: str, flags: int) -> Any | None:
    """Python's parse of one rule's regex (as it stands in an alternation), or None when
    Python refuses it or the parse has what :func:`join` cannot renumber."""
    flags = int(flags)  # a RegexFlag's operators are Python code, which the parser would run
    try:
        parsed = _parser.parse(alternative, flags)
        if parsed.state.flags != _parser.fix_flags(alternative, flags) or parsed.state.groupdict:
            return None  # inline global flags or named groups: not a plain alternative
        if parsed.state.groups > 1:
            _shift(parsed.data, 0)  # raises for what cannot be renumbered
    except (_Unknown, re.error, RecursionError, TypeError, ValueError, AttributeError, OverflowError):
        return None
    return parsed


def join(parses: Sequence[Any], flags: int) -> tuple[re.Pattern[str], list[int]] | None:
    """The compiled alternation of ``parses`` (from :func:`parse`, each compiled with
    ``flags``), each followed by an empty marker group; and the markers' group numbers. None
    when Python's compiler refuses it."""
    flags = int(flags)  # as re.compile does: a RegexFlag's operators are Python code
    try:
        code, groups, markers = join_code(parses, flags)
        rx = _sre.compile(None, flags, code, groups, {}, (None,) * (groups + 1))
    except (re.error, RecursionError, TypeError, ValueError, AttributeError, OverflowError, RuntimeError):
        return None
    return rx, markers


def join_code(parses: Sequence[Any], flags: int) -> tuple[list[int], int, list[int]]:
    """The regex engine's code for the alternation :func:`join` compiles, its number of groups
    and the markers' group numbers: the code ``re`` compiles the alternation's text to."""
    state = _parser.State()
    state.flags = flags
    branches: list[Any] = []
    markers: list[int] = []
    group = 0  # the groups before this alternative's
    for parsed in parses:
        own = parsed.state.groups - 1
        items = _shift(parsed.data, group) if own and group else list(parsed.data)
        group += own + 1
        markers.append(group)
        items.append((_parser.SUBPATTERN, (group, 0, 0, _parser.SubPattern(state, []))))
        branches.append(_parser.SubPattern(state, items))
    state.groupwidths = [None] * (group + 1)
    if len(branches) == 1:
        top = branches[0]
    else:
        top = _parser.SubPattern(state, [])
        # As Python's parser does with an alternation: the items every alternative starts with
        # come before the branch, once.
        while all(branches) and all(branch[0] == branches[0][0] for branch in branches[1:]):
            top.append(branches[0][0])
            for branch in branches:
                del branch[0]
        top.append((_parser.BRANCH, (None, branches)))
    return _compiler._code(top, flags), group, markers


def _shift(items: Sequence[tuple[Any, Any]], by: int) -> list[tuple[Any, Any]]:
    """``items`` with every group number raised by ``by`` (a copy: parses are shared)."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op in _PLAIN:
            pass
        elif op is _parser.SUBPATTERN:
            group, add_flags, del_flags, sub = av
            av = (None if group is None else group + by, add_flags, del_flags, _sub(sub, by))
        elif op is _parser.BRANCH:
            av = (av[0], [_sub(sub, by) for sub in av[1]])
        elif op in _REPEATS:
            av = (av[0], av[1], _sub(av[2], by))
        elif op in _ASSERTS:
            av = (av[0], _sub(av[1], by))
        elif op is _ATOMIC and _ATOMIC is not None:
            av = _sub(av, by)
        else:
            raise _Unknown(op)  # a group reference, or an operation of a later Python
        out.append((op, av))
    return out


def _sub(sub: Any, by: int) -> Any:
    return _parser.SubPattern(sub.state, _shift(sub.data, by))
