"""reblog's Liquid lexer finds text with ``str.find`` and markup as runs of characters (not a
look-ahead at each one); the tokens must be those python-liquid's own lexer makes with its own
rules, given the same end-of-text and ``endraw`` readings (``JekyllEnvironment._ruby_tokenizer``)."""

from __future__ import annotations

import itertools
import random
import re
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from liquid import Environment

from reblog.config.model import Settings
from reblog.templates.liquid import _ruby_tokens, make_environment

ENV = make_environment(Settings(source=Path("."), destination=Path("_site")), {})


def _python_liquid_lexer() -> Any:
    """python-liquid's rules with only the readings reblog changes on purpose."""
    lexer = Environment.tokenizer(ENV)
    pattern = lexer.keywords["rules"].pattern.replace("|$)", r"|\Z)")
    pattern = pattern.replace(r"endraw\s*(?P<rsr_e>", r"endraw(?!\w)(?:\s.*?)??\s*(?P<rsr_e>")
    return partial(lexer.func, rules=re.compile(pattern, lexer.keywords["rules"].flags))


def _tokens(lexer: Any, source: str) -> Any:
    try:
        return [(token.kind, token.value, token.start_index) for token in lexer(source)]
    except Exception as err:  # noqa: BLE001 - the error is part of what must be the same
        return (type(err).__name__, str(err))


EXPECTED = _python_liquid_lexer()
TOKENIZER = ENV.tokenizer()
# reblog's lexer alone, and python-liquid's with Ruby's readings of the markup on its tokens
REBLOG = partial(TOKENIZER.func, rules=TOKENIZER.keywords["rules"])
EXPECTED_RUBY = partial(_ruby_tokens, EXPECTED, ENV.block_ends())

SAMPLES = [
    "text only\n",
    "{% include candid-image.html src=\"/a.png\" alt=\"A - B % C } D\" attrib=\"x\" %}",
    "{%- if a -%}\n{{- page.title | append: '-' -}}\n{%- endif -%}\n",
    "{{ a }}}} {{ b -}} {{ c - }} {{ d % }} {{ e }-}}",
    "{% raw %}{{ x }}{% endraw %}{% comment %} {% x %} {% endcomment %}",
    "{% assign x = '%' %}{% assign y = \"-%\" -%}{% assign z = 1 - 2 %}",
    "{{ unclosed", "{% unclosed", "{%%}", "{{}}", "{% x -%", "{{ - }}", "{%- -%}",
    "a { b } c {x} {{ y }} { % z % }",
    "{% comment %}a {% comment %} {{ b }} {% endcomment %} c{% endcomment -%}  d {%- doc %} e {% enddoc %}",
    "{{ a }} {{- b }}  {{ c }}x{", "{%- raw -%} a {%- endraw -%} b {{{ c }}",
    "{% if limit %}{{ for }}{% endif x %}{% assign nil = 1 %}{% for x in y reversed limit: limit %}{% endfor a %}",
]


@pytest.mark.parametrize("source", SAMPLES)
def test_the_same_tokens_as_python_liquids_rules(source: str) -> None:
    assert _tokens(REBLOG, source) == _tokens(EXPECTED, source)
    assert _tokens(TOKENIZER, source) == _tokens(EXPECTED_RUBY, source)


def test_the_same_tokens_for_any_mix_of_markup_pieces() -> None:
    pieces = ["{", "}", "%", "-", "{{", "}}", "{%", "%}", "{%-", "-%}", "{{-", "-}}", " ", "\n",
              "a", "x.y", "raw", "endraw", "if", "endif", "#", " |", "'q'", '"', "--", "}}}", "-%",
              "comment", "endcomment", "doc", "enddoc", "{% comment %}", "{% endcomment %}", "\t",
              "for", "endfor", "assign", "in", "limit", "nil", "reversed", ":"]
    chosen = random.Random(17)
    sources = ["".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 14))) for _ in range(20000)]
    sources += ["".join(p) for p in itertools.product(["{{", "{%", "-", "%}", "}}", " "], repeat=5)]
    differing = [s for s in sources if _tokens(REBLOG, s) != _tokens(EXPECTED, s)]
    assert differing == []
    differing = [s for s in sources if _tokens(TOKENIZER, s) != _tokens(EXPECTED_RUBY, s)]
    assert differing == []
