"""URLs as Jekyll makes them: permalink styles and placeholders, slugify, site-relative URLs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
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

SLUGIFY_MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
_RUBY_WS_RUN = re.compile(r"[ \t\n\v\f\r]+")
_ASCII_RUN = re.compile(r"[^A-Za-z0-9]+")
# In ASCII text the word characters (\p{L}, \p{M}, \p{Nd}) are the letters and digits: one regex.
_ASCII_PRETTY_RUN = re.compile(r"[^A-Za-z0-9._~!$&'()+,;=@]+")

# I18n::Backend::Transliterator::HashTransliterator::DEFAULT_APPROXIMATIONS.
_LATIN_APPROXIMATIONS = dict(zip(
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿ"
    "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇň"
    "ŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž",
    "AAAAAACEEEEIIIIDNOOOOOxOUUUUYaaaaaaceeeeiiiidnoooooouuuuyy"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNn"
    "OoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz",
    strict=True,
))
_LATIN_APPROXIMATIONS.update({
    "Æ": "AE", "Þ": "Th", "ß": "ss", "æ": "ae", "þ": "th", "Ĳ": "IJ", "ĳ": "ij",
    "ŉ": "'n", "Ŋ": "NG", "ŋ": "ng", "Œ": "OE", "œ": "oe",
})

_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def _is_word_char(char: str) -> bool:
    # Jekyll keeps \p{M}, \p{L} and \p{Nd}; everything else is a separator.
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _replace_runs(text: str, keep: Any) -> str:
    out: list[str] = []
    in_run = False
    for char in text:
        if keep(char):
            out.append(char)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    return "".join(out)


def transliterate_latin(text: str) -> str:
    """I18n.transliterate with the default table: accents dropped, other non-ASCII -> "?"."""
    return "".join(c if ord(c) < 0x80 else _LATIN_APPROXIMATIONS.get(c, "?") for c in text)


def slugify(text: Any, mode: str | None = None, cased: bool = False) -> str | None:
    """Jekyll's ``Utils.slugify``: modes raw, default, pretty, ascii, latin; others only downcase.

    The one slugify: file names, permalinks, categories, tag pages and the ``slugify`` filter.
    """
    if text is None:
        return None
    string = str(text)
    mode = mode or "default"
    if mode not in SLUGIFY_MODES:
        return string if cased else string.lower()
    if mode == "latin":
        string = transliterate_latin(string)
    if mode == "raw":
        slug = _RUBY_WS_RUN.sub("-", string)
    elif mode == "ascii":
        slug = _ASCII_RUN.sub("-", string)
    elif mode == "pretty":
        slug = (_ASCII_PRETTY_RUN.sub("-", string) if string.isascii()
                else _replace_runs(string, lambda c: _is_word_char(c) or c in _PRETTY_KEEP))
    else:
        slug = _ASCII_RUN.sub("-", string) if string.isascii() else _replace_runs(string, _is_word_char)
    slug = re.sub(r"\A-|-\Z", "", slug)
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


_DATE_PARTS: dict[str, Callable[[datetime], str]] = {
    "year": lambda d: d.strftime("%Y"),
    "month": lambda d: d.strftime("%m"),
    "day": lambda d: d.strftime("%d"),
    "hour": lambda d: d.strftime("%H"),
    "minute": lambda d: d.strftime("%M"),
    "second": lambda d: d.strftime("%S"),
    "i_day": lambda d: str(d.day),
    "i_month": lambda d: str(d.month),
    "short_month": lambda d: d.strftime("%b"),
    "long_month": lambda d: d.strftime("%B"),
    "short_year": lambda d: d.strftime("%y"),
    "w_year": lambda d: str(d.isocalendar()[0]),
    "week": lambda d: f"{d.isocalendar()[1]:02d}",
    "w_day": lambda d: str(d.isocalendar()[2]),
    "short_day": lambda d: d.strftime("%a"),
    "long_day": lambda d: d.strftime("%A"),
    "y_day": lambda d: d.strftime("%j"),
}


class DatePlaceholders(Mapping[str, Any]):
    """A permalink's placeholders: ``fixed`` values, then the date parts of ``date`` (Jekyll's UrlDrop),
    each worked out when a template asks for it: a dateless document's date is ``site.time``,
    and a URL that shows none of it must not count as derived from it (``reblog.sitetime``)."""

    def __init__(self, date: datetime, fixed: Mapping[str, Any] | None = None) -> None:
        self.date = date
        self.fixed = fixed or {}

    def __getitem__(self, key: str) -> Any:
        if key in self.fixed:
            return self.fixed[key]
        return _DATE_PARTS[key](self.date)

    def __contains__(self, key: object) -> bool:
        return key in self.fixed or key in _DATE_PARTS

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self.fixed), **dict.fromkeys(_DATE_PARTS)})

    def __len__(self) -> int:
        return len(set(self.fixed) | set(_DATE_PARTS))


def date_placeholders(date: datetime, values: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """``values`` and the date parts a permalink can use (Jekyll's UrlDrop), worked out on use."""
    return DatePlaceholders(date, values)


def unescape_path(path: str) -> str:
    """Decode a URL path into a file path (Jekyll's URL.unescape_path)."""
    from urllib.parse import unquote

    return unquote(path) if "%" in path else path
