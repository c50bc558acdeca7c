"""F#, tokenized as Rouge 3.30's ``fsharp.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words(
    "abstract and as assert base begin class default delegate do done downcast downto elif else "
    "end exception extern false finally for fun function global if in inherit inline interface "
    "internal lazy let let! match member module mutable namespace new not null of open or "
    "override private public rec return return! select static struct then to true try type "
    "upcast use use! val void when while with yield yield! sig atomic break checked component "
    "const constraint constructor continue eager event external fixed functor include method "
    "mixin object parallel process protected pure sealed tailcall trait virtual volatile"
)
_KEYOPTS = words(
    r"!= # & && ( ) * \+ , - -. -> . .. : :: := :> ; ;; < <- = > >] >} ? ?? [ [< [> [| ] _ ` "
    r"{ {< | |] } ~ |> <| <>"
)
_WORD_OPERATORS = words("and asr land lor lsl lxor mod or")
_PRIMITIVES = words("unit int float bool string char list array")

_OPERATOR = r"[\[\];,{}_()!$%&*+./:<=>?@^|~#-]+"
_ID = r"(?i:(?:[a-z][\w']*)|(?:``[^`\n\r\t]+``))"
_UPPER_ID = r"[A-Z][\w']*"
_HEX = r"[0-9a-fA-F]"


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    if word in _KEYWORDS:
        run.token("k")
    elif word in _WORD_OPERATORS:
        run.token("ow")
    elif word in _PRIMITIVES:
        run.token("kt")
    else:
        run.token("n")


def _operator(run: Run, m: RuleMatch) -> None:
    run.token("p" if m.group(0) in _KEYOPTS else "o")


def _push_same(run: Run) -> None:
    run.push()


FSHARP = LexerSpec(
    "fsharp",
    {
        "root": [
            r(r"\s+", ""),
            r(r"false|true|[(][)]|\[\]", "bp"),
            r(rf"{_UPPER_ID}(?=\s*[.])", "nn", "dotted"),
            r(_UPPER_ID, "nc"),
            r(r"[(][*](?![)])", "c", "comment"),
            r(r"//.*?$", "c1"),
            r(_ID, _word),
            r(_OPERATOR, _operator),
            r(r"-?\d[\d_]*(?:.[\d_]*)?(?:e[+-]?\d[\d_]*)", "mf", flags=re.I),
            r(rf"0x{_HEX}[0-9a-fA-F_]*", "mh", flags=re.I),
            r(r"0o[0-7][0-7_]*", "mo", flags=re.I),
            r(r"0b[01][01_]*", "mb", flags=re.I),
            r(r"\d[\d_]*", "mi"),
            r(rf"""'(?:(?:\\[\\"'ntbr ])|(?:\\[0-9]{{3}})|(?:\\x{_HEX}{{2}}))'""", "sc"),
            r(r"'[.]'", "sc"),
            r(r"'", "k"),
            r(r'"', "s2", "string"),
            r(rf"[~?]{_ID}", "nv"),
        ],
        "comment": [
            r(r"[^(*)]+", "c"),
            r(r"[(][*]", "c", _push_same),
            r(r"[*][)]", "c", "#pop"),
            r(r"[(*)]", "c"),
        ],
        "string": [
            r(r'[^\\"]+', "s2"),
            Mixin("escape_sequence"),
            r(r"\\\n", "s2"),
            r(r'"', "s2", "#pop"),
        ],
        "escape_sequence": [
            r(r"""\\[\\"'ntbr]""", "se"),
            r(r"\\\d{3}", "se"),
            r(rf"\\x{_HEX}{{2}}", "se"),
        ],
        "dotted": [
            r(r"\s+", ""),
            r(r"[.]", "p"),
            r(rf"{_UPPER_ID}(?=\s*[.])", "nn"),
            r(_UPPER_ID, "nc", "#pop"),
            r(_ID, "n", "#pop"),
            r(r"\[", "p", "#pop"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"fsharp": FSHARP}
