"""Which variants an image gets, their cache keys, cache paths and public names."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL

from ..config.images import ImageSettings
from .source import SourceImage

# Bumped when the encoder's behaviour changes in a way the other key parts do not capture.
_PIPELINE_VERSION = "1"
_EXT = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
_MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Variant:
    """One encoded file: a width in one format, cached under its key, published under its name."""

    key: str
    width: int
    height: int
    format: str
    quality: int
    cache_path: Path
    out_rel: str      # dest-relative path of the published copy


def ladder(width: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to make: the ladder's steps below the image, and the image's own width on top."""
    steps = [w for w in widths if w < width]
    # Never upscale; an image narrower than the top step is its own largest size.
    if width <= max(widths):
        steps.append(width)
    return steps


def mime(fmt: str) -> str:
    """The MIME type for a <source type=...>."""
    return _MIME[fmt]


def _hash(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def variant_key(digest: str, width: int, fmt: str, quality: int) -> str:
    """The cache key: the source bytes and every setting that changes the encoded bytes."""
    return _hash(digest, str(width), fmt, str(quality), PIL.__version__, _PIPELINE_VERSION)


def name_hash(digest: str, fmt: str, quality: int) -> str:
    """The 8-digit hash in published names: one per source and format, so a change renames every width."""
    return _hash(digest, fmt, str(quality), PIL.__version__, _PIPELINE_VERSION)[:8]


def _safe_stem(rel: str) -> str:
    stem = PurePosixPath(rel).stem
    # The name ends up in srcset, where spaces and commas are separators.
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "image"


def plan_variants(image: SourceImage, settings: ImageSettings, formats: tuple[str, ...]) -> list[Variant]:
    """Every variant of ``image``: each ladder width in each modern format and the original format.

    The original format at the original width is the original file itself, so it is not listed.
    """
    stem = _safe_stem(image.rel)
    variants: list[Variant] = []
    for fmt in _formats_for(image, formats):
        quality = settings.quality_for(fmt)
        tag = name_hash(image.digest, fmt, quality)
        for width in ladder(image.width, settings.widths):
            if fmt == image.format and width == image.width:
                continue
            height = max(1, round(image.height * width / image.width))
            key = variant_key(image.digest, width, fmt, quality)
            ext = _EXT[fmt]
            variants.append(Variant(
                key=key, width=width, height=height, format=fmt, quality=quality,
                cache_path=settings.cache / key[:2] / f"{key}.{ext}",
                out_rel=f"{settings.output}/{stem}-{tag}-{width}.{ext}",
            ))
    return variants


def _formats_for(image: SourceImage, formats: tuple[str, ...]) -> list[str]:
    """The modern formats, then the original's (skipped among the modern ones: the <img> covers it)."""
    return [fmt for fmt in formats if fmt != image.format] + [image.format]
