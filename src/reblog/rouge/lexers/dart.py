"""Dart, tokenized as Rouge 3.30's ``dart.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r

_KEYWORDS = (
    "as assert await break case catch continue default do else finally for if in is new rethrow "
    "return super switch this throw try while with yield"
).split()
_DECLARATIONS = (
    "abstract async dynamic const covariant external extends factory final get implements late "
    "native on operator required set static sync typedef var"
).split()
_TYPES = (
    "bool Comparable double Dynamic enum Function int List Map Never Null num Object Pattern Set "
    "String Symbol Type Uri void"
).split()
_IMPORTS = r"import|deferred|export|library|part\s*of|part|source"
_ID = r"[a-zA-Z_]\w*"


def _method(run: Run, m: RuleMatch) -> None:
    run.delegate(Run(DART), m.group(1))
    run.token("nf", m.group(2))
    run.token("", m.group(3))
    run.token("p", m.group(4))


DART: LexerSpec = LexerSpec(
    "dart",
    {
        "root": [
            r(
                r"^(\s*(?:[a-zA-Z_][a-zA-Z\d_.\[\]]*\s+)+?)([a-zA-Z_]\w*)(\s*)(\()",
                _method,
                flags=re.S,
            ),
            r(r"\s+", ""),
            r(r"//.*?$", "c1"),
            r(r"/\*.*?\*/", "cm", flags=re.S),
            r(r'"', "s", "dqs"),
            r(r"'", "s", "sqs"),
            r(r'r"[^"]*"', "sx"),
            r(r"r'[^']*'", "sx"),
            r(rf"#(?:{_ID})*", "ss", flags=re.I),
            r(rf"@{_ID}", "nd"),
            r(rf"(?:{'|'.join(_KEYWORDS)})\b", "k"),
            r(rf"(?:{'|'.join(_DECLARATIONS)})\b", "kd"),
            r(rf"(?:{'|'.join(_TYPES)})\b", "kt"),
            r(r"(?:true|false|null)\b", "kc"),
            r(r"(?:class|interface|mixin)\b", "kd", "class"),
            r(rf"(?:{_IMPORTS})\b", "kn", "import"),
            r(rf"(\.)({_ID})", ("o", "na")),
            r(rf"{_ID}:", "nl"),
            r(rf"\$?{_ID}", "n"),
            r(r"[~^*!%&|+=:/?-]", "o"),
            r(r"[\[\](){}<>.,;]", "p"),
            r(r"\d*\.\d+(?:[eE]-?\d+)?", "mf"),
            r(r"0x[\da-fA-F]+", "mh"),
            r(r"\d+L?", "mi"),
            r(r"\n", ""),
        ],
        "class": [r(r"\s+", ""), r(_ID, "nc", "#pop")],
        "dqs": [r(r'"', "s", "#pop"), r(r'[^\\$"]+', "s"), Mixin("string")],
        "sqs": [r(r"'", "s", "#pop"), r(r"[^\\$']+", "s"), Mixin("string")],
        "import": [
            r(r";", "o", "#pop"),
            r(r"(?:show|hide)\b", "kd"),
            Mixin("root"),
        ],
        "string": [Mixin("interpolation"), r(r"""\\[nrt"'\\]""", "se")],
        "interpolation": [
            r(rf"\${_ID}", "si"),
            r(r"\$\{[^}]+\}", "si"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"dart": DART}
