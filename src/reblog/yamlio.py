"""Safe YAML loading that reports the file and line of a problem and never builds Python objects.

Scalars that look like dates and times are read the way Ruby's Psych (Jekyll's YAML loader)
reads them, because Liquid prints them: ``2024-01-05 10:00:00 +0530`` is a time with a fixed
offset (PyYAML would keep it a string), ``2024-01-05T10:00:00Z`` a UTC time, ``2024-1-5`` a
date, and a time without a zone is taken as UTC and shown in the local zone (Psych's
``Time.at``), which the reader then re-expresses in the site's zone (:func:`localize_times`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

import yaml

from .dates import machine_zone
from .errors import ReblogError

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

# Psych::ScalarScanner::TIME and the date pattern of ScalarScanner#tokenize.
_PSYCH_TIME = re.compile(
    r"-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?"
    r"(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?"
)
_PSYCH_DATE = re.compile(r"\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)")
# The pieces Psych's parse_time takes apart.
_TIME_PARTS = re.compile(
    r"(-?\d{4})-(\d{1,2})-(\d{1,2})[ \tTt]+(\d+):(\d+):(\d+)(?:\.(\d*))?\s*(Z|[-+]\d+(?::\d\d)?)?"
)
_ZONE_PARTS = re.compile(r"([+\-]?\d{1,2}):?(\d{1,2})?")


class UnzonedTime(datetime):
    """A YAML time written without a zone: Psych reads it as UTC and shows it in the local zone.

    Built in the machine's zone; :func:`localize_times` re-expresses it in the site's zone,
    since Jekyll has set ``TZ`` from ``timezone:`` before it reads documents and data.
    """


def fixed_offset(seconds: int) -> tzinfo:
    """A fixed-offset zone that prints as ``+HHMM`` and has no zone name (never Ruby's UTC)."""
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return timezone(timedelta(seconds=seconds), f"{sign}{hours:02d}{rest // 60:02d}")


def psych_time(text: str) -> datetime | None:
    """Psych's ``parse_time`` for a scalar matching its TIME pattern; None where Ruby raises."""
    match = _TIME_PARTS.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, frac, zone = match.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    try:
        naive = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro)
    except ValueError:
        return None
    if zone == "Z":
        return naive.replace(tzinfo=UTC)
    if zone is None:
        local = naive.replace(tzinfo=UTC).astimezone(machine_zone())
        return UnzonedTime(
            local.year, local.month, local.day, local.hour, local.minute, local.second,
            local.microsecond, local.tzinfo, fold=local.fold,
        )
    parts = _ZONE_PARTS.fullmatch(zone)
    if not parts:
        return None
    # Psych takes the sign from the hours alone, so "-00:30" comes out as +00:30; kept as is.
    offset = int(parts.group(1)) * 3600
    minutes = int(parts.group(2) or 0) * 60
    offset = offset - minutes if offset < 0 else offset + minutes
    if not -86400 < offset < 86400:
        return None
    return naive.replace(tzinfo=fixed_offset(offset))


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    text = str(loader.construct_scalar(node)).strip()  # type: ignore[arg-type]
    if _PSYCH_DATE.fullmatch(text):
        year, month, day = (int(part) for part in text.split("-"))
        try:
            return date(year, month, day)
        except ValueError:
            return text  # Psych keeps an impossible date such as 2023-02-30 a string
    parsed = psych_time(text)
    return text if parsed is None else parsed


# libyaml's parser when PyYAML has it (several times faster on hundreds of front matters).
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc, valid-type]
    """A safe loader: plain data only (a ``!!python/...`` tag is an error, not an object).

    Dates and times are recognized by Psych's patterns rather than PyYAML's.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _SafeBase.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _TIMESTAMP_TAG,
    re.compile(rf"^(?:{_PSYCH_TIME.pattern}|{_PSYCH_DATE.pattern})$"),
    list("-0123456789"),
)
_Loader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)

# How many values aliases may add to a document beyond the nodes written in it. Anchors are
# legitimate (front matter defaults reused a few times); a "billion laughs" list of aliases
# of aliases builds a small graph that every later tree walk (time zones, merges, views,
# JSON) sees expanded exponentially, so it is refused before anything is constructed.
MAX_ALIAS_EXPANSION = 1_000_000


class AliasBombError(Exception):
    """A YAML graph whose aliases expand beyond the limit, or refer to their own container."""

    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.message = message
        self.line = node.start_mark.line if node.start_mark else 0


def expanded_size(root: yaml.Node, limit: int = MAX_ALIAS_EXPANSION) -> int:
    """The number of values ``root`` stands for once every alias is expanded.

    Linear in the number of distinct nodes (sizes are memoized per node), iterative so a
    deep document cannot exhaust the stack; raises AliasBombError past ``limit`` extra
    values or on an alias inside the collection it names (a recursive structure).
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    distinct = 0
    # Post-order walk: (node, children pushed yet?).
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        key = id(node)
        children = _children(node)
        if expanded:
            on_path.discard(key)
            size = 1 + sum(sizes[id(child)] for child in children)
            sizes[key] = size
            if size - distinct > limit:
                raise AliasBombError(
                    f"YAML aliases expand to more than {limit:,} values (an alias bomb?)", node
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise AliasBombError("a YAML alias refers to a collection that contains it", node)
        distinct += 1
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in on_path:
                raise AliasBombError(
                    "a YAML alias refers to a collection that contains it", child
                )
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _load_bounded(text: str, loader_class: type[yaml.SafeLoader]) -> Any:
    """Compose, check the alias expansion, then construct (what ``yaml.load`` does, plus the check)."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # Without an anchor there is no alias: the check is skipped and libyaml's speed kept.
        if "&" in text:
            expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


class _RedefiningLoader(yaml.SafeLoader):
    """The same loader in pure Python, where an anchor may be defined again, as Psych allows
    (later aliases use the newest); used only for the documents libyaml refuses for that."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Forget an anchor that is about to be defined again, then compose as usual."""
        if not self.check_event(yaml.AliasEvent):
            anchor = self.peek_event().anchor  # type: ignore[no-untyped-call]
            if anchor is not None:
                self.anchors.pop(anchor, None)
        return super().compose_node(parent, index)


_RedefiningLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_RedefiningLoader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)


def load_yaml(text: str, file: str, first_line: int = 1) -> Any:
    """Parse YAML text; a syntax error, unsafe tag or alias bomb becomes a ReblogError at file:line."""
    try:
        try:
            return _load_bounded(text, _Loader)
        except yaml.composer.ComposerError as err:
            if "duplicate anchor" not in str(err.context or ""):
                raise
            return _load_bounded(text, _RedefiningLoader)
    except AliasBombError as err:
        raise ReblogError(err.message, file, first_line + err.line) from err
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = first_line + mark.line if mark else first_line
        problem = (err.problem or err.context or "invalid YAML").strip()
        raise ReblogError(f"invalid YAML: {problem}", file, line) from err
    except yaml.YAMLError as err:
        raise ReblogError(f"invalid YAML: {err}", file, first_line) from err


def localize_times(value: Any, zone: tzinfo) -> Any:
    """Show every zone-less YAML time in ``value`` in the site's zone (in place for containers).

    Returns the value (a new datetime for a bare time); dicts and lists are updated in place.
    """
    if isinstance(value, UnzonedTime):
        local = value.astimezone(zone)
        return datetime(
            local.year, local.month, local.day, local.hour, local.minute, local.second,
            local.microsecond, local.tzinfo, fold=local.fold,
        )
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (UnzonedTime, dict, list)):
                value[key] = localize_times(item, zone)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, (UnzonedTime, dict, list)):
                value[index] = localize_times(item, zone)
    return value
