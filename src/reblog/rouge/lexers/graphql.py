"""GraphQL, tokenized the way Rouge 3.30's lexer does (rouge/lexers/graphql.rb), rule for rule.

A leading ``\\b`` in Rouge holds where a word character follows (the scanner sees nothing before
its position), written ``(?=\\w)``; block descriptions are highlighted as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r
from .scripting import MARKDOWN

_NAME = r"[_A-Za-z][_0-9A-Za-z]*"
_WORD = rf"(?=\w){_NAME}\b"
_BUILTIN_TYPES = r"(?=\w)(?:Int|Float|String|Boolean|ID)\b"


def _pop(times: int) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.pop(times)

    return action


def _open_query(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.push("query_definition")
    run.push("selection_set")


def _description(run: Run, m: RuleMatch) -> None:
    run.token("s2", m.group(1))
    run.token("w", m.group(2))
    run.delegate(Run(MARKDOWN), m.group(3))
    run.token("w", m.group(4))
    run.token("s2", m.group(5))


def _variant(run: Run, m: RuleMatch) -> None:
    run.token("n")
    run.pop()
    run.push("union_definition_pipe")


def _pipe(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.pop()
    run.push("union_definition_variant")


def _close_selection(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.pop()
    if run.state() in ("query_definition", "fragment_definition"):
        run.pop()


def _close_value(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.pop()
    if run.state() == "value":
        run.pop()


def _pop_unless_list(cls: str) -> Callable[[Run, RuleMatch], None]:
    def action(run: Run, m: RuleMatch) -> None:
        run.token(cls)
        if run.state() != "list":
            run.pop()

    return action


GRAPHQL = LexerSpec(
    "graphql",
    {
        "root": [
            r(r"(?=\w)(?:query|mutation|subscription)\b", "k", "query_definition"),
            r(r"\{", _open_query),
            r(r"(?=\w)fragment\b", "k", "fragment_definition"),
            r(r"(?=\w)scalar\b", "k", "value"),
            r(r"(?=\w)(?:type|interface|enum)\b", "k", "type_definition"),
            r(r"(?=\w)(?:input|schema)\b", "k", "type_definition"),
            r(r"(?=\w)union\b", "k", "union_definition"),
            r(r"(?=\w)extend\b", "k"),
            Mixin("basic"),
            r(r'(""")(\n)(.*?)(\n)(""")', _description, flags=re.S),
        ],
        "basic": [
            r(r"\s+", "w"),
            r(r"#.*$", "c"),
            r(r"[!,]", "p"),
        ],
        "has_directives": [
            r(rf"(@{_NAME})(\s*)(\()", ("k", "w", "p"), "arguments"),
            r(rf"@{_NAME}\b", "k"),
        ],
        "fragment_definition": [
            r(r"(?=\w)on\b", "k"),
            Mixin("query_definition"),
        ],
        "query_definition": [
            Mixin("has_directives"),
            r(_WORD, "n"),
            r(r"\(", "p", "variable_definitions"),
            r(r"\{", "p", "selection_set"),
            Mixin("basic"),
        ],
        "type_definition": [
            r(r"(?=\w)implements\b", "k"),
            r(_WORD, "n"),
            r(r"\(", "p", "variable_definitions"),
            r(r"\{", "p", "type_definition_set"),
            Mixin("basic"),
        ],
        "union_definition": [
            r(_WORD, "n"),
            r(r"=", "p", "union_definition_variant"),
            Mixin("basic"),
        ],
        "union_definition_variant": [
            r(_WORD, _variant),
            Mixin("basic"),
        ],
        "union_definition_pipe": [
            r(r"\|", _pipe),
            r(r"(?!\||\s+|#[^\n]*)", None, _pop(2)),
            Mixin("basic"),
        ],
        "type_definition_set": [
            r(r"\}", "p", _pop(2)),
            r(rf"(?=\w)({_NAME})(\s*)(\()", ("n", "w", "p"), "variable_definitions"),
            r(_WORD, "n"),
            r(r":", "p", "type_names"),
            Mixin("basic"),
        ],
        "arguments": [
            r(r"\)", "p", "#pop"),
            r(_WORD, "n"),
            r(r":", "p", "value"),
            Mixin("basic"),
        ],
        "variable_definitions": [
            r(r"\)", "p", "#pop"),
            r(rf"\${_NAME}\b", "nv"),
            r(_WORD, "n"),
            r(r":", "p", "type_names"),
            r(r"=", "p", "value"),
            Mixin("basic"),
        ],
        "type_names": [
            r(_BUILTIN_TYPES, "nb", "#pop"),
            r(_WORD, "n", "#pop"),
            r(r"\[", "p", "type_name_list"),
            Mixin("basic"),
        ],
        "type_name_list": [
            r(_BUILTIN_TYPES, "nb"),
            r(_WORD, "n"),
            r(r"\]", "p", _pop(2)),
            Mixin("basic"),
        ],
        "selection_set": [
            Mixin("has_directives"),
            r(r"\}", _close_selection),
            r(rf"(?=\w)({_NAME})(\s*)(\()", ("n", "w", "p"), "arguments"),
            r(rf"(?=\w)({_NAME})(\s*)(:)", ("n", "w", "p")),
            r(_WORD, "n"),
            r(r"(\.\.\.)(\s+)(on)\b", ("p", "w", "k")),
            r(r"\.\.\.", "p"),
            r(r"\{", "p", "selection_set"),
            Mixin("basic"),
        ],
        "list": [
            r(r"\]", _close_value),
            Mixin("value"),
        ],
        "object": [
            r(r"\}", _close_value),
            r(rf"(?=\w)({_NAME})(\s*)(:)", ("n", "w", "p"), "value"),
            Mixin("basic"),
        ],
        "value": [
            r(r'""".*?"""', "s2", flags=re.S),
            r(rf"\${_NAME}\b", _pop_unless_list("nv")),
            r(r"(?=\w)(?:true|false|null)\b", _pop_unless_list("kc")),
            r(r"[+-]?[0-9]+\.[0-9]+(?:[eE][+-]?[0-9]+)?", _pop_unless_list("mf")),
            r(r"[+-]?[1-9][0-9]*(?:[eE][+-]?[0-9]+)?", _pop_unless_list("mi")),
            r(r'"(\\[\\"]|[^"])*"', _pop_unless_list("s2")),
            r(_WORD, _pop_unless_list("n")),
            r(r"\{", "p", "object"),
            r(r"\[", "p", "list"),
            Mixin("basic"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"graphql": GRAPHQL}
