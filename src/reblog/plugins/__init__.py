"""Built-in versions of the Jekyll plugins GitHub Pages users list under ``plugins:``.

Each plugin is a small object with optional hooks; the build calls them at fixed points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..log import Logger
from ..model import Site


class Plugin(Protocol):
    """What a plugin may implement (all hooks optional)."""

    name: str


@dataclass(frozen=True)
class PluginSpec:
    """A known plugin: the names it answers to and how to make it."""

    names: tuple[str, ...]
    factory: Callable[[], Any]


def _specs() -> list[PluginSpec]:
    from . import tag_pages

    specs = [PluginSpec(("reblog-tag-pages",), tag_pages.TagPages)]
    for module_name, names in (
        ("paginate", ("jekyll-paginate",)),
        ("feed", ("jekyll-feed",)),
        ("relative_links", ("jekyll-relative-links",)),
        ("sitemap", ("jekyll-sitemap",)),
        ("seo", ("jekyll-seo-tag",)),
    ):
        try:
            module = __import__(f"{__name__}.{module_name}", fromlist=["PLUGIN"])
        except ImportError:
            continue
        specs.append(PluginSpec(names, module.PLUGIN))
    return specs


def enabled_plugins(site: Site, log: Logger) -> list[Any]:
    """The plugins the site asks for (and those reblog turns on itself); warns on unknown ones."""
    wanted: Sequence[str] = [str(p) for p in site.config.get("plugins") or []]
    specs = _specs()
    by_name = {name: spec for spec in specs for name in spec.names}
    plugins: list[Any] = []
    for name in wanted:
        spec = by_name.get(name)
        if spec is None:
            log.warn(f"plugin {name!r} is not available in reblog; building without it")
            continue
        plugins.append(spec.factory())
    if site.config.get("tag_pages"):
        plugins.append(by_name["reblog-tag-pages"].factory())
    return plugins


def call_hook(plugins: Sequence[Any], hook: str, *args: Any) -> None:
    """Call ``hook`` on every plugin that has it, in order."""
    for plugin in plugins:
        method = getattr(plugin, hook, None)
        if method is not None:
            method(*args)
