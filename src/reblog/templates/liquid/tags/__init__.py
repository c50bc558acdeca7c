"""Jekyll's Liquid tags for python-liquid: one module per tag."""

from __future__ import annotations

import liquid

from .blank import RubyCaptureTag, RubyIfChangedTag, RubyTablerowTag
from .conditions import RubyIf, RubyUnless
from .for_loop import RubyFor
from .highlight import HighlightTag
from .include import IncludeRelativeTag, IncludeTag
from .link import LinkTag, PostUrlTag
from .output import RubyOutput


def register(env: liquid.Environment) -> None:
    """Add Jekyll's tags, and Ruby Liquid 5's versions of the standard block tags, to ``env``.

    The one place reblog's tags are installed (``JekyllEnvironment`` calls it when python-liquid
    sets up its own tags, which these replace): capture, tablerow and ifchanged differ only in
    Liquid 5's rule for blank bodies (blank.py); if, unless and for add Ruby's ``contains`` and
    loop options on top of that rule.
    """
    for tag in (RubyCaptureTag, RubyTablerowTag, RubyIfChangedTag, RubyIf, RubyUnless, RubyFor,
                IncludeTag, IncludeRelativeTag, LinkTag, PostUrlTag, HighlightTag, RubyOutput):
        env.add_tag(tag)
