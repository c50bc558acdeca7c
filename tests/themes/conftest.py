"""Shared set-up for the built-in theme's tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``browser`` marker (tests that drive headless Chromium)."""
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium (Playwright)")
