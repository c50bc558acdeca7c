"""Responsive images: AVIF/WebP variants at several widths and <picture> markup, made in parallel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cards import card_settings

if TYPE_CHECKING:
    from ..log import Logger
    from ..model import Site
    from .pipeline import BackgroundEncodes, ImagePipeline, ImageStats

__all__ = ["BackgroundEncodes", "ImagePipeline", "ImageStats", "start_images"]


def start_images(
    site: Site, log: Logger, jobs: int | None = None, strict: bool = False,
    background: BackgroundEncodes | None = None,
) -> ImagePipeline | None:
    """The pipeline when ``_config.yml`` asks for images or social cards, else None."""
    # Pillow and the encoder are imported only when a site uses them: most sites build
    # without, and the import is a noticeable part of a cold build's start.
    if site.settings.images is None and card_settings(site.settings, site.config) is None:
        return None
    from .pipeline import start_images as start

    return start(site, log, jobs, strict, background)


def __getattr__(name: str) -> Any:
    """``BackgroundEncodes``, ``ImagePipeline`` and ``ImageStats``, imported on first use (with Pillow)."""
    if name in ("BackgroundEncodes", "ImagePipeline", "ImageStats"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
