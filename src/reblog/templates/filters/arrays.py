"""Array filters Jekyll adds or replaces: where, find, group_by, sort, pop/push/shift/unshift, sample."""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .ruby import inspect, is_array, is_nil, to_s

_INTEGER_LIKE = re.compile(r"\A[ \t\n\v\f\r]*-?\d+[ \t\n\v\f\r]*\n?\Z")
_FLOAT_LIKE = re.compile(r"\A[ \t\n\v\f\r]*-?(?:\d+\.?\d*|\.\d+)[ \t\n\v\f\r]*\n?\Z")
# The ASCII characters either pattern can start with (Python's \d matches other digits too).
_NUMBER_START = frozenset(" \t\n\v\f\r-.0123456789")


class LiquidArgumentError(ValueError):
    """Raised where Ruby Liquid/Jekyll raise an ArgumentError from a filter."""


# --------------------------------------------------------------------------- helpers


def _lookup(data: Any, key: str) -> Any:
    if isinstance(data, Mapping):
        return data.get(key)
    if isinstance(data, str):
        # Ruby String#[](str) returns the substring when present.
        return key if key in data else None
    # Numbers, arrays, booleans and nil raise in Ruby (`1["a"]` is a TypeError).
    raise TypeError(f"cannot read property {key!r} of {inspect(data)}")


def _read_attribute(item: Any, prop: str) -> Any:
    if "." not in prop:
        return _lookup(item, prop)
    data: Any = item
    for key in prop.split("."):
        # Ruby: `data.respond_to?(:[]) && data[key]` yields false once data is nil.
        if is_nil(data) or data is False or isinstance(data, (bool, int, float, Decimal)):
            return False
        data = _lookup(data, key)
    return data


def _parse_sort_input(value: Any) -> Any:
    # Jekyll turns numeric-looking values into numbers so they sort numerically.
    text = to_s(value)
    first = text[:1]
    if not first or (first.isascii() and first not in _NUMBER_START):
        return None if is_nil(value) else value   # (what neither pattern below can match)
    if _INTEGER_LIKE.match(text):
        return int(text.strip())
    if _FLOAT_LIKE.match(text):
        return float(text.strip())
    return None if is_nil(value) else value


def item_property(item: Any, prop: Any) -> Any:
    """Jekyll's `item_property`: (dotted) property lookup with numeric coercion."""
    return _parse_sort_input(_read_attribute(item, to_s(prop)))


def _as_items(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, Mapping) else list(value)


def _selectable(value: Any) -> bool:
    return is_array(value) or isinstance(value, Mapping)


def _array_of(prop: Any) -> list[Any]:
    # Ruby Kernel#Array: nil -> [], array -> itself, hash -> pairs, scalar -> [scalar].
    if is_nil(prop):
        return []
    if is_array(prop):
        return list(prop)
    if isinstance(prop, Mapping):
        return [[k, v] for k, v in prop.items()]
    return [prop]


def _is_method_literal(value: Any) -> bool:
    # python-liquid evaluates `empty`/`blank` to special objects; Ruby has MethodLiteral.
    return type(value).__name__ in ("Empty", "Blank", "EmptyType", "BlankType", "MethodLiteral")


def _matcher(target: Any) -> Callable[[Any], bool]:
    """Whether a property value matches ``target`` (worked out once for a whole list)."""
    if is_nil(target):
        return is_nil
    if _is_method_literal(target):
        return lambda prop: prop == "" or "".join(to_s(p) for p in _array_of(prop)) == ""
    wanted = to_s(target)

    def matches(prop: Any) -> bool:
        if isinstance(prop, str):
            return prop == wanted
        return any(to_s(p) == wanted for p in _array_of(prop))
    return matches


def _skip_where(prop: Any, value: Any) -> bool:
    return is_nil(prop) or prop is False or is_array(value) or isinstance(value, Mapping)


# --------------------------------------------------------------------------- filters


def where(items: Any, prop: Any, value: Any) -> Any:
    """Items whose property (or any element of an array property) stringifies to `value`."""
    if _skip_where(prop, value) or not _selectable(items):
        return items
    key, matches = to_s(prop), _matcher(value)
    return [item for item in _as_items(items) if matches(_parse_sort_input(_read_attribute(item, key)))]


# Answers ``remembering_where`` (and ``remembering_sort``) keeps at most (a build's listing pages
# ask a few hundred).
_MEMO_SIZE = 1024


@dataclass(frozen=True)
class _Remembered:
    """One answer of ``remembering_where`` or ``remembering_sort`` and what it stands on."""

    items: list[Any]                # the list asked about (kept: its id names no other list)
    snapshot: tuple[Any, ...]       # its items then
    answer: tuple[Any, ...]
    recorder: Any                   # where the reads are noted (the views' RenderRecorder)
    reads: frozenset[str]           # what reading the property of each item notes
    lacking: tuple[Mapping[str, Any], ...]   # data of the items that had no such property

    def holds(self, items: list[Any], key: str) -> bool:
        """Whether the answer is still the list's: the same items, none given the property since."""
        return (self.items is items and tuple(items) == self.snapshot
                and not any(key in data for data in self.lacking))


def remembering_where() -> Callable[[Any, Any, Any], Any]:
    """``where`` for one build, answering again from memory for the same list of documents,
    property and value (a layout looking up each post's topic page in ``site.topics``)."""
    return _remembering(where)


def remembering_sort() -> Callable[..., Any]:
    """``sort`` by a property for one build, answering again from memory for the same list of
    documents, property and nils order (an include sorting ``site.pages`` on every page)."""
    remembered = _remembering(sort)

    def sort_(items: Any, prop: Any = None, nils: Any = "first") -> Any:
        return remembered(items, prop, nils)

    sort_.__doc__ = sort.__doc__
    return sort_


def _remembering(answer: Callable[[Any, Any, Any], Any]) -> Callable[[Any, Any, Any], Any]:
    """``answer`` (``where`` or ``sort``: what it returns depends on the list's items and what
    reading ``prop`` of each gives) answering again from memory for the same list, property and
    third argument.

    Only over items that say their property's value is fixed for the build and what reading it
    notes (``fixed_field``, the document views); a remembered answer notes those reads again in
    the render in progress, so what a page read is recorded as if it had looked.
    """
    memo: dict[tuple[int, str, Any], _Remembered] = {}

    def remembered(items: Any, prop: Any, value: Any) -> Any:
        if type(items) is not list or type(prop) is not str or "." in prop or type(value) not in (str, int):
            return answer(items, prop, value)
        key = (id(items), prop, value)
        entry = memo.get(key)
        if entry is not None and entry.holds(items, prop):
            record = entry.recorder.current
            if record is not None:
                record.inputs.update(entry.reads)
            return list(entry.answer)
        result = answer(items, prop, value)
        recorder: Any = None
        reads: set[str] = set()
        lacking: list[Mapping[str, Any]] = []
        for item in items:
            fixed = getattr(item, "fixed_field", None)
            found = fixed(prop) if fixed is not None else None
            if found is None or (recorder is not None and found[0] is not recorder):
                return result
            recorder = found[0]
            reads.update(found[1])
            if found[2] is not None:
                lacking.append(found[2])
        if recorder is not None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[key] = _Remembered(items, tuple(items), tuple(result), recorder, frozenset(reads),
                                    tuple(lacking))
        return result

    return remembered


def find(items: Any, prop: Any, value: Any) -> Any:
    """The first item `where` would return, or nil."""
    if _skip_where(prop, value) or not _selectable(items):
        return items
    matches = _matcher(value)
    for item in _as_items(items):
        if matches(item_property(item, prop)):
            return item
    return None


def grouped_array(groups: Iterable[tuple[Any, list[Any]]]) -> list[dict[str, Any]]:
    """Shape (name, items) pairs like Jekyll: `[{"name", "items", "size"}]`."""
    return [{"name": name, "items": members, "size": len(members)} for name, members in groups]


def group_by(items: Any, prop: Any) -> Any:
    """Group items by the stringified value of a property."""
    if not _selectable(items):
        return items
    members = list(items.items()) if isinstance(items, Mapping) else list(items)
    groups: dict[str, list[Any]] = {}
    for item in members:
        groups.setdefault(to_s(item_property(item, prop)), []).append(item)
    return grouped_array(groups.items())


def spaceship(left: Any, right: Any) -> int | None:
    """Ruby `<=>` for Liquid values; None when the values are not comparable."""
    numeric = (int, float, Decimal)
    if isinstance(left, bool) or isinstance(right, bool):
        return 0 if left is right else None
    if isinstance(left, numeric) and isinstance(right, numeric):
        return (left > right) - (left < right)
    if isinstance(left, str) and isinstance(right, str):
        return (left > right) - (left < right)
    if is_nil(left) and is_nil(right):
        return 0
    if is_array(left) and is_array(right):
        return _compare_arrays(left, right)
    if isinstance(left, dt.datetime) and isinstance(right, dt.datetime):
        return (left > right) - (left < right)
    if isinstance(left, dt.date) and isinstance(right, dt.date) and not (
            isinstance(left, dt.datetime) or isinstance(right, dt.datetime)):
        return (left > right) - (left < right)
    return None


def _compare_arrays(left: Any, right: Any) -> int | None:
    for a, b in zip(left, right):
        result = spaceship(a, b)
        if result != 0:
            return result
    return (len(left) > len(right)) - (len(left) < len(right))


def _plain_compare(left: Any, right: Any) -> int:
    result = spaceship(left, right)
    if result is None:
        raise LiquidArgumentError(
            f"comparison of {type(left).__name__} with {inspect(right)} failed")
    return result


def sort(items: Any, prop: Any = None, nils: Any = "first") -> Any:
    """Jekyll's `sort`: plain sort, or by property with nils "first"/"last"."""
    if is_nil(items):
        raise LiquidArgumentError("Cannot sort a null object.")
    if is_nil(prop):
        # Ruby `Hash#sort` (Enumerable) sorts the [key, value] pairs, so by key.
        values = _array_of(items) if _selectable(items) else [items]
        return sorted(values, key=functools.cmp_to_key(_plain_compare))
    values = _as_items(items) if _selectable(items) else [items]
    if nils not in ("first", "last"):
        raise LiquidArgumentError(
            f"Invalid nils order: '{to_s(nils)}' is not a valid nils order. "
            "It must be 'first' or 'last'.")
    order = -1 if nils == "first" else 1
    keyed = [(item_property(item, prop), item) for item in values]

    def compare(a: tuple[Any, Any], b: tuple[Any, Any]) -> int:
        left, right = a[0], b[0]
        if not is_nil(left) and is_nil(right):
            return -order
        if is_nil(left) and not is_nil(right):
            return order
        result = spaceship(left, right)
        if result is None:
            result = spaceship(to_s(left), to_s(right)) or 0
        return result

    return [item for _, item in sorted(keyed, key=functools.cmp_to_key(compare))]


def _to_integer(value: Any) -> int:
    # Liquid::Utils.to_integer: Integer(value.to_s) or "invalid integer".
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(to_s(value).strip().replace("_", ""), 0 if to_s(value).startswith("0x") else 10)
    except ValueError as err:
        raise LiquidArgumentError("invalid integer") from err


def _count(value: Any) -> int:
    count = _to_integer(value)
    if count < 0:
        raise LiquidArgumentError("negative array size")
    return count


def pop(items: Any, num: Any = 1) -> Any:
    """A copy without the last `num` items."""
    if not is_array(items):
        return items
    count = _count(num)
    return list(items)[: max(len(items) - count, 0)]


def push(items: Any, value: Any = None) -> Any:
    """A copy with `value` appended."""
    if not is_array(items):
        return items
    return [*items, value]


def shift(items: Any, num: Any = 1) -> Any:
    """A copy without the first `num` items."""
    if not is_array(items):
        return items
    return list(items)[_count(num):]


def unshift(items: Any, value: Any = None) -> Any:
    """A copy with `value` prepended."""
    if not is_array(items):
        return items
    return [value, *items]


def sample(items: Any, num: Any = 1) -> Any:
    """One random item, or a list of `num` random items."""
    if not is_array(items):
        return items
    try:
        count = _to_integer(num)
    except LiquidArgumentError:
        count = 1
    if count == 1:
        return random.choice(items) if items else None
    return random.sample(list(items), min(max(count, 0), len(items)))
