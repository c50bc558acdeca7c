"""Jekyll's Liquid tags for python-liquid: one module per tag."""

from __future__ import annotations

import liquid

from .conditions import RubyIf, RubyUnless
from .for_loop import RubyFor
from .highlight import HighlightTag
from .include import IncludeRelativeTag, IncludeTag
from .link import LinkTag, PostUrlTag
from .output import RubyOutput


def register(env: liquid.Environment) -> None:
    """Add Jekyll's tags to a Liquid environment."""
    # RubyIf, RubyUnless and RubyFor extend blank.py's if/unless/for (which the environment
    # installs first) with Ruby's `contains` and loop options, so they replace them here.
    for tag in (IncludeTag, IncludeRelativeTag, LinkTag, PostUrlTag, HighlightTag, RubyOutput,
                RubyIf, RubyUnless, RubyFor):
        env.add_tag(tag)
