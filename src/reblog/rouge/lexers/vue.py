"""Vue single-file components, tokenized as Rouge 3.30's ``vue.rb`` does: its HTML lexer with
``<template>``, ``<script>`` and ``<style>`` blocks handed to the language their ``lang``
attribute names, and ``{{ }}`` interpolations lexed as JavaScript."""

from __future__ import annotations

import re

from ..engine import Callback, LexerSpec, Mixin, Rule, RuleMatch, Run, TokenSource, r
from .plain import PlainText
from .sass import SASS, SCSS
from .web import CSS, HTML, JAVASCRIPT


def _lookup_lang(value: str) -> LexerSpec | TokenSource:
    """Rouge's Vue#lookup_lang: the lexer class a ``lang`` attribute names (else plain text)."""
    lang = re.sub(r"[\"']*", "", value.lower())
    if lang == "coffee":
        from ..registry import token_source  # late: the registry imports the lexer modules

        return token_source("coffeescript")
    known: dict[str, LexerSpec] = {"html": HTML, "css": CSS, "javascript": JAVASCRIPT, "sass": SASS, "scss": SCSS}
    return known.get(lang) or PlainText()


def _start(run: Run) -> None:
    if HTML.on_start is not None:
        HTML.on_start(run)
    run.vars["vue_js"] = Run(JAVASCRIPT)


def _block(name: str, lang: LexerSpec) -> Callback:
    def action(run: Run, m: RuleMatch) -> None:
        run.groups("nt", "", "k")
        run.vars["lang"] = lang
        run.push(name)
        run.push("lang_tag")

    return action


def _lang_attribute(run: Run, m: RuleMatch) -> None:
    run.groups("na", "", "s")
    run.vars["lang"] = _lookup_lang(m.group(3))


def _interpolation(run: Run, m: RuleMatch) -> None:
    run.token("si")
    run.push("template_interpol")
    run.vars["vue_js"].reset()


def _js(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["vue_js"])


def _js_open(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["vue_js"])
    run.push()


def _js_close(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["vue_js"])
    run.pop()


def _embed(run: Run, m: RuleMatch) -> None:
    lang = run.vars["lang"]
    if isinstance(lang, Run):
        run.delegate(lang)
    else:
        run.delegate_new(lang)


def _closing(name: str) -> list[Rule]:
    return [r(rf"(<\s*/\s*)({name})(\s*>)", ("nt", "k", "nt"), "#pop")]


VUE = HTML.derive(
    "vue",
    prepend={
        "root": [
            r(r"(<)(\s*)(template)", _block("template", HTML)),
            r(r"(<)(\s*)(style)", _block("style", CSS)),
            r(r"(<)(\s*)(script)", _block("script", JAVASCRIPT)),
        ],
        "tag": [r(r"[a-zA-Z0-9_:#\[\]()*.-]+\s*=\s*", "na", "attr")],
    },
    add={
        "style": [*_closing("style"), Mixin("style_content"), Mixin("embed")],
        "script": [*_closing("script"), Mixin("script_content"), Mixin("embed")],
        "lang_tag": [
            r(r"""(lang\s*=)(\s*)("(?:\\.|[^\\])*?"|'(?:\\.|[^\\])*?'|[^\s>]+)""", _lang_attribute),
            Mixin("tag"),
        ],
        "template": [
            *_closing("template"),
            r(r"\{\{", _interpolation),
            Mixin("embed"),
        ],
        "template_interpol": [
            r(r"\}\}", "si", "#pop"),
            r(r"\}", "err"),
            Mixin("template_interpol_inner"),
        ],
        "template_interpol_inner": [
            r(r"\{", _js_open),
            r(r"\}", _js_close),
            r(r"[^{}]+", _js),
        ],
        "embed": [
            r(r"[^{<]+", _embed),
            r(r"[<{][^<{]*", _embed),
        ],
    },
    on_start=_start,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"vue": VUE}
