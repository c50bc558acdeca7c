"""SCSS and Sass, tokenized as Rouge 3.30's ``scss.rb``, ``sass.rb`` and their shared
``sass/common.rb`` do."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, RuleDef, RuleMatch, Run, TokenSource, r
from .web import _CSS_ATTRIBUTES, _CSS_BUILTINS, _CSS_CONSTANTS

_ID = r"[\w-]+"


def _value_word(run: Run, m: RuleMatch) -> None:
    word = m.group(0)
    run.token("nb" if word in _CSS_BUILTINS else "no" if word in _CSS_CONSTANTS else "n")


def _attribute_word(run: Run, m: RuleMatch) -> None:
    run.token("nl" if m.group(0) in _CSS_ATTRIBUTES else "na")


def _pop_now(run: Run) -> None:
    run.pop()


def _selector_piece(cls: str) -> list[RuleDef]:
    return [r(_ID, cls), Mixin("has_interp"), r(r"", None, _pop_now)]


_COMMON: dict[str, list[RuleDef]] = {
    "content_common": [
        r(r"@for\b", "k", "for"),
        r(r"@(?:debug|warn|if|each|while|else|return|media)", "k", "value"),
        r(rf"(@mixin)(\s+)({_ID})", ("k", "", "nf"), "value"),
        r(rf"(@function)(\s+)({_ID})", ("k", "", "nf"), "value"),
        r(r"@extend\b", "k", "selector"),
        r(rf"(@include)(\s+)({_ID})", ("k", "", "nd"), "value"),
        r(rf"@{_ID}", "k", "selector"),
        r(r"&", "k", "selector"),
        r(rf"([$]{_ID})([ \t]*)(:)", ("nv", "", "p"), "value"),
    ],
    "value": [
        Mixin("end_section"),
        r(r"[ \t]+", ""),
        r(rf"[$]{_ID}", "nv"),
        r(r"url[(]", "sx", "string_url"),
        r(rf"{_ID}(?=\s*[(])", "nf"),
        r(rf"%{_ID}", "nd"),
        r(r"(?:true|false)\b", "bp"),
        r(r"(?:and|or|not)\b", "ow"),
        r(r"#[a-z0-9]{1,6}", "mh", flags=re.I),
        r(r"-?\d+(?:%|[a-z]+)?", "m"),
        r(r"-?\d*\.\d+(?:%|[a-z]+)?", "mi"),
        Mixin("has_strings"),
        Mixin("has_interp"),
        r(r"[~^*!&%<>|+=@:,./?-]+", "o"),
        r(r"[\[\]()]+", "p"),
        r(r"/[*]", "cm", "inline_comment"),
        r(r"//[^\n]*", "c1"),
        r(_ID, _value_word),
    ],
    "has_interp": [r(r"[#][{]", "si", "interpolation")],
    "has_strings": [r(r'"', "s2", "dq"), r(r"'", "s1", "sq")],
    "interpolation": [r(r"}", "si", "#pop"), Mixin("value")],
    "selector": [
        Mixin("end_section"),
        Mixin("has_strings"),
        Mixin("has_interp"),
        r(r"[ \t]+", ""),
        r(r":", "nd", "pseudo_class"),
        r(r"[.]", "nc", "class"),
        r(r"#", "nn", "id"),
        r(r"%", "nv", "placeholder"),
        r(_ID, "nt"),
        r(r"&", "k"),
        r(r"[~^*!&\[\]()<>|+=@:;,./?-]", "o"),
    ],
    "dq": [
        r(r'"', "s2", "#pop"),
        Mixin("has_interp"),
        r(r'(?:\\.|#(?![{])|[^\n"#])+', "s2"),
    ],
    "sq": [
        r(r"'", "s1", "#pop"),
        Mixin("has_interp"),
        r(r"(?:\\.|#(?![{])|[^\n'#])+", "s1"),
    ],
    "string_url": [
        r(r"[)]", "sx", "#pop"),
        r(r"(?:\\.|#(?![{])|[^\n)#])+", "sx"),
        Mixin("has_interp"),
    ],
    "pseudo_class": _selector_piece("nd"),
    "class": _selector_piece("nc"),
    "id": _selector_piece("nn"),
    "placeholder": _selector_piece("nv"),
    "for": [r(r"(?:from|to|through)", "ow"), Mixin("value")],
    "attr_common": [Mixin("has_interp"), r(_ID, _attribute_word)],
    "attribute": [Mixin("attr_common"), r(r"([ \t]*)(:)", ("", "p"), "value")],
    "inline_comment": [
        r(r"(?:\\#|#(?=[^\n{])|\*(?=[^\n/])|[^\n#*])+", "cm"),
        Mixin("has_interp"),
        r(r"[*]/", "cm", "#pop"),
    ],
}


def _scss_end(run: Run, m: RuleMatch) -> None:
    run.token("p")
    run.reset_stack()


SCSS = LexerSpec(
    "scss",
    {
        **_COMMON,
        "root": [
            r(r"\s+", ""),
            r(r"//.*?$", "c1"),
            r(r"/[*].*?[*]/", "cm", flags=re.S),
            r(r"@import\b", "k", "value"),
            Mixin("content_common"),
            r(r"(?=[^;{}][;}])", None, "attribute"),
            r(r"(?=[^;{}:\[]+:[^a-z])", None, "attribute"),
            r(r"", None, "selector"),
        ],
        "end_section": [r(r"\n", ""), r(r"[;{}]", _scss_end)],
    },
)

# -- Sass: Rouge's Indentation helper decides what an indented line continues ---------------


def _indentation(run: Run, m: RuleMatch) -> None:
    indent = m.group(0)
    run.token("")
    run.vars["last_indentation"] = indent
    block_state = run.vars.get("block_state")
    block_indent: str = run.vars.get("block_indentation") or ""
    if block_state and indent.startswith(block_indent) and indent != block_indent:
        run.push(block_state)
    else:
        run.vars["block_state"] = run.vars["block_indentation"] = None
        run.push("content")


def _starts_block(cls: str, state: str) -> RuleDef:
    def action(run: Run, m: RuleMatch) -> None:
        run.token(cls)
        run.pop()
        run.vars["block_state"] = state
        run.vars["block_indentation"] = run.vars.get("last_indentation") or ""

    return r(r"//.*?$" if state == "single_comment" else r"/[*].*?\n", action)


def _old_style_value(run: Run) -> None:
    run.pop()
    run.push("value")


def _sass_end(run: Run, m: RuleMatch) -> None:
    run.token("")
    run.reset_stack()


SASS = LexerSpec(
    "sass",
    {
        **_COMMON,
        "root": [
            r(r"[ \t]*\n", ""),
            r(r"[ \t]*", _indentation),
        ],
        "content": [
            _starts_block("c1", "single_comment"),
            _starts_block("cm", "multi_comment"),
            r(r"@import\b", "k", "import"),
            Mixin("content_common"),
            r(rf"={_ID}", "nf", "value"),
            r(rf"[+]{_ID}", "nd", "value"),
            r(r":", "na", "old_style_attr"),
            r(r"(?=[^\[\n]+?:(?:[^a-z]|$))", None, "attribute"),
            r(r"", None, "selector"),
        ],
        "single_comment": [r(r".*?$", "c1", "#pop")],
        "multi_comment": [r(r".*?\n", "cm", "#pop")],
        "import": [
            r(r"[ \t]+", ""),
            r(r"\S+", "s"),
            r(r"\n", "", "#pop"),
        ],
        "old_style_attr": [Mixin("attr_common"), r(r"", None, _old_style_value)],
        "end_section": [r(r"\n", _sass_end)],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"scss": SCSS, "sass": SASS}
