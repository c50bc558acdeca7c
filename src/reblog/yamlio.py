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
    """Parse YAML text; a syntax error or unsafe tag becomes a ReblogError at file:line."""
    try:
        try:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
        except yaml.composer.ComposerError as err:
            if "duplicate anchor" not in str(err.context or ""):
                raise
            return yaml.load(text, Loader=_RedefiningLoader)  # noqa: S506 - a SafeLoader too
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
