"""Dates as Jekyll reads them: file-name dates, front matter strings, the site's time zone."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ReblogError

_DATE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?\s*$"
)


def site_timezone(name: str | None) -> tzinfo | None:
    """The ``timezone:`` setting as a tzinfo; None means the machine's local zone."""
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ReblogError(f"unknown timezone {name!r}", "_config.yml") from err


def localize(naive: datetime, tz: tzinfo | None) -> datetime:
    """Attach the site's zone to a naive time (the local zone when none is set)."""
    return naive.replace(tzinfo=tz) if tz else naive.astimezone()


def _offset(text: str) -> tzinfo:
    if text.upper() in ("Z", "UTC", "GMT"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:-2] or digits) if len(digits) > 2 else int(digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(value: Any, tz: tzinfo | None) -> datetime:
    """Turn a front matter or file-name date into an aware datetime (Jekyll's Utils.parse_date)."""
    if isinstance(value, datetime):
        return to_site_zone(value, tz) if value.tzinfo else localize(value, tz)
    if isinstance(value, date):
        return localize(datetime(value.year, value.month, value.day), tz)
    match = _DATE.match(str(value))
    if not match:
        raise ValueError(f"invalid date {value!r}")
    year, month, day, hour, minute, second, frac, zone = match.groups()
    naive = datetime(
        int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
        int((frac or "0")[:6].ljust(6, "0")),
    )
    if zone:
        # Jekyll's parse_date ends in Time#localtime: the instant is kept, shown in the site zone.
        aware = naive.replace(tzinfo=_offset(zone))
        return aware.astimezone(tz) if tz else aware.astimezone()
    return localize(naive, tz)


def to_site_zone(value: datetime, tz: tzinfo | None) -> datetime:
    """Express a time in the site's zone."""
    return value.astimezone(tz) if tz else value.astimezone()
