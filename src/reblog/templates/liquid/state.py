"""What Jekyll's tags need from the build while they render: passed in, never global."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


STATE_KEY = "__reblog__"


@dataclass
class PrintLog:
    """The ``{{ }}`` statements of one template's own output whose last filter, given ``site.time``,
    made one observation.

    ``times``: the render's observations (``RenderRecord.times``); ``found``: per statement its
    offset in the output, the text it printed, the index of its observation and the filter's
    name (``reblog.sitetime.final_prints`` decides which may be re-derived later).
    """

    times: list[str]
    found: list[tuple[int, str, int, str | None]] = field(default_factory=list)


@dataclass
class RenderState:
    """Per-render information for tags: the document, the site's indexes, a dependency log."""

    source: Path
    include_dirs: list[Path]
    url_index: Mapping[str, str]            # source-relative path -> URL, for {% link %}
    post_index: Mapping[str, str]           # post name (no ext, may have folders) -> source path
    baseurl: str
    highlight_tag: Callable[[str, str, bool], str]
    # Post names only Jekyll's deprecated matching finds (it warns "Deprecation: ...") -> source path
    post_index_deprecated: Mapping[str, str] = field(default_factory=dict)
    doc_relpath: str = ""
    doc_dir: Path | None = None
    dependencies: set[str] = field(default_factory=set)
    include_stack: list[str] = field(default_factory=list)

    def record(self, path: str) -> None:
        """Note that the output being rendered used this input file."""
        self.dependencies.add(path)
