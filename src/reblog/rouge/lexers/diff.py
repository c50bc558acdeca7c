"""Unified diffs and patches, tokenized as Rouge 3.30's ``diff.rb`` does.

Each rule takes a whole line with its newline, so consecutive added or removed lines merge
into one ``gi``/``gd`` token, as in Rouge's markup."""

from __future__ import annotations

from ..engine import LexerSpec, TokenSource, r

DIFF = LexerSpec(
    "diff",
    {
        "root": [
            r(r"^ .*$\n?", ""),
            r(r"^---$\n?", "p"),
            r(r"^[+>]+.*$\n?", "gi"),
            r(r"^\+.*$\n?", "gi"),
            r(r"^[-<]+.*$\n?", "gd"),
            r(r"^!.*$\n?", "gs"),
            r(r"^(?:[Ii]ndex|diff).*$\n?", "gh"),
            r(r"^(@@[^@]*@@)([^\n]*\n)", ("p", "")),
            r(r"^\w.*$\n?", "p"),
            r(r"^=.*$\n?", "gh"),
            r(r"\s.*$\n?", ""),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"diff": DIFF}
