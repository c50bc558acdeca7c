"""``if``/``elsif``/``unless`` conditions with Ruby Liquid's ``contains``: false, never an error,
when the left side has no ``include?`` (a number, ``true``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from liquid.ast import Node
from liquid.builtin.expressions.logical import ContainsExpression, is_truthy
from liquid.builtin.tags.if_tag import IfNode
from liquid.builtin.tags.unless_tag import UnlessNode

from ...filters.ruby import to_s
from .blank import RubyIfTag, RubyUnlessTag

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.expression import Expression
    from liquid.stream import TokenStream


def ruby_contains(left: Any, right: Any) -> bool:
    """Liquid 5's ``contains``: ``left.include?(right)`` when both are truthy and left has it."""
    if not is_truthy(left) or not is_truthy(right):
        return False
    if isinstance(left, str):
        return to_s(right) in left
    if isinstance(left, Collection):
        return right in left
    # Integer, Float, true and Time have no `include?`: Liquid answers false (python-liquid raises).
    return False


class RubyContainsExpression(ContainsExpression):
    """``a contains b`` with Ruby Liquid's answer for every left side."""

    def evaluate(self, context: RenderContext) -> object:
        """The condition's value."""
        return ruby_contains(self.left.evaluate(context), self.right.evaluate(context))

    async def evaluate_async(self, context: RenderContext) -> object:
        """The condition's value (async rendering)."""
        return ruby_contains(await self.left.evaluate_async(context),
                             await self.right.evaluate_async(context))


def with_ruby_contains(expr: Expression) -> Expression:
    """The expression tree with every ``contains`` evaluated the Ruby way (rewritten in place)."""
    if type(expr) is ContainsExpression:
        return RubyContainsExpression(expr.token, with_ruby_contains(expr.left),
                                      with_ruby_contains(expr.right))
    # Boolean wrappers hold `expression`, and/or/not hold `left`/`right`.
    for slot in ("expression", "left", "right"):
        child = getattr(expr, slot, None)
        if child is not None and hasattr(child, "evaluate"):
            setattr(expr, slot, with_ruby_contains(child))
    return expr


def _rewrite(node: Node) -> Node:
    if isinstance(node, (IfNode, UnlessNode)):
        node.condition = with_ruby_contains(node.condition)
        for alternative in node.alternatives or ():
            alternative.expression = with_ruby_contains(alternative.expression)
    return node


class RubyIf(RubyIfTag):
    """``if`` with Liquid 5's blank bodies (blank.py) and Ruby's ``contains``."""

    def parse(self, stream: TokenStream) -> Node:
        """Parse as blank.py does, then give ``contains`` Ruby's semantics."""
        return _rewrite(super().parse(stream))


class RubyUnless(RubyUnlessTag):
    """``unless`` with Liquid 5's blank bodies (blank.py) and Ruby's ``contains``."""

    def parse(self, stream: TokenStream) -> Node:
        """Parse as blank.py does, then give ``contains`` Ruby's semantics."""
        return _rewrite(super().parse(stream))
