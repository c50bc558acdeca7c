"""NASM assembly, tokenized as Rouge 3.30's ``nasm.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, TokenSource, r

_NAME = r"[a-zA-Z$._?][\w$.?#@~]*"
_DIRECTIVES = (
    "BITS|USE16|USE32|SECTION|SEGMENT|ABSOLUTE|EXTERN|GLOBAL|ORG|ALIGN|STRUC|ENDSTRUC|COMMON|CPU"
    "|GROUP|UPPERCASE|IMPORT|EXPORT|LIBRARY|MODULE"
)
_REGISTERS = (
    r"r\d[0-5]?[bwd]|[a-d][lh]|[er]?[a-d]x|[er]?[sb]p|[er]?[sd]i|[c-gs]s|st[0-7]|mm[0-7]|cr[0-4]"
    r"|dr[0-367]|tr[3-7]"
)

NASM = LexerSpec(
    "nasm",
    {
        "root": [
            r(r"^\s*%", "cp", "preproc"),
            Mixin("whitespace"),
            r(rf"{_NAME}:", "nl", flags=re.I),
            r(rf"({_NAME})(\s+)(equ)", ("no", "kd", "kd"), "instruction_args", flags=re.I),
            r(_DIRECTIVES, "k", "instruction_args"),
            r(r"(?:res|d)[bwdqt]|times", "kd", "instruction_args", flags=re.I),
            r(_NAME, "nf", "instruction_args", flags=re.I),
            r(r"[\r\n]+", ""),
        ],
        "instruction_args": [
            # as in Rouge, [^"\\n] excludes the letter n too, and "$0..." can never match
            r(r'"(?:\\\\"|[^"\\n])*"|\'(?:\\\\\'|[^\'\\n])*\'|`(?:\\\\`|[^`\\n])*`', "s"),
            r(r"(?:0x[\da-f]+|$0[\da-f]*|\d+[\da-f]*h)", "mh", flags=re.I),
            r(r"[0-7]+q", "mo", flags=re.I),
            r(r"[01]+b", "mb", flags=re.I),
            r(r"\d+\.e?\d+", "mf", flags=re.I),
            r(r"\d+", "mi"),
            Mixin("punctuation"),
            r(_REGISTERS, "nb", flags=re.I),
            r(_NAME, "nv", flags=re.I),
            r(r"[\r\n]+", "", "#pop"),
            Mixin("whitespace"),
        ],
        "preproc": [
            r(r"[^;\n]+", "cp"),
            r(r";.*?\n", "c1", "#pop"),
            r(r"\n", "cp", "#pop"),
        ],
        "whitespace": [
            r(r"\n", ""),
            r(r"[ \t]+", ""),
            r(r";.*", "c1"),
        ],
        "punctuation": [
            r(r"[,():\[\]]+", "p"),
            r(r"[&|^<>+*/%~-]+", "o"),
            r(r"\$+", "kc"),
            r(r"seg|wrt|strict", "ow", flags=re.I),
            r(r"byte|[dq]?word", "kt", flags=re.I),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"nasm": NASM}
