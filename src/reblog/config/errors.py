"""The error for a configuration value of the wrong kind, naming its key and what was expected."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ReblogError


@dataclass
class ConfigValueError(ReblogError):
    """A configuration value of the wrong kind; ``key`` is its path (``("sass", "sass_dir")``)."""

    key: tuple[str, ...] = ()


def describe(value: Any) -> str:
    """A value as the user wrote it in YAML, for an error message."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def wrong(path: tuple[str, ...], expected: str, value: Any) -> ConfigValueError:
    """The error for ``value`` at ``path``, which should have been ``expected``."""
    return ConfigValueError(f"{'.'.join(path)}: expected {expected}, got {describe(value)}", key=path)
