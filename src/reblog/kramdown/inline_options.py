"""kramdown's ``{::options key="value" /}`` extension: options set inside the document.

kramdown (``handle_extension`` in ``parser/kramdown/extensions.rb``) stores each known option in
the parser's options, where the parser reads it from that point on (``parse_block_html``,
``parse_span_html``, ``html_to_native``), and in the root's options, which the converter merges
into its own for the whole document (``footnote_nr``, ``syntax_highlighter_opts``..: the last
value set wins, whatever its place).  ``template`` may not be set inline.

Here the parser options live in the markdown-it ``env`` (block rules read them as the blocks are
tokenized; span rules when the paragraph that follows is parsed), and the renderer renders the
document again with the converter options when any was set (see ``MarkdownRenderer.render``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, MutableMapping
from typing import Any

import yaml

from reblog.config.model import KramdownSettings
from reblog.config.parse import kramdown_settings
from reblog.errors import ReblogError

# env keys: the current parser options, and every option set inline (name -> value).
PARSE_BLOCK_HTML_KEY = "kramdown_parse_block_html"
PARSE_SPAN_HTML_KEY = "kramdown_parse_span_html"
HTML_TO_NATIVE_KEY = "kramdown_html_to_native"
SET_OPTIONS_KEY = "kramdown_inline_options"
# env key: the token level of the inline content being parsed (its depth in kramdown's tree).
INLINE_LEVEL_KEY = "kramdown_inline_level"

# Parser options read positionally from env (name -> env key).
PARSER_OPTIONS: Mapping[str, str] = {
    "parse_block_html": PARSE_BLOCK_HTML_KEY,
    "parse_span_html": PARSE_SPAN_HTML_KEY,
    "html_to_native": HTML_TO_NATIVE_KEY,
}

# kramdown's option types (Kramdown::Options definitions; kramdown-parser-gfm's hard_wrap and
# gfm_quirks); an option not named here is unknown to kramdown and ignored with a warning.
_BOOLEAN = frozenset(
    "auto_ids auto_id_stripping transliterated_header_ids parse_block_html parse_span_html "
    "html_to_native remove_block_html_tags remove_span_html_tags footnote_backlink_inline "
    "remove_line_breaks_for_cjk hard_wrap gfm_emojis".split()
)
_INTEGER = frozenset("footnote_nr line_width header_offset list_indent".split())
_STRING = frozenset(
    "auto_id_prefix footnote_backlink footnote_prefix entity_output syntax_highlighter math_engine "
    "gfm_emoji_opts".split()
)
_OBJECT = frozenset(
    "link_defs toc_levels latex_headers smart_quotes typographic_symbols syntax_highlighter_opts "
    "math_engine_opts gfm_quirks".split()
)
_FORBIDDEN = frozenset({"template", "forbidden_inline_options"})

# kramdown's attribute list: key="value" or key='value' (``\}`` and the quote escaped).
_ATTR_RE = re.compile(r"""([^\s.#="'{}]+)=(?:"((?:\\.|[^"])*)"|'((?:\\.|[^'])*)')""")


def _value(name: str, raw: str) -> tuple[bool, Any]:
    """kramdown's ``Options.parse`` of a string: (valid, value)."""
    if name in _BOOLEAN:
        return True, raw.strip().lower() != "false" and raw != ""
    if name in _INTEGER:
        try:
            return True, int(raw.strip())
        except ValueError:
            return False, None  # kramdown rescues the error: the option is left unchanged
    if name in _STRING:
        return True, raw
    try:
        return True, yaml.safe_load(raw)
    except yaml.YAMLError:
        return False, None


def set_inline_options(env: MutableMapping[str, Any], attrs: str | None) -> dict[str, Any]:
    """Apply ``{::options ...}``'s attributes: parser options at once, every one recorded;
    return the options it sets."""
    recorded: dict[str, Any] = env.setdefault(SET_OPTIONS_KEY, {})
    own: dict[str, Any] = {}
    for match in _ATTR_RE.finditer(attrs or ""):
        name = match[1]
        if name in _FORBIDDEN or name not in _BOOLEAN | _INTEGER | _STRING | _OBJECT:
            continue
        raw = re.sub(r"\\(.)", r"\1", match[2] if match[2] is not None else match[3])
        valid, value = _value(name, raw)
        if not valid:
            continue
        recorded[name] = own[name] = value
        if name in PARSER_OPTIONS:
            env[PARSER_OPTIONS[name]] = value
    return own


def apply_span_options(env: MutableMapping[str, Any], own: Mapping[str, Any]) -> None:
    """Set the span parser's options from a block-level ``{::options}`` (met again in document
    order when the spans are parsed, after every block)."""
    for name in ("parse_span_html", "html_to_native"):
        if name in own:
            env[PARSER_OPTIONS[name]] = own[name]


def converter_options(env: Mapping[str, Any]) -> dict[str, Any]:
    """The options set inline that change the conversion of the whole document."""
    recorded: Mapping[str, Any] = env.get(SET_OPTIONS_KEY) or {}
    return {k: v for k, v in recorded.items() if k not in PARSER_OPTIONS}


# The settings fields each converter option sets (reblog.config.model.KramdownSettings).
_FIELDS: Mapping[str, tuple[str, ...]] = {
    "auto_ids": ("auto_ids",),
    "auto_id_prefix": ("auto_id_prefix",),
    "hard_wrap": ("hard_wrap",),
    "smart_quotes": ("smart_quotes",),
    "footnote_prefix": ("footnote_prefix",),
    "footnote_backlink": ("footnote_backlink",),
    "footnote_backlink_inline": ("footnote_backlink_inline",),
    "footnote_nr": ("footnote_nr",),
    "entity_output": ("entity_output",),
    "toc_levels": ("toc_levels",),
    "header_offset": ("header_offset",),
    "math_engine": ("math_engine",),
    "typographic_symbols": ("symbol_texts",),
    "gfm_quirks": ("typographic_symbols",),
    "syntax_highlighter": ("highlighter",),
    "syntax_highlighter_opts": (
        "default_lang",
        "css_class",
        "span_default_lang",
        "span_disable",
        "block_default_lang",
        "block_disable",
        "block_line_numbers",
        "block_start_line",
        "block_formatter",
    ),
}


def with_inline_options(settings: KramdownSettings, overrides: Mapping[str, Any]) -> KramdownSettings:
    """``settings`` with the converter options a document sets (kramdown merges them over the
    configured ones; a ``syntax_highlighter_opts`` hash replaces the configured one whole, Jekyll's
    default_lang and guess_lang included).  Values kramdown could not use leave the settings."""
    try:
        parsed = kramdown_settings({"kramdown": dict(overrides)})
    except ReblogError:
        return settings
    fields = {f: getattr(parsed, f) for name in overrides for f in _FIELDS.get(name, ())}
    if "syntax_highlighter_opts" in overrides:
        opts = overrides["syntax_highlighter_opts"]
        opts = opts if isinstance(opts, Mapping) else {}
        fields["default_lang"] = str(opts.get("default_lang") or "")
        fields["guess_lang"] = bool(opts.get("guess_lang", False))
    return dataclasses.replace(settings, **fields)
