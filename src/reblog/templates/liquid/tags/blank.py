"""Liquid 5's rule for whitespace-only block bodies, on python-liquid's block tags.

Ruby Liquid 5.4 (the one Jekyll 4.3 uses) drops the whitespace-only text of a block body only
for the control-flow tags ``if``/``unless``/``case``/``for``, and only when *every* branch of the
tag is blank (``BlockBody#remove_blank_strings``). python-liquid suppresses any blank block body,
each branch on its own: a ``{% capture nl %}\n{% endcapture %}`` captured "" instead of a newline
(a site that then ``replace``s it spaced out every character), and a blank ``elsif``/``for``
branch next to a non-blank ``else`` lost its newline. These subclasses set each body's ``blank``
flag as Liquid 5 decides it; python-liquid's renderer then does the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from liquid.builtin.tags.capture_tag import CaptureTag
from liquid.builtin.tags.for_tag import ForNode, ForTag
from liquid.builtin.tags.if_tag import IfNode, IfTag
from liquid.builtin.tags.ifchanged_tag import IfChangedNode, IfChangedTag
from liquid.builtin.tags.tablerow_tag import TablerowTag
from liquid.builtin.tags.unless_tag import UnlessNode, UnlessTag

if TYPE_CHECKING:
    from liquid.ast import Node
    from liquid.builtin.tags.capture_tag import CaptureNode
    from liquid.builtin.tags.tablerow_tag import TablerowNode
    from liquid.stream import TokenStream


class RubyCaptureTag(CaptureTag):
    """``capture`` keeps its body's whitespace: Liquid 5 never strips it."""

    def parse(self, stream: TokenStream) -> CaptureNode:
        """Parse as python-liquid does, then mark the body as rendered whole."""
        node = super().parse(stream)
        node.block.blank = False
        return node


class RubyTablerowTag(TablerowTag):
    """``tablerow`` keeps its body's whitespace (not a control-flow tag in Liquid 5)."""

    def parse(self, stream: TokenStream) -> TablerowNode:
        """Parse as python-liquid does, then mark the body as rendered whole."""
        node = super().parse(stream)
        node.block.blank = False
        return node


class RubyIfChangedTag(IfChangedTag):
    """``ifchanged`` keeps its body's whitespace (not a control-flow tag in Liquid 5)."""

    def parse(self, stream: TokenStream) -> Node:
        """Parse as python-liquid does, then mark the body as rendered whole."""
        node = super().parse(stream)
        if isinstance(node, IfChangedNode):
            node.block.blank = False
        return node


class RubyForTag(ForTag):
    """``for``: the loop body and the ``else`` body are stripped together or not at all."""

    def parse(self, stream: TokenStream) -> Node:
        """Parse as python-liquid does, then give both bodies the tag's own blankness."""
        node = super().parse(stream)
        if isinstance(node, ForNode):
            node.block.blank = node.blank
            if node.default is not None:
                node.default.blank = node.blank
        return node


def _share_blank(node: Node) -> Node:
    """Give every ``elsif`` body the whole tag's blankness (python-liquid sets it on the branch
    node but renders the branch's body, which kept its own)."""
    if isinstance(node, (IfNode, UnlessNode)):
        for alternative in node.alternatives:
            alternative.block.blank = node.blank
    return node


class RubyIfTag(IfTag):
    """``if``: all branches are stripped together or not at all."""

    def parse(self, stream: TokenStream) -> Node:
        """Parse as python-liquid does, then share the tag's blankness with every branch."""
        return _share_blank(super().parse(stream))


class RubyUnlessTag(UnlessTag):
    """``unless``: all branches are stripped together or not at all."""

    def parse(self, stream: TokenStream) -> Node:
        """Parse as python-liquid does, then share the tag's blankness with every branch."""
        return _share_blank(super().parse(stream))

