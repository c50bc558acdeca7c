"""HCL and Terraform, tokenized as Rouge 3.30's ``hcl.rb`` and ``terraform.rb`` do
(Terraform is HCL with word sets, string interpolation and expressions added)."""

from __future__ import annotations

import re

from ..engine import Callback, LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_NO_WORDS: frozenset[str] = frozenset()


def _word_class(run: Run, word: str) -> tuple[str, bool]:
    """(token class, whether a composite follows) for an identifier, as Hcl's root decides."""
    sets = run.spec.attrs
    if word in sets["keywords"]:
        return "k", True
    if word in sets["declarations"]:
        return "kd", True
    if word in sets["reserved"]:
        return "kr", False
    if word in sets["constants"]:
        return "kc", False
    if word in sets["builtins"]:
        return "nb", False
    return "nx", True


def _root_word(run: Run, m: RuleMatch) -> None:
    cls, composite = _word_class(run, m.group(0))
    run.token(cls)
    if composite:
        run.push("composite")


def _expression_word(run: Run, m: RuleMatch) -> None:
    run.token(_word_class(run, m.group(0))[0])


def _heredoc(run: Run, m: RuleMatch) -> None:
    run.groups("o", "", "sh", "sh", "no", "sh")
    run.vars["heredoc"] = m.group(5)
    run.push("heredoc")


def _heredoc_end(run: Run, m: RuleMatch) -> None:
    if m.group(1) == run.vars.get("heredoc"):
        run.token("no")
        run.pop(2)
    else:
        run.token("sh")


def _replace_top(state: str) -> Callback:
    def action(run: Run, m: RuleMatch) -> None:
        run.token("p")
        run.pop()
        run.push(state)

    return action


def _goto_regexp(run: Run) -> None:
    run.goto("regexp_inner")


def _pop_now(run: Run) -> None:
    run.pop()


HCL = LexerSpec(
    "hcl",
    {
        "multiline_comment": [
            r(r"[*]/", "cm", "#pop"),
            r(r"[^*/]+", "cm"),
            r(r"[*/]", "cm"),
        ],
        "comments_and_whitespace": [
            r(r"\s+", ""),
            r(r"//.*?$", "c1"),
            r(r"#.*?$", "c1"),
            r(r"/[*]", "cm", "multiline_comment"),
        ],
        "primitives": [
            r(r"[0-9][0-9]*\.[0-9]+(?:[eE][0-9]+)?[fd]?(?:[kKmMgG]b?)?", "mf"),
            r(r"[0-9]+(?:[kKmMgG]b?)?", "mi"),
            r(r'"', "s2", "dq"),
            r(r"'", "s1", "sq"),
            r(r"(<<-?)(\s*)('?)(\\?)(\w+)(\3)", _heredoc),
        ],
        "root": [
            Mixin("comments_and_whitespace"),
            Mixin("primitives"),
            r(r"\{", "p", "hash"),
            r(r"\[", "p", "array"),
            r(r"[$a-z_][a-z0-9_]*", _root_word, flags=re.I),
        ],
        "composite": [
            Mixin("comments_and_whitespace"),
            r(r"[{]", _replace_top("hash")),
            r(r"[\[]", _replace_top("array")),
            Mixin("root"),
            r(r"", "", "#pop"),
        ],
        "hash": [
            Mixin("comments_and_whitespace"),
            r(r"=", "p"),
            r(r"\}", "p", "#pop"),
            Mixin("root"),
        ],
        "array": [
            Mixin("comments_and_whitespace"),
            r(r",", "p"),
            r(r"\]", "p", "#pop"),
            Mixin("root"),
        ],
        "dq": [
            r(r'[^\\"]+', "s2"),
            r(r'\\"', "se"),
            r(r'"', "s2", "#pop"),
        ],
        "sq": [
            r(r"[^\\']+", "s1"),
            r(r"\\'", "se"),
            r(r"'", "s1", "#pop"),
        ],
        "heredoc": [
            r(r"\n", "sh", "heredoc_nl"),
            r(r"[^$\n]+", "sh"),
            r(r"[$]", "sh"),
        ],
        "heredoc_nl": [
            r(r"\s*(\w+)\s*\n", _heredoc_end),
            r(r"", None, _pop_now),
        ],
    },
    attrs={
        "keywords": _NO_WORDS,
        "declarations": _NO_WORDS,
        "reserved": _NO_WORDS,
        "constants": words("true false null"),
        "builtins": _NO_WORDS,
    },
)

TERRAFORM = HCL.derive(
    "terraform",
    prepend={
        "hash": [r(r"[.,()*]", "p")],
        "array": [r(r"[.,()*]", "p")],
    },
    add={
        "strings": [
            r(r"\\.", "se"),
            r(r"\$\{", "k", "interpolation"),
        ],
        "dq": [r(r'[^\\"$]+', "s2"), Mixin("strings"), r(r'"', "s2", "#pop")],
        "sq": [r(r"[^\\'$]+", "s1"), Mixin("strings"), r(r"'", "s1", "#pop")],
        "heredoc": [
            r(r"\n", "sh", "heredoc_nl"),
            r(r"[^$\n]+", "sh"),
            r(r"[$]", "sh"),
            Mixin("strings"),
        ],
        "interpolation": [r(r"\}", "k", "#pop"), Mixin("expression")],
        "regexps": [r(r'"/', "dl", _goto_regexp)],
        "regexp_inner": [
            r(r'[^"/\\]+', "sr"),
            r(r"\\.", "sr"),
            r(r'/"', "dl", "#pop"),
            r(r'["/]', "sr"),
        ],
        "expression": [
            Mixin("regexps"),
            Mixin("primitives"),
            r(r"\s+", ""),
            r(r"\+\+|--|~|&&|\|\||\\(?=\n)|<<|>>>?|==|!=", "o"),
            r(r"[-<>+*%&|^/!=?:]=?", "o"),
            r(r"[(\[,]", "p"),
            r(r"[)\].]", "p"),
            r(r"[$a-z_\-][a-z0-9_\-]*", _expression_word, flags=re.I),
        ],
    },
    attrs={
        "keywords": words("terraform module provider variable resource data provisioner output"),
        "declarations": words("var local"),
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"hcl": HCL, "terraform": TERRAFORM}
