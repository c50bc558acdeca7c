"""jekyll-include-cache 0.2.1: ``{% include_cached %}``, an include rendered once per file and values."""

from __future__ import annotations

from collections.abc import Hashable
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO

from liquid.exceptions import LiquidError

from ..templates.liquid.tags.markup import read_markup, render_markup, state_of
from ..templates.liquid.tags.include import IncludeNode, IncludeTag, split_markup
from .api import Plugin, PluginContext, TemplateRegistry

if TYPE_CHECKING:
    from liquid.ast import Node
    from liquid.context import RenderContext
    from liquid.stream import TokenStream
    from liquid.token import Token


def _value_key(value: Any) -> Hashable:
    """What the plugin hashes for a parameter: a document by identity, anything else by value."""
    if isinstance(value, dict):
        return ("dict", tuple((str(k), _value_key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(_value_key(v) for v in value))
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    if getattr(type(value), "__hash__", None) is object.__hash__:
        return ("id", id(value))  # drops and views: the same object means the same document
    return (type(value).__name__, value)


class CachedIncludeNode(IncludeNode):
    """An include whose output is kept for the rest of the build, keyed by file and values."""

    __slots__ = ("cache",)

    def __init__(self, token: Token, file: str, params: str, cache: dict[Hashable, str]) -> None:
        super().__init__(token, file, params, relative=False)
        self.cache = cache

    def __str__(self) -> str:
        return f"{{% include_cached {self.file} {self.params} %}}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the cached output, rendering it the first time."""
        name = render_markup(context, self.file).strip()
        try:
            path = self._locate(state_of(context), name)
        except LiquidError:
            return super().render_to_output(context, buffer)  # the include's own error
        # Jekyll's tag has parameters (maybe none) whenever the file name is a variable, and
        # an empty parameter set is a different key from none at all.
        has_params = bool(self.params.strip()) or "{{" in self.file
        params = self._params(context) if has_params else None
        # The plugin hashes the parameter values in key order, not the keys themselves.
        values = None if params is None else tuple(
            _value_key(params[k]) for k in sorted(params)
        )
        key = (str(path), values)
        cached = self.cache.get(key)
        if cached is None:
            out = StringIO()
            super().render_to_output(context, out)
            cached = self.cache[key] = out.getvalue()
        else:
            state_of(context).record(str(path))
        return buffer.write(cached)


def cached_include_tag(cache: dict[Hashable, str]) -> type[IncludeTag]:
    """The ``include_cached`` tag class bound to one build's cache."""

    class IncludeCachedTag(IncludeTag):
        name = "include_cached"

        def parse(self, stream: TokenStream) -> Node:
            token, markup = read_markup(stream)
            file, params = split_markup(markup)
            if not file:
                raise LiquidError("include_cached tag needs a file name", token=token)
            return CachedIncludeNode(token, file, params, cache)

    return IncludeCachedTag


class IncludeCache(Plugin):
    """The jekyll-include-cache tag; one cache per build, as the plugin resets it before rendering."""

    name = "jekyll-include-cache"

    def __init__(self) -> None:
        self.cache: dict[Hashable, str] = {}

    def register_templates(self, templates: TemplateRegistry, context: PluginContext) -> None:
        """Add ``{% include_cached %}``."""
        templates.liquid_tag(cached_include_tag(self.cache))
