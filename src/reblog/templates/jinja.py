"""Jinja2, reblog's native layout language: an environment that reads the site's includes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2


class RecordingEnvironment(jinja2.Environment):
    """A Jinja2 environment that notes every template file a render loads, as it loads it.

    ``{% include %}``, ``{% extends %}`` and ``{% import %}`` all load through ``get_template``
    or ``select_template``, with static names and computed ones (``{% include page.widget %}``)
    alike, so what a render read is known from the render itself, as Liquid's include tag
    records it: nothing is guessed from the template's text.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._records: list[set[str]] = []

    @contextmanager
    def recording(self, into: set[str]) -> Iterator[set[str]]:
        """Note the files loaded while the block runs in ``into``."""
        self._records.append(into)
        try:
            yield into
        finally:
            self._records.pop()

    def _note(self, template: jinja2.Template) -> jinja2.Template:
        if self._records and template.filename:
            self._records[-1].add(template.filename)
        return template

    def get_template(
        self, name: str | jinja2.Template, parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """Load a template, noting its file."""
        return self._note(super().get_template(name, parent, globals))

    def select_template(
        self, names: Iterable[str | jinja2.Template], parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """Load the first of several templates that exists, noting its file."""
        return self._note(super().select_template(names, parent, globals))


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader that never follows a symlink out of the includes folder it searched."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, unless its real file lies outside every includes folder."""
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        roots = [os.path.realpath(folder) for folder in self.searchpath]
        if not any(real == root or real.startswith(root + os.sep) for root in roots):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def make_jinja_environment(
    include_dirs: list[Path], filters: Mapping[str, Callable[..., Any]]
) -> RecordingEnvironment:
    """A Jinja2 environment for layouts: Jinja's own filters, then Liquid's and Jekyll's others."""
    env = RecordingEnvironment(
        loader=_ConfinedLoader([str(f) for f in include_dirs]),
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
