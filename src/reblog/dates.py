"""Dates as Jekyll reads them: file-name dates, front matter strings, the site's time zone.

Jekyll sets ``ENV["TZ"]`` from ``timezone:`` and then every date it parses goes through
``Utils.parse_date``, i.e. ``Time.parse(value.to_s).localtime``: the instant is kept (to the
whole second, since ``Time#to_s`` drops fractions) and shown in the site's zone, with that
zone's abbreviation (``EST``, ``IST``, ``UTC``). reblog does the same with an explicit tzinfo
instead of a process-wide ``TZ``, so several sites can be built in one process.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ReblogError

_DATE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?\s*$"
)


def machine_zone() -> tzinfo:
    """The zone Ruby's ``Time#localtime`` uses when ``timezone:`` is unset: $TZ, else the system's.

    A real zone (not a fixed offset) so that dates on both sides of a DST change get their own
    offsets and ``%Z`` prints the zone's abbreviation, as Ruby does. It is loaded by name (the
    target of ``/etc/localtime``, or ``/etc/timezone``) so it can be copied and pickled.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        return _zone_named(name) or UTC  # glibc reads a TZ it does not know as UTC
    for candidate in _system_zone_names():
        zone = _zone_named(candidate)
        if zone is not None:
            return zone
    # No name to load: the current offset of the C library's local time is the best we have.
    return datetime.now().astimezone().tzinfo or UTC


def _zone_named(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _system_zone_names() -> list[str]:
    names: list[str] = []
    try:
        target = os.path.realpath("/etc/localtime")
        if "/zoneinfo/" in target:
            names.append(target.split("/zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        with open("/etc/timezone", encoding="utf-8") as handle:
            names.append(handle.read().strip())
    except OSError:
        pass
    return [name for name in names if name]


def site_timezone(name: str | None) -> tzinfo:
    """The ``timezone:`` setting as a tzinfo; unset means the machine's local zone."""
    if not name:
        return machine_zone()
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ReblogError(f"unknown timezone {name!r}", "_config.yml") from err


def localize(naive: datetime, tz: tzinfo | None) -> datetime:
    """Attach the site's zone to a wall-clock time the way Ruby's ``Time.local`` does.

    A time in a spring-forward gap moves forward (02:30 becomes 03:30 daylight time); a time
    in the repeated hour of a fall-back change is read as the later, standard-time one.
    """
    zone = tz if tz is not None else machine_zone()
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    earlier = first.astimezone(UTC).astimezone(zone)
    if earlier.replace(tzinfo=None) == naive:  # the wall time exists twice: Ruby takes the later
        return second.astimezone(UTC).astimezone(zone)
    return earlier  # the wall time never happened: normalized forward past the gap


def ruby_time(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
    microsecond: int = 0,
) -> datetime:
    """A wall-clock time the way Ruby's ``Time.local`` builds it from parsed fields.

    Ruby accepts a day up to 31 in every month and rolls it over (2024-02-30 is 2024-03-01),
    and 24:00 as the next midnight; anything further out of range is an error (ValueError).
    """
    if not (1 <= month <= 12 and 1 <= day <= 31 and 0 <= hour <= 24 and 0 <= minute <= 59
            and 0 <= second <= 60):
        raise ValueError("argument out of range")
    if hour == 24 and (minute or second or microsecond):
        raise ValueError("argument out of range")
    start = datetime(year, month, 1)
    return start + timedelta(days=day - 1, hours=hour, minutes=minute, seconds=second,
                             microseconds=microsecond)


# Ruby's Date._parse, for the forms seen in front matter that the strict pattern above refuses
# (``2023-01-29 18:30:22 2023 -0800``, ``January 5, 2023``, ``5 Jan 2023 10:00 PST``): a time,
# with a zone only when one follows it directly, and a date found anywhere in the text; the
# rest is ignored, as Ruby ignores it.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Ruby's Time::ZoneOffset (time.rb): the only zone names Time.parse knows, with RFC 822's military
# letters; any other name (CET, JST...) counts only as the local zone's own abbreviation.
_ZONE_NAMES: dict[str, float] = {
    "utc": 0, "z": 0, "ut": 0, "gmt": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    **{letter: hours for letter, hours in zip("abcdefghiklm", range(1, 13))},
    **{letter: -hours for letter, hours in zip("nopqrstuvwxy", range(1, 13))},
}
_LAX_TIME = re.compile(
    r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?\s*(?:([ap])\.?m\.?\b)?"
    r"(?:\s*((?:gmt|utc?)?[-+]\d{1,2}(?::?\d{2})?|[a-z]+\b))?", re.I)
_LAX_ISO = re.compile(r"(?<!\d)([-+]?\d{2,4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_LAX_EU = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\b\s*(" + "|".join(_MONTHS)
                     + r")[a-z]*\.?,?\s*(\d{4})", re.I)
_LAX_US = re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})",
                     re.I)
_LAX_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def _lax_zone(text: str | None) -> str | None:
    if not text:
        return None
    lowered = text.lower().removeprefix("gmt").removeprefix("utc") if text[0] in "gGuU" and (
        "+" in text or "-" in text) else text.lower()
    if lowered[:1] in "+-":
        return lowered
    hours = _ZONE_NAMES.get(lowered)
    if hours is None:
        # Time.zone_offset may still know it as the local zone's name (parse_date decides).
        return text.upper() if text.isalpha() else None
    sign = "-" if hours < 0 else "+"
    return f"{sign}{int(abs(hours)):02d}{int(abs(hours) % 1 * 60):02d}"


def _lenient_parts(text: str) -> tuple[Any, ...] | None:
    """Date and time fields of ``text`` read as Ruby's ``Date._parse`` reads them, or None."""
    hour = minute = second = frac = zone = None
    rest = text
    timed = _LAX_TIME.search(rest)
    if timed:
        hour, minute, second, frac, meridian, zone_text = timed.groups()
        if meridian:
            hour = str(int(hour) % 12 + (12 if meridian.lower() == "p" else 0))
        zone = _lax_zone(zone_text)
        rest = rest[:timed.start()] + " " + rest[timed.end():]
    iso = _LAX_ISO.search(rest)
    if iso:
        year, month, day = iso.groups()
    elif eu := _LAX_EU.search(rest):
        day, name, year = eu.groups()
        month = str(_MONTHS.index(name[:3].lower()) + 1)
    elif us := _LAX_US.search(rest):
        name, day, year = us.groups()
        month = str(_MONTHS.index(name[:3].lower()) + 1)
    elif compact := _LAX_COMPACT.match(rest):
        year, month, day = compact.groups()
    else:
        return None
    return year, month, day, hour, minute, second, frac, zone


def _offset(text: str) -> tzinfo:
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:-2] or digits) if len(digits) > 2 else int(digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(value: Any, tz: tzinfo | None) -> datetime:
    """Turn a front matter or file-name date into an aware datetime (Jekyll's Utils.parse_date).

    Jekyll parses ``value.to_s``, so a YAML time loses its fraction of a second and a YAML date
    becomes local midnight; either way the result is shown in the site's zone.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return localize(value.replace(microsecond=0), tz)
        return to_site_zone(value.replace(microsecond=0), tz)
    if isinstance(value, date):
        return localize(datetime(value.year, value.month, value.day), tz)
    match = _DATE.match(str(value))
    parts = match.groups() if match else _lenient_parts(str(value))
    if parts is None:
        raise ValueError(f"invalid date {value!r}")
    year, month, day, hour, minute, second, frac, zone = parts
    naive = ruby_time(
        int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
        int((frac or "0")[:6].ljust(6, "0")),
    )
    if zone and zone.isalpha() and zone.upper() not in ("Z", "UTC", "GMT"):
        zone = _local_zone_named(zone, int(year), tz)
    if zone:
        # Jekyll's parse_date ends in Time#localtime: the instant is kept, shown in the site zone.
        return to_site_zone(naive.replace(tzinfo=_offset(zone)), tz)
    return localize(naive, tz)


def _local_zone_named(name: str, year: int, tz: tzinfo | None) -> str | None:
    """Time.zone_offset for a name not in its table: the local zone's offset on 1 January or
    1 July of the year when its abbreviation then is that name (CET, CEST with TZ=Europe/Berlin),
    else None: the time is local."""
    zone = tz if tz is not None else machine_zone()
    for month in (1, 7):
        local = datetime(year, month, 1, tzinfo=zone)
        if (local.tzname() or "").upper() == name.upper():
            offset = local.utcoffset() or timedelta(0)
            minutes = int(offset.total_seconds()) // 60
            return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return None


def to_site_zone(value: datetime, tz: tzinfo | None) -> datetime:
    """Express an aware time in the site's zone (a naive one is taken as machine-local)."""
    return value.astimezone(tz if tz is not None else machine_zone())
