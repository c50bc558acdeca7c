"""OCaml, tokenized as Rouge 3.30's ``ocaml.rb`` and ``ocaml/common.rb`` do."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words(
    "as assert begin class constraint do done downto else end exception external false for fun "
    "function functor if in include inherit initializer lazy let module mutable new nonrec "
    "object of open rec sig struct then to true try type val virtual when while with "
    "match raise"
)
_WORD_OPERATORS = words("and asr land lor lsl lxor mod or")
_PRIMITIVES = words("unit int float bool string char list array")

_OPERATOR = r"[;,_!$%&*+./:<=>?@^|~#-]+"
_ID = r"(?i:[a-z_][\w']*)"
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


def _push_same(run: Run) -> None:
    run.push()


OCAML = LexerSpec(
    "ocaml",
    {
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
            r(r"[({\[]", "p", "#pop"),
        ],
        "root": [
            r(r"\s+", ""),
            r(r"false|true|[(][)]|\[\]", "bp"),
            r(rf"{_UPPER_ID}(?=\s*[.])", "nn", "dotted"),
            r(rf"`{_ID}", "nt"),
            r(_UPPER_ID, "nc"),
            r(r"[(][*](?![)])", "c", "comment"),
            r(_ID, _word),
            r(r"[(){}\[\];]+", "p"),
            r(_OPERATOR, "o"),
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
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"ocaml": OCAML}
