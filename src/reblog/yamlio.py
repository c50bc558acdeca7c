"""Safe YAML loading that reports the file and line of a problem and never builds Python objects."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import ReblogError


class _Loader(yaml.SafeLoader):
    """SafeLoader: plain data only (a ``!!python/...`` tag is an error, not an object)."""


def load_yaml(text: str, file: str, first_line: int = 1) -> Any:
    """Parse YAML text; a syntax error or unsafe tag becomes a ReblogError at file:line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = first_line + mark.line if mark else first_line
        problem = (err.problem or err.context or "invalid YAML").strip()
        raise ReblogError(f"invalid YAML: {problem}", file, line) from err
    except yaml.YAMLError as err:
        raise ReblogError(f"invalid YAML: {err}", file, first_line) from err
