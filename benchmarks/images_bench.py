"""Benchmark the responsive-image pipeline on a generated site of PNG diagrams and JPEG photos.

Measures: cold build time, speed-up from one worker to all cores, warm rebuild time (no encodes),
the bytes a 400 px wide phone downloads per image (best variant vs the original), and peak memory.

    python benchmarks/images_bench.py            # 200 images, speed-up measured on 30 of them
    python benchmarks/images_bench.py --small    # a smoke run: 12 images
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from reblog.pipeline import BuildOptions, BuildResult, build
from reblog.images.pipeline import default_workers
from reblog.log import Logger

PHONE_WIDTH = 400
LAYOUT = "<!DOCTYPE html>\n<html><body>\n{{ content }}\n</body></html>\n"
IMAGES_CONFIG = "images:\n  widths: [480, 960, 1600]\n"


@dataclass
class Run:
    """One timed build."""

    seconds: float
    result: BuildResult


def _photo(rng: random.Random, width: int, height: int) -> Image.Image:
    """A smooth, photo-like picture: colour blobs drawn small and scaled up (cheap to make)."""
    small = Image.new("RGB", (max(8, width // 16), max(8, height // 16)), tuple(rng.choices(range(256), k=3)))
    draw = ImageDraw.Draw(small)
    for _ in range(40):
        x, y = rng.randrange(small.width), rng.randrange(small.height)
        r = rng.randrange(2, max(3, small.width // 4))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.choices(range(256), k=3)))
    image = small.resize((width, height), Image.Resampling.BICUBIC)
    # Some fine grain, as a camera has, so encoders cannot cheat on flat areas.
    grain = Image.effect_noise((width // 2, height // 2), 12).resize((width, height))
    return Image.blend(image, Image.merge("RGB", (grain, grain, grain)), 0.08)


def _diagram(rng: random.Random, width: int, height: int) -> Image.Image:
    """A flat diagram: boxes, arrows and labels on white, like the sample blog's figures."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width - 200), rng.randrange(height - 120)
        w, h = rng.randrange(120, 400), rng.randrange(60, 160)
        colour = tuple(rng.choices(range(120, 240), k=3))
        draw.rounded_rectangle((x, y, x + w, y + h), 12, fill=colour, outline="black", width=3)
        draw.text((x + 12, y + 12), f"service {rng.randrange(100)}", fill="black", font_size=28)
        draw.line((x + w, y + h // 2, rng.randrange(width), rng.randrange(height)), fill="black", width=3)
    return image


def make_site(root: Path, count: int, seed: int = 5) -> int:
    """Write a site with ``count`` images (half PNG, half JPEG, 800-4000 px) on posts of five; returns bytes."""
    rng = random.Random(seed)
    (root / "_layouts").mkdir(parents=True)
    (root / "_layouts/default.html").write_text(LAYOUT)
    (root / "_posts").mkdir()
    (root / "assets").mkdir()
    total = 0
    lines: list[str] = []
    for index in range(count):
        width = rng.randrange(800, 4001)
        height = int(width * rng.uniform(0.5, 0.8))
        if index % 2:
            name, data = f"photo-{index}.jpg", _encode(_photo(rng, width, height), "JPEG", quality=90)
        else:
            name, data = f"diagram-{index}.png", _encode(_diagram(rng, width, height), "PNG")
        (root / "assets" / name).write_bytes(data)
        total += len(data)
        lines.append(f"![Figure {index}](/assets/{name})\n")
        if len(lines) == 5 or index == count - 1:
            post = root / f"_posts/2024-01-{len(list((root / '_posts').iterdir())) % 28 + 1:02d}-p{index}.md"
            post.write_text("---\nlayout: default\ntitle: Post\n---\n" + "\n".join(lines))
            lines = []
    return total


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def configure(root: Path, images: bool) -> None:
    """Turn the pipeline on or off for the site."""
    (root / "_config.yml").write_text("timezone: UTC\n" + (IMAGES_CONFIG if images else ""))


def timed_build(root: Path, jobs: int | None = None) -> Run:
    """Build the site once and time it."""
    started = time.perf_counter()
    result = build(BuildOptions(source=root, destination=str(root.parent / "out"), jobs=jobs),
                   Logger(quiet=True))
    return Run(time.perf_counter() - started, result)


def cold_build(root: Path, jobs: int | None = None) -> Run:
    """Build with an empty cache."""
    shutil.rmtree(root / ".jekyll-cache", ignore_errors=True)
    return timed_build(root, jobs)


def phone_bytes(root: Path, out: Path) -> tuple[int, int]:
    """Bytes a 400 px phone fetches: the smallest AVIF/WebP variant at least 400 px wide, vs originals."""
    best_total = original_total = 0
    for original in sorted((root / "assets").iterdir()):
        original_total += original.stat().st_size
        candidates: list[tuple[int, int]] = []
        for ext in ("avif", "webp"):
            for variant in (out / "assets/resized").glob(f"{original.stem}-*.{ext}"):
                width = int(variant.stem.rsplit("-", 1)[1])
                if width >= PHONE_WIDTH:
                    candidates.append((width, variant.stat().st_size))
        # The browser takes the first <source> it supports (AVIF) at the smallest fitting width.
        best_total += min(candidates)[1] if candidates else original.stat().st_size
    return best_total, original_total


def _mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run (12 images)")
    parser.add_argument("--images", type=int, help="how many images (default 200)")
    parser.add_argument("--speedup-images", type=int, help="images in the 1-worker comparison (default 30)")
    args = parser.parse_args(argv)
    count = args.images or (12 if args.small else 200)
    subset = min(count, args.speedup_images or (6 if args.small else 30))
    cores = default_workers()
    with tempfile.TemporaryDirectory(prefix="reblog-images-bench-") as tmp:
        base = Path(tmp)
        started = time.perf_counter()
        source_bytes = make_site(base / "full/site", count)
        print(f"generated {count} images ({source_bytes / 2**20:.1f} MiB) in {time.perf_counter() - started:.1f} s;"
              f" {cores} cores")
        site = base / "full/site"
        configure(site, images=False)
        plain = timed_build(site)
        configure(site, images=True)
        cold = cold_build(site)
        warm = timed_build(site)
        best, original = phone_bytes(site, base / "full/out")
        make_site(base / "part/site", subset)
        configure(base / "part/site", images=True)
        one = cold_build(base / "part/site", jobs=1)
        many = cold_build(base / "part/site", jobs=cores)
        assert cold.result.images and warm.result.images and one.result.images and many.result.images
        print(f"build without images:     {plain.seconds:7.2f} s")
        print(f"cold build ({cores} workers):   {cold.seconds:7.2f} s  "
              f"({cold.result.images.encoded} variants encoded, {cold.seconds / count * 1000:.0f} ms/image)")
        print(f"warm rebuild:             {warm.seconds:7.2f} s  ({warm.result.images.encoded} encoded, "
              f"{warm.result.images.cached} from cache) = {warm.seconds / cold.seconds:.1%} of cold")
        print(f"speed-up on {subset} images:    {one.seconds:.2f} s with 1 worker -> {many.seconds:.2f} s with "
              f"{cores} = x{one.seconds / many.seconds:.2f}")
        print(f"400 px phone downloads:   {best / 2**20:.2f} MiB vs {original / 2**20:.2f} MiB originals "
              f"= {best / original:.1%} ({original / max(best, 1):.0f}x less)")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        workers = max(r.result.images.worker_peak_rss_kib for r in (cold, one, many))
        print(f"peak memory:              main {_mib(own)}, worker {_mib(workers)} "
              f"(reaped children {_mib(children)}); estimated total {_mib(own + cores * workers)}")
        if warm.result.images.encoded:
            print("unexpected: the warm rebuild encoded images", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
