"""Vim script, tokenized as Rouge 3.30's ``viml.rb`` does."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r
from .viml_keywords import BUILTINS, COMMANDS


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    run.token("k" if word in COMMANDS else "nb" if word in BUILTINS else "")


VIML = LexerSpec(
    "viml",
    {
        "root": [
            r(r'^(\s*)(".*?)$', ("", "c")),
            r(r"^\s*\\", "se"),
            r(r"[ \t]+", ""),
            r(r"/(?:\\\\|\\/|[^\n/])*/", "sr"),
            r(r'"(?:\\\\|\\"|[^\n"])*"', "s2"),
            r(r"'(?:\\\\|\\'|[^\n'])*'", "s1"),
            # Rouge's next rule starts with (?<=\s), which never sees the text before the scan
            # position: it cannot match, so it is left out.
            r(r"-?\d+", "m"),
            r(r"#[0-9a-f]{6}", "mh", flags=re.I),
            r(r"^:", "p"),
            r(r"[():<>+=!\[\]{}|,~.-]", "p"),
            r(r"(?:let|if|else|endif|elseif|fun|function|endfunction)\b", "k"),
            r(r"(?:NONE|bold|italic|underline|dark|light)\b", "nb"),
            r(r"[absg]:\w+\b", "nv"),
            r(r"\w+\b", _word),
            r(r".", "", flags=re.S),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"viml": VIML}
