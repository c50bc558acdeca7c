"""``{{ value }}`` printed the way Ruby Liquid 4 prints it (nil, arrays, hashes, floats, times)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from liquid.builtin.output import Output, OutputNode

from ...filters import to_liquid_str
from ...views import DocumentView
from ..state import PrintLog

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
        """Write the value's Ruby string form (noting a ``site.time`` print in a template's own output)."""
        log: PrintLog | None = getattr(buffer, "prints", None)
        if log is None:
            return buffer.write(ruby_string(self.expression.evaluate(context)))
        before = len(log.times)
        text = ruby_string(self.expression.evaluate(context))
        if len(log.times) == before + 1:
            log.found.append((buffer.tell(), text, before, _last_filter(self.expression)))
        return buffer.write(text)


def _last_filter(expression: Any) -> str | None:
    """The name of a filtered expression's last filter when no other filter has that name."""
    filters = getattr(expression, "filters", None)
    if not filters:
        return None
    name = getattr(filters[-1], "name", None)
    if not isinstance(name, str) or sum(getattr(f, "name", None) == name for f in filters) != 1:
        return None
    return name


class RubyOutput(Output):
    """Replaces python-liquid's output statement."""

    node_class = RubyOutputNode
