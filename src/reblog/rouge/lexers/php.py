"""PHP, tokenized the way Rouge 3.30's lexer does (rouge/lexers/php.rb), rule for rule, with its
default options: start inline unless the text starts with markup, highlight built-in functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words
from .php_builtins import PHP_BUILTINS
from .web import HTML

_KEYWORDS = words(
    "old_function cfunction __class__ __dir__ __file__ __function__ __halt_compiler __line__ "
    "__method__ __namespace__ __trait__ abstract and array as break case catch clone continue "
    "declare default die do echo else elseif empty enddeclare endfor endforeach endif endswitch "
    "endwhile eval exit extends final finally fn for foreach global goto if implements include "
    "include_once instanceof insteadof isset list match new or parent print private protected "
    "public readonly require require_once return self static switch throw try unset var while "
    "xor yield"
)

# [\p{L}_][\p{L}\p{N}_]* ; a namespace prefix is one or more ``id\``.
_ID = r"(?u:[^\W\d]\w*)"
_NS = rf"(?:{_ID}\\)+"
_ID_NS = rf"(?:{_NS})?{_ID}"


def _start(run: Run) -> None:
    run.vars["parent"] = Run(HTML)
    run.push("start")


def _parent(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["parent"])


def _parent_pop(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["parent"])
    run.pop()


def _reset(run: Run, m: RuleMatch) -> None:
    run.token("cp")
    run.reset_stack()


def _goto(state: str) -> Callable[[Run], None]:
    def action(run: Run) -> None:
        run.goto(state)

    return action


def _called(run: Run, m: RuleMatch) -> None:
    name = m.group(0).lower()
    if name in _KEYWORDS:
        run.token("k")
    elif name in PHP_BUILTINS:
        run.token("nb")
    else:
        run.token("nf")


def _all_upper(text: str) -> bool:
    return bool(text) and all(c.isupper() for c in text)


def _is_php_constant(word: str) -> bool:
    """``^(E|PHP)(_[[:upper:]]+)+$``"""
    for prefix in ("E_", "PHP_"):
        if word.startswith(prefix):
            return all(_all_upper(part) for part in word[len(prefix) :].split("_"))
    return False


def _name(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    name = word.lower()
    last = word.rsplit("\\", 1)[-1]
    if name == "use":
        run.push("in_use")
        run.token("kn")
    elif name == "const":
        run.push("in_const")
        run.token("k")
    elif name == "catch":
        run.push("in_catch")
        run.token("k")
    elif name in ("public", "protected", "private"):
        run.push("in_visibility")
        run.token("k")
    elif word == "stdClass":
        run.token("nc")
    elif name in _KEYWORDS:
        run.token("k")
    elif len(word) >= 4 and word.startswith("__") and word.endswith("__"):
        run.token("nb")
    elif _is_php_constant(word):
        run.token("kc")
    elif len(last) >= 2 and last[0].isupper() and all(c.isupper() or c.isdecimal() or c == "_" for c in last[1:]):
        run.token("no")
    elif last and last[0].isupper() and all(c.isalnum() for c in last[1:]):
        run.token("nc")
    else:
        run.token("n")


def _function(run: Run, m: RuleMatch) -> None:
    run.push("in_function_return")
    run.push("in_function_params")
    run.push("in_function_name")
    run.token("k")


PHP = LexerSpec(
    "php",
    {
        "escape": [r(r"\?>", _reset)],
        "return": [r(r"", None, "#pop")],
        "start": [
            r(r"\s*(?=<)", _parent_pop),
            r(r"[^$]+(?=<\?(php|=))", _parent_pop, flags=re.I),
            r(r"", None, _goto("php")),
        ],
        "names": [
            r(rf"{_ID_NS}(?=\s*\()", _called),
            r(_ID_NS, _name),
        ],
        "operators": [r(r"[~!%^&*+|:.<>/@-]+", "o")],
        "string": [
            r(r'"', "s2", "#pop"),
            r(r'[^\\{$"]+', "s2"),
            r(r"\\u\{[0-9a-fA-F]+\}", "se"),
            r(r'\\([efrntv"$\\]|[0-7]{1,3}|[xX][0-9a-fA-F]{1,2})', "se"),
            r(rf"\${_ID}(\[\S+\]|->{_ID})?", "nv"),
            r(r"\{\$\{", "si", "string_interp_double"),
            r(r"\{(?=\$)", "si", "string_interp_single"),
            r(r"(\{)(\S+)(\})", ("si", "nv", "si")),
            r(r"[${\\]+", "s2"),
        ],
        "string_interp_double": [r(r"\}\}", "si", "#pop"), Mixin("php")],
        "string_interp_single": [r(r"\}", "si", "#pop"), Mixin("php")],
        "values": [
            r(rf"<<<([\"']?)({_ID})\1\n.*?\n\s*\2;?", "sh", flags=re.I | re.S),
            r(r"(\d[_\d]*)?\.(\d[_\d]*)?(e[+-]?\d[_\d]*)?", "mf", flags=re.I),
            r(r"0[0-7][0-7_]*", "mo"),
            r(r"0b[01][01_]*", "mb", flags=re.I),
            r(r"0x[a-f0-9][a-f0-9_]*", "mh", flags=re.I),
            r(r"\d[_\d]*", "mi"),
            r(r"'([^'\\]*(?:\\.[^'\\]*)*)'", "s1"),
            r(r"`([^`\\]*(?:\\.[^`\\]*)*)`", "sb"),
            r(r'"', "s2", "string"),
            r(r"(function|fn)\b", _function, flags=re.I),
            r(r"(true|false|null)\b", "kc", flags=re.I),
            r(r"new\b", "k", "in_new", flags=re.I),
        ],
        "variables": [
            r(rf"\$\{{\$+{_ID}\}}", "nv"),
            r(rf"\$+{_ID}", "nv"),
        ],
        "whitespace": [
            r(r"\s+", ""),
            r(r"#.*?$", "c1"),
            r(r"//.*?$", "c1"),
            r(r"/\*\*(?!/).*?\*/", "cd", flags=re.S),
            r(r"/\*.*?\*/", "cm", flags=re.S),
        ],
        "root": [
            r(r"<\?(php|=)?", "cp", "php", flags=re.I),
            r(r".*?(?=<\?)|.*", _parent, flags=re.S),
        ],
        "php": [
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("variables"),
            Mixin("values"),
            r(rf"(namespace)(\s+)({_ID_NS})", ("kn", "", "nn"), flags=re.I),
            r(rf"(class|interface|trait|extends|implements)(\s+)({_ID_NS})", ("kd", "", "nc"), flags=re.I),
            Mixin("names"),
            r(r"[;,(){}\[\]]", "p"),
            Mixin("operators"),
            r(r"[=?]", "o"),
        ],
        "in_assign": [
            r(r",", "p", "#pop"),
            r(r"[\[\]]", "p"),
            r(r"\(", "p", "in_assign_function"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("values"),
            Mixin("variables"),
            Mixin("names"),
            Mixin("operators"),
            Mixin("return"),
        ],
        "in_assign_function": [
            r(r"\)", "p", "#pop"),
            r(r",", "p"),
            Mixin("in_assign"),
        ],
        "in_catch": [
            r(r"\(", "p"),
            r(r"\|", "o"),
            r(_ID, "nc"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("return"),
        ],
        "in_const": [
            r(_ID, "no"),
            r(r"=", "o", "in_assign"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("return"),
        ],
        "in_function_body": [
            r(r"\{", "p", "#push"),
            r(r"\}", "p", "#pop"),
            Mixin("php"),
        ],
        "in_function_name": [
            r(r"&", "o"),
            r(_ID, "n"),
            r(r"\(", "p", "#pop"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("return"),
        ],
        "in_function_params": [
            r(r"\)", "p", "#pop"),
            r(r",", "p"),
            r(r"[.]{3}", "p"),
            r(r"=", "o", "in_assign"),
            r(r"(?=\w)(?:public|protected|private|readonly)\b", "k", flags=re.I),
            r(rf"\??{_ID}", "kt", "in_assign"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("variables"),
            Mixin("return"),
        ],
        "in_function_return": [
            r(r":", "p"),
            r(r"use\b", "k", "in_function_use", flags=re.I),
            r(rf"\??{_ID}", "kt", "in_assign"),
            r(r"\{", "p", _goto("in_function_body")),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("return"),
        ],
        "in_function_use": [
            r(r"[,(]", "p"),
            r(r"&", "o"),
            r(r"\)", "p", "#pop"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("variables"),
            Mixin("return"),
        ],
        "in_new": [
            r(r"class\b", "kd", _goto("in_new_class"), flags=re.I),
            r(_ID_NS, "nc", "#pop"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("return"),
        ],
        "in_new_class": [
            r(r"\}", "p", "#pop"),
            r(r"\{", "p"),
            Mixin("php"),
        ],
        "in_use": [
            r(r"[,}]", "p"),
            r(r"(function|const)\b", "k", flags=re.I),
            r(rf"({_NS})(\{{)", ("nn", "p")),
            r(rf"{_ID_NS}(_{_ID})+", "nf"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("names"),
            Mixin("return"),
        ],
        "in_visibility": [
            r(r"(?=\w)(?:readonly|static)\b", "k", flags=re.I),
            r(r"(?=(abstract|const|function)\b)", "k", "#pop", flags=re.I),
            r(rf"\??{_ID}", "kt", "#pop"),
            Mixin("escape"),
            Mixin("whitespace"),
            Mixin("return"),
        ],
    },
    on_start=_start,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"php": PHP}
