"""Jinja2, reblog's native layout language: an environment that reads the site's includes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2



class _IncludeLoader(jinja2.FileSystemLoader):
    """Loads Jinja includes from the site's folders, then the theme's, noting what was used."""

    def __init__(self, folders: list[Path]) -> None:
        super().__init__([str(f) for f in folders])
        self.used: set[str] = set()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        if filename:
            self.used.add(filename)
        return source, filename, uptodate


def make_jinja_environment(
    include_dirs: list[Path], filters: Mapping[str, Callable[..., Any]]
) -> jinja2.Environment:
    """A Jinja2 environment for layouts: Jekyll's filters where Jinja has none of that name."""
    env = jinja2.Environment(
        loader=_IncludeLoader(include_dirs),
        autoescape=False,  # Like Liquid: layouts insert HTML; escaping is explicit (| e).
        undefined=jinja2.ChainableUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
    )
    for name, func in {**_standard_liquid_filters(), **filters}.items():
        env.filters.setdefault(name, func)
    for name in ("date", "relative_url", "absolute_url", "where", "slugify"):
        if name in filters:
            env.filters[name] = filters[name]
    return env


def _standard_liquid_filters() -> dict[str, Callable[..., Any]]:
    """Liquid's standard filters (``strip_html``, ``truncatewords``...) that need no context."""
    import liquid

    return {
        name: func for name, func in liquid.Environment().filters.items()
        if not getattr(func, "with_context", False) and not getattr(func, "with_environment", False)
    }


def used_includes(env: jinja2.Environment) -> set[str]:
    """The include files Jinja has loaded so far."""
    loader = env.loader
    return set(loader.used) if isinstance(loader, _IncludeLoader) else set()
