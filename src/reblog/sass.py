"""Sass and SCSS through libsass, as Jekyll's sassc converter does."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sass as libsass

from .errors import ReblogError


def sass_load_paths(source: Path, config: Mapping[str, Any], theme_dir: Path | None) -> list[str]:
    """The folders ``@import`` searches: ``sass_dir`` (``_sass``), ``load_paths``, the theme's."""
    opts = config.get("sass") or {}
    paths = [str(source / str(opts.get("sass_dir") or "_sass"))]
    paths += [str(source / str(p)) for p in opts.get("load_paths") or []]
    if theme_dir:
        paths.append(str(theme_dir / "_sass"))
    return paths


def compile_sass(text: str, syntax: str, load_paths: list[str], style: str, file: str) -> str:
    """Compile Sass (``sass``) or SCSS (``scss``) text to CSS; errors name the file and line."""
    try:
        return str(libsass.compile(
            string=text, include_paths=load_paths, output_style=style,
            indented=(syntax == "sass"),
        ))
    except libsass.CompileError as err:
        message = str(err).strip().splitlines()
        first = message[0].removeprefix("Error: ") if message else "Sass error"
        line = None
        for part in message:
            if "on line" in part:
                try:
                    line = int(part.split("on line", 1)[1].split()[0].rstrip(":,"))
                except (ValueError, IndexError):
                    pass
                break
        raise ReblogError(f"Sass error: {first}", file, line) from err


def sass_style(config: Mapping[str, Any]) -> str:
    """The output style: ``sass: style:`` or Jekyll's default, expanded."""
    style = str((config.get("sass") or {}).get("style") or "expanded").lower()
    return style if style in ("nested", "expanded", "compact", "compressed") else "expanded"
