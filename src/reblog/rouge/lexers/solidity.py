"""Solidity, tokenized as Rouge 3.30's ``solidity.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words(
    "abstract anonymous as assembly break catch calldata constant constructor continue contract "
    "do delete else emit enum event external fallback for function hex if indexed interface "
    "internal import is library mapping memory modifier new override payable public pure pragma "
    "private receive return returns storage struct throw try type using var view virtual while"
)
# Rouge also lists dotted names (abi.encode, msg.sender ...), which its identifier regex cannot
# match; only the plain words matter.
_BUILTINS = words(
    "now false true balance selector super this blockhash gasleft assert require revert "
    "selfdestruct suicide call callcode delegatecall send transfer addmod ecrecover keccak256 "
    "mulmod sha256 sha3 ripemd160"
)
_CONSTANTS = words("wei finney szabo ether seconds minutes hours days weeks years")
_TYPES = words("address bool byte bytes int string uint")
_RESERVED = words(
    "alias after apply auto case copyof default define final fixed immutable implements in "
    "inline let macro match mutable null of partial promise reference relocatable sealed sizeof "
    "static supports switch typedef typeof ufixed unchecked"
)


def _word(run: Run, m: RuleMatch) -> None:
    name = m.group(0)
    if name in _KEYWORDS:
        run.token("k")
    elif name in _BUILTINS:
        run.token("nb")
    elif name in _CONSTANTS:
        run.token("kc")
    elif name in _TYPES:
        run.token("kt")
    elif name in _RESERVED:
        run.token("kr")
    else:
        run.token("n")


def _push_bol(run: Run) -> None:
    run.push("bol")


def _pop_now(run: Run) -> None:
    run.pop()


SOLIDITY = LexerSpec(
    "solidity",
    {
        "expr_bol": [Mixin("inline_whitespace"), r(r"", None, _pop_now)],
        "bol": [Mixin("expr_bol")],
        "inline_whitespace": [
            r(r"[ \t\r]+", ""),
            r(r"\\\n", ""),
            r(r"/\*", "cm", "comment_multi"),
        ],
        "whitespace": [
            r(r"\n+", "", "bol"),
            r(r"//(?:\\.|.)*?\n", "c1", "bol"),
            Mixin("inline_whitespace"),
        ],
        "expr_whitespace": [r(r"\n+", "", "expr_bol"), Mixin("whitespace")],
        "statements": [
            Mixin("whitespace"),
            r(r'(?:hex)?"', "s", "string_double"),
            r(r"(?:hex)?'", "s", "string_single"),
            r(r"'(?:\\.|\\[0-7]{1,3}|\\x[a-f0-9]{1,2}|[^\\'\n])'", "sc", flags=re.I),
            r(r"\d\d*\.\d+(?:[eE]\d+)?", "mf", flags=re.I),
            r(r"0x[0-9a-f]+", "mh", flags=re.I),
            r(r"\d+(?:[eE]\d+)?", "mi", flags=re.I),
            r(r"\*/", "err"),
            r(r"[~!%^&*+=|?:<>/-]", "o"),
            r(r"[()\[\],.]", "p"),
            r(r"u?fixed\d+x\d+", "kr"),
            r(r"bytes\d+", "kt"),
            r(r"u?int\d+", "kt"),
            r(r"[a-zA-Z$_][\w$_]*", _word),
        ],
        "root": [Mixin("expr_whitespace"), r(r"", None, "statement")],
        "statement": [
            r(r";", "p", "#pop"),
            Mixin("expr_whitespace"),
            Mixin("statements"),
            r(r"[{}]", "p"),
        ],
        "string_common": [
            r(r"\\(?:u[a-fA-F0-9]{4}|x..|[^x])", "se"),
            r(r"[^\\\"'\n]+", "s"),
            r(r"\\\n", "s"),
            r(r"\\", "s"),
        ],
        "string_double": [Mixin("string_common"), r(r'"', "s", "#pop"), r(r"'", "s")],
        "string_single": [Mixin("string_common"), r(r"'", "s", "#pop"), r(r'"', "s")],
        "comment_multi": [
            r(r"\*/", "cm", "#pop"),
            r(r"[^*/]+", "cm"),
            r(r"[*/]", "cm"),
        ],
    },
    on_start=_push_bol,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"solidity": SOLIDITY}
