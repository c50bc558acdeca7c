"""Checks that a config file's values have the types Jekyll expects, naming file, line and key.

Jekyll itself refuses ``include``/``exclude``/``plugins`` that are not lists and ``collections``
that is neither a mapping nor a list (``Configuration#check_include_exclude``, ``check_plugins``,
``Site#setup``); other wrong types crash it somewhere later. reblog says at once which key of
which file is wrong and what was expected. All the rules are in this one table so they can move
as one piece into typed configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml

from ..errors import ReblogError

Check = Callable[[Any], bool]


def _text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _list(value: Any) -> bool:
    return value is None or isinstance(value, list)


def _mapping(value: Any) -> bool:
    return value is None or isinstance(value, Mapping)


def _mapping_or_list(value: Any) -> bool:
    return value is None or isinstance(value, (Mapping, list))


def _bool(value: Any) -> bool:
    return value is None or isinstance(value, bool)


def _positive_int(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)


# key path -> (check, what was expected)
RULES: dict[tuple[str, ...], tuple[Check, str]] = {
    **{(key,): (_text, "a folder name") for key in (
        "source", "destination", "collections_dir", "layouts_dir", "data_dir", "includes_dir",
        "cache_dir",
    )},
    **{(key,): (_text, "text") for key in (
        "baseurl", "url", "permalink", "timezone", "markdown", "markdown_ext", "encoding",
    )},
    **{(key,): (_list, "a list") for key in (
        "include", "exclude", "keep_files", "plugins", "gems", "whitelist", "defaults",
    )},
    ("collections",): (_mapping_or_list, "a mapping of collection names, or a list of names"),
    ("liquid",): (_mapping, "a mapping (error_mode, strict_filters, ...)"),
    ("liquid", "max_loop_iterations"): (_positive_int, "a whole number above 0"),
    ("liquid", "max_output_bytes"): (_positive_int, "a whole number above 0"),
    ("sass",): (_mapping, "a mapping (sass_dir, style, ...)"),
    ("sass", "sass_dir"): (_text, "a folder name"),
    ("sass", "load_paths"): (_list, "a list"),
    ("kramdown",): (_mapping, "a mapping"),
    ("social_cards",): (_bool, "true or false"),
}


def validate_config(data: Mapping[str, Any], file: str, text: str) -> None:
    """Raise a ReblogError at the first value of ``data`` (read from ``text``) of a wrong type."""
    for path, (check, expected) in RULES.items():
        found, value = _lookup(data, path)
        if found and not check(value):
            key = ".".join(path)
            raise ReblogError(
                f"{key}: expected {expected}, got {_describe(value)}", file, _line_of(text, path)
            )


def _lookup(data: Mapping[str, Any], path: tuple[str, ...]) -> tuple[bool, Any]:
    value: Any = data
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return False, None
        value = value[key]
    return True, value


def _describe(value: Any) -> str:
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
