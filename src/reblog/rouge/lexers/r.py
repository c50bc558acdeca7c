"""R, tokenized the way Rouge 3.30's lexer does (rouge/lexers/r.rb), rule for rule.

Rouge guards the primitive-function rule with ``\\b(?<!.)``, which always holds where a name
starts at the scan position, so it is dropped.
"""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words("if else for while repeat in next break function")
_KEYWORD_CONSTANTS = words(
    "NULL Inf TRUE FALSE NaN NA NA_integer_ NA_real_ NA_complex_ NA_character_"
)
_BUILTIN_CONSTANTS = words("LETTERS letters month.abb month.name pi T F")
_PRIMITIVES = "|".join(
    (
        "abs acos acosh all any anyNA Arg as.call as.character as.complex as.double "
        "as.environment as.integer as.logical as.null.default as.numeric as.raw asin asinh atan "
        "atanh attr attributes baseenv browser c call ceiling class Conj cos cosh cospi cummax "
        "cummin cumprod cumsum digamma dim dimnames emptyenv exp expression floor forceAndCall "
        "gamma gc.time globalenv Im interactive invisible is.array is.atomic is.call "
        "is.character is.complex is.double is.environment is.expression is.finite is.function "
        "is.infinite is.integer is.language is.list is.logical is.matrix is.na is.name is.nan "
        "is.null is.numeric is.object is.pairlist is.raw is.recursive is.single is.symbol "
        "lazyLoadDBfetch length lgamma list log max min missing Mod names nargs nzchar oldClass "
        "on.exit pos.to.env proc.time prod quote range Re rep retracemem return round seq_along "
        "seq_len seq.int sign signif sin sinh sinpi sqrt standardGeneric substitute sum switch "
        "tan tanh tanpi tracemem trigamma trunc unclass untracemem UseMethod xtfrm"
    ).split()
)
# Ruby's [[:alpha:]] and [[:alnum:]] are Unicode classes.
_ALPHA = r"[^\W\d_]"
_NAME = rf"(?u:(?:{_ALPHA}|[.](?:[._]|{_ALPHA}))(?:[._]|[^\W_])*)|[.]"


def _name(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    if word in _KEYWORDS:
        run.token("k")
    elif word in _KEYWORD_CONSTANTS:
        run.token("kc")
    elif word in _BUILTIN_CONSTANTS:
        run.token("nb")
    else:
        run.token("n")


R = LexerSpec(
    "r",
    {
        "root": [
            r(r"#'.*?$", "cd"),
            r(r"#.*?$", "c1"),
            r(r"\s+", "w"),
            r(r"`[^`]+?`", "n"),
            r(r"'(\\.|.)*?'", "s1", flags=re.S),
            r(r'"(\\.|.)*?"', "s2", flags=re.S),
            r(r"%[^%]*?%", "o"),
            r(r"0[xX][a-fA-F0-9]+([pP][0-9]+)?[Li]?", "mh"),
            r(r"[+-]?(\d+([.]\d+)?|[.]\d+)([eE][+-]?\d+)?[Li]?", "m"),
            r(rf"({_PRIMITIVES})(?=\()", "nf"),
            r(_NAME, _name),
            r(r"[\[\]{}();,]", "p"),
            r(r"[-<>?*+^/!=~$@:%&|]", "o"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"r": R}
