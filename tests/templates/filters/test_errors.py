"""Templates that make Jekyll abort must raise here too."""

from __future__ import annotations

import pytest

from reblog.errors import ReblogError

GROUP = "errors"


def test_raises_like_jekyll(case, render):
    """Jekyll failed the build for this template, so reblog's render must fail it: one clear error."""
    assert case.expected is True
    with pytest.raises(ReblogError):
        render(case)
