"""Jekyll's expression filters (where_exp, find_exp, group_by_exp) for python-liquid."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import liquid
from liquid.builtin.expressions import BooleanExpression
from liquid.builtin.expressions._tokenize import tokenize
from liquid.builtin.expressions.filtered import FilteredExpression
from liquid.builtin.expressions.logical import (
    GeExpression,
    GtExpression,
    LeExpression,
    LogicalAndExpression,
    LogicalNotExpression,
    LogicalOrExpression,
    LtExpression,
    is_truthy,
)
from liquid.expression import Expression
from liquid.filter import with_context
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, Token

from reblog.templates.filters.arrays import grouped_array
from reblog.templates.filters.ruby import inspect, is_array

from .keywords import keyword_expression
from .tags.conditions import with_ruby_contains

Parser = Callable[[str], Expression]


def _token_stream(source: str) -> TokenStream:
    parent = Token(TOKEN_EXPRESSION, source, start_index=0, source=source)
    return TokenStream(tokenize(source, parent_token=parent))


def _cached(parse: Callable[[str], Expression]) -> Parser:
    """Memoize parsed expressions per source string (one cache per environment)."""
    cache: dict[str, Expression] = {}

    def get(source: str) -> Expression:
        if source not in cache:
            cache[source] = parse(source)
        return cache[source]

    return get


_ORDERING = {
    LtExpression: operator.lt,
    GtExpression: operator.gt,
    LeExpression: operator.le,
    GeExpression: operator.ge,
}


def evaluate_condition(expr: Expression, context: Any) -> Any:
    """Evaluate a parsed condition, adding Ruby's ordering of dates (`post.date < site.time`).

    python-liquid refuses `<`/`>` between datetimes; Ruby Liquid compares Times,
    which Jekyll sites rely on in where_exp.
    """
    if isinstance(expr, BooleanExpression):
        return is_truthy(evaluate_condition(expr.expression, context))
    if isinstance(expr, LogicalAndExpression):
        return is_truthy(evaluate_condition(expr.left, context)) and is_truthy(
            evaluate_condition(expr.right, context))
    if isinstance(expr, LogicalOrExpression):
        return is_truthy(evaluate_condition(expr.left, context)) or is_truthy(
            evaluate_condition(expr.right, context))
    if isinstance(expr, LogicalNotExpression):
        return not is_truthy(evaluate_condition(expr.right, context))
    compare = _ORDERING.get(type(expr))
    if compare is not None:
        left, right = expr.left.evaluate(context), expr.right.evaluate(context)  # type: ignore[attr-defined]
        if _comparable(left, right):
            return compare(left, right)
    return expr.evaluate(context)


def _comparable(left: Any, right: Any) -> bool:
    """Two datetimes (``site.time`` is a datetime of its own kind), or two plain dates."""
    if isinstance(left, dt.datetime) or isinstance(right, dt.datetime):
        return isinstance(left, dt.datetime) and isinstance(right, dt.datetime)
    return isinstance(left, dt.date) and type(left) is type(right)


def _items(value: Any) -> list[Any] | None:
    # Jekyll works on anything that responds to `select`; hashes use their values.
    if isinstance(value, Mapping):
        return list(value.values())
    if is_array(value):
        return list(value)
    return None


def _group_key(value: Any) -> tuple[str, str]:
    # Ruby groups by `eql?`: 1 and 1.0 differ, arrays/hashes compare by content.
    return type(value).__name__, inspect(value)


def _matching(items: list[Any], variable: str, test: Expression, context: Any) -> Iterator[Any]:
    """The items for which the condition is truthy with ``variable`` bound to each in turn."""
    for item in items:
        with context.extend({variable: item}):
            if evaluate_condition(test, context):
                yield item


def _make_filters(condition: Parser, variable_expr: Parser) -> dict[str, Callable[..., Any]]:
    @with_context
    def where_exp(value: Any, variable: str, expression: str, *, context: Any) -> Any:
        """Items for which the Liquid condition is truthy with `variable` bound to the item."""
        items = _items(value)
        if items is None:
            return value
        return list(_matching(items, str(variable), condition(str(expression)), context))

    @with_context
    def find_exp(value: Any, variable: str, expression: str, *, context: Any) -> Any:
        """The first item for which the Liquid condition is truthy, or nil."""
        items = _items(value)
        if items is None:
            return value
        return next(_matching(items, str(variable), condition(str(expression)), context), None)

    @with_context
    def group_by_exp(value: Any, variable: str, expression: str, *, context: Any) -> Any:
        """Group items by the value of a Liquid (filtered) expression."""
        if not (is_array(value) or isinstance(value, Mapping)):
            return value
        members = list(value.items()) if isinstance(value, Mapping) else list(value)
        compute = variable_expr(str(expression))
        names: dict[tuple[str, str], Any] = {}
        groups: dict[tuple[str, str], list[Any]] = {}
        for item in members:
            with context.extend({str(variable): item}):
                name = compute.evaluate(context)
            key = _group_key(name)
            names.setdefault(key, name)
            groups.setdefault(key, []).append(item)
        return grouped_array((names[key], groups[key]) for key in groups)

    return {"where_exp": where_exp, "find_exp": find_exp, "group_by_exp": group_by_exp}


def register_exp_filters(env: liquid.Environment) -> None:
    """Install where_exp, find_exp and group_by_exp on a python-liquid environment."""
    condition = _cached(lambda source: with_ruby_contains(
        BooleanExpression.parse(env, _token_stream(keyword_expression(source)))))
    variable_expr = _cached(lambda source: FilteredExpression.parse(
        env, _token_stream(keyword_expression(source))))
    env.filters.update(_make_filters(condition, variable_expr))
