"""IRB and Pry sessions and their output, tokenized as Rouge 3.30's ``irb.rb`` does: Rouge's
console loop with an ``irb(main):001:0>`` prompt, Ruby for the input and a Ruby-derived lexer
for the output (``=> value`` lines, errors, ``#<Object ...>`` inspections)."""

from __future__ import annotations

import re

from ..engine import LexerSpec, Mixin, Run, TokenSource, r
from .ruby import RUBY
from .scripting import ConsoleLexer


def _output_start(run: Run) -> None:
    # IRBOutputLexer inherits Ruby's start block, then adds its own.
    if RUBY.on_start is not None:
        RUBY.on_start(run)
    run.push("stdout")


IRB_OUTPUT = RUBY.derive(
    "irb_output",
    prepend={"root": [r(r"#<", "kt", "irb_object")]},
    add={
        "has_irb_output": [
            r(r"=>", "p", "#pop"),
            r(r".+?(?:\n|$)", "go"),
        ],
        "irb_error": [r(r".+?(?:\n|$)", "gr"), Mixin("has_irb_output")],
        "stdout": [
            r(r"\w+?(?:Error|Exception):.+?(?:\n|$)", "gr", "irb_error"),
            Mixin("has_irb_output"),
        ],
        "irb_object": [r(r">", "kt", "#pop"), Mixin("root")],
    },
    on_start=_output_start,
)

IRB = ConsoleLexer("irb", re.compile(r"^.*?(?:irb|pry).*?[>\"*]"), RUBY, IRB_OUTPUT)

LEXERS: dict[str, LexerSpec | TokenSource] = {"irb": IRB, "irb_output": IRB_OUTPUT}
