"""Puppet manifests, tokenized as Rouge 3.30's ``puppet.rb`` does (rule for rule)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleMatch, Run, TokenSource, r, words

_KEYWORDS = words("and case class default define else elsif if in import inherits node unless")
_CONSTANTS = words("false true undef")
_METAPARAMETERS = words("before require notify subscribe")
_ID = r"[a-z]\w*"
_QUALNAME = rf"(?:::)?(?:{_ID}::)*\w+"


def _attribute(run: Run, m: RuleMatch) -> None:
    run.token("kp" if m.group(0) in _METAPARAMETERS else "py")


def _name(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    run.token("k" if word in _KEYWORDS else "kc" if word in _CONSTANTS else "n")


def _pop_now(run: Run) -> None:
    run.pop()


PUPPET = LexerSpec(
    "puppet",
    {
        "whitespace": [r(r"\s+", ""), r(r"#.*?\n", "c")],
        "root": [
            Mixin("whitespace"),
            r(rf"[$]{_QUALNAME}", "nv"),
            r(rf"{_ID}(?=\s*[=+]>)", _attribute),
            r(rf"{_QUALNAME}(?=\s*[(])", "nf"),
            r(r"[A-Z]\w*", "nc"),
            r(r"[+=|~-]>|<[|~-]", "p"),
            r(r"[|:}();\[\]]", "p"),
            r(r"{", "p", "regex_allowed"),
            r(r",", "p", "regex_allowed"),
            r(r"(?:in|and|or)\b", "ow"),
            r(r"[=!<>]=", "o"),
            r(r"[=!]~", "o", "regex_allowed"),
            r(r"[.=<>!+*/-]", "o"),
            r(rf"(class|include)(\s*)({_QUALNAME})", ("k", "", "nc")),
            r(r"node\b", "k", "regex_allowed"),
            r(r"'(?:\\[\\']|[^'])*'", "s1"),
            r(r'"', "s2", "dquotes"),
            r(r"\d+(?:[.]\d+)?(?:e[+-]\d+)?", "m"),
            r(_QUALNAME, _name),
        ],
        "regex_allowed": [
            Mixin("whitespace"),
            r(r"/", "sr", "regex"),
            r(r"", None, _pop_now),
        ],
        "regex": [
            r(r"/", "sr", "#pop"),
            r(r"\\.", "se"),
            r(r"[(){}]", "si"),
            r(r"\[", "si", "regex_class"),
            r(r".", "sr"),
        ],
        "regex_class": [
            r(r"\]", "si", "#pop"),
            # Rouge guards this with (?<!\[), which never sees the text before the scan position.
            r(r"-(?=\])", "sr"),
            r(r"-", "si"),
            r(r"\\.", "se"),
            r(r"[^\\\]-]+", "sr"),
        ],
        "dquotes": [
            r(r'"', "s2", "#pop"),
            r(r'[^$\\"]+', "s2"),
            r(r"\\.", "se", flags=re.S),
            r(rf"[$]{_QUALNAME}", "nv"),
            r(rf"[$][{{]{_QUALNAME}[}}]", "nv"),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"puppet": PUPPET}
