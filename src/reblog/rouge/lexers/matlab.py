"""MATLAB, tokenized as Rouge 3.30's ``matlab.rb`` does (``!`` shell escapes go to the shell
lexer)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r, words
from .matlab_builtins import BUILTINS
from .scripting import SHELL

_KEYWORDS = words(
    "arguments break case catch classdef continue else elseif end for function global if import "
    "methods otherwise parfor persistent properties return spmd switch try while"
)


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    run.token("k" if word in _KEYWORDS else "nb" if word in BUILTINS else "n")


def _shell_escape(run: Run, m: RuleMatch) -> None:
    run.token("k", m.group(1))
    run.delegate(Run(SHELL), m.group(2))


MATLAB = LexerSpec(
    "matlab",
    {
        "root": [
            r(r"\s+", ""),
            r(r"[{]%.*?%[}]", "cm", flags=re.S),
            r(r"%.*$", "c1"),
            r(r"([.][.][.])(.*?)$", ("k", "c")),
            r(r"^(!)(.*?)(?=%|$)", _shell_escape),
            r(r"[a-zA-Z][_a-zA-Z0-9]*", _word),
            r(r"[(){};:,/\\\]\[]", "p"),
            r(r"~=|==|<<|>>|[-~+/*%=<>&^|.@]", "o"),
            r(r"(?:\d+\.\d*|\d*\.\d+)(?:e[+-]?[0-9]+)?", "mf", flags=re.I),
            r(r"\d+e[+-]?[0-9]+", "mf", flags=re.I),
            r(r"\d+L", "il"),
            r(r"\d+", "mi"),
            r(r"'(?=(?:.*'))", "s1", "chararray"),
            r(r'"(?=(?:.*"))', "s2", "string"),
            r(r"'", "o"),
        ],
        "chararray": [
            r(r"[^']+", "s1"),
            r(r"''", "se"),
            r(r"'", "s1", "#pop"),
        ],
        "string": [
            r(r'[^"]+', "s2"),
            r(r'""', "se"),
            r(r'"', "s2", "#pop"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"matlab": MATLAB}
