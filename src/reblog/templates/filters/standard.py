"""Overrides of standard Liquid filters where python-liquid differs from Ruby Liquid."""

from __future__ import annotations

from typing import Any, Callable

STANDARD_OVERRIDES: dict[str, Callable[..., Any]] = {}
