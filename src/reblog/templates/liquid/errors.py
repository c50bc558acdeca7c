"""Liquid failures as one ReblogError at the file and line (the document's, or an include's)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence

from liquid import Environment
from liquid.exceptions import (
    FilterArgumentError,
    LiquidError,
    LiquidSyntaxError,
    LiquidTypeError,
    LoopIterationLimitError,
    OutputStreamLimitError,
    UndefinedError,
    UnknownFilterError,
)

from ...errors import ReblogError

_MARKUP = re.compile(r"{{.*?}}|{%-?\s*(\w+).*?%}", re.S)
_UNCLOSED = re.compile(r"expected tag end(\w+)")
_UNKNOWN_TAG = re.compile(r"^unexpected tag '(\w+)'$")
# Python's arity messages for a filter called with too few or too many arguments.
_ARITY = re.compile(
    r"^(?:(\w+): )?(\w+)\(\) (?:missing (\d+) required positional arguments?"
    r"|takes (?:from \d+ to )?\d+ positional arguments? but (\d+) (?:was|were) given)")


class MissingIncludeError(LiquidError):
    """An include file that is in none of the folders searched (Jekyll's IOError)."""

    def __init__(self, name: str, folders: Sequence[str], hint: str, *, token: object) -> None:
        # Jekyll's could_not_locate_message, the folders as Ruby prints an Array of Strings (each
        # folder in the site named from the site's folder, as reblog names files everywhere).
        listed = ", ".join(f'"{folder}"' for folder in folders)
        super().__init__(
            f"Could not locate the included file '{name}' in any of [{listed}]. Ensure it exists in "
            "one of those directories and, if it is a symlink, does not point outside your site source.",
            token=token,  # type: ignore[arg-type]
        )
        self.hint = hint


def mark_include(err: LiquidError, display: str, path: str, line: int | None = None) -> None:
    """Note on an error that it happened in an include (Ruby Liquid's ``template_name``)."""
    if err.template_name is None:
        err.template_name = display
        err.reblog_include_path = path  # type: ignore[attr-defined]
        if line is not None:
            err.reblog_line = line  # type: ignore[attr-defined]


def _ruby_arity(func: object, missing: str | None, given: str | None) -> str | None:
    """Ruby's ``wrong number of arguments (given 1, expected 2)`` for a filter's Python function."""
    try:
        params = list(inspect.signature(func).parameters.values())  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = sum(1 for p in positional if p.default is p.empty)
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        expected = f"{required}+"
    elif required == len(positional):
        expected = str(required)
    else:
        expected = f"{required}..{len(positional)}"
    count = required - int(missing) if missing else int(given or 0)
    return f"wrong number of arguments (given {count}, expected {expected})"


def ruby_wording(err: LiquidError, message: str, env: Environment | None) -> str:
    """Ruby Liquid's wording for the python-liquid messages whose meaning is the same."""
    unknown = _UNKNOWN_TAG.match(message)
    if unknown and isinstance(err, LiquidSyntaxError) and unknown.group(1) not in {"else", "elsif", "when"}:
        return f"Unknown tag '{unknown.group(1)}'"
    arity = _ARITY.match(message) if isinstance(err, (LiquidTypeError, FilterArgumentError)) else None
    if arity and env is not None:
        name, function, missing, given = arity.groups()
        func = env.filters.get(name or function)
        if func is not None and getattr(func, "__name__", None) == function:
            return _ruby_arity(func, missing, given) or message
    return message


def locate_syntax_error(env: Environment, source: str, message: str) -> int | None:
    """Find the line of a syntax error python-liquid reports without a position.

    Errors found at the end of an expression carry no location, so each tag and output is
    parsed alone (block tags closed) until one fails with the same message: ``message`` is
    the error's first line, stripped (``_message_line``), and so is what each markup's error is
    compared by.
    """
    unclosed = _UNCLOSED.search(message)
    if unclosed:
        opener = re.compile(r"{%-?\s*" + unclosed.group(1) + r"\b")
        starts = [m.start() for m in opener.finditer(source)]
        return source.count("\n", 0, starts[-1]) + 1 if starts else None
    for match in _MARKUP.finditer(source):
        text = match.group(0)
        tag = match.group(1)
        end = getattr(env.tags.get(tag), "end", None) if tag else None
        if isinstance(end, str) and end:   # (a tag without a block, such as assign, has the end "")
            text += "{% " + end + " %}"
        try:
            env.from_string(text)
        except LiquidError as err:
            if _message_line(err) == message:
                return source.count("\n", 0, match.start()) + 1
        except Exception:  # noqa: BLE001 - only locating; the original error is reported
            continue
    return None


def error_line(err: LiquidError, env: Environment | None = None, source: str | None = None) -> int | None:
    """The template line of a Liquid error: its token's, else (given the template's ``env``
    and ``source``) the line of the markup that fails alone with the same message."""
    context = err.context()
    if context:
        return context[0]
    if env is None or source is None:
        return None
    return locate_syntax_error(env, source, _message_line(err))


def _message_line(err: LiquidError) -> str:
    """The error's message as one line: its first, stripped (what messages show and compare)."""
    return str(err.message if err.message is not None else err).strip().splitlines()[0]


def liquid_error(
    err: LiquidError, name: str, first_line: int, env: Environment | None = None,
    source: str | None = None,
) -> ReblogError:
    """Locate a Liquid error: in an include, or in the document at its source line.

    The location is the file's own line (what editors show). For the errors Ruby Liquid raises
    as ``Liquid::Error`` in the document itself (syntax, ``strict_variables``, ``strict_filters``)
    Jekyll's own phrase follows it, which counts lines from the end of the front matter:
    ``index.html:6: Liquid error (line 3): undefined variable author in index.html``.
    """
    message = _message_line(err)
    if isinstance(err, LoopIterationLimitError):
        message = "too many loop iterations (more than liquid: max_loop_iterations in _config.yml)"
    elif isinstance(err, OutputStreamLimitError):
        message = "output too large (more than liquid: max_output_bytes in _config.yml)"
    elif isinstance(err, UnknownFilterError):
        # Ruby Liquid's wording (strict_filters), e.g. "undefined filter nosuch".
        message = re.sub(r"^unknown filter '(.*)'$", r"undefined filter \1", message)
    # (an error already placed in an include is not searched for in this template's source)
    line = getattr(err, "reblog_line", None) or error_line(err, env, None if err.template_name else source)
    where = str(err.template_name or name)
    if isinstance(err, MissingIncludeError):
        # Jekyll: "Liquid Exception: Could not locate the included file ... in index.html".
        return ReblogError(f"Liquid Exception: {message} in {name}{err.hint}", where,
                           None if line is None else line + (first_line - 1 if where == name else 0))
    ruby = ruby_wording(err, message, env)
    kind = "Liquid syntax error" if isinstance(err, LiquidSyntaxError) else "Liquid error"
    if where != name:
        # Jekyll: "Liquid Exception: Liquid error (/site/_includes/x.html line 1): ... included in
        # index.html" (Ruby Liquid's template_name is the include's full path).
        path = getattr(err, "reblog_include_path", where)
        at = f" ({path} line {line})" if line is not None else ""
        return ReblogError(f"Liquid Exception: {kind}{at}: {ruby} included in {name}", where, line)
    if line is not None:
        if isinstance(err, (LiquidSyntaxError, UndefinedError, UnknownFilterError)) or ruby != message:
            return ReblogError(f"Liquid Exception: {kind} (line {line}): {ruby} in {name}", where,
                               line + first_line - 1)
        line += first_line - 1
    return ReblogError(f"Liquid error: {message}", where, line)
