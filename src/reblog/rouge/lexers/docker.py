"""Dockerfiles, tokenized as Rouge 3.30's ``docker.rb`` does: instructions as keywords, their
arguments as strings, and ``RUN`` commands handed to the shell lexer."""

from __future__ import annotations

import re

from ..engine import LexerSpec, RuleMatch, Run, TokenSource, r
from .scripting import SHELL

_KEYWORDS = (
    "FROM|MAINTAINER|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|STOPSIGNAL"
    "|HEALTHCHECK|SHELL"
)


def _start(run: Run) -> None:
    # One shell lexer for the whole file, reset at each RUN (Rouge keeps one instance too).
    run.vars["shell"] = Run(SHELL)


def _run(run: Run, m: RuleMatch) -> None:
    run.token("k")
    run.push("run")
    run.vars["shell"].reset()


def _shell(run: Run, m: RuleMatch) -> None:
    run.delegate(run.vars["shell"])


DOCKER = LexerSpec(
    "docker",
    {
        "root": [
            r(r"\s+", ""),
            r(r"^(FROM)(\s+)(.*)(\s+)(AS)(\s+)(.*)", ("k", "w", "s", "w", "k", "w", "s"), flags=re.I),
            r(rf"^(ONBUILD)(\s+)({_KEYWORDS})(.*)", ("k", "w", "k", "s"), flags=re.I),
            r(rf"^({_KEYWORDS})\b(.*)", ("k", "s"), flags=re.I),
            r(r"#.*?$", "c"),
            r(r"^(?:ONBUILD\s+)?RUN(\s+)", _run, flags=re.I),
            r(r"\w+", ""),
            r(r"[^\w]+", ""),
            r(r".", ""),
        ],
        "run": [
            r(r"\n", "", "#pop"),
            r(r"\\.", "se", flags=re.S),
            r(r"(?:\\.|[^\n\\])+", _shell),
        ],
    },
    on_start=_start,
)

LEXERS: dict[str, LexerSpec | TokenSource] = {"docker": DOCKER}
