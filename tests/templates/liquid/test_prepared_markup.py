"""``prepared_markup`` reads each ``{`` once, passing over {% raw %}/{% comment %} blocks as it
meets them; the result must be what preparing the text between those blocks (found anywhere,
even inside another tag's markup) piece by piece makes."""

from __future__ import annotations

import random

import pytest

from reblog.templates.liquid import _prepared_pieces, prepared_markup

SAMPLES = [
    "no markup at all { } %",
    "{{ site.x.limit }} {% for x in y limit: limit %}{{ x.first }}{% endfor %}",
    "{% raw %}{{ a.limit }}{% endraw %} {{ a.limit }} {% comment %} {{ b.offset }} {% endcomment %}",
    "{{ 'x' | where: 'a', blank }} {% if a == blank %}{% endif %}",
    "{{ a.limit {% raw %} }} {% endraw %} {{ b.limit }}",
    "{% assign x = '{% raw %}' %}{{ c.limit }}{% endraw %}{{ d.limit }}",
    "{% raw %} unclosed {{ e.limit }}",
    "{{ a.limit }",
]


@pytest.mark.parametrize("source", SAMPLES)
def test_the_same_as_piece_by_piece(source: str) -> None:
    assert prepared_markup(source) == _prepared_pieces(source)


def test_the_same_for_any_mix_of_markup_pieces() -> None:
    pieces = ["{", "}", "%", "-", "{{", "}}", "{%", "%}", " ", "a.limit", "limit", ".first", "blank",
              " | f: empty", "==", "raw", "endraw", "comment", "endcomment", "{% raw %}", "{% endraw %}",
              "{%- comment -%}", "{% endcomment %}", "'", "x"]
    chosen = random.Random(9)
    sources = ["".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 16))) for _ in range(30000)]
    assert [s for s in sources if prepared_markup(s) != _prepared_pieces(s)] == []
