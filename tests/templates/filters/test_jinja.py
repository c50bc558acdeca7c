"""The same filter functions work in Jinja2 and match Jekyll's Liquid output."""

from __future__ import annotations

from conftest import jinja_env, render_context

GROUP = "jinja"


def test_jinja_matches_jekyll(case):
    """The Jinja2 spelling renders what Jekyll rendered for the Liquid spelling."""
    env = jinja_env(case.config)
    rendered = env.from_string(case.template).render(**render_context(case.config))
    assert rendered == case.expected
