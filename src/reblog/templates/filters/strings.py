"""String filters Jekyll adds: slugify, escaping, word counts, jsonify, inspect, ..."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote_plus

from ...urls import slugify as slugify_text
from . import ruby
from .ruby import RUBY_SPACE, is_nil, to_s

_RUBY_WS_RUN = re.compile(r"[ \t\n\v\f\r]+")

# Unicode script ranges for \p{Han}, \p{Katakana}, \p{Hiragana}, \p{Hangul}.
_CJK_RANGES = (
    (0x1100, 0x11FF), (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5),
    (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
    (0x302E, 0x302F), (0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA),
    (0x30FD, 0x30FF), (0x3131, 0x318E), (0x31F0, 0x31FF), (0x3200, 0x321E),
    (0x3260, 0x327E), (0x32D0, 0x32FE), (0x3300, 0x3357), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xD7B0, 0xD7C6),
    (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0xFF66, 0xFF6F),
    (0xFF71, 0xFF9D), (0xFFA0, 0xFFBE), (0xFFC2, 0xFFDC), (0x1B000, 0x1B122),
    (0x1B150, 0x1B152), (0x1B164, 0x1B167), (0x1F200, 0x1F200), (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBE0), (0x2F800, 0x2FA1D), (0x30000, 0x3134A),
)


# --------------------------------------------------------------------------- slugify


def slugify(value: Any, mode: Any = None, cased: bool = False) -> str | None:
    """The ``slugify`` filter: Jekyll's ``Utils.slugify`` (``reblog.urls.slugify``) on a string."""
    if is_nil(value):
        return None
    if not isinstance(value, str):
        # Jekyll calls String methods on the input, so non-strings abort the build.
        raise TypeError(f"slugify: undefined method `downcase' for {to_s(value)}")
    return slugify_text(value, None if is_nil(mode) else str(mode), cased)


# --------------------------------------------------------------------------- escaping


def xml_escape(value: Any) -> str:
    """Escape `& < > " '` for XML (Ruby's `encode(xml: :attr)` without the quotes)."""
    text = to_s(value)
    # Ruby's `encode(xml: :attr)` also turns "'" into "&apos;".
    return (text.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def cgi_escape(value: Any) -> str:
    """Ruby `CGI.escape`: everything but `A-Za-z0-9_.-~` is %-encoded, space -> "+"."""
    return quote_plus(to_s(value), safe="~")


def normalize_whitespace(value: Any) -> str:
    """Collapse runs of whitespace into one space and strip the ends."""
    return _RUBY_WS_RUN.sub(" ", to_s(value)).strip(" \x00")


# --------------------------------------------------------------------------- counting


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _count_cjk_words(text: str) -> tuple[int, int]:
    cjk = 0
    words = 0
    in_word = False
    for char in text:
        if _is_cjk(char):
            cjk += 1
            in_word = False
        elif char in RUBY_SPACE:
            in_word = False
        elif not in_word:
            words += 1
            in_word = True
    return cjk, words


def number_of_words(value: Any, mode: Any = None) -> int:
    """Count words; "cjk" counts each CJK char as a word, "auto" only when any exist."""
    if not isinstance(value, str):
        # Jekyll calls String#split on the input, so non-strings abort the build.
        raise TypeError(f"number_of_words: undefined method `split' for {to_s(value)!r}")
    text = value
    stripped = text.strip(RUBY_SPACE)
    plain = len(_RUBY_WS_RUN.split(stripped)) if stripped else 0
    if mode not in ("cjk", "auto"):
        return plain
    cjk, words = _count_cjk_words(text)
    if mode == "auto" and cjk == 0:
        return plain
    return cjk + words


# --------------------------------------------------------------------------- misc


def array_to_sentence_string(value: Any, connector: Any = "and") -> str:
    """Join items as "a, b, and c" (Ruby interpolation: nested arrays print inspected)."""
    items = list(value) if ruby.is_array(value) else ([] if is_nil(value) else list(to_s(value)))
    conn = to_s(connector)
    if not items:
        return ""
    if len(items) == 1:
        return to_s(items[0])
    if len(items) == 2:
        return f"{to_s(items[0])} {conn} {to_s(items[1])}"
    return f"{ruby.join(items[:-1], ', ')}, {conn} {to_s(items[-1])}"


def jsonify(value: Any) -> str:
    """Ruby `to_json` of the value (documents and hashes become JSON objects)."""
    return ruby.to_json(value)


def inspect(value: Any) -> str:
    """Ruby `inspect`, XML-escaped (Jekyll's debugging filter)."""
    return xml_escape(ruby.inspect(value))


def to_integer(value: Any) -> int:
    """Ruby `to_i` with true -> 1 and false -> 0."""
    if value is True:
        return 1
    if value is False:
        return 0
    return ruby.to_i(value)
