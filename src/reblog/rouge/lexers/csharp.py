"""C#, tokenized as Rouge 3.30's ``csharp.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, TokenSource, r

_ID = r"@?[_a-zA-Z]\w*"
_KEYWORDS = (
    "abstract as base break case catch checked const continue default delegate do else enum "
    "event explicit extern false finally fixed for foreach goto if implicit in interface internal "
    "is lock new null operator out override params private protected public readonly ref return "
    "sealed sizeof stackalloc static switch this throw true try typeof unchecked unsafe virtual "
    "void volatile while add alias async await get global partial remove set value where yield "
    "nameof ascending by descending equals from group in into join let on orderby select"
).split()
_TYPES = (
    "bool byte char decimal double dynamic float int long object sbyte short string uint ulong "
    "ushort var"
).split()
_PREPROC = "if endif else elif define undef line error warning region endregion pragma".split()

CSHARP = LexerSpec(
    "csharp",
    {
        "whitespace": [
            r(r"\s+", ""),
            r(r"//.*?$", "c1"),
            r(r"/[*].*?[*]/", "cm", flags=re.S),
        ],
        "nest": [
            r(r"{", "p", "nest"),
            r(r"}", "p", "#pop"),
            Mixin("root"),
        ],
        "splice_string": [
            r(r"\\.", "s"),
            r(r"{", "p", "nest"),
            r(r'"|\n', "s", "#pop"),
            r(r".", "s"),
        ],
        "splice_literal": [
            r(r'""', "s"),
            r(r"{", "p", "nest"),
            r(r'"', "s", "#pop"),
            r(r".", "s"),
        ],
        "root": [
            Mixin("whitespace"),
            r(r'[$]\s*"', "s", "splice_string"),
            r(r'[$]@\s*"', "s", "splice_literal"),
            r(rf"(<\[)\s*(?:{_ID}:)?", "k"),
            r(r"\]>", "k"),
            r(r"[~!%^&*()+=|\[\]{}:;,.<>/?-]", "p"),
            r(r'@"(?:""|[^"])*"', "s"),
            r(r'"(?:\\.|.)*?["\n]', "s"),
            r(r"'(?:\\.|.)'", "sc"),
            r(r"0x[0-9a-f]+[lu]?", "m", flags=re.I),
            r(r"[0-9](?:[.][0-9]*)?(?:e[+-][0-9]+)?[fldu]?", "m", flags=re.I),
            r(r"(?:class|struct|interface)\b", "k", "class"),
            r(r"(?:namespace|using)\b", "k", "namespace"),
            r(rf"^#[ \t]*(?:{'|'.join(_PREPROC)})\b.*?\n", "cp"),
            r(rf"(?:{'|'.join(_KEYWORDS)})\b", "k"),
            r(rf"(?:{'|'.join(_TYPES)})\b", "kt"),
            r(rf"{_ID}(?=\s*[(])", "nf"),
            r(_ID, "n"),
        ],
        "class": [Mixin("whitespace"), r(_ID, "nc", "#pop")],
        "namespace": [
            Mixin("whitespace"),
            r(r"(?=[(])", "", "#pop"),
            r(rf"(?:{_ID}|[.])+", "nn", "#pop"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"csharp": CSHARP}
