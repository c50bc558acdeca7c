"""Templates that make Jekyll abort must raise here too."""

from __future__ import annotations

import pytest
from liquid.exceptions import LiquidError

GROUP = "errors"


def test_raises_like_jekyll(case, render):
    """Jekyll failed the build for this template, so rendering must raise."""
    assert case.expected is True
    with pytest.raises((LiquidError, TypeError, ValueError)):
        render(case)
