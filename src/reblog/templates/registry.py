"""What plugins add to the template engines: Liquid tags and filters, Jinja2 filters and globals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import liquid
from liquid.tag import Tag

from .liquid.tags.markup import inline_tag

if TYPE_CHECKING:
    import jinja2
    from liquid.context import RenderContext


class TemplateRegistry:
    """Collects template extensions; the renderer applies them to each engine it makes."""

    def __init__(self) -> None:
        self.liquid_tags: list[type[Tag]] = []
        self.liquid_filters: dict[str, Callable[..., Any]] = {}
        self.jinja_filters: dict[str, Callable[..., Any]] = {}
        self.jinja_globals: dict[str, Any] = {}

    def liquid_tag(self, tag: type[Tag]) -> None:
        """Add a python-liquid tag class (``name`` names the tag)."""
        self.liquid_tags.append(tag)

    def liquid_inline_tag(self, name: str, render: Callable[[RenderContext, str], str]) -> None:
        """Add ``{% name markup %}`` whose output is ``render(context, markup)``."""
        self.liquid_tags.append(inline_tag(name, render))

    def liquid_filter(self, name: str, func: Callable[..., Any]) -> None:
        """Add a Liquid filter: ``func(value, *args)``."""
        self.liquid_filters[name] = func

    def jinja_filter(self, name: str, func: Callable[..., Any]) -> None:
        """Add a Jinja2 filter (it wins over a built-in of the same name)."""
        self.jinja_filters[name] = func

    def jinja_global(self, name: str, value: Any) -> None:
        """Add a name every Jinja2 layout sees."""
        self.jinja_globals[name] = value

    def filter(self, name: str, func: Callable[..., Any]) -> None:
        """Add a filter to both engines."""
        self.liquid_filter(name, func)
        self.jinja_filter(name, func)

    def apply_liquid(self, env: liquid.Environment) -> None:
        """Install the Liquid extensions in an environment."""
        for tag in self.liquid_tags:
            env.add_tag(tag)
        env.filters.update(self.liquid_filters)

    def apply_jinja(self, env: jinja2.Environment) -> None:
        """Install the Jinja2 extensions in an environment."""
        env.filters.update(self.jinja_filters)
        env.globals.update(self.jinja_globals)
