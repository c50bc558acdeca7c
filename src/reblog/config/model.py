"""The typed configuration: one frozen dataclass per section of ``_config.yml``.

``config/parse.py`` builds them from the merged configuration mapping. The raw mapping stays
beside them only where Jekyll's semantics need it: Liquid's ``site`` variables (every key of
``_config.yml`` is one) and the free-form options of plugins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

# Jekyll 4.3's default (Configuration::DEFAULTS["markdown_ext"]).
MARKDOWN_EXTS = (".markdown", ".mkdown", ".mkdn", ".mkd", ".md")


@dataclass(frozen=True)
class LiquidSettings:
    """``liquid:``: how Liquid reports errors, and reblog's resource limits."""

    error_mode: str = "warn"           # "warn", "strict" or "lax" (anything else: warn)
    strict_filters: bool = False
    strict_variables: bool = False
    max_loop_iterations: int | None = None   # None: the engine's default limit
    max_output_bytes: int | None = None


@dataclass(frozen=True)
class SassSettings:
    """``sass:``: jekyll-sass-converter's options."""

    sass_dir: str = "_sass"
    load_paths: tuple[str, ...] = ()
    style: str = "compact"             # nested, expanded, compact or compressed
    implementation: str | None = None  # "sassc" or "sass-embedded" when one is asked for


@dataclass(frozen=True)
class HighlightSettings:
    """``highlighter:``: the code highlighter (Rouge; "none" switches highlighting off)."""

    highlighter: str | None = "rouge"


@dataclass(frozen=True)
class PaginationSettings:
    """jekyll-paginate's ``paginate:`` (posts per page; None: off) and ``paginate_path:``."""

    per_page: int | None = None
    path: str = "/page:num"


@dataclass(frozen=True)
class Settings:
    """The core site settings (Jekyll 4.3's Configuration::DEFAULTS) and every typed section."""

    source: Path
    destination: Path
    collections_dir: str = ""
    plugins_dirs: tuple[str, ...] = ("_plugins",)   # ``plugins_dir``: one folder or a list
    layouts_dir: str = "_layouts"
    data_dir: str = "_data"
    includes_dir: str = "_includes"
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    keep_files: tuple[str, ...] = (".git", ".svn")
    encoding: str = "utf-8"
    markdown_exts: tuple[str, ...] = MARKDOWN_EXTS   # lower case, with the dot
    timezone: str | None = None
    time: datetime | None = None       # ``site.time`` pinned by ``time:`` or SOURCE_DATE_EPOCH
    future: bool = False
    unpublished: bool = False
    show_drafts: bool = False
    limit_posts: int = 0
    permalink: str = "date"
    baseurl: str = ""
    url: str = ""
    safe: bool = False
    strict: bool = False               # reblog's ``strict: true``: every Jekyll warning is an error
    strict_front_matter: bool = False
    require_front_matter: bool = False  # jekyll-optional-front-matter's switch
    excerpt_separator: str = "\n\n"
    plugins: tuple[str, ...] = ()
    whitelist: tuple[str, ...] = ()
    github_pages: bool = False
    tag_pages: bool = False            # reblog's tag pages for its built-in theme
    # Front matter defaults: free-form ``values`` under each ``scope``, as Jekyll keeps them.
    defaults: tuple[Mapping[str, Any], ...] = ()
    # Collection label -> its metadata (free-form: every key shows in ``site.collections``).
    collections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    liquid: LiquidSettings = LiquidSettings()
    sass: SassSettings = SassSettings()
    highlighting: HighlightSettings = HighlightSettings()
    pagination: PaginationSettings = PaginationSettings()
