"""Old-style (OpenStep) property lists, tokenized as Rouge 3.30's ``plist.rb`` does."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, TokenSource, r

PLIST = LexerSpec(
    "plist",
    {
        "whitespace": [r(r"\s+", "w")],
        "root": [
            r(r"//.*$", "c"),
            r(r"/\*.+?\*/", "c", flags=re.S),
            Mixin("whitespace"),
            r(r"{", "p", "dictionary"),
            r(r"\(", "p", "array"),
            r(r'"(?:[^"\\]|\\.)*"', "s2"),
            r(r"'(?:[^'\\]|\\.)*'", "s1"),
            r(r"<", "p", "data"),
            r(r"[\w$/:.-]+", "l"),
        ],
        "dictionary": [Mixin("root"), r(r"[=;]", "p"), r(r"}", "p", "#pop")],
        "array": [Mixin("root"), r(r"[,]", "p"), r(r"\)", "p", "#pop")],
        "data": [r(r"[0-9a-fA-F\s]+", "mh"), r(r">", "p", "#pop")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"plist": PLIST}
