"""Jekyll 4.3 Liquid filters as plain Python callables for python-liquid and Jinja2."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from ...config.model import Settings
from ...sitetime import watched_filter
from . import arrays, dates, standard, strings, urls
from .ruby import inspect as ruby_inspect
from .ruby import to_liquid_str, to_s

__all__ = ["FilterSite", "date_filters", "jekyll_filters", "jinja_filters", "ruby_inspect", "to_liquid_str", "to_s"]


class FilterSite(Protocol):
    """What the filters need from the site being built."""

    settings: Settings
    config: Mapping[str, Any]   # as written: the social card filter's site title and date format
    urls: urls.SiteUrls         # relative_url and absolute_url, remembered for the build

    def markdownify(self, text: str) -> str: ...

    def smartify(self, text: str) -> str: ...

    def scssify(self, text: str) -> str: ...

    def sassify(self, text: str) -> str: ...


def _converter(convert: Callable[[str], str]) -> Callable[[Any], str]:
    """Wrap a site converter so nil/numbers are stringified like Ruby's `to_s`."""

    def apply(value: Any) -> str:
        return convert(to_s(value))

    return apply


def _site_bound(site: FilterSite) -> dict[str, Callable[..., Any]]:
    """Filters that need the site: URLs (``baseurl``, ``url``) and dates (site timezone)."""
    settings = site.settings
    return {
        "relative_url": site.urls.relative_url,
        "absolute_url": site.urls.absolute_url,
        **date_filters(settings),
        "where": arrays.remembering_where(),   # (its memory lasts one build)
        "sort": arrays.remembering_sort(),
        "markdownify": _converter(site.markdownify),
        "smartify": _converter(site.smartify),
        "sassify": _converter(site.sassify),
        "scssify": _converter(site.scssify),
        "social_card": _social_card(settings, site.config),
    }


def date_filters(settings: Settings) -> dict[str, Callable[..., Any]]:
    """The date filters (site timezone): what site.time observations are evaluated again with."""
    zone = dates.local_zone(settings.timezone)
    # Given site.time, a date filter's result is what the page derived from it (reblog.sitetime).
    return {
        name: watched_filter(name, functools.partial(func, zone=zone))
        for name, func in (
            ("date", dates.date), ("date_to_xmlschema", dates.date_to_xmlschema),
            ("date_to_rfc822", dates.date_to_rfc822), ("date_to_string", dates.date_to_string),
            ("date_to_long_string", dates.date_to_long_string),
        )
    }


def _social_card(site_settings: Settings, config: Mapping[str, Any]) -> Callable[[Any], str]:
    """``{{ page | social_card }}``: the page's generated preview card (site-relative URL), or ""."""
    settings: list[Any] = []   # worked out on first use: sites that never ask import no image code

    def social_card(page: Any) -> str:
        from ...images.cards import card_settings, card_url

        if not settings:
            settings.append(card_settings(site_settings, config))
        return card_url(page, settings[0])

    return social_card


_PURE_FILTERS: dict[str, Callable[..., Any]] = {
    "strip_index": urls.strip_index,
    "uri_escape": urls.uri_escape,
    "slugify": lambda value, mode=None: strings.slugify(value, mode),
    "xml_escape": strings.xml_escape,
    "cgi_escape": strings.cgi_escape,
    "normalize_whitespace": strings.normalize_whitespace,
    "number_of_words": strings.number_of_words,
    "array_to_sentence_string": strings.array_to_sentence_string,
    "jsonify": strings.jsonify,
    "inspect": strings.inspect,
    "to_integer": strings.to_integer,
    "find": arrays.find,
    "group_by": arrays.group_by,
    "pop": arrays.pop,
    "push": arrays.push,
    "shift": arrays.shift,
    "unshift": arrays.unshift,
    "sample": arrays.sample,
}


def jekyll_filters(site: FilterSite) -> dict[str, Callable[..., Any]]:
    """All Jekyll filters plus Ruby-Liquid-compatible overrides, keyed by filter name."""
    return {**standard.STANDARD_OVERRIDES, **_PURE_FILTERS, **_site_bound(site)}


def jinja_filters(site: FilterSite) -> dict[str, Callable[..., Any]]:
    """Jekyll filters for Jinja2 that do not shadow Jinja's own builtins (sort, join, ...)."""
    from jinja2.filters import FILTERS  # local: Liquid-only users need not import Jinja

    return {name: func for name, func in jekyll_filters(site).items() if name not in FILTERS}
