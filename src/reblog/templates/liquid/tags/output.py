"""``{{ value }}`` printed the way Ruby Liquid 4 prints it (nil, arrays, hashes, floats, times)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from liquid.builtin.output import Output, OutputNode

from ...filters import to_liquid_str
from ...views import DocumentView

if TYPE_CHECKING:
    from liquid.context import RenderContext


def ruby_string(value: Any) -> str:
    """Ruby's ``to_s`` of a value as Liquid outputs it; documents print their content."""
    if isinstance(value, DocumentView):
        return str(value)
    return to_liquid_str(value)


class RubyOutputNode(OutputNode):
    """An output statement using Ruby's string forms."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the value's Ruby string form."""
        return buffer.write(ruby_string(self.expression.evaluate(context)))


class RubyOutput(Output):
    """Replaces python-liquid's output statement."""

    node_class = RubyOutputNode
