"""Responsive images: AVIF/WebP variants at several widths and <picture> markup, made in parallel."""

from __future__ import annotations

from .pipeline import BackgroundEncodes, ImagePipeline, ImageStats, start_images

__all__ = ["BackgroundEncodes", "ImagePipeline", "ImageStats", "start_images"]
