"""URLs as Jekyll makes them: permalink styles and placeholders, slugify, site-relative URLs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

# Jekyll's named permalink styles (Configuration#style_to_permalink).
PERMALINK_STYLES: Mapping[str, str] = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

_SLUG_PATTERNS: Mapping[str, re.Pattern[str]] = {
    "raw": re.compile(r"\s+"),
    "default": re.compile(r"[^\w]+|_+"),
    "pretty": re.compile(r"[^\w._~!$&'()+,;=@]+"),
    "ascii": re.compile(r"[^A-Za-z0-9]+"),
    "latin": re.compile(r"[^A-Za-z0-9]+"),
}
_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def _slug_chars(text: str, mode: str) -> str:
    """Replace runs of characters the mode does not keep with one hyphen."""
    if mode in ("default", "pretty"):
        # Jekyll keeps \p{M}\p{L}\p{Nd} (and pretty's punctuation); Python's \w also keeps
        # other numbers and the underscore, so those are folded explicitly.
        keep = _SLUG_PATTERNS[mode]
        out = keep.sub("-", text)
        return "".join(
            "-" if (unicodedata.category(c)[0] == "N" and unicodedata.category(c) != "Nd") else c
            for c in out
        )
    return _SLUG_PATTERNS[mode].sub("-", text)


def slugify(text: Any, mode: str | None = None, cased: bool = False) -> str | None:
    """Jekyll's Utils.slugify: modes raw, default, pretty, ascii, latin; others only downcase."""
    if text is None:
        return None
    string = str(text)
    mode = mode or "default"
    if mode not in _SLUG_PATTERNS:
        return string if cased else string.lower()
    if mode == "latin":
        # I18n.transliterate: drop accents; characters with no Latin form become "?".
        decomposed = unicodedata.normalize("NFKD", string)
        string = "".join(
            c if ord(c) < 128 else ("" if unicodedata.combining(c) else "?") for c in decomposed
        )
    slug = _slug_chars(string, mode)
    slug = re.sub(r"-+", "-", slug) if mode != "raw" else slug
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()


def titleize_slug(slug: str) -> str:
    """Jekyll's titleize_slug: ``my-first-post`` -> ``My First Post``."""
    return " ".join(part[:1].upper() + part[1:].lower() for part in slug.split("-"))


def permalink_template(style: str) -> str:
    """The template for a named style, or the custom template itself."""
    return PERMALINK_STYLES.get(str(style), str(style))


def add_permalink_suffix(template: str, style: str) -> str:
    """Give a base template the ending (``/`` or ``:output_ext``) the site's style uses."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none"):  # not weekdate: Jekyll leaves it out too
        return template + ":output_ext"
    if style.endswith("/"):
        template += "/"
    if style.endswith(":output_ext"):
        template += ":output_ext"
    return template


def escape_path(path: str) -> str:
    """Percent-encode a URL path part the way Jekyll's URL.escape_path does."""
    if not path or _SAFE_PATH.match(path):
        return path
    return quote(path, safe="/!$&'()*+,;=:@-._~").replace("#", "%23", 1)


def sanitize_url(url: str) -> str:
    """Jekyll's URL#sanitize_url: no ``..``, no ``./``, no doubled slashes, leading slash."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def fill_template(template: str, placeholders: Mapping[str, Any]) -> str:
    """Replace ``:name`` placeholders from a document (Jekyll's generate_url_from_drop)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        for key in pool:
            if key in placeholders:
                value = placeholders[key]
                rest = name[len(key):]
                return escape_path("" if value is None else str(value)) + rest
        raise KeyError(name)

    return sanitize_url(_PLACEHOLDER.sub(replace, template))


def fill_page_template(template: str, placeholders: Mapping[str, str | None]) -> str:
    """Replace placeholders for a page (Jekyll's generate_url_from_hash: in order, nil drops)."""
    result = template
    for key, value in placeholders.items():
        if ":" not in result:
            break
        if value is None:
            result = result.replace(f"/:{key}", "")
        else:
            result = result.replace(f":{key}", escape_path(value))
    return sanitize_url(result)


def date_placeholders(date: datetime) -> dict[str, str]:
    """The date parts a permalink can use (Jekyll's UrlDrop)."""
    iso = date.isocalendar()
    return {
        "year": date.strftime("%Y"),
        "month": date.strftime("%m"),
        "day": date.strftime("%d"),
        "hour": date.strftime("%H"),
        "minute": date.strftime("%M"),
        "second": date.strftime("%S"),
        "i_day": str(date.day),
        "i_month": str(date.month),
        "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"),
        "short_year": date.strftime("%y"),
        "w_year": str(iso[0]),
        "week": f"{iso[1]:02d}",
        "w_day": str(iso[2]),
        "short_day": date.strftime("%a"),
        "long_day": date.strftime("%A"),
        "y_day": date.strftime("%j"),
    }


def unescape_path(path: str) -> str:
    """Decode a URL path into a file path (Jekyll's URL.unescape_path)."""
    from urllib.parse import unquote

    return unquote(path) if "%" in path else path
