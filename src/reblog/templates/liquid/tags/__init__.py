"""Jekyll's Liquid tags for python-liquid: one module per tag."""

from __future__ import annotations

import liquid

from .capture import RubyCapture
from .conditions import RubyIf, RubyUnless
from .highlight import HighlightTag
from .include import IncludeRelativeTag, IncludeTag
from .link import LinkTag, PostUrlTag
from .output import RubyOutput


def register(env: liquid.Environment) -> None:
    """Add Jekyll's tags to a Liquid environment."""
    for tag in (IncludeTag, IncludeRelativeTag, LinkTag, PostUrlTag, HighlightTag, RubyOutput,
                RubyCapture, RubyIf, RubyUnless):
        env.add_tag(tag)
