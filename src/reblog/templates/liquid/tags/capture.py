"""``{% capture %}`` as Ruby Liquid renders it: a whitespace-only body is kept, not dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from liquid.builtin.tags.capture_tag import CaptureNode, CaptureTag

if TYPE_CHECKING:
    from liquid.context import RenderContext


class RubyCaptureNode(CaptureNode):
    """Capture every node's output, even when the body is blank."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the body into the variable; the tag itself prints nothing."""
        # python-liquid drops the output of any blank block (whitespace and blank tags only);
        # Ruby Liquid drops it only for control flow (if, unless, case, for: BlockBody
        # #remove_blank_strings), so `{% capture newline %}\n{% endcapture %}` holds "\n".
        buf = context.get_buffer(buffer)
        for node in self.block.nodes:
            node.render(context, buf)
        self._assign(context, buf)
        return 0


class RubyCapture(CaptureTag):
    """Replaces python-liquid's capture tag."""

    node_class = RubyCaptureNode
