"""Whitespace control (``-%}``, ``-}}``) strips only the whitespace after the tag, as Ruby Liquid does.

Expected values were printed by Ruby Liquid 5.4.0 (Debian's, the one Jekyll 4.3.1 uses):
``ruby -e 'require "liquid"; p Liquid::Template.parse(SOURCE).render'``.
"""

from __future__ import annotations

import pytest

from reblog.templates.liquid import JekyllEnvironment

RUBY_LIQUID = [
    ("{%- if true -%}{% endif -%}\nB\n", "B\n"),
    ("A{%- if true -%}X{%- endif -%}\nB\n", "AXB\n"),
    ("{{ 1 -}}\nB\n\n\n", "1B\n\n\n"),
    ("<h>{%- if false -%}x{%- endif -%}\n</head>\n", "<h></head>\n"),
]


@pytest.mark.parametrize(("source", "want"), RUBY_LIQUID)
def test_text_after_stripping_tag_keeps_final_newline(source: str, want: str) -> None:
    """The last line's newline survives a ``-%}`` before it (minima's head.html ends so)."""
    assert JekyllEnvironment().from_string(source).render() == want
