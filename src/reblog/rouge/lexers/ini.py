"""INI files, Java ``.properties`` and generic config files, tokenized as Rouge 3.30's
``ini.rb``, ``properties.rb`` (two near-identical lexers there too) and ``conf.rb`` do."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleDef, TokenSource, r


def _key_value(
    name: str, comment: str, key: str, separator: str, escapes: list[RuleDef], root: list[RuleDef]
) -> LexerSpec:
    """The shared shape: comments, ``key = value`` lines, quoted and escaped values."""
    return LexerSpec(
        name,
        {
            "basic": [
                r(rf"{comment}.*?\n", "c"),
                r(r"\s+", ""),
                r(r"\\\n", "se"),
            ],
            "root": [
                Mixin("basic"),
                r(rf"({key})(\s*)({separator})", ("py", "", "p"), "value"),
                *root,
            ],
            "value": [
                r(r"\n", "", "#pop"),
                Mixin("basic"),
                r(r'"', "s", "dq"),
                r(r"'.*?'", "s"),
                Mixin("esc_str"),
                r(r"[^\\\n]+", "s"),
            ],
            "dq": [
                r(r'"', "s", "#pop"),
                Mixin("esc_str"),
                r(r'[^\\"]+', "s"),
            ],
            "esc_str": escapes,
        },
    )


INI = _key_value("ini", r"[;#]", r"[\w\-.]+", "=", [r(r"\\.", "se", flags=re.S)], [r(r"\[.*?\]", "nn")])

PROPERTIES = _key_value(
    "properties", r"[!#]", r"[\w.-]+", "[=:]", [r(r"\\u[0-9]{4}", "se"), r(r"\\.", "se", flags=re.S)], []
)

CONF = LexerSpec(
    "conf",
    {
        "root": [
            r(r"#.*?\n", "c"),
            r(r'".*?"', "s2"),
            r(r"'.*?'", "s1"),
            r(r"[a-z]\w*", "n", flags=re.I),
            r(r"\d+", "m"),
            r(r"[^\w#\"']+", ""),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"ini": INI, "properties": PROPERTIES, "conf": CONF}
