"""Sass and SCSS through libsass, as Jekyll's sassc converter does."""

from __future__ import annotations

import re
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


def compile_sass(
    text: str, syntax: str, load_paths: list[str], style: str, file: str, first_line: int = 1,
) -> str:
    """Compile Sass (``sass``) or SCSS (``scss``) text to CSS; errors name the file and line.

    ``first_line`` is the file line the text starts on (after front matter), so the line in an
    error is the file's.
    """
    try:
        return str(libsass.compile(
            string=text, include_paths=load_paths, output_style=style,
            indented=(syntax == "sass"),
        ))
    except libsass.CompileError as err:
        message = str(err).strip().splitlines()
        first = message[0].removeprefix("Error: ") if message else "Sass error"
        # libsass says "on line 2:10 of stdin" (line:column, counted in the compiled text).
        found = re.search(r"on line (\d+)", str(err))
        line = int(found.group(1)) + first_line - 1 if found else None
        raise ReblogError(f"Sass error: {first}", file, line) from err


def sass_style(config: Mapping[str, Any]) -> str:
    """The output style: ``sass: style:`` (``:compressed`` or ``compressed``), else compact.

    jekyll-sass-converter 2.x keeps ``compact`` as the default for its sassc (libsass) backend,
    as an unknown style falls back to it too.
    """
    style = str((config.get("sass") or {}).get("style") or "compact").lower().removeprefix(":")
    return style if style in ("nested", "expanded", "compact", "compressed") else "compact"
