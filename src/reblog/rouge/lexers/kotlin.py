"""Kotlin, tokenized as Rouge 3.30's ``kotlin.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, TokenSource, r

_KEYWORDS = (
    "abstract annotation as break by catch class companion const constructor continue "
    "crossinline do dynamic else enum external false final finally for fun get if import in "
    "infix inline inner interface internal is lateinit noinline null object open operator out "
    "override package private protected public reified return sealed set super suspend tailrec "
    "this throw true try typealias typeof val var vararg when where while yield"
).split()

# Rouge's Unicode categories (\p{Lu}, \p{Ll}, ...) approximated with Python's Unicode classes;
# \p{Lu} by ASCII and Latin-1 capitals.
_NAME_CHARS = r"(?u:[-\w])*"
_CLASS_NAME = rf"`?[A-Z\u00c0-\u00d6\u00d8-\u00de]{_NAME_CHARS}`?"
_NAME = rf"`?(?u:[^\W\d]){_NAME_CHARS}`?"

_DEC = r"(?:[0-9][0-9_]*[0-9]|[0-9])"
_EXPONENT = rf"[eE][+-]?{_DEC}"
_DOUBLE = rf"(?:(?:{_DEC})?\.{_DEC}(?:{_EXPONENT})?|{_DEC}{_EXPONENT})"

KOTLIN = LexerSpec(
    "kotlin",
    {
        "root": [
            r(r"(companion)(\s+)(object)\b", ("k", "", "k")),
            r(r"(class|data\s+class|interface|object)(\s+)", ("kd", ""), "class"),
            r(r"(fun)(\s+)", ("k", ""), "function"),
            r(r"(package|import)(\s+)", ("k", ""), "package"),
            r(r"(val|var)(\s+)(\()", ("kd", "", "p"), "destructure"),
            r(r"(val|var)(\s+)", ("kd", ""), "property"),
            r(rf"(return|continue|break|this|super)(@{_NAME})?\b", ("k", "nd")),
            r(r"fun\b", "k"),
            r(rf"(?:{'|'.join(_KEYWORDS)})\b", "k"),
            r(r"^\s*\[.*?\]", "na"),
            r(r"[^\S\n]+", ""),
            r(r"\\\n", ""),
            r(r"//.*?$", "c1"),
            r(r"/[*].*[*]/", "cm"),
            r(r"/[*].*", "cm", "comment"),
            r(r"\n", ""),
            r(r"(::)(class)", ("o", "k")),
            r(r"::|!!|\?[:.]", "o"),
            r(r"\.\.", "o"),
            r(rf"{_DOUBLE}[fF]?|{_DEC}[fF]", "mf"),
            r(r"0[bB](?:[01][01_]*[01]|[01])[uU]?L?", "mb"),
            r(r"0[xX](?:[0-9a-fA-F][0-9a-fA-F_]*[0-9a-fA-F]|[0-9a-fA-F])[uU]?L?", "mh"),
            r(r"(?:[1-9][0-9_]*[0-9]|[0-9])[uU]?L?", "mi"),
            r(r"[~!%^&*()+=|\[\]:;,.<>/?-]", "p"),
            r(r"[{}]", "p"),
            r(r'@"(?:""|[^"])*"', "s"),
            r(r'""".*?"""', "s", flags=re.S),
            r(r'"(?:\\\\|\\"|[^"\n])*["\n]', "s"),
            r(r"'\\.'|'[^\\]'", "sc"),
            r(rf"@{_CLASS_NAME}", "nd"),
            r(rf"({_CLASS_NAME})(<)", ("nc", "p"), "generic_parameters"),
            r(_CLASS_NAME, "nc"),
            r(rf"{_NAME}(?=\s*[({{])", "nf"),
            r(rf"{_NAME}@", "nd"),
            r(_NAME, "n"),
        ],
        "package": [r(r"\S+", "nn", "#pop")],
        "class": [r(_CLASS_NAME, "nc", "#pop")],
        "function": [
            r(r"<", "p", "generic_parameters"),
            r(r"\s+", ""),
            r(rf"({_CLASS_NAME})(\.)", ("nc", "p")),
            r(_NAME, "nf", "#pop"),
        ],
        "generic_parameters": [
            r(_CLASS_NAME, "nc"),
            r(r"<", "p", "generic_parameters"),
            r(r"(?:reified|out|in)", "k"),
            r(r"[,:.?]", "p"),
            r(r"\s+", ""),
            r(r">", "p", "#pop"),
        ],
        "property": [
            r(r"<", "p", "generic_parameters"),
            r(r"\s+", ""),
            r(_NAME, "py", "#pop"),
        ],
        "destructure": [
            r(r",", "p"),
            r(r"\)", "p", "#pop"),
            r(r"\s+", ""),
            r(_NAME, "py"),
        ],
        "comment": [
            r(r"/[*]", "cm", "comment"),
            r(r"[*]/", "cm", "#pop"),
            r(r"[^/*]+", "cm"),
            r(r"[/*]", "cm"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"kotlin": KOTLIN}
