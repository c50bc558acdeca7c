"""Nix expressions, tokenized as Rouge 3.30's ``nix.rb`` does.

Its comment and string states match ``.`` (no newline), so Rouge marks the newlines inside
multi-line comments and strings as errors; the same happens here."""

from __future__ import annotations

from ..engine import LexerSpec, Mixin, TokenSource, r

_WORD = r"[a-zA-Z0-9._-]+"
_SECTION = rf"(?:/{_WORD})"
_PATH = (
    rf"{_SECTION}+|~{_SECTION}+|{_WORD}(?:/{_WORD})+|[a-z+]+://(?:/?{_WORD}(?:/{_WORD})+)"
)
_BUILTINS = "abort|baseNameOf|builtins|derivation|fetchTarball|import|isNull|removeAttrs|throw|toString"

NIX = LexerSpec(
    "nix",
    {
        "whitespaces": [r(r"^\s*\n\s*$", ""), r(r"\s+", "")],
        "comment": [r(r"#.*$", "c"), r(r"/\*", "c", "multiline_comment")],
        "multiline_comment": [r(r"\*/", "c", "#pop"), r(r".", "c")],
        "number": [r(r"[0-9]", "mi")],
        "null": [r(r"null", "kc")],
        "boolean": [r(r"true|false", "kc")],
        "binding": [r(r"[a-zA-Z_][a-zA-Z0-9-]*", "nv")],
        "path": [r(_PATH, "sx")],
        "string": [r(r'"', "s2", "double_quoted_string"), r(r"''", "s2", "indented_string")],
        "string_content": [
            r(r"\\.", "se"),
            r(r"\$\$", "se"),
            r(r"\$\{", "si", "string_interpolated_arg"),
        ],
        "indented_string_content": [
            r(r"'''", "se"),
            r(r"''\$", "se"),
            r(r"\$\$", "se"),
            r(r"''\\.", "se"),
            r(r"\$\{", "si", "string_interpolated_arg"),
        ],
        "string_interpolated_arg": [Mixin("expression"), r(r"}", "si", "#pop")],
        "indented_string": [
            Mixin("indented_string_content"),
            r(r"''", "s2", "#pop"),
            r(r".", "s2"),
        ],
        "double_quoted_string": [
            Mixin("string_content"),
            r(r'"', "s2", "#pop"),
            r(r".", "s2"),
        ],
        "operator": [r(r"\.|\?|\+\+|\+|!=|!|//|==|&&|\|\||->|/|\*|-|<|>|<=|=>", "o")],
        "assignment": [r(r"=", "o"), r(r"@", "o")],
        "accessor": [r(r"\$", "p")],
        "delimiter": [r(r";|,|:", "p")],
        "atom_content": [Mixin("expression"), r(r"\)", "p", "#pop")],
        "atom": [r(r"\(", "p", "atom_content")],
        "list": [r(r"\[", "p", "list_content")],
        "list_content": [r(r"\]", "p", "#pop"), Mixin("expression")],
        "set": [r(r"{", "p", "set_content")],
        "set_content": [r(r"}", "p", "#pop"), Mixin("expression")],
        "expression": [
            Mixin("ignore"),
            Mixin("comment"),
            Mixin("boolean"),
            Mixin("null"),
            Mixin("number"),
            Mixin("path"),
            Mixin("string"),
            Mixin("keywords"),
            Mixin("operator"),
            Mixin("accessor"),
            Mixin("assignment"),
            Mixin("delimiter"),
            Mixin("binding"),
            Mixin("atom"),
            Mixin("set"),
            Mixin("list"),
        ],
        "keywords": [
            r(r"(?:with|in|inherit)\b", "kn"),
            r(r"let\b", "kd"),
            r(r"(?:if|then|else)\b", "k"),
            r(r"(?:rec|assert|map)\b", "kr"),
            r(rf"(?:{_BUILTINS})\b", "kr"),
        ],
        "ignore": [Mixin("whitespaces")],
        "root": [Mixin("ignore"), Mixin("expression")],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"nix": NIX}
