"""``site.time`` as a value that notes what a render derives from it, so a later build can re-check.

An unpinned ``site.time`` is "now" and differs on every build, yet most pages use it only through
a value that rarely changes (``{{ site.time | date: "%Y" }}`` in a footer) or not at all. Every
observation a render makes of the time (a date filter applied to it, an attribute, a formatting
method, a comparison with another date) is noted as an *observation*: the operation, its
arguments and its result, as a string that joins the render's recorded inputs. On the next build
``TimeCheck`` evaluates each observation again with the new time: when every one gives the same
result, the page would render the same and is carried over; when one differs (a feed's
``<updated>`` to the second), the page renders again. An operation that is not one of the
understood ones (a copy, arithmetic, ``astimezone``) is noted as depending on the exact instant.

Dateless collection documents take ``site.time`` as their date (Jekyll's ``Document#date``): they
hold this same object, so what templates derive from their date is observed the same way.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Self

TIME_INPUT = "site.time"                   # noted with every observation: "this render used the time"
OBSERVATION = f"{TIME_INPUT}?"             # prefix of an observation's input key
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Read-only attributes noted with their value; formatting methods noted with arguments and result.
_FIELDS = frozenset({"year", "month", "day", "hour", "minute", "second", "microsecond", "fold"})
_METHODS = frozenset({
    "strftime", "isoformat", "timestamp", "utcoffset", "tzname", "dst", "weekday", "isoweekday",
    "toordinal", "ctime",
})
# Attributes that say nothing about the instant (the zone comes from the configuration).
_NEUTRAL = frozenset({"tzinfo", "min", "max", "resolution"})
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
    "eq": operator.eq, "ne": operator.ne,
}


class RubyTime(datetime):
    """A datetime that prints as Ruby's Time#to_s does (``2023-12-11 00:00:00 +0000``)."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z")

    @classmethod
    def of(cls, value: datetime) -> Self:
        """Wrap a datetime."""
        if isinstance(value, cls):
            return value
        return cls(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, value.tzinfo, fold=value.fold,
        )


def observation_key(*observation: Any) -> str:
    """An observation (operation, arguments..., result) as the input key a render records."""
    return OBSERVATION + json.dumps(observation, separators=(",", ":"))


def micros(value: datetime) -> int:
    """An aware datetime as whole microseconds since the epoch (exact, unlike a float)."""
    return datetime.__sub__(value, _EPOCH) // timedelta(microseconds=1)


def _plain(value: Any) -> Any:
    """A result as JSON holds it (a timedelta as seconds); anything else is left as it is."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


def _json_ok(value: Any) -> bool:
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    return isinstance(value, list) and all(_json_ok(item) for item in value)


class SiteTime(RubyTime):
    """``site.time`` for one build: every observation made while a render is recorded is noted.

    ``watch(note)`` names where observations go (the render recorder); those made with no render
    in progress (the reader comparing post dates with the time) are kept in ``outside``.
    """

    _note: Callable[[str], None] | None = None
    _quiet = 0

    def watch(self, note: Callable[[str], bool] | None) -> None:
        """Send this build's observations to ``note`` (which says whether a render took it)."""
        object.__setattr__(self, "_note", note)

    @property
    def outside(self) -> set[str]:
        """Observations made while no render was recorded: reading the source, generators."""
        return _outside(self)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Note nothing inside: the caller notes the whole operation (a date filter) itself."""
        depth = object.__getattribute__(self, "_quiet")
        object.__setattr__(self, "_quiet", depth + 1)
        try:
            yield
        finally:
            object.__setattr__(self, "_quiet", depth)

    def observe(self, *observation: Any) -> None:
        """Note one observation (operation, arguments..., result)."""
        if object.__getattribute__(self, "_quiet"):
            return
        if not all(_json_ok(part) for part in observation):
            observation = ("exact", micros(self))   # a result JSON cannot hold: compare the instant
        key = observation_key(*observation)
        note = object.__getattribute__(self, "_note")
        if note is None or not note(key):
            # Not for one output: what a build without rendering must find the same (which
            # posts are published yet, what generators made).
            _outside(self).add(key)

    def _exact(self) -> None:
        self.observe("exact", micros(self))

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in _FIELDS:
            SiteTime.observe(self, "attr", name, value)
        elif name in _METHODS:
            return _observed_method(self, name, value)
        elif not name.startswith("_") and name not in _NEUTRAL and name not in _OWN:
            # astimezone, replace, date, timetuple...: what they give is not observed further.
            SiteTime._exact(self)
        return value

    def __str__(self) -> str:
        text = RubyTime.__str__(_unwatched(self))
        SiteTime.observe(self, "str", text)
        return text

    def __repr__(self) -> str:
        SiteTime._exact(self)
        return datetime.__repr__(self)

    def __format__(self, spec: str) -> str:
        text = datetime.__format__(_unwatched(self), spec)
        SiteTime.observe(self, "format", spec, text)
        return text

    def __hash__(self) -> int:
        SiteTime._exact(self)
        return datetime.__hash__(self)

    def _compare(self, name: str, other: Any) -> Any:
        if other is self:
            return getattr(datetime, f"__{name}__")(self, other)
        # (compared as a plain datetime: across zones the comparison reads fields of both,
        # which must not count as observations of their own)
        result = getattr(datetime, f"__{name}__")(_unwatched(self), other)
        if result is NotImplemented:
            return result
        if isinstance(other, datetime) and other.tzinfo is not None:
            SiteTime.observe(self, "cmp", name, micros(other), result)
        elif name not in ("eq", "ne"):
            SiteTime._exact(self)
        return result

    def __lt__(self, other: Any) -> Any:
        return SiteTime._compare(self, "lt", other)

    def __le__(self, other: Any) -> Any:
        return SiteTime._compare(self, "le", other)

    def __gt__(self, other: Any) -> Any:
        return SiteTime._compare(self, "gt", other)

    def __ge__(self, other: Any) -> Any:
        return SiteTime._compare(self, "ge", other)

    def __eq__(self, other: object) -> Any:
        return SiteTime._compare(self, "eq", other)

    def __ne__(self, other: object) -> Any:
        return SiteTime._compare(self, "ne", other)

    def __add__(self, other: Any) -> Any:
        SiteTime._exact(self)
        return datetime.__add__(_unwatched(self), other)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        SiteTime._exact(self)
        return datetime.__sub__(_unwatched(self), other)

    def __rsub__(self, other: Any) -> Any:
        SiteTime._exact(self)
        return other - _unwatched(self)

    def __copy__(self) -> SiteTime:
        return self   # immutable: a copy may as well be the observed original

    def __deepcopy__(self, memo: Any) -> SiteTime:
        return self

    def __reduce_ex__(self, protocol: Any) -> Any:
        # Sent to another process, it is a plain value there: note that it was used whole.
        SiteTime._exact(self)
        return _unwatched(self).__reduce_ex__(protocol)


_OWN = frozenset({"watch", "quiet", "observe", "of", "outside"})


def _outside(time: SiteTime) -> set[str]:
    found: set[str] = object.__getattribute__(time, "__dict__").setdefault("_outside", set())
    return found


def _unwatched(value: datetime) -> RubyTime:
    """The same instant as a plain RubyTime: what operations on it do is not observed."""
    field = object.__getattribute__   # past SiteTime's noting __getattribute__
    return RubyTime(
        *(field(value, name) for name in (
            "year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo")),
        fold=field(value, "fold"),
    )


def _observed_method(time: SiteTime, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        result = getattr(_unwatched(time), name)(*args)
        SiteTime.observe(time, "call", name, list(args), _plain(result))
        return result
    return call


def watched_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A date filter that, given ``site.time``, notes its result as one observation."""
    def apply(value: Any, *args: Any) -> Any:
        if not isinstance(value, SiteTime):
            return func(value, *args)
        with value.quiet():
            result = func(value, *args)
        value.observe("filter", name, list(args), result)
        return result
    apply.__name__ = apply.__qualname__ = name
    apply.__doc__ = func.__doc__
    return apply


class TimeCheck:
    """Re-evaluates observations with a new ``site.time``; answers memoised (pages share them)."""

    def __init__(self, time: datetime, filters: Mapping[str, Callable[..., Any]]) -> None:
        self.time = _unwatched(time)
        self.filters = filters
        self._answers: dict[str, bool] = {}

    def unchanged(self, inputs: set[str] | frozenset[str]) -> bool:
        """Whether every observation among a render's inputs gives the same result now."""
        if TIME_INPUT not in inputs:
            return True
        return all(self.holds(key) for key in inputs if key.startswith(OBSERVATION))

    def holds(self, key: str) -> bool:
        """Whether one observation gives the same result with the new time."""
        answer = self._answers.get(key)
        if answer is None:
            try:
                answer = self._evaluate(json.loads(key[len(OBSERVATION):]))
            except Exception:  # an observation this reblog cannot evaluate: render again
                answer = False
            self._answers[key] = answer
        return answer

    def rederive(self, key: str) -> tuple[str, str] | None:
        """A printed date filter's text with the new time, and its new key (None: not one)."""
        try:
            kind, name, arguments, _result = json.loads(key[len(OBSERVATION):])
            if kind != "filter":
                return None
            text = self.filters[name](self.time, *arguments)
        except Exception:  # not a date filter this reblog knows, or one that fails now
            return None
        if not isinstance(text, str):
            return None
        return text, observation_key("filter", name, arguments, text)

    def splice(self, text: str, prints: list[list[Any]]) -> tuple[str, list[list[Any]], dict[str, str]] | None:
        """``text`` with every printed observation that differs now printed anew (``final_prints``).

        Returns the new text, its prints and the keys that changed (old -> new); None when a
        print is not where it was recorded or cannot be derived again.
        """
        pieces: list[str] = []
        fresh: list[list[Any]] = []
        renamed: dict[str, str] = {}
        last = shift = 0
        for offset, length, key, in_content in sorted(prints, key=lambda p: int(p[0])):
            if offset < last or text[offset:offset + length] != _printed(key):
                return None
            if self.holds(key):
                new_text, new_key = text[offset:offset + length], key
            else:
                derived = self.rederive(key)
                if derived is None:
                    return None
                new_text, new_key = derived
                renamed[key] = new_key
            pieces += [text[last:offset], new_text]
            fresh.append([offset + shift, len(new_text), new_key, in_content])
            shift += len(new_text) - length
            last = offset + length
        pieces.append(text[last:])
        return "".join(pieces), fresh, renamed

    def _evaluate(self, observation: list[Any]) -> bool:
        kind, *args = observation
        time = self.time
        if kind == "attr":
            return bool(getattr(time, args[0]) == args[1])
        if kind == "call":
            name, arguments, result = args
            return bool(_plain(getattr(time, name)(*arguments)) == result)
        if kind == "str":
            return bool(str(time) == args[0])
        if kind == "format":
            return bool(format(time, args[0]) == args[1])
        if kind == "cmp":
            name, other, result = args
            return bool(_COMPARE[name](micros(time), other) == result)
        if kind == "filter":
            name, arguments, result = args
            return bool(self.filters[name](time, *arguments) == result)
        if kind == "exact":
            return bool(micros(time) == args[0])
        return False


def _printed(key: str) -> str | None:
    """The text a printed date filter observation printed."""
    try:
        result = json.loads(key[len(OBSERVATION):])[3]
    except (ValueError, IndexError, TypeError):
        return None
    return result if isinstance(result, str) else None


def final_prints(
    times: list[str], found: list[tuple[int, str, int, str | None]], output: str, in_content: bool,
) -> list[list[Any]]:
    """The prints of a render's last template that a later build may re-derive in place.

    ``found``: its top-level ``{{ }}`` statements whose last filter was given ``site.time`` itself
    and made exactly one observation (offset in its output, text printed, index in ``times``,
    the filter's name). One counts when that observation is that date filter's, it printed the
    result unchanged, and the observation was made nowhere else in the render (in a condition,
    an ``assign``, an inner layout): then the rest of the output cannot depend on it, and with a
    new time the output is this one with the filter's new result in its place. Entries:
    ``[offset, length, key, in_content]`` (``in_content``: the last template was the content).
    """
    valid: list[tuple[int, int, int]] = []
    for offset, text, index, name in found:
        key = times[index]
        try:
            kind, filter_name, _arguments, result = json.loads(key[len(OBSERVATION):])
        except (ValueError, TypeError):
            continue
        if (kind == "filter" and filter_name == name and result == text
                and output[offset:offset + len(text)] == text):
            valid.append((offset, len(text), index))
    printed = {index for _offset, _length, index in valid}
    elsewhere = {key for index, key in enumerate(times) if index not in printed}
    return [[offset, length, times[index], in_content]
            for offset, length, index in valid if times[index] not in elsewhere]
