"""Makefiles, tokenized as Rouge 3.30's ``make.rb`` does: targets, variables and directives,
with recipe and assignment text handed to one shared shell lexer."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r
from .scripting import SHELL

_FUNCTIONS = (
    "abspath addprefix addsuffix and basename call dir error eval file filter filter-out "
    "findstring firstword flavor foreach if join lastword notdir or origin patsubst realpath "
    "shell sort strip subst suffix value warning wildcard word wordlist words"
).split()
_STOP = r"\$\(|\$\{|\(|\)|\}|\\|$"


def _start(run: Run) -> None:
    run.vars["shell"] = Run(SHELL)


def _shell(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["shell"])


def _shell_and_push(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["shell"])
    run.push()


def _assignment(run: Run, m: RuleMatch) -> None:
    run.token("nv", m.group(1))
    run.token("", m.group(2))
    run.token("o", m.group(3))
    run.push("shell_line")


def _header_end(run: Run, m: RuleMatch) -> None:
    run.token("")
    run.goto("block_body")


def _body_end(run: Run, m: RuleMatch) -> None:
    run.vars["shell"].reset()
    run.pop()


MAKE = LexerSpec(
    "make",
    {
        "root": [
            r(r"\s+", ""),
            r(r"#.*?\n", "c"),
            r(r"([-s]?include)((?:[\t ]+[^\t\n #]+)+)", ("k", "sx")),
            r(r"(ifn?def|ifn?eq)([\t ]+)([^#\n]+)", ("k", "", "nv")),
            r(r"(?:else|endif)[\t ]*(?=[#\n])", "k"),
            r(r"(export)([\t ]+)(?=[\w${}()\t -]+\n)", ("k", ""), "export"),
            r(r"export[\t ]+", "k"),
            r(r"([\w${}().-]+)([\t ]*)([!?:+]?=)", _assignment),
            r(r'"(?:\\\\|\\.|[^"\\])*"', "s2"),
            r(r"'(?:\\\\|\\.|[^'\\])*'", "s1"),
            r(r"([^\n:]+)(:+)([ \t]*)", ("nl", "o", ""), "block_header"),
        ],
        "export": [
            r(r"[\w${}()-]", "nv"),
            r(r"\n", "", "#pop"),
            r(r"[\t ]+", ""),
        ],
        "block_header": [
            r(r"[^,\\\n#]+", "nf"),
            r(r",", "p"),
            r(r"#.*?", "c"),
            r(r"\\\n", ""),
            r(r"\\.", ""),
            r(r"\n", _header_end),
        ],
        "block_body": [
            r(r"(ifn?def|ifn?eq)([\t ]+)([^#\n]+)(#.*)?(\n)", ("k", "", "nv", "c", "")),
            r(r"(else|endif)([\t ]*)(#.*)?(\n)", ("k", "", "c", "")),
            r(r"(\t[\t ]*)([@-]?)", ("", "p"), "shell_line"),
            r(r"", _body_end),
        ],
        "shell": [
            r(r"\$[({][\t ]*\w[\w:=%.]*[\t ]*[)}]", "nv", flags=re.I),
            r(rf"(\$[({{])([\t ]*)({'|'.join(_FUNCTIONS)})([\t ]+)", ("nf", "", "nb", ""), "shell_expr"),
            r(r"\\.", _shell, flags=re.S),
            r(rf".+?(?={_STOP})", _shell, flags=re.S),
            r(_STOP, _shell),
        ],
        "shell_expr": [
            r(r"[({]", _shell_and_push),
            r(r"[)}]", "nf", "#pop"),
            Mixin("shell"),
        ],
        "shell_line": [r(r"\n", "", "#pop"), Mixin("shell")],
    },
    on_start=_start,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"make": MAKE}
