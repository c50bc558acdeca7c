"""Site configuration: Jekyll 4.3's defaults, ``_config.yml`` files merged in order, then flags."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ReblogError
from ..yamlio import load_yaml
from .defaults import CONFIG_NAMES, DEFAULT_EXCLUDES, DEFAULTS, deep_merge
from .pages_mode import pages_config
from .parse import source_date_epoch
from .validate import validate_config

__all__ = [
    "CONFIG_NAMES", "DEFAULTS", "DEFAULT_EXCLUDES", "config_files", "deep_merge", "load_config",
    "read_config_file",
]


def read_config_file(path: Path) -> dict[str, Any]:
    """Read one YAML config file; an empty file is an empty mapping."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise ReblogError("configuration file not found", str(path)) from err
    except IsADirectoryError as err:
        raise ReblogError("is a folder, not a configuration file", str(path)) from err
    except UnicodeDecodeError as err:
        raise ReblogError("configuration file is not valid UTF-8", str(path)) from err
    except OSError as err:
        raise ReblogError(f"cannot read configuration file: {err.strerror or err}", str(path)) from err
    data = load_yaml(text, str(path))
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ReblogError("configuration must be a mapping of keys to values", str(path), 1)
    validate_config(data, str(path), text)
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
    if config.get("github_pages") and config.get("gems") and not config.get("plugins"):
        # GitHub Pages runs Jekyll 3, which still reads the old name `gems:` as `plugins:`;
        # Jekyll 4 does not (Site#gems is `plugins`).
        config["plugins"] = config["gems"]
    if config.get("github_pages"):  # GitHub Pages mode: the github-pages gem's settings
        config = pages_config(config)
    if str(config.get("source") or ".") != "." and source == Path("."):
        # `source:` in a config file names the site's folder, relative to the working directory
        # as in Jekyll; `-s DIR` on the command line wins over it.
        source = Path(str(config["source"])).expanduser()
        if not source.is_dir():
            raise ReblogError(f"source folder {config['source']} (`source:`) does not exist", "_config.yml")
    config["source"] = str(source.resolve())
    # As in Jekyll, a relative destination is relative to the working directory, not the source.
    config["destination"] = str(Path(str(config.get("destination") or "_site")).resolve())
    config["exclude"] = list(config.get("exclude") or []) + list(DEFAULT_EXCLUDES)
    config["include"] = list(config.get("include") or [])
    config["plugins"] = list(config.get("plugins") or [])
    epoch = source_date_epoch()
    if epoch is not None and "time" not in config:
        config["time"] = epoch  # part of the build cache's key, as a pinned `time:` is
    return config
