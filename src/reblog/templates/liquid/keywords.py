"""Names python-liquid reads as keywords (``site.x.limit``, a variable ``limit``), written so that
it reads them as Ruby Liquid does: as lookups."""

from __future__ import annotations

import re

# python-liquid's expression keywords (liquid/builtin/expressions/_tokenize.py). After a dot they are
# still read as keywords (`site.x.limit` fails to parse); Ruby Liquid's lexer has no keywords, and
# `a.limit` is the lookup `a["limit"]`, which python-liquid reads as such.
_KEYWORDS = ("true|false|nil|null|empty|blank|and|or|contains|not|in|offset|limit|reversed|cols|"
             "continue|with|for|as|if|else|required")
_LOOKUP = rf"(?<=[\w\]?])\.({_KEYWORDS})(?![\w?-])"
# A variable named `limit`, `offset` or `cols` (`{% assign limit = 3 %}`, `limit: limit`): in Ruby
# they are names except as a for/tablerow parameter (`limit:`); python-liquid has no way to write
# such a root name, so it gets another one, the same in every template.
_NAMES = "limit|offset|cols"   # (keyword_expression looks for each as text)
_VARIABLE = rf"(?<![\w.\[\]?-])({_NAMES})(?![\w?-])(?!\s*:)"
VARIABLE_PREFIX = "__liquid_name_"
KEYWORD_LOOKUP = re.compile(_LOOKUP + "|" + _VARIABLE)
# What every match of KEYWORD_LOOKUP contains (one of _NAMES, or this), found without its
# look-behinds at each position (a markup without it is left as it is: nearly all are).
_DOT_KEYWORD = re.compile(rf"\.(?:{_KEYWORDS})(?![\w?-])")
# The same, with quoted strings matched first so that their text is left alone.
_REWRITE = re.compile(r"(\"[^\"]*\"|'[^']*')|" + _LOOKUP + "|" + _VARIABLE)
# Tags whose `name=value` parameters are not variables (include's `limit=3`).
_NAMED_PARAMETERS = re.compile(r"{%-?\s*(?:include|include_relative|render)\b")


def keyword_expression(markup: str) -> str:
    """A markup's ``.keyword`` lookups written ``["keyword"]`` and keyword-named variables renamed
    (quoted strings left alone)."""
    # (the names looked for as text, the lookups by a pattern that starts with a dot: each
    # runs along the markup quicker than one pattern for both, which starts with neither)
    if "limit" not in markup and "offset" not in markup and "cols" not in markup \
            and not _DOT_KEYWORD.search(markup):
        return markup
    if not KEYWORD_LOOKUP.search(markup):
        return markup
    parameters = _NAMED_PARAMETERS.match(markup) is not None

    def rewrite(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        if match.group(2):
            return f'["{match.group(2)}"]'
        if parameters and re.match(r"\s*=(?!=)", markup[match.end():]):
            return match.group(0)
        return VARIABLE_PREFIX + match.group(3)

    return _REWRITE.sub(rewrite, markup)
