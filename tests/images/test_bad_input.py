"""Images that cannot be used: a warning naming image and page, the plain <img> kept, the build going on."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from images_helpers import build_at, image_bytes, page, tree, write_site
from PIL import Image

import reblog.pipeline
import reblog.images.source
import reblog.images.worker
from reblog.errors import ReblogError

GOOD = '<img src="/assets/good.png" alt="good">'


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, with almost no data behind it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def _truncated(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((300, 200), 80).convert("RGB").save(out, fmt)
    data = out.getvalue()
    return data[: len(data) // 2]


BAD = {
    "corrupt.png": (b"this is not a PNG at all", "not a readable image"),
    # A cut file has a good header: only the worker's full decode finds the missing data.
    "truncated.png": (_truncated("PNG"), "could not be encoded: image file is truncated"),
    "truncated.jpg": (_truncated("JPEG"), "could not be encoded: image file is truncated"),
    "bomb.png": (_png_claiming(20000, 20000), "too many pixels"),
    "bomb-warning.png": (_png_claiming(10000, 10000), "too many pixels"),
}


def _bad_site(tmp_path: Path, name: str, data: bytes | None) -> tuple[Path, str]:
    src = tmp_path / "src"
    bad = f'<img src="/assets/{name}" alt="bad">'
    files: dict[str, str | bytes] = {
        "_posts/2024-01-02-post.html": page(f"{GOOD}\n{bad}\n"),
        "assets/good.png": image_bytes(300, 200),
    }
    if data is not None:
        files[f"assets/{name}"] = data
    write_site(src, files)
    return src, bad


def _check_kept(tmp_path: Path, bad: str, warnings: list[str], name: str, reason: str) -> None:
    html = (tmp_path / "out/2024/01/02/post.html").read_text()
    assert bad in html                                   # the plain original <img>, untouched
    assert html.count("<picture>") == 1                  # the good image on the page still gets one
    assert len(warnings) == 1, warnings
    assert f"/assets/{name}" in warnings[0] and "_posts/2024-01-02-post.html" in warnings[0]
    assert reason in warnings[0]


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_image_warns_and_keeps_the_original(tmp_path: Path, name: str) -> None:
    data, reason = BAD[name]
    src, bad = _bad_site(tmp_path, name, data)
    result, log = build_at(src, tmp_path / "out")
    _check_kept(tmp_path, bad, log.warnings, name, reason)
    assert result.images is not None and result.images.problems == 1
    # The original bytes are still published as a static file.
    assert (tmp_path / f"out/assets/{name}").read_bytes() == data


def test_missing_image_warns(tmp_path: Path) -> None:
    src, bad = _bad_site(tmp_path, "missing.png", None)
    _, log = build_at(src, tmp_path / "out")
    _check_kept(tmp_path, bad, log.warnings, "missing.png", "referenced but missing")


def test_unreadable_image_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, bad = _bad_site(tmp_path, "locked.png", image_bytes(300, 200))
    real = reblog.images.source.read_source

    def read(path: Path) -> bytes:
        if path.name == "locked.png":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    # Tests often run as root, where chmod 000 does not stop a read; simulate the refusal instead.
    monkeypatch.setattr(reblog.images.source, "read_source", read)
    _, log = build_at(src, tmp_path / "out")
    _check_kept(tmp_path, bad, log.warnings, "locked.png", "cannot be read (Permission denied)")


@pytest.mark.parametrize("name", ["corrupt.png", "truncated.jpg", "bomb.png", "missing.png"])
def test_strict_turns_problems_into_errors(tmp_path: Path, name: str) -> None:
    src, _ = _bad_site(tmp_path, name, BAD[name][0] if name in BAD else None)
    with pytest.raises(ReblogError) as err:
        build_at(src, tmp_path / "out", strict=True)
    assert err.value.file == "_posts/2024-01-02-post.html"
    assert f"/assets/{name}" in err.value.message
    assert not (tmp_path / "out").exists()               # a failed build writes nothing


def test_strict_cli_exits_1_naming_page_and_image(tmp_path: Path) -> None:
    src, _ = _bad_site(tmp_path, "missing.png", None)
    run = subprocess.run([sys.executable, "-m", "reblog", "build", "--strict", "-q", "-j", "1"],
                         cwd=src, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1
    # The line is the one in the post that shows the image (front matter is lines 1-4).
    assert "Error: _posts/2024-01-02-post.html:6: image '/assets/missing.png' is referenced but missing" in run.stderr


def test_cli_without_strict_warns_and_succeeds(tmp_path: Path) -> None:
    src, _ = _bad_site(tmp_path, "corrupt.png", BAD["corrupt.png"][0])
    run = subprocess.run([sys.executable, "-m", "reblog", "build", "-q", "--jobs", "2"],
                         cwd=src, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "Warning: image '/assets/corrupt.png'" in run.stderr
    assert (src / "_site/2024/01/02/post.html").exists()


def test_worker_crash_keeps_originals_and_does_not_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import crashing_worker

    src, _ = _bad_site(tmp_path, "other.png", image_bytes(200, 100))
    monkeypatch.setattr(reblog.images.worker, "encode_image", crashing_worker.crash)
    result, log = build_at(src, tmp_path / "out", jobs=2)
    html = (tmp_path / "out/2024/01/02/post.html").read_text()
    assert "<picture>" not in html and GOOD in html
    assert len(log.warnings) == 2 and all("encoder process crashed" in w for w in log.warnings)
    assert result.images is not None and result.images.problems == 2
    assert not (tmp_path / "out/assets/resized").exists()


def test_no_images_key_is_a_no_op(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    write_site(src, {"index.md": page(f"{GOOD}\n![x](/assets/good.png)\n"),
                     "assets/good.png": image_bytes(300, 200)}, "timezone: UTC\n")
    result, log = build_at(src, tmp_path / "with")
    assert result.images is None and not log.warnings
    monkeypatch.setattr(reblog.pipeline, "start_images", lambda *a, **k: None)
    build_at(src, tmp_path / "without")
    assert tree(tmp_path / "with") == tree(tmp_path / "without")
    assert not (src / ".jekyll-cache" / "reblog" / "images").exists()  # (the build cache is beside it)
    assert "<picture>" not in (tmp_path / "with/index.html").read_text()


def test_cache_folder_is_written_atomically(tmp_path: Path) -> None:
    src, _ = _bad_site(tmp_path, "other.png", image_bytes(200, 100))
    build_at(src, tmp_path / "out")
    leftovers = [p for p in (src / ".cache/images").rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers
    assert all(p.stat().st_size > 0 for p in (src / ".cache/images").rglob("*") if p.is_file())
