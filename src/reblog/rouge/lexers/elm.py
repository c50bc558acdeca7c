"""Elm, tokenized as Rouge 3.30's ``elm.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, TokenSource, r

_KEYWORDS = "module|exposing|port|import|as|type|alias|if|then|else|case|of|let|in"

ELM = LexerSpec(
    "elm",
    {
        "root": [
            r(r"\s+", ""),
            r(r"--.*", "c1"),
            r(r"\{-", "cm", "multiline_comment"),
            r(rf"(?:{_KEYWORDS})\b", "k"),
            r(r"[a-z]\w*", "n"),
            r(r"_", "n"),
            r(r"[A-Z]\w*", "kt"),
            r(r"->|::|//|\.\.|&&|\|\||\+\+|\|>|<\||>>|<<|==|/=|<=|>=", "o"),
            # Rouge's class: '+-/' is a range there too (+ , - . /)
            r(r"[+-/*%=<>^|!]", "o"),
            r(r"\\", "o"),
            r(r"[@#$&~?]", "o"),
            r(r'"""', "s", "multiline_string"),
            r(r"'(?:\\.|.)'", "sc"),
            r(r'"', "s", "double_quote"),
            r(r"0x[\da-f]+", "mh", flags=re.I),
            r(r"\d+e[+-]?\d+", "mf", flags=re.I),
            r(r"\d+\.\d+(?:e[+-]?\d+)?", "mf", flags=re.I),
            r(r"\d+", "mi"),
            r(r"[\[\](),;`{}:]", "p"),
        ],
        "multiline_comment": [
            r(r"-\}", "cm", "#pop"),
            r(r"\{-", "cm", "multiline_comment"),
            r(r"[^-{}]+", "cm"),
            r(r"[-{}]", "cm"),
        ],
        "double_quote": [
            r(r'[^\\"]+', "s2"),
            r(r'\\"', "se"),
            r(r'"', "s2", "#pop"),
        ],
        "multiline_string": [
            r(r'\\"', "se"),
            r(r'"""', "s", "#pop"),
            r(r'[^"]+', "s"),
            r(r'"', "s"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"elm": ELM}
