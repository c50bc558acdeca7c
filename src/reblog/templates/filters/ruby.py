"""Ruby value semantics (to_s, inspect, to_json, to_i) needed to mirror Jekyll output."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any


# Ruby's `\s` and `String#split` whitespace is ASCII-only (no NBSP, no U+3000).
RUBY_SPACE = " \t\n\v\f\r"

_INSPECT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\f": "\\f",
    "\v": "\\v",
    "\b": "\\b",
    "\a": "\\a",
    "\x1b": "\\e",
}

_TO_I = re.compile(r"[ \t\n\v\f\r]*([-+]?\d+(?:_\d+)*)")


# Types that are never nil, answered without looking for python-liquid's undefined class: the
# values templates handle most (is_nil runs for every item a `where` or `sort` reads).
_NEVER_NIL = frozenset({str, int, bool, float, list, dict})


def is_nil(value: Any) -> bool:
    """Return True for values Ruby Liquid would see as `nil` (None, python-liquid's undefined)."""
    if value is None:
        return True
    if type(value) in _NEVER_NIL:
        return False
    # Looked up, not imported: before python-liquid is loaded no undefined value exists, and a
    # build that renders nothing (it only checks what site.time printed) need not load it.
    undefined = sys.modules.get("liquid.undefined")
    return undefined is not None and isinstance(value, undefined.Undefined)


def is_array(value: Any) -> bool:
    """Return True for values that behave like a Ruby Array."""
    return isinstance(value, (list, tuple))


def is_hash(value: Any) -> bool:
    """Return True for values that behave like a Ruby Hash (incl. document views)."""
    return isinstance(value, Mapping)


def float_to_s(value: float) -> str:
    """Format a float like Ruby's `Float#to_s` (`1.0`, `1.0e+20`, `1.0e-05`)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(float(value))
    if "e" not in text:
        return text if "." in text else text + ".0"
    mantissa, exponent = text.split("e")
    if "." not in mantissa:
        mantissa += ".0"
    sign = "-" if exponent.startswith("-") else "+"
    return f"{mantissa}e{sign}{exponent.lstrip('+-').rjust(2, '0')}"


def time_to_s(value: dt.datetime) -> str:
    """Format a datetime like Ruby's `Time#to_s`."""
    if value.tzinfo is dt.UTC:
        # Ruby UTC times print the zone name instead of an offset.
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    offset = value.utcoffset() or dt.timedelta(0)
    return value.strftime("%Y-%m-%d %H:%M:%S ") + format_offset(offset)


def format_offset(offset: dt.timedelta, colon: str = "") -> str:
    """Format a UTC offset as `+HHMM` (or with colons) the way Ruby does."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}{colon}{rest // 60:02d}"


def to_s(value: Any) -> str:
    """Return Ruby's `to_s` of a Liquid value (arrays and hashes use `inspect`)."""
    if type(value) is str:
        return value
    if is_nil(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return float_to_s(float(value))
    if isinstance(value, dt.datetime):
        return time_to_s(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, range) and value.step == 1:
        return f"{value.start}..{value.stop - 1}"  # Ruby's Range#to_s
    if isinstance(value, Mapping):
        return _mapping_to_s(value)
    if is_array(value):
        return inspect(value)
    return str(value)


def _mapping_to_s(value: Mapping[str, Any]) -> str:
    # Document/page views define their own __str__ (rendered output, like
    # Jekyll's Document#to_s); plain mappings print like a Ruby Hash.
    if type(value).__str__ is not object.__str__:
        return str(value)
    return inspect(value)


def join(values: Sequence[Any], glue: str = "") -> str:
    """Ruby `Array#join`: nested arrays are flattened, nil becomes ""."""
    return glue.join(join(v, glue) if is_array(v) else to_s(v) for v in values)


def flatten(values: Sequence[Any]) -> list[Any]:
    """Ruby `Array#flatten`: nested arrays are spliced in (empty ones vanish)."""
    flat: list[Any] = []
    for value in values:
        if is_array(value):
            flat.extend(flatten(value))
        else:
            flat.append(value)
    return flat


def to_liquid_str(value: Any) -> str:
    """Render a value the way Ruby Liquid prints it inside `{{ }}`."""
    if is_array(value):
        return join(value)
    return to_s(value)


def inspect_string(value: str) -> str:
    """Ruby `String#inspect` for a UTF-8 string."""
    out = ['"']
    length = len(value)
    for index, char in enumerate(value):
        if char in _INSPECT_ESCAPES:
            out.append(_INSPECT_ESCAPES[char])
        elif char == "#" and index + 1 < length and value[index + 1] in "{$@":
            out.append("\\#")
        elif _is_printable(char):
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\u{{{ord(char):X}}}")
    out.append('"')
    return "".join(out)


def _is_printable(char: str) -> bool:
    # Onigmo's [[:print:]]: everything but controls, unassigned, surrogates and
    # line/paragraph separators (format chars like U+200B print as-is).
    return unicodedata.category(char) not in ("Cc", "Cn", "Cs", "Zl", "Zp")


def inspect(value: Any) -> str:
    """Ruby `inspect` of a Liquid value (Ruby 3.1 formatting: `{"a"=>1}`)."""
    if is_nil(value):
        return "nil"
    if isinstance(value, str):
        return inspect_string(value)
    if is_array(value):
        return "[" + ", ".join(inspect(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{inspect(k)}=>{inspect(v)}" for k, v in value.items()) + "}"
    if isinstance(value, dt.datetime):
        return _inspect_time(value)
    if isinstance(value, dt.date):
        return _inspect_date(value)
    return to_s(value)


def _inspect_time(value: dt.datetime) -> str:
    base = time_to_s(value)
    if not value.microsecond:
        return base
    # Ruby shows significant sub-second digits between the seconds and zone.
    fraction = f"{value.microsecond:06d}".rstrip("0")
    head, zone = base.rsplit(" ", 1)
    return f"{head}.{fraction} {zone}"


def _inspect_date(value: dt.date) -> str:
    # Ruby Date#inspect exposes the astronomical Julian day number.
    jd = value.toordinal() + 1721425
    return f"#<Date: {value.isoformat()} (({jd}j,0s,0n),+0s,2299161j)>"


def to_i(value: Any) -> int:
    """Ruby `to_i`: leading integer of a string, truncation of floats, nil -> 0."""
    if is_nil(value):
        return 0
    if isinstance(value, bool):
        raise TypeError(f"undefined method `to_i' for {to_s(value)}:{type(value).__name__}")
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        return int(value)
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    if isinstance(value, str):
        match = _TO_I.match(value)
        return int(match.group(1).replace("_", "")) if match else 0
    raise TypeError(f"undefined method `to_i' for {type(value).__name__}")


def to_json(value: Any, depth: int = 0) -> str:
    """Ruby `to_json` (JSON.generate) of a Liquid value; documents give their JSON hash."""
    json_hash = getattr(value, "json_hash", None)
    if callable(json_hash):
        # Jekyll's drops serialize through hash_for_json, which collapses deep neighbours.
        value = json_hash(depth)
    if is_nil(value):
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return _json_float(float(value))
    if isinstance(value, str):
        return _json_string(value)
    if is_array(value):
        return "[" + ",".join(to_json(v, depth + 1) for v in value) + "]"
    if isinstance(value, Mapping):
        pairs = (f"{_json_string(to_s(k))}:{to_json(v, depth + 1)}" for k, v in value.items())
        return "{" + ",".join(pairs) + "}"
    return _json_string(to_s(value))


def _json_float(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        # Ruby's generator refuses these (GeneratorError); fail loudly too.
        raise ValueError(f"{float_to_s(value)} not allowed in JSON")
    return float_to_s(value)


def _json_string(value: str) -> str:
    # Ruby's JSON keeps non-ASCII as UTF-8 and "/" unescaped, like ensure_ascii=False.
    return json.dumps(value, ensure_ascii=False)
