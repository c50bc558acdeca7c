"""TeX and LaTeX, tokenized as Rouge 3.30's ``tex.rb`` does."""

from __future__ import annotations

from ..engine import LexerSpec, Mixin, Run, TokenSource, r

_COMMAND = r"\\(?:[a-zA-Z]+|\s+|.)"


def _pop_now(run: Run) -> None:
    run.pop()


TEX = LexerSpec(
    "tex",
    {
        "general": [r(r"%.*$", "c"), r(r"[{}&_^]", "p")],
        "root": [
            r(r"\\\[", "p", "displaymath"),
            r(r"\\\(", "p", "inlinemath"),
            r(r"\$\$", "p", "displaymath"),
            r(r"\$", "p", "inlinemath"),
            r(r"\\(?:begin|end)\{.*?\}", "nt"),
            r(r"(\\verb)\b(\S)(.*?)(\2)", ("nb", "kp", "sx", "kp")),
            r(_COMMAND, "k", "command"),
            Mixin("general"),
            r(r"[^\\$%&_^{}]+", ""),
        ],
        "math": [
            r(_COMMAND, "nv"),
            Mixin("general"),
            r(r"[0-9]+", "m"),
            r(r"[-=!+*/()\[\]]", "o"),
            r(r"[^=!+*/()\[\]\\$%&_^{}0-9-]+", "nb"),
        ],
        "inlinemath": [
            r(r"\\\)", "p", "#pop"),
            r(r"\$", "p", "#pop"),
            Mixin("math"),
        ],
        "displaymath": [
            r(r"\\\]", "p", "#pop"),
            r(r"\$\$", "p", "#pop"),
            r(r"\$", "nb"),
            Mixin("math"),
        ],
        "command": [
            r(r"\[.*?\]", "na"),
            r(r"\*", "k"),
            r(r"", None, _pop_now),
        ],
    },
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"tex": TEX}
