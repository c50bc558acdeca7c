"""sed scripts, tokenized as Rouge 3.30's ``sed.rb`` does: addresses, commands, and the regex
and replacement parts of ``s///`` lexed by two small sub-lexers kept for the whole script."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..engine import Callback, LexerSpec, Mixin, RuleMatch, Run, TokenSource, r

_ADDR = "kn"


def _goto(state: str) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.goto(state)

    return action


_REGEX = LexerSpec(
    "sed_regex",
    {
        "root": [
            r(r"\\.", "se"),
            r(r"\[", "p", "brackets"),
            r(r"[$^.*]", "o"),
            r(r"[()]", "p"),
            r(r".", "sr"),
        ],
        "brackets": [
            r(r"\^", "p", _goto("brackets_int")),
            r(r"", None, _goto("brackets_int")),
        ],
        "brackets_int": [
            r(r".-.", "nv"),
            r(r"\]", "p", "#pop"),
            r(r".", "sr"),
        ],
    },
)

_REPLACEMENT = LexerSpec(
    "sed_replacement",
    {
        "root": [
            r(r"\\.", "se", flags=re.S),
            r(r"&", "o"),
            r(r"[^\\&]+", ""),
        ],
    },
)


def _start(run: Run) -> None:
    run.vars["regex"] = Run(_REGEX)
    run.vars["replacement"] = Run(_REPLACEMENT)


def _reset(cls: str) -> Callback:
    def action(run: Run, m: RuleMatch) -> None:
        run.token(cls)
        run.reset_stack()

    return action


def _substitute(run: Run, m: RuleMatch) -> None:
    run.token("k", m.group(1))
    run.token("p", m.group(2))
    run.delegate(run.vars["regex"], m.group(3))
    run.token("p", m.group(4))
    run.delegate(run.vars["replacement"], m.group(5))
    run.token("p", m.group(6))
    run.goto("flags")


def _transliterate(run: Run, m: RuleMatch) -> None:
    run.token("k", m.group(1))
    run.token("p", m.group(2))
    run.delegate(run.vars["replacement"], m.group(3))
    run.token("p", m.group(4))
    run.delegate(run.vars["replacement"], m.group(5))
    run.token("p", m.group(6))
    run.pop()


def _slash_address(run: Run, m: RuleMatch) -> None:
    run.token(_ADDR, m.group(1))
    run.delegate(run.vars["regex"], m.group(2))
    run.token(_ADDR, m.group(3))


def _custom_address(run: Run, m: RuleMatch) -> None:
    run.token(_ADDR, m.group(1) + m.group(2))
    run.delegate(run.vars["regex"], m.group(3))
    run.token(_ADDR, m.group(4))


def _write_flag(run: Run, m: RuleMatch) -> None:
    # Rouge's block calls `token` three times without a value: each repeats the whole match
    run.token("k")
    run.token("")
    run.token("n")


def _push_command(run: Run) -> None:
    run.push("command")


def _pop_now(run: Run) -> None:
    run.pop()


_EDOT = r"(?s:\\.|.)"

SED = LexerSpec(
    "sed",
    {
        "whitespace": [
            r(r"\s+", ""),
            r(r"#.*?\n", _reset("c")),
            r(r"\n", _reset("")),
            r(r";", _reset("p")),
        ],
        "root": [Mixin("addr_range")],
        "command": [
            Mixin("whitespace"),
            r(rf"(s)(.)({_EDOT}*?)(\2)({_EDOT}*?)(\2)", _substitute, flags=re.S),
            r(rf"(y)(.)({_EDOT}*?)(\2)({_EDOT}*?)(\2)", _transliterate, flags=re.S),
            r(r"([aic])(\s*)", ("k", ""), _goto("text")),
            r(r"[pd]", "k"),
            r(r"([qQl])(\s+)(\d+)", ("k", "", "m"), "#pop", flags=re.I),
            r(r"[={}dDgGhHlnpPqx]", "k", "#pop"),
            r(r"([rRwW])(\s+)(\S+)", ("k", "", "n"), "#pop"),
            r(r"([:btT])(\s+)(\S+)", ("k", "", "nl"), "#pop"),
        ],
        "addr_range": [
            Mixin("whitespace"),
            r(r"\d+", _ADDR),
            r(r"[$,~+!]", _ADDR),
            r(r"(/)((?:\\.|.)*?)(/)", _slash_address),
            r(r"(\\)(.)((?:\\.|.)*?)(\2)", _custom_address),
            r(r"", None, _push_command),
        ],
        "text": [
            r(r"[^\\\n]+", "s"),
            r(r"\\\n", "se"),
            r(r"\\", "s"),
            r(r"\n", "", "#pop"),
        ],
        "flags": [
            r(r"[gp]+", "k", "#pop"),
            r(r"([wW])(\s+)(\S+)", _write_flag),
            r(r"", None, _pop_now),
        ],
    },
    on_start=_start,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"sed": SED}
