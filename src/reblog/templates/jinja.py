"""Jinja2, reblog's native layout language: an environment that reads the site's includes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta



def make_jinja_environment(
    include_dirs: list[Path], filters: Mapping[str, Callable[..., Any]]
) -> jinja2.Environment:
    """A Jinja2 environment for layouts: Jinja's own filters, then Liquid's and Jekyll's others."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in include_dirs]),
        autoescape=False,  # Like Liquid: layouts insert HTML; escaping is explicit (| e).
        undefined=jinja2.ChainableUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"],
    )
    for name, func in {**_standard_liquid_filters(), **filters}.items():
        env.filters.setdefault(name, func)  # Jinja's builtins (sort, join...) keep their meaning
    return env


def _standard_liquid_filters() -> dict[str, Callable[..., Any]]:
    """Liquid's standard filters (``strip_html``, ``truncatewords``...) that need no context."""
    import liquid

    return {
        name: func for name, func in liquid.Environment().filters.items()
        if not getattr(func, "with_context", False) and not getattr(func, "with_environment", False)
    }


def referenced_files(env: jinja2.Environment, source: str) -> set[str]:
    """Every include file a Jinja2 template can load, followed through nested includes."""
    found: set[str] = set()
    pending = [source]
    while pending:
        ast = env.parse(pending.pop())
        for name in meta.find_referenced_templates(ast):
            if name is None:
                continue
            try:
                text, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                continue
            if filename and filename not in found:
                found.add(filename)
                pending.append(text)
    return found
