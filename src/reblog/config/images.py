"""reblog's ``images:`` section of ``_config.yml``: responsive image variants, checked and frozen."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from ..sourcepaths import in_source_dir
from .errors import ConfigValueError

MODERN_FORMATS = ("avif", "webp")
# Pillow's defaults are tuned for photos at full size; these suit downscaled web variants.
DEFAULT_QUALITY: Mapping[str, int] = {"avif": 55, "webp": 78, "jpeg": 82, "png": 100}
DEFAULT_WIDTHS = (480, 960, 1600)
DEFAULT_SIZES = "(max-width: 800px) 100vw, 800px"
DEFAULT_OUTPUT = "assets/resized"
# Under the site's ``cache_dir`` (``.jekyll-cache``), beside Jekyll::Cache's folder.
DEFAULT_CACHE = "reblog/images"
T = TypeVar("T")
_KEYS = {"enabled", "widths", "formats", "quality", "sizes", "output", "workers", "cache"}


@dataclass(frozen=True)
class ImageSettings:
    """What the responsive-image pipeline makes and where it keeps it."""

    widths: tuple[int, ...] = DEFAULT_WIDTHS
    formats: tuple[str, ...] = MODERN_FORMATS
    quality: tuple[tuple[str, int], ...] = tuple(DEFAULT_QUALITY.items())
    sizes: str = DEFAULT_SIZES
    output: str = DEFAULT_OUTPUT
    workers: int | None = None
    cache: Path = Path(DEFAULT_CACHE)

    def quality_for(self, fmt: str) -> int:
        """The encoder quality for a format (avif, webp, jpeg, png)."""
        return dict(self.quality).get(fmt, DEFAULT_QUALITY.get(fmt, 80))


def _error(message: str, key: str | None = None) -> ConfigValueError:
    return ConfigValueError(f"images: {message}", key=("images",) + ((key,) if key else ()))


def image_settings(config: Mapping[str, Any], source: Path, cache_dir: str = ".jekyll-cache") -> ImageSettings | None:
    """The settings, or None when the site has no ``images:`` section of reblog's (no key, a
    value of the site's own, or ``enabled: false``)."""
    if "images" not in config:
        return None
    raw = config["images"]
    if raw is None or raw is True:
        raw = {}
    if raw is False:
        return None
    if not isinstance(raw, Mapping) or (raw and not set(map(str, raw)) & _KEYS):
        # The site's own `images:` (a theme's folder setting such as `images: assets/images`,
        # or a mapping of its own keys): Jekyll builds with it, so it is not reblog's section.
        return None
    unknown = sorted(set(map(str, raw)) - _KEYS)
    if unknown:
        raise _error(f"unknown setting(s): {', '.join(unknown)}", unknown[0])
    if raw.get("enabled", True) is False:
        return None
    return ImageSettings(
        widths=_at("widths", _widths, raw.get("widths", DEFAULT_WIDTHS)),
        formats=_at("formats", _formats, raw.get("formats", MODERN_FORMATS)),
        quality=_at("quality", _quality, raw.get("quality")),
        sizes=_at("sizes", _text, raw.get("sizes", DEFAULT_SIZES), "sizes"),
        output=_at("output", _output, raw.get("output", DEFAULT_OUTPUT)),
        workers=_at("workers", _workers, raw.get("workers")),
        cache=_at("cache", _cache, raw.get("cache"), source, in_source_dir(source, cache_dir, DEFAULT_CACHE)),
    )


def _at(key: str, parse: Callable[..., T], *args: Any) -> T:
    """``parse(*args)``, its error located at ``images.<key>`` (for the line number)."""
    try:
        return parse(*args)
    except ConfigValueError as err:
        err.key = ("images", key)
        raise


def _positive_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _error(f"{what} must be a positive whole number, not {value!r}")
    return value


def _widths(value: Any) -> tuple[int, ...]:
    if not isinstance(value, (list, tuple)) or not value:
        raise _error("widths must be a non-empty list of pixel widths")
    return tuple(sorted({_positive_int(w, "each width") for w in value}))


def _formats(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise _error("formats must be a list (avif, webp)")
    formats: list[str] = []
    for item in value:
        name = str(item).lower()
        if name not in MODERN_FORMATS:
            raise _error(f"unknown format {item!r}; choose from {', '.join(MODERN_FORMATS)}")
        if name not in formats:
            formats.append(name)
    return tuple(formats)


def _quality(value: Any) -> tuple[tuple[str, int], ...]:
    merged = dict(DEFAULT_QUALITY)
    if isinstance(value, int) and not isinstance(value, bool):
        # One number sets every lossy format; PNG stays lossless.
        merged.update({fmt: value for fmt in ("avif", "webp", "jpeg")})
    elif isinstance(value, Mapping):
        for fmt, q in value.items():
            name = "jpeg" if str(fmt).lower() == "jpg" else str(fmt).lower()
            if name not in DEFAULT_QUALITY:
                raise _error(f"quality for unknown format {fmt!r}")
            merged[name] = q
    elif value is not None:
        raise _error("quality must be a number or a mapping of format: number")
    for fmt, q in merged.items():
        if _positive_int(q, f"quality for {fmt}") > 100:
            raise _error(f"quality for {fmt} must be 1 to 100, not {q}")
    return tuple(sorted(merged.items()))


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _error(f"{what} must be a non-empty string")
    return value.strip()


def _output(value: Any) -> str:
    folder = PurePosixPath(_text(value, "output").strip("/"))
    if not folder.parts or ".." in folder.parts:
        raise _error(f"output must be a folder inside the site, not {value!r}")
    return folder.as_posix()


def _workers(value: Any) -> int | None:
    return None if value is None else _positive_int(value, "workers")


def _cache(value: Any, source: Path, default: Path) -> Path:
    """``images.cache`` (relative to the source), else ``<cache_dir>/reblog/images``."""
    if value is None:
        return default
    path = Path(os.path.expanduser(_text(value, "cache")))
    return path if path.is_absolute() else source / path
