"""Jekyll's dialect of Liquid on python-liquid: the environment, its tags and its filters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from io import StringIO
from typing import Any

import re

import liquid
from liquid import Environment, Mode
from liquid.exceptions import LiquidError

from ...errors import ReblogError
from .state import STATE_KEY, RenderState
from .exp_filters import register_exp_filters
from .tags import register as register_tags


class JekyllEnvironment(Environment):
    """python-liquid set up the way Jekyll configures Ruby Liquid 4."""

    # Ruby Liquid 4 allows these; python-liquid keeps them behind switches.
    shorthand_indexes = True
    string_first_and_last = False

    def __init__(self, *, strict_variables: bool = False, strict_filters: bool = False) -> None:
        super().__init__(
            tolerance=Mode.STRICT,
            strict_filters=strict_filters,
            undefined=liquid.StrictUndefined if strict_variables else liquid.Undefined,
        )
        self.reblog_includes: dict[str, Any] = {}
        self.counters: dict[str, int] = {}


def make_environment(
    config: Mapping[str, Any], filters: Mapping[str, Callable[..., Any]],
    register_extra: Callable[[Environment], None] | None = None,
) -> JekyllEnvironment:
    """A Liquid environment with Jekyll's tags and filters, configured from ``liquid:``."""
    opts = config.get("liquid") or {}
    env = JekyllEnvironment(
        strict_variables=bool(opts.get("strict_variables")),
        strict_filters=bool(opts.get("strict_filters")),
    )
    register_tags(env)
    env.filters.update(filters)
    register_exp_filters(env)
    if register_extra:
        register_extra(env)
    return env


def render_liquid(
    env: JekyllEnvironment, source: str, name: str, variables: Mapping[str, Any],
    state: RenderState, first_line: int = 1,
) -> str:
    """Render Liquid source; any Liquid failure becomes a ReblogError at the file and line."""
    try:
        template = env.from_string(source, name=name, globals={**variables, STATE_KEY: state})
        context = liquid.RenderContext(template, globals=template.globals)
        # Ruby Liquid keeps increment counters in the site payload, so they run on across pages.
        context.counters.update(env.counters)
        buffer = StringIO()
        template.render_with_context(context, buffer)
        env.counters.update(context.counters)
        return buffer.getvalue()
    except LiquidError as err:
        raise liquid_error(err, name, first_line, env, source) from err
    except RecursionError as err:
        raise ReblogError("includes nest too deeply (an include that includes itself?)", name) from err


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
    """Locate a Liquid error: in an include, or in the document at its source line."""
    message = str(err.message if err.message is not None else err).strip().splitlines()[0]
    context = err.context() if err.token is not None and err.token.start_index >= 0 else None
    line = context[0] if context else None
    if line is None and env is not None and source is not None and not err.template_name:
        line = locate_syntax_error(env, source, message)
    where = str(err.template_name or name)
    if where == name and line is not None:
        line += first_line - 1
    if where != name:
        message = f"{message} (included from {name})"
    return ReblogError(f"Liquid error: {message}", where, line)


__all__ = ["JekyllEnvironment", "RenderState", "make_environment", "render_liquid"]
