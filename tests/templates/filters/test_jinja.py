"""The same filter functions work in Jinja2 and match Jekyll's Liquid output."""

from __future__ import annotations

from conftest import jinja_env, render_context

GROUP = "jinja"


def test_jinja_matches_jekyll(case):
    """The Jinja2 spelling renders what Jekyll rendered for the Liquid spelling."""
    template = jinja_env(case.config).from_string(case.template)
    assert template.render(**render_context(case.config)) == case.expected
