"""VHDL (2008), tokenized as Rouge 3.30's ``vhdl.rb`` does (words compared in lower case)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words(
    "access after alias all architecture array assert assume assume_guarantee attribute begin "
    "block body buffer bus case component configuration constant context cover default "
    "disconnect downto else elsif end entity exit fairness file for force function generate "
    "generic group guarded if impure in inertial inout is label library linkage literal loop map "
    "new next null of on open others out package parameter port postponed procedure process "
    "property protected pure range record register reject release report return select sequence "
    "severity shared signal strong subtype then to transport type unaffected units until use "
    "variable vmode vprop vunit wait when while with"
)
_TYPES = words(
    "bit bit_vector boolean boolean_vector character integer integer_vector natural positive real "
    "real_vector severity_level signed std_logic std_logic_vector std_ulogic std_ulogic_vector "
    "string unsigned time time_vector"
)
_OPERATOR_WORDS = words("abs and mod nand nor not or rem rol ror sla sll sra srl xnor xor")
_ID = r"[a-zA-Z][a-zA-Z0-9_]*"


def _word(run: Run, m: RuleMatch) -> None:
    word = m.group(0).lower()
    if word in _KEYWORDS:
        run.token("k")
    elif word in _TYPES:
        run.token("kt")
    elif word in _OPERATOR_WORDS:
        run.token("ow")
    else:
        run.token("n")


VHDL = LexerSpec(
    "vhdl",
    {
        "whitespace": [r(r"\s+", ""), r(r"\n", ""), r(r"--.*$", "c1")],
        "statements": [
            r(r"-?\d+", "mi"),
            r(r"-?\d+[.]\d+", "mf"),
            r(r'[box]?"[^"]*"', "s1", flags=re.I),
            r(r"'[^']?'", "sc"),
            r(rf"'{_ID}", "na"),
            r(r"[(),:;]", "p"),
            r(r"(?:true|false|null)\b", "nb", flags=re.I),
            r(_ID, _word),
            # '+-.' is a range in Rouge's class too (+ , - .)
            r(r"=>|[*][*]|:=|/=|>=|<=|<>|\?\?|\?=|\?/=|\?>|\?<|\?>=|\?<=|<<|>>|[#&'*+-./:<=>?@^]", "o"),
        ],
        "root": [Mixin("whitespace"), Mixin("statements")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"vhdl": VHDL}
