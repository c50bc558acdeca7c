"""Checks that a config file's values have the types Jekyll expects, naming file, line and key.

Jekyll itself refuses ``include``/``exclude``/``plugins`` that are not lists and ``collections``
that is neither a mapping nor a list (``Configuration#check_include_exclude``, ``check_plugins``,
``Site#setup``); other wrong types crash it somewhere later. reblog says at once which key of
which file is wrong and what was expected. The rules themselves are the typed configuration's
(``parse.py``); this module only finds the line of the key they name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from ..errors import ReblogError
from .errors import ConfigValueError
from .parse import parse_settings


def validate_config(data: Mapping[str, Any], file: str, text: str) -> None:
    """Raise a ReblogError at the first value of ``data`` (read from ``text``) of a wrong kind."""
    try:
        parse_settings(data)
    except ConfigValueError as err:
        raise ReblogError(err.message, file, _line_of(text, err.key)) from err


def _line_of(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based line of the key at ``path`` in the YAML text (composed, never constructed)."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            return line
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                line = key_node.start_mark.line + 1
                node = value_node
                break
        else:
            return line
    return line
