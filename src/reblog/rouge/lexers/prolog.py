"""Prolog, tokenized as Rouge 3.30's ``prolog.rb`` does (rule for rule)."""

from __future__ import annotations

from ..engine import LexerSpec, Mixin, Run, TokenSource, r

# [[:lower:]] approximated by ASCII and Latin-1 small letters; [[:word:]] is Unicode-aware.
_LOWER = r"[a-z\u00df-\u00f6\u00f8-\u00ff]"


def _push_bol(run: Run) -> None:
    run.push("bol")


def _pop_now(run: Run) -> None:
    run.pop()


PROLOG = LexerSpec(
    "prolog",
    {
        "bol": [r(r"#.*", "c1"), r(r"", None, _pop_now)],
        "basic": [
            r(r"\s+", ""),
            r(r"%.*", "c1"),
            r(r"/\*", "cm", "nested_comment"),
            r(r"[\[\](){}|.,;!]", "p"),
            r(r":-|-->", "p"),
            r(r'"[^"]*"', "s2"),
            r(r"\d+\.\d+", "mf"),
            r(r"\d+", "m"),
        ],
        "atoms": [r(rf"{_LOWER}(?u:\w)*", "ss"), r(r"'[^']*'", "ss")],
        "operators": [
            r(r"(?:<|>|=<|>=|==|=:=|=|/|//|\*|\+|-)(?=\s|[a-zA-Z0-9\[])", "o"),
            r(r"is", "o"),
            r(r"(?:mod|div|not)", "o"),
            # '+-.' is a range in Rouge's class too (+ , - .)
            r(r"[#&*+-./:<=>?@^~]+", "o"),
        ],
        "variables": [r(r"[A-Z]+\w*", "nv"), r(r"_(?u:\w)*", "nv")],
        "root": [Mixin("basic"), Mixin("atoms"), Mixin("variables"), Mixin("operators")],
        "nested_comment": [
            r(r"/\*", "cm", "#push"),
            r(r"\s*\*[^*/]+", "cm"),
            r(r"\*/", "cm", "#pop"),
        ],
    },
    on_start=_push_bol,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"prolog": PROLOG}
