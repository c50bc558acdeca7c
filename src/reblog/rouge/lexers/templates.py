"""Handlebars/Mustache and Twig, tokenized the way Rouge 3.30's lexers do
(rouge/lexers/handlebars.rb, twig.rb); both template HTML."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r, words
from .scripting import JINJA
from .web import HTML

# ---------------------------------------------------------------------------------------------
# Handlebars / Mustache
# ---------------------------------------------------------------------------------------------

_ID = r"[\w$-]+"


def _hbs_start(run: Run) -> None:
    run.vars["parent"] = Run(HTML)


def _hbs_parent(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["parent"])


def _hbs_text(run: Run, m: RuleMatch) -> None:
    parent: Run = run.vars["parent"]
    run.delegate(parent)
    # Text ending inside an attribute leaves HTML in its attribute state; Rouge leaves it.
    if parent.stack and parent.state() == "attr":
        parent.pop()


def _hbs_open(run: Run, m: RuleMatch) -> None:
    run.token("k")
    run.push("stache")
    run.push("open_sym")


def _goto_block_name(run: Run) -> None:
    run.goto("block_name")


HANDLEBARS = LexerSpec(
    "handlebars",
    {
        "root": [
            r(r"\\\{+", _hbs_parent),
            r(r"\{\{!--", "c", "comment"),
            r(r"\{\{!.*?\}\}", "c"),
            r(r"\{\{\{?", _hbs_open),
            r(r"(.+?)(?=\\|\{\{)", _hbs_text, flags=re.S),
            r(r".+", _hbs_parent, flags=re.S),
        ],
        "comment": [
            r(r"\{\{", "c", "#push"),
            r(r"\}\}", "c", "#pop"),
            r(r"[^{}]+", "c"),
            r(r"[{}]", "c"),
        ],
        "stache": [
            r(r"\}\}\}?", "k", "#pop"),
            r(r"\|", "p"),
            r(r"~", "k"),
            r(r"\s+", ""),
            r(r"[=]", "o"),
            r(r"[\[\]]", "p"),
            r(r"[()]", "p"),
            r(r"[.](?=[}\s])", "nv"),
            r(r"[.][.]", "nv"),
            r(r"[/.]", "p"),
            r(r'"(\\.|.)*?"', "s2"),
            r(r"'(\\.|.)*?'", "s1"),
            r(r"\d+(?=\}\s)", "m"),
            r(r"(true|false)(?=[}\s])", "kc"),
            r(r"else(?=[}\s])", "k"),
            r(r"this(?=[}\s])", "bp"),
            r(rf"@{_ID}", "na"),
            r(_ID, "nv"),
        ],
        "open_sym": [
            r(r"[#/]", "k", _goto_block_name),
            r(r"[>^&~]", "k"),
            r(r"", None, "#pop"),
        ],
        "block_name": [
            r(r"if(?=[}\s])", "k"),
            r(_ID, "nn", "#pop"),
            r(r"", None, "#pop"),
        ],
    },
    on_start=_hbs_start,
)

# ---------------------------------------------------------------------------------------------
# Twig: Jinja's lexer with Twig's word lists
# ---------------------------------------------------------------------------------------------

TWIG = JINJA.derive(
    "twig",
    attrs={
        "keywords": words(
            "as do extends flush from import include use else starts ends with without "
            "autoescape endautoescape block endblock embed endembed filter endfilter for endfor "
            "if endif macro endmacro sandbox endsandbox set endset spaceless endspaceless"
        ),
        "tests": words("constant defined divisibleby empty even iterable null odd sameas"),
        "pseudo_keywords": words("true false none"),
        "word_operators": words("b-and b-or b-xor is in and or not"),
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"handlebars": HANDLEBARS, "twig": TWIG}
