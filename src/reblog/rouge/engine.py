"""A small state-machine lexer engine with Rouge's RegexLexer semantics.

Pygments' lexers disagree with Rouge's on many details (which token a string delimiter is,
when ``/`` starts a regex, how object keys are classified ...), and those details show in the
HTML.  For the languages blogs use most, :mod:`reblog.rouge.lexers` describes lexers in the
way Rouge's behave, and this module runs them the way Rouge's ``RegexLexer`` does:

* every state is an ordered list of rules, tried in order at the current position; the first
  regex that matches there wins (a *mixin* splices another state's rules in place);
* a regex is anchored at the current position and, as in Ruby's ``StringScanner``, cannot see
  the text before it (so rules are written without look-behind);
* a match runs an action: emit one token (or one token per group) and optionally change the
  state stack (``'#pop'``, ``'#push'``, a state name, or a callback doing anything);
* when no rule matches, one character is emitted as an ``err`` token; more than five
  consecutive empty matches also count as no match;
* adjacent tokens of the same class are merged.

Tokens are named by Rouge's short CSS class ('' for plain text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Protocol, overload

from . import regex_join
from .first_chars import ASCII, first_chars, first_chars_of, one_char


# Regexes are ASCII by default, as Ruby's \s, \w and \d are; write (?u:...) where Rouge
# uses Unicode properties.  Ruby's \b is Unicode-aware though ("2π" has no boundary after the
# 2), so the compiler turns every \b into (?u:\b).  ^ and $ are line anchors in Ruby.
_FLAGS = re.ASCII | re.MULTILINE


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    """Compile a rule's regex with Ruby's semantics (see _FLAGS)."""
    return re.compile(_unicode_word_boundaries(pattern), _FLAGS | flags)


def _unicode_word_boundaries(pattern: str) -> str:
    """Replace each \\b outside a character class (where it means backspace) by (?u:\\b)."""
    if "\\b" not in pattern:
        return pattern
    out: list[str] = []
    i, end, in_class = 0, len(pattern), False
    while i < end:
        char = pattern[i]
        if char == "\\" and i + 1 < end:
            pair = pattern[i : i + 2]
            out.append("(?u:\\b)" if pair == "\\b" and not in_class else pair)
            i += 2
            continue
        out.append(char)
        i += 1
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # a "]" first in the class (after an optional "^") is a literal
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":
                out.append("]")
                i += 1
    return "".join(out)


MAX_NULL_STEPS = 5

class TokenSource(Protocol):
    """Anything that lexes text into Rouge (class, text) tokens."""

    def tokens(self, text: str) -> list[tuple[str, str]]: ...


@dataclass(frozen=True)
class Mixin:
    """Splice the rules of another state (resolved after prepends, like Rouge)."""

    state: str


@dataclass(frozen=True)
class Rule:
    pattern: str
    action: Action  # token class, tuple of group classes, word sets, or callback
    next: str | Callable[[Run], None] | None = None
    flags: int = 0


RuleDef = Rule | Mixin


@dataclass(frozen=True)
class Words:
    """An action that classifies the whole match by the lexer's word sets: the first
    ``(attrs key, token class, state to push or None)`` of ``sets`` whose set (in the lexer's
    ``attrs``) holds the word decides, else ``default``.  The usual keyword/builtin/name
    callback, written as data so that the scanner does it with one dictionary lookup."""

    sets: tuple[tuple[str, str, str | None], ...]
    default: tuple[str, str | None]

    def table(self, attrs: Mapping[str, Any]) -> dict[str, tuple[str, str | None]]:
        """Word -> (class, state to push) for a lexer's ``attrs``."""
        found: dict[str, tuple[str, str | None]] = {}
        for key, cls, push in self.sets:
            for word in attrs[key]:
                found.setdefault(word, (cls, push))
        return found


class RuleMatch(Protocol):
    """What a callback gets of its rule's match: the rule's groups numbered from 1, as its own
    regex numbers them (a ``re.Match``, or a view of the alternation's match: ``_RuleGroups``)."""

    @overload
    def group(self, index: Literal[0] = 0, /) -> str: ...
    @overload
    def group(self, index: int, /) -> str | Any: ...


class _RuleGroups:
    """A rule's match seen in the alternation that made it, where the rule's group k is group
    ``base + k`` (group 0, the whole match, is the same): the rule is not matched again."""

    __slots__ = ("_m", "_base", "_groups")

    def __init__(self, m: re.Match[str], base: int, groups: int) -> None:
        self._m = m
        self._base = base
        self._groups = groups

    @overload
    def group(self, index: Literal[0] = 0, /) -> str: ...
    @overload
    def group(self, index: int, /) -> str | Any: ...
    def group(self, index: int = 0, /) -> str | Any:
        """The text of the rule's group ``index`` (None when it did not take part); IndexError
        for a group the rule does not have, as its own regex's match raises (the alternation's
        groups past the rule's are other rules')."""
        if not 0 <= index <= self._groups:
            raise IndexError("no such group")
        return self._m.group(self._base + index if index else 0)


Callback = Callable[["Run", RuleMatch], None]
Action = str | tuple[str, ...] | Words | Callback | None

# What a matched rule does, decoded once per state so that the scanner does not test types per
# token: emit the whole match, emit one token per group, look the word up, run a callback.
_TOKEN, _GROUPS, _WORDS, _CALLBACK, _NOTHING = range(5)
# Then the state change: none, a named state pushed, '#pop', '#push', a callable.
_STAY, _ENTER, _POP, _PUSH, _CALL = range(5)
# The pairs of the two that most tokens take, which the scanner does without looking at kind
# and move (the rest take the general path): emit the match and stay; classify the word and
# stay; emit the match and enter a state; emit the match (if any) and pop.
_OTHER, _EMIT, _EMIT_WORD, _EMIT_ENTER, _EMIT_POP = range(5)
_FAST = MappingProxyType({
    (_TOKEN, _STAY): _EMIT, (_WORDS, _STAY): _EMIT_WORD, (_TOKEN, _ENTER): _EMIT_ENTER, (_TOKEN, _POP): _EMIT_POP,
})

# Rule flags that can be written as a scoped inline group ("(?i:...)"); a rule with others is
# matched on its own.  MULTILINE is combinable but needs no letter: every regex has it (_FLAGS).
_SCOPED_FLAGS = ((int(re.IGNORECASE), "i"), (int(re.DOTALL), "s"), (int(re.VERBOSE), "x"))
_SCOPABLE = int(re.IGNORECASE | re.DOTALL | re.VERBOSE | re.MULTILINE)
# Patterns whose meaning depends on their own group numbers or that set global flags inline
# cannot sit inside a larger alternation (a back-reference would point at another rule's group).
_NOT_COMBINABLE = re.compile(r"\\[1-9]|\\g<|\(\?P|\(\?\(|\(\?[aiLmsux-]+\)")


class _Entry:
    """A rule as the scanner runs it: its decoded action and state change, and where its groups
    are in the regex that matched it (the rule's group k is group ``base + k`` there)."""

    __slots__ = ("kind", "action", "words", "default", "move", "target", "base", "groups", "shifted", "fast", "width")

    def __init__(
        self, rule: Rule, tables: _Tables, base: int, groups: int, keep: bool = True, total: int | None = None,
    ) -> None:
        """``groups``: the rule's own; ``total``: those of the regex that matches it (the
        rule's alone when not given)."""
        action, nxt = rule.action, rule.next
        self.action = action
        self.words: dict[str, tuple[str, str | None]] = {}
        self.default: tuple[str, str | None] = ("", None)
        if isinstance(action, str):
            self.kind = _TOKEN
        elif isinstance(action, tuple):
            self.kind = _GROUPS
        elif isinstance(action, Words):
            self.kind = _WORDS
            self.words = tables.words(action, keep)
            self.default = action.default
        else:
            self.kind = _NOTHING if action is None else _CALLBACK
        self.target = nxt
        if nxt is None:
            self.move = _STAY
        elif nxt == "#pop":
            self.move = _POP
        elif nxt == "#push":
            self.move = _PUSH
        else:
            self.move = _ENTER if isinstance(nxt, str) else _CALL
        self.fast = _FAST.get((self.kind, self.move), _OTHER)
        self.base = base
        self.groups = groups
        # Whether the regex that matches the rule has groups that are not the rule's, numbered
        # from 1: then a callback gets a view of the rule's own (which raises past them).
        self.shifted = base > 0 or (total is not None and total > groups)
        # For an entry the scanner takes without a regex (StateRules.known): the length of
        # its match, 0 or 1.
        self.width = 0

    def own_match(self, m: re.Match[str]) -> RuleMatch:
        """The match as the rule's own regex makes it (what callbacks get: groups from 1)."""
        return _RuleGroups(m, self.base, self.groups) if self.shifted else m


# One regex of a state: the compiled alternation and its entries by the number of the group
# that closed last (``Match.lastindex``, an alternative's marker), or a rule's own regex and
# its one entry.
_Segment = tuple["re.Pattern[str]", "Sequence[_Entry | None]", "_Entry | None"]


class StateRules:
    """A state's rules compiled into as few regexes as possible: consecutive rules become one
    alternation, which Python's regex engine tries in order at the position (the leftmost
    alternative that matches wins, as the first rule that matches does), so one ``match`` call
    finds the rule that trying them one by one finds.  A rule that cannot share a regex (its
    own back-references, inline global flags) is a segment of its own, tried in its place."""

    __slots__ = ("segments", "match", "entries", "known")

    def __init__(self, rules: Sequence[Rule], tables: _Tables, keep: bool = True) -> None:
        """``keep``: whether what is made for the rules is kept in ``tables`` for other states
        (not for rules made while lexing: see :meth:`Run.push_rules`)."""
        rules = _reachable(rules)
        segments: list[_Segment] = []
        pending: list[tuple[Rule, str]] = []
        for rule in rules:
            alternative = tables.alternative(rule, keep)
            if alternative is None:
                segments += _combine(pending, tables, keep)
                pending = []
                segments.append(_alone(rule, tables, keep))
            else:
                pending.append((rule, alternative))
        segments += _combine(pending, tables, keep)
        self.segments = segments
        # The usual case, one alternation for the whole state, is scanned without a loop.
        single = len(segments) == 1 and segments[0][2] is None
        self.match = segments[0][0].match if single else None
        self.entries = segments[0][1] if single else ()
        # Where the first rule whose match can start with the ASCII character at the position
        # (by its first characters) has a match known without its regex, the scanner takes
        # that rule without asking one (a regex call and its match object cost more than the
        # rest of a token): a rule whose regex is empty (Rouge's "else pop") matches the empty
        # string there, and one whose regex is one character or class of characters (``\.``,
        # ``[(\[,]``) matches the character when it is one of its own.
        known: dict[str, _Entry] = {}
        claimed: set[str] = set()  # the characters an earlier rule's match can start with
        for rule in rules:
            first = tables.first_chars(rule, keep)
            if first is None:  # can match the empty string, or unknown
                if rule.pattern == "":
                    entry = _Entry(rule, tables, 0, 0, keep)
                    if entry.kind in (_TOKEN, _NOTHING) and entry.move is not _CALL:
                        known.update(dict.fromkeys(ASCII - claimed, entry))
                break
            chars = tables.one_char(rule, keep)
            if chars:
                chars = (chars & first) - claimed
                if chars:
                    entry = _Entry(rule, tables, 0, 0, keep)
                    if entry.kind in (_TOKEN, _WORDS, _NOTHING) and entry.move is not _CALL:
                        entry.width = 1
                        known.update(dict.fromkeys(chars, entry))
            claimed |= first
        self.known = known or None


def _reachable(rules: Sequence[Rule]) -> list[Rule]:
    """The rules that can be the first to match: not a rule whose regex (and flags) an earlier
    one has (mixins put comments and whitespace twice in some states), nor one after a rule
    whose regex is empty (it matches everywhere).  Fewer alternatives and groups to compile,
    try and copy into each match."""
    seen: set[tuple[str, int]] = set()
    reachable: list[Rule] = []
    for rule in rules:
        key = (rule.pattern, int(rule.flags))
        if key in seen:
            continue
        seen.add(key)
        reachable.append(rule)
        if not rule.pattern:
            break
    return reachable


def _alone(rule: Rule, tables: _Tables, keep: bool) -> _Segment:
    """A segment for one rule matched by its own regex."""
    rx = _compile(rule.pattern, rule.flags)
    return rx, (), _Entry(rule, tables, 0, rx.groups, keep)


def _alternative(pattern: str, flags: int) -> str | None:
    """A rule's regex as one alternative of its state's alternation (a group with its flags
    written inline, or the pattern itself when it needs no group), or None when it must be
    matched alone."""
    flags = int(flags)  # a RegexFlag's operators are Python code
    pattern = _unicode_word_boundaries(pattern)
    if flags & ~_SCOPABLE or _NOT_COMBINABLE.search(pattern):
        return None
    letters = "".join(letter for flag, letter in _SCOPED_FLAGS if flags & flag)
    if not letters and "|" not in pattern:
        # Nothing to scope and no alternation to keep apart from the others': no group (each
        # one costs the compile, and the lexers' regexes are compiled anew by every reblog process).
        return pattern
    # A verbose pattern may end in a comment: a newline ends that before the group closes.
    return f"(?{letters}:{pattern}\n)" if "x" in letters else f"(?{letters}:{pattern})"


def _combine(rules: list[tuple[Rule, str]], tables: _Tables, keep: bool) -> list[_Segment]:
    """One alternation for consecutive combinable rules (each alone if Python refuses it)."""
    if not rules:
        return []
    # Each alternative ends with an empty marker group: the marker is the last group to close,
    # so ``lastindex`` names the rule; and the alternative still starts with its own first
    # literal or class, which the regex engine checks before entering it (a group wrapping it
    # would come first and defeat that).
    joined = tables.alternation(tuple(alternative for _, alternative in rules), keep)
    if joined is None:
        return [_alone(rule, tables, keep) for rule, _ in rules]
    rx, markers = joined
    entries: list[_Entry | None] = [None] * (rx.groups + 1)
    base = 0
    for (rule, _), marker in zip(rules, markers):
        entries[marker] = _Entry(rule, tables, base, marker - base - 1, keep, rx.groups)
        base = marker
    return [(rx, entries, None)]


class _RuleMemo:
    """What is made of a rule's regex alone, by (pattern, flags): its alternative and the
    characters its match can start with.  Shared by a lexer and the lexers derived from it
    (:meth:`LexerSpec.derive`), which have most of its rules."""

    __slots__ = ("alternatives", "first_chars", "alternations", "parses", "one_char")

    def __init__(self) -> None:
        self.alternatives: dict[tuple[str, int], str | None] = {}
        self.first_chars: dict[tuple[str, int], frozenset[str] | None] = {}
        # The compiled alternation of some rules' alternatives and its marker groups (None:
        # Python refuses it); the states of a lexer and of those derived from it try the same
        # few rules at many characters.
        self.alternations: dict[tuple[str, ...], tuple[re.Pattern[str], list[int]] | None] = {}
        # Python's parse of an alternative and its code (regex_join.parse), shared by the
        # alternations that have it and the reading of its first characters.
        self.parses: dict[str, regex_join.Piece | None] = {}
        self.one_char: dict[tuple[str, int], frozenset[str] | None] = {}


class _Tables(dict[str, StateRules]):
    """A lexer's state name -> :class:`StateRules`, each compiled on first lookup; and what the
    states share, made once (mixins put a rule in many states): each rule's alternative and
    first characters (with the lexers it is derived from or derives, ``memo``) and each
    :class:`Words` action's table for the lexer's ``attrs``."""

    def __init__(self, rules: Mapping[str, Sequence[Rule]], attrs: Mapping[str, Any], memo: _RuleMemo) -> None:
        super().__init__()
        self._rules = rules
        self._attrs = attrs
        self._alternatives = memo.alternatives
        self._first_chars = memo.first_chars
        self._alternations = memo.alternations
        self._parses = memo.parses
        self._one_char = memo.one_char
        self._words: dict[Words, dict[str, tuple[str, str | None]]] = {}

    def __missing__(self, state: str) -> StateRules:
        table = self[state] = StateRules(self._rules[state], self)  # KeyError: no such state
        return table

    def alternative(self, rule: Rule, keep: bool = True) -> str | None:
        """The rule's regex as an alternative of an alternation (``_alternative``), kept for
        the other states that have the rule when ``keep``."""
        key = (rule.pattern, rule.flags)
        if key in self._alternatives:
            return self._alternatives[key]
        alternative = _alternative(rule.pattern, rule.flags)
        if keep:
            self._alternatives[key] = alternative
        return alternative

    def first_chars(self, rule: Rule, keep: bool = True) -> frozenset[str] | None:
        """The ASCII characters the rule's non-empty match can start with (``first_chars``),
        kept for the other states that have the rule when ``keep``."""
        key = (rule.pattern, rule.flags)
        if key in self._first_chars:
            return self._first_chars[key]
        alternative = self.alternative(rule, keep)
        parsed = None if alternative is None else self.parse(alternative, keep)
        if parsed is not None:
            chars = first_chars_of(parsed.parsed)  # the rule's flags are scoped in its alternative
        else:
            chars = first_chars(_unicode_word_boundaries(rule.pattern), _FLAGS | rule.flags)
        if keep:
            self._first_chars[key] = chars
        return chars

    def one_char(self, rule: Rule, keep: bool = True) -> frozenset[str] | None:
        """The ASCII characters each of which the rule's regex surely matches as its whole
        match, when it is one character or class of characters (``one_char``), kept for the
        other states that have the rule when ``keep``."""
        key = (rule.pattern, rule.flags)
        if key in self._one_char:
            return self._one_char[key]
        alternative = self.alternative(rule, keep)
        parsed = None if alternative is None else self.parse(alternative, keep)
        chars = None if parsed is None else one_char(parsed.parsed)
        if keep:
            self._one_char[key] = chars
        return chars

    def alternation(
        self, alternatives: tuple[str, ...], keep: bool = True,
    ) -> tuple[re.Pattern[str], list[int]] | None:
        """One regex for rules' ``alternatives`` in order, each followed by an empty marker
        group, and the markers' group numbers (None when Python refuses it), kept when ``keep``.
        Put together from each alternative's parse (:mod:`.regex_join`) where it can be."""
        if alternatives in self._alternations:
            return self._alternations[alternatives]
        pieces = [piece for piece in (self.parse(alternative, keep) for alternative in alternatives) if piece]
        joined = regex_join.join(pieces, _FLAGS) if len(pieces) == len(alternatives) else None
        if joined is None:
            source = "|".join(f"{alternative}(?P<_{index}>)" for index, alternative in enumerate(alternatives))
            try:
                rx = re.compile(source, _FLAGS)
            except (re.error, RecursionError, OverflowError):
                pass
            else:
                joined = rx, [rx.groupindex[f"_{index}"] for index in range(len(alternatives))]
        if keep:
            self._alternations[alternatives] = joined
        return joined

    def parse(self, alternative: str, keep: bool = True) -> regex_join.Piece | None:
        """Python's parse of a rule's alternative (``regex_join.parse``; None: none to use)."""
        if alternative in self._parses:
            return self._parses[alternative]
        parsed = regex_join.parse(alternative, _FLAGS)
        if keep:
            self._parses[alternative] = parsed
        return parsed

    def words(self, action: Words, keep: bool = True) -> dict[str, tuple[str, str | None]]:
        """The word table of a :class:`Words` action for this lexer's ``attrs`` (kept when ``keep``)."""
        table = self._words.get(action)
        if table is None:
            table = action.table(self._attrs)
            if keep:
                self._words[action] = table
        return table


class _RunTables(dict[str, StateRules]):
    """One run's states: the lexer's shared ones plus states made while lexing (push_rules)."""

    def __init__(self, shared: dict[str, StateRules]) -> None:
        super().__init__()
        self._shared = shared

    def __missing__(self, state: str) -> StateRules:
        table = self[state] = self._shared[state]
        return table


def r(pattern: str, action: Action, next: str | Callable[[Run], None] | None = None, flags: int = 0) -> Rule:
    """Shorthand for :class:`Rule`."""
    return Rule(pattern, action, next, flags)


@dataclass
class LexerSpec:
    """A lexer: named states of rules, an initial stack and an optional start hook."""

    name: str
    states: dict[str, list[RuleDef]]
    initial: tuple[str, ...] = ("root",)
    on_start: Callable[[Run], None] | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    _flat: dict[str, list[Rule]] | None = field(default=None, repr=False, compare=False)
    _tables: _Tables | None = field(default=None, repr=False, compare=False)
    _memo: _RuleMemo = field(default_factory=_RuleMemo, repr=False, compare=False)

    def derive(
        self,
        name: str,
        *,
        prepend: Mapping[str, Sequence[RuleDef]] | None = None,
        add: Mapping[str, Sequence[RuleDef]] | None = None,
        initial: tuple[str, ...] | None = None,
        on_start: Callable[[Run], None] | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> LexerSpec:
        """Return a sub-lexer: new states, rules prepended to existing ones, other settings."""
        states = {key: list(rules) for key, rules in self.states.items()}
        for key, rules in (add or {}).items():
            states[key] = list(rules)
        for key, rules in (prepend or {}).items():
            states[key] = list(rules) + states[key]
        return LexerSpec(
            name,
            states,
            initial or self.initial,
            on_start or self.on_start,
            {**self.attrs, **(attrs or {})},
            _memo=self._memo,
        )

    def flattened(self) -> dict[str, list[Rule]]:
        """Every state's rules in order, mixins spliced in (resolved once)."""
        if self._flat is None:

            def flatten(key: str, seen: tuple[str, ...]) -> list[Rule]:
                out: list[Rule] = []
                for item in self.states[key]:
                    if isinstance(item, Mixin):
                        if item.state in seen:
                            raise ValueError(f"mixin cycle in {self.name}: {item.state}")
                        out.extend(flatten(item.state, seen + (item.state,)))
                    else:
                        out.append(item)
                return out

            self._flat = {key: flatten(key, (key,)) for key in self.states}
        return self._flat

    def tables(self) -> _Tables:
        """The compiled rules of every state, each compiled when a run first enters it (a lexer
        such as a language embedding others has states most code never reaches)."""
        if self._tables is None:
            self._tables = _Tables(self.flattened(), self.attrs, self._memo)
        return self._tables

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """Lex ``text`` from scratch; return merged (class, text) tokens."""
        return merge(self.unmerged_tokens(text))

    def unmerged_tokens(self, text: str) -> list[tuple[str, str]]:
        """Lex ``text`` from scratch; return (class, text) tokens as the rules emitted them
        (for a consumer that merges while it goes anyway)."""
        run = Run(self)
        run.feed(text)
        return run.out


class LexerStackError(Exception):
    """The state stack ran empty (Rouge raises too)."""


class Run:
    """One lexer instance: its state stack survives across :meth:`feed` calls (delegation)."""

    __slots__ = ("m", "out", "spec", "stack", "tables", "vars", "_dynamic")

    def __init__(self, spec: LexerSpec, out: list[tuple[str, str]] | None = None) -> None:
        self.spec = spec
        self.tables: dict[str, StateRules] = spec.tables()
        self.out: list[tuple[str, str]] = [] if out is None else out
        self.vars: dict[str, Any] = {}
        self.m: RuleMatch | None = None
        self._dynamic = 0
        self.stack: list[str] = []
        self.reset()

    def reset(self) -> None:
        # In place: a scan in progress holds the list.
        self.stack[:] = self.spec.initial
        if self.spec.on_start is not None:
            self.spec.on_start(self)

    # -- actions available to callbacks -------------------------------------------------
    def token(self, cls: str, value: str | None = None) -> None:
        if value is None:
            value = self.m.group(0) if self.m is not None else ""
        if value:
            self.out.append((cls, value))

    def groups(self, *classes: str) -> None:
        m = self.m
        if m is None:
            return
        for index, cls in enumerate(classes, 1):
            value = m.group(index)
            if value:
                self.out.append((cls, value))

    def push(self, state: str | None = None) -> None:
        if state is None:
            state = self.stack[-1]
        self.stack.append(state)

    def pop(self, times: int = 1) -> None:
        if not self.stack:
            raise LexerStackError(self.spec.name)
        del self.stack[max(0, len(self.stack) - times):]

    def goto(self, state: str) -> None:
        if not self.stack:
            raise LexerStackError(self.spec.name)
        self.stack[-1] = state

    def reset_stack(self) -> None:
        """Rouge's ``reset_stack``: back to ``[:root]`` alone (not the initial stack)."""
        self.stack[:] = ["root"]

    def push_rules(self, rules: Sequence[Rule]) -> None:
        """Push a state made at lexing time (Rouge's ``push do ... end``), e.g. rules that
        embed text matched earlier such as a code fence's exact delimiter."""
        if self.tables is self.spec.tables():
            self.tables = _RunTables(self.tables)  # on first use: the spec's table is shared
        self._dynamic += 1
        name = f"\0dynamic{self._dynamic}"
        # Such rules embed text of the document (a heredoc's delimiter): what is made for them is
        # not kept in the lexer's shared tables, which would otherwise grow with every document.
        self.tables[name] = StateRules(rules, self.spec.tables(), keep=False)
        self.stack.append(name)

    def state(self) -> str:
        return self.stack[-1]

    def delegate(self, other: Run, text: str | None = None) -> None:
        """Lex ``text`` (default: the whole match) with another lexer instance, in place."""
        if text is None:
            text = self.m.group(0) if self.m else ""
        saved = other.out
        other.out = self.out
        try:
            other.feed(text)
        finally:
            other.out = saved

    def delegate_new(self, source: LexerSpec | TokenSource, text: str | None = None) -> None:
        """Rouge's ``delegate SomeLexerClass``: lex ``text`` (default: the whole match) with a
        new instance of another lexer, whichever kind it is."""
        if text is None:
            text = self.m.group(0) if self.m else ""
        if isinstance(source, LexerSpec):
            self.delegate(Run(source), text)
        else:
            self.out.extend(source.tokens(text))

    # -- the scanner -----------------------------------------------------------------------
    def feed(self, text: str) -> None:
        """Lex ``text`` from the current state stack, appending tokens to ``out``."""
        pos = 0
        end = len(text)
        null_steps = 0
        out = self.out
        stack = self.stack
        tables = self.tables
        # The state on top of the stack, looked up again only after something may have
        # changed the stack (most tokens leave it as it is).
        state: StateRules | None = None
        match: Callable[[str, int], re.Match[str] | None] | None = None
        entries: Sequence[_Entry | None] = ()
        known: dict[str, _Entry] | None = None
        m: re.Match[str] | None
        while pos < end:
            if state is None:
                if not stack:
                    raise LexerStackError(self.spec.name)
                state = tables[stack[-1]]
                match, entries, known = state.match, state.entries, state.known
            hit = known.get(text[pos]) if known is not None else None
            if hit is not None:
                # The rule that matches here is known, and its match (StateRules.known).
                entry: _Entry = hit
                m = None
                value = text[pos] if entry.width else ""
            else:
                if match is not None:
                    m = match(text, pos)
                    if m is None:
                        out.append(("err", text[pos]))
                        pos += 1
                        continue
                    entry = entries[m.lastindex]  # type: ignore[index,assignment]
                else:
                    for segment_rx, segment_entries, alone in state.segments:  # noqa: B007 - kept by the break
                        m = segment_rx.match(text, pos)
                        if m is not None:
                            break
                    else:
                        out.append(("err", text[pos]))
                        pos += 1
                        continue
                    entry = alone or segment_entries[m.lastindex]  # type: ignore[index,assignment]
                value = m[0]
            # The common cases first, each in full when a token was taken (so no null step).
            fast = entry.fast
            if fast is not _OTHER and value:
                null_steps = 0
                pos += len(value)
                if fast is _EMIT:
                    out.append((entry.action, value))  # type: ignore[arg-type]
                elif fast is _EMIT_WORD:
                    cls, push = entry.words.get(value, entry.default)
                    out.append((cls, value))
                    if push is not None:
                        stack.append(push)
                        state = None
                else:
                    out.append((entry.action, value))  # type: ignore[arg-type]
                    if fast is _EMIT_ENTER:
                        stack.append(entry.target)  # type: ignore[arg-type]
                    else:  # _EMIT_POP
                        if not stack:
                            raise LexerStackError(self.spec.name)
                        stack.pop()
                    state = None
                continue
            matched_end = pos + len(value)
            # An empty match, or a rule the short paths do not take; m is None only for a
            # known rule, whose action and state change need no match.
            if entry.fast is _EMIT_POP:  # an empty match (else taken above)
                if not stack:
                    raise LexerStackError(self.spec.name)
                stack.pop()
                state = None
            else:
                kind = entry.kind
                if kind is _TOKEN:
                    if value:
                        out.append((entry.action, value))  # type: ignore[arg-type]
                elif kind is _WORDS:
                    cls, push = entry.words.get(value, entry.default)
                    if value:
                        out.append((cls, value))
                    if push is not None:
                        stack.append(push)
                        state = None
                elif kind is _CALLBACK:
                    own = self.m = entry.own_match(m)  # type: ignore[arg-type]
                    entry.action(self, own)  # type: ignore[operator,misc]
                    tables = self.tables  # a callback may have pushed rules made at lexing time
                    state = None
                elif kind is _GROUPS:
                    base = entry.base
                    for index, cls in enumerate(entry.action, 1):  # type: ignore[arg-type]
                        value = m.group(base + index)  # type: ignore[union-attr]
                        if value:
                            out.append((cls, value))
                move = entry.move
                if move is not _STAY:
                    state = None
                    if move is _ENTER:
                        stack.append(entry.target)  # type: ignore[arg-type]
                    elif move is _POP:
                        if not stack:
                            raise LexerStackError(self.spec.name)
                        stack.pop()
                    elif move is _PUSH:
                        self.push()
                    else:
                        self.m = entry.own_match(m)  # type: ignore[arg-type]
                        entry.target(self)  # type: ignore[operator,misc]
                        tables = self.tables
            if matched_end == pos:
                null_steps += 1
                if null_steps > MAX_NULL_STEPS:
                    out.append(("err", text[pos]))  # Rouge gives up on this character
                    pos += 1
                    continue
            else:
                null_steps = 0
            pos = matched_end


def merge(tokens: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Merge adjacent tokens of the same class, as Rouge's lexer does."""
    merged: list[tuple[str, str]] = []
    for cls, value in tokens:
        if not value:
            continue
        if merged and merged[-1][0] == cls:
            merged[-1] = (cls, merged[-1][1] + value)
        else:
            merged.append((cls, value))
    return merged


def words(*groups: Sequence[str] | str) -> frozenset[str]:
    """A set of words from whitespace-separated strings."""
    out: set[str] = set()
    for group in groups:
        out.update(group.split() if isinstance(group, str) else group)
    return frozenset(out)
