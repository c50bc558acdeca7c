"""Site configuration: Jekyll 4.3's defaults, ``_config.yml`` files merged in order, then flags."""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import ReblogError
from .yamlio import load_yaml

# Jekyll 4.3's Configuration::DEFAULTS, minus server-only keys that reblog handles in the CLI.
DEFAULTS: Mapping[str, Any] = {
    "source": ".",
    "destination": "_site",
    "collections_dir": "",
    "cache_dir": ".jekyll-cache",
    "plugins_dir": "_plugins",
    "layouts_dir": "_layouts",
    "data_dir": "_data",
    "includes_dir": "_includes",
    "collections": {},
    "safe": False,
    "include": [".htaccess"],
    "exclude": [],
    "keep_files": [".git", ".svn"],
    "encoding": "utf-8",
    "markdown_ext": "markdown,mkdown,mkdn,mkd,md",
    "strict_front_matter": False,
    "show_drafts": None,
    "limit_posts": 0,
    "future": False,
    "unpublished": False,
    "whitelist": [],
    "plugins": [],
    "markdown": "kramdown",
    "highlighter": "rouge",
    "lsi": False,
    "excerpt_separator": "\n\n",
    "incremental": False,
    "port": "4000",
    "host": "127.0.0.1",
    "baseurl": None,
    "show_dir_listing": False,
    "permalink": "date",
    "paginate_path": "/page:num",
    "timezone": None,
    "quiet": False,
    "verbose": False,
    "defaults": [],
    "liquid": {"error_mode": "warn", "strict_filters": False, "strict_variables": False},
    "kramdown": {
        "auto_ids": True,
        "toc_levels": [1, 2, 3, 4, 5, 6],
        "entity_output": "as_char",
        "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
        "input": "GFM",
        "hard_wrap": False,
        "guess_lang": True,
        "footnote_nr": 1,
        "show_warnings": False,
    },
}

# Jekyll adds these to every site's exclude list (Configuration#add_default_excludes).
DEFAULT_EXCLUDES = (
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
)

CONFIG_NAMES = ("_config.yml", "_config.yaml")


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``over`` into a copy of ``base``; nested mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_config_file(path: Path) -> dict[str, Any]:
    """Read one YAML config file; an empty file is an empty mapping."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise ReblogError("configuration file not found", str(path)) from err
    except UnicodeDecodeError as err:
        raise ReblogError("configuration file is not valid UTF-8", str(path)) from err
    data = load_yaml(text, str(path))
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ReblogError("configuration must be a mapping of keys to values", str(path), 1)
    return {str(k): v for k, v in data.items()}


def config_files(source: Path, names: Sequence[str] | None) -> list[Path]:
    """The config files to read: those named (relative to the cwd), else the source's own."""
    if names:
        return [Path(name) for name in names]
    for name in CONFIG_NAMES:
        if (source / name).is_file():
            return [source / name]
    return []


def load_config(
    source: Path,
    files: Sequence[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Defaults, then each config file in order, then command-line overrides (last wins)."""
    config = copy.deepcopy(dict(DEFAULTS))
    for path in config_files(source, files):
        config = deep_merge(config, read_config_file(path))
    config = deep_merge(config, dict(overrides or {}))
    if config.get("github_pages"):  # GitHub Pages mode: the github-pages gem's settings
        from .pages_mode import pages_config

        config = pages_config(config)
    config["source"] = str(source.resolve())
    # As in Jekyll, a relative destination is relative to the working directory, not the source.
    config["destination"] = str(Path(str(config.get("destination") or "_site")).resolve())
    config["exclude"] = list(config.get("exclude") or []) + list(DEFAULT_EXCLUDES)
    config["include"] = list(config.get("include") or [])
    if config.get("gems") and not config.get("plugins"):
        config["plugins"] = config["gems"]
    config["plugins"] = list(config.get("plugins") or [])
    if "SOURCE_DATE_EPOCH" in os.environ and "time" not in config:
        config["time"] = int(os.environ["SOURCE_DATE_EPOCH"])
    return config
