"""Liquid failures as one ReblogError at the file and line (the document's, or an include's)."""

from __future__ import annotations

import re

from liquid import Environment
from liquid.exceptions import (
    LiquidError,
    LiquidSyntaxError,
    LoopIterationLimitError,
    OutputStreamLimitError,
    UndefinedError,
    UnknownFilterError,
)

from ...errors import ReblogError

_MARKUP = re.compile(r"{{.*?}}|{%-?\s*(\w+).*?%}", re.S)
_UNCLOSED = re.compile(r"expected tag end(\w+)")


def locate_syntax_error(env: Environment, source: str, message: str) -> int | None:
    """Find the line of a syntax error python-liquid reports without a position.

    Errors found at the end of an expression carry no location, so each tag and output is
    parsed alone (block tags closed) until one fails with the same message.
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
        if isinstance(end, str):
            text += "{% " + end + " %}"
        try:
            env.from_string(text)
        except LiquidError as err:
            if str(err.message) == message:
                return source.count("\n", 0, match.start()) + 1
        except Exception:  # noqa: BLE001 - only locating; the original error is reported
            continue
    return None


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
    message = str(err.message if err.message is not None else err).strip().splitlines()[0]
    if isinstance(err, LoopIterationLimitError):
        message = "too many loop iterations (more than liquid: max_loop_iterations in _config.yml)"
    elif isinstance(err, OutputStreamLimitError):
        message = "output too large (more than liquid: max_output_bytes in _config.yml)"
    elif isinstance(err, UnknownFilterError):
        # Ruby Liquid's wording (strict_filters), e.g. "undefined filter nosuch".
        message = re.sub(r"^unknown filter '(.*)'$", r"undefined filter \1", message)
    context = err.context() if err.token is not None and err.token.start_index >= 0 else None
    line = context[0] if context else None
    if line is None and env is not None and source is not None and not err.template_name:
        line = locate_syntax_error(env, source, message)
    where = str(err.template_name or name)
    if where == name and line is not None:
        if isinstance(err, (LiquidSyntaxError, UndefinedError, UnknownFilterError)):
            kind = "Liquid syntax error" if isinstance(err, LiquidSyntaxError) else "Liquid error"
            return ReblogError(f"{kind} (line {line}): {message} in {name}", where, line + first_line - 1)
        line += first_line - 1
    if where != name:
        message = f"{message} (included from {name})"
    return ReblogError(f"Liquid error: {message}", where, line)
