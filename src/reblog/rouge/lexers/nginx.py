"""nginx configuration files, tokenized as Rouge 3.30's ``nginx.rb`` does."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r

_ID = r"[^\s$;{}()#]+"


def _open_block(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.pop()
    run.push("block")


NGINX = LexerSpec(
    "nginx",
    {
        "root": [
            r(r"(include)(\s+)([^\s;]+)", ("k", "", "n")),
            r(_ID, "k", "statement"),
            Mixin("base"),
        ],
        "block": [
            r(r"}", "p", "#pop"),
            r(_ID, "kn", "statement"),
            Mixin("base"),
        ],
        "statement": [
            r(r"{", _open_block),
            r(r";", "p", "#pop"),
            Mixin("base"),
        ],
        "base": [
            r(r"\s+", ""),
            r(r"#.*", "c1"),
            r(r"(?:on|off)\b", "no"),
            r(r"[$][\w-]+", "nv"),
            r(r"([a-z0-9.-]+)(:)([0-9]+)", ("nf", "p", "mi"), flags=re.I),
            r(r"[a-z-]+/[a-z-]+", "nc", flags=re.I),
            r(r"[0-9]+[kmg]?\b", "mi", flags=re.I),
            r(r"(~)(\s*)([^\s{]+)", ("p", "", "sr")),
            r(r"[:=~]", "p"),
            r(rf"/(?:{_ID})?", "n"),
            r(r"[^#\s;{}$\\]+", "s"),
            r(r"[$;]", ""),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"nginx": NGINX}
