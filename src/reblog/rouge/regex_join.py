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

import _sre  # the regex engine re compiles for
import re
from collections.abc import Sequence
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


class Piece:
    """One rule's regex as Python parses it (``parsed``), and the regex engine's code for it
    (made once, with its groups numbered from 1; :meth:`code`)."""

    __slots__ = ("parsed", "_code", "_marks", "_flags")

    def __init__(self, parsed: Any) -> None:
        self.parsed = parsed
        self._code: list[Any] | None = None
        self._marks: list[int] = []
        self._flags = 0   # the flags ``_code`` was made with

    def code(self, flags: int) -> tuple[list[Any], list[int]]:
        """The code of this regex in an alternation compiled with ``flags``, its groups numbered
        from 1, and where in it are group numbers (to move when its groups come later)."""
        if self._code is None or flags != self._flags:
            self._flags = flags
            groups = self.parsed.state.groups - 1
            code: list[Any] = _Noting() if groups else []
            _compiler._compile(code, self.parsed.data, flags)
            if groups:
                marks = code.marks  # type: ignore[attr-defined]
                if any(not 0 <= code[mark] < 2 * groups for mark in marks):
                    raise _Unknown
                self._marks = marks
                code = list(code)
            self._code = code
        return self._code, self._marks


class _Noting(list[Any]):
    """Code that notes where it has a group's number: the operand after each MARK."""

    __slots__ = ("marks",)

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[int] = []

    def append(self, item: Any, /) -> None:
        if item is _compiler.MARK:
            self.marks.append(len(self) + 1)
        list.append(self, item)


def parse(alternative: str, flags: int) -> Piece | None:
    """Python's parse of one rule's regex (as it stands in an alternation), or None when
    Python refuses it or the parse has what :func:`join` cannot renumber.

    ``alternative`` is one alternative: a regex with a "|" of its own comes wrapped in
    ``(?:...)``, as the engine writes it (``_alternative``). Its parse cannot tell ``a|b`` from
    ``(?:a|b)``, and joined, the marker after it would follow both, in the text only ``b``."""
    flags = int(flags)  # a RegexFlag's operators are Python code, which the parser would run
    try:
        parsed = _parser.parse(alternative, flags)
        if parsed.state.flags != _parser.fix_flags(alternative, flags) or parsed.state.groupdict:
            return None  # inline global flags or named groups: not a plain alternative
        if parsed.state.groups > 1:
            _shift(parsed.data, 0)  # raises for what cannot be renumbered
    except (_Unknown, re.error, RecursionError, TypeError, ValueError, AttributeError, OverflowError):
        return None
    return Piece(parsed)


def join(pieces: Sequence[Piece], flags: int) -> tuple[re.Pattern[str], list[int]] | None:
    """The compiled alternation of ``pieces`` (from :func:`parse`, each compiled with
    ``flags``), each followed by an empty marker group; and the markers' group numbers. None
    when Python's compiler refuses it."""
    flags = int(flags)  # as re.compile does: a RegexFlag's operators are Python code
    try:
        code, groups, markers = join_code(pieces, flags)
        rx = _sre.compile(None, flags, code, groups, {}, (None,) * (groups + 1))
    except (_Unknown, re.error, RecursionError, TypeError, ValueError, AttributeError, OverflowError, RuntimeError):
        return None
    return rx, markers


def join_code(pieces: Sequence[Piece], flags: int) -> tuple[list[Any], int, list[int]]:
    """The regex engine's code for the alternation :func:`join` compiles, its number of groups
    and the markers' group numbers: the code ``re`` compiles the alternation's text to, made
    of each piece's code (its group numbers moved) as ``re._compiler`` lays out a branch."""
    state = _parser.State()
    state.flags = flags
    # The alternation as Python parses it, but for its group numbers, which neither the info
    # block (a match's length, a literal prefix) nor the choice below depends on.
    branches = []
    for piece in pieces:
        branch = _parser.SubPattern(state, [*piece.parsed.data, (_parser.SUBPATTERN, (1, 0, 0, _parser.SubPattern(state, [])))])
        branch.width = piece.parsed.getwidth()  # the marker's is 0: what getwidth would work out again
        branches.append(branch)
    if len(branches) > 1 and all(branches) and all(branch[0] == branches[0][0] for branch in branches[1:]):
        # Python's parser moves the items all alternatives start with before the branch.
        return _tree_code(pieces, flags)
    top = branches[0] if len(branches) == 1 else _parser.SubPattern(state, [(_parser.BRANCH, (None, branches))])
    code: list[Any] = []
    _compiler._compile_info(code, top, flags)
    alone = len(pieces) == 1
    if not alone:
        code.append(_compiler.BRANCH)
    tails: list[int] = []
    markers: list[int] = []
    group = 0  # the groups before this alternative's
    for piece in pieces:
        if not alone:
            skip = len(code)
            code.append(0)
        own, marks = piece.code(flags)
        start = len(code)
        code += own
        for mark in marks:
            code[start + mark] += 2 * group
        group += piece.parsed.state.groups
        markers.append(group)
        code += (_compiler.MARK, (group - 1) * 2, _compiler.MARK, (group - 1) * 2 + 1)
        if not alone:
            code.append(_compiler.JUMP)
            tails.append(len(code))
            code.append(0)
            code[skip] = len(code) - skip
    if not alone:
        code.append(_compiler.FAILURE)
        for tail in tails:
            code[tail] = len(code) - tail
    code.append(_compiler.SUCCESS)
    return code, group, markers


def _tree_code(pieces: Sequence[Piece], flags: int) -> tuple[list[Any], int, list[int]]:
    """:func:`join_code` by compiling the whole alternation's parse, its groups renumbered."""
    state = _parser.State()
    state.flags = flags
    branches: list[Any] = []
    markers: list[int] = []
    group = 0  # the groups before this alternative's
    for piece in pieces:
        parsed = piece.parsed
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
