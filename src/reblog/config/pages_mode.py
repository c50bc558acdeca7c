"""GitHub Pages mode: ``github_pages: true`` builds as the github-pages gem (Jekyll 3.10) does.

The github-pages gem wraps the site's configuration in a "sandwich": its defaults under the
user's values, its overrides over them (``GitHubPages::Configuration.effective_config``). This
module applies the same to reblog's merged configuration. Because that configuration already
holds Jekyll's defaults, a key still equal to Jekyll's default is taken as unset by the user.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .defaults import DEFAULTS, deep_merge
from .model import Settings

# github-pages 232 (Jekyll 3.10.0): GitHubPages::Plugins::DEFAULT_PLUGINS.
DEFAULT_PLUGINS = (
    "jekyll-coffeescript", "jekyll-commonmark-ghpages", "jekyll-gist", "jekyll-github-metadata",
    "jekyll-paginate", "jekyll-relative-links", "jekyll-optional-front-matter",
    "jekyll-readme-index", "jekyll-default-layout", "jekyll-titles-from-headings",
)
# GitHubPages::Plugins::PLUGIN_WHITELIST: in safe mode no other plugin loads.
PLUGIN_WHITELIST = frozenset({
    "jekyll-coffeescript", "jekyll-commonmark-ghpages", "jekyll-feed", "jekyll-gist",
    "jekyll-github-metadata", "jekyll-paginate", "jekyll-redirect-from", "jekyll-seo-tag",
    "jekyll-sitemap", "jekyll-avatar", "jemoji", "jekyll-mentions", "jekyll-relative-links",
    "jekyll-optional-front-matter", "jekyll-readme-index", "jekyll-default-layout",
    "jekyll-titles-from-headings", "jekyll-include-cache", "jekyll-octicons",
    "jekyll-remote-theme",
})
# Default plugins reblog does not implement (the CommonMark converter): left out rather than
# warned about on every build.
_NOT_IMPLEMENTED_DEFAULTS = frozenset({"jekyll-commonmark-ghpages"})

# Configuration::DEFAULTS merged with PRODUCTION_DEFAULTS (Pages builds in production).
PAGES_DEFAULTS: Mapping[str, Any] = {
    "future": True,
    "theme": "jekyll-theme-primer",
    "markdown": "kramdown",
    "kramdown": {
        "input": "GFM",
        "hard_wrap": False,
        "gfm_quirks": "paragraph_end",
        "syntax_highlighter_opts": {"default_lang": "plaintext"},
    },
    "sass": {"style": "compressed"},
}
# Configuration::OVERRIDES: set whatever the user wrote.
PAGES_OVERRIDES: Mapping[str, Any] = {
    "lsi": False,
    "safe": True,
    "highlighter": "rouge",
    "kramdown": {"template": "", "math_engine": "mathjax", "syntax_highlighter": "rouge"},
    "gist": {"noscript": False},
}


def _unset(config: Mapping[str, Any], key: str) -> bool:
    """Whether the user left ``key`` at Jekyll's default (or did not write it)."""
    return key not in config or (key in DEFAULTS and config[key] == DEFAULTS[key])


def pages_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The effective configuration GitHub Pages would build ``config`` with."""
    result = copy.deepcopy(dict(config))
    for key, value in PAGES_DEFAULTS.items():
        if isinstance(value, Mapping):
            result[key] = deep_merge(value, dict(result.get(key) or {}))
        elif _unset(config, key):
            result[key] = copy.deepcopy(value)
    if "theme" in config and config["theme"] is None:
        result["theme"] = None  # "theme: null" switches the default theme off
    if not config.get("exclude"):
        result["exclude"] = ["CNAME"]  # only when the user's exclude is Jekyll's default
    result = deep_merge(result, PAGES_OVERRIDES)
    if str(result.get("markdown", "")).lower() not in ("kramdown", "gfm", "commonmarkghpages"):
        result["markdown"] = "kramdown"
    wanted = [str(p) for p in result.get("plugins") or []]
    wanted += [p for p in DEFAULT_PLUGINS if p not in wanted and p not in _NOT_IMPLEMENTED_DEFAULTS]
    result["plugins"] = [p for p in wanted if p in PLUGIN_WHITELIST]
    return result


def link_baseurl(settings: Settings) -> str:
    """What ``{% link %}`` and ``{% post_url %}`` put before a URL.

    Jekyll 4 prepends ``baseurl``; Jekyll 3.10, which GitHub Pages runs, does not.
    """
    return "" if settings.github_pages else settings.baseurl
