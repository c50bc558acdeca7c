"""The encoder that runs in worker processes: plain arguments in, plain tuples out.

Kept free of reblog's other modules so a spawned worker imports only Pillow.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

from ..atomicfile import replace_atomically

# One job: (cache key, width, height, format, quality, cache path).
VariantJob = tuple[str, int, int, str, int, str]
# One answer per job: (cache key, error message or None).
VariantResult = tuple[str, str | None]

_PIL_FORMAT = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}
_ORIENTATION_TAG = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}


def orientation(image: Image.Image) -> int:
    """The EXIF orientation (1-8) from the file's header, without decoding pixels.

    PNG's ``getexif()`` decodes the whole image to look for a late eXIf chunk; the header's
    copy is what both the main process and the workers use, so their sizes always agree.
    """
    if image.format in ("JPEG", "MPO"):
        value = image.getexif().get(_ORIENTATION_TAG, 1)
    else:
        raw = image.info.get("exif")
        if not raw:
            return 1
        exif = Image.Exif()
        exif.load(raw)
        value = exif.get(_ORIENTATION_TAG, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def encode_image(source: str, jobs: list[VariantJob], threads: int) -> tuple[list[VariantResult], int]:
    """Decode ``source`` once and write every variant in ``jobs``; returns results and peak RSS (KiB)."""
    try:
        image = _load(source, jobs)
    except Exception as err:  # every decoder failure is the same to the build: keep the original
        message = _describe(err)
        return [(job[0], message) for job in jobs], _peak_rss_kib()
    results: list[VariantResult] = []
    resized: dict[tuple[int, int], Image.Image] = {image.size: image}
    # Largest first, each width resized from the one above it: far less work than from the full
    # decode every time, and a Lanczos step of two or less loses nothing visible.
    for job in sorted(jobs, key=lambda j: -j[1]):
        key, width, height, fmt, quality, target = job
        try:
            if (width, height) not in resized:
                above = min((im for size, im in resized.items() if size[0] > width), key=lambda im: im.width)
                resized[(width, height)] = above.resize(
                    (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0
                )
            _save_atomically(resized[(width, height)], Path(target), fmt, quality, threads)
            results.append((key, None))
        except Exception as err:
            results.append((key, _describe(err)))
    return results, _peak_rss_kib()


def _load(source: str, jobs: list[VariantJob]) -> Image.Image:
    with warnings.catch_warnings():
        # A decompression-bomb warning is an error here: such an image is not worth a worker's memory.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(source) as opened:
            turn = orientation(opened)
            _draft(opened, max(job[1] for job in jobs), turn)
            opened.load()
            icc = opened.info.get("icc_profile")
            image = opened.transpose(_TRANSPOSE[turn]) if turn in _TRANSPOSE else opened.copy()
    image = _normalized(image)
    if icc:
        image.info["icc_profile"] = icc
    return image


def _draft(image: Image.Image, widest: int, turn: int) -> None:
    """Let the JPEG decoder scale down by 2, 4 or 8 while still covering the widest variant."""
    if image.format not in ("JPEG", "MPO"):
        return
    w, h = image.size
    shown_w = h if turn in (5, 6, 7, 8) else w
    scale = widest / shown_w
    need = (max(1, round(w * scale)), max(1, round(h * scale)))
    image.draft(None, need)


def _normalized(image: Image.Image) -> Image.Image:
    """RGB or RGBA: the modes every target encoder accepts."""
    if image.mode in ("RGB", "RGBA"):
        return image
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if image.mode == "P" and has_alpha:
        return image.convert("RGBA")
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        # 16-bit and float greyscale: scale to 8 bits before the colour conversion clips them.
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    return image.convert("RGBA" if has_alpha else "RGB")


def _save_atomically(image: Image.Image, target: Path, fmt: str, quality: int, threads: int) -> None:
    options = _encoder_options(fmt, quality, threads, image)
    replace_atomically(target, lambda stream: image.save(stream, _PIL_FORMAT[fmt], **options))


def _encoder_options(fmt: str, quality: int, threads: int, image: Image.Image) -> dict[str, object]:
    options: dict[str, object] = {}
    icc = image.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc
    if fmt == "avif":
        # Parallelism comes from the worker processes; threads inside each would oversubscribe.
        options.update(quality=quality, speed=7, max_threads=threads)
    elif fmt == "webp":
        options.update(quality=quality, method=4)
    elif fmt == "jpeg":
        options.update(quality=quality, optimize=True, progressive=True)
    elif fmt == "png":
        options.update(compress_level=6)
    return options


def _describe(err: BaseException) -> str:
    if isinstance(err, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return f"too many pixels (decompression bomb guard): {err}"
    text = str(err) or type(err).__name__
    return f"{type(err).__name__}: {text}" if not isinstance(err, OSError) else text


def _peak_rss_kib() -> int:
    try:
        import resource
    except ImportError:  # Windows has no resource module
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
