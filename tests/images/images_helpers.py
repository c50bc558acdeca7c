"""Helpers for the image pipeline tests: small generated images and a site built with a captured log."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from PIL import Image

from reblog.pipeline import BuildOptions, BuildResult, build
from reblog.log import Logger

LAYOUT = "<!DOCTYPE html>\n<html><body>\n{{ content }}\n</body></html>\n"
CONFIG = "timezone: UTC\nimages:\n  widths: [100, 200, 400]\n  cache: .cache/images\n"


def image_bytes(width: int, height: int, fmt: str = "PNG", mode: str = "RGB",
                exif_orientation: int | None = None) -> bytes:
    """A small gradient image (gradients keep encoders honest about size) in ``fmt``."""
    image = Image.linear_gradient("L").resize((width, height)).convert(mode)
    out = io.BytesIO()
    options: dict[str, object] = {}
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        options["exif"] = exif.tobytes()
    image.save(out, fmt, **options)
    return out.getvalue()


def gif_bytes(width: int = 50, height: int = 40) -> bytes:
    """A tiny GIF."""
    out = io.BytesIO()
    Image.new("P", (width, height)).save(out, "GIF")
    return out.getvalue()


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'


def write_site(root: Path, files: Mapping[str, str | bytes], config: str = CONFIG) -> None:
    """Write a site: the default layout, the config and ``files``."""
    every: dict[str, str | bytes] = {"_config.yml": config, "_layouts/default.html": LAYOUT}
    every.update(files)
    for rel, content in every.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def build_at(src: Path, out: Path, **options: object) -> tuple[BuildResult, Logger]:
    """Build ``src`` into ``out``; the logger keeps the warnings."""
    log = Logger(quiet=True, stream=io.StringIO())
    opts = BuildOptions(source=src, destination=str(out), **options)  # type: ignore[arg-type]
    return build(opts, log), log


def page(body: str, title: str = "Page") -> str:
    """A Markdown page with the default layout."""
    return f"---\nlayout: default\ntitle: {title}\n---\n{body}\n"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
