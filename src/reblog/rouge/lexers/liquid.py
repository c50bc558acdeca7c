"""Liquid, tokenized the way Rouge 3.30's lexer does (rouge/lexers/liquid.rb), rule for rule."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r


def _string_class(value: str | None, default: str) -> str:
    """Rouge picks a token by whether the text contains a quoted string anywhere."""
    if value is not None and re.search(r"'[^']*'", value):
        return "s1"
    if value is not None and re.search(r'"[^"]*"', value):
        return "s2"
    return default


def _cycle(run: Run, m: RuleMatch) -> None:
    run.groups("nt", "w", _string_class(m.group(3), "na"), "w", "p", "w")
    run.push("variable_tag_markup")


def _for(run: Run, m: RuleMatch) -> None:
    run.groups("nt", "w", "nv", "w", "nt", "w")
    run.token(_string_class(m.group(7), "nv"), m.group(7))
    run.token("w", m.group(8))
    run.push("tag_markup")


def _end_tag(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.reset_stack()


def _end_raw(run: Run, m: RuleMatch) -> None:
    run.groups("p", "w", "nt", "w", "p")
    run.reset_stack()


_FILTER = r"(\|)(\s*)([a-zA-Z_][^\s}\|:]*)"

LIQUID = LexerSpec(
    "liquid",
    {
        "root": [
            r(r"[^{]+", ""),
            r(r"(\{%-?)(\s*)", ("p", "w"), "tag_or_block"),
            r(r"(\{\{-?)(\s*)", ("p", "w"), "output"),
            r(r"\{", ""),
        ],
        "tag_or_block": [
            r(r"(if|elsif|unless|case)\b", "kr", "condition"),
            r(r"(when)\b", "kr", "when"),
            r(r"(else)(\s*)(-?%\})", ("kr", "w", "p"), "#pop"),
            r(r"(capture|(?:in|de)crement)(\s+)([^\s%]+)(\s*)(-?%\})", ("nt", "w", "nv", "w", "p"), "#pop"),
            r(r"(comment)(\s*)(-?%\})", ("nt", "w", "p"), "comment"),
            r(r"(raw)(\s*)(-?%\})", ("nt", "w", "p"), "raw"),
            r(r"(end(?:if|unless|case))(\s*)(-?%\})", ("kr", "w", "p"), "#pop"),
            r(r"(end(?:[^\s%]+))(\s*)(-?%\})", ("nt", "w", "p"), "#pop"),
            r(r"(assign|echo)\b", "nt", "assign"),
            r(r"(include|render)\b", "nt", "include"),
            r(r"(cycle)(\s+)(?:([^\s:]*)(\s*)(:))?(\s*)", _cycle),
            r(
                r"""(for|tablerow)(\s+)([\w-]+)(\s+)(in)(\s+)((?:[^\s%,|'"]|(?:"[^"]*"|'[^']*'))+)(\s*)""",
                _for,
            ),
            r(r"([^\s%]+)(\s*)", ("nt", "w"), "tag_markup"),
        ],
        "output": [
            r(_FILTER, ("p", "w", "nf"), "filters"),
            Mixin("end_of_tag"),
            Mixin("generic"),
        ],
        "filters": [
            r(r"(\|)(\s*)([a-zA-Z_][^\s%}\|:]*)", ("p", "w", "nf")),
            Mixin("end_of_tag"),
            Mixin("end_of_block"),
            Mixin("variable_param_markup"),
        ],
        "condition": [
            r(r"([=!]=|[<>]=?)", "o"),
            r(r"(and|or|contains)\b", "ow"),
            Mixin("end_of_block"),
            Mixin("generic"),
        ],
        "when": [Mixin("end_of_block"), Mixin("generic")],
        "end_of_tag": [r(r"-?\}\}", _end_tag)],
        "end_of_block": [r(r"-?%\}", _end_tag)],
        "param_markup": [
            Mixin("whitespace"),
            Mixin("keyword"),
            Mixin("string"),
            Mixin("number"),
            r(r"([^\s=:]+)(\s*)(=|:)", ("na", "w", "o")),
            r(r"[,:]", "p"),
        ],
        "default_param_markup": [Mixin("param_markup"), r(r"\S+", "")],
        "variable_param_markup": [Mixin("param_markup"), Mixin("variable"), r(r"\S+", "")],
        "tag_markup": [
            r(r"(reversed)\b", "na"),
            Mixin("end_of_block"),
            Mixin("default_param_markup"),
        ],
        "variable_tag_markup": [Mixin("end_of_block"), Mixin("variable_param_markup")],
        "keyword": [r(r"(false|true|nil)\b", "kc")],
        "variable": [
            r(r"(empty|blank|forloop\.[^\s%}\|:]+)\b", "nb"),
            r(r"\.(?=\w)|\[|\]", "p"),
            r(r"(first|last|size)\b", "nf"),
            r(r"[a-zA-Z_][\w-]*\??", "nv"),
        ],
        "string": [r(r"'[^']*'", "s1"), r(r'"[^"]*"', "s2")],
        "number": [r(r"-", "o"), r(r"\d+\.\d+", "mf"), r(r"\d+", "mi")],
        "generic": [
            Mixin("whitespace"),
            Mixin("keyword"),
            Mixin("string"),
            Mixin("number"),
            Mixin("variable"),
        ],
        "whitespace": [r(r"[ \t]+", "w")],
        "comment": [
            r(r"[^{]+", "c"),
            r(r"(\{%-?)(\s*)(endcomment)(\s*)(-?%\})", _end_raw),
            r(r"\{", "c"),
        ],
        "raw": [
            r(r"[^{]+", ""),
            r(r"(\{%-?)(\s*)(endraw)(\s*)(-?%\})", _end_raw),
            r(r"\{", ""),
        ],
        "assign": [
            r(r"=", "o"),
            r(r"(\|)(\s*)([a-zA-Z_][^\s%\|:]*)", ("p", "w", "nf"), "filters"),
            Mixin("end_of_block"),
            Mixin("generic"),
        ],
        "include": [
            r(r"(\{\{-?)(\s*)", ("p", "w"), "output_embed"),
            r(r"(with|for)\b", "nt"),
            r(r"[/\w-]+(\.[\w-]+)+\b", ""),
            Mixin("variable_tag_markup"),
        ],
        "output_embed": [
            r(_FILTER, ("p", "w", "nf")),
            r(r"-?\}\}", "p", "#pop"),
            Mixin("variable_param_markup"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"liquid": LIQUID}
