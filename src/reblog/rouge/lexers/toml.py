"""TOML, tokenized as Rouge 3.30's ``toml.rb`` does (keys are ``py``, tables ``nn``)."""

from __future__ import annotations

from ..engine import LexerSpec, Mixin, TokenSource, r

# bare keys and quoted keys
_IDENT = r"""(?:\S+|"[^"]+"|'[^']+')"""

TOML = LexerSpec(
    "toml",
    {
        "basic": [
            r(r"\s+", ""),
            r(r"#.*?$", "c"),
            r(r"(?:true|false)", "kc"),
            r(rf"({_IDENT})(\s*)(=)(\s*)(\{{)", ("nn", "", "o", "", "p"), "inline"),
            # Rouge guards this with (?<!=), which never sees the text before the scan position.
            r(r"\s*\[[\S]+\]", "nn"),
            r(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "ld"),
            r(r"[+-]?\d+(?:_\d+)*\.\d+(?:_\d+)*(?:[eE][+-]?\d+(?:_\d+)*)?", "mf"),
            r(r"[+-]?\d+(?:_\d+)*[eE][+-]?\d+(?:_\d+)*", "mf"),
            r(r"[+-]?(?:nan|inf)", "mf"),
            r(r"0x[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*", "mh"),
            r(r"0o[0-7]+(?:_[0-7]+)*", "mo"),
            r(r"0b[01]+(?:_[01]+)*", "mb"),
            r(r"[+-]?\d+(?:_\d+)*", "mi"),
        ],
        "root": [
            Mixin("basic"),
            r(rf"({_IDENT})(\s*)(=)", ("py", "", "p"), "value"),
        ],
        "value": [r(r"\n", "", "#pop"), Mixin("content")],
        "content": [
            Mixin("basic"),
            r(rf"({_IDENT})(\s*)(=)", ("py", "", "p")),
            r(r'"""', "s", "mdq"),
            r(r'"', "s", "dq"),
            r(r"'''", "s", "msq"),
            r(r"'", "s", "sq"),
            Mixin("esc_str"),
            r(r",", "p"),
            r(r"\[", "p", "array"),
        ],
        "dq": [
            r(r'"', "s", "#pop"),
            r(r"\n", "err", "#pop"),
            Mixin("esc_str"),
            r(r'[^\\"\n]+', "s"),
        ],
        "mdq": [
            r(r'"""', "s", "#pop"),
            Mixin("esc_str"),
            r(r'[^\\"]+', "s"),
            r(r'"+', "s"),
        ],
        "sq": [
            r(r"'", "s", "#pop"),
            r(r"\n", "err", "#pop"),
            r(r"[^'\n]+", "s"),
        ],
        "msq": [
            r(r"'''", "s", "#pop"),
            r(r"[^']+", "s"),
            r(r"'+", "s"),
        ],
        "esc_str": [r(r'\\[0t\tn\n "\\r]', "se")],
        "array": [Mixin("content"), r(r"\]", "p", "#pop")],
        "inline": [Mixin("content"), r(r"\}", "p", "#pop")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"toml": TOML}
