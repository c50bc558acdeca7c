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
    # Jekyll runs generators by priority (highest first); plugins of one priority keep the
    # order of ``plugins:``. 0 is :normal, -10 :low, -20 :lowest.
    priority: int = 0


def _specs() -> list[PluginSpec]:
    from . import tag_pages

    specs = [PluginSpec(("reblog-tag-pages",), tag_pages.TagPages)]
    for module_name, names, priority in (
        ("paginate", ("jekyll-paginate",), -20),
        ("feed", ("jekyll-feed",), -20),
        ("relative_links", ("jekyll-relative-links",), -20),
        ("sitemap", ("jekyll-sitemap",), -20),
        ("seo", ("jekyll-seo-tag",), 0),
        ("redirect_from", ("jekyll-redirect-from",), 0),
        ("optional_front_matter", ("jekyll-optional-front-matter",), 0),
        ("readme_index", ("jekyll-readme-index",), -10),
        ("titles_from_headings", ("jekyll-titles-from-headings",), -20),
        ("default_layout", ("jekyll-default-layout",), -20),
        ("include_cache", ("jekyll-include-cache",), 0),
        ("jemoji", ("jemoji",), 0),
        ("mentions", ("jekyll-mentions",), 0),
        ("github_metadata", ("jekyll-github-metadata",), 0),
    ):
        try:
            module = __import__(f"{__name__}.{module_name}", fromlist=["PLUGIN"])
        except ImportError:
            continue
        specs.append(PluginSpec(names, module.PLUGIN, priority))
    return specs


def enabled_plugins(site: Site, log: Logger) -> list[Any]:
    """The plugins the site asks for (and those reblog turns on itself); warns on unknown ones."""
    wanted: Sequence[str] = [str(p) for p in site.config.get("plugins") or []]
    specs = _specs()
    by_name = {name: spec for spec in specs for name in spec.names}
    chosen: list[PluginSpec] = []
    for name in wanted:
        spec = by_name.get(name)
        if spec is None:
            log.warn(f"plugin {name!r} is not available in reblog; building without it")
            continue
        if spec not in chosen:  # a plugin listed twice still runs once
            chosen.append(spec)
    chosen.sort(key=lambda spec: -spec.priority)  # stable: equal priorities keep list order
    plugins: list[Any] = [spec.factory() for spec in chosen]
    if site.config.get("tag_pages"):
        plugins.append(by_name["reblog-tag-pages"].factory())
    return plugins


def call_hook(plugins: Sequence[Any], hook: str, *args: Any) -> None:
    """Call ``hook`` on every plugin that has it, in order."""
    for plugin in plugins:
        method = getattr(plugin, hook, None)
        if method is not None:
            method(*args)
