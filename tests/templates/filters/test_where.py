"""Jekyll parity specs for the 'where' filter group (expectations in expected.json)."""

from __future__ import annotations

GROUP = "where"


def test_matches_jekyll(case, render):
    """The template renders exactly as Jekyll 4.3.1 rendered it."""
    assert render(case) == case.expected
