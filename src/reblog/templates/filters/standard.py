"""Overrides of standard Liquid filters where python-liquid differs from Ruby Liquid (Jekyll 4.3)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .ruby import RUBY_SPACE, flatten, is_array, is_nil, join, to_i, to_s

_HTML_ESCAPE = {"&": "&amp;", ">": "&gt;", "<": "&lt;", '"': "&quot;", "'": "&#39;"}
_HTML_ESCAPE_RE = re.compile(r"[&><\"']")
_ESCAPE_ONCE_RE = re.compile(r"[\"><']|&(?!([a-zA-Z]+|(#\d+));)")
_DECIMAL_STRING = re.compile(r"\A-?\d+\.\d+\Z")


def ruby_awk_split(text: str, limit: int = 0) -> list[str]:
    """Ruby `String#split(" ", limit)`: split on ASCII whitespace runs, ignoring leading ones.

    With a positive limit the remainder (even an empty one after trailing
    whitespace) becomes the last field, which `truncatewords` relies on.
    """
    fields: list[str] = []
    index, length = 0, len(text)
    while index < length and text[index] in RUBY_SPACE:
        index += 1
    while index < length:
        if limit > 0 and len(fields) == limit - 1:
            fields.append(text[index:])
            return fields
        end = index
        while end < length and text[end] not in RUBY_SPACE:
            end += 1
        fields.append(text[index:end])
        index = end
        while index < length and text[index] in RUBY_SPACE:
            index += 1
        if index == length and end < length and limit > 0:
            # Trailing whitespace leaves an empty remainder field when limited.
            fields.append("")
    return fields


def _to_integer(value: Any) -> int:
    # Liquid::Utils.to_integer: Integer(value.to_s), else "invalid integer".
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(to_s(value).strip())
    except ValueError as err:
        raise ValueError("Liquid error: invalid integer") from err


def truncate(value: Any, length: Any = 50, ellipsis: Any = "...") -> Any:
    """Ruby Liquid `truncate`: the ellipsis counts toward length (python-liquid keeps text)."""
    if is_nil(value):
        return None
    text, size, tail = to_s(value), _to_integer(length), to_s(ellipsis)
    keep = max(size - len(tail), 0)
    return text[:keep] + tail if len(text) > size else text


def truncatewords(value: Any, words: Any = 15, ellipsis: Any = "...") -> Any:
    """Ruby Liquid `truncatewords`: untouched when the word count fits (python-liquid appends)."""
    if is_nil(value):
        return None
    text = to_s(value)
    count = max(_to_integer(words), 1)
    fields = ruby_awk_split(text, count + 1)
    if len(fields) <= count:
        return text
    return " ".join(fields[:count]) + to_s(ellipsis)


def split(value: Any, separator: Any = None) -> list[str]:
    """Ruby `String#split`: trailing empty fields are dropped, " " splits on whitespace."""
    text, sep = to_s(value), to_s(separator)
    if sep == " " or is_nil(separator):
        return ruby_awk_split(text)
    parts = list(text) if sep == "" else text.split(sep)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def size(value: Any) -> int:
    """Ruby `size`: strings/arrays/hashes have lengths, Integer#size is 8 (bytes), else 0."""
    if isinstance(value, (str, list, tuple, Mapping)):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return 8 if -(2**63) <= value < 2**63 else (value.bit_length() + 63) // 64 * 8
    return 0


def escape(value: Any) -> Any:
    """CGI.escapeHTML: `'` becomes `&#39;` (python-liquid emits `&#x27;`)."""
    if is_nil(value):
        return None
    return _HTML_ESCAPE_RE.sub(lambda m: _HTML_ESCAPE[m.group()], to_s(value))


def escape_once(value: Any) -> str:
    """Escape without double-escaping existing entities, Ruby-style `&#39;`."""
    return _ESCAPE_ONCE_RE.sub(lambda m: _HTML_ESCAPE[m.group()[0]], to_s(value))


def input_items(value: Any) -> list[Any]:
    """Liquid's InputIterator: arrays are flattened, nil is empty, strings/hashes are one item."""
    if is_nil(value):
        return []
    if is_array(value):
        return flatten(value)
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable):
        return [value]
    # Other iterables (e.g. Jinja's lazy `map`) behave like arrays.
    return flatten(list(value))


def join_filter(value: Any, glue: Any = " ") -> str:
    """Ruby `join` of the flattened input: nil prints "" and hashes print Ruby-inspected."""
    return join(input_items(value), to_s(glue))


def reverse(value: Any) -> list[Any]:
    """Reverse the flattened input; a string or nil is not reversed (Ruby `Array(input)`)."""
    return input_items(value)[::-1]


def _property_of(item: Any, prop: Any) -> Any:
    # Ruby `item[prop]` for things that respond to `[]`; others yield nil.
    if isinstance(item, Mapping):
        return item.get(prop)
    if isinstance(item, str):
        return prop if isinstance(prop, str) and prop in item else None
    if is_nil(item) or isinstance(item, (bool, float)):
        return None
    raise ValueError(f"Liquid error: cannot select the property '{to_s(prop)}'")


def map_filter(value: Any, prop: Any = None, *, attribute: Any = None) -> list[Any]:
    """Ruby Liquid `map`: nil items map to nil instead of raising (python-liquid raises)."""
    # `attribute=` keeps Jinja's `map(attribute=...)` spelling working when this shadows it.
    prop = attribute if prop is None else prop
    if prop == "to_liquid":
        return input_items(value)
    return [_property_of(item, prop) for item in input_items(value)]


def compact(value: Any, prop: Any = None) -> list[Any]:
    """Drop nil items (or items whose `prop` is nil), treating undefined as nil."""
    items = input_items(value)
    if is_nil(prop):
        return [item for item in items if not is_nil(item)]
    return [item for item in items if not is_nil(_property_of(item, prop))]


def _to_number(value: Any) -> int | Decimal:
    # Liquid::Utils.to_number: floats go through BigDecimal(to_s) for exact rounding.
    if isinstance(value, bool) or is_nil(value):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        return Decimal(value.strip()) if _DECIMAL_STRING.match(value.strip()) else to_i(value)
    return 0


def round_filter(value: Any, digits: Any = 0) -> int | float:
    """Ruby rounding: half away from zero (python-liquid rounds half to even)."""
    number, places = _to_number(value), _to_number(digits)
    exponent = Decimal(1).scaleb(-int(places))
    if isinstance(number, int):
        if places >= 0:
            return number
        return int(Decimal(number).quantize(exponent, rounding=ROUND_HALF_UP))
    result = float(number.quantize(exponent, rounding=ROUND_HALF_UP))
    return int(result) if digits == 0 else result


def default(value: Any, *args: Any, **options: Any) -> Any:
    """Liquid `default`: nil, false and empty strings/arrays/hashes take the fallback.

    Ruby Liquid appends keyword arguments to the arguments as one Hash: after a fallback it is
    the options (only ``allow_false`` is read); alone, it *is* the fallback, so the theme typo
    ``default: site:author`` falls back to ``{"site"=>nil}``, as Jekyll prints it.
    """
    arguments = [*args, options] if options else list(args)
    fallback = arguments[0] if arguments else ""
    extra = arguments[1] if len(arguments) > 1 else {}
    allow_false = extra.get("allow_false") if isinstance(extra, dict) else extra
    if allow_false:
        missing = is_nil(value)
    else:
        missing = is_nil(value) or value is False
    empty = isinstance(value, (str, list, tuple, Mapping)) and len(value) == 0
    return fallback if missing or empty else value


def _first(value: Any) -> Any:
    # Ruby strings do not respond to `first`; hashes yield their first pair.
    if is_array(value):
        return value[0] if value else None
    if isinstance(value, Mapping):
        return next(([k, v] for k, v in value.items()), None)
    return None


def _last(value: Any) -> Any:
    return value[-1] if is_array(value) and value else None


# Ruby Liquid's string filters call `to_s` on every argument: a nil argument is "" (python-liquid
# prints "None"), as in `site.url | append: site.baseurl` with no baseurl set. A missing one is
# Ruby's ArgumentError ("wrong number of arguments"), which stops Jekyll's build: no default here.
def append(value: Any, suffix: Any) -> str:
    """Ruby Liquid `append`: ``input.to_s + string.to_s``."""
    return to_s(value) + to_s(suffix)


def prepend(value: Any, prefix: Any) -> str:
    """Ruby Liquid `prepend`: ``string.to_s + input.to_s``."""
    return to_s(prefix) + to_s(value)


def replace(value: Any, old: Any, new: Any = "") -> str:
    """Ruby Liquid `replace`: every occurrence (String#gsub), nil arguments read as ""."""
    return _gsub(to_s(value), to_s(old), to_s(new), 0)


def replace_first(value: Any, old: Any, new: Any = "") -> str:
    """Ruby Liquid `replace_first`: the first occurrence (String#sub), nil arguments read as ""."""
    return _gsub(to_s(value), to_s(old), to_s(new), 1)


# The backslash sequences of a String#gsub/sub replacement: \0 and \& the match, \` and \'
# what precedes and follows it, \1-\9 and \+ groups (a string pattern has none), \\ one
# backslash; any other backslash stays as written.
_REPLACEMENT_ESCAPE = re.compile(r"\\([0-9&`'+\\])")


def _gsub(text: str, old: str, new: str, count: int) -> str:
    """Ruby's gsub (count 0) or sub (count 1) with a string pattern and a string replacement."""
    if "\\" not in new:
        return text.replace(old, new, count or -1)

    def expand(match: re.Match[str]) -> str:
        def sequence(escape: re.Match[str]) -> str:
            code = escape.group(1)
            if code in "0&":
                return match.group(0)
            if code == "`":
                return text[: match.start()]
            if code == "'":
                return text[match.end():]
            return "\\" if code == "\\" else ""
        return _REPLACEMENT_ESCAPE.sub(sequence, new)

    return re.sub(re.escape(old), expand, text, count=count)


# Liquid's STRIP_HTML_BLOCKS and STRIP_HTML_TAGS: regular expressions, not an HTML parser, so
# entities stay as written and a lone "<" or ">" in text is kept (python-liquid parses HTML).
_STRIP_HTML_BLOCKS = re.compile(r"<script.*?</script>|<!--.*?-->|<style.*?</style>", re.DOTALL)
_STRIP_HTML_TAGS = re.compile(r"<.*?>", re.DOTALL)
# Ruby's String#strip, lstrip and rstrip remove ASCII whitespace and NUL only; Python's str.strip
# also removes Unicode spaces (a no-break space from `&nbsp;` stays in Ruby).
_RUBY_STRIP = RUBY_SPACE + "\x00"


def strip_html(value: Any) -> str:
    """Ruby Liquid `strip_html`: script, style and comment blocks, then every tag, removed."""
    return _STRIP_HTML_TAGS.sub("", _STRIP_HTML_BLOCKS.sub("", to_s(value)))


def strip(value: Any) -> str:
    """Ruby `String#strip`."""
    return to_s(value).strip(_RUBY_STRIP)


def lstrip(value: Any) -> str:
    """Ruby `String#lstrip`."""
    return to_s(value).lstrip(_RUBY_STRIP)


def rstrip(value: Any) -> str:
    """Ruby `String#rstrip`."""
    return to_s(value).rstrip(_RUBY_STRIP)


STANDARD_OVERRIDES: dict[str, Callable[..., Any]] = {
    "strip_html": strip_html,
    "strip": strip,
    "lstrip": lstrip,
    "rstrip": rstrip,
    "append": append,
    "prepend": prepend,
    "replace": replace,
    "replace_first": replace_first,
    "truncate": truncate,
    "truncatewords": truncatewords,
    "split": split,
    "size": size,
    "escape": escape,
    "h": escape,
    "escape_once": escape_once,
    "join": join_filter,
    "reverse": reverse,
    "map": map_filter,
    "compact": compact,
    "round": round_filter,
    "default": default,
    "first": _first,
    "last": _last,
}
