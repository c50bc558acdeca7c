"""Ruby Liquid's ``for`` loop: a ``limit`` or ``offset`` that is nil sets no limit, no offset;
``site`` and a document (Jekyll Drops) yield their keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from liquid.builtin.expressions import LoopExpression
from liquid.builtin.expressions.primitive import StringLiteral
from liquid.builtin.tags.for_tag import ForNode
from liquid.undefined import Undefined

from ...views import DocumentView, SiteView
from .blank import RubyForTag

if TYPE_CHECKING:
    from liquid.ast import Node
    from liquid.context import RenderContext
    from liquid.stream import TokenStream


def _nil(value: object) -> bool:
    return value is None or isinstance(value, Undefined)


# Jekyll's SiteDrop#keys: its own methods (in the order Ruby lists them), then the config's keys.
_SITE_DROP_METHODS = ("posts", "time", "html_pages", "config", "documents", "pages", "data",
                      "categories", "related_posts", "tags", "static_files", "collections")
# Keys reblog's site view has that Jekyll's SiteDrop does not list.
_NOT_SITE_DROP_KEYS = frozenset({"html_files"})


def site_drop_keys(site: SiteView) -> list[str]:
    """What ``{% for key in site %}`` gives in Jekyll: a Drop yields its keys, not pairs."""
    keys = list(_SITE_DROP_METHODS)
    listed = set(keys) | _NOT_SITE_DROP_KEYS
    keys += [key for key in site if key not in listed]
    return keys


class RubyLoopExpression(LoopExpression):
    """``limit: include.limit`` with no such parameter loops over everything, as in Ruby
    (For#collection_segment: a nil limit is no limit, a nil offset is 0); python-liquid
    reads an undefined limit as 0 and rejects a nil one."""

    __slots__ = ()

    def _to_iter(self, obj: object, context: RenderContext) -> tuple[Iterator[Any], int]:
        if isinstance(obj, SiteView):
            keys = site_drop_keys(obj)
            return iter(keys), len(keys)
        if isinstance(obj, DocumentView) and obj.doc.kind == "document":
            # A document is a Drop: Drop#each yields (key, value), of which a one-variable
            # block keeps the key (a page is a Hash, whose pairs python-liquid yields).
            keys = obj.drop_keys()
            return iter(keys), len(keys)
        return super()._to_iter(obj, context)

    def evaluate(self, context: RenderContext) -> Any:
        """The loop's items, with nil options left out."""
        limit, offset = self.limit, self.offset
        nil_limit = limit is not None and _nil(limit.evaluate(context))
        nil_offset = (offset is not None and not isinstance(offset, StringLiteral)
                      and _nil(offset.evaluate(context)))
        if not (nil_limit or nil_offset):
            return super().evaluate(context)
        plain = LoopExpression(
            self.token, self.identifier, self.iterable, limit=None if nil_limit else limit,
            offset=None if nil_offset else offset, reversed_=self.reversed, cols=self.cols,
        )
        return plain.evaluate(context)


class RubyFor(RubyForTag):
    """blank.py's ``for`` (Liquid 5's blank bodies) with Ruby's nil loop options."""

    def parse(self, stream: TokenStream) -> Node:
        """blank.py's parse, with the loop expression read the Ruby way."""
        node = super().parse(stream)
        if not isinstance(node, ForNode):
            return node
        loop = node.expression
        # (the loop variable under a plain str name, as RenderContext.assign keeps variables)
        node.expression = RubyLoopExpression(
            loop.token, str(loop.identifier), loop.iterable, limit=loop.limit, offset=loop.offset,
            reversed_=loop.reversed, cols=loop.cols,
        )
        return node
