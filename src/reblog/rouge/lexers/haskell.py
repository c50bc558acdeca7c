"""Haskell, tokenized as Rouge 3.30's ``haskell.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_RESERVED = words(
    "_ case class data default deriving do else if in infix infixl infixr instance let newtype "
    "of then type where"
)
_ASCII = (
    "NUL SOH [SE]TX EOT ENQ ACK BEL BS HT LF VT FF CR S[OI] DLE DC[1-4] NAK SYN ETB CAN EM SUB "
    "ESC [FGRU]S SP DEL"
).split()
_SYM = r"[:!#$%&*+.\\/<=>?@^|~-]"
_UPPER_START = re.compile(r"'?[A-Z]")


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    if word == "import":
        run.token("kr")
        run.push("import")
    elif word == "module":
        run.token("kr")
        run.push("module")
    elif word in _RESERVED:
        run.token("kr")
    elif _UPPER_START.match(word):
        run.token("kt")
    else:
        run.token("n")


def _quasiquote(run: Run, m: RuleMatch) -> None:
    run.token("o", m.group(1))
    run.token("n", m.group(2))
    run.token("o", m.group(3))
    run.push("quasiquotation")


def _char_escape(run: Run, m: RuleMatch) -> None:
    run.token("se")
    run.goto("character_end")
    run.push("escape")


def _char(run: Run, m: RuleMatch) -> None:
    run.token("sc")
    run.goto("character_end")


def _goto_funclist(run: Run) -> None:
    run.goto("funclist")


HASKELL = LexerSpec(
    "haskell",
    {
        "basic": [
            r(r"\s+", ""),
            r(r"\{-#", "cp", "comment_preproc"),
            r(r"\{-", "cm", "comment"),
            r(r"^--\s+\|.*?$", "cd"),
            r(r"--(?![!#$%&*+./<=>?@^|_~]).*?$", "c1"),
        ],
        "comment": [
            r(r"-\}", "cm", "#pop"),
            r(r"\{-", "cm", "comment"),
            r(r"[^-{}]+", "cm"),
            r(r"[-{}]", "cm"),
        ],
        "comment_preproc": [
            r(r"-\}", "cp", "#pop"),
            r(r"\{-", "cp", "comment"),
            r(r"[^-{}]+", "cp"),
            r(r"[-{}]", "cp"),
        ],
        "root": [
            Mixin("basic"),
            r(r"'(?=(?:.|\\\S+)')", "sc", "character"),
            r(r'"', "s", "string"),
            r(r"\d+e[+-]?\d+", "mf", flags=re.I),
            r(r"\d+\.\d+(?:e[+-]?\d+)?", "mf", flags=re.I),
            r(r"0o[0-7]+", "mo", flags=re.I),
            r(r"0x[\da-f]+", "mh", flags=re.I),
            r(r"\d+", "mi"),
            r(r"[\w']+", _word),
            r(rf"\\(?!{_SYM}+)", "nf"),
            r(rf"(?:<-|::|->|=>|=)(?!{_SYM}+)", "o"),
            r(rf":{_SYM}*", "o"),
            r(rf"{_SYM}+", "o"),
            r(r"\[\s*\]", "kt"),
            r(r"\(\s*\)", "nb"),
            r(r"(\[)([_a-z][\w']*)(\|)", _quasiquote),
            r(r"[\[\](),;`{}]", "p"),
        ],
        "import": [
            r(r"\s+", ""),
            r(r'"', "s", "string"),
            r(r"qualified\b", "k"),
            r(r"([A-Z][\w.]*)(\s+)(as)(\s+)([A-Z][a-zA-Z0-9_.]*)", ("nn", "", "k", "", "n"), "#pop"),
            r(r"([A-Z][\w.]*)(\s+)(hiding)(\s+)(\()", ("nn", "", "k", "", "p"), _goto_funclist),
            r(r"([A-Z][\w.]*)(\s+)(\()", ("nn", "", "p"), _goto_funclist),
            r(r"[\w.]+", "nn", "#pop"),
        ],
        "module": [
            r(r"\s+", ""),
            r(r"([A-Z][\w.]*)(\s+)(\()", ("nn", "", "p"), "funclist"),
            r(r"where\b", "kr", "#pop"),
            r(r"[A-Z][a-zA-Z0-9_.]*", "nn", "#pop"),
        ],
        "funclist": [
            Mixin("basic"),
            r(r"[A-Z]\w*", "kt"),
            r(r"(?:_[\w']+|[a-z][\w']*)", "nf"),
            r(r",", "p"),
            r(rf"{_SYM}+", "o"),
            r(r"\(", "p", "funclist"),
            r(r"\)", "p", "#pop"),
        ],
        "character": [r(r"\\", _char_escape), r(r".", _char)],
        "character_end": [r(r"'", "sc", "#pop"), r(r".", "err", "#pop")],
        "quasiquotation": [
            r(r"\|\]", "o", "#pop"),
            r(r"[^|]+", ""),
            r(r"\|", ""),
        ],
        "string": [
            r(r'"', "s", "#pop"),
            r(r"\\", "se", "escape"),
            r(r'[^\\"]+', "s"),
        ],
        "escape": [
            r(r"""[abfnrtv"'&\\]""", "se", "#pop"),
            r(r"\^[\]\[A-Z@^_]", "se", "#pop"),
            r("|".join(_ASCII), "se", "#pop"),
            r(r"o[0-7]+", "se", "#pop", flags=re.I),
            r(r"x[\da-f]+", "se", "#pop", flags=re.I),
            r(r"\d+", "se", "#pop"),
            r(r"\s+\\", "se", "#pop"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"haskell": HASKELL}
