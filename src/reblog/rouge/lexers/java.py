"""Java, tokenized as Rouge 3.30's ``java.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r

_KEYWORDS = (
    "assert break case catch continue default do else finally for if goto instanceof new return "
    "switch this throw try while"
).split()
_DECLARATIONS = (
    "abstract const enum extends final implements native private protected public static "
    "strictfp super synchronized throws transient volatile"
).split()
_TYPES = "boolean byte char double float int long short var void".split()

# POSIX classes of Ruby's regexes, Unicode-aware there: [[:alpha:]], [[:word:]], [[:alnum:]];
# [[:upper:]] is approximated by ASCII and Latin-1 capitals.
_ID = r"(?u:[^\W\d]|_)(?u:\w)*"
_UPPER = r"[A-Z\u00c0-\u00d6\u00d8-\u00de]"
_CONST = rf"{_UPPER}(?:{_UPPER}|(?u:\d)|_)*\b"
_CLASS = rf"{_UPPER}(?u:[^\W_])*\b"

_DIGIT = r"(?:[0-9]_+[0-9]|[0-9])"
_BIN = r"(?:[01]_+[01]|[01])"
_OCT = r"(?:[0-7]_+[0-7]|[0-7])"
_HEX = r"(?:[0-9a-fA-F]_+[0-9a-fA-F]|[0-9a-fA-F])"


def _method(run: Run, m: RuleMatch) -> None:
    run.delegate(Run(JAVA), m.group(1))
    run.token("nf", m.group(2))
    run.token("", m.group(3))
    run.token("o", m.group(4))


JAVA: LexerSpec = LexerSpec(
    "java",
    {
        "root": [
            r(r"[^\S\n]+", ""),
            r(r"//.*?$", "c1"),
            r(r"/\*.*?\*/", "cm", flags=re.S),
            # keywords go before method names so that "throw new XYZ(" is no signature
            r(rf"(?:{'|'.join(_KEYWORDS)})\b", "k"),
            r(
                r"(\s*(?:[a-zA-Z_][a-zA-Z0-9_.\[\]<>]*\s+)+?)([a-zA-Z_][a-zA-Z0-9_]*)(\s*)(\()",
                _method,
                flags=re.S,
            ),
            r(rf"@{_ID}", "nd"),
            r(rf"(?:{'|'.join(_DECLARATIONS)})\b", "kd"),
            r(rf"(?:{'|'.join(_TYPES)})\b", "kt"),
            r(r"(?:true|false|null)\b", "kc"),
            r(r"(?:class|interface)\b", "kd", "class"),
            r(r"(?:import|package)\b", "kn", "import"),
            r(r'"(?:\\\\|\\"|[^"])*"', "s"),
            r(r"'(?:\\.|[^\\]|\\u[0-9a-f]{4})'", "sc"),
            r(rf"(\.)({_ID})", ("o", "na")),
            r(rf"{_ID}:", "nl"),
            r(_CONST, "no"),
            r(_CLASS, "nc"),
            r(rf"\$?{_ID}", "n"),
            r(r"[~^*!%&\[\](){}<>|+=:;,./?-]", "o"),
            r(rf"{_DIGIT}+\.{_DIGIT}+(?:[eE]{_DIGIT}+)?[fd]?", "mf"),
            r(rf"0b{_BIN}+", "mb", flags=re.I),
            r(rf"0x{_HEX}+", "mh", flags=re.I),
            r(rf"0{_OCT}+", "mo"),
            r(rf"{_DIGIT}+L?", "mi"),
            r(r"\n", ""),
        ],
        "class": [r(r"\s+", ""), r(_ID, "nc", "#pop")],
        "import": [r(r"\s+", ""), r(r"[a-z0-9_.]+\*?", "nn", "#pop", flags=re.I)],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"java": JAVA}
