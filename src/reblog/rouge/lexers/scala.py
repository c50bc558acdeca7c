"""Scala, tokenized as Rouge 3.30's ``scala.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Run, TokenSource, r

# Rouge's op is one character of [\u0020-\u007F\p{Sm}\p{So}] that is no space, letter, digit,
# paren or delimiter: the ASCII ones are listed, \p{Sm}/\p{So} approximated by the common
# symbol blocks (Latin-1 signs, arrows, mathematical operators, technical and dingbats).
_OP = (
    r"[!#%&'*+\-/:<=>?@\\^`|~\x7f\u00ac\u00b1\u00d7\u00f7\u00a6\u00a9\u00ae\u00b0"
    r"\u2190-\u23ff\u25a0-\u27ff\u2900-\u2aff]"
)
_LETTER = r"(?:(?u:[^\W\d_])|[$_])"
_UPPER = r"[A-Z\u00c0-\u00d6\u00d8-\u00de$_]"
_IDREST = rf"{_LETTER}(?:{_LETTER}|[0-9])*(?:(?<=_){_OP}+)?"
_NAME = rf"(?:{_IDREST}|{_OP}+|`[^`]+`)"
_KEYWORDS = (
    "abstract case catch def do else extends final finally for forSome if implicit lazy match "
    "new override private protected requires return sealed super this throw try val var while "
    "with yield"
)
# Rouge's typechunk lacks a '|' between the operator and the backquoted alternative.
_TYPECHUNK = rf"(?:{_IDREST}|{_OP}+`[^`]+`)"


def _typeparam_instead(run: Run) -> None:
    run.pop()
    run.push("typeparam")


SCALA = LexerSpec(
    "scala",
    {
        "root": [
            r(r"(class|trait|object)(\s+)", ("k", ""), "class"),
            r(rf"'{_IDREST}(?!')", "ss"),
            r(r"[^\S\n]+", ""),
            r(r"//.*", "c1"),
            r(r"/\*", "cm", "comment"),
            r(rf"@{_IDREST}", "nd"),
            r(rf"(def)(\s+)({_NAME})(\s*)", ("k", "", "nf", "")),
            r(rf"(val)(\s+)({_NAME})(\s*)", ("k", "", "nv", "")),
            r(rf"(this)(\n*)(\.)({_IDREST})", ("k", "", "o", "py")),
            r(rf"({_IDREST}|_)(\n*)(\.)({_IDREST})", ("nv", "", "o", "py")),
            r(rf"{_UPPER}{_IDREST}\b", "nc"),
            r(rf"({_IDREST})((?u:\s)*)(\()", ("nf", "", "o")),
            r(rf"(\.)({_IDREST})", ("o", "py")),
            r(
                rf"(?:{_KEYWORDS.replace(' ', '|')})\b"
                r"|(?:<[%:-]|=>|>:|[#=@_\u21D2\u2190])(?:\b|(?=\s)|$)",
                "k",
            ),
            r(rf":(?!{_OP})", "k", "type"),
            r(r"(?:true|false|null)\b", "kc"),
            r(r"(import|package)(\s+)", ("k", ""), "import"),
            r(r"(type)(\s+)", ("k", ""), "type"),
            r(r'""".*?"""(?!")', "s", flags=re.S),
            r(r'"(?:\\\\|\\"|[^"])*"', "s"),
            r(r"'\\.'|'[^\\]'|'\\u[0-9a-fA-F]{4}'", "sc"),
            r(_IDREST, "n"),
            r(r"`[^`]+`", "n"),
            r(r"\[", "o", "typeparam"),
            r(r"[(){};,.#]", "o"),
            r(rf"{_OP}+", "o"),
            r(r"(?:[0-9][0-9]*\.[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?", "mf"),
            r(r"[0-9][0-9]*[fFdD]", "mf"),
            r(r"0x[0-9a-fA-F]+", "mh"),
            r(r"[0-9]+L?", "mi"),
            r(r"\n", ""),
        ],
        "class": [
            r(rf"({_NAME})(\s*)(\[)", ("nc", "", "o"), "typeparam"),
            r(r"\s+", ""),
            r(r"{", "o", "#pop"),
            r(r"\(", "o", "#pop"),
            r(r"//.*", "c1", "#pop"),
            r(_NAME, "nc", "#pop"),
        ],
        "type": [
            r(r"\s+", ""),
            r(r"<[%:]|>:|[#_\u21D2]|forSome|type", "k"),
            r(r"([,);}]|=>|=)(\s*)", ("o", ""), "#pop"),
            r(r"[({]", "o", "type"),
            r(rf"({_TYPECHUNK}(?:\.{_TYPECHUNK})*)(\s*)(\[)", ("kt", "", "o"), _typeparam_instead),
            r(rf"({_TYPECHUNK}(?:\.{_TYPECHUNK})*)(\s*)$", ("kt", ""), "#pop"),
            r(r"//.*", "c1", "#pop"),
            r(rf"\.|{_IDREST}|{_OP}+|`[^`]+`", "kt"),
        ],
        "typeparam": [
            r(r"[\s,]+", ""),
            r(r"<[%:]|=>|>:|[#_\u21D2]|forSome|type", "k"),
            r(r"[\])}]", "o", "#pop"),
            r(r"[(\[{]", "o", "typeparam"),
            r(rf"\.|{_IDREST}|{_OP}+|`[^`]+`", "kt"),
        ],
        "comment": [
            r(r"[^/*]+", "cm"),
            r(r"/\*", "cm", "comment"),
            r(r"\*/", "cm", "#pop"),
            r(r"[*/]", "cm"),
        ],
        "import": [r(rf"(?:{_IDREST}|\.)+", "nn", "#pop")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"scala": SCALA}
