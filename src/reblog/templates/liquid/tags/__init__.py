"""Jekyll's Liquid tags for python-liquid: one module per tag."""

from __future__ import annotations

import liquid

from .conditions import RubyIf, RubyUnless
from .highlight import HighlightTag
from .include import IncludeRelativeTag, IncludeTag
from .link import LinkTag, PostUrlTag
from .output import RubyOutput


def register(env: liquid.Environment) -> None:
    """Add Jekyll's tags to a Liquid environment."""
    # RubyIf and RubyUnless extend blank.py's if/unless (which the environment installs first)
    # with Ruby's `contains`, so they replace them here.
    for tag in (IncludeTag, IncludeRelativeTag, LinkTag, PostUrlTag, HighlightTag, RubyOutput,
                RubyIf, RubyUnless):
        env.add_tag(tag)
