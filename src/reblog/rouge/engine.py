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
from typing import Any, Protocol

from .firstchar import first_chars

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

Callback = Callable[["Run", "re.Match[str]"], None]
Action = str | tuple[str, ...] | Callback | None


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
    action: Action  # token class, tuple of group classes, or callback
    next: str | Callable[[Run], None] | None = None
    flags: int = 0


RuleDef = Rule | Mixin
CompiledRule = tuple["re.Pattern[str]", Rule]


class StateRules:
    """A state's compiled rules, with the rules worth trying at a position by its character:
    those whose match can start with it (see :mod:`reblog.rouge.firstchar`), in rule order, so
    the first one that matches is the one trying them all would find."""

    __slots__ = ("rules", "_firsts", "by_char")

    def __init__(self, rules: list[CompiledRule]) -> None:
        self.rules = rules
        self._firsts = [first_chars(rx.pattern, rx.flags) for rx, _ in rules]
        # Filled as characters are met (a state sees few distinct ones).
        self.by_char: dict[str, list[CompiledRule]] = {}

    def for_char(self, char: str) -> list[CompiledRule]:
        """The rules that can match at a position holding ``char``."""
        found = self.by_char.get(char)
        if found is None:
            found = self.by_char[char] = [
                pair for pair, chars in zip(self.rules, self._firsts) if chars is None or char in chars
            ]
        return found


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
    _compiled: dict[str, list[tuple[re.Pattern[str], Rule]]] | None = None
    _tables: dict[str, StateRules] | None = None

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
        )

    def compiled(self) -> dict[str, list[tuple[re.Pattern[str], Rule]]]:
        if self._compiled is None:
            cache: dict[str, re.Pattern[str]] = {}

            def flatten(key: str, seen: tuple[str, ...]) -> list[tuple[re.Pattern[str], Rule]]:
                out: list[tuple[re.Pattern[str], Rule]] = []
                for item in self.states[key]:
                    if isinstance(item, Mixin):
                        if item.state in seen:
                            raise ValueError(f"mixin cycle in {self.name}: {item.state}")
                        out.extend(flatten(item.state, seen + (item.state,)))
                    else:
                        ckey = f"{item.flags}\0{item.pattern}"
                        rx = cache.get(ckey)
                        if rx is None:
                            rx = cache[ckey] = _compile(item.pattern, item.flags)
                        out.append((rx, item))
                return out

            self._compiled = {key: flatten(key, (key,)) for key in self.states}
        return self._compiled

    def tables(self) -> dict[str, StateRules]:
        """The compiled rules of every state, indexed by first character (built once)."""
        if self._tables is None:
            self._tables = {key: StateRules(rules) for key, rules in self.compiled().items()}
        return self._tables

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """Lex ``text`` from scratch; return merged (class, text) tokens."""
        run = Run(self)
        run.feed(text)
        return merge(run.out)


class LexerStackError(Exception):
    """The state stack ran empty (Rouge raises too)."""


class Run:
    """One lexer instance: its state stack survives across :meth:`feed` calls (delegation)."""

    __slots__ = ("m", "out", "rules", "spec", "stack", "tables", "vars", "_dynamic")

    def __init__(self, spec: LexerSpec, out: list[tuple[str, str]] | None = None) -> None:
        self.spec = spec
        self.rules = spec.compiled()
        self.tables = spec.tables()
        self.out: list[tuple[str, str]] = [] if out is None else out
        self.vars: dict[str, Any] = {}
        self.m: re.Match[str] | None = None
        self._dynamic = 0
        self.reset()

    def reset(self) -> None:
        self.stack = list(self.spec.initial)
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
        if self.rules is self.spec.compiled():
            self.rules = dict(self.rules)  # copy on first use: the spec's table is shared
            self.tables = dict(self.tables)
        self._dynamic += 1
        name = f"\0dynamic{self._dynamic}"
        self.rules[name] = [(_compile(rule.pattern, rule.flags), rule) for rule in rules]
        self.tables[name] = StateRules(self.rules[name])
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
        pos = 0
        end = len(text)
        null_steps = 0
        out = self.out
        while pos < end:
            if not self.stack:
                raise LexerStackError(self.spec.name)
            matched = False
            table = self.tables[self.stack[-1]]
            # Only the rules whose match can start with this character (same first match).
            candidates = table.by_char.get(text[pos])
            if candidates is None:
                candidates = table.for_char(text[pos])
            for rx, rule in candidates:
                m = rx.match(text, pos)
                if m is None:
                    continue
                self.m = m
                action = rule.action
                if isinstance(action, str):
                    value = m.group(0)
                    if value:
                        out.append((action, value))
                elif isinstance(action, tuple):
                    self.groups(*action)
                elif action is not None:
                    action(self, m)
                nxt = rule.next
                if nxt is not None:
                    if nxt == "#pop":
                        self.pop()
                    elif nxt == "#push":
                        self.push()
                    elif isinstance(nxt, str):
                        self.stack.append(nxt)
                    else:
                        nxt(self)
                if m.end() == pos:
                    null_steps += 1
                    if null_steps > MAX_NULL_STEPS:
                        break
                else:
                    null_steps = 0
                pos = m.end()
                matched = True
                break
            if not matched:
                out.append(("err", text[pos]))
                pos += 1


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
