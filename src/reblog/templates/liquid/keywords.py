"""Lookups named like python-liquid's keywords (``site.x.limit``), written so that it reads them."""

from __future__ import annotations

import re

# python-liquid's expression keywords (liquid/builtin/expressions/_tokenize.py). After a dot they are
# still read as keywords (`site.x.limit` fails to parse); Ruby Liquid's lexer has no keywords, and
# `a.limit` is the lookup `a["limit"]`, which python-liquid reads as such.
_LOOKUP = (r"(?<=[\w\]?])\.(true|false|nil|null|empty|blank|and|or|contains|not|in|offset|limit|"
           r"reversed|cols|continue|with|for|as|if|else|required)(?![\w?-])")
KEYWORD_LOOKUP = re.compile(_LOOKUP)
# The same, with quoted strings matched first so that their text is left alone.
_REWRITE = re.compile(r"(\"[^\"]*\"|'[^']*')|" + _LOOKUP)


def keyword_expression(markup: str) -> str:
    """An expression's ``.keyword`` lookups written ``["keyword"]`` (quoted strings left alone)."""
    if not KEYWORD_LOOKUP.search(markup):
        return markup
    return _REWRITE.sub(lambda m: m.group(1) or f'["{m.group(2)}"]', markup)
