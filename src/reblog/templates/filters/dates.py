"""Date filters: Ruby-compatible `date`/strftime plus Jekyll's date_to_* filters."""

from __future__ import annotations

import datetime as dt
import os
import re
import time as _time
import zoneinfo
from collections.abc import Callable
from typing import Any

from .ruby import format_offset, is_nil, to_s

DateLike = dt.datetime | dt.date

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_ABBR = {name[:3].lower(): index + 1 for index, name in enumerate(_MONTHS)}
_MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"

# Offsets of the zone abbreviations Ruby's Date._parse knows best.
_ZONES = {
    "ut": 0, "gmt": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
    "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10, "bst": 1, "cet": 1,
    "cest": 2, "eet": 2, "eest": 3, "wet": 0, "west": 1, "ist": 5.5, "jst": 9, "kst": 9,
    "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13,
}

_ISO = re.compile(
    r"(?P<y>[-+]?\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[Tt ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"\s*(?P<z>[Zz]|UTC|[-+]\d{2}(?::?\d{2})?)?"
)
_DIRECTIVE = re.compile(r"%([-_0^#]*)(\d*)(:{0,2})([a-zA-Z%+])")


class InvalidDateError(ValueError):
    """Raised like Jekyll::Errors::InvalidDateError when a date cannot be parsed."""


def local_zone(name: str | None) -> dt.tzinfo:
    """Return the zone Ruby's `localtime` uses: site `timezone`, else $TZ, else the system's."""
    for candidate in (name, os.environ.get("TZ")):
        if candidate:
            try:
                return zoneinfo.ZoneInfo(candidate.lstrip(":"))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    try:
        with open("/etc/localtime", "rb") as handle:
            return zoneinfo.ZoneInfo.from_file(handle)
    except OSError:
        return dt.UTC


def localize(naive: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Attach a zone to wall-clock time; times in a DST gap move forward like Ruby's."""
    return naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def fixed_zone(offset: dt.timedelta) -> dt.tzinfo:
    """A fixed-offset zone that is *not* Ruby's UTC (prints `+0000`, empty `%Z`)."""
    return dt.timezone(offset, format_offset(offset))


# --------------------------------------------------------------------------- parsing


def to_date(value: Any, zone: dt.tzinfo) -> DateLike | None:
    """Liquid's `Utils.to_date`: dates pass through, strings/timestamps are parsed."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, str):
        text = value.lower()
        if not text:
            return None
        if text in ("now", "today"):
            return dt.datetime.now(zone)
        if text.isascii() and text.isdigit():
            return dt.datetime.fromtimestamp(int(text), zone)
        return parse_time(value, zone)
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, zone)
    return None


def parse_time(text: str, zone: dt.tzinfo) -> dt.datetime | None:
    """A pragmatic subset of Ruby's `Time.parse`; None when Ruby would raise."""
    match = _ISO.match(text.strip())
    if match:
        return _from_iso(match, zone)
    return _parse_loose(text, zone)


def _from_iso(match: re.Match[str], zone: dt.tzinfo) -> dt.datetime | None:
    parts = match.groupdict()
    try:
        value = dt.datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]),
            int(parts["H"] or 0), int(parts["M"] or 0), int(parts["S"] or 0),
            int((parts["f"] or "0")[:6].ljust(6, "0")),
        )
    except ValueError:
        return None
    return localize(value, _zone_for(parts["z"], zone))


def _zone_for(token: str | None, zone: dt.tzinfo) -> dt.tzinfo:
    if not token:
        return zone
    lowered = token.lower()
    if lowered in ("z", "utc"):
        return dt.UTC
    if lowered in _ZONES:
        return fixed_zone(dt.timedelta(hours=_ZONES[lowered]))
    sign = -1 if token[0] == "-" else 1
    digits = token[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return fixed_zone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _parse_loose(text: str, zone: dt.tzinfo) -> dt.datetime | None:
    lowered = text.lower()
    now = dt.datetime.now(zone)
    found_date = _find_date(lowered, now.year)
    found_time = _find_time(lowered)
    if found_date is None and found_time is None:
        return None
    year, month, day = found_date or (now.year, now.month, now.day)
    hour, minute, second, micro, zone_token = found_time or (0, 0, 0, 0, _find_zone(lowered))
    try:
        value = dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        return None
    return localize(value, _zone_for(zone_token, zone))


def _find_date(text: str, this_year: int) -> tuple[int, int, int] | None:
    patterns: list[tuple[str, Callable[[re.Match[str]], tuple[int, int, int]]]] = [
        (r"(\d{4})/(\d{1,2})/(\d{1,2})", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        # Ruby reads "a/b/yyyy" as day/month/year and "a/b/c" as yy/mm/dd.
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", lambda m: (int(m[3]), int(m[2]), int(m[1]))),
        (r"(\d{2})/(\d{1,2})/(\d{1,2})", lambda m: (_century(m[1]), int(m[2]), int(m[3]))),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", lambda m: (int(m[3]), int(m[2]), int(m[1]))),
        (r"\b(\d{4})(\d{2})(\d{2})\b", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (rf"(\d{{1,2}})(?:st|nd|rd|th)?[\s,-]+{_MONTH_NAME}[\s,-]*(\d{{4}})?",
         lambda m: (int(m[3] or this_year), _MONTH_ABBR[m[2]], int(m[1]))),
        (rf"{_MONTH_NAME}[\s,-]*(\d{{1,2}})(?:st|nd|rd|th)?\b(?:[\s,]+(\d{{4}}))?",
         lambda m: (int(m[3] or this_year), _MONTH_ABBR[m[1]], int(m[2]))),
        (rf"{_MONTH_NAME}[\s,]+(\d{{4}})", lambda m: (int(m[2]), _MONTH_ABBR[m[1]], 1)),
    ]
    for pattern, build in patterns:
        match = re.search(pattern, text)
        if match:
            return build(match)
    return None


def _century(two_digits: str) -> int:
    year = int(two_digits)
    return year + (2000 if year < 69 else 1900)


def _find_time(text: str) -> tuple[int, int, int, int, str | None] | None:
    match = re.search(
        r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([ap])\.?m\b\.?)?", text
    ) or re.search(r"\b(\d{1,2})()()()\s*([ap])\.?m\b", text)
    if not match:
        return None
    hour = int(match[1]) % 12 + (12 if match[5] == "p" else 0) if match[5] else int(match[1])
    micro = int((match[4] or "0")[:6].ljust(6, "0"))
    rest = text[match.end():]
    return hour, int(match[2] or 0), int(match[3] or 0), micro, _find_zone(rest)


def _find_zone(text: str) -> str | None:
    match = re.search(r"(?:^|\s)(z|utc|[-+]\d{2}:?\d{2}|[a-z]{2,4})\b", text)
    if not match:
        return None
    token = match[1]
    if token in ("z", "utc") or token[0] in "+-" or token in _ZONES:
        return token
    return None


# --------------------------------------------------------------------------- strftime


def strftime(value: DateLike, fmt: str) -> str:
    """Ruby `Time#strftime`/`Date#strftime`, including flags, widths and `%:z`."""
    if "%" not in fmt:
        return fmt
    moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    # The numeric fields are worked out once for the whole format, not once per directive.
    simple = _simple_fields(moment)
    return _DIRECTIVE.sub(lambda match: _directive(value, moment, simple, match), fmt)


def _directive(value: DateLike, moment: dt.datetime, simple: dict[str, tuple[int, str, int]],
               match: re.Match[str]) -> str:
    flags, width, colons, conv = match.groups()
    if conv == "%" and not flags and not width:
        return "%"
    produced = _convert(value, moment, simple, conv, colons, width)
    if produced is None:
        return match.group(0)  # Ruby prints unknown directives verbatim.
    text, pad, default_width = produced
    return _pad(text, flags, int(width) if width else default_width, pad, conv)


def _pad(text: str, flags: str, width: int, pad: str, conv: str) -> str:
    if "^" in flags or ("#" in flags and conv not in "pZ"):
        text = text.upper()
    elif "#" in flags:
        text = text.lower()
    if "-" in flags:
        return text
    if "_" in flags:
        pad = " "
    elif "0" in flags:
        pad = "0"
    if len(text) >= width:
        return text
    if text.startswith("-") and pad == "0":
        return "-" + text[1:].rjust(width - 1, "0")
    return text.rjust(width, pad)


def _convert(value: DateLike, moment: dt.datetime, simple: dict[str, tuple[int, str, int]],
             conv: str, colons: str, width: str) -> tuple[str, str, int] | None:
    if conv in simple:
        number, pad, size = simple[conv]
        return str(number), pad, size
    if conv in _COMPOSITES:
        return strftime(value, _COMPOSITES[conv]), " ", 0
    return _text_field(value, moment, conv, colons, width)


def _simple_fields(m: dt.datetime) -> dict[str, tuple[int, str, int]]:
    iso = m.isocalendar()
    yday = m.timetuple().tm_yday
    sunday_wday = (m.weekday() + 1) % 7
    hour12 = m.hour % 12 or 12
    return {
        "Y": (m.year, "0", 4 if m.year >= 0 else 5), "C": (m.year // 100, "0", 2),
        "y": (m.year % 100, "0", 2), "m": (m.month, "0", 2), "d": (m.day, "0", 2),
        "e": (m.day, " ", 2), "j": (yday, "0", 3), "H": (m.hour, "0", 2),
        "k": (m.hour, " ", 2), "I": (hour12, "0", 2), "l": (hour12, " ", 2),
        "M": (m.minute, "0", 2), "S": (m.second, "0", 2), "u": (iso[2], "0", 1),
        "w": (sunday_wday, "0", 1), "U": ((yday - 1 + 7 - sunday_wday) // 7, "0", 2),
        "W": ((yday - 1 + 7 - m.weekday()) // 7, "0", 2), "G": (iso[0], "0", 4),
        "g": (iso[0] % 100, "0", 2), "V": (iso[1], "0", 2),
    }


_COMPOSITES = {
    "c": "%a %b %e %H:%M:%S %Y", "x": "%m/%d/%y", "X": "%H:%M:%S", "D": "%m/%d/%y",
    "F": "%Y-%m-%d", "T": "%H:%M:%S", "R": "%H:%M", "r": "%I:%M:%S %p", "v": "%e-%^b-%4Y",
}


def _text_field(value: DateLike, m: dt.datetime, conv: str, colons: str, width: str
                ) -> tuple[str, str, int] | None:
    if conv in "aAbBhpP":
        return _name_field(m, conv), " ", 0
    if conv in "LN":
        digits = int(width) if width else (3 if conv == "L" else 9)
        return f"{m.microsecond:06d}000"[:digits].ljust(digits, "0"), "0", 0
    if conv == "s":
        return str(_epoch(value)), "0", 1
    if conv == "z":
        return _offset_text(value, colons), "0", 0
    if conv == "Z":
        return _zone_name(value), " ", 0
    if conv == "n":
        return "\n", " ", 0
    if conv == "t":
        return "\t", " ", 0
    return None


def _name_field(m: dt.datetime, conv: str) -> str:
    if conv in "pP":
        meridian = "AM" if m.hour < 12 else "PM"
        return meridian.lower() if conv == "P" else meridian
    if conv in "aA":
        name = _DAYS[m.weekday()]
        return name[:3] if conv == "a" else name
    name = _MONTHS[m.month - 1]
    return name if conv == "B" else name[:3]


def _epoch(value: DateLike) -> int:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return int(_time.mktime(value.timetuple()))
        return int(value.timestamp())
    # Ruby Date#strftime("%s") counts from midnight UTC.
    return (value - dt.date(1970, 1, 1)).days * 86400


def _offset_text(value: DateLike, colons: str) -> str:
    offset = value.utcoffset() if isinstance(value, dt.datetime) else None
    offset = offset or dt.timedelta(0)
    if colons == "::":
        seconds = int(offset.total_seconds())
        return format_offset(offset, ":") + f":{abs(seconds) % 60:02d}"
    return format_offset(offset, ":" if colons else "")


def _zone_name(value: DateLike) -> str:
    if not isinstance(value, dt.datetime):
        return "+00:00"  # Ruby Date has no zone name; it prints its offset.
    zone = value.tzinfo
    if zone is None:
        return ""
    if zone is dt.UTC:
        return "UTC"
    if isinstance(zone, dt.timezone):
        return ""  # Ruby Times with a bare numeric offset have no zone name.
    return value.tzname() or ""


# --------------------------------------------------------------------------- filters


def date(value: Any, fmt: Any = None, *, zone: dt.tzinfo) -> Any:
    """Liquid's `date` filter with Ruby strftime semantics."""
    fmt_text = to_s(fmt)
    if not fmt_text:
        return value
    parsed = to_date(value, zone)
    if parsed is None:
        return value
    return strftime(parsed, fmt_text)


def to_local_time(value: Any, zone: dt.tzinfo) -> dt.datetime:
    """Jekyll's private `time` helper: parse then convert to the site's local zone."""
    parsed = to_date(value, zone)
    if parsed is None:
        raise InvalidDateError(f"Invalid Date: '{value!r}' is not a valid datetime.")
    if not isinstance(parsed, dt.datetime):
        return localize(dt.datetime(parsed.year, parsed.month, parsed.day), zone)
    if parsed.tzinfo is None:
        return localize(parsed, zone)
    return parsed.astimezone(zone)


def _is_blank(value: Any) -> bool:
    return is_nil(value) or to_s(value) == ""


def date_to_xmlschema(value: Any, *, zone: dt.tzinfo) -> Any:
    """Format a date as ISO 8601 (`2011-04-24T20:34:46+08:00`)."""
    if _is_blank(value):
        return value
    return strftime(to_local_time(value, zone), "%Y-%m-%dT%H:%M:%S%:z")


def date_to_rfc822(value: Any, *, zone: dt.tzinfo) -> Any:
    """Format a date as RFC 822 (`Sun, 24 Apr 2011 12:34:46 +0000`)."""
    if _is_blank(value):
        return value
    return strftime(to_local_time(value, zone), "%a, %d %b %Y %H:%M:%S %z")


def ordinal(day: int) -> str:
    """English ordinal suffix for a day of month."""
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _stringify_date(value: Any, month: str, kind: Any, style: Any, zone: dt.tzinfo) -> Any:
    if _is_blank(value):
        return value
    moment = to_local_time(value, zone)
    if kind == "ordinal":
        day = f"{moment.day}{ordinal(moment.day)}"
        if style == "US":
            return strftime(moment, f"{month} {day}, %Y")
        return strftime(moment, f"{day} {month} %Y")
    return strftime(moment, f"%d {month} %Y")


def date_to_string(value: Any, kind: Any = None, style: Any = None, *, zone: dt.tzinfo) -> Any:
    """Short date (`27 Jan 2011`, `27th Jan 2011`, `Jan 27th, 2011`)."""
    return _stringify_date(value, "%b", kind, style, zone)


def date_to_long_string(value: Any, kind: Any = None, style: Any = None, *,
                        zone: dt.tzinfo) -> Any:
    """Long date (`27 January 2011`, `27th January 2011`, `January 27th, 2011`)."""
    return _stringify_date(value, "%B", kind, style, zone)
