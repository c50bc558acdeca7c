"""Themes reblog ships: a ``theme:`` name resolves to a folder inside the package."""

from __future__ import annotations

from pathlib import Path

THEMES_DIR = Path(__file__).parent / "themes"

# Names a site may use for the built-in theme.
BUILTIN_NAMES = {"reblog-default": "default", "default": "default", "reblog": "default"}


def find_theme(name: str) -> Path | None:
    """The folder of a built-in theme, or None when reblog does not have it."""
    folder = BUILTIN_NAMES.get(name)
    if folder is None:
        return None
    path = THEMES_DIR / folder
    return path if path.is_dir() else None
