"""A source image as the page sees it: its bytes' hash, shown size and format, read in the main process."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .worker import orientation

# Extensions the pipeline makes variants for; everything else (GIF, SVG, ...) passes through.
RASTER_EXTS = frozenset({".png", ".jpg", ".jpeg", ".webp"})
# Pillow's format names -> the pipeline's (MPO is how Pillow opens many camera JPEGs).
_FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg", "WEBP": "webp"}
_SWAPPING_ORIENTATIONS = frozenset({5, 6, 7, 8})


@dataclass(frozen=True)
class SourceImage:
    """A decodable-looking raster image: what markup and variant names need."""

    rel: str        # dest-relative path of the original ("assets/images/x.png")
    path: Path      # where its bytes are
    digest: str     # sha256 of the bytes, hex
    width: int      # as shown, after EXIF orientation
    height: int
    format: str     # png, jpeg or webp


@dataclass(frozen=True)
class Skipped:
    """An image the pipeline leaves alone on purpose (animated, an unsupported format)."""

    rel: str
    reason: str


@dataclass(frozen=True)
class Unusable:
    """An image that cannot be used: the reason names what went wrong."""

    rel: str
    reason: str


def read_source(path: Path) -> bytes:
    """The image's bytes (a seam for tests that simulate unreadable files)."""
    return path.read_bytes()


def inspect_source(rel: str, path: Path) -> SourceImage | Skipped | Unusable:
    """Hash the file and read its header; a full decode happens later, in a worker."""
    try:
        data = read_source(path)
    except OSError as err:
        return Unusable(rel, f"cannot be read ({err.strerror or err})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return _describe(rel, path, data, image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        return Unusable(rel, f"has too many pixels (decompression bomb guard: {err})")
    except UnidentifiedImageError:
        return Unusable(rel, "is not a readable image (corrupt or not an image)")
    except (OSError, ValueError, SyntaxError) as err:  # Pillow's header parsers raise all three
        return Unusable(rel, f"is corrupt ({err})")


def _describe(rel: str, path: Path, data: bytes, image: Image.Image) -> SourceImage | Skipped:
    fmt = _FORMATS.get(image.format or "")
    if fmt is None:
        return Skipped(rel, f"format {image.format} is passed through")
    if getattr(image, "n_frames", 1) > 1 and fmt != "jpeg":
        return Skipped(rel, "animated images are passed through")
    width, height = image.size
    if orientation(image) in _SWAPPING_ORIENTATIONS:
        width, height = height, width
    return SourceImage(rel, path, hashlib.sha256(data).hexdigest(), width, height, fmt)
