"""A template that renders again in the build is parsed once more and then reused: each render
still sees its own variables (a paginated listing's pages share their text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reblog.config.model import Settings
from reblog.errors import ReblogError
from reblog.templates.liquid import make_environment, render_liquid
from reblog.templates.liquid.state import RenderState

SOURCE = "{% assign n = page.n %}{% for i in (1..n) %}{{ i }}{% endfor %}|{{ page.title | upcase }}"


def _state() -> RenderState:
    return RenderState(source=Path("."), include_dirs=[], url_index={}, post_index={}, baseurl="",
                       highlight_tag=lambda code, lang, linenos: code)


def test_each_render_of_the_same_text_sees_its_own_variables() -> None:
    env = make_environment(Settings(source=Path("."), destination=Path("_site")), {})
    outputs = [render_liquid(env, SOURCE, "blog/index.html", {"page": {"n": n, "title": f"p{n}"}}, _state(), 6)
               for n in (1, 2, 3, 4)]
    assert outputs == ["1|P1", "12|P2", "123|P3", "1234|P4"]


def test_an_error_in_a_reused_text_names_its_line() -> None:
    env = make_environment(Settings(source=Path("."), destination=Path("_site")), {})
    source = "a\n{{ page.title | prepend }}"
    for _ in range(3):
        with pytest.raises(ReblogError) as info:
            render_liquid(env, source, "blog/index.html", {"page": {"title": "t"}}, _state(), 6)
        assert (info.value.file, info.value.line) == ("blog/index.html", 7)
