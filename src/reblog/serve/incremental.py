"""Incremental rebuilds for ``reblog serve``: the last good build is kept in memory.

The comparison and the render pass live in ``reblog.incremental``, which the build cache shares,
so a serve rebuild and a cached ``reblog build`` decide what to render again the same way.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The build's own stages are reused so a serve build cannot drift from ``reblog build``.
from ..build import BuildOptions, finish, prepare
from ..incremental import (  # noqa: F401 - re-exported for callers of the serve module
    DocState, Plan, Snapshot, doc_key, plan_changes, render_pass, take_fingerprints,
)
from ..log import Logger
from ..model import Site
from ..writer import Output


@dataclass
class Rebuild:
    """The outcome of one (full or incremental) build, before it is written."""

    site: Site
    output: Output
    rendered: set[str] = field(default_factory=set)   # output paths rendered this time
    full: bool = True
    seconds: float = 0.0
    dependencies: dict[str, set[str]] = field(default_factory=dict)


class IncrementalBuilder:
    """Builds a site again and again, re-rendering only what a change can affect."""

    def __init__(self, options: BuildOptions, log: Logger) -> None:
        self.options = options
        self.log = log
        self.snapshot: Snapshot | None = None
        self.memo: dict[str, Any] = {}  # kept between builds (see Site.memo)

    def build(self, changed: Iterable[Path] | None = None) -> Rebuild:
        """Build; ``changed`` names the files changed since the last good build (None: unknown, full)."""
        started = time.perf_counter()
        prepared = prepare(self.options, self.log, memo=self.memo)
        site = prepared.site
        fp = take_fingerprints(site)
        plan = plan_changes(site, self.snapshot, changed, fp)
        result = render_pass(site, prepared.renderer, fp, self.snapshot, plan)
        if prepared.images:
            for rel, text in result.output.files.items():
                prepared.images.page_rendered(rel, str(text))
        finish(prepared, result.output)
        self.snapshot = Snapshot(result.states, fp.site_prints, fp.layouts)
        return Rebuild(
            site, result.output, result.rendered, plan is None, time.perf_counter() - started,
            result.dependencies,
        )
