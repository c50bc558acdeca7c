"""``{{ value }}`` printed the way Ruby Liquid 4 prints it (nil, arrays, hashes, floats, times)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from liquid.builtin.expressions import FilteredExpression
from liquid.builtin.expressions import tokenize as tokenize_expression
from liquid.builtin.output import Output, OutputNode
from liquid.token import TOKEN_EXPRESSION, TOKEN_OUTPUT

from ....sitetime import SiteTime
from ...filters import to_liquid_str
from ...views import DocumentView
from ..state import PrintLog
from ..stream import HeadStream

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.expression import Expression
    from liquid.stream import TokenStream
    from liquid.token import Token


def ruby_string(value: Any) -> str:
    """Ruby's ``to_s`` of a value as Liquid outputs it; documents print their content."""
    if type(value) is str:
        return value
    if isinstance(value, DocumentView):
        return str(value)
    return to_liquid_str(value)


class RubyOutputNode(OutputNode):
    """An output statement using Ruby's string forms."""

    __slots__ = ("unfiltered",)

    def __init__(self, token: Token, expression: Expression) -> None:
        super().__init__(token, expression)
        # The value of an output without filters (most are), evaluated without the filter chain.
        self.unfiltered = expression.left \
            if isinstance(expression, FilteredExpression) and not expression.filters else None

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the value's Ruby string form (noting a ``site.time`` print in a template's own output)."""
        unfiltered = self.unfiltered
        if unfiltered is not None:
            value = unfiltered.evaluate(context)
            return buffer.write(value if type(value) is str else ruby_string(value))
        log: PrintLog | None = getattr(buffer, "prints", None)
        expression = self.expression
        if log is None or not isinstance(expression, FilteredExpression) or not expression.filters:
            value = expression.evaluate(context)
            return buffer.write(value if type(value) is str else ruby_string(value))
        # As FilteredExpression.evaluate, watching the last filter: given site.time itself and
        # making one observation, it is a date filter whose result may be printed as it is.
        value = expression.left.evaluate(context)
        for step in expression.filters[:-1]:
            value = step.evaluate(value, context)
        last = expression.filters[-1]
        given, before = isinstance(value, SiteTime), len(log.times)
        text = ruby_string(last.evaluate(value, context))
        if given and len(log.times) == before + 1:
            log.found.append((buffer.tell(), text, before, last.name))
        return buffer.write(text)

    # An output statement is never a disabled tag: rendering it is writing it.
    render = render_to_output


class RubyOutput(Output):
    """Replaces python-liquid's output statement."""

    node_class = RubyOutputNode

    def parse(self, stream: TokenStream) -> OutputNode:
        """python-liquid's ``Output.parse``, reading the expression from a ``HeadStream``."""
        token = stream.eat(TOKEN_OUTPUT)
        expression = stream.expect(TOKEN_EXPRESSION)
        return self.node_class(token, FilteredExpression.parse(
            self.env, HeadStream(tokenize_expression(expression.value, expression))))
