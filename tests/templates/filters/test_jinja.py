"""The same filter functions work in Jinja2 and match Jekyll's Liquid output."""

from __future__ import annotations

import pytest
from conftest import jinja_env, render_context

GROUP = "jinja"


@pytest.mark.parametrize("keep_builtins", [False, True], ids=["jekyll_filters", "jinja_filters"])
def test_jinja_matches_jekyll(case, keep_builtins):
    """The Jinja2 spelling renders what Jekyll rendered for the Liquid spelling."""
    env = jinja_env(case.config, keep_builtins=keep_builtins)
    rendered = env.from_string(case.template).render(**render_context(case.config))
    assert rendered == case.expected
